import FluentKit
import SQLKit

/// A stock movement drafted from an order or an invoice (« Bon de livraison » from Sales) remembers that document, so
/// the document's page lists its movements.
struct AddSalesStockLinks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("stock_movements").field("sales_document_id", .uuid).update()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX stock_movements_sales_document_idx ON stock_movements (sales_document_id)").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("DROP INDEX stock_movements_sales_document_idx").run()
        try await database.schema("stock_movements").deleteField("sales_document_id").update()
    }
}
