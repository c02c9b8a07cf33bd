import FluentKit
import SQLKit

/// Directory reads at 1M contacts (issue #3):
/// - typeahead reads titles starting with the query as a range of `search_documents_title_idx`, in byte order on
///   both databases (COLLATE "C" on PostgreSQL, whose default collation does not keep prefixes together);
/// - segments and lists filtered by tag read the tag links from covering indexes, not from the link rows.
struct AddDirectoryIndexes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        let title = sql.dialect.name == "postgresql" ? "title_folded COLLATE \"C\"" : "title_folded"
        try await sql.raw("CREATE INDEX search_documents_title_idx ON search_documents (kind, \(unsafeRaw: title))").run()
        try await sql.raw("CREATE INDEX contact_tags_tag_contact_idx ON contact_tags (tag_id, contact_id)").run()
        try await sql.raw("CREATE INDEX company_tags_tag_company_idx ON company_tags (tag_id, company_id)").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for index in ["company_tags_tag_company_idx", "contact_tags_tag_contact_idx", "search_documents_title_idx"] {
            try await sql.raw("DROP INDEX \(unsafeRaw: index)").run()
        }
    }
}
