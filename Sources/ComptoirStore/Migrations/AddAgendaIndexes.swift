import FluentKit
import SQLKit

/// The agenda's reads bounded in time (issue #4): `short_span` and `series_last_end` (see `AgendaBounds`),
/// filled for existing rows, and indexes led by the start time for single interactions and series.
/// The indexes on `series_id` and `project_id` become partial (`IS NOT NULL`): SQLite, without statistics,
/// otherwise walks them for the agenda's `IS NULL` conditions as if those were selective.
struct AddAgendaIndexes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("interactions").field("short_span", .bool, .required, .sql(.default(false))).update()
        try await database.schema("interactions").field("series_last_end", .datetime).update()
        let sql = database as! any SQLDatabase
        for statement in [
            "DROP INDEX interactions_series_idx",
            "CREATE INDEX interactions_series_idx ON interactions (series_id) WHERE series_id IS NOT NULL",
            "DROP INDEX interactions_project_idx",
            "CREATE INDEX interactions_project_idx ON interactions (project_id) WHERE project_id IS NOT NULL",
            """
            CREATE INDEX interactions_agenda_single_idx ON interactions (starts_at, ends_at, owner_id, archived, project_id, id)
            WHERE rrule IS NULL AND series_id IS NULL AND short_span = true
            """,
            "CREATE INDEX interactions_agenda_long_idx ON interactions (ends_at) WHERE rrule IS NULL AND series_id IS NULL AND short_span = false",
            """
            CREATE INDEX interactions_agenda_series_idx ON interactions (starts_at, owner_id, archived, project_id, series_last_end, id)
            WHERE rrule IS NOT NULL AND series_id IS NULL
            """,
            "CREATE INDEX interaction_resources_resource_idx ON interaction_resources (resource_id, interaction_id)",
        ] {
            try await sql.raw("\(unsafeRaw: statement)").run()
        }
        try await AgendaBounds.refreshAll(on: database)
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for statement in [
            "DROP INDEX interaction_resources_resource_idx", "DROP INDEX interactions_agenda_series_idx",
            "DROP INDEX interactions_agenda_long_idx", "DROP INDEX interactions_agenda_single_idx",
            "DROP INDEX interactions_project_idx", "CREATE INDEX interactions_project_idx ON interactions (project_id)",
            "DROP INDEX interactions_series_idx", "CREATE INDEX interactions_series_idx ON interactions (series_id)",
        ] {
            try await sql.raw("\(unsafeRaw: statement)").run()
        }
        try await database.schema("interactions").deleteField("series_last_end").update()
        try await database.schema("interactions").deleteField("short_span").update()
    }
}
