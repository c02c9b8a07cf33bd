import FluentKit
import SQLKit

/// The stock views measured at 100 000 products (BENCHMARKS.md, Catalog): every page sorted all stock-managed products
/// by reference in a temporary B-tree (60–100 ms), the counts of the filtered views and the valuation by category read
/// every product row. Three indexes make them walk an index instead: (stock_managed, reference) for the pages in
/// reference order, (stock_managed, on_hand, threshold, desired) covering the views' conditions for their counts (it
/// replaces (stock_managed, on_hand)), and (stock_managed, category, on_hand, average cost) covering the valuation.
/// « Bientôt hors stock » in one warehouse compares a level with its product's threshold, which no index on one table
/// covered (every product was joined with its level: 300 ms): the levels now carry the threshold (copied by the
/// ledger when it creates a level and by the product's writer when it changes), and a partial index holds the levels
/// below it.
struct AddStockViewIndexes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for statement in [
            "CREATE INDEX products_stock_ref_idx ON products (stock_managed, reference)",
            "CREATE INDEX products_stock_view_idx ON products (stock_managed, on_hand_milli, alert_threshold, desired_stock)",
            "DROP INDEX products_stock_idx",
            "CREATE INDEX products_value_idx ON products (stock_managed, category, on_hand_milli, average_cost)",
            "ALTER TABLE stock_levels ADD COLUMN alert_threshold BIGINT",
            "UPDATE stock_levels SET alert_threshold = (SELECT p.alert_threshold FROM products p WHERE p.id = stock_levels.product_id)",
            """
            CREATE INDEX stock_levels_below_idx ON stock_levels (warehouse_id, product_id)
            WHERE alert_threshold IS NOT NULL AND on_hand_milli > 0 AND on_hand_milli < alert_threshold
            """,
        ] {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for statement in [
            "DROP INDEX stock_levels_below_idx", "ALTER TABLE stock_levels DROP COLUMN alert_threshold",
            "DROP INDEX products_value_idx", "DROP INDEX products_stock_view_idx", "DROP INDEX products_stock_ref_idx",
            "CREATE INDEX products_stock_idx ON products (stock_managed, on_hand_milli)",
        ] {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }
}
