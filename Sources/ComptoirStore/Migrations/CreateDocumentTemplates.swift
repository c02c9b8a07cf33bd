import FluentKit
import SQLKit

/// Document templates (« Modèles de documents »): a template names its target entity (the record it is merged with) and
/// points at its current version; each version is one uploaded DOCX or ODT, kept in the content-addressed file store
/// (`blobs`, as attachments are) and never edited nor deleted — replacing a template adds a version. A version keeps its
/// lint result (the count and the issues as JSON) as it was when uploaded or last checked.
struct CreateDocumentTemplates: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("document_templates")
            .id()
            .field("name", .string, .required)
            .field("description", .string)
            .field("target", .string, .required)
            .field("category", .string)
            .field("current_version", .int64, .required)
            .field("archived", .bool, .required)
            .field("created_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .constraint(
                .sql(
                    unsafeRaw: """
                        CHECK (target IN ('company', 'contact', 'project', 'interaction', 'quote', 'order', 'invoice'))
                        """)
            )
            .constraint(.sql(unsafeRaw: "CHECK (current_version >= 1)"))
            .create()
        try await database.schema("document_template_versions")
            .id()
            .field("template_id", .uuid, .required, .references("document_templates", "id", onDelete: .restrict))
            .field("version", .int64, .required)
            .field("sha256", .string, .required, .references("blobs", "sha256", onDelete: .restrict))
            .field("original_name", .string, .required)
            .field("format", .string, .required)
            .field("size", .int64, .required)
            .field("lint_count", .int64, .required)
            .field("lint_issues", .string, .required)
            .field("uploaded_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("uploaded_at", .datetime, .required)
            .unique(on: "template_id", "version")
            .constraint(.sql(unsafeRaw: "CHECK (format IN ('docx', 'odt'))"))
            .create()
        let sql = try TableStore.sqlDatabase(database)
        try await sql.raw("CREATE INDEX document_templates_target ON document_templates (target, archived)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("document_template_versions").delete()
        try await database.schema("document_templates").delete()
    }
}
