import FluentKit
import Foundation
import SQLKit

/// The interactions list is sorted by when each interaction happens, newest first (issue #14): `occurs_at`
/// (see `InteractionListDate`), filled for the rows already there, and the list's index `(occurs_at, id)`.
struct AddInteractionListDate: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("interactions").field("occurs_at", .datetime).update()
        let sql = database as! any SQLDatabase
        try await InteractionListDate.backfill(on: sql)
        try await sql.raw("CREATE INDEX interactions_occurs_idx ON interactions (occurs_at, id)").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("DROP INDEX interactions_occurs_idx").run()
        try await database.schema("interactions").deleteField("occurs_at").update()
    }
}
