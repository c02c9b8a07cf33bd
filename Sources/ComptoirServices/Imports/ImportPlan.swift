import ComptoirCore
import ComptoirDocuments
import ComptoirStore
import FluentKit
import Foundation

/// What one chunk of rows writes: created records with their links, tags, search entries and audit entries in
/// multi-row INSERTs, the few updates of existing records one by one, and the journal for undoing.
///
/// Created records get what a form gives them, from the same functions: the entities' defaults and
/// `CompaniesEntity.applyDefaultRole` (the row's values were checked and normalised by `CompaniesEntity.normalize` /
/// `ContactsEntity.normalize` when read), their search rows from `DirectoryIndexing` (written by `SearchIndex`'s
/// bulk writer), and a creation audit entry each, as `EntityService.create` records it.
struct ImportPlan: @unchecked Sendable {
    struct Update {
        var id: UUID
        var side: ImportTarget.Side
        var changes: [String: FieldValue]
        var custom: [UUID: String]
        var stored: TableRow
        var storedCustom: [UUID: String]
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
    var journal: [ImportJournalEntry] = []
    var reindexContacts: Set<UUID> = []
    var rejected: [([String], ImportRowError)] = []

    /// What every chunk of one run is written with.
    struct Writing: Sendable {
        var batchID: UUID
        /// The time written on every record of the batch (undoing compares against it).
        var stamp: Date
        var ids: any IDGenerator
        /// The owner of created records: the user who imports.
        var owner: FieldValue
        var auditActor: AuditActor
        /// The definitions with the custom fields the file maps.
        var companies: EntityDefinition
        var contacts: EntityDefinition
        var sqlite: Bool
        var trace: ImportTrace?
    }

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
        return try await DirectoryQueries.companyNames(Array(wanted), on: db)
    }

    /// Builds the rows (records, links, tags, custom values, search entries, audit entries, journal), encoded for SQLite
    /// when `writing.sqlite`: CPU work only, run on a thread of its own while the next chunk is matched.
    /// `companyNames`: `existingCompanyNames`.
    func build(companyNames existing: [UUID: String], _ writing: Writing) -> Prepared {
        let building = ContinuousClock.now
        let ids = writing.ids
        var tables: [BulkRows] = []

        var tagRows = BulkRows("tags", ["id", "name", "parent_id", "path", "created_at", "updated_at"])
        for row in tags { tagRows.append(row) }
        tables.append(tagRows)

        var documents = SearchIndex.bulkDocuments()
        var audit = AuditLog.bulkEntries()
        var customValues = BulkRows("custom_values", ["id", "field_id", "record_id", "value"])
        let common: [String: FieldValue] = [
            "owner_id": writing.owner, "import_batch_id": .uuid(writing.batchID), "created_at": .date(writing.stamp),
            "updated_at": .date(writing.stamp),
        ]
        /// The creation entry `EntityService.create` records, custom values by their column as a form submits them.
        func audited(_ definition: EntityDefinition, _ id: UUID, _ values: [String: FieldValue], _ custom: [UUID: String]) {
            var written = values
            for (fieldID, text) in custom {
                if let field = definition.fields.first(where: { $0.customFieldID == fieldID }) {
                    written[field.column] = CustomFieldsSupport.value(text, for: field)
                }
            }
            let entry = EntityService.creationAudit(definition, written)
            AuditLog.append(
                .create, entity: definition.table, id: id.uuidString.lowercased(), summary: entry.summary, changes: entry.changes,
                by: writing.auditActor, at: writing.stamp, entryID: ids.next(), to: &audit)
        }

        // Companies.
        var companyNames: [UUID: String] = [:]
        var companyRows: [(UUID, [String: FieldValue])] = []
        for (id, part) in companies {
            var values = Self.completed(part.values, defaults: CompaniesEntity.definition.defaults)
            CompaniesEntity.applyDefaultRole(&values)
            for (column, value) in common { values[column] = value }
            companyRows.append((id, Self.keyed("companies", values)))
            companyNames[id] = values["name"]?.textValue ?? ""
            SearchIndex.append(DirectoryIndexing.companyDocument(TableRow(id: id, values: values)), to: &documents)
            for (field, value) in part.custom { customValues.append([.uuid(ids.next()), .uuid(field), .uuid(id), .text(value)]) }
            audited(writing.companies, id, values, part.custom)
        }
        tables.append(Self.rows("companies", companyRows))

        // Contacts, with the names of their companies for their search entries.
        companyNames.merge(existing) { current, _ in current }
        let linksByContact = self.linksByContact
        var contactRows: [(UUID, [String: FieldValue])] = []
        for (id, part) in contacts {
            var values = Self.completed(part.values, defaults: ContactsEntity.definition.defaults)
            for (column, value) in common { values[column] = value }
            contactRows.append((id, Self.keyed("contacts", values)))
            let companyLinks = (linksByContact[id] ?? []).map {
                CompanyLink(contactID: id, companyID: $0.0, role: $0.1, otherName: companyNames[$0.0] ?? "")
            }
            SearchIndex.append(DirectoryIndexing.contactDocument(TableRow(id: id, values: values), companies: companyLinks), to: &documents)
            for (field, value) in part.custom { customValues.append([.uuid(ids.next()), .uuid(field), .uuid(id), .text(value)]) }
            audited(writing.contacts, id, values, part.custom)
        }
        tables.append(Self.rows("contacts", contactRows))

        var linkRows = BulkRows("contact_companies", ["id", "contact_id", "company_id", "role", "created_at"])
        for row in links { linkRows.append(row) }
        var companyTagRows = BulkRows("company_tags", ["id", "company_id", "tag_id"])
        for row in companyTags { companyTagRows.append(row) }
        var contactTagRows = BulkRows("contact_tags", ["id", "contact_id", "tag_id"])
        for row in contactTags { contactTagRows.append(row) }
        tables += [linkRows, companyTagRows, contactTagRows, customValues, documents, audit]

        var journalRows = ImportJournalStore.bulkRows()
        for entry in journal { ImportJournalStore.append(entry, id: ids.next(), batch: writing.batchID, to: &journalRows) }
        tables.append(journalRows)
        if writing.sqlite {
            for index in tables.indices { tables[index].encodeForSQLite() }
        }
        writing.trace?.table("(building rows)", rows: 0, since: building)
        return Prepared(tables: tables, plan: self)
    }

    /// Writes a prepared chunk; call inside a transaction.
    static func write(_ prepared: Prepared, _ writing: Writing, on db: any Database) async throws {
        for table in prepared.tables {
            let started = ContinuousClock.now
            try await table.insert(on: db)
            if table.table == "search_documents" { try await SearchIndex.indexInserted(table, on: db) }
            writing.trace?.table(table.table, rows: table.rows.count, since: started)
        }
        try await prepared.plan.applyUpdates(writing, on: db)
    }

    /// Updates of existing records (with the journal of what they replace, and an audit entry each, as a form's
    /// update records it) and re-indexing: the rare path, row by row.
    func applyUpdates(_ writing: Writing, on db: any Database) async throws {
        for update in updates {
            let definition = update.side == .company ? writing.companies : writing.contacts
            var before = Before(values: ["updated_at": update.stored["updated_at"]], custom: [:])
            for column in update.changes.keys { before.values[column] = update.stored[column] }
            for field in update.custom.keys { before.custom[field.uuidString] = update.storedCustom[field] }
            var changes = update.changes
            changes["updated_at"] = .date(writing.stamp)
            if update.side == .company, let name = changes["name"]?.textValue {
                changes["name_folded"] = .text(DuplicateFinder.normalizedCompanyName(name))
            }
            try await TableStore.update(definition.tableSpec, id: update.id, values: changes, on: db)
            for (field, value) in update.custom {
                try await CustomFieldStore.set(value, field: field, record: update.id, id: writing.ids.next(), on: db)
            }
            let encoded = String(decoding: try JSONEncoder().encode(before), as: UTF8.self)
            try await ImportJournalStore.record(
                ImportJournalEntry(
                    kind: update.side == .company ? "companyUpdate" : "contactUpdate", record: update.id, row: nil, before: encoded),
                id: writing.ids.next(), batch: writing.batchID, on: db)
            try await AuditLog.record(
                .update, entity: definition.table, id: update.id.uuidString.lowercased(),
                summary: (changes[definition.titleColumn] ?? update.stored[definition.titleColumn]).textValue ?? "",
                changes: auditChanges(update, definition), by: writing.auditActor, at: writing.stamp, on: db)
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

    /// The fields an update changed, before and after, custom ones by their column (as `EntityService.update` records them).
    private func auditChanges(_ update: Update, _ definition: EntityDefinition) -> [String: (before: FieldValue, after: FieldValue)] {
        var before = update.stored.values.filter { update.changes[$0.key] != nil }
        var after = update.changes
        for (fieldID, text) in update.custom {
            guard let field = definition.fields.first(where: { $0.customFieldID == fieldID }) else { continue }
            before[field.column] = update.storedCustom[fieldID].map { CustomFieldsSupport.value($0, for: field) } ?? .null
            after[field.column] = CustomFieldsSupport.value(text, for: field)
        }
        return AuditLog.diff(before: EntityService.auditable(before), after: EntityService.auditable(after))
    }

    /// The row's values with the entity's defaults where the row has none (what `EntityService.create` does).
    static func completed(_ values: [String: FieldValue], defaults: [String: FieldValue]) -> [String: FieldValue] {
        var completed = values
        completed.reserveCapacity(values.count + defaults.count + 4)
        for (column, value) in defaults where completed[column] == nil { completed[column] = value }
        return completed
    }

    /// The rows of a table, on the union of their columns (absent values are NULL).
    /// A record's values with the sort keys of its names (`SortKeys`), as `TableStore.insert` writes them.
    static func keyed(_ table: String, _ values: [String: FieldValue]) -> [String: FieldValue] {
        var keyed = values
        SortKeys.complete(table, &keyed)
        return keyed
    }

    static func rows(_ table: String, _ records: [(UUID, [String: FieldValue])]) -> BulkRows {
        var union = Set<String>()
        for (_, values) in records {
            for column in values.keys where !union.contains(column) { union.insert(column) }
        }
        let columns = union.sorted()
        var rows = BulkRows(table, ["id"] + columns)
        // Each record's values put in place by position: one lookup per value it has, not one per column of the table.
        let position = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($0.element, $0.offset + 1) })
        for (id, values) in records {
            var row = [FieldValue](repeating: .null, count: columns.count + 1)
            row[0] = .uuid(id)
            for (column, value) in values { row[position[column]!] = value }
            rows.append(row)
        }
        return rows
    }
}

/// The rejected rows as a CSV to fix and import again: the file's own columns, then « Ligne » (the row's number as Excel
/// shows it in the original file) and « Erreurs ». `;`, UTF-8 with BOM, as French Excel opens it.
///
/// A row imported in part (its company, not its contact) is written whole, its company cells included, its « Erreurs »
/// beginning with « Société importée, contact refusé » : imported again once fixed, its company is found (same external
/// reference, SIRET, or name and postcode: the values it was created with) and left as it is, and its contact is created
/// and linked. Its company cells are kept, not blanked, so the fixed row still finds it and still carries the role.
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
        let reasons = Self.reasons(error)
        try handle.write(contentsOf: Data(writer.row(fields + [String(error.row), reasons]).utf8))
    }

    /// The « Erreurs » cell: every problem with its column and value, after what happened to a row imported in part.
    static func reasons(_ error: ImportRowError) -> String {
        let problems = error.problems.map { problem in
            problem.column.isEmpty
                ? problem.fr : "\(problem.column) : \(problem.fr)\(problem.value.isEmpty ? "" : " (« \(problem.value) »)")"
        }.joined(separator: " | ")
        return error.companyImported ? ImportRowError.partialNote.fr + " : " + problems : problems
    }

    func close() throws {
        try handle.close()
    }
}
