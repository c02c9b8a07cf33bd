import FluentKit
import SQLKit

/// The files archived when a sales document is validated (« archivage ») : its PDF and, for invoices and credit notes,
/// the Factur-X CII and UBL XML. Written once in the validating transaction, never updated or deleted; the bytes live in
/// the content-addressed `BlobStore` under their SHA-256, which the hash chain records.
struct AddSalesDocumentFiles: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("sales_document_files")
            .field("document_id", .uuid, .required, .references("sales_documents", "id", onDelete: .restrict))
            .field("format", .string, .required)
            .field("sha256", .string, .required)
            .field("size", .int64, .required)
            .field("created_at", .datetime, .required)
            .compositeIdentifier(over: "document_id", "format")
            .create()
        try await (database as! any SQLDatabase).raw("CREATE INDEX sales_document_files_sha_idx ON sales_document_files (sha256)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("sales_document_files").delete()
    }
}
