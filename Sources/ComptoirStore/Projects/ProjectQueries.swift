import ComptoirCore
import FluentKit
import Foundation
import SQLKit

/// Project reads by what users type.
public enum ProjectQueries {
    /// Projects matching `text` (an id; else a code, or a part of the title among live projects), visible to
    /// `user` (nil: every project), at most ten, in French title order.
    public static func find(_ text: String, visibleTo user: UUID?, on db: any Database) async throws -> [(UUID, String)] {
        var scope: SQLQueryString = ""
        if let user { scope = " AND \(ProjectAccess.visible("id", user: user))" }
        let sql = try TableStore.sqlDatabase(db)
        let rows: [any SQLRow]
        if let id = UUID(uuidString: text) {
            rows = try await sql.raw("SELECT id, title FROM projects WHERE id = \(bind: id)\(scope)").all()
        } else {
            // The title's sort key holds the title folded (no accents, no case, punctuation as spaces) and nothing LIKE
            // reads as a wildcard: « assurance-vie » finds « Placement Assurance vie », « epargne » finds « Épargne ».
            let words = frenchSortKeyPrefix(text)
            let title: SQLQueryString = words.isEmpty ? "" : " OR title_sort LIKE \(bind: "%" + words + "%")"
            rows = try await sql.raw(
                """
                SELECT id, title FROM projects WHERE archived = \(bind: false) AND (code = \(bind: text)\(title))\(scope)
                ORDER BY title_sort, id LIMIT 10
                """
            ).all()
        }
        return try rows.map { (try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "title", as: String.self)) }
    }
}

extension ProjectQueries {
    /// The projects holding `code` (at most one unless the data predates the rule).
    public static func ids(withCode code: String, on db: any Database) async throws -> [UUID] {
        try await TableStore.sqlDatabase(db).raw("SELECT id FROM projects WHERE code = \(bind: code)").all()
            .map { try $0.decode(column: "id", as: UUID.self) }
    }

    /// One line of a project's timeline.
    public struct TimelineItem: Sendable, Hashable {
        public var id: UUID
        public var subject: String
        public var type: String
        /// When it takes place, else when it was created.
        public var date: Date
        public var done: Bool
    }

    /// The project's live interactions, latest first (at most `limit`).
    public static func timeline(_ project: UUID, limit: Int = 100, on db: any Database) async throws -> [TimelineItem] {
        try await TableStore.sqlDatabase(db).raw(
            """
            SELECT i.id, i.subject, i.starts_at, i.created_at, i.done, t.name AS type FROM interactions i JOIN interaction_types t ON t.id = i.type_id
            WHERE i.project_id = \(bind: project) AND i.archived = \(bind: false) ORDER BY COALESCE(i.starts_at, i.created_at) DESC LIMIT \(bind: limit)
            """
        ).all().map { row in
            TimelineItem(
                id: try row.decode(column: "id", as: UUID.self), subject: try row.decode(column: "subject", as: String.self),
                type: try row.decode(column: "type", as: String.self),
                date: try row.decode(column: "starts_at", as: Date?.self) ?? (try row.decode(column: "created_at", as: Date.self)),
                done: try row.decode(column: "done", as: Bool?.self) ?? false)
        }
    }

    /// The resources booked by the project's interactions (id, name), by name.
    public static func resources(usedBy project: UUID, on db: any Database) async throws -> [(UUID, String)] {
        try await TableStore.sqlDatabase(db).raw(
            """
            SELECT DISTINCT r.id, r.name FROM interaction_resources l JOIN resources r ON r.id = l.resource_id
            JOIN interactions i ON i.id = l.interaction_id WHERE i.project_id = \(bind: project) ORDER BY r.name
            """
        ).all().map { (try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "name", as: String.self)) }
    }

    /// Gives `copy` the contacts, participants and resources of the interaction `source` (a template's plan).
    public static func copyInteractionLinks(from source: UUID, to copy: UUID, on db: any Database) async throws {
        let sql = try TableStore.sqlDatabase(db)
        for (table, column) in [
            ("interaction_contacts", "contact_id"), ("interaction_participants", "user_id"), ("interaction_resources", "resource_id"),
        ] {
            try await sql.raw(
                """
                INSERT INTO \(ident: table) (id, interaction_id, \(ident: column))
                SELECT \(unsafeRaw: ProjectMemberStore.randomUUIDExpression(sql)), \(bind: copy), \(ident: column) FROM \(ident: table) WHERE interaction_id = \(bind: source)
                """
            ).run()
        }
    }
}
