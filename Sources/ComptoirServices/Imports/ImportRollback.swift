import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation

/// « Annuler l'import »: removes what a batch created and restores what it updated, in one transaction,
/// while nothing else has touched those records since; otherwise names the records that block it.
public enum ImportRollback {
    public struct Blocker: Sendable, Hashable {
        public var kind: String
        public var id: UUID
        public var title: String
        public var reason: Localized

        public var path: String { "/\(kind)/\(id.uuidString.lowercased())" }
    }

    public struct Result: Sendable {
        public var companiesRemoved = 0
        public var contactsRemoved = 0
        public var recordsRestored = 0
        public var blockers: [Blocker] = []
    }

    /// Undoes the batch, or returns the blockers and changes nothing. The batch's state, its records and the
    /// audit entry change in one transaction, after the companies' and contacts' write locks.
    static func run(_ batch: ImportBatchRecord, _ context: ServiceContext) async throws -> Result {
        guard batch.status.canRollBack, let stamp = batch.stamp else {
            throw AppError.conflict(
                L(
                    "Cet import ne peut pas être annulé (état : \(batch.status.rawValue)).",
                    "This import cannot be undone (status: \(batch.status.rawValue))."))
        }
        return try await context.transaction { context in
            let db = context.db
            try await WriteLock.acquire(CompaniesEntity.definition.table, on: db)
            try await WriteLock.acquire(ContactsEntity.definition.table, on: db)
            let blockers = try await ImportRollbackStore.blockers(batch: batch.id, stamp: stamp, on: db).map(blocker)
            guard blockers.isEmpty else { return Result(blockers: blockers) }
            var result = Result()
            let id = batch.id

            // Links and tags the batch added to records that existed before.
            let journal = try await ImportJournalStore.entries(batch: id, on: db)
            var touchedContacts: Set<UUID> = []
            for entry in journal {
                guard let row = entry.row else { continue }
                try await ImportRollbackStore.removeAddedRow(entry.kind, row, on: db)
                if entry.kind == "link" { touchedContacts.insert(entry.record) }
            }

            // Records the batch created: their search entries, custom values, then the records (links and tags cascade).
            result.contactsRemoved = try await ImportRollbackStore.removeCreated("contacts", batch: id, on: db)
            result.companiesRemoved = try await ImportRollbackStore.removeCreated("companies", batch: id, on: db)

            // Records the batch updated get their previous values back.
            for entry in journal {
                guard entry.kind == "companyUpdate" || entry.kind == "contactUpdate", let text = entry.before else { continue }
                let record = entry.record
                let before = try JSONDecoder().decode(ImportPlan.Before.self, from: Data(text.utf8))
                let isCompany = entry.kind == "companyUpdate"
                let definition = isCompany ? CompaniesEntity.definition : ContactsEntity.definition
                var values = before.values
                if isCompany, let name = values["name"]?.textValue {
                    values["name_folded"] = .text(DuplicateFinder.normalizedCompanyName(name))
                }
                try await TableStore.update(definition.tableSpec, id: record, values: values, on: db)
                for (field, value) in before.custom {
                    guard let fieldID = UUID(uuidString: field) else { continue }
                    try await CustomFieldStore.set(value, field: fieldID, record: record, id: context.newID(), on: db)
                }
                result.recordsRestored += 1
                if isCompany {
                    if let row = try await TableStore.get(CompaniesEntity.definition.tableSpec, id: record, on: db) {
                        try await DirectoryIndexing.indexCompany(row, nil, context)
                    }
                    try await DirectoryIndexing.reindexContacts(ofCompany: record, on: db)
                } else {
                    touchedContacts.insert(record)
                }
            }
            for contact in touchedContacts { try await DirectoryIndexing.reindexContact(contact, on: db) }

            // Tags the batch created that nothing uses any more.
            try await ImportRollbackStore.removeUnusedTags(journal.filter { $0.kind == "tag" }.map(\.record), on: db)
            try await ImportJournalStore.delete(batch: id, on: db)
            _ = try await ImportBatchStore.transition(id, from: [batch.status], to: .rolledBack, at: context.now, on: db)
            try await AuditLog.record(
                .delete, entity: "imports", id: id.uuidString.lowercased(),
                summary:
                    "Import « \(batch.fileName) » annulé : \(result.companiesRemoved) sociétés et \(result.contactsRemoved) contacts supprimés, \(result.recordsRestored) fiches restaurées",
                by: context.auditActor, at: context.now, on: db)
            return result
        }
    }

    private static func blocker(_ found: ImportRollbackStore.Blocker) -> Blocker {
        let reason: Localized
        switch found.reason {
        case .changedSinceImport: reason = L("modifiée depuis l'import", "changed since the import")
        case .hasInteractions: reason = L("a des interactions", "has interactions")
        case .projectMember: reason = L("est membre d'un projet", "is a project member")
        case .hasAttachments: reason = L("a des pièces jointes", "has attachments")
        case .gotContactSinceImport: reason = L("a reçu un contact depuis l'import", "got a contact since the import")
        case .linkedSinceImport: reason = L("a été lié à une société depuis l'import", "was linked to a company since the import")
        }
        return Blocker(kind: found.table, id: found.id, title: found.title, reason: reason)
    }
}
