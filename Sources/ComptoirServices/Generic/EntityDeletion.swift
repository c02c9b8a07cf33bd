import ComptoirStore
import Foundation

/// What deleting a record would do, as the confirmation page and the 409 of the API say it: what blocks it, what goes
/// with it, what stays without it.
public struct DeletionPlan: Sendable {
    public var title: String
    /// Reasons the deletion is refused; empty when it may go ahead.
    public var blockers: [Localized]
    /// What is removed together with the record (links, files, history).
    public var removed: [Localized]
    /// What stays, without its link to the record.
    public var kept: [Localized]

    public init(title: String, blockers: [Localized] = [], removed: [Localized] = [], kept: [Localized] = []) {
        self.title = title
        self.blockers = blockers
        self.removed = removed
        self.kept = kept
    }

    public var isAllowed: Bool { blockers.isEmpty }
}

/// How an entity is deleted: the rows that point at it and what becomes of each, the files attached to it, the locks the
/// checks need, and the derived state to refresh. `EntityService.delete` runs it in the write shape.
public struct DeletionRules: Sendable {
    public enum Effect: Sendable {
        /// The deletion is refused while such rows exist.
        case blocks
        /// The rows are deleted with the record.
        case removed
        /// The rows stay, their column emptied.
        case detached
    }

    public struct Reference: Sendable {
        public var reference: RecordReference
        public var effect: Effect
        /// The sentence for `count` rows (never called with 0).
        public var label: @Sendable (Int) -> Localized

        public init(
            _ table: String, _ column: String, where condition: String? = nil, _ effect: Effect,
            _ label: @escaping @Sendable (Int) -> Localized
        ) {
            self.reference = RecordReference(table, column, where: condition)
            self.effect = effect
            self.label = label
        }
    }

    public var references: [Reference]
    /// The owner kind of its attachments (`contacts`), if it takes any: they and their unused files go with it.
    public var attachmentKind: String?
    /// The lock scopes of the writers that add rows pointing at it (besides its own table), taken before the checks.
    public var locks: [String]
    /// Checks beyond counting rows (a guest account with the contact's e-mail, segments that filter on a tag).
    public var blockers: (@Sendable (TableRow, ServiceContext) async throws -> [Localized])?
    /// Before the rows go: returns hashes of files no record uses any more (attachments of a series' occurrences).
    public var beforeDelete: (@Sendable (TableRow, ServiceContext) async throws -> [String])?
    /// After the record is gone, in the same transaction: derived state (search rows, a project's figures).
    public var afterDelete: (@Sendable (TableRow, ServiceContext) async throws -> Void)?

    public init(
        references: [Reference], attachmentKind: String? = nil, locks: [String] = [],
        blockers: (@Sendable (TableRow, ServiceContext) async throws -> [Localized])? = nil,
        beforeDelete: (@Sendable (TableRow, ServiceContext) async throws -> [String])? = nil,
        afterDelete: (@Sendable (TableRow, ServiceContext) async throws -> Void)? = nil
    ) {
        self.references = references
        self.attachmentKind = attachmentKind
        self.locks = locks
        self.blockers = blockers
        self.beforeDelete = beforeDelete
        self.afterDelete = afterDelete
    }

    /// The plan for one record, read on the context's connection (under the locks, when deleting).
    func plan(_ row: TableRow, title: String, _ context: ServiceContext) async throws -> DeletionPlan {
        var plan = DeletionPlan(title: title)
        for item in references {
            let count = try await RecordReferences.count(item.reference, row.id, on: context.db)
            guard count > 0 else { continue }
            switch item.effect {
            case .blocks: plan.blockers.append(item.label(count))
            case .removed: plan.removed.append(item.label(count))
            case .detached: plan.kept.append(item.label(count))
            }
        }
        if let attachmentKind {
            let files = try await AttachmentStore.count(ownerKind: attachmentKind, ownerID: row.id, on: context.db)
            if files > 0 {
                plan.removed.append(
                    L(
                        "\(files) pièce(s) jointe(s), dont les fichiers sont effacés s'ils ne servent à aucune autre fiche",
                        "\(files) attachment(s), whose files are erased unless another record uses them"))
            }
        }
        if let blockers { plan.blockers += try await blockers(row, context) }
        plan.kept.append(L("son historique, dans le journal d'audit", "its history, in the audit log"))
        return plan
    }

    /// The 409 a refused deletion answers, naming every reason.
    static func refusal(_ plan: DeletionPlan) -> AppError {
        AppError(
            .conflict, code: "deletion_blocked",
            L(
                "« \(plan.title) » ne peut pas être supprimé : " + plan.blockers.map(\.fr).joined(separator: " ; ") + ".",
                "\"\(plan.title)\" cannot be deleted: " + plan.blockers.map(\.en).joined(separator: "; ") + "."))
    }
}

extension EntityService {
    /// What deleting the record would do (the confirmation page); 404 when it does not exist for this user.
    public func deletionPlan(_ id: UUID) async throws -> DeletionPlan {
        try context.authorize(.read, definition.module)
        guard definition.operations.contains(.delete), let rules = definition.rules.deletion else { throw AppError.forbidden }
        let row = try await get(id)
        return try await rules.plan(row, title: title(row), context)
    }

    /// Deletes the record with what goes with it, or refuses (409 `deletion_blocked`) naming what blocks it. One
    /// transaction: locks, checks, dependent rows, attachments, the row, derived state, the audit entry. Files no record
    /// uses any more are removed from disk after the commit.
    public func delete(_ id: UUID) async throws {
        try context.authorizeDeletion(definition.module)
        guard definition.operations.contains(.delete), let rules = definition.rules.deletion else { throw AppError.forbidden }
        let definition = self.definition
        let orphans = try await context.transaction { context in
            try await WriteLock.acquire(definition.table, on: context.db)
            for scope in rules.locks { try await WriteLock.acquire(scope, on: context.db) }
            let service = EntityService(definition, context)
            let row = try await service.get(id)
            let title = service.title(row)
            let plan = try await rules.plan(row, title: title, context)
            if !plan.isAllowed { throw DeletionRules.refusal(plan) }
            var orphans = try await rules.beforeDelete?(row, context) ?? []
            for item in rules.references {
                switch item.effect {
                case .blocks: continue
                case .removed: try await RecordReferences.delete(item.reference, row.id, on: context.db)
                case .detached: try await RecordReferences.detach(item.reference, row.id, on: context.db)
                }
            }
            if let kind = rules.attachmentKind {
                orphans += try await AttachmentStore.deleteAll(ownerKind: kind, ownerIDs: [row.id], on: context.db)
            }
            if definition.customFieldsEntity != nil {
                try await RecordReferences.deleteCustomValues(of: row.id, on: context.db)
            }
            try await TableStore.delete(definition.tableSpec, id: row.id, on: context.db)
            try await rules.afterDelete?(row, context)
            let audit = EntityService.creationAudit(definition, EntityService.auditable(row.values))
            try await AuditLog.record(
                .delete, entity: definition.table, id: row.id.uuidString.lowercased(), summary: title,
                changes: audit.changes.mapValues { ($0.after, FieldValue.null) }, by: context.auditActor, at: context.now,
                on: context.db)
            return orphans
        }
        await EntityService.removeFiles(orphans, context)
    }

    /// Removes files whose last attachment went in a committed transaction, unless an upload brought the same content back
    /// meanwhile (its blob row exists again).
    static func removeFiles(_ hashes: [String], _ context: ServiceContext) async {
        guard let files = context.files else { return }
        for sha in hashes {
            if (try? await AttachmentStore.blobExists(sha, on: context.db)) == false { files.remove(sha) }
        }
    }

    /// The record's title as pages show it.
    func title(_ row: TableRow) -> String {
        let text = row[definition.titleColumn].textValue ?? ""
        return text.isEmpty ? definition.singular.fr : text
    }
}
