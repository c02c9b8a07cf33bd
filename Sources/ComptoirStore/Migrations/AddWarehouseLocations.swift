import FluentKit
import SQLKit

/// Optional locations inside a warehouse (« Emplacements » : an aisle, a shelf, a bin, coded `A-01-02`), and the reason
/// of an outgoing movement (`scrap`: « Mise au rebut »).
///
/// A movement line may name the location it takes from or puts into (`location_id`; a transfer also its destination,
/// `target_location_id`); its ledger entries carry it, and `stock_location_levels` holds on hand per product and location,
/// updated with the warehouse levels in the validating transaction. Stock without a location stays counted in its
/// warehouse only: a warehouse's level is always the sum of its ledger, located or not. A serial number remembers its
/// location while in stock.
struct AddWarehouseLocations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("warehouse_locations")
            .id()
            .field("warehouse_id", .uuid, .required, .references("warehouses", "id", onDelete: .restrict))
            .field("code", .string, .required)
            .field("name", .string)
            .field("active", .bool, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.schema("stock_location_levels")
            .field("product_id", .uuid, .required, .references("products", "id", onDelete: .restrict))
            .field("location_id", .uuid, .required, .references("warehouse_locations", "id", onDelete: .restrict))
            .field("on_hand_milli", .int64, .required)
            .compositeIdentifier(over: "product_id", "location_id")
            .create()
        let sql = database as! any SQLDatabase
        for statement in [
            "CREATE UNIQUE INDEX warehouse_locations_code_idx ON warehouse_locations (warehouse_id, code)",
            "CREATE INDEX stock_location_levels_location_idx ON stock_location_levels (location_id, product_id)",
        ] {
            try await sql.raw(SQLQueryString(statement)).run()
        }
        // Added columns (SQLite adds one a statement; the services check that a location belongs to its warehouse).
        try await database.schema("stock_movement_lines").field("location_id", .uuid).update()
        try await database.schema("stock_movement_lines").field("target_location_id", .uuid).update()
        try await database.schema("stock_ledger").field("location_id", .uuid).update()
        try await database.schema("serial_numbers").field("location_id", .uuid).update()
        try await database.schema("stock_movements").field("reason", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("stock_movements").deleteField("reason").update()
        try await database.schema("serial_numbers").deleteField("location_id").update()
        try await database.schema("stock_ledger").deleteField("location_id").update()
        try await database.schema("stock_movement_lines").deleteField("target_location_id").update()
        try await database.schema("stock_movement_lines").deleteField("location_id").update()
        try await database.schema("stock_location_levels").delete()
        try await database.schema("warehouse_locations").delete()
    }
}
