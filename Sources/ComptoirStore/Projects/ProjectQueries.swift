import FluentKit
import Foundation
import SQLKit

/// Project reads by what users type.
public enum ProjectQueries {
    /// Projects matching `text` (an id; else a code, or a part of the title among live projects), visible to
    /// `user` (nil: every project), at most ten, by title.
    public static func find(_ text: String, visibleTo user: UUID?, on db: any Database) async throws -> [(UUID, String)] {
        var scope: SQLQueryString = ""
        if let user { scope = " AND \(ProjectAccess.visible("id", user: user))" }
        let sql = try TableStore.sqlDatabase(db)
        let rows: [any SQLRow]
        if let id = UUID(uuidString: text) {
            rows = try await sql.raw("SELECT id, title FROM projects WHERE id = \(bind: id)\(scope)").all()
        } else {
            rows = try await sql.raw("""
                SELECT id, title FROM projects WHERE archived = \(bind: false) AND (code = \(bind: text) OR LOWER(title) LIKE \(bind: "%" + text.lowercased() + "%"))\(scope)
                ORDER BY title LIMIT 10
                """).all()
        }
        return try rows.map { (try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "title", as: String.self)) }
    }
}
