import FluentKit
import SQLKit

/// Projects (« dossiers »): workspaces grouping users, contacts and companies (typed member links,
/// each with a role), with their analytics kept on the row so lists sort by margin.
struct CreateProjects: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("projects")
            .id()
            .field("title", .string, .required)
            .field("code", .string)
            .field("description", .string)
            .field("starts_on", .string)
            .field("ends_on", .string)
            .field("status", .string, .required)
            .field("visibility", .string, .required)
            .field("is_template", .bool, .required)
            .field("owner_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("sales_total", .int64, .required)
            .field("purchases_total", .int64, .required)
            .field("margin", .int64, .required)
            .field("archived", .bool, .required)
            .field("created_at", .datetime).field("updated_at", .datetime)
            .create()
        for (table, column, parent) in [
            ("project_users", "user_id", "users"), ("project_contacts", "contact_id", "contacts"),
            ("project_companies", "company_id", "companies"),
        ] {
            try await database.schema(table)
                .id()
                .field("project_id", .uuid, .required, .references("projects", "id", onDelete: .cascade))
                .field(.string(column), .uuid, .required, .references(parent, "id", onDelete: .cascade))
                .field("role", .string)
                .field("created_at", .datetime, .required)
                .unique(on: "project_id", .string(column))
                .create()
        }
        let sql = database as! any SQLDatabase
        for (name, table, columns) in [
            ("projects_title_idx", "projects", ["title", "id"]), ("projects_margin_idx", "projects", ["margin", "id"]),
            ("projects_created_idx", "projects", ["created_at", "id"]), ("project_users_user_idx", "project_users", ["user_id"]),
            ("project_contacts_contact_idx", "project_contacts", ["contact_id"]),
            ("project_companies_company_idx", "project_companies", ["company_id"]),
            ("interactions_project_idx", "interactions", ["project_id"]),
        ] as [(String, String, [String])] {
            var builder = sql.create(index: name).on(table)
            for column in columns { builder = builder.column(column) }
            try await builder.run()
        }
    }

    func revert(on database: any Database) async throws {
        for table in ["project_companies", "project_contacts", "project_users", "projects"] {
            try await database.schema(table).delete()
        }
    }
}
