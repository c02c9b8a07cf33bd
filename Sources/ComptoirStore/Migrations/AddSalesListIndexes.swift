import FluentKit
import SQLKit

/// The sales lists measured at 1 M invoice lines (BENCHMARKS.md, Sales): every page of a kind's list sorted all its
/// documents by date in a temporary B-tree (100 000 invoices: 50–85 ms a page, ~300 ms for page 200), and « Versements »
/// sorted every payment. (kind, issue_date, created_at) gives the lists their order (the id only breaks ties within a
/// second), (payment_date, created_at) the payments'.
struct AddSalesListIndexes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for statement in [
            "CREATE INDEX sales_documents_list_idx ON sales_documents (kind, issue_date, created_at)",
            "CREATE INDEX sales_payments_date_idx ON sales_payments (payment_date, created_at)",
        ] {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for statement in ["DROP INDEX sales_payments_date_idx", "DROP INDEX sales_documents_list_idx"] {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }
}
