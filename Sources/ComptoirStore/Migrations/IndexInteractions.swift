import FluentKit
import Foundation
import SQLKit

/// Interactions (and deals) join the global search (issue #14): the documents of the interactions already there, written
/// as `InteractionSearch.document` writes one, 1 000 per statement, with their full-text rows on SQLite.
struct IndexInteractions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        let spec = InteractionSearch.spec
        var after: UUID?
        while true {
            let from: SQLQueryString = after.map { "WHERE id > \(bind: $0) " } ?? ""
            let rows = try await sql.raw(
                "SELECT id, subject, location, description, starts_at, due_date, archived FROM interactions \(from)ORDER BY id LIMIT 1000"
            ).all()
            guard !rows.isEmpty else { return }
            var documents = SearchIndex.bulkDocuments()
            for row in rows {
                let decoded = try TableStore.decodeRow(row, spec: spec)
                SearchIndex.append(InteractionSearch.document(decoded), to: &documents)
                after = decoded.id
            }
            try await documents.insert(on: database)
            try await SearchIndex.indexInserted(documents, on: database)
            if rows.count < 1000 { return }
        }
    }

    func revert(on database: any Database) async throws {
        try await SearchIndex.remove(recordsSelectedBy: "SELECT id FROM interactions", on: database)
    }
}
