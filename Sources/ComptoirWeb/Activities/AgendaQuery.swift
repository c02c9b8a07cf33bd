import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import SQLKit
import Vapor

/// One thing to show in the agenda: an interaction, or one occurrence of a recurring one.
struct AgendaItem: Sendable, Hashable {
    /// The row to open: the interaction, the series, or the separately edited occurrence.
    var interactionID: UUID
    var seriesID: UUID?
    var subject: String
    var type: String
    var start: Date
    var end: Date
    var allDay: Bool
    var done: Bool
    var location: String
    /// For an occurrence of a series: its start as the rule produced it.
    var originalStart: Date?
}

/// Reads the agenda over a time range, expanding recurring series without materialising them.
enum AgendaQuery {
    struct Scope: Sendable {
        var users: [UUID] = []
        var resources: [UUID] = []
        /// Whose eyes: interactions of private projects they are not a member of are left out (nil: an administrator).
        var viewer: UUID?
    }

    static func items(from: Date, to: Date, scope: Scope, on db: any Database) async throws -> [AgendaItem] {
        let rows = try await rows(from: from, to: to, scope: scope, on: db)
        var items = try rows.singles.map { try item($0, start: nil, end: nil, original: nil) }
        for series in rows.series {
            for occurrence in series.rule.occurrences(from: from, to: to, limit: 5_000) {
                var entry = try item(series.master, start: occurrence.start, end: occurrence.end, original: occurrence.originalStart)
                entry.seriesID = series.id
                items.append(entry)
            }
            for row in series.edited {
                let start = try row.decode(column: "starts_at", as: Date?.self) ?? .distantPast
                let end = try row.decode(column: "ends_at", as: Date?.self) ?? start
                guard start < to, end > from else { continue }
                var entry = try item(row, start: nil, end: nil, original: try row.decode(column: "original_start", as: Date?.self))
                entry.seriesID = series.id
                items.append(entry)
            }
        }
        return items.sorted { ($0.start, $0.subject) < ($1.start, $1.subject) }
    }

    /// A series that may have occurrences in the range: its first row, its rule (edited occurrences left out)
    /// and its separately edited occurrences (wherever they moved).
    struct SeriesRows {
        var id: UUID
        var master: any SQLRow
        var rule: RecurrenceSeries
        var edited: [any SQLRow]
    }

    /// The rows behind `items`, unexpanded: single interactions overlapping the range, and the series that may
    /// have occurrences in it (the ICS feed writes those as RRULE + EXDATE without expanding them).
    static func rows(from: Date, to: Date, scope: Scope, on db: any Database) async throws -> (singles: [any SQLRow], series: [SeriesRows]) {
        let sql = try TableStore.sqlDatabase(db)
        var filter: SQLQueryString = ""
        if let viewer = scope.viewer { filter.appendInterpolation(SQLQueryString(" AND \(ProjectAccess.visible("i.project_id", user: viewer))")) }
        if !scope.users.isEmpty {
            // EXISTS rather than IN (…): the time range then drives the plan (one probe of the participants' unique index per row).
            let binds: [any Encodable & Sendable] = scope.users
            filter.appendInterpolation(SQLQueryString("""
                 AND (i.owner_id IN (\(binds: binds)) OR EXISTS (SELECT 1 FROM interaction_participants p WHERE p.interaction_id = i.id AND p.user_id IN (\(binds: binds))))
                """))
        }
        if !scope.resources.isEmpty {
            let binds: [any Encodable & Sendable] = scope.resources
            filter.appendInterpolation(SQLQueryString("""
                 AND EXISTS (SELECT 1 FROM interaction_resources r WHERE r.interaction_id = i.id AND r.resource_id IN (\(binds: binds)))
                """))
        }
        let columns = "i.id, i.subject, i.starts_at, i.ends_at, i.all_day, i.done, i.location, i.rrule, i.exdates, i.series_id, i.original_start, t.name AS type"
        // Single interactions overlapping the range. Those of at most `AgendaBounds.longSpan` (nearly all) start at
        // most that long before the range: a bounded scan of interactions_agenda_single_idx. The others are few and
        // read by their end (interactions_agenda_long_idx). The conditions repeat the partial indexes' own.
        let lower = from.addingTimeInterval(-AgendaBounds.longSpan)
        let singles = try await sql.raw("""
            SELECT \(unsafeRaw: columns) FROM interactions i JOIN interaction_types t ON t.id = i.type_id
            WHERE i.rrule IS NULL AND i.series_id IS NULL AND i.short_span = true AND i.archived = \(bind: false)
            AND i.starts_at >= \(bind: lower) AND i.starts_at < \(bind: to) AND i.ends_at > \(bind: from)\(filter)
            UNION ALL
            SELECT \(unsafeRaw: columns) FROM interactions i JOIN interaction_types t ON t.id = i.type_id
            WHERE i.rrule IS NULL AND i.series_id IS NULL AND i.short_span = false AND i.archived = \(bind: false)
            AND i.ends_at > \(bind: from) AND i.starts_at < \(bind: to)\(filter)
            """).all()
        // Series started before the end of the range and not finished before its start, with their edited occurrences.
        let masters = try await sql.raw("""
            SELECT \(unsafeRaw: columns), i.description, i.updated_at FROM interactions i JOIN interaction_types t ON t.id = i.type_id
            WHERE i.rrule IS NOT NULL AND i.series_id IS NULL AND i.archived = \(bind: false) AND i.starts_at < \(bind: to)
            AND (i.series_last_end IS NULL OR i.series_last_end >= \(bind: from))\(filter)
            """).all()
        guard !masters.isEmpty else { return (singles, []) }
        var overridesBySeries: [UUID: [any SQLRow]] = [:]
        let masterIDs: [UUID] = try masters.map { try $0.decode(column: "id", as: UUID.self) }
        // Chunked under SQLite's bind limit (a feed may cover thousands of series).
        for chunk in masterIDs.chunked(5_000) {
            let binds: [any Encodable & Sendable] = chunk
            for row in try await sql.raw("""
                SELECT \(unsafeRaw: columns) FROM interactions i JOIN interaction_types t ON t.id = i.type_id
                WHERE i.series_id IN (\(binds: binds)) AND i.archived = \(bind: false)
                """).all() {
                if let series = try row.decode(column: "series_id", as: UUID?.self) { overridesBySeries[series, default: []].append(row) }
            }
        }
        var series: [SeriesRows] = []
        for (id, master) in zip(masterIDs, masters) {
            let edited = overridesBySeries[id] ?? []
            let originals = Set(try edited.compactMap { try $0.decode(column: "original_start", as: Date?.self) })
            guard let rule = InteractionOccurrences.series(try tableRow(master), overridden: originals) else { continue }
            series.append(SeriesRows(id: id, master: master, rule: rule, edited: edited))
        }
        return (singles, series)
    }

    static func item(_ row: any SQLRow, start: Date?, end: Date?, original: Date?) throws -> AgendaItem {
        let rowStart = try row.decode(column: "starts_at", as: Date?.self) ?? .distantPast
        return AgendaItem(
            interactionID: try row.decode(column: "id", as: UUID.self), seriesID: try row.decode(column: "series_id", as: UUID?.self),
            subject: try row.decode(column: "subject", as: String.self), type: try row.decode(column: "type", as: String.self),
            start: start ?? rowStart, end: try end ?? (row.decode(column: "ends_at", as: Date?.self) ?? rowStart),
            allDay: try row.decode(column: "all_day", as: Bool.self), done: try row.decode(column: "done", as: Bool.self),
            location: try row.decode(column: "location", as: String?.self) ?? "", originalStart: original)
    }

    private static func tableRow(_ row: any SQLRow) throws -> TableRow {
        TableRow(id: try row.decode(column: "id", as: UUID.self), values: [
            "starts_at": try row.decode(column: "starts_at", as: Date?.self).map { .date($0) } ?? .null,
            "ends_at": try row.decode(column: "ends_at", as: Date?.self).map { .date($0) } ?? .null,
            "rrule": try row.decode(column: "rrule", as: String?.self).map { .text($0) } ?? .null,
            "exdates": try row.decode(column: "exdates", as: String?.self).map { .text($0) } ?? .null,
        ])
    }
}
