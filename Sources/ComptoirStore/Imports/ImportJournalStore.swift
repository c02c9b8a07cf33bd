import FluentKit
import Foundation
import SQLKit

/// One line of an import's journal: what the batch added to, or changed on, a record that existed before it
/// (`link`, `companyTag`, `contactTag` with the added row; `companyUpdate`, `contactUpdate` with the values
/// replaced, as JSON; `tag` for a tag it created), so « Annuler l'import » can undo it.
public struct ImportJournalEntry: Sendable {
    public var kind: String
    public var record: UUID
    public var row: UUID?
    public var before: String?

    public init(kind: String, record: UUID, row: UUID?, before: String?) {
        self.kind = kind
        self.record = record
        self.row = row
        self.before = before
    }
}

/// The `import_journal` table.
public enum ImportJournalStore {
    /// Rows for a bulk write: id, batch_id, kind, record_id, row_id, before.
    public static func bulkRows() -> BulkRows {
        BulkRows("import_journal", ["id", "batch_id", "kind", "record_id", "row_id", "before"])
    }

    public static func append(_ entry: ImportJournalEntry, id: UUID, batch: UUID, to rows: inout BulkRows) {
        rows.append([
            .uuid(id), .uuid(batch), .text(entry.kind), .uuid(entry.record), entry.row.map { .uuid($0) } ?? .null,
            entry.before.map { .text($0) } ?? .null,
        ])
    }

    /// One entry (the rare updates of existing records, written as they are made).
    public static func record(_ entry: ImportJournalEntry, id: UUID, batch: UUID, on db: any Database) async throws {
        var rows = bulkRows()
        append(entry, id: id, batch: batch, to: &rows)
        try await rows.insert(on: db)
    }

    public static func entries(batch: UUID, on db: any Database) async throws -> [ImportJournalEntry] {
        try await TableStore.sqlDatabase(db).raw(
            "SELECT kind, record_id, row_id, before FROM import_journal WHERE batch_id = \(bind: batch)"
        ).all().map {
            ImportJournalEntry(
                kind: try $0.decode(column: "kind", as: String.self), record: try $0.decode(column: "record_id", as: UUID.self),
                row: try $0.decode(column: "row_id", as: UUID?.self), before: try $0.decode(column: "before", as: String?.self))
        }
    }

    public static func delete(batch: UUID, on db: any Database) async throws {
        try await TableStore.sqlDatabase(db).raw("DELETE FROM import_journal WHERE batch_id = \(bind: batch)").run()
    }
}

/// What undoing an import deletes, and what stops it.
public enum ImportRollbackStore {
    /// Why a record of the batch cannot be removed or restored.
    public enum BlockReason: Sendable, Hashable {
        case changedSinceImport, hasInteractions, projectMember, hasAttachments, gotContactSinceImport, linkedSinceImport
    }

    public struct Blocker: Sendable, Hashable {
        /// `companies` or `contacts`.
        public var table: String
        public var id: UUID
        public var title: String
        public var reason: BlockReason
    }

    /// Records changed by someone else since the import (their `updated_at` is no longer the batch's stamp), or that
    /// other records now depend on; at most 20 per kind of reason.
    public static func blockers(batch id: UUID, stamp: Date, on db: any Database) async throws -> [Blocker] {
        let sql = try TableStore.sqlDatabase(db)
        var blockers: [Blocker] = []
        for (table, title) in [("companies", "name"), ("contacts", "display_name")] {
            let rows = try await sql.raw(
                """
                SELECT id, \(ident: title) AS title FROM \(ident: table)
                WHERE (import_batch_id = \(bind: id) AND (updated_at <> \(bind: stamp) OR merged_into IS NOT NULL))
                OR id IN (SELECT record_id FROM import_journal WHERE batch_id = \(bind: id) AND kind IN ('companyUpdate', 'contactUpdate')
                          AND \(ident: table).updated_at <> \(bind: stamp))
                LIMIT 20
                """
            ).all()
            for row in rows {
                blockers.append(
                    Blocker(
                        table: table, id: try row.decode(column: "id", as: UUID.self),
                        title: try row.decode(column: "title", as: String.self),
                        reason: .changedSinceImport))
            }
        }
        let dependants: [(String, String, SQLQueryString, BlockReason)] = [
            ("companies", "name", "SELECT company_id FROM interactions WHERE company_id IS NOT NULL", .hasInteractions),
            ("contacts", "display_name", "SELECT contact_id FROM interaction_contacts", .hasInteractions),
            ("companies", "name", "SELECT company_id FROM project_companies", .projectMember),
            ("contacts", "display_name", "SELECT contact_id FROM project_contacts", .projectMember),
            ("companies", "name", "SELECT owner_id FROM attachments WHERE owner_kind = 'companies'", .hasAttachments),
            ("contacts", "display_name", "SELECT owner_id FROM attachments WHERE owner_kind = 'contacts'", .hasAttachments),
            ("companies", "name", "SELECT company_id FROM contact_companies WHERE created_at <> \(bind: stamp)", .gotContactSinceImport),
            ("contacts", "display_name", "SELECT contact_id FROM contact_companies WHERE created_at <> \(bind: stamp)", .linkedSinceImport),
        ]
        for (table, title, subquery, reason) in dependants where blockers.count < 20 {
            let rows = try await sql.raw(
                """
                SELECT id, \(ident: title) AS title FROM \(ident: table) WHERE import_batch_id = \(bind: id) AND id IN (\(subquery)) LIMIT 20
                """
            ).all()
            for row in rows {
                blockers.append(
                    Blocker(
                        table: table, id: try row.decode(column: "id", as: UUID.self),
                        title: try row.decode(column: "title", as: String.self), reason: reason))
            }
        }
        return blockers
    }

    /// Removes a link or tag link the batch added to a record that existed before (a journal entry's row).
    public static func removeAddedRow(_ kind: String, _ row: UUID, on db: any Database) async throws {
        let table: String
        switch kind {
        case "link": table = "contact_companies"
        case "companyTag": table = "company_tags"
        case "contactTag": table = "contact_tags"
        default: return
        }
        try await TableStore.sqlDatabase(db).raw("DELETE FROM \(ident: table) WHERE id = \(bind: row)").run()
    }

    /// Deletes the records of `table` (`companies`, `contacts`) the batch created, with their custom values and search
    /// entries (links and tags cascade); returns how many.
    public static func removeCreated(_ table: String, batch id: UUID, on db: any Database) async throws -> Int {
        let sql = try TableStore.sqlDatabase(db)
        let created: SQLQueryString = "SELECT id FROM \(ident: table) WHERE import_batch_id = \(bind: id)"
        try await sql.raw("DELETE FROM custom_values WHERE record_id IN (\(created))").run()
        try await SearchIndex.remove(recordsSelectedBy: created, on: db)
        let count =
            try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table) WHERE import_batch_id = \(bind: id)").first()?
            .decode(column: "n", as: Int.self) ?? 0
        try await sql.raw("DELETE FROM \(ident: table) WHERE import_batch_id = \(bind: id)").run()
        return count
    }

    /// Deletes the tags the batch created that nothing uses any more, leaves first (one pass per level).
    public static func removeUnusedTags(_ tags: [UUID], on db: any Database) async throws {
        let sql = try TableStore.sqlDatabase(db)
        for _ in 0..<8 {
            for tag in tags {
                try await sql.raw(
                    """
                    DELETE FROM tags WHERE id = \(bind: tag)
                    AND NOT EXISTS (SELECT 1 FROM company_tags WHERE tag_id = \(bind: tag))
                    AND NOT EXISTS (SELECT 1 FROM contact_tags WHERE tag_id = \(bind: tag))
                    AND NOT EXISTS (SELECT 1 FROM tags t WHERE t.parent_id = \(bind: tag))
                    """
                ).run()
            }
        }
    }
}
