import ComptoirCore
import ComptoirDocuments
import ComptoirStore
import FluentKit
import Foundation

/// Where a running import stands.
public struct ImportProgress: Sendable {
    public var rowsDone: Int
    public var bytesDone: Int
    public var bytesTotal: Int
    public var seconds: Double
    public var report: ImportReport

    public var rowsPerSecond: Double { seconds > 0 ? Double(rowsDone) / seconds : 0 }
    public var fraction: Double { bytesTotal > 0 ? min(1, Double(bytesDone) / Double(bytesTotal)) : 0 }
    /// Seconds left at the current pace, when it can be told.
    public var secondsLeft: Double? {
        guard fraction > 0.01, fraction < 1 else { return nil }
        return seconds / fraction - seconds
    }
}

/// Runs an import, or its simulation, over a stored file. Both go through the same reading, checks,
/// matching and counting; the simulation simply writes nothing, so its counts are the run's.
///
/// The file streams in chunks of `tuning.chunkSize` rows: the next chunk is read and checked on another task
/// while the current one is matched, and the one before is written. Writes go in transactions of about
/// `tuning.transactionRows` rows (all of a row or nothing of it; a cancelled import commits the chunks it planned, a
/// failed one keeps the transactions committed before the failure: whole rows only, and its batch can be undone).
/// Each transaction takes the companies' and contacts' write locks first, as the forms' writes do.
/// Memory grows with the file's distinct companies, contacts and links (a 64-bit key each), not its size.
struct ImportEngine: Sendable {
    var fileURL: URL
    var kind: ImportAnalysis.Kind
    var settings: ImportSettings
    var headers: [String]
    var batchID: UUID
    /// The owner of created records (the user who imports).
    var userID: UUID?
    /// Who the audit entries of the created and updated records name.
    var auditActor: AuditActor
    var simulate: Bool
    /// Rejected rows are written there as CSV (their cells, then « Ligne » and « Erreurs »).
    var errorFile: URL?
    var ids: any IDGenerator
    /// The time written as created/updated on every record of the batch (rollback compares against it).
    var stamp: Date
    var tuning: ImportTuning

    /// Runs to the end, or until `progress` returns false (cancellation), after each chunk. Reads go to `db`,
    /// writes to `writer` (by default the same): two handles on different event loops use two connections,
    /// so a chunk is matched while the previous one is written (on SQLite each event loop has one connection).
    func run(on db: any Database, writer: (any Database)? = nil, progress: @escaping @Sendable (ImportProgress) async throws -> Bool)
        async throws -> ImportReport
    {
        let writer = writer ?? db
        let clock = ContinuousClock()
        let started = clock.now
        let chunkSize = tuning.chunkSize
        let targets = try await ImportTargets.all(on: db)
        let parser = try ImportRowParser.make(settings: settings, headers: headers, targets: targets, today: CalendarDay(stamp))
        let source = try ImportSource(fileURL: fileURL, kind: kind, settings: settings)
        let state = ImportState(parser: parser, targets: targets, settings: settings)
        try await state.loadTags(on: db)
        try await state.checkExisting(on: db)
        let errors = try errorFile.map { try ImportErrorFile(url: $0, headers: headers) }
        defer { try? errors?.close() }

        let readChunk: @Sendable () throws -> [ParsedRow] = {
            var rows: [ParsedRow] = []
            rows.reserveCapacity(chunkSize)
            while rows.count < chunkSize, let row = try source.next() { rows.append(parser.parse(row)) }
            return rows
        }
        // Reading and checking a chunk, like building its rows, is a long stretch of CPU work: both run on threads of
        // their own (`offThread`), not on Swift's few cooperative threads, where they would hold back the writing
        // task's resumption after each statement.
        let readAhead = { offThread(readChunk) }
        var pending = readAhead()
        // `tuning.trace` prints where the time goes (waiting for rows, lookups, planning, writing) at the end of this run.
        let trace = tuning.trace ? ImportTrace() : nil
        func timed<T>(_ name: String, _ body: () async throws -> T) async rethrows -> T {
            let start = clock.now
            defer { trace?.phase(name, clock.now - start) }
            return try await body()
        }
        defer {
            if let trace { FileHandle.standardError.write(Data(trace.summary.utf8)) }
        }
        let sqlite = try ImportLookups.isSQLite(writer)
        let writing = ImportPlan.Writing(
            batchID: batchID, stamp: stamp, ids: ids, owner: userID.map { .uuid($0) } ?? .null, auditActor: auditActor,
            companies: state.companyDefinition, contacts: state.contactDefinition, sqlite: sqlite, trace: trace)
        // Four stages: reading and checking rows (its own thread, one chunk ahead), matching and planning (in file
        // order, here), building the rows to insert (its own thread, while the next chunk is matched), and writing
        // (its own task, fed through a handoff of one chunk). Writes stay in file order: one at a time.
        let handoff = Handoff<WriteItem>(capacity: 1)
        let writingTask: Task<Void, Error>? = simulate ? nil : Task { try await write(from: handoff, writing, on: writer) }
        // The chunk being built, then handed to the writer as soon as it is ready (so the writer finds it waiting and
        // puts it in the same transaction); one at a time, in file order.
        var building: Task<Void, Error>?
        func handOver() async throws {
            guard let task = building else { return }
            building = nil
            try await timed("4 wait for the previous chunk to be built and handed over") { try await task.value }
        }
        var stop = false
        do {
            while !stop {
                let rows = try await timed("1 wait for rows") { try await pending.value }
                if rows.isEmpty { break }
                let bytesDone = source.bytesRead
                pending = readAhead()

                try await timed("2 look up") { try await state.lookUp(rows, on: db) }
                let plan = await timed("3 plan") { state.plan(rows, ids: ids, stamp: stamp) }
                for rejected in plan.rejected { try errors?.write(rejected) }
                let rowsDone = state.report.rowsRead
                let report = state.report
                if !simulate {
                    let names = try await timed("3 plan") { try await plan.existingCompanyNames(on: db) }
                    try await handOver()
                    let count = rows.count
                    let built = offThread {
                        WriteItem(
                            prepared: plan.build(companyNames: names, writing), rows: count, rowsDone: rowsDone, bytesDone: bytesDone,
                            report: report)
                    }
                    building = Task { try await handoff.send(try await built.value) }
                }
                state.report.seconds = elapsedSeconds(clock.now - started)
                let keepGoing = try await progress(
                    ImportProgress(
                        rowsDone: rowsDone, bytesDone: bytesDone, bytesTotal: source.totalBytes, seconds: state.report.seconds,
                        report: report))
                if !keepGoing {
                    state.report.cancelled = true
                    stop = true
                }
            }
            try await handOver()
        } catch {
            // The writer rolls back the rows of its open transaction; committed ones stay (whole rows, undoable).
            await handoff.fail(error)
            _ = try? await writingTask?.value
            _ = try? await building?.value
            pending.cancel()
            throw error
        }
        await handoff.finish()
        try await timed("6 wait for the last write") { try await writingTask?.value }
        pending.cancel()
        state.report.seconds = elapsedSeconds(clock.now - started)
        return state.report
    }
}

/// A prepared chunk on its way to the writer, with the progress to record once it is committed.
struct WriteItem: Sendable {
    var prepared: ImportPlan.Prepared
    var rows: Int
    var rowsDone: Int
    var bytesDone: Int
    var report: ImportReport
}

extension ImportEngine {
    /// Writes the chunks handed over, in transactions of up to about `tuning.transactionRows` rows (the chunks that are
    /// ready), each taking the companies' and contacts' write locks and recording the progress of its last chunk.
    /// Ends when the handoff finishes or fails (rolling back the open transaction).
    func write(from handoff: Handoff<WriteItem>, _ writing: ImportPlan.Writing, on writer: any Database) async throws {
        let engineBatch = batchID, engineStamp = stamp, limit = tuning.transactionRows
        // SQLite: the writing connection (one per event loop) keeps the import's page cache between its transactions,
        // then goes back to the pool's and releases the pages. Statement journals in memory.
        func pragmas(_ list: [String]) async throws {
            guard writing.sqlite else { return }
            try await ImportLookups.pragmas(list, on: writer)
        }
        try await pragmas(["cache_size = -\(tuning.writerCacheKiB)", "temp_store = MEMORY"])
        do {
            var next = try await handoff.receive()
            while let first = next {
                let transactionStart = ContinuousClock.now
                let written = try await writer.transaction { transaction in
                    try await WriteLock.acquire(CompaniesEntity.definition.table, on: transaction)
                    try await WriteLock.acquire(ContactsEntity.definition.table, on: transaction)
                    // Chunks already waiting join the transaction; it never waits for the planner (so a slow
                    // chunk, e.g. one matching many existing records, does not hold the write lock).
                    var item = first, rows = 0
                    while true {
                        try await ImportPlan.write(item.prepared, writing, on: transaction)
                        rows += item.rows
                        guard rows < limit, let more = try await handoff.receiveIfReady() else { break }
                        item = more
                    }
                    try await ImportBatchStore.saveProgress(
                        engineBatch, rowsDone: item.rowsDone, bytesDone: item.bytesDone, report: try ImportJSON.encode(item.report),
                        at: engineStamp, on: transaction)
                    return rows
                }
                writing.trace?.table("(transactions incl. commit: file rows)", rows: written, since: transactionStart)
                writing.trace?.table("(transactions incl. commit: count)", rows: 1, since: ContinuousClock.now)
                // SQLite: a form's write waiting for the lock (SQLiteNIO's busy handler retries without a queue) gets it
                // between two transactions, instead of losing the race to the next one for the whole import.
                if writing.sqlite { try? await Task.sleep(for: .milliseconds(10)) }
                next = try await handoff.receive()
            }
        } catch {
            await handoff.fail(error)
            try? await pragmas(["cache_size = -\(StoreSetup.sqliteCacheKiB)", "shrink_memory"])
            throw error
        }
        try await pragmas(["cache_size = -\(StoreSetup.sqliteCacheKiB)", "shrink_memory"])
    }
}

/// What the import knows as it goes: the keys of the companies, contacts, links and tags it has met
/// (hashed), and the counts.
final class ImportState: @unchecked Sendable {
    let parser: ImportRowParser
    let settings: ImportSettings
    var report = ImportReport()

    // Key → record, for records of the database and records created by this import.
    var companies: [Int: UUID] = [:]
    var contacts: [Int: UUID] = [:]
    /// Records that existed before the import (they are updated or left alone, once), and those handled.
    var preexisting: Set<UUID> = []
    var handled: Set<UUID> = []
    /// contact+company and record+tag pairs that exist.
    var links: Set<Int> = []
    var tagLinks: Set<Int> = []
    var linksLoaded: Set<UUID> = []
    var tagsLoaded: Set<UUID> = []
    var tagIDs: [String: UUID] = [:]
    /// Contacts written in an earlier chunk that got a new company link (their search entry names their companies).
    var createdBefore: Set<UUID> = []
    // Chunk-local: stored rows of existing records to update, and their custom values.
    var storedRows: [UUID: TableRow] = [:]
    var storedCustom: [UUID: [UUID: String]] = [:]

    let companyRequired: [FieldDefinition]
    let contactRequired: [FieldDefinition]
    let companyDefinition: EntityDefinition
    let contactDefinition: EntityDefinition

    init(parser: ImportRowParser, targets: [ImportTarget], settings: ImportSettings) {
        self.parser = parser
        self.settings = settings
        func required(_ side: ImportTarget.Side) -> [FieldDefinition] {
            targets.filter { $0.side == side }.compactMap(\.field).filter { $0.required && $0.customFieldID != nil }
        }
        companyRequired = required(.company)
        contactRequired = required(.contact)
        var company = CompaniesEntity.definition, contact = ContactsEntity.definition
        company.fields += targets.filter { $0.side == .company }.compactMap(\.field).filter { $0.customFieldID != nil }
        contact.fields += targets.filter { $0.side == .contact }.compactMap(\.field).filter { $0.customFieldID != nil }
        companyDefinition = company
        contactDefinition = contact
    }

    static func key(_ parts: String...) -> Int {
        var hasher = Hasher()
        for part in parts { hasher.combine(part) }
        return hasher.finalize()
    }

    static func pair(_ first: UUID, _ second: UUID) -> Int {
        var hasher = Hasher()
        hasher.combine(first)
        hasher.combine(second)
        return hasher.finalize()
    }

    func loadTags(on db: any Database) async throws {
        for tag in try await TagStore.all(on: db) { tagIDs[tag.path] = tag.id }
    }

    /// Whether the database held companies / contacts (not merged away) when the import started: a first import into an
    /// empty directory has nothing to match there, and skips the lookups (records of the file are matched in memory).
    var databaseHasCompanies = true
    var databaseHasContacts = true

    func checkExisting(on db: any Database) async throws {
        databaseHasCompanies = try await ImportLookups.hasLiveRecords("companies", on: db)
        databaseHasContacts = try await ImportLookups.hasLiveRecords("contacts", on: db)
    }

    // MARK: Keys

    struct CompanyKeys: Sendable {
        var external: String?
        var siret: String?
        var name: String?
        var postcode: String

        /// The keys to match with: external id, then SIRET; the name and postcode only without a SIRET.
        var matching: [Int] {
            var keys: [Int] = []
            if let external { keys.append(ImportState.key("x", external)) }
            if let siret { keys.append(ImportState.key("s", siret)) } else if let name { keys.append(ImportState.key("n", name, postcode)) }
            return keys
        }

        var all: [Int] {
            var keys: [Int] = []
            if let external { keys.append(ImportState.key("x", external)) }
            if let siret { keys.append(ImportState.key("s", siret)) }
            if let name { keys.append(ImportState.key("n", name, postcode)) }
            return keys
        }
    }

    static func companyKeys(_ part: RecordPart) -> CompanyKeys {
        CompanyKeys(
            external: part.values["external_id"]?.textValue, siret: part.values["siret"]?.textValue,
            name: part.values["name_folded"]?.textValue, postcode: part.values["billing_postcode"]?.textValue ?? "")
    }

    static func companyKeys(_ stored: StoredCompanyKeys) -> CompanyKeys {
        CompanyKeys(external: stored.externalID, siret: stored.siret, name: stored.nameFolded, postcode: stored.postcode ?? "")
    }

    struct ContactKeys: Sendable {
        var external: String?
        var email: String?
        var name: String
        var postcode: String

        func matching(company: UUID?) -> [Int] {
            var keys: [Int] = []
            if let external { keys.append(ImportState.key("x", external)) }
            if let email { keys.append(ImportState.key("e", email)) } else { keys.append(nameKey(company: company)) }
            return keys
        }

        func all(company: UUID?) -> [Int] {
            var keys: [Int] = []
            if let external { keys.append(ImportState.key("x", external)) }
            if let email { keys.append(ImportState.key("e", email)) }
            keys.append(nameKey(company: company))
            return keys
        }

        func nameKey(company: UUID?) -> Int {
            if let company { return ImportState.key("c", company.uuidString, name) }
            return ImportState.key("p", name, postcode)
        }
    }

    static func contactKeys(_ part: RecordPart) -> ContactKeys {
        ContactKeys(
            external: part.values["external_id"]?.textValue, email: part.values["email"]?.textValue?.lowercased(),
            name: ImportTargets.fold(part.values["display_name"]?.textValue ?? ""),
            postcode: part.values["address_postcode"]?.textValue ?? "")
    }

    func resolveCompany(_ row: ParsedRow) -> UUID? {
        guard let keys = row.companyKeys else { return nil }
        for key in keys.matching { if let id = companies[key] { return id } }
        return nil
    }

    func resolveContact(_ row: ParsedRow, company: UUID?) -> UUID? {
        guard let keys = row.contactKeys else { return nil }
        for key in keys.matching(company: company) { if let id = contacts[key] { return id } }
        return nil
    }

    // MARK: Looking up the database

    /// Finds the records of the database that the chunk's rows match, once per key.
    func lookUp(_ rows: [ParsedRow], on db: any Database) async throws {
        storedRows = [:]
        storedCustom = [:]
        let valid = rows.filter { $0.problems.isEmpty && !$0.isBlank }

        // Companies, by external id, SIRET, or folded name.
        var externals: Set<String> = [], sirets: Set<String> = [], names: Set<String> = []
        for row in valid {
            guard let keys = row.companyKeys, resolveCompany(row) == nil else { continue }
            if let external = keys.external { externals.insert(external) }
            if let siret = keys.siret { sirets.insert(siret) } else if let name = keys.name { names.insert(name) }
        }
        for (column, values) in [("external_id", externals), ("siret", sirets), ("name_folded", names)]
        where !values.isEmpty && databaseHasCompanies {
            for found in try await ImportLookups.companies(where: column, in: values, on: db) {
                preexisting.insert(found.id)
                for key in Self.companyKeys(found).all where companies[key] == nil { companies[key] = found.id }
            }
        }

        // Contacts, by external id, e-mail, or name within an existing company (or name and postcode).
        var contactExternals: Set<String> = [], emails: Set<String> = [], ofCompanies: Set<UUID> = [], privateNames: Set<String> = []
        for row in valid {
            guard let part = row.contact, let keys = row.contactKeys else { continue }
            let company = resolveCompany(row)
            guard resolveContact(row, company: company) == nil else { continue }
            if let external = keys.external { contactExternals.insert(external) }
            if let email = keys.email {
                emails.insert(email)
            } else if let company {
                if preexisting.contains(company) { ofCompanies.insert(company) }
            } else if row.company == nil, let display = part.values["display_name"]?.textValue {
                privateNames.insert(display)
            }
        }
        func register(_ found: [StoredContactKeys]) {
            for stored in found {
                preexisting.insert(stored.id)
                let keys = ContactKeys(
                    external: stored.externalID, email: stored.email?.lowercased(), name: ImportTargets.fold(stored.displayName),
                    postcode: stored.postcode ?? "")
                for key in keys.all(company: stored.companyID) where contacts[key] == nil { contacts[key] = stored.id }
            }
        }
        for (column, values) in [("external_id", contactExternals), ("email", emails), ("display_name", privateNames)]
        where !values.isEmpty && databaseHasContacts {
            register(try await ImportLookups.contacts(where: column, in: values, on: db))
        }
        if !ofCompanies.isEmpty { register(try await ImportLookups.contacts(ofCompanies: ofCompanies, on: db)) }

        // Links and tags of the existing records the chunk touches, and their stored values for updates.
        var companiesTouched: Set<UUID> = [], contactsTouched: Set<UUID> = []
        for row in valid {
            let company = resolveCompany(row)
            if let company, preexisting.contains(company) { companiesTouched.insert(company) }
            if let contact = resolveContact(row, company: company), preexisting.contains(contact) {
                contactsTouched.insert(contact)
            }
        }
        let newContacts = contactsTouched.subtracting(linksLoaded)
        if !newContacts.isEmpty {
            for link in try await ImportLookups.links(ofContacts: newContacts, on: db) {
                links.insert(Self.pair(link.contact, link.company))
            }
        }
        linksLoaded.formUnion(newContacts)
        for (target, touched) in [(TagTarget.companies, companiesTouched), (.contacts, contactsTouched)] {
            let fresh = touched.subtracting(tagsLoaded)
            if !fresh.isEmpty {
                for link in try await ImportLookups.tagLinks(of: fresh, target, on: db) {
                    tagLinks.insert(Self.pair(link.record, link.tag))
                }
            }
            tagsLoaded.formUnion(fresh)
        }
        if settings.updateExisting {
            for (definition, touched) in [(companyDefinition, companiesTouched), (contactDefinition, contactsTouched)] {
                let pending = touched.subtracting(handled)
                storedRows.merge(try await TableStore.getMany(definition.tableSpec, ids: Array(pending), on: db)) { _, new in new }
                if !pending.isEmpty {
                    for (id, values) in try await CustomFieldStore.values(for: Array(pending), on: db) { storedCustom[id] = values }
                }
            }
        }
    }

    // MARK: Planning

    /// Decides, row by row and in file order, what each row creates, updates, links and tags.
    func plan(_ rows: [ParsedRow], ids: any IDGenerator, stamp: Date) -> ImportPlan {
        var plan = ImportPlan()
        for row in rows {
            report.rowsRead += 1
            if row.isBlank {
                report.rowsBlank += 1
                continue
            }
            if !row.problems.isEmpty {
                reject(row, row.problems, into: &plan)
                continue
            }
            // Decide first, without changing anything, so a row refused late leaves no trace.
            let companyID = resolveCompany(row)
            var companyProblems: [ImportRowError.Problem] = []
            if let part = row.company, companyID == nil { companyProblems = missingRequired(part, companyRequired) }
            let contactID = resolveContact(row, company: companyID)
            var contactProblems: [ImportRowError.Problem] = []
            if let part = row.contact, contactID == nil { contactProblems = missingRequired(part, contactRequired) }
            var contactPart = row.contact, role = row.role
            var refused = row.refusedContact
            if ImportRowParser.keepsCompany(
                companyValid: companyProblems.isEmpty, contactValid: contactProblems.isEmpty, hasCompany: row.company != nil,
                keepsValidPart: parser.keepsValidPart)
            {
                refused += contactProblems
                contactPart = nil
                role = nil
            } else if !companyProblems.isEmpty || !contactProblems.isEmpty {
                reject(row, companyProblems + contactProblems, into: &plan)
                continue
            }
            if refused.isEmpty {
                report.rowsImported += 1
            } else {
                // Imported in part: its company is written below; its contact is reported (and in the error file).
                report.rowsPartial += 1
                record(ImportRowError(row: row.number, problems: refused, companyImported: true), fields: row.fields, into: &plan)
            }

            var company: UUID?
            if let part = row.company {
                if let existing = companyID {
                    company = existing
                    touchExisting(existing, part, side: .company, into: &plan)
                } else {
                    let id = ids.next()
                    company = id
                    for key in row.companyKeys!.all where companies[key] == nil { companies[key] = id }
                    plan.companies.append((id, part))
                    report.companiesCreated += 1
                }
                addTags(part.tags, to: company!, target: .companies, ids: ids, stamp: stamp, into: &plan)
            }
            if let part = contactPart {
                let contact: UUID
                if let existing = contactID {
                    contact = existing
                    touchExisting(existing, part, side: .contact, into: &plan)
                } else {
                    contact = ids.next()
                    for key in row.contactKeys!.all(company: company) where contacts[key] == nil { contacts[key] = contact }
                    plan.contacts.append((contact, part))
                    plan.createdContacts.insert(contact)
                    report.contactsCreated += 1
                }
                if let company {
                    let pair = Self.pair(contact, company)
                    if !links.contains(pair) {
                        links.insert(pair)
                        // The contact is now also found by its name within this company.
                        let nameKey = row.contactKeys!.nameKey(company: company)
                        if contacts[nameKey] == nil { contacts[nameKey] = contact }
                        let linkID = ids.next()
                        plan.links.append([
                            .uuid(linkID), .uuid(contact), .uuid(company), role.map { .text($0) } ?? .text(""), .date(stamp),
                        ])
                        report.linksCreated += 1
                        if preexisting.contains(contact) || preexisting.contains(company) {
                            plan.journal.append(.init(kind: "link", record: contact, row: linkID, before: nil))
                        }
                        if !plan.createdContacts.contains(contact) { plan.reindexContacts.insert(contact) }
                    }
                }
                addTags(part.tags, to: contact, target: .contacts, ids: ids, stamp: stamp, into: &plan)
            }
        }
        return plan
    }

    private func reject(_ row: ParsedRow, _ problems: [ImportRowError.Problem], into plan: inout ImportPlan) {
        report.rowsRejected += 1
        record(ImportRowError(row: row.number, problems: problems), fields: row.fields, into: &plan)
    }

    /// A row for the report (the first ones) and the error file (all of them), with its original cells.
    private func record(_ error: ImportRowError, fields: [String], into plan: inout ImportPlan) {
        if report.errors.count < ImportReport.keptErrors { report.errors.append(error) }
        plan.rejected.append((fields, error))
    }

    private func missingRequired(_ part: RecordPart, _ required: [FieldDefinition]) -> [ImportRowError.Problem] {
        required.filter { part.custom[$0.customFieldID!] == nil }.map { field in
            let header = parser.columns.first { $0.target.field?.customFieldID == field.customFieldID }?.header ?? field.label.fr
            return .init(
                column: header, value: "", fr: "« \(field.label.fr) » est obligatoire pour créer la fiche.",
                en: "\"\(field.label.en)\" is required to create the record.")
        }
    }

    /// An existing record met for the first time: updated with the row's values (when asked), or left as is.
    private func touchExisting(_ id: UUID, _ part: RecordPart, side: ImportTarget.Side, into plan: inout ImportPlan) {
        guard preexisting.contains(id), !handled.contains(id) else { return }
        handled.insert(id)
        var changes: [String: FieldValue] = [:]
        var customChanges: [UUID: String] = [:]
        if settings.updateExisting, let stored = storedRows[id] {
            var values = part.values
            // The display name follows the names, with the stored one where the row has none (the form's rule).
            if side == .contact { _ = ContactsEntity.normalize(&values, existing: stored, today: parser.today) }
            for (column, value) in values
            where stored[column] != value && !(side == .company && column == "is_prospect" && part.values["is_prospect"] == nil) {
                changes[column] = value
            }
            let custom = storedCustom[id] ?? [:]
            for (field, value) in part.custom where custom[field] != value { customChanges[field] = value }
        }
        if changes.isEmpty && customChanges.isEmpty {
            if side == .company { report.companiesUnchanged += 1 } else { report.contactsUnchanged += 1 }
            return
        }
        if side == .company { report.companiesUpdated += 1 } else { report.contactsUpdated += 1 }
        plan.updates.append(
            .init(
                id: id, side: side, changes: changes, custom: customChanges, stored: storedRows[id]!, storedCustom: storedCustom[id] ?? [:])
        )
    }

    private func addTags(
        _ paths: [String], to record: UUID, target: TagTarget, ids: any IDGenerator, stamp: Date, into plan: inout ImportPlan
    ) {
        for path in paths {
            let tag = tagID(path, ids: ids, stamp: stamp, into: &plan)
            let pair = Self.pair(record, tag)
            guard !tagLinks.contains(pair) else { continue }
            tagLinks.insert(pair)
            let linkID = ids.next()
            if target == .companies {
                plan.companyTags.append([.uuid(linkID), .uuid(record), .uuid(tag)])
            } else {
                plan.contactTags.append([.uuid(linkID), .uuid(record), .uuid(tag)])
            }
            if preexisting.contains(record) {
                plan.journal.append(
                    .init(kind: target == .companies ? "companyTag" : "contactTag", record: record, row: linkID, before: nil))
            }
        }
    }

    /// The tag of `path`, created with its missing ancestors.
    private func tagID(_ path: String, ids: any IDGenerator, stamp: Date, into plan: inout ImportPlan) -> UUID {
        if let id = tagIDs[path] { return id }
        let parts = path.components(separatedBy: TagStore.separator)
        var parent: UUID?
        for depth in 1...parts.count {
            let prefix = parts.prefix(depth).joined(separator: TagStore.separator)
            if let id = tagIDs[prefix] {
                parent = id
                continue
            }
            let id = ids.next()
            tagIDs[prefix] = id
            plan.tags.append([
                .uuid(id), .text(parts[depth - 1]), parent.map { .uuid($0) } ?? .null, .text(prefix), .date(stamp), .date(stamp),
            ])
            report.tagsCreated += 1
            plan.journal.append(.init(kind: "tag", record: id, row: nil, before: nil))
            parent = id
        }
        return parent!
    }
}

/// Runs CPU-bound work on a dispatch thread and awaits it: long synchronous stretches stay off Swift's cooperative
/// threads (as many as cores), which the tasks waiting on the database need to resume promptly.
func offThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) -> Task<T, Error> {
    Task {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(with: Result { try work() }) }
        }
    }
}
