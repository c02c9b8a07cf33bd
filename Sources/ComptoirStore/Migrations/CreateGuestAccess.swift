import FluentKit
import SQLKit

/// Extranet guests (« utilisateurs de type Projet ») and second factors: per-user options.
/// One ALTER per column: SQLite adds a single column per statement.
struct CreateGuestAccess: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("users").field("default_project_id", .uuid).update()
        try await database.schema("users").field("allowed_type_ids", .string).update()
        try await database.schema("users").field("session_hours", .int64).update()
        try await database.schema("users").field("allowed_ips", .string).update()
        try await database.schema("users").field("require_totp", .bool, .required, .sql(.default(false))).update()
        try await database.schema("users").field("totp_secret", .string).update()
        try await database.schema("users").field("totp_enabled_at", .datetime).update()
        try await database.schema("users").field("recovery_codes", .string).update()
    }

    func revert(on database: any Database) async throws {
        for field in [
            "default_project_id", "allowed_type_ids", "session_hours", "allowed_ips", "require_totp", "totp_secret", "totp_enabled_at",
            "recovery_codes",
        ] {
            try await database.schema("users").deleteField(.string(field)).update()
        }
    }
}
