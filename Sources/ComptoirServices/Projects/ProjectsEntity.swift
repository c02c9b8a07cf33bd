import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation
import SQLKit

/// « Projets » (dossiers): workspaces with typed members, interactions, documents and analytics.
public enum ProjectsEntity {
    public static let statuses = [
        FieldChoice("open", L("En cours", "Open")), FieldChoice("onHold", L("En attente", "On hold")), FieldChoice("closed", L("Clos", "Closed")),
    ]
    public static let visibilities = [
        FieldChoice("public", L("Public (tous les utilisateurs)", "Public (every user)")),
        FieldChoice("private", L("Privé (membres seulement)", "Private (members only)")),
    ]

    public static let definition: EntityDefinition = {
        var definition = EntityDefinition(
            name: "projects", table: "projects", singular: L("Projet", "Project"), plural: L("Projets", "Projects"), module: .projects,
            fields: [
                FieldDefinition("title", L("Titre", "Title"), .text(maxLength: 200), required: true, uses: [.standard, .list, .sort, .search]),
                FieldDefinition("code", L("Code", "Code"), .text(maxLength: 40), uses: [.standard, .list, .search]),
                FieldDefinition("status", L("État", "Status"), .choice(statuses), required: true, uses: [.standard, .list, .filter]),
                FieldDefinition("visibility", L("Visibilité", "Visibility"), .choice(visibilities), required: true, uses: [.standard, .list, .filter]),
                FieldDefinition("startsOn", L("Début", "Start"), .date, uses: [.standard, .list]),
                FieldDefinition("endsOn", L("Fin", "End"), .date),
                DirectoryFields.owner(),
                FieldDefinition("isTemplate", L("Modèle de projet", "Project template"), .bool, uses: [.standard, .filter],
                                help: L("Un modèle sert à créer d'autres projets (rôles, membres, plan d'interactions aux dates relatives).",
                                        "A template creates other projects (roles, members, an interaction plan with relative dates).")),
                FieldDefinition("description", L("Description", "Description"), .longText, uses: [.standard, .search]),
                FieldDefinition("salesTotal", L("Ventes", "Sales"), .money, uses: [.detail, .list]),
                FieldDefinition("purchasesTotal", L("Achats", "Purchases"), .money, uses: [.detail]),
                FieldDefinition("margin", L("Marge", "Margin"), .money, uses: [.detail, .list, .sort]),
                FieldDefinition("archived", L("Archivé", "Archived"), .bool, uses: [.detail, .edit, .filter]),
            ],
            htmlPath: "/projects", defaultSort: "title", titleColumn: "title",
            rules: EntityRules(
                prepare: prepare,
                afterWrite: { row, previous, context in
                    // The creator of a private project is its first member, so they keep seeing it.
                    if previous == nil, let user = context.actor?.userID {
                        try await ProjectMembers.add(.users, user, role: L("Responsable", "Owner").fr, to: row.id, context)
                    }
                }, resolve: DirectoryFields.resolveOwners))
        definition.defaults = [
            "status": .text("open"), "visibility": .text("public"), "is_template": .bool(false), "archived": .bool(false),
            "sales_total": .int(0), "purchases_total": .int(0), "margin": .int(0),
        ]
        definition.defaultFilters = ["archived": "false", "isTemplate": "false"]
        definition.rules.rowScope = scope
        definition.exportable = true
        definition.customFieldsEntity = "projects"
        return definition
    }()

    /// Administrators see every project; others public ones and the private ones they belong to.
    @Sendable public static func scope(_ context: ServiceContext) -> [ColumnFilter] {
        guard let actor = context.actor, !actor.isAdmin else { return [] }
        return [actor.isGuest ? .memberProjectRow(user: actor.userID) : .visibleProjectRow(user: actor.userID)]
    }

    @Sendable public static func prepare(
        _ values: inout [String: FieldValue], _ raw: [String: String], _ existing: TableRow?, _ context: ServiceContext
    ) async throws -> [String: [Localized]] {
        let starts = (values.keys.contains("starts_on") ? values["starts_on"]?.textValue : existing?["starts_on"].textValue).flatMap { CalendarDay(parsing: $0) }
        let ends = (values.keys.contains("ends_on") ? values["ends_on"]?.textValue : existing?["ends_on"].textValue).flatMap { CalendarDay(parsing: $0) }
        if let starts, let ends, ends < starts {
            return ["endsOn": [L("La fin est avant le début.", "The end is before the start.")]]
        }
        if let code = values["code"]?.textValue {
            let taken = try await TableStore.sqlDatabase(context.db).raw("SELECT id FROM projects WHERE code = \(bind: code)").all()
                .map { try $0.decode(column: "id", as: UUID.self) }
            if taken.contains(where: { $0 != existing?.id }) { return ["code": [L("Ce code est déjà utilisé.", "This code is already used.")]] }
        }
        return [:]
    }
}

/// Typed project members: users, contacts and companies in separate link tables, each with a role.
public enum ProjectMembers {
    public enum Kind: String, CaseIterable, Sendable {
        case users, contacts, companies

        public var table: String { "project_\(rawValue)" }
        public var column: String { self == .users ? "user_id" : (self == .contacts ? "contact_id" : "company_id") }
        public var label: Localized {
            switch self {
            case .users: return L("Utilisateur", "User")
            case .contacts: return L("Contact", "Contact")
            case .companies: return L("Société", "Company")
            }
        }
    }

    public struct Member: Sendable {
        public var kind: Kind
        public var id: UUID
        public var name: String
        public var role: String
    }

    public static func list(_ project: UUID, on db: any Database) async throws -> [Member] {
        let sql = try TableStore.sqlDatabase(db)
        var members: [Member] = []
        for (kind, join, name) in [(Kind.users, "users", "name"), (.contacts, "contacts", "display_name"), (.companies, "companies", "name")] {
            for row in try await sql.raw("""
                SELECT m.\(ident: kind.column) AS id, m.role, x.\(ident: name) AS name FROM \(ident: kind.table) m JOIN \(ident: join) x ON x.id = m.\(ident: kind.column)
                WHERE m.project_id = \(bind: project) ORDER BY x.\(ident: name)
                """).all() {
                members.append(Member(kind: kind, id: try row.decode(column: "id", as: UUID.self), name: try row.decode(column: "name", as: String.self),
                                      role: try row.decode(column: "role", as: String?.self) ?? ""))
            }
        }
        return members
    }

    /// Adds a member; the same member twice is refused with a message.
    public static func add(_ kind: Kind, _ member: UUID, role: String, to project: UUID, _ context: ServiceContext) async throws {
        let sql = try TableStore.sqlDatabase(context.db)
        if try await sql.raw("SELECT id FROM \(ident: kind.table) WHERE project_id = \(bind: project) AND \(ident: kind.column) = \(bind: member)").first() != nil {
            throw AppError(.conflict, code: "already_member", L("Ce membre fait déjà partie du projet.", "This member already belongs to the project."))
        }
        try await sql.raw("""
            INSERT INTO \(ident: kind.table) (id, project_id, \(ident: kind.column), role, created_at)
            VALUES (\(bind: context.newID()), \(bind: project), \(bind: member), \(bind: role), \(bind: context.now))
            """).run()
        try await AuditLog.record(.create, entity: kind.table, id: "\(project.uuidString.lowercased())/\(member.uuidString.lowercased())", summary: role,
                                  by: context.auditActor, at: context.now, on: context.db)
    }

    public static func remove(_ kind: Kind, _ member: UUID, from project: UUID, _ context: ServiceContext) async throws {
        try await context.transaction { context in
            try await TableStore.sqlDatabase(context.db).raw("DELETE FROM \(ident: kind.table) WHERE project_id = \(bind: project) AND \(ident: kind.column) = \(bind: member)").run()
            try await AuditLog.record(.delete, entity: kind.table, id: "\(project.uuidString.lowercased())/\(member.uuidString.lowercased())", summary: "",
                                      by: context.auditActor, at: context.now, on: context.db)
        }
    }

    /// Projects a company or contact belongs to, among those the user may see.
    public static func projects(of kind: Kind, _ id: UUID, _ context: ServiceContext) async throws -> [(UUID, String, String)] {
        var condition: SQLQueryString = ""
        if let actor = context.actor, !actor.isAdmin { condition = " AND \(ProjectAccess.visible("p.id", user: actor.userID))" }
        return try await TableStore.sqlDatabase(context.db).raw("""
            SELECT p.id, p.title, m.role FROM \(ident: kind.table) m JOIN projects p ON p.id = m.project_id
            WHERE m.\(ident: kind.column) = \(bind: id) AND p.archived = \(bind: false)\(condition) ORDER BY p.title
            """).all().map { (try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "title", as: String.self), try $0.decode(column: "role", as: String?.self) ?? "") }
    }
}
