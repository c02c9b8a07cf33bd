import FluentKit
import SQLKit

/// `company_tags_tag_idx (tag_id)` and `contact_tags_tag_idx (tag_id)` are prefixes of the covering indexes that
/// `AddDirectoryIndexes` made (`(tag_id, company_id)`, `(tag_id, contact_id)`), which serve every query they served:
/// dropping them saves one index write per tag link (an import of 1M contacts writes 1M of them).
struct DropTagOnlyIndexes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for index in ["company_tags_tag_idx", "contact_tags_tag_idx"] {
            try await sql.raw("DROP INDEX \(unsafeRaw: index)").run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX company_tags_tag_idx ON company_tags (tag_id)").run()
        try await sql.raw("CREATE INDEX contact_tags_tag_idx ON contact_tags (tag_id)").run()
    }
}
