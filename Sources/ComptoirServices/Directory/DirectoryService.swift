import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation

/// Directory use cases beyond the generic form: links, tags, merges. Each checks the policy,
/// writes in one transaction with its audit entries, and keeps the search index in step.
public struct DirectoryService: Sendable {
    public let context: ServiceContext

    public init(_ context: ServiceContext) { self.context = context }

    public typealias Resolution = LookupResolution

    /// Finds the record a user typed: its id, a SIRET/SIREN, an e-mail, or a name.
    public func resolve(_ raw: String, _ kind: DirectoryKind) async throws -> Resolution {
        try await DirectoryLookup.resolve(raw, kind, context)
    }

    // MARK: Reads

    /// The other side's links with roles: a company's contacts, or a contact's companies (404 when the record is missing).
    public func links(of id: UUID, _ kind: DirectoryKind) async throws -> [CompanyLink] {
        try context.authorize(.read, .directory)
        try await requireExists(id, kind, on: context.db)
        return kind == .companies
            ? try await DirectoryLinks.contacts(ofCompany: id, on: context.db)
            : try await DirectoryLinks.companies(ofContact: id, on: context.db)
    }

    /// Every interest tag, by path (the tree is small: it is read whole).
    public func tagTree() async throws -> [TagNode] {
        try context.authorize(.read, .directory)
        return try await TagStore.all(on: context.db)
    }

    /// The tags of a record (404 when the record is missing).
    public func tags(of id: UUID, _ kind: DirectoryKind) async throws -> [UUID] {
        try context.authorize(.read, .directory)
        try await requireExists(id, kind, on: context.db)
        return try await TagStore.tags(of: id, kind.tagTarget, on: context.db)
    }

    // MARK: Writes
    // Each one: transaction, the lock of what it changes, its checks, the writes, the search rows, the audit.

    public func link(contact: UUID, company: UUID, role: String) async throws {
        try context.authorize(.write, .directory)
        try await context.transaction { context in
            let db = context.db
            try await WriteLock.acquire("contact_companies", on: db)
            try await requireExists(contact, .contacts, on: db)
            try await requireExists(company, .companies, on: db)
            let created = try await DirectoryLinks.link(
                contact: contact, company: company, role: role, at: context.now, id: context.newID(), on: db)
            try await AuditLog.record(
                created ? .create : .update, entity: "contact_companies",
                id: "\(contact.uuidString.lowercased())/\(company.uuidString.lowercased())",
                summary: role, changes: ["role": (.null, .text(role)), "company_id": (.null, .uuid(company))],
                by: context.auditActor, at: context.now, on: db)
            try await DirectoryIndexing.reindexContact(contact, on: db)
        }
    }

    public func unlink(contact: UUID, company: UUID) async throws {
        try context.authorize(.write, .directory)
        try await context.transaction { context in
            let db = context.db
            try await WriteLock.acquire("contact_companies", on: db)
            try await DirectoryLinks.unlink(contact: contact, company: company, on: db)
            try await AuditLog.record(
                .delete, entity: "contact_companies", id: "\(contact.uuidString.lowercased())/\(company.uuidString.lowercased())",
                summary: "", by: context.auditActor, at: context.now, on: db)
            try await DirectoryIndexing.reindexContact(contact, on: db)
        }
    }

    /// Replaces a record's tags with `tags`.
    public func setTags(_ tags: Set<UUID>, on id: UUID, _ kind: DirectoryKind) async throws {
        try context.authorize(.write, .directory)
        try await context.transaction { context in
            let db = context.db
            try await WriteLock.acquire(kind.tagTarget.linkTable, on: db)
            try await requireExists(id, kind, on: db)
            let known = Set(try await TagStore.all(on: db).map(\.id))
            guard tags.isSubset(of: known) else {
                throw AppError.validation(["tags": [L("Centre d'intérêt inconnu.", "Unknown interest tag.")]])
            }
            let current = Set(try await TagStore.tags(of: id, kind.tagTarget, on: db))
            let added = tags.subtracting(current)
            let removed = current.subtracting(tags)
            guard !added.isEmpty || !removed.isEmpty else { return }
            for tag in added { try await TagStore.add(tag, to: [id], kind.tagTarget, ids: context.newID, on: db) }
            for tag in removed { try await TagStore.remove(tag, from: [id], kind.tagTarget, on: db) }
            try await AuditLog.record(
                .update, entity: kind.definition.table, id: id.uuidString.lowercased(), summary: "tags",
                changes: [
                    "tags": (
                        .text(current.map { $0.uuidString.lowercased() }.sorted().joined(separator: ",")),
                        .text(tags.map { $0.uuidString.lowercased() }.sorted().joined(separator: ","))
                    )
                ],
                by: context.auditActor, at: context.now, on: db)
        }
    }

    /// Tags or untags a selection; returns how many records changed.
    public func bulkTag(_ tag: UUID, ids: [UUID], _ kind: DirectoryKind, add: Bool) async throws -> Int {
        try context.authorize(.write, .directory)
        return try await context.transaction { context in
            let db = context.db
            try await WriteLock.acquire(kind.tagTarget.linkTable, on: db)
            guard try await TagStore.all(on: db).contains(where: { $0.id == tag }) else { throw AppError.notFound }
            guard ids.count <= 5_000 else {
                throw AppError(
                    .payloadTooLarge, code: "selection_too_large", L("5 000 fiches au plus à la fois.", "At most 5,000 records at once."))
            }
            // Only records that exist are touched: a forged id is ignored rather than a database error.
            let known = try await DirectoryQueries.existing(ids, in: kind.definition.table, on: db)
            let count =
                add
                ? try await TagStore.add(tag, to: known, kind.tagTarget, ids: context.newID, on: db)
                : try await TagStore.remove(tag, from: known, kind.tagTarget, on: db)
            try await AuditLog.record(
                .update, entity: kind.definition.table, id: "selection",
                summary: "\(add ? "+" : "-")tag \(tag.uuidString.lowercased()) × \(count)",
                by: context.auditActor, at: context.now, on: db)
            return count
        }
    }

    /// Moves everything attached to `absorbed` onto `survivor`, then archives `absorbed` as merged.
    public func merge(_ absorbed: UUID, into survivor: UUID, _ kind: DirectoryKind) async throws {
        try context.authorize(.write, .directory)
        guard absorbed != survivor else {
            throw AppError.validation([
                "from": [L("Impossible de fusionner une fiche avec elle-même.", "A record cannot be merged into itself.")]
            ])
        }
        let spec = kind.definition.tableSpec
        try await context.transaction { context in
            let db = context.db
            try await WriteLock.acquire(spec.table, on: db)
            // The record merged into is the one addressed (404 when missing); the duplicate is an input (422).
            guard try await TableStore.get(spec, id: survivor, on: db) != nil else { throw AppError.notFound }
            guard let loser = try await TableStore.get(spec, id: absorbed, on: db) else {
                throw AppError.validation([
                    "from": [L("Aucune fiche à fusionner n'a cet identifiant.", "No record to merge has this identifier.")]
                ])
            }
            guard loser["merged_into"] == .null else {
                throw AppError.validation(["from": [L("Cette fiche a déjà été fusionnée.", "This record was already merged.")]])
            }
            // Links and tags: those the survivor lacks move, the rest are dropped.
            try await DirectoryLinks.moveLinks(from: absorbed, to: survivor, companies: kind == .companies, on: db)
            try await TagStore.moveLinks(from: absorbed, to: survivor, kind.tagTarget, on: db)
            try await CustomFieldStore.move(from: absorbed, to: survivor, on: db)
            for step in DirectoryMerge.steps {
                try await step(kind, absorbed, survivor, db)
            }
            try await TableStore.update(
                spec, id: absorbed, values: ["archived": .bool(true), "merged_into": .uuid(survivor), "updated_at": .date(context.now)],
                on: db)
            try await AuditLog.record(
                .update, entity: spec.table, id: survivor.uuidString.lowercased(), summary: "merge",
                changes: ["merged_from": (.null, .uuid(absorbed))], by: context.auditActor, at: context.now, on: db)
            try await AuditLog.record(
                .update, entity: spec.table, id: absorbed.uuidString.lowercased(), summary: "merged",
                changes: ["merged_into": (.null, .uuid(survivor)), "archived": (.bool(false), .bool(true))], by: context.auditActor,
                at: context.now, on: db)
            try await reindex(absorbed, kind, on: db)
            try await reindex(survivor, kind, on: db)
            if kind == .companies { try await DirectoryIndexing.reindexContacts(ofCompany: survivor, on: db) }
        }
    }

    private func reindex(_ id: UUID, _ kind: DirectoryKind, on db: any Database) async throws {
        if kind == .contacts {
            try await DirectoryIndexing.reindexContact(id, on: db)
        } else if let row = try await TableStore.get(kind.definition.tableSpec, id: id, on: db) {
            try await SearchIndex.upsert(DirectoryIndexing.companyDocument(row), on: db)
        }
    }

    private func requireExists(_ id: UUID, _ kind: DirectoryKind, on db: any Database) async throws {
        guard try await TableStore.get(kind.definition.tableSpec, id: id, on: db) != nil else { throw AppError.notFound }
    }
}

/// What else moves to the survivor of a merge: later modules (interactions, projects…) add their step.
public enum DirectoryMerge {
    public typealias Step = @Sendable (_ kind: DirectoryKind, _ absorbed: UUID, _ survivor: UUID, _ db: any Database) async throws -> Void
    public static let steps: [Step] = []
}
