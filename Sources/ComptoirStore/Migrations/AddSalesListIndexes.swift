import FluentKit
import SQLKit

/// The sales lists measured at 1 M invoice lines (BENCHMARKS.md, Sales): every page of a kind's list sorted all its
/// documents by date in a temporary B-tree (100 000 invoices: 50–85 ms a page, ~300 ms for page 200), and « Versements »
/// sorted every payment. (kind, issue_date, created_at) gives the lists their order (the id only breaks ties within a
/// second), (payment_date, created_at) the payments'. A customer's or a project's list would then walk that index and
/// skip the others' documents (a customer with 15 invoices: 4 → 44 ms on SQLite, which keeps no statistics): their
/// indexes take the kind and the same order too, (company_id, kind, issue_date, created_at) and (project_id, kind,
/// issue_date, created_at), in place of (company_id, issue_date) and (project_id).
struct AddSalesListIndexes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for statement in [
            "CREATE INDEX sales_documents_list_idx ON sales_documents (kind, issue_date, created_at)",
            "CREATE INDEX sales_payments_date_idx ON sales_payments (payment_date, created_at)",
            "DROP INDEX sales_documents_company_idx",
            "CREATE INDEX sales_documents_company_idx ON sales_documents (company_id, kind, issue_date, created_at)",
            "DROP INDEX sales_documents_project_idx",
            "CREATE INDEX sales_documents_project_idx ON sales_documents (project_id, kind, issue_date, created_at)",
        ] {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for statement in [
            "DROP INDEX sales_documents_project_idx", "CREATE INDEX sales_documents_project_idx ON sales_documents (project_id)",
            "DROP INDEX sales_documents_company_idx",
            "CREATE INDEX sales_documents_company_idx ON sales_documents (company_id, issue_date)",
            "DROP INDEX sales_payments_date_idx", "DROP INDEX sales_documents_list_idx",
        ] {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }
}
