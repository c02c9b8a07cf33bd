import ComptoirCore
import FluentKit
import Foundation
import SQLKit

/// Names sort in French order on both databases (issue #14): each sorted name gets a key column (`frenchSortKey`,
/// see `SortKeys`), computed here for the rows already there, and the list index `(key, id)` replaces `(name, id)`,
/// which only byte order used. PostgreSQL compares the keys with `COLLATE "C"` (byte order, as SQLite's BINARY).
/// The list is written out rather than read from `SortKeys`: a landed migration must not change.
struct AddSortKeys: AsyncMigration {
    static let keys: [(table: String, name: String, key: String, index: String, replaces: String?)] = [
        ("companies", "name", "name_sort", "companies_name_sort_idx", "companies_name_idx"),
        ("contacts", "last_name", "last_name_sort", "contacts_last_name_sort_idx", "contacts_name_idx"),
        ("contacts", "display_name", "display_name_sort", "contacts_display_name_sort_idx", "contacts_display_idx"),
        ("projects", "title", "title_sort", "projects_title_sort_idx", "projects_title_idx"),
        ("products", "name", "name_sort", "products_name_sort_idx", nil),
        ("interactions", "subject", "subject_sort", "interactions_subject_sort_idx", "interactions_subject_idx"),
    ]

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        let collate = sql.dialect.name == "postgresql" ? " COLLATE \"C\"" : ""
        for entry in Self.keys {
            try await sql.raw(
                "ALTER TABLE \(ident: entry.table) ADD COLUMN \(ident: entry.key) TEXT\(unsafeRaw: collate) NOT NULL DEFAULT ''"
            ).run()
            try await Self.backfill(entry.table, name: entry.name, key: entry.key, on: sql)
            if let old = entry.replaces { try await sql.raw("DROP INDEX \(ident: old)").run() }
            try await sql.raw("CREATE INDEX \(ident: entry.index) ON \(ident: entry.table) (\(ident: entry.key), id)").run()
        }
    }

    /// The keys of the rows already there, 1 000 rows per statement, in id order.
    static func backfill(_ table: String, name: String, key: String, on sql: any SQLDatabase) async throws {
        var after: UUID?
        while true {
            let from: SQLQueryString = after.map { "WHERE id > \(bind: $0) " } ?? ""
            let rows = try await sql.raw(
                "SELECT id, \(ident: name) AS name FROM \(ident: table) \(from)ORDER BY id LIMIT 1000"
            ).all()
            guard !rows.isEmpty else { return }
            var cases = SQLQueryString("")
            var ids: [any Encodable & Sendable] = []
            for row in rows {
                let id = try row.decode(column: "id", as: UUID.self)
                let value = try row.decode(column: "name", as: String?.self) ?? ""
                cases.appendInterpolation(SQLQueryString(" WHEN \(bind: id) THEN \(bind: frenchSortKey(value))"))
                ids.append(id)
                after = id
            }
            try await sql.raw("UPDATE \(ident: table) SET \(ident: key) = CASE id\(cases) END WHERE id IN (\(binds: ids))").run()
            if rows.count < 1000 { return }
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for entry in Self.keys.reversed() {
            try await sql.raw("DROP INDEX \(ident: entry.index)").run()
            try await sql.raw("ALTER TABLE \(ident: entry.table) DROP COLUMN \(ident: entry.key)").run()
        }
        for (index, table, column) in [
            ("companies_name_idx", "companies", "name"), ("contacts_name_idx", "contacts", "last_name"),
            ("contacts_display_idx", "contacts", "display_name"), ("projects_title_idx", "projects", "title"),
            ("interactions_subject_idx", "interactions", "subject"),
        ] {
            try await sql.raw("CREATE INDEX \(ident: index) ON \(ident: table) (\(ident: column), id)").run()
        }
    }
}
