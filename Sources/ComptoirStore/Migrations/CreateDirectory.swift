import FluentKit
import SQLKit

/// Companies, contacts, their links with a role, interest tags, and the search index.
struct CreateDirectory: AsyncMigration {
    func prepare(on database: any Database) async throws {
        func address(_ builder: SchemaBuilder, _ prefix: String) -> SchemaBuilder {
            builder
                .field(.string("\(prefix)line1"), .string).field(.string("\(prefix)line2"), .string)
                .field(.string("\(prefix)postcode"), .string).field(.string("\(prefix)city"), .string)
                .field(.string("\(prefix)country"), .string)
        }
        var companies = database.schema("companies")
            .id()
            .field("name", .string, .required)
            .field("name_folded", .string, .required)
            .field("legal_form", .string)
            .field("siren", .string)
            .field("siret", .string)
            .field("vat_number", .string)
            .field("naf_code", .string)
        companies = address(companies, "billing_")
        companies = address(companies, "delivery_")
        try await companies
            .field("phone", .string).field("phone_secondary", .string)
            .field("email", .string).field("email_secondary", .string)
            .field("website", .string)
            .field("is_prospect", .bool, .required).field("is_client", .bool, .required).field("is_supplier", .bool, .required)
            .field("owner_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("notes", .string)
            .field("archived", .bool, .required)
            .field("merged_into", .uuid)
            .field("created_at", .datetime).field("updated_at", .datetime)
            .create()

        var contacts = database.schema("contacts")
            .id()
            .field("civility", .string)
            .field("first_name", .string)
            .field("last_name", .string, .required)
            .field("display_name", .string, .required)
            .field("job_title", .string)
            .field("email", .string).field("email_secondary", .string)
            .field("mobile", .string).field("phone", .string)
        contacts = address(contacts, "address_")
        try await contacts
            .field("birth_date", .string)
            .field("notes", .string)
            .field("owner_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("archived", .bool, .required)
            .field("merged_into", .uuid)
            .field("created_at", .datetime).field("updated_at", .datetime)
            .create()

        try await database.schema("contact_companies")
            .id()
            .field("contact_id", .uuid, .required, .references("contacts", "id", onDelete: .cascade))
            .field("company_id", .uuid, .required, .references("companies", "id", onDelete: .cascade))
            .field("role", .string)
            .field("created_at", .datetime, .required)
            .unique(on: "contact_id", "company_id")
            .create()

        try await database.schema("tags")
            .id()
            .field("name", .string, .required)
            .field("parent_id", .uuid, .references("tags", "id", onDelete: .restrict))
            .field("path", .string, .required)
            .field("created_at", .datetime).field("updated_at", .datetime)
            .unique(on: "path")
            .create()
        for (table, column, parent) in [("company_tags", "company_id", "companies"), ("contact_tags", "contact_id", "contacts")] {
            try await database.schema(table)
                .id()
                .field(.string(column), .uuid, .required, .references(parent, "id", onDelete: .cascade))
                .field("tag_id", .uuid, .required, .references("tags", "id", onDelete: .cascade))
                .unique(on: .string(column), "tag_id")
                .create()
        }

        let sql = database as! any SQLDatabase
        let indexes: [(String, String, [String])] = [
            ("companies_name_idx", "companies", ["name", "id"]),
            ("companies_created_idx", "companies", ["created_at", "id"]),
            ("companies_city_idx", "companies", ["billing_city", "id"]),
            ("companies_siren_idx", "companies", ["siren"]),
            ("companies_dup_idx", "companies", ["name_folded", "billing_postcode"]),
            ("contacts_name_idx", "contacts", ["last_name", "id"]),
            ("contacts_display_idx", "contacts", ["display_name", "id"]),
            ("contacts_created_idx", "contacts", ["created_at", "id"]),
            ("contacts_email_idx", "contacts", ["email"]),
            ("contact_companies_company_idx", "contact_companies", ["company_id"]),
            ("company_tags_tag_idx", "company_tags", ["tag_id"]),
            ("contact_tags_tag_idx", "contact_tags", ["tag_id"]),
        ]
        for (name, table, columns) in indexes {
            var builder = sql.create(index: name).on(table)
            for column in columns { builder = builder.column(column) }
            try await builder.run()
        }
        try await SearchIndexSchema.create(on: sql)
    }

    func revert(on database: any Database) async throws {
        try await SearchIndexSchema.drop(on: database as! any SQLDatabase)
        for table in ["contact_tags", "company_tags", "tags", "contact_companies", "contacts", "companies"] {
            try await database.schema(table).delete()
        }
    }
}
