import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation
import SQLKit

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

    public func link(contact: UUID, company: UUID, role: String) async throws {
        try context.authorize(.write, .directory)
        try await requireExists(contact, .contacts)
        try await requireExists(company, .companies)
        try await context.db.transaction { db in
            let created = try await DirectoryLinks.link(contact: contact, company: company, role: role, at: context.now, id: context.newID(), on: db)
            try await AuditLog.record(
                created ? .create : .update, entity: "contact_companies", id: "\(contact.uuidString.lowercased())/\(company.uuidString.lowercased())",
                summary: role, changes: ["role": (.null, .text(role)), "company_id": (.null, .uuid(company))],
                by: context.auditActor, at: context.now, on: db)
            try await DirectoryIndexing.reindexContact(contact, on: db)
        }
    }

    public func unlink(contact: UUID, company: UUID) async throws {
        try context.authorize(.write, .directory)
        try await context.db.transaction { db in
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
        try await requireExists(id, kind)
        let known = Set(try await TagStore.all(on: context.db).map(\.id))
        guard tags.isSubset(of: known) else { throw AppError.validation(["tags": [L("Centre d'intérêt inconnu.", "Unknown interest tag.")]]) }
        let current = Set(try await TagStore.tags(of: id, kind.tagTarget, on: context.db))
        let added = tags.subtracting(current)
        let removed = current.subtracting(tags)
        guard !added.isEmpty || !removed.isEmpty else { return }
        try await context.db.transaction { db in
            for tag in added { try await TagStore.add(tag, to: [id], kind.tagTarget, ids: context.newID, on: db) }
            for tag in removed { try await TagStore.remove(tag, from: [id], kind.tagTarget, on: db) }
            try await AuditLog.record(
                .update, entity: kind.definition.table, id: id.uuidString.lowercased(), summary: "tags",
                changes: ["tags": (.text(current.map { $0.uuidString.lowercased() }.sorted().joined(separator: ",")),
                                   .text(tags.map { $0.uuidString.lowercased() }.sorted().joined(separator: ",")))],
                by: context.auditActor, at: context.now, on: db)
        }
    }

    /// Tags or untags a selection; returns how many records changed.
    public func bulkTag(_ tag: UUID, ids: [UUID], _ kind: DirectoryKind, add: Bool) async throws -> Int {
        try context.authorize(.write, .directory)
        guard try await TagStore.all(on: context.db).contains(where: { $0.id == tag }) else { throw AppError.notFound }
        guard ids.count <= 5_000 else {
            throw AppError(.payloadTooLarge, code: "selection_too_large", L("5 000 fiches au plus à la fois.", "At most 5,000 records at once."))
        }
        // Only records that exist are touched: a forged id is ignored rather than a database error.
        let binds: [any Encodable & Sendable] = ids
        let known = try await TableStore.sqlDatabase(context.db)
            .raw("SELECT id FROM \(ident: kind.definition.table) WHERE id IN (\(binds: binds))").all()
            .map { try $0.decode(column: "id", as: UUID.self) }
        return try await context.db.transaction { db in
            let ids = known
            let count = add
                ? try await TagStore.add(tag, to: ids, kind.tagTarget, ids: context.newID, on: db)
                : try await TagStore.remove(tag, from: ids, kind.tagTarget, on: db)
            try await AuditLog.record(
                .update, entity: kind.definition.table, id: "selection", summary: "\(add ? "+" : "-")tag \(tag.uuidString.lowercased()) × \(count)",
                by: context.auditActor, at: context.now, on: db)
            return count
        }
    }

    /// Moves everything attached to `absorbed` onto `survivor`, then archives `absorbed` as merged.
    public func merge(_ absorbed: UUID, into survivor: UUID, _ kind: DirectoryKind) async throws {
        try context.authorize(.write, .directory)
        guard absorbed != survivor else {
            throw AppError.validation(["from": [L("Impossible de fusionner une fiche avec elle-même.", "A record cannot be merged into itself.")]])
        }
        let spec = kind.definition.tableSpec
        // The record merged into is the one addressed (404 when missing); the duplicate is an input (422).
        guard try await TableStore.get(spec, id: survivor, on: context.db) != nil else { throw AppError.notFound }
        guard let loser = try await TableStore.get(spec, id: absorbed, on: context.db) else {
            throw AppError.validation(["from": [L("Aucune fiche à fusionner n'a cet identifiant.", "No record to merge has this identifier.")]])
        }
        guard loser["merged_into"] == .null else {
            throw AppError.validation(["from": [L("Cette fiche a déjà été fusionnée.", "This record was already merged.")]])
        }
        try await context.db.transaction { db in
            let sql = try TableStore.sqlDatabase(db)
            let side = kind == .companies ? "company_id" : "contact_id"
            let other = kind == .companies ? "contact_id" : "company_id"
            // Links: move those the survivor lacks, drop the rest.
            try await sql.raw("""
                DELETE FROM contact_companies WHERE \(ident: side) = \(bind: absorbed)
                AND \(ident: other) IN (SELECT \(ident: other) FROM contact_companies WHERE \(ident: side) = \(bind: survivor))
                """).run()
            try await sql.raw("UPDATE contact_companies SET \(ident: side) = \(bind: survivor) WHERE \(ident: side) = \(bind: absorbed)").run()
            // Tags likewise.
            let target = kind.tagTarget
            try await sql.raw("""
                DELETE FROM \(ident: target.linkTable) WHERE \(ident: target.recordColumn) = \(bind: absorbed)
                AND tag_id IN (SELECT tag_id FROM \(ident: target.linkTable) WHERE \(ident: target.recordColumn) = \(bind: survivor))
                """).run()
            try await sql.raw("UPDATE \(ident: target.linkTable) SET \(ident: target.recordColumn) = \(bind: survivor) WHERE \(ident: target.recordColumn) = \(bind: absorbed)").run()
            try await CustomFieldStore.move(from: absorbed, to: survivor, on: db)
            for step in DirectoryMerge.steps {
                try await step(kind, absorbed, survivor, db)
            }
            try await TableStore.update(spec, id: absorbed, values: ["archived": .bool(true), "merged_into": .uuid(survivor), "updated_at": .date(context.now)], on: db)
            try await AuditLog.record(
                .update, entity: spec.table, id: survivor.uuidString.lowercased(), summary: "merge",
                changes: ["merged_from": (.null, .uuid(absorbed))], by: context.auditActor, at: context.now, on: db)
            try await AuditLog.record(
                .update, entity: spec.table, id: absorbed.uuidString.lowercased(), summary: "merged",
                changes: ["merged_into": (.null, .uuid(survivor)), "archived": (.bool(false), .bool(true))], by: context.auditActor, at: context.now, on: db)
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

    private func requireExists(_ id: UUID, _ kind: DirectoryKind) async throws {
        guard try await TableStore.get(kind.definition.tableSpec, id: id, on: context.db) != nil else { throw AppError.notFound }
    }
}

/// What else moves to the survivor of a merge: later modules (interactions, projects…) add their step.
public enum DirectoryMerge {
    public typealias Step = @Sendable (_ kind: DirectoryKind, _ absorbed: UUID, _ survivor: UUID, _ db: any Database) async throws -> Void
    public static let steps: [Step] = []
}
