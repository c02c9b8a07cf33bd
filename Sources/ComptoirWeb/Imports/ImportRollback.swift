import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import SQLKit

/// « Annuler l'import »: removes what a batch created and restores what it updated, in one transaction,
/// while nothing else has touched those records since; otherwise names the records that block it.
enum ImportRollback {
    struct Blocker: Sendable, Hashable {
        var kind: String
        var id: UUID
        var title: String
        var reason: Localized

        var path: String { "/\(kind)/\(id.uuidString.lowercased())" }
    }

    struct Result: Sendable {
        var companiesRemoved = 0
        var contactsRemoved = 0
        var recordsRestored = 0
        var blockers: [Blocker] = []
    }

    /// Undoes the batch, or returns the blockers and changes nothing.
    static func run(_ batch: ImportBatchRecord, actor: AuditActor, at date: Date, on db: any Database) async throws -> Result {
        guard batch.status.canRollBack, let stamp = batch.stamp else {
            throw AppError.conflict(L("Cet import ne peut pas être annulé (état : \(batch.status.rawValue)).",
                                      "This import cannot be undone (status: \(batch.status.rawValue))."))
        }
        return try await db.transaction { db in
            let sql = try TableStore.sqlDatabase(db)
            let blockers = try await findBlockers(batch.id, stamp: stamp, on: sql)
            guard blockers.isEmpty else { return Result(blockers: blockers) }
            var result = Result()
            let id = batch.id

            // Links and tags the batch added to records that existed before.
            let journal = try await sql.raw("SELECT kind, record_id, row_id, before FROM import_journal WHERE batch_id = \(bind: id)").all()
            var touchedContacts: Set<UUID> = []
            for entry in journal {
                let kind = try entry.decode(column: "kind", as: String.self)
                guard let row = try entry.decode(column: "row_id", as: UUID?.self) else { continue }
                switch kind {
                case "link":
                    try await sql.raw("DELETE FROM contact_companies WHERE id = \(bind: row)").run()
                    touchedContacts.insert(try entry.decode(column: "record_id", as: UUID.self))
                case "companyTag": try await sql.raw("DELETE FROM company_tags WHERE id = \(bind: row)").run()
                case "contactTag": try await sql.raw("DELETE FROM contact_tags WHERE id = \(bind: row)").run()
                default: break
                }
            }

            // Records the batch created: their search entries, custom values, then the records (links and tags cascade).
            for table in ["contacts", "companies"] {
                let created: SQLQueryString = "SELECT id FROM \(ident: table) WHERE import_batch_id = \(bind: id)"
                try await sql.raw("DELETE FROM custom_values WHERE record_id IN (\(created))").run()
                try await SearchIndex.remove(recordsSelectedBy: created, on: db)
                let count = try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table) WHERE import_batch_id = \(bind: id)").first()?
                    .decode(column: "n", as: Int.self) ?? 0
                try await sql.raw("DELETE FROM \(ident: table) WHERE import_batch_id = \(bind: id)").run()
                if table == "contacts" { result.contactsRemoved = count } else { result.companiesRemoved = count }
            }

            // Records the batch updated get their previous values back.
            for entry in journal {
                let kind = try entry.decode(column: "kind", as: String.self)
                guard kind == "companyUpdate" || kind == "contactUpdate", let text = try entry.decode(column: "before", as: String?.self) else { continue }
                let record = try entry.decode(column: "record_id", as: UUID.self)
                let before = try JSONDecoder().decode(ImportPlan.Before.self, from: Data(text.utf8))
                let definition = kind == "companyUpdate" ? CompaniesEntity.definition : ContactsEntity.definition
                var values = before.values
                if kind == "companyUpdate", let name = values["name"]?.textValue { values["name_folded"] = .text(DuplicateFinder.normalizedCompanyName(name)) }
                try await TableStore.update(definition.tableSpec, id: record, values: values, on: db)
                for (field, value) in before.custom {
                    guard let fieldID = UUID(uuidString: field) else { continue }
                    try await CustomFieldStore.set(value, field: fieldID, record: record, id: UUID(), on: db)
                }
                result.recordsRestored += 1
                if kind == "companyUpdate" {
                    if let row = try await TableStore.get(CompaniesEntity.definition.tableSpec, id: record, on: db) {
                        try await SearchIndex.upsert(DirectoryIndexing.companyDocument(row), on: db)
                    }
                    try await DirectoryIndexing.reindexContacts(ofCompany: record, on: db)
                } else {
                    touchedContacts.insert(record)
                }
            }
            for contact in touchedContacts { try await DirectoryIndexing.reindexContact(contact, on: db) }

            // Tags the batch created that nothing uses any more, leaves first (one pass per level).
            let createdTags = try journal.filter { try $0.decode(column: "kind", as: String.self) == "tag" }.map { try $0.decode(column: "record_id", as: UUID.self) }
            for _ in 0..<8 { for tag in createdTags {
                try await sql.raw("""
                    DELETE FROM tags WHERE id = \(bind: tag)
                    AND NOT EXISTS (SELECT 1 FROM company_tags WHERE tag_id = \(bind: tag))
                    AND NOT EXISTS (SELECT 1 FROM contact_tags WHERE tag_id = \(bind: tag))
                    AND NOT EXISTS (SELECT 1 FROM tags t WHERE t.parent_id = \(bind: tag))
                    """).run()
            } }
            try await sql.raw("DELETE FROM import_journal WHERE batch_id = \(bind: id)").run()
            _ = try await ImportBatchStore.transition(id, from: [batch.status], to: .rolledBack, at: date, on: db)
            try await AuditLog.record(
                .delete, entity: "imports", id: id.uuidString.lowercased(),
                summary: "Import « \(batch.fileName) » annulé : \(result.companiesRemoved) sociétés et \(result.contactsRemoved) contacts supprimés, \(result.recordsRestored) fiches restaurées",
                by: actor, at: date, on: db)
            return result
        }
    }

    /// Records changed by someone else since the import, or that other records now depend on.
    static func findBlockers(_ id: UUID, stamp: Date, on sql: any SQLDatabase) async throws -> [Blocker] {
        var blockers: [Blocker] = []
        let changed = L("modifiée depuis l'import", "changed since the import")
        for (table, title) in [("companies", "name"), ("contacts", "display_name")] {
            let rows = try await sql.raw("""
                SELECT id, \(ident: title) AS title FROM \(ident: table)
                WHERE (import_batch_id = \(bind: id) AND (updated_at <> \(bind: stamp) OR merged_into IS NOT NULL))
                OR id IN (SELECT record_id FROM import_journal WHERE batch_id = \(bind: id) AND kind IN ('companyUpdate', 'contactUpdate')
                          AND \(ident: table).updated_at <> \(bind: stamp))
                LIMIT 20
                """).all()
            for row in rows {
                blockers.append(Blocker(kind: table, id: try row.decode(column: "id", as: UUID.self), title: try row.decode(column: "title", as: String.self), reason: changed))
            }
        }
        let dependants: [(String, String, SQLQueryString, Localized)] = [
            ("companies", "name", "SELECT company_id FROM interactions WHERE company_id IS NOT NULL",
             L("a des interactions", "has interactions")),
            ("contacts", "display_name", "SELECT contact_id FROM interaction_contacts", L("a des interactions", "has interactions")),
            ("companies", "name", "SELECT company_id FROM project_companies", L("est membre d'un projet", "is a project member")),
            ("contacts", "display_name", "SELECT contact_id FROM project_contacts", L("est membre d'un projet", "is a project member")),
            ("companies", "name", "SELECT owner_id FROM attachments WHERE owner_kind = 'companies'", L("a des pièces jointes", "has attachments")),
            ("contacts", "display_name", "SELECT owner_id FROM attachments WHERE owner_kind = 'contacts'", L("a des pièces jointes", "has attachments")),
            ("companies", "name", "SELECT company_id FROM contact_companies WHERE created_at <> \(bind: stamp)",
             L("a reçu un contact depuis l'import", "got a contact since the import")),
            ("contacts", "display_name", "SELECT contact_id FROM contact_companies WHERE created_at <> \(bind: stamp)",
             L("a été lié à une société depuis l'import", "was linked to a company since the import")),
        ]
        for (table, title, subquery, reason) in dependants where blockers.count < 20 {
            let rows = try await sql.raw("""
                SELECT id, \(ident: title) AS title FROM \(ident: table) WHERE import_batch_id = \(bind: id) AND id IN (\(subquery)) LIMIT 20
                """).all()
            for row in rows {
                blockers.append(Blocker(kind: table, id: try row.decode(column: "id", as: UUID.self), title: try row.decode(column: "title", as: String.self), reason: reason))
            }
        }
        return blockers
    }
}
