import FluentKit
import SQLKit

struct CreateAccounts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("users")
            .id()
            .field("email", .string, .required)
            .field("name", .string, .required)
            .field("locale", .string, .required)
            .field("role", .string, .required)
            .field("read_only", .bool, .required)
            .field("active", .bool, .required)
            .field("password_hash", .string, .required)
            .field("must_change_password", .bool, .required)
            .field("last_login_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "email")
            .create()

        try await database.schema("sessions")
            .field("id", .string, .identifier(auto: false))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("csrf_token", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .field("ip", .string, .required)
            .field("user_agent", .string, .required)
            .create()

        try await database.schema("api_tokens")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("token_hash", .string, .required)
            .field("prefix", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_used_at", .datetime)
            .field("revoked_at", .datetime)
            .unique(on: "token_hash")
            .create()

        try await database.schema("login_attempts")
            .id()
            .field("email", .string, .required)
            .field("ip", .string, .required)
            .field("succeeded", .bool, .required)
            .field("at", .datetime, .required)
            .create()

        let sql = database as! any SQLDatabase
        try await sql.create(index: "sessions_user_idx").on("sessions").column("user_id").run()
        try await sql.create(index: "api_tokens_user_idx").on("api_tokens").column("user_id").run()
        try await sql.create(index: "login_attempts_email_idx").on("login_attempts").column("email").column("at").run()
        try await sql.create(index: "login_attempts_ip_idx").on("login_attempts").column("ip").column("at").run()
        try await sql.create(index: "users_created_idx").on("users").column("created_at").column("id").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["login_attempts", "api_tokens", "sessions", "users"] {
            try await database.schema(table).delete()
        }
    }
}

struct CreateAudit: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("audit_entries")
            .id()
            .field("at", .datetime, .required)
            .field("actor_id", .uuid)
            .field("actor_label", .string, .required)
            .field("action", .string, .required)
            .field("entity", .string, .required)
            .field("entity_id", .string, .required)
            .field("summary", .string, .required)
            .field("changes", .string, .required)
            .field("ip", .string, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "audit_at_idx").on("audit_entries").column("at").column("id").run()
        try await sql.create(index: "audit_entity_idx").on("audit_entries").column("entity").column("entity_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("audit_entries").delete()
    }
}

struct CreateSettings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("settings")
            .field("key", .string, .identifier(auto: false))
            .field("value", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("settings").delete()
    }
}

struct CreateOrganizationProfile: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("organization_profile")
            .id()
            .field("legal_name", .string, .required)
            .field("legal_form", .string)
            .field("share_capital", .int64)
            .field("address_line1", .string)
            .field("address_line2", .string)
            .field("postcode", .string)
            .field("city", .string)
            .field("country", .string, .required)
            .field("siren", .string)
            .field("siret", .string)
            .field("vat_number", .string)
            .field("rcs_city", .string)
            .field("phone", .string)
            .field("email", .string)
            .field("website", .string)
            .field("iban", .string)
            .field("bic", .string)
            .field("route_start_address", .string)
            .field("logo", .data)
            .field("logo_content_type", .string)
            .field("updated_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("organization_profile").delete()
    }
}
