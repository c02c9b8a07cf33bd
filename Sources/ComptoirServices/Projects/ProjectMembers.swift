import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation

extension ProjectMemberKind {
    public var label: Localized {
        switch self {
        case .users: return L("Utilisateur", "User")
        case .contacts: return L("Contact", "Contact")
        case .companies: return L("Société", "Company")
        }
    }

    /// The heading of the kind's group (« Utilisateurs », « Contacts », « Sociétés »).
    public var groupLabel: Localized {
        switch self {
        case .users: return L("Utilisateurs", "Users")
        case .contacts: return L("Contacts", "Contacts")
        case .companies: return L("Sociétés", "Companies")
        }
    }
}

/// Typed project members: users, contacts and companies in separate link tables, each with a role.
///
/// Every change has the write shape: one transaction, the `project_members` lock, the check (« already a
/// member ») made under it, the write, the audit entry. Called from inside another write (a project's creator,
/// a guest's default project), it joins that write's transaction.
public enum ProjectMembers {
    public typealias Kind = ProjectMemberKind

    public struct Member: Sendable {
        public var kind: Kind
        public var id: UUID
        public var name: String
        public var role: String
    }

    /// The lock every change of project members takes.
    static let lockScope = "project_members"

    public static let alreadyMember = AppError(
        .conflict, code: "already_member", L("Ce membre fait déjà partie du projet.", "This member already belongs to the project."))

    public static func list(_ project: UUID, on db: any Database) async throws -> [Member] {
        try await ProjectMemberStore.list(project, on: db).map { Member(kind: $0.kind, id: $0.id, name: $0.name, role: $0.role) }
    }

    /// The members of a project the actor may see (404 otherwise).
    public static func list(of project: UUID, _ context: ServiceContext) async throws -> [Member] {
        try await list(try await visibleProject(project, context), on: context.db)
    }

    /// Adds a member; the same member twice is refused (`already_member`), checked under the lock.
    public static func add(_ kind: Kind, _ member: UUID, role: String, to project: UUID, _ context: ServiceContext) async throws {
        try await context.transaction { context in
            try await WriteLock.acquire(lockScope, on: context.db)
            if try await ProjectMemberStore.contains(kind, member, in: project, on: context.db) { throw alreadyMember }
            try await ProjectMemberStore.insert(
                kind, id: context.newID(), member: member, role: role, project: project, at: context.now, on: context.db)
            try await AuditLog.record(
                .create, entity: kind.table, id: "\(project.uuidString.lowercased())/\(member.uuidString.lowercased())", summary: role,
                by: context.auditActor, at: context.now, on: context.db)
        }
    }

    /// Puts a guest in their default project from inside the write of their user row, which holds the users' lock. No
    /// members' lock is taken here: taking it after the users' lock deadlocked on PostgreSQL with a transaction holding
    /// them the other way round. Nobody else adds this member to this project meanwhile in practice (the account is
    /// being written), and the unique index on (project, user) refuses a duplicate anyway.
    static func addGuest(_ user: UUID, to project: UUID, _ context: ServiceContext) async throws {
        guard try await ProjectMemberStore.contains(.users, user, in: project, on: context.db) == false else { return }
        try await ProjectMemberStore.insert(
            .users, id: context.newID(), member: user, role: "Invité", project: project, at: context.now, on: context.db)
        try await AuditLog.record(
            .create, entity: Kind.users.table, id: "\(project.uuidString.lowercased())/\(user.uuidString.lowercased())", summary: "Invité",
            by: context.auditActor, at: context.now, on: context.db)
    }

    public static func remove(_ kind: Kind, _ member: UUID, from project: UUID, _ context: ServiceContext) async throws {
        try await context.transaction { context in
            try await WriteLock.acquire(lockScope, on: context.db)
            try await ProjectMemberStore.delete(kind, member, from: project, on: context.db)
            try await AuditLog.record(
                .delete, entity: kind.table, id: "\(project.uuidString.lowercased())/\(member.uuidString.lowercased())", summary: "",
                by: context.auditActor, at: context.now, on: context.db)
        }
    }

    /// Projects a company or contact belongs to, among those the user may see.
    public static func projects(of kind: Kind, _ id: UUID, _ context: ServiceContext) async throws -> [(UUID, String, String)] {
        let user = context.seesEverything ? nil : (context.actor?.userID ?? UUID())
        return try await ProjectMemberStore.projects(of: kind, id, visibleTo: user, on: context.db)
    }

    // MARK: - Use cases of the pages and the API

    /// How the member to add is named: an id (the API), or what a user typed (an e-mail or name for a user,
    /// a name, e-mail or SIRET for a contact or company).
    public enum Target: Sendable {
        case id(String)
        case typed(String)
    }

    /// « Ajouter un membre »: the project must be visible and the actor allowed to change projects, the kind known
    /// and the member found; then `add`. Returns the member's id.
    @discardableResult
    public static func addToProject(
        _ projectID: UUID, kind rawKind: String, target: Target, role: String, _ context: ServiceContext
    ) async throws -> UUID {
        let project = try await visibleProject(projectID, context)
        try context.authorize(.write, .projects)
        guard let kind = Kind(rawValue: rawKind) else {
            throw AppError.validation([
                "kind": [L("Type inconnu (users, contacts ou companies).", "Unknown kind (users, contacts or companies).")]
            ])
        }
        let member: UUID
        switch target {
        case .id(let raw):
            guard let id = UUID(uuidString: raw), try await ProjectMemberStore.recordExists(kind, id, on: context.db) else {
                throw AppError.validation(["id": [L("Fiche inconnue.", "Unknown record.")]])
            }
            member = id
        case .typed(let text):
            guard let id = try await resolve(text, kind, context) else {
                throw AppError(
                    .unprocessableEntity, code: "member_not_found",
                    L("Aucune fiche ne correspond à « \(text) » (ou plusieurs : précisez).", "No single record matches \"\(text)\"."))
            }
            member = id
        }
        try await add(kind, member, role: String(role.prefix(80)), to: project, context)
        return member
    }

    /// « Ajouter au projet » from a company or contact page: the few letters typed must name one visible project.
    /// Returns the project (id, title).
    @discardableResult
    public static func addToProject(
        named text: String, _ kind: Kind, _ member: UUID, role: String, _ context: ServiceContext
    ) async throws -> (UUID, String) {
        try context.authorize(.write, .projects)
        let found = try await ProjectLookup.resolve(text, context)
        guard found.count == 1 else {
            let names = found.prefix(4).map(\.1).joined(separator: ", ")
            throw found.isEmpty
                ? AppError(.unprocessableEntity, code: "project_not_found", L("Aucun projet ne correspond.", "No project matches."))
                : AppError(
                    .unprocessableEntity, code: "project_ambiguous",
                    L("Plusieurs projets correspondent : \(names).", "Several projects match: \(names)."))
        }
        guard try await ProjectMemberStore.recordExists(kind, member, on: context.db) else { throw AppError.notFound }
        try await add(kind, member, role: String(role.prefix(80)), to: found[0].0, context)
        return found[0]
    }

    /// One suggestion of the members' typeahead.
    public struct Candidate: Sendable, Hashable {
        public var kind: Kind
        public var id: UUID
        public var title: String
        public var subtitle: String
    }

    /// The users, contacts and companies that `text` names and that could join the project, grouped by kind (users,
    /// contacts, companies; `limit` each): words matched by prefix, accents and case ignored (« hél » finds Hélène).
    /// Only for who may add members to a project they see (read-only users and guests are refused, as the add is);
    /// contacts and companies come through the directory's permission and search index (archived ones left out);
    /// those already members are left out.
    public static func candidates(_ projectID: UUID, _ text: String, limit: Int = 8, _ context: ServiceContext) async throws
        -> [Candidate]
    {
        let project = try await visibleProject(projectID, context)
        try context.authorize(.write, .projects)
        let words = foldForSearch(text).split(separator: " ").map(String.init)
        guard !words.isEmpty else { return [] }
        let members = Set(try await ProjectMemberStore.list(project, on: context.db).map { "\($0.kind.rawValue)/\($0.id)" })
        func isMember(_ kind: Kind, _ id: UUID) -> Bool { members.contains("\(kind.rawValue)/\(id)") }
        var found: [Candidate] = []
        // Users: every word of the query begins a word of the name, or the e-mail.
        var users: [Candidate] = []
        for user in try await ProjectMemberStore.activeUsers(on: context.db) where !isMember(.users, user.id) {
            let nameWords = foldForSearch(user.name).split(separator: " ")
            let email = user.email.lowercased()
            let matches =
                words.allSatisfy { word in nameWords.contains { $0.hasPrefix(word) } }
                || (words.count == 1 && email.hasPrefix(text.fastTrimmed.lowercased()))
            if matches { users.append(Candidate(kind: .users, id: user.id, title: user.name, subtitle: user.email)) }
            if users.count == limit { break }
        }
        found += users
        if context.allows(.read, .directory) {
            for kind in [Kind.contacts, .companies] {
                // A few more than the limit: members already there are dropped after the search.
                let hits = try await SearchIndex.search(
                    text, kinds: [kind.rawValue], limit: min(limit + members.count, 100), on: context.db)
                found += hits.filter { !isMember(kind, $0.recordID) }.prefix(limit).map {
                    Candidate(kind: kind, id: $0.recordID, title: $0.title, subtitle: $0.subtitle)
                }
            }
        }
        return found
    }

    /// « Retirer »: the project must be visible and the actor allowed to change projects.
    public static func removeFromProject(_ projectID: UUID, kind rawKind: String, member rawMember: String, _ context: ServiceContext)
        async throws
    {
        let project = try await visibleProject(projectID, context)
        try context.authorize(.write, .projects)
        guard let kind = Kind(rawValue: rawKind), let member = UUID(uuidString: rawMember) else { throw AppError.notFound }
        try await remove(kind, member, from: project, context)
    }

    /// The one member `text` names: a user by e-mail, else by name; a contact or company as the directory resolves it.
    static func resolve(_ text: String, _ kind: Kind, _ context: ServiceContext) async throws -> UUID? {
        switch kind {
        case .users:
            if let user = try await User.find(email: text, on: context.db) { return user.id }
            return try await User.query(on: context.db).filter(\.$name == text).first()?.id
        case .contacts, .companies:
            if case .one(let id) = try await DirectoryService(context).resolve(text, kind == .contacts ? .contacts : .companies) {
                return id
            }
            return nil
        }
    }

    /// The project's id when the actor may see it, else 404.
    static func visibleProject(_ id: UUID, _ context: ServiceContext) async throws -> UUID {
        let definition = try await ProjectsEntity.definition.resolved(for: context)
        return try await EntityService(definition, context).get(id).id
    }
}
