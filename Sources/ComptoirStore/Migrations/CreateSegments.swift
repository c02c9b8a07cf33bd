import FluentKit

/// Segments: a saved list query (filters, tags, custom fields…) evaluated on demand, never a frozen list.
struct CreateSegments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("segments")
            .id()
            .field("name", .string, .required)
            .field("entity", .string, .required)
            .field("query", .string, .required)
            .field("description", .string)
            .field("owner_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_at", .datetime).field("updated_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("segments").delete()
    }
}
