import FluentKit
import SQLKit

/// Prospecting campaigns (« campagnes de prospection »): a segment turned into one interaction per target.
struct CreateProspectingCampaigns: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("prospecting_campaigns")
            .id()
            .field("name", .string, .required)
            .field("segment_id", .uuid, .required, .references("segments", "id", onDelete: .restrict))
            .field("type_id", .uuid, .required, .references("interaction_types", "id", onDelete: .restrict))
            .field("stage_id", .uuid, .references("pipeline_stages", "id", onDelete: .restrict))
            .field("subject", .string, .required)
            .field("assignment", .string, .required)
            .field("assignee_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("round_robin", .string)
            .field("due_date", .string)
            .field("last_run_at", .datetime)
            .field("created_at", .datetime).field("updated_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("prospecting_campaigns").delete()
    }
}
