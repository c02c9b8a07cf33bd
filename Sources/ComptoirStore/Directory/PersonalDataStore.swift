import FluentKit
import Foundation
import SQLKit

/// An interaction as a person's data export shows it.
public struct PersonalInteraction: Sendable, Hashable {
    public var id: UUID
    public var type: String
    public var subject: String
    public var description: String?
    public var location: String?
    public var startsAt: Date?
    public var endsAt: Date?
    public var dueDate: String?
    public var done: Bool
    public var stage: String?
    public var project: String?
    public var company: String?
    public var createdAt: Date
}

/// The SQL of a person's erasure and of their data export (GDPR).
public enum PersonalDataStore {
    /// The columns of a contact that hold personal data, emptied by an erasure (the names get the placeholder).
    public static let erasedColumns = [
        "civility", "first_name", "job_title", "email", "email_secondary", "mobile", "phone", "address_line1", "address_line2",
        "address_postcode", "address_city", "address_country", "birth_date", "notes", "external_id",
    ]

    /// Replaces a contact's personal data with `placeholder` (its names) and nothing (the rest), and marks it erased.
    public static func erase(_ id: UUID, placeholder: String, at date: Date, on db: any Database) async throws {
        var update = try TableStore.sqlDatabase(db).update("contacts")
        for column in erasedColumns { update = update.set(SQLIdentifier(column), to: SQLLiteral.null) }
        // The names and their French sort keys (`SortKeys`), as `TableStore.update` writes them.
        var names: [String: FieldValue] = ["last_name": .text(placeholder), "display_name": .text(placeholder)]
        SortKeys.complete("contacts", &names)
        for (column, value) in names { update = update.set(SQLIdentifier(column), to: SQLBind(value.textValue ?? "")) }
        try await update.set("erased_at", to: SQLBind(date)).set("updated_at", to: SQLBind(date)).where("id", .equal, id).run()
    }

    /// When the contact was erased, if it was.
    public static func erasedAt(_ id: UUID, on db: any Database) async throws -> Date? {
        try await TableStore.sqlDatabase(db).raw("SELECT erased_at FROM contacts WHERE id = \(bind: id)").first()?
            .decode(column: "erased_at", as: Date?.self)
    }

    /// Texts of the interactions the contacts take part in: (id, subject, description, location).
    public static func interactionTexts(ofContacts ids: [UUID], on db: any Database) async throws -> [(
        id: UUID, subject: String, description: String?, location: String?
    )] {
        guard !ids.isEmpty else { return [] }
        let binds: [any Encodable & Sendable] = ids
        return try await TableStore.sqlDatabase(db).raw(
            """
            SELECT id, subject, description, location FROM interactions
            WHERE id IN (SELECT interaction_id FROM interaction_contacts WHERE contact_id IN (\(binds: binds)))
            """
        ).all().map {
            (
                try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "subject", as: String.self),
                try $0.decode(column: "description", as: String?.self), try $0.decode(column: "location", as: String?.self)
            )
        }
    }

    /// Audit entries whose summary or changes hold one of `terms` (compared in lower case): (id, summary, changes).
    public static func auditEntries(mentioning terms: [String], on db: any Database) async throws -> [(
        id: UUID, summary: String, changes: String
    )] {
        let terms = terms.filter { $0.count >= 3 }
        guard !terms.isEmpty else { return [] }
        // As written and in lower case: SQLite's LOWER() folds ASCII letters only, PostgreSQL's every letter.
        var patterns: [String] = []
        for term in terms {
            for variant in [term, term.lowercased()] where !patterns.contains(pattern(variant)) { patterns.append(pattern(variant)) }
        }
        var condition = SQLQueryString("")
        for (index, pattern) in patterns.enumerated() {
            if index > 0 { condition.appendLiteral(" OR ") }
            condition.appendInterpolation(
                SQLQueryString(
                    """
                    summary LIKE \(bind: pattern) ESCAPE '!' OR changes LIKE \(bind: pattern) ESCAPE '!' \
                    OR LOWER(summary) LIKE \(bind: pattern) ESCAPE '!' OR LOWER(changes) LIKE \(bind: pattern) ESCAPE '!'
                    """))
        }
        return try await TableStore.sqlDatabase(db).raw("SELECT id, summary, changes FROM audit_entries WHERE \(condition)").all().map {
            (
                try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "summary", as: String.self),
                try $0.decode(column: "changes", as: String.self)
            )
        }
    }

    /// `%text%` with LIKE's wildcards escaped by `!`, case kept.
    private static func pattern(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "!" || character == "%" || character == "_" { escaped.append("!") }
            escaped.append(character)
        }
        return "%" + escaped + "%"
    }

    public static func updateAuditEntry(_ id: UUID, summary: String, changes: String, on db: any Database) async throws {
        try await TableStore.sqlDatabase(db).raw(
            "UPDATE audit_entries SET summary = \(bind: summary), changes = \(bind: changes) WHERE id = \(bind: id)"
        ).run()
    }

    /// Every interaction the contact takes part in that `viewer` may see, oldest first, archived ones included.
    public static func interactions(ofContact id: UUID, viewer: ProjectViewer, on db: any Database) async throws -> [PersonalInteraction] {
        var narrowing: SQLQueryString = ""
        if viewer != .everything { narrowing.appendInterpolation(SQLQueryString(" AND \(ProjectAccess.visible("i.project_id", viewer))")) }
        return try await TableStore.sqlDatabase(db).raw(
            """
            SELECT i.id, t.name AS type, i.subject, i.description, i.location, i.starts_at, i.ends_at, i.due_date, i.done,
            s.name AS stage, p.title AS project, c.name AS company, i.created_at FROM interactions i
            JOIN interaction_types t ON t.id = i.type_id LEFT JOIN pipeline_stages s ON s.id = i.stage_id
            LEFT JOIN projects p ON p.id = i.project_id LEFT JOIN companies c ON c.id = i.company_id
            WHERE i.id IN (SELECT interaction_id FROM interaction_contacts WHERE contact_id = \(bind: id))\(narrowing)
            ORDER BY COALESCE(i.starts_at, i.created_at), i.id
            """
        ).all().map {
            PersonalInteraction(
                id: try $0.decode(column: "id", as: UUID.self), type: try $0.decode(column: "type", as: String.self),
                subject: try $0.decode(column: "subject", as: String.self),
                description: try $0.decode(column: "description", as: String?.self),
                location: try $0.decode(column: "location", as: String?.self), startsAt: try $0.decode(column: "starts_at", as: Date?.self),
                endsAt: try $0.decode(column: "ends_at", as: Date?.self), dueDate: try $0.decode(column: "due_date", as: String?.self),
                done: try $0.decode(column: "done", as: Bool.self), stage: try $0.decode(column: "stage", as: String?.self),
                project: try $0.decode(column: "project", as: String?.self), company: try $0.decode(column: "company", as: String?.self),
                createdAt: try $0.decode(column: "created_at", as: Date.self))
        }
    }
}
