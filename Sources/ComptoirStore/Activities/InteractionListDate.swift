import ComptoirCore
import FluentKit
import Foundation
import SQLKit

/// The date the interactions list is sorted and paged by (`interactions.occurs_at`, issue #14): when the interaction
/// happens — its start, else the start of its due day (Paris), else when it was created. Never NULL, so the list's
/// keyset cursor always has a value. Written with the agenda bounds (`AgendaBounds.refresh`, which every writer of an
/// interaction calls), by the bulk loaders with their rows, and for the rows already there by `AddInteractionListDate`.
public enum InteractionListDate {
    public static func value(start: Date?, due: String?, created: Date) -> Date {
        if let start { return start }
        if let due, let day = CalendarDay(parsing: due) { return day.startDate() }
        return created
    }

    /// Sets `occurs_at` of every row whose value is missing, 1 000 rows per statement (the migration's backfill).
    static func backfill(on sql: any SQLDatabase) async throws {
        while true {
            let rows = try await sql.raw(
                "SELECT id, starts_at, due_date, created_at FROM interactions WHERE occurs_at IS NULL ORDER BY id LIMIT 1000"
            ).all()
            guard !rows.isEmpty else { return }
            var cases = SQLQueryString("")
            var ids: [any Encodable & Sendable] = []
            for row in rows {
                let id = try row.decode(column: "id", as: UUID.self)
                let date = value(
                    start: try row.decode(column: "starts_at", as: Date?.self), due: try row.decode(column: "due_date", as: String?.self),
                    created: try row.decode(column: "created_at", as: Date.self))
                cases.appendInterpolation(SQLQueryString(" WHEN \(bind: id) THEN \(bind: date)"))
                ids.append(id)
            }
            try await sql.raw("UPDATE interactions SET occurs_at = CASE id\(cases) END WHERE id IN (\(binds: ids))").run()
            if rows.count < 1000 { return }
        }
    }
}
