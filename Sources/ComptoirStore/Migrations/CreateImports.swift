import FluentKit
import SQLKit

/// Assisted import: saved configurations, batches with their progress and reports, and the journal
/// that lets « Annuler l'import » undo a batch. Records created by a batch carry its id (a column, not
/// a journal row, so a million-row import writes no extra row per record); what a batch changed on
/// records that existed before goes to the journal with the values it replaced.
/// One ALTER per column: SQLite adds a single column per statement.
struct CreateImports: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("import_profiles")
            .id()
            .field("name", .string, .required)
            .field("settings", .string, .required)
            .field("created_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "name")
            .create()

        try await database.schema("import_batches")
            .id()
            .field("file_name", .string, .required)
            .field("file_path", .string, .required)
            .field("file_kind", .string, .required)
            .field("file_size", .int64, .required)
            .field("settings", .string, .required)
            .field("analysis", .string, .required)
            .field("profile_id", .uuid, .references("import_profiles", "id", onDelete: .setNull))
            .field("user_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("status", .string, .required)
            .field("phase", .string)
            .field("simulation_report", .string)
            .field("report", .string)
            .field("rows_done", .int64, .required)
            .field("bytes_done", .int64, .required)
            .field("cancel_requested", .bool, .required)
            .field("stamp", .datetime)
            .field("started_at", .datetime)
            .field("finished_at", .datetime)
            .field("message", .string)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()

        try await database.schema("import_journal")
            .id()
            .field("batch_id", .uuid, .required, .references("import_batches", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("record_id", .uuid, .required)
            .field("row_id", .uuid)
            .field("before", .string)
            .create()

        for table in ["companies", "contacts"] {
            try await database.schema(table).field("import_batch_id", .uuid).update()
            try await database.schema(table).field("external_id", .string).update()
        }
        let sql = database as! any SQLDatabase
        let indexes: [(String, String, [String])] = [
            ("import_batches_created_idx", "import_batches", ["created_at", "id"]),
            ("import_journal_batch_idx", "import_journal", ["batch_id"]),
            ("companies_import_batch_idx", "companies", ["import_batch_id"]),
            ("contacts_import_batch_idx", "contacts", ["import_batch_id"]),
            ("companies_external_idx", "companies", ["external_id"]),
            ("contacts_external_idx", "contacts", ["external_id"]),
            // Matching an imported row to an existing company by SIRET.
            ("companies_siret_idx", "companies", ["siret"]),
        ]
        for (name, table, columns) in indexes {
            var builder = sql.create(index: name).on(table)
            for column in columns { builder = builder.column(column) }
            try await builder.run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for name in [
            "companies_import_batch_idx", "contacts_import_batch_idx", "companies_external_idx", "contacts_external_idx",
            "companies_siret_idx",
        ] {
            try await sql.drop(index: name).run()
        }
        for table in ["companies", "contacts"] {
            try await database.schema(table).deleteField("import_batch_id").update()
            try await database.schema(table).deleteField("external_id").update()
        }
        for table in ["import_journal", "import_batches", "import_profiles"] {
            try await database.schema(table).delete()
        }
    }
}
