import FluentKit
import SQLKit

/// The stock views measured at 100 000 products (BENCHMARKS.md, Catalog): every page sorted all stock-managed products
/// by reference in a temporary B-tree (60–100 ms), the counts of the filtered views and the valuation by category read
/// every product row. Three indexes make them walk an index instead: (stock_managed, reference) for the pages in
/// reference order, (stock_managed, on_hand, threshold, desired) covering the views' conditions for their counts (it
/// replaces (stock_managed, on_hand)), and (stock_managed, category, on_hand, average cost) covering the valuation.
struct AddStockViewIndexes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for statement in [
            "CREATE INDEX products_stock_ref_idx ON products (stock_managed, reference)",
            "CREATE INDEX products_stock_view_idx ON products (stock_managed, on_hand_milli, alert_threshold, desired_stock)",
            "DROP INDEX products_stock_idx",
            "CREATE INDEX products_value_idx ON products (stock_managed, category, on_hand_milli, average_cost)",
        ] {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for statement in [
            "DROP INDEX products_value_idx", "DROP INDEX products_stock_view_idx", "DROP INDEX products_stock_ref_idx",
            "CREATE INDEX products_stock_idx ON products (stock_managed, on_hand_milli)",
        ] {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }
}
