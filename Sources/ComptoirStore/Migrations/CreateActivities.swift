import FluentKit
import Foundation
import SQLKit

/// Interactions with their types and pipeline stages, resources and their bookings (double booking
/// refused by the database itself), attachments, stage history and agenda feeds.
struct CreateActivities: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("interaction_types")
            .id()
            .field("name", .string, .required)
            .field("position", .int64, .required)
            .field("has_pipeline", .bool, .required)
            .field("active", .bool, .required)
            .field("created_at", .datetime).field("updated_at", .datetime)
            .unique(on: "name")
            .create()
        try await database.schema("pipeline_stages")
            .id()
            .field("type_id", .uuid, .required, .references("interaction_types", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("position", .int64, .required)
            .field("probability", .int64, .required)
            .field("outcome", .string, .required)
            .field("active", .bool, .required)
            .field("created_at", .datetime).field("updated_at", .datetime)
            .unique(on: "type_id", "name")
            .create()
        try await database.schema("resources")
            .id()
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("capacity", .int64)
            .field("location", .string)
            .field("active", .bool, .required)
            .field("created_at", .datetime).field("updated_at", .datetime)
            .unique(on: "name")
            .create()
        try await database.schema("interactions")
            .id()
            .field("type_id", .uuid, .required, .references("interaction_types", "id", onDelete: .restrict))
            .field("subject", .string, .required)
            .field("description", .string)
            .field("location", .string)
            .field("starts_at", .datetime)
            .field("ends_at", .datetime)
            .field("all_day", .bool, .required)
            .field("due_date", .string)
            .field("done", .bool, .required)
            .field("done_at", .datetime)
            .field("stage_id", .uuid, .references("pipeline_stages", "id", onDelete: .restrict))
            .field("stage_changed_at", .datetime)
            .field("amount", .int64)
            .field("owner_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("company_id", .uuid, .references("companies", "id", onDelete: .setNull))
            .field("project_id", .uuid)
            .field("campaign_id", .uuid)
            .field("campaign_target_id", .uuid)
            .field("follow_up_of", .uuid)
            .field("rrule", .string)
            .field("exdates", .string)
            .field("series_id", .uuid, .references("interactions", "id", onDelete: .cascade))
            .field("original_start", .datetime)
            .field("archived", .bool, .required)
            .field("created_at", .datetime).field("updated_at", .datetime)
            .create()
        for (table, column, parent) in [
            ("interaction_contacts", "contact_id", "contacts"), ("interaction_participants", "user_id", "users"),
            ("interaction_resources", "resource_id", "resources"),
        ] {
            try await database.schema(table)
                .id()
                .field("interaction_id", .uuid, .required, .references("interactions", "id", onDelete: .cascade))
                .field(.string(column), .uuid, .required, .references(parent, "id", onDelete: .cascade))
                .unique(on: "interaction_id", .string(column))
                .create()
        }
        try await database.schema("stage_history")
            .id()
            .field("interaction_id", .uuid, .required, .references("interactions", "id", onDelete: .cascade))
            .field("stage_id", .uuid, .required, .references("pipeline_stages", "id", onDelete: .cascade))
            .field("entered_at", .datetime, .required)
            .field("left_at", .datetime)
            .field("user_id", .uuid)
            .create()
        try await database.schema("resource_bookings")
            .id()
            .field("resource_id", .uuid, .required, .references("resources", "id", onDelete: .cascade))
            .field("interaction_id", .uuid, .required, .references("interactions", "id", onDelete: .cascade))
            .field("starts_at", .datetime, .required)
            .field("ends_at", .datetime, .required)
            .create()
        try await database.schema("blobs")
            .field("sha256", .string, .identifier(auto: false))
            .field("size", .int64, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("attachments")
            .id()
            .field("owner_kind", .string, .required)
            .field("owner_id", .uuid, .required)
            .field("sha256", .string, .required, .references("blobs", "sha256", onDelete: .restrict))
            .field("original_name", .string, .required)
            .field("content_type", .string, .required)
            .field("size", .int64, .required)
            .field("created_by", .uuid)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("calendar_feeds")
            .id()
            .field("kind", .string, .required)
            .field("subject_id", .uuid, .required)
            .field("token_hash", .string, .required)
            .field("created_by", .uuid)
            .field("created_at", .datetime, .required)
            .field("last_used_at", .datetime)
            .field("revoked_at", .datetime)
            .unique(on: "token_hash")
            .create()

        let sql = database as! any SQLDatabase
        let indexes: [(String, String, [String])] = [
            ("interactions_starts_idx", "interactions", ["starts_at"]),
            ("interactions_owner_idx", "interactions", ["owner_id", "starts_at"]),
            ("interactions_company_idx", "interactions", ["company_id", "created_at"]),
            ("interactions_stage_idx", "interactions", ["type_id", "stage_id"]),
            ("interactions_due_idx", "interactions", ["done", "due_date"]),
            ("interactions_series_idx", "interactions", ["series_id"]),
            ("interactions_campaign_idx", "interactions", ["campaign_id", "campaign_target_id"]),
            ("interactions_created_idx", "interactions", ["created_at", "id"]),
            ("interactions_subject_idx", "interactions", ["subject", "id"]),
            ("interaction_contacts_contact_idx", "interaction_contacts", ["contact_id"]),
            ("interaction_participants_user_idx", "interaction_participants", ["user_id"]),
            ("stage_history_interaction_idx", "stage_history", ["interaction_id", "entered_at"]),
            ("resource_bookings_slot_idx", "resource_bookings", ["resource_id", "starts_at"]),
            ("resource_bookings_interaction_idx", "resource_bookings", ["interaction_id"]),
            ("attachments_owner_idx", "attachments", ["owner_kind", "owner_id"]),
        ]
        for (name, table, columns) in indexes {
            var builder = sql.create(index: name).on(table)
            for column in columns { builder = builder.column(column) }
            try await builder.run()
        }
        try await BookingGuard.install(on: sql)
        try await ActivityDefaults.seed(on: sql)
    }

    func revert(on database: any Database) async throws {
        try await BookingGuard.remove(on: database as! any SQLDatabase)
        for table in [
            "calendar_feeds", "attachments", "blobs", "resource_bookings", "stage_history", "interaction_resources",
            "interaction_participants", "interaction_contacts", "interactions", "resources", "pipeline_stages", "interaction_types",
        ] {
            try await database.schema(table).delete()
        }
    }
}

/// The database refuses two bookings of one resource that overlap in time: a trigger on SQLite
/// (writes are serialised there), and on PostgreSQL a trigger that first takes a transaction-level
/// advisory lock on the resource, so two concurrent transactions cannot both pass the check.
enum BookingGuard {
    static let message = "booking_conflict"

    static func install(on sql: any SQLDatabase) async throws {
        if sql.dialect.name == "postgresql" {
            try await sql.raw(
                """
                CREATE FUNCTION resource_bookings_no_overlap() RETURNS trigger AS $$
                DECLARE other uuid;
                BEGIN
                    PERFORM pg_advisory_xact_lock(hashtextextended(NEW.resource_id::text, 0));
                    SELECT interaction_id INTO other FROM resource_bookings
                     WHERE resource_id = NEW.resource_id AND id <> NEW.id AND starts_at < NEW.ends_at AND ends_at > NEW.starts_at LIMIT 1;
                    IF other IS NOT NULL THEN
                        RAISE EXCEPTION 'booking_conflict:%', other USING ERRCODE = '23P01';
                    END IF;
                    RETURN NEW;
                END $$ LANGUAGE plpgsql
                """
            ).run()
            try await sql.raw(
                """
                CREATE TRIGGER resource_bookings_no_overlap BEFORE INSERT OR UPDATE ON resource_bookings
                FOR EACH ROW EXECUTE FUNCTION resource_bookings_no_overlap()
                """
            ).run()
        } else {
            for event in ["INSERT", "UPDATE"] {
                try await sql.raw(
                    """
                    CREATE TRIGGER resource_bookings_no_overlap_\(unsafeRaw: event.lowercased()) BEFORE \(unsafeRaw: event) ON resource_bookings
                    WHEN EXISTS (SELECT 1 FROM resource_bookings b WHERE b.resource_id = NEW.resource_id AND b.id <> NEW.id
                                 AND b.starts_at < NEW.ends_at AND b.ends_at > NEW.starts_at)
                    BEGIN SELECT RAISE(ABORT, 'booking_conflict'); END
                    """
                ).run()
            }
        }
    }

    static func remove(on sql: any SQLDatabase) async throws {
        if sql.dialect.name == "postgresql" {
            try await sql.raw("DROP TRIGGER IF EXISTS resource_bookings_no_overlap ON resource_bookings").run()
            try await sql.raw("DROP FUNCTION IF EXISTS resource_bookings_no_overlap()").run()
        }
    }
}

/// The default interaction types and the stages of « Vente » and « Achat ».
public enum ActivityDefaults {
    /// Fixed ids, so the defaults are the same in every database.
    public static func id(_ n: Int) -> UUID {
        UUID(uuidString: String(format: "00000000-0000-4000-a000-%012d", n))!
    }

    public static let saleTypeID = id(105)
    public static let purchaseTypeID = id(106)

    public static let types: [(Int, String, Bool)] = [
        (101, "Appel", false), (102, "Rendez-vous", false), (103, "E-mail", false), (104, "Tâche", false),
        (105, "Vente", true), (106, "Achat", true), (107, "Contrat", true), (108, "Formation", false), (109, "Note", false),
    ]

    static let saleStages: [(String, Int, String)] = [
        ("Vente - 1 - Prise de contact", 10, "open"), ("Vente - 2 - Découverte des besoins", 20, "open"),
        ("Vente - 3 - Proposition", 40, "open"), ("Vente - 4 - Négociation", 60, "open"),
        ("Vente - 5 - Accord verbal", 80, "open"), ("Vente - 6 - Gagné", 100, "won"), ("Vente - 7 - Perdu", 0, "lost"),
    ]

    static let otherStages: [(UUID, [(String, Int, String)])] = [
        (
            id(106),
            [("Achat - 1 - Demande de prix", 20, "open"), ("Achat - 2 - Commandé", 100, "won"), ("Achat - 3 - Abandonné", 0, "lost")]
        ),
        (
            id(107),
            [("Contrat - 1 - En préparation", 30, "open"), ("Contrat - 2 - Signé", 100, "won"), ("Contrat - 3 - Refusé", 0, "lost")]
        ),
    ]

    static func seed(on sql: any SQLDatabase) async throws {
        for (index, (n, name, pipeline)) in types.enumerated() {
            try await sql.raw(
                """
                INSERT INTO interaction_types (id, name, position, has_pipeline, active) VALUES
                (\(bind: id(n)), \(bind: name), \(bind: Int64(index * 10)), \(bind: pipeline), \(bind: true))
                """
            ).run()
        }
        var stageNumber = 200
        for (type, stages) in [(saleTypeID, saleStages)] + otherStages {
            for (index, (name, probability, outcome)) in stages.enumerated() {
                stageNumber += 1
                try await sql.raw(
                    """
                    INSERT INTO pipeline_stages (id, type_id, name, position, probability, outcome, active) VALUES
                    (\(bind: id(stageNumber)), \(bind: type), \(bind: name), \(bind: Int64(index * 10)), \(bind: Int64(probability)), \(bind: outcome), \(bind: true))
                    """
                ).run()
            }
        }
    }
}
