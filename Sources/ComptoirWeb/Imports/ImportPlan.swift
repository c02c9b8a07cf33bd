import ComptoirCore
import ComptoirDocuments
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import SQLKit

/// What one chunk of rows writes: created records with their links, tags and search entries in
/// multi-row INSERTs, the few updates of existing records one by one, and the journal for undoing.
struct ImportPlan: @unchecked Sendable {
    struct Update {
        var id: UUID
        var side: ImportTarget.Side
        var changes: [String: FieldValue]
        var custom: [UUID: String]
        var stored: TableRow
        var storedCustom: [UUID: String]
    }

    struct JournalEntry {
        var kind: String
        var record: UUID
        var row: UUID?
        var before: String?
    }

    /// What an update replaced, as the journal keeps it.
    struct Before: Codable {
        var values: [String: FieldValue]
        var custom: [String: String?]
    }

    var companies: [(UUID, RecordPart)] = []
    var contacts: [(UUID, RecordPart)] = []
    var createdContacts: Set<UUID> = []
    var links: [[FieldValue]] = []
    var tags: [[FieldValue]] = []
    var companyTags: [[FieldValue]] = []
    var contactTags: [[FieldValue]] = []
    var updates: [Update] = []
    var journal: [JournalEntry] = []
    var reindexContacts: Set<UUID> = []
    var rejected: [([String], ImportRowError)] = []

    /// The chunk's rows, ready to insert: built outside the transaction (and while the previous chunk is
    /// being written), so the write lock is held only for the INSERTs.
    struct Prepared: Sendable {
        var tables: [BulkRows]
        var plan: ImportPlan
    }

    /// The contacts this chunk creates, with the companies they are linked to and their roles.
    private var linksByContact: [UUID: [(UUID, String)]] {
        var byContact: [UUID: [(UUID, String)]] = [:]
        for link in links {
            guard case .uuid(let contact) = link[1], case .uuid(let company) = link[2], createdContacts.contains(contact) else { continue }
            byContact[contact, default: []].append((company, link[3].textValue ?? ""))
        }
        return byContact
    }

    /// The names of the companies of the database this chunk links new contacts to (their search entries name them).
    func existingCompanyNames(on db: any Database) async throws -> [UUID: String] {
        let created = Set(companies.map(\.0))
        let wanted = Set(linksByContact.values.flatMap { $0.map(\.0) }).subtracting(created)
        var names: [UUID: String] = [:]
        let sql = try TableStore.sqlDatabase(db)
        for chunk in Array(wanted).chunked(500) {
            let binds: [any Encodable & Sendable] = chunk
            for row in try await sql.raw("SELECT id, name FROM companies WHERE id IN (\(binds: binds))").all() {
                names[try row.decode(column: "id", as: UUID.self)] = try row.decode(column: "name", as: String.self)
            }
        }
        return names
    }

    /// Builds the rows (records, links, tags, custom values, search entries, journal), encoded for SQLite when `sqlite`:
    /// CPU work only, run on a thread of its own while the next chunk is matched. `companyNames`: `existingCompanyNames`.
    func build(owner: FieldValue, companyNames existing: [UUID: String], batchID: UUID, stamp: Date, ids: any IDGenerator, sqlite: Bool) -> Prepared {
        let building = ContinuousClock.now
        var tables: [BulkRows] = []

        var tagRows = BulkRows("tags", ["id", "name", "parent_id", "path", "created_at", "updated_at"])
        for row in tags { tagRows.append(row) }
        tables.append(tagRows)

        var documents = SearchIndex.bulkDocuments()
        func index(_ document: SearchDocument) { SearchIndex.append(document, to: &documents) }
        var customValues = BulkRows("custom_values", ["id", "field_id", "record_id", "value"])
        let common: [String: FieldValue] = [
            "owner_id": owner, "import_batch_id": .uuid(batchID), "created_at": .date(stamp), "updated_at": .date(stamp),
        ]

        // Companies.
        var companyNames: [UUID: String] = [:]
        var companyRows: [(UUID, [String: FieldValue])] = []
        for (id, part) in companies {
            var values = CompaniesEntity.definition.defaults.merging(part.values) { _, new in new }
            if values["is_prospect"] != .bool(true), values["is_client"] != .bool(true), values["is_supplier"] != .bool(true) {
                values["is_prospect"] = .bool(true)
            }
            values.merge(common) { _, new in new }
            companyRows.append((id, values))
            companyNames[id] = values["name"]?.textValue ?? ""
            index(DirectoryIndexing.companyDocument(TableRow(id: id, values: values)))
            for (field, value) in part.custom { customValues.append([.uuid(ids.next()), .uuid(field), .uuid(id), .text(value)]) }
        }
        tables.append(Self.rows("companies", companyRows))

        // Contacts, with the names of their companies for their search entries.
        companyNames.merge(existing) { current, _ in current }
        let linksByContact = self.linksByContact
        var contactRows: [(UUID, [String: FieldValue])] = []
        for (id, part) in contacts {
            var values = ContactsEntity.definition.defaults.merging(part.values) { _, new in new }
            values.merge(common) { _, new in new }
            contactRows.append((id, values))
            let companyLinks = (linksByContact[id] ?? []).map { CompanyLink(contactID: id, companyID: $0.0, role: $0.1, otherName: companyNames[$0.0] ?? "") }
            index(DirectoryIndexing.contactDocument(TableRow(id: id, values: values), companies: companyLinks))
            for (field, value) in part.custom { customValues.append([.uuid(ids.next()), .uuid(field), .uuid(id), .text(value)]) }
        }
        tables.append(Self.rows("contacts", contactRows))

        var linkRows = BulkRows("contact_companies", ["id", "contact_id", "company_id", "role", "created_at"])
        for row in links { linkRows.append(row) }
        var companyTagRows = BulkRows("company_tags", ["id", "company_id", "tag_id"])
        for row in companyTags { companyTagRows.append(row) }
        var contactTagRows = BulkRows("contact_tags", ["id", "contact_id", "tag_id"])
        for row in contactTags { contactTagRows.append(row) }
        tables += [linkRows, companyTagRows, contactTagRows, customValues, documents]

        // Updates of existing records, with what they replace.
        var journalRows = BulkRows("import_journal", ["id", "batch_id", "kind", "record_id", "row_id", "before"])
        for entry in journal {
            journalRows.append([.uuid(ids.next()), .uuid(batchID), .text(entry.kind), .uuid(entry.record), entry.row.map { .uuid($0) } ?? .null, .null])
        }
        tables.append(journalRows)
        if sqlite {
            for index in tables.indices { tables[index].encodeForSQLite() }
        }
        Self.traceTable("(building rows)", rows: 0, since: building)
        return Prepared(tables: tables, plan: self)
    }

    /// Writes a prepared chunk; call inside a transaction.
    static func write(_ prepared: Prepared, state: ImportState, batchID: UUID, stamp: Date, ids: any IDGenerator, on db: any Database) async throws {
        for table in prepared.tables {
            let started = ContinuousClock.now
            try await table.insert(on: db)
            if table.table == "search_documents" { try await SearchIndex.indexInserted(table, on: db) }
            ImportPlan.traceTable(table.table, rows: table.rows.count, since: started)
        }
        try await prepared.plan.applyUpdates(state: state, batchID: batchID, stamp: stamp, ids: ids, on: db)
    }

    /// Updates of existing records (with the journal of what they replace) and re-indexing: the rare path, row by row.
    func applyUpdates(state: ImportState, batchID: UUID, stamp: Date, ids: any IDGenerator, on db: any Database) async throws {
        let sql = try TableStore.sqlDatabase(db)

        for update in updates {
            let definition = update.side == .company ? state.companyDefinition : state.contactDefinition
            var before = Before(values: ["updated_at": update.stored["updated_at"]], custom: [:])
            for column in update.changes.keys { before.values[column] = update.stored[column] }
            for field in update.custom.keys { before.custom[field.uuidString] = update.storedCustom[field] }
            var changes = update.changes
            changes["updated_at"] = .date(stamp)
            if update.side == .company, let name = changes["name"]?.textValue { changes["name_folded"] = .text(DuplicateFinder.normalizedCompanyName(name)) }
            try await TableStore.update(definition.tableSpec, id: update.id, values: changes, on: db)
            for (field, value) in update.custom {
                try await CustomFieldStore.set(value, field: field, record: update.id, id: ids.next(), on: db)
            }
            let encoded = String(decoding: try JSONEncoder().encode(before), as: UTF8.self)
            try await sql.insert(into: "import_journal").columns("id", "batch_id", "kind", "record_id", "row_id", "before")
                .values(SQLBind(ids.next()), SQLBind(batchID), SQLBind(update.side == .company ? "companyUpdate" : "contactUpdate"),
                        SQLBind(update.id), SQLLiteral.null, SQLBind(encoded)).run()
            if update.side == .company {
                if let row = try await TableStore.get(CompaniesEntity.definition.tableSpec, id: update.id, on: db) {
                    try await SearchIndex.upsert(DirectoryIndexing.companyDocument(row), on: db)
                }
                if changes["name"] != nil { try await DirectoryIndexing.reindexContacts(ofCompany: update.id, on: db) }
            } else {
                try await DirectoryIndexing.reindexContact(update.id, on: db)
            }
        }
        for contact in reindexContacts { try await DirectoryIndexing.reindexContact(contact, on: db) }
    }

    /// COMPTOIR_IMPORT_TRACE: seconds spent inserting into each table (process-wide, printed at exit of a CLI import).
    /// Written from the planning task and the writing task: only under `traceLock`.
    nonisolated(unsafe) private static var traced: [String: (rows: Int, seconds: Double)] = [:]
    private static let traceLock = NSLock()
    static let tracing = ProcessInfo.processInfo.environment["COMPTOIR_IMPORT_TRACE"] != nil

    static var tableSeconds: [String: (rows: Int, seconds: Double)] { traceLock.withLock { traced } }

    static func traceTable(_ table: String, rows: Int, since started: ContinuousClock.Instant) {
        guard tracing else { return }
        let spent = elapsedSeconds(ContinuousClock.now - started)
        traceLock.withLock {
            let current = traced[table] ?? (0, 0)
            traced[table] = (current.rows + rows, current.seconds + spent)
        }
    }

    /// The rows of a table, on the union of their columns (absent values are NULL).
    static func rows(_ table: String, _ records: [(UUID, [String: FieldValue])]) -> BulkRows {
        let columns = Set(records.flatMap { $0.1.keys }).sorted()
        var rows = BulkRows(table, ["id"] + columns)
        for (id, values) in records { rows.append(values, id: id) }
        return rows
    }
}

extension ImportState {
    var userIDValue: FieldValue { userID.map { .uuid($0) } ?? .null }
}

/// The rejected rows as a CSV to fix and import again: the file's own columns, then « Ligne » and
/// « Erreurs ». `;`, UTF-8 with BOM, as French Excel opens it.
final class ImportErrorFile: @unchecked Sendable {
    private let handle: FileHandle
    private let writer = CSVWriter(separator: ";", includeBOM: true)

    init(url: URL, headers: [String]) throws {
        try? FileManager.default.removeItem(at: url)
        FileManager.default.createFile(atPath: url.path, contents: nil)
        handle = try FileHandle(forWritingTo: url)
        try handle.write(contentsOf: Data(writer.header(headers + ["Ligne", "Erreurs"]).utf8))
    }

    func write(_ rejected: ([String], ImportRowError)) throws {
        let (fields, error) = rejected
        let reasons = error.problems.map { problem in
            problem.column.isEmpty ? problem.fr : "\(problem.column) : \(problem.fr)\(problem.value.isEmpty ? "" : " (« \(problem.value) »)")"
        }.joined(separator: " | ")
        try handle.write(contentsOf: Data(writer.row(fields + [String(error.row), reasons]).utf8))
    }

    func close() throws {
        try handle.close()
    }
}
