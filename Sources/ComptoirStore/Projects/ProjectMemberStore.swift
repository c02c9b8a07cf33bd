import FluentKit
import Foundation
import SQLKit

/// The kinds of project members: users, contacts and companies, each in its own link table with a role.
public enum ProjectMemberKind: String, CaseIterable, Sendable {
    case users, contacts, companies

    /// The link table (`project_users`…).
    public var table: String { "project_\(rawValue)" }
    /// The link table's column holding the member's id.
    public var column: String { self == .users ? "user_id" : (self == .contacts ? "contact_id" : "company_id") }
    /// The member's own table and the column that names them.
    var recordTable: String { rawValue }
    var nameColumn: String { self == .contacts ? "display_name" : "name" }
    /// Users have no sort key (`SortKeys`): they are few, and in byte order.
    var orderColumn: String {
        switch self {
        case .contacts: "display_name_sort"
        case .companies: "name_sort"
        default: "name"
        }
    }
}

/// One member of a project as stored: kind, id, name and role.
public struct ProjectMemberRow: Sendable, Hashable {
    public var kind: ProjectMemberKind
    public var id: UUID
    public var name: String
    public var role: String
}

/// The member links of projects. Writers call these inside their transaction, under the lock they took.
public enum ProjectMemberStore {
    /// Every member of a project: users, then contacts, then companies, each by name.
    public static func list(_ project: UUID, on db: any Database) async throws -> [ProjectMemberRow] {
        let sql = try TableStore.sqlDatabase(db)
        var members: [ProjectMemberRow] = []
        for kind in ProjectMemberKind.allCases {
            for row in try await sql.raw(
                """
                SELECT m.\(ident: kind.column) AS id, m.role, x.\(ident: kind.nameColumn) AS name FROM \(ident: kind.table) m
                JOIN \(ident: kind.recordTable) x ON x.id = m.\(ident: kind.column)
                WHERE m.project_id = \(bind: project) ORDER BY x.\(ident: kind.orderColumn)
                """
            ).all() {
                members.append(
                    ProjectMemberRow(
                        kind: kind, id: try row.decode(column: "id", as: UUID.self), name: try row.decode(column: "name", as: String.self),
                        role: try row.decode(column: "role", as: String?.self) ?? ""))
            }
        }
        return members
    }

    /// The active users (id, name, e-mail), by name: the members' typeahead folds and matches them in memory (a
    /// small business has tens of users; at most `limit` are read).
    public static func activeUsers(limit: Int = 5_000, on db: any Database) async throws -> [(id: UUID, name: String, email: String)] {
        try await TableStore.sqlDatabase(db).raw(
            "SELECT id, name, email FROM users WHERE active = \(bind: true) ORDER BY name, id LIMIT \(unsafeRaw: String(limit))"
        ).all().map {
            (
                try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "name", as: String.self),
                try $0.decode(column: "email", as: String.self)
            )
        }
    }

    /// Whether `member` already belongs to `project`.
    public static func contains(_ kind: ProjectMemberKind, _ member: UUID, in project: UUID, on db: any Database) async throws -> Bool {
        try await TableStore.sqlDatabase(db).raw(
            """
            SELECT id FROM \(ident: kind.table) WHERE project_id = \(bind: project) AND \(ident: kind.column) = \(bind: member)
            """
        ).first() != nil
    }

    public static func insert(
        _ kind: ProjectMemberKind, id: UUID, member: UUID, role: String, project: UUID, at date: Date, on db: any Database
    ) async throws {
        try await TableStore.sqlDatabase(db).raw(
            """
            INSERT INTO \(ident: kind.table) (id, project_id, \(ident: kind.column), role, created_at)
            VALUES (\(bind: id), \(bind: project), \(bind: member), \(bind: role), \(bind: date))
            """
        ).run()
    }

    public static func delete(_ kind: ProjectMemberKind, _ member: UUID, from project: UUID, on db: any Database) async throws {
        try await TableStore.sqlDatabase(db).raw(
            """
            DELETE FROM \(ident: kind.table) WHERE project_id = \(bind: project) AND \(ident: kind.column) = \(bind: member)
            """
        ).run()
    }

    /// Whether the user, contact or company `id` exists.
    public static func recordExists(_ kind: ProjectMemberKind, _ id: UUID, on db: any Database) async throws -> Bool {
        try await TableStore.sqlDatabase(db).raw("SELECT id FROM \(ident: kind.recordTable) WHERE id = \(bind: id)").first() != nil
    }

    /// The live projects `member` belongs to (id, title, role), by title; with `user`, only those the user may see.
    public static func projects(of kind: ProjectMemberKind, _ member: UUID, visibleTo user: UUID?, on db: any Database) async throws -> [(
        UUID, String, String
    )] {
        var condition: SQLQueryString = ""
        if let user { condition = " AND \(ProjectAccess.visible("p.id", user: user))" }
        return try await TableStore.sqlDatabase(db).raw(
            """
            SELECT p.id, p.title, m.role FROM \(ident: kind.table) m JOIN projects p ON p.id = m.project_id
            WHERE m.\(ident: kind.column) = \(bind: member) AND p.archived = \(bind: false)\(condition) ORDER BY p.title_sort
            """
        ).all().map {
            (
                try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "title", as: String.self),
                try $0.decode(column: "role", as: String?.self) ?? ""
            )
        }
    }

    /// Gives `project` every member of `source` with the same roles (a project made from a template).
    public static func copy(from source: UUID, to project: UUID, at date: Date, on db: any Database) async throws {
        let sql = try TableStore.sqlDatabase(db)
        for kind in ProjectMemberKind.allCases {
            try await sql.raw(
                """
                INSERT INTO \(ident: kind.table) (id, project_id, \(ident: kind.column), role, created_at)
                SELECT \(unsafeRaw: randomUUIDExpression(sql)), \(bind: project), \(ident: kind.column), role, \(bind: date)
                FROM \(ident: kind.table) WHERE project_id = \(bind: source)
                """
            ).run()
        }
    }

    /// A new random id computed by the database, for INSERT … SELECT copies.
    static func randomUUIDExpression(_ sql: any SQLDatabase) -> String {
        sql.dialect.name == "postgresql" ? "gen_random_uuid()" : "randomblob(16)"
    }
}
