import FluentKit
import SQLKit

/// The catalogue and its stock: products and warehouses (master data), stock movements with their lines (documents
/// that touch stock only once validated), the ledger and levels they leave behind, serial numbers with their history,
/// delivery notes, and the gapless document numbers (`MV2026-00012`, `BL2026-00003`).
///
/// Quantities are stored in thousandths of a unit (`quantity_milli`), amounts in cents. `products.on_hand_milli` is the
/// product's total over its warehouses, kept with `stock_levels` so the stock views filter one table.
/// A serial number cannot be delivered twice: `serial_deliveries` holds one row per serial and cycle (a return starts
/// the next cycle), and its unique index refuses a second delivery in the same cycle whatever the writers do.
struct CreateCatalog: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("products")
            .id()
            .field("reference", .string, .required)
            .field("name", .string, .required)
            .field("description", .string)
            .field("unit", .string, .required)
            .field("sale_price", .int64)
            .field("purchase_price", .int64)
            .field("vat_rate", .string, .required)
            .field("category", .string)
            .field("stock_managed", .bool, .required)
            .field("serial_tracked", .bool, .required)
            .field("alert_threshold", .int64)
            .field("desired_stock", .int64)
            .field("ean13", .string)
            .field("supplier_id", .uuid, .references("companies", "id", onDelete: .setNull))
            .field("active", .bool, .required)
            .field("average_cost", .int64)
            .field("on_hand_milli", .int64)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()

        try await database.schema("warehouses")
            .id()
            .field("name", .string, .required)
            .field("code", .string)
            .field("address", .string)
            .field("is_default", .bool, .required)
            .field("active", .bool, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()

        try await database.schema("stock_movements")
            .id()
            .field("kind", .string, .required)
            .field("state", .string, .required)
            .field("reference", .string)
            .field("label", .string)
            .field("movement_date", .string, .required)
            .field("warehouse_id", .uuid, .required, .references("warehouses", "id", onDelete: .restrict))
            .field("target_warehouse_id", .uuid, .references("warehouses", "id", onDelete: .restrict))
            .field("company_id", .uuid, .references("companies", "id", onDelete: .setNull))
            .field("reverses_id", .uuid, .references("stock_movements", "id", onDelete: .restrict))
            .field("delivery_note_id", .uuid)
            .field("notes", .string)
            .field("validated_at", .datetime)
            .field("validated_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()

        try await database.schema("stock_movement_lines")
            .id()
            .field("movement_id", .uuid, .required, .references("stock_movements", "id", onDelete: .cascade))
            .field("position", .int64, .required)
            .field("product_id", .uuid, .required, .references("products", "id", onDelete: .restrict))
            .field("quantity_milli", .int64, .required)
            .field("unit_cost", .int64)
            .field("delta_milli", .int64)
            .field("serials", .string)
            .create()

        try await database.schema("stock_ledger")
            .id()
            .field("movement_id", .uuid, .required, .references("stock_movements", "id", onDelete: .restrict))
            .field("line_id", .uuid, .required)
            .field("product_id", .uuid, .required, .references("products", "id", onDelete: .restrict))
            .field("warehouse_id", .uuid, .required, .references("warehouses", "id", onDelete: .restrict))
            .field("delta_milli", .int64, .required)
            .field("unit_cost", .int64)
            .field("day", .string, .required)
            .create()

        try await database.schema("stock_levels")
            .field("product_id", .uuid, .required, .references("products", "id", onDelete: .restrict))
            .field("warehouse_id", .uuid, .required, .references("warehouses", "id", onDelete: .restrict))
            .field("on_hand_milli", .int64, .required)
            .compositeIdentifier(over: "product_id", "warehouse_id")
            .create()

        try await database.schema("serial_numbers")
            .id()
            .field("product_id", .uuid, .required, .references("products", "id", onDelete: .restrict))
            .field("serial", .string, .required)
            .field("state", .string, .required)
            .field("warehouse_id", .uuid, .references("warehouses", "id", onDelete: .restrict))
            .field("customer_id", .uuid, .references("companies", "id", onDelete: .setNull))
            .field("cycle", .int64, .required)
            .field("line_id", .uuid)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()

        try await database.schema("serial_deliveries")
            .id()
            .field("serial_id", .uuid, .required, .references("serial_numbers", "id", onDelete: .restrict))
            .field("cycle", .int64, .required)
            .field("movement_id", .uuid, .required, .references("stock_movements", "id", onDelete: .restrict))
            .field("delivery_note_id", .uuid)
            .field("customer_id", .uuid, .references("companies", "id", onDelete: .setNull))
            .field("delivered_at", .datetime, .required)
            .create()

        try await database.schema("serial_events")
            .id()
            .field("serial_id", .uuid, .required, .references("serial_numbers", "id", onDelete: .restrict))
            .field("at", .datetime, .required)
            .field("kind", .string, .required)
            .field("movement_id", .uuid, .references("stock_movements", "id", onDelete: .restrict))
            .field("delivery_note_id", .uuid)
            .field("warehouse_id", .uuid, .references("warehouses", "id", onDelete: .restrict))
            .field("company_id", .uuid, .references("companies", "id", onDelete: .setNull))
            .create()

        try await database.schema("delivery_notes")
            .id()
            .field("state", .string, .required)
            .field("reference", .string)
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .restrict))
            .field("contact_id", .uuid, .references("contacts", "id", onDelete: .setNull))
            .field("warehouse_id", .uuid, .required, .references("warehouses", "id", onDelete: .restrict))
            .field("delivery_address", .string)
            .field("note_date", .string, .required)
            .field("notes", .string)
            .field("movement_id", .uuid, .references("stock_movements", "id", onDelete: .restrict))
            .field("source_type", .string)
            .field("source_id", .uuid)
            .field("created_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()

        try await database.schema("delivery_note_lines")
            .id()
            .field("note_id", .uuid, .required, .references("delivery_notes", "id", onDelete: .cascade))
            .field("position", .int64, .required)
            .field("product_id", .uuid, .required, .references("products", "id", onDelete: .restrict))
            .field("quantity_milli", .int64, .required)
            .field("description", .string)
            .field("serials", .string)
            .create()

        try await database.schema("document_numbers")
            .field("prefix", .string, .required)
            .field("year", .int64, .required)
            .field("last_number", .int64, .required)
            .compositeIdentifier(over: "prefix", "year")
            .create()

        let sql = database as! any SQLDatabase
        let statements = [
            "CREATE UNIQUE INDEX products_reference_idx ON products (reference)",
            "CREATE INDEX products_name_idx ON products (name)",
            "CREATE INDEX products_category_idx ON products (category, reference)",
            "CREATE INDEX products_ean_idx ON products (ean13)",
            "CREATE INDEX products_stock_idx ON products (stock_managed, on_hand_milli)",
            "CREATE UNIQUE INDEX warehouses_name_idx ON warehouses (name)",
            "CREATE UNIQUE INDEX stock_movements_reference_idx ON stock_movements (reference)",
            // A movement is reversed at most once.
            "CREATE UNIQUE INDEX stock_movements_reverses_idx ON stock_movements (reverses_id)",
            "CREATE INDEX stock_movements_state_idx ON stock_movements (state, movement_date)",
            "CREATE INDEX stock_movements_note_idx ON stock_movements (delivery_note_id)",
            "CREATE INDEX stock_movement_lines_movement_idx ON stock_movement_lines (movement_id, position)",
            "CREATE INDEX stock_movement_lines_product_idx ON stock_movement_lines (product_id)",
            "CREATE INDEX stock_ledger_product_idx ON stock_ledger (product_id, warehouse_id, day)",
            "CREATE INDEX stock_ledger_day_idx ON stock_ledger (day)",
            "CREATE INDEX stock_ledger_movement_idx ON stock_ledger (movement_id)",
            "CREATE INDEX stock_levels_warehouse_idx ON stock_levels (warehouse_id, product_id)",
            "CREATE UNIQUE INDEX serial_numbers_product_serial_idx ON serial_numbers (product_id, serial)",
            "CREATE INDEX serial_numbers_serial_idx ON serial_numbers (serial)",
            "CREATE INDEX serial_numbers_line_idx ON serial_numbers (line_id)",
            "CREATE INDEX serial_numbers_state_idx ON serial_numbers (product_id, state, warehouse_id)",
            // The guarantee: one delivery per serial and cycle.
            "CREATE UNIQUE INDEX serial_deliveries_cycle_idx ON serial_deliveries (serial_id, cycle)",
            "CREATE INDEX serial_deliveries_movement_idx ON serial_deliveries (movement_id)",
            "CREATE INDEX serial_events_serial_idx ON serial_events (serial_id, at)",
            "CREATE UNIQUE INDEX delivery_notes_reference_idx ON delivery_notes (reference)",
            "CREATE INDEX delivery_notes_company_idx ON delivery_notes (company_id, note_date)",
            "CREATE INDEX delivery_notes_source_idx ON delivery_notes (source_type, source_id)",
            "CREATE INDEX delivery_note_lines_note_idx ON delivery_note_lines (note_id, position)",
        ]
        for statement in statements { try await sql.raw(SQLQueryString(statement)).run() }
    }

    func revert(on database: any Database) async throws {
        for table in [
            "document_numbers", "delivery_note_lines", "delivery_notes", "serial_events", "serial_deliveries", "serial_numbers",
            "stock_levels", "stock_ledger", "stock_movement_lines", "stock_movements", "warehouses", "products",
        ] {
            try await database.schema(table).delete()
        }
    }
}
