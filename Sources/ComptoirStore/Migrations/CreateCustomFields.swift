import FluentKit
import SQLKit

/// Custom fields (« champs spécifiques ») defined by an administrator, and their values (one row per
/// field and record, stored as canonical text so they filter alike on SQLite and PostgreSQL).
struct CreateCustomFields: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("custom_fields")
            .id()
            .field("entity", .string, .required)
            .field("key", .string, .required)
            .field("label", .string, .required)
            .field("kind", .string, .required)
            .field("required", .bool, .required)
            .field("options", .string)
            .field("position", .int64, .required)
            .field("show_in_list", .bool, .required)
            .field("active", .bool, .required)
            .field("created_at", .datetime).field("updated_at", .datetime)
            .unique(on: "entity", "key")
            .create()
        try await database.schema("custom_values")
            .id()
            .field("field_id", .uuid, .required, .references("custom_fields", "id", onDelete: .cascade))
            .field("record_id", .uuid, .required)
            .field("value", .string, .required)
            .unique(on: "field_id", "record_id")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "custom_values_record_idx").on("custom_values").column("record_id").run()
        try await sql.create(index: "custom_values_value_idx").on("custom_values").column("field_id").column("value").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("custom_values").delete()
        try await database.schema("custom_fields").delete()
    }
}
