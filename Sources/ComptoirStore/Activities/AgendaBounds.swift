import ComptoirCore
import FluentKit
import Foundation
import SQLKit

/// What lets the agenda bound its reads in time, kept on each interaction row (migration `AddAgendaIndexes`):
///
/// - `short_span`: the interaction lasts at most `longSpan`, so a read for [from, to) finds it with
///   `starts_at >= from - longSpan`. Rows not known short (false, the default) are read without that lower bound:
///   a writer that forgets `refresh` costs time, never a missing entry.
/// - `series_last_end`, on the first row of a series: when its last occurrence or its last edited occurrence
///   ends, NULL while unbounded (or not computed yet), so finished series are skipped.
public enum AgendaBounds {
    /// Longest interaction found through the time-bounded read (multi-day all-day items up to a week).
    public static let longSpan: TimeInterval = 7 * 86_400

    /// Recomputes the bounds (and the list's date) of these interactions and of the series they belong to. Call inside the
    /// write.
    public static func refresh(_ ids: [UUID], on db: any Database) async throws {
        let sql = try TableStore.sqlDatabase(db)
        var masters: [UUID] = []
        for id in ids {
            guard
                let row = try await sql.raw(
                    "SELECT starts_at, ends_at, rrule, series_id, due_date, created_at FROM interactions WHERE id = \(bind: id)"
                ).first()
            else { continue }
            let start = try row.decode(column: "starts_at", as: Date?.self)
            let end = try row.decode(column: "ends_at", as: Date?.self)
            // The list's date (`InteractionListDate`) rides along: every writer of an interaction calls this.
            let listDate = InteractionListDate.value(
                start: start, due: try row.decode(column: "due_date", as: String?.self),
                created: try row.decode(column: "created_at", as: Date.self))
            try await sql.raw(
                "UPDATE interactions SET short_span = \(bind: isShort(start, end)), occurs_at = \(bind: listDate) WHERE id = \(bind: id)"
            ).run()
            if let series = try row.decode(column: "series_id", as: UUID?.self) {
                masters.append(series)
            } else if try row.decode(column: "rrule", as: String?.self) != nil {
                masters.append(id)
            }
        }
        for master in Set(masters) {
            guard
                let row = try await sql.raw(
                    """
                    SELECT starts_at, ends_at, rrule FROM interactions WHERE id = \(bind: master) AND series_id IS NULL
                    """
                ).first()
            else { continue }
            let edited = try await sql.raw("SELECT MAX(ends_at) AS last FROM interactions WHERE series_id = \(bind: master)").first()
            let last = lastEnd(
                start: try row.decode(column: "starts_at", as: Date?.self), end: try row.decode(column: "ends_at", as: Date?.self),
                rrule: try row.decode(column: "rrule", as: String?.self), editedEnd: try edited?.decode(column: "last", as: Date?.self))
            try await sql.raw("UPDATE interactions SET series_last_end = \(bind: last) WHERE id = \(bind: master)").run()
        }
    }

    /// Sets both columns for every row (the migration's backfill, and after a bulk load).
    public static func refreshAll(on db: any Database) async throws {
        let sql = try TableStore.sqlDatabase(db)
        let long = sql.dialect.name == "postgresql" ? "interval '7 days'" : "\(Int(longSpan))"
        try await sql.raw(
            """
            UPDATE interactions SET short_span = CASE WHEN starts_at IS NULL OR ends_at IS NULL OR ends_at - starts_at <= \(unsafeRaw: long)
            THEN \(bind: true) ELSE \(bind: false) END
            """
        ).run()
        var editedEnds: [UUID: Date] = [:]
        for row in try await sql.raw(
            """
            SELECT series_id, MAX(ends_at) AS last FROM interactions WHERE series_id IS NOT NULL GROUP BY series_id
            """
        ).all() {
            if let last = try row.decode(column: "last", as: Date?.self) {
                editedEnds[try row.decode(column: "series_id", as: UUID.self)] = last
            }
        }
        var ends: [(UUID, Date)] = []
        for row in try await sql.raw("SELECT id, starts_at, ends_at, rrule FROM interactions WHERE rrule IS NOT NULL AND series_id IS NULL")
            .all()
        {
            let id = try row.decode(column: "id", as: UUID.self)
            if let last = lastEnd(
                start: try row.decode(column: "starts_at", as: Date?.self), end: try row.decode(column: "ends_at", as: Date?.self),
                rrule: try row.decode(column: "rrule", as: String?.self), editedEnd: editedEnds[id])
            {
                ends.append((id, last))
            }
        }
        // A few statements rather than one per series.
        for chunk in ends.chunked(200) {
            var cases = SQLQueryString("")
            for (id, last) in chunk { cases.appendInterpolation(SQLQueryString(" WHEN id = \(bind: id) THEN \(bind: last)")) }
            let binds: [any Encodable & Sendable] = chunk.map(\.0)
            try await sql.raw("UPDATE interactions SET series_last_end = CASE\(cases) END WHERE id IN (\(binds: binds))").run()
        }
    }

    static func isShort(_ start: Date?, _ end: Date?) -> Bool {
        guard let start, let end else { return true }
        return end.timeIntervalSince(start) <= longSpan
    }

    /// The end of the series' last occurrence by its rule (EXDATEs ignored: a later bound is still a bound), or
    /// of its last edited occurrence if later; nil when the rule never ends or cannot be read.
    static func lastEnd(start: Date?, end: Date?, rrule: String?, editedEnd: Date?) -> Date? {
        guard let start, let text = rrule, let rule = try? RecurrenceRule(parsing: text) else { return nil }
        // The same duration as the agenda's expansion (InteractionOccurrences.series).
        let stop = max(end ?? start.addingTimeInterval(3600), start.addingTimeInterval(60))
        guard let last = RecurrenceSeries(start: start, duration: stop.timeIntervalSince(start), rule: rule).lastOccurrenceEnd() else {
            return nil
        }
        return max(last, editedEnd ?? last)
    }
}
