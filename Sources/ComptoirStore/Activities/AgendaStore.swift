import ComptoirCore
import FluentKit
import Foundation
import SQLKit

/// An interaction as the agenda reads it (a single one, the first row of a series, or an edited occurrence).
public struct AgendaRow: Sendable, Hashable {
    public var id: UUID
    public var subject: String
    public var type: String
    public var startsAt: Date?
    public var endsAt: Date?
    public var allDay: Bool
    public var done: Bool
    public var location: String?
    public var rrule: String?
    public var exdates: String?
    public var seriesID: UUID?
    public var originalStart: Date?
    /// Read for the first rows of series only (the ICS feed writes them).
    public var description: String?
    public var updatedAt: Date?
}

/// Whose agenda: owners or participants among `users`, bookings of `resources`, seen by `viewer`.
public struct AgendaFilter: Sendable, Hashable {
    public var users: [UUID]
    public var resources: [UUID]
    public var viewer: ProjectViewer

    public init(users: [UUID] = [], resources: [UUID] = [], viewer: ProjectViewer) {
        self.users = users
        self.resources = resources
        self.viewer = viewer
    }
}

/// The agenda's rows over a range, unexpanded.
public struct AgendaRows: Sendable {
    /// Single interactions overlapping the range.
    public var singles: [AgendaRow]
    /// First rows of the series that may have occurrences in the range.
    public var masters: [AgendaRow]
    /// The separately edited occurrences of those series (wherever they moved), by series.
    public var edited: [UUID: [AgendaRow]]
}

/// The agenda's SQL, bounded in time by the columns `AgendaBounds` keeps.
public enum AgendaStore {
    public static func rows(from: Date, to: Date, _ filter: AgendaFilter, on db: any Database) async throws -> AgendaRows {
        let sql = try TableStore.sqlDatabase(db)
        var condition: SQLQueryString = ""
        if filter.viewer != .everything {
            condition.appendInterpolation(SQLQueryString(" AND \(ProjectAccess.visible("i.project_id", filter.viewer))"))
        }
        if !filter.users.isEmpty {
            // EXISTS rather than IN (…): the time range then drives the plan (one probe of the participants' unique index per row).
            let binds: [any Encodable & Sendable] = filter.users
            condition.appendInterpolation(
                SQLQueryString(
                    """
                     AND (i.owner_id IN (\(binds: binds)) OR EXISTS (SELECT 1 FROM interaction_participants p WHERE p.interaction_id = i.id AND p.user_id IN (\(binds: binds))))
                    """))
        }
        if !filter.resources.isEmpty {
            let binds: [any Encodable & Sendable] = filter.resources
            condition.appendInterpolation(
                SQLQueryString(
                    """
                     AND EXISTS (SELECT 1 FROM interaction_resources r WHERE r.interaction_id = i.id AND r.resource_id IN (\(binds: binds)))
                    """))
        }
        let columns =
            "i.id, i.subject, i.starts_at, i.ends_at, i.all_day, i.done, i.location, i.rrule, i.exdates, i.series_id, i.original_start, t.name AS type"
        // Single interactions overlapping the range. Those of at most `AgendaBounds.longSpan` (nearly all) start at
        // most that long before the range: a bounded scan of interactions_agenda_single_idx. The others are few and
        // read by their end (interactions_agenda_long_idx). The conditions repeat the partial indexes' own.
        let lower = from.addingTimeInterval(-AgendaBounds.longSpan)
        let singles = try await sql.raw(
            """
            SELECT \(unsafeRaw: columns) FROM interactions i JOIN interaction_types t ON t.id = i.type_id
            WHERE i.rrule IS NULL AND i.series_id IS NULL AND i.short_span = true AND i.archived = \(bind: false)
            AND i.starts_at >= \(bind: lower) AND i.starts_at < \(bind: to) AND i.ends_at > \(bind: from)\(condition)
            UNION ALL
            SELECT \(unsafeRaw: columns) FROM interactions i JOIN interaction_types t ON t.id = i.type_id
            WHERE i.rrule IS NULL AND i.series_id IS NULL AND i.short_span = false AND i.archived = \(bind: false)
            AND i.ends_at > \(bind: from) AND i.starts_at < \(bind: to)\(condition)
            """
        ).all().map { try decode($0, .single) }
        // Series started before the end of the range and not finished before its start, with their edited occurrences.
        let masters = try await sql.raw(
            """
            SELECT \(unsafeRaw: columns), i.description, i.updated_at FROM interactions i JOIN interaction_types t ON t.id = i.type_id
            WHERE i.rrule IS NOT NULL AND i.series_id IS NULL AND i.archived = \(bind: false) AND i.starts_at < \(bind: to)
            AND (i.series_last_end IS NULL OR i.series_last_end >= \(bind: from))\(condition)
            """
        ).all().map { try decode($0, .master) }
        guard !masters.isEmpty else { return AgendaRows(singles: singles, masters: [], edited: [:]) }
        var edited: [UUID: [AgendaRow]] = [:]
        // Chunked under SQLite's bind limit (a feed may cover thousands of series).
        for chunk in masters.map(\.id).chunked(5_000) {
            let binds: [any Encodable & Sendable] = chunk
            for row in try await sql.raw(
                """
                SELECT \(unsafeRaw: columns) FROM interactions i JOIN interaction_types t ON t.id = i.type_id
                WHERE i.series_id IN (\(binds: binds)) AND i.archived = \(bind: false)
                """
            ).all() {
                let occurrence = try decode(row, .edited)
                if let series = occurrence.seriesID { edited[series, default: []].append(occurrence) }
            }
        }
        return AgendaRows(singles: singles, masters: masters, edited: edited)
    }

    private enum Kind { case single, master, edited }

    /// A single interaction has no rule, series or original start (the query says so): those columns are not read.
    private static func decode(_ row: any SQLRow, _ kind: Kind) throws -> AgendaRow {
        let single = kind == .single, master = kind == .master
        return AgendaRow(
            id: try row.decode(column: "id", as: UUID.self), subject: try row.decode(column: "subject", as: String.self),
            type: try row.decode(column: "type", as: String.self), startsAt: try row.decode(column: "starts_at", as: Date?.self),
            endsAt: try row.decode(column: "ends_at", as: Date?.self), allDay: try row.decode(column: "all_day", as: Bool.self),
            done: try row.decode(column: "done", as: Bool.self), location: try row.decode(column: "location", as: String?.self),
            rrule: single ? nil : try row.decode(column: "rrule", as: String?.self),
            exdates: single ? nil : try row.decode(column: "exdates", as: String?.self),
            seriesID: single ? nil : try row.decode(column: "series_id", as: UUID?.self),
            originalStart: single ? nil : try row.decode(column: "original_start", as: Date?.self),
            description: master ? try row.decode(column: "description", as: String?.self) : nil,
            updatedAt: master ? try row.decode(column: "updated_at", as: Date?.self) : nil)
    }
}
