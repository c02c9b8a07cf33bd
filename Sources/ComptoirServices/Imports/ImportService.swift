import ComptoirCore
import ComptoirDocuments
import ComptoirStore
import FluentKit
import Foundation

/// What the import needs from the program around it: where its files live, its tuning, the jobs of this process,
/// and, for each run, two handles on the database that use different connections (reads and writes overlap).
public struct ImportRuntime: Sendable {
    public var dataDirectory: URL
    public var tuning: ImportTuning
    public var jobs: ImportJobs
    public var connections: @Sendable () -> (reader: any Database, writer: any Database)

    public init(
        dataDirectory: URL, tuning: ImportTuning, jobs: ImportJobs,
        connections: @escaping @Sendable () -> (reader: any Database, writer: any Database)
    ) {
        self.dataDirectory = dataDirectory
        self.tuning = tuning
        self.jobs = jobs
        self.connections = connections
    }
}

/// The assisted import's use cases, shared by the pages, the API and the command line: upload and analyse,
/// settings and mapping, configurations, simulation, run, cancel, undo. Each checks the policy (« Imports »);
/// writes run in one transaction with their audit entry.
public struct ImportService: Sendable {
    public let context: ServiceContext
    public let runtime: ImportRuntime

    public init(_ context: ServiceContext, runtime: ImportRuntime) {
        self.context = context
        self.runtime = runtime
    }

    public var now: Date { context.now }
    var dataDirectory: URL { runtime.dataDirectory }
    /// The user a batch belongs to, and who owns the records it creates.
    var userID: UUID? { context.actor?.userID ?? context.auditActor.userID }

    public static let maxFileBytes = 512 * 1024 * 1024

    // MARK: Reads

    public func batch(_ id: UUID) async throws -> ImportBatchRecord {
        try context.authorize(.read, .imports)
        guard let batch = try await ImportBatchStore.get(id, on: context.db) else { throw AppError.notFound }
        return batch
    }

    /// The most recent batches first.
    public func recent(limit: Int) async throws -> [ImportBatchRecord] {
        try context.authorize(.read, .imports)
        return try await ImportBatchStore.recent(limit: limit, on: context.db)
    }

    /// The saved configurations, by name.
    public func profiles() async throws -> [ImportProfileRecord] {
        try context.authorize(.read, .imports)
        return try await ImportProfileStore.all(on: context.db)
    }

    /// What a column can be imported into, custom fields included.
    public func targets() async throws -> [ImportTarget] {
        try context.authorize(.read, .imports)
        return try await ImportTargets.all(on: context.db)
    }

    public func fileURL(_ batch: ImportBatchRecord) -> URL { dataDirectory.appendingPathComponent(batch.filePath) }
    public func errorFileURL(_ batch: ImportBatchRecord, simulation: Bool) -> URL {
        fileURL(batch).deletingLastPathComponent().appendingPathComponent(simulation ? "simulation-errors.csv" : "errors.csv")
    }

    public static func suggestedColumns(_ headers: [String], targets: [ImportTarget]) -> [ColumnMapping] {
        let suggestions = ImportTargets.suggest(headers: headers, targets: targets)
        return headers.enumerated().map { ColumnMapping(index: $0.offset, header: $0.element, target: suggestions[$0.offset]) }
    }

    // MARK: Upload and analysis

    /// Stores the uploaded file in the data directory, analyses it and suggests a mapping.
    public func upload(fileName: String, from temporary: URL) async throws -> ImportBatchRecord {
        try context.authorize(.write, .imports)
        let id = context.newID()
        let safeName = Self.safeFileName(fileName)
        let directory = "imports/\(id.uuidString.lowercased())"
        let folder = dataDirectory.appendingPathComponent(directory)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let stored = folder.appendingPathComponent("source" + Self.fileExtension(safeName))
        try? FileManager.default.removeItem(at: stored)
        try FileManager.default.moveItem(at: temporary, to: stored)
        do {
            let size = (try FileManager.default.attributesOfItem(atPath: stored.path)[.size] as? Int) ?? 0
            var (analysis, settings) = try ImportAnalyzer.analyze(fileURL: stored, settings: nil)
            let targets = try await ImportTargets.all(on: context.db)
            settings.columns = Self.suggestedColumns(analysis.headers, targets: targets)
            try await ImportBatchStore.create(
                id: id, fileName: safeName, filePath: "\(directory)/\(stored.lastPathComponent)", fileKind: analysis.kind.rawValue,
                fileSize: size, settings: try ImportJSON.encode(settings), analysis: try ImportJSON.encode(analysis), userID: userID,
                at: now,
                on: context.db)
            return try await batch(id)
        } catch let error as ImportFileError {
            try? FileManager.default.removeItem(at: folder)
            throw AppError(.unprocessableEntity, code: "unreadable_file", error.message, fields: ["file": [error.message]])
        } catch {
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
    }

    // MARK: Settings and mapping

    /// Applies new reading settings and mapping; re-analyses the file when the reading settings changed.
    /// A mapping sending two columns to one field is refused (422, nothing saved).
    public func update(_ batch: ImportBatchRecord, settings new: ImportSettings, profileID: UUID? = nil) async throws -> ImportBatchRecord {
        try context.authorize(.write, .imports)
        guard batch.status.isEditable else {
            throw AppError.conflict(
                L("L'import a déjà été lancé : ses réglages ne changent plus.", "The import has already run: its settings are fixed."))
        }
        let old = try ImportJSON.decode(ImportSettings.self, batch.settings)
        var settings = new
        var analysis = try ImportJSON.decode(ImportAnalysis.self, batch.analysis)
        if old.encoding != new.encoding || old.separator != new.separator || old.sheet != new.sheet || old.hasHeader != new.hasHeader {
            do {
                (analysis, settings) = try ImportAnalyzer.analyze(fileURL: fileURL(batch), settings: new)
            } catch let error as ImportFileError {
                throw AppError(.unprocessableEntity, code: "unreadable_file", error.message, fields: ["file": [error.message]])
            }
            // Columns keep their target when their title is still there; new columns get suggestions.
            let targets = try await ImportTargets.all(on: context.db)
            let suggested = Self.suggestedColumns(analysis.headers, targets: targets)
            let byHeader = Dictionary(
                new.columns.map { (ImportTargets.fold($0.header), $0.target) }, uniquingKeysWith: { first, _ in first })
            settings.columns = suggested.map { column in
                var column = column
                if let kept = byHeader[ImportTargets.fold(column.header)] { column.target = kept }
                return column
            }
        } else {
            settings.columns = analysis.headers.enumerated().map { index, header in
                ColumnMapping(index: index, header: header, target: new.columns.first { $0.index == index }?.target ?? "")
            }
        }
        try await validateMapping(settings, headers: analysis.headers)
        let (settingsText, analysisText) = (try ImportJSON.encode(settings), try ImportJSON.encode(analysis))
        try await context.transaction { context in
            try await ImportBatchStore.updateSettings(
                batch.id, settings: settingsText, analysis: analysisText, profileID: profileID ?? batch.profileID, at: context.now,
                on: context.db)
            if batch.status == .simulated {
                _ = try await ImportBatchStore.transition(batch.id, from: [.simulated], to: .analysed, at: context.now, on: context.db)
            }
        }
        return try await self.batch(batch.id)
    }

    public func validateMapping(_ settings: ImportSettings, headers: [String]) async throws {
        let targets = try await ImportTargets.all(on: context.db)
        do {
            _ = try ImportRowParser.make(settings: settings, headers: headers, targets: targets, today: CalendarDay(now))
        } catch let error as ImportRowParser.MappingError {
            throw AppError(
                .unprocessableEntity, code: "validation_failed",
                L("La correspondance des colonnes est à revoir.", "The column mapping needs fixing."),
                fields: ["mapping": error.problems])
        }
    }

    // MARK: Configurations

    /// « Charger une configuration »: its reading settings and its mapping, matched to this file's columns by
    /// title (by position for files without a header row). Returns the configuration's columns the file lacks.
    public func loadProfile(_ batch: ImportBatchRecord, profileID: UUID) async throws -> (ImportBatchRecord, missing: [String]) {
        try context.authorize(.write, .imports)
        // The import is the resource at the URL; an unknown configuration is a bad value in the body.
        guard let profile = try await ImportProfileStore.get(profileID, on: context.db) else {
            throw AppError.validation(["profileId": [L("Configuration inconnue.", "Unknown configuration.")]])
        }
        let saved = try ImportJSON.decode(ImportSettings.self, profile.settings)
        var reading = saved
        let analysisNow = try ImportJSON.decode(ImportAnalysis.self, batch.analysis)
        // The file's own encoding and separator, as detected: a configuration describes columns, and the same
        // export saved by another tool may use commas instead of semicolons.
        let current = try ImportJSON.decode(ImportSettings.self, batch.settings)
        reading.encoding = current.encoding
        reading.separator = current.separator
        if analysisNow.kind == .xlsx {
            reading.encoding = nil
            reading.separator = nil
            if let sheet = saved.sheet, !analysisNow.sheets.contains(sheet) { reading.sheet = nil }
        } else {
            reading.sheet = nil
        }
        // Read the file with the configuration's settings, then map by title.
        var (analysis, settings): (ImportAnalysis, ImportSettings)
        do {
            (analysis, settings) = try ImportAnalyzer.analyze(fileURL: fileURL(batch), settings: reading)
        } catch let error as ImportFileError {
            throw AppError(.unprocessableEntity, code: "unreadable_file", error.message, fields: ["file": [error.message]])
        }
        var missing: [String] = []
        var columns = analysis.headers.enumerated().map { ColumnMapping(index: $0.offset, header: $0.element, target: "") }
        let positions = Dictionary(
            analysis.headers.enumerated().map { (ImportTargets.fold($0.element), $0.offset) }, uniquingKeysWith: { first, _ in first })
        for mapping in saved.columns where !mapping.target.isEmpty {
            let index =
                saved.hasHeader ? positions[ImportTargets.fold(mapping.header)] : (mapping.index < columns.count ? mapping.index : nil)
            if let index { columns[index].target = mapping.target } else { missing.append(mapping.header) }
        }
        settings.columns = columns
        settings.updateExisting = saved.updateExisting
        settings.partialRows = saved.partialRows
        try await ImportBatchStore.updateSettings(
            batch.id, settings: try ImportJSON.encode(settings), analysis: try ImportJSON.encode(analysis),
            profileID: profile.id, at: now, on: context.db)
        return (try await self.batch(batch.id), missing)
    }

    /// « Enregistrer une configuration »: under a new name, or over an existing one when `overwrite` confirms it.
    /// The name is checked under the configurations' write lock, in the transaction that saves it.
    public func saveProfile(_ batch: ImportBatchRecord, name rawName: String, overwrite: Bool) async throws -> ImportProfileRecord {
        try context.authorize(.write, .imports)
        let name = rawName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 120 else {
            throw AppError.validation(["name": [L("Un nom de 1 à 120 caractères.", "A name of 1 to 120 characters.")]])
        }
        let settings = batch.settings
        let id = try await context.transaction { context in
            let db = context.db
            try await WriteLock.acquire("import_profiles", on: db)
            let id: UUID
            if let existing = try await ImportProfileStore.named(name, on: db) {
                guard overwrite else {
                    throw AppError(
                        .conflict, code: "profile_exists",
                        L(
                            "Une configuration « \(name) » existe déjà : cochez « Remplacer » pour l'écraser.",
                            "A configuration \"\(name)\" already exists: tick « Remplacer » to overwrite it."),
                        fields: ["name": [L("Nom déjà pris.", "Name already taken.")]])
                }
                id = existing.id
                try await ImportProfileStore.update(id, settings: settings, at: context.now, on: db)
                try await AuditLog.record(
                    .update, entity: "import_profiles", id: id.uuidString.lowercased(),
                    summary: "Configuration d'import « \(name) » remplacée", by: context.auditActor, at: context.now, on: db)
            } else {
                id = context.newID()
                try await ImportProfileStore.create(id: id, name: name, settings: settings, by: userID, at: context.now, on: db)
                try await AuditLog.record(
                    .create, entity: "import_profiles", id: id.uuidString.lowercased(),
                    summary: "Configuration d'import « \(name) » enregistrée", by: context.auditActor, at: context.now, on: db)
            }
            try await ImportBatchStore.updateSettings(
                batch.id, settings: settings, analysis: batch.analysis, profileID: id, at: context.now, on: db)
            return id
        }
        guard let profile = try await ImportProfileStore.get(id, on: context.db) else { throw AppError.notFound }
        return profile
    }

    /// Renames a configuration: 422 for an empty or long name, 409 when another has it.
    public func renameProfile(_ id: UUID, to rawName: String) async throws -> ImportProfileRecord {
        try context.authorize(.write, .imports)
        let name = rawName.trimmingCharacters(in: .whitespacesAndNewlines)
        try await context.transaction { context in
            let db = context.db
            try await WriteLock.acquire("import_profiles", on: db)
            guard let profile = try await ImportProfileStore.get(id, on: db) else { throw AppError.notFound }
            guard !name.isEmpty, name.count <= 120 else {
                throw AppError.validation(["name": [L("Un nom de 1 à 120 caractères.", "A name of 1 to 120 characters.")]])
            }
            if let other = try await ImportProfileStore.named(name, on: db), other.id != id {
                throw AppError(
                    .conflict, code: "profile_exists", L("Une autre configuration porte ce nom.", "Another configuration has this name."),
                    fields: ["name": [L("Une autre configuration porte ce nom.", "Another configuration has this name.")]])
            }
            try await ImportProfileStore.update(id, name: name, at: context.now, on: db)
            try await AuditLog.record(
                .update, entity: "import_profiles", id: id.uuidString.lowercased(), summary: "Configuration d'import renommée",
                changes: ["name": (.text(profile.name), .text(name))], by: context.auditActor, at: context.now, on: db)
        }
        guard let profile = try await ImportProfileStore.get(id, on: context.db) else { throw AppError.notFound }
        return profile
    }

    public func deleteProfile(_ id: UUID) async throws {
        try context.authorize(.write, .imports)
        try await context.transaction { context in
            let db = context.db
            try await WriteLock.acquire("import_profiles", on: db)
            guard let profile = try await ImportProfileStore.get(id, on: db) else { throw AppError.notFound }
            try await ImportProfileStore.delete(id, on: db)
            try await AuditLog.record(
                .delete, entity: "import_profiles", id: id.uuidString.lowercased(),
                summary: "Configuration d'import « \(profile.name) » supprimée", by: context.auditActor, at: context.now, on: db)
        }
    }

    // MARK: Running

    /// Starts the simulation or the import as a background job of this process.
    public func start(_ batch: ImportBatchRecord, simulate: Bool) async throws {
        try context.authorize(.write, .imports)
        let settings = try ImportJSON.decode(ImportSettings.self, batch.settings)
        let analysis = try ImportJSON.decode(ImportAnalysis.self, batch.analysis)
        try await validateMapping(settings, headers: analysis.headers)
        let moved = try await ImportBatchStore.transition(
            batch.id, from: [.analysed, .simulated], to: simulate ? .simulating : .running, at: now, on: context.db)
        guard moved else {
            throw AppError.conflict(L("Cet import est déjà lancé ou terminé.", "This import is already running or finished."))
        }
        let service = self
        runtime.jobs.start(batch.id) { try await service.execute(batch.id, simulate: simulate) }
    }

    public func cancel(_ batch: ImportBatchRecord) async throws {
        try context.authorize(.write, .imports)
        guard batch.status.isActive else {
            throw AppError.conflict(L("Cet import n'est pas en cours.", "This import is not running."))
        }
        // Heard at once by a job of this process (the flag in the database may wait for the import's open transaction).
        runtime.jobs.requestCancel(batch.id)
        try await ImportBatchStore.requestCancel(batch.id, on: context.db)
    }

    /// « Annuler l'import ».
    public func rollback(_ batch: ImportBatchRecord) async throws -> ImportRollback.Result {
        try context.authorize(.write, .imports)
        return try await ImportRollback.run(batch, context)
    }

    /// Runs a batch, already moved to `simulating` or `running`, to its end in this task (the job runner and the
    /// command line); `progress` hears of each chunk.
    public func execute(_ id: UUID, simulate: Bool, progress: (@Sendable (ImportProgress) -> Void)? = nil) async throws -> ImportReport {
        try context.authorize(.write, .imports)
        // Reads and writes on two connections (see `ImportEngine.run`).
        let (db, writer) = runtime.connections()
        let context = self.context.on(db)
        guard let batch = try await ImportBatchStore.get(id, on: db) else { throw AppError.notFound }
        let settings = try ImportJSON.decode(ImportSettings.self, batch.settings)
        let analysis = try ImportJSON.decode(ImportAnalysis.self, batch.analysis)
        let engine = ImportEngine(
            fileURL: fileURL(batch), kind: analysis.kind, settings: settings, headers: analysis.headers, batchID: id,
            userID: batch.userID, auditActor: context.auditActor, simulate: simulate, errorFile: errorFileURL(batch, simulation: simulate),
            ids: AscendingIDGenerator(base: context.ids), stamp: batch.stamp ?? batch.startedAt ?? context.now, tuning: runtime.tuning)
        let column = simulate ? "simulation_report" : "report"
        let jobs = runtime.jobs
        do {
            let report = try await engine.run(on: db, writer: writer) { current in
                progress?(current)
                if simulate {
                    try await ImportBatchStore.saveProgress(
                        id, rowsDone: current.rowsDone, bytesDone: current.bytesDone, report: try ImportJSON.encode(current.report),
                        column: column, at: context.now, on: db)
                }
                if jobs.cancelRequested(id) { return false }
                return !(try await ImportBatchStore.cancelRequested(id, on: db))
            }
            let status: ImportBatchRecord.Status =
                simulate ? (report.cancelled ? .analysed : .simulated) : (report.cancelled ? .cancelled : .done)
            try await context.transaction { context in
                try await ImportBatchStore.finish(
                    id, status: status, reportColumn: column, report: try ImportJSON.encode(report), message: nil, at: context.now,
                    on: context.db)
                if !simulate {
                    try await AuditLog.record(
                        .create, entity: "imports", id: id.uuidString.lowercased(),
                        summary:
                            "Import « \(batch.fileName) »\(report.cancelled ? " (interrompu)" : "") : \(report.companiesCreated) sociétés et \(report.contactsCreated) contacts créés, \(report.companiesUpdated + report.contactsUpdated) fiches mises à jour, \(report.rowsRejected) lignes refusées, \(report.rowsPartial) importées en partie",
                        by: context.auditActor, at: context.now, on: context.db)
                }
            }
            return report
        } catch {
            let message: String
            if let failure = error as? ImportFileError {
                message = failure.message.fr
            } else if let failure = error as? AppError {
                message = failure.message.fr
            } else {
                message = "\(error)"
            }
            context.logger.error("imports: batch \(id) failed: \(String(reflecting: error))")
            try? await ImportBatchStore.finish(
                id, status: simulate ? .analysed : .failed, reportColumn: column, report: nil, message: message, at: context.now, on: db)
            throw error
        }
    }

    /// At start: batches a stopped process left running are marked failed (what they wrote stays whole and can be undone).
    public static func recoverInterrupted(_ context: ServiceContext) async throws {
        try await ImportBatchStore.failInterrupted(at: context.now, on: context.db)
    }

    static func safeFileName(_ name: String) -> String {
        let base = (name as NSString).lastPathComponent
        let cleaned = String(
            base.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) && $0 != "/" && $0 != "\\" }.prefix(200))
        return cleaned.isEmpty ? "fichier.csv" : cleaned
    }

    static func fileExtension(_ name: String) -> String {
        let ext = (name as NSString).pathExtension.lowercased()
        return ["csv", "txt", "tsv", "xlsx"].contains(ext) ? "." + ext : ".dat"
    }
}

/// JSON for the documents stored on batches and configurations.
public enum ImportJSON {
    public static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    public static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}

/// The background imports of this process. A batch is claimed in the database before it starts
/// (`ImportBatchStore.transition`), so two instances never run the same one.
public final class ImportJobs: @unchecked Sendable {
    // @unchecked: `tasks` and `cancelled` are only read and written under `lock`.
    private let lock = NSLock()
    private var tasks: [UUID: Task<ImportReport?, Never>] = [:]
    private var cancelled: Set<UUID> = []

    public init() {}

    public func requestCancel(_ id: UUID) {
        lock.withLock { _ = cancelled.insert(id) }
    }

    public func cancelRequested(_ id: UUID) -> Bool {
        lock.withLock { cancelled.contains(id) }
    }

    /// Runs `job` for the batch in the background (its failure is recorded on the batch by the job itself).
    public func start(_ id: UUID, _ job: @escaping @Sendable () async throws -> ImportReport) {
        // A batch whose simulation was stopped can run again: the stop was for that run only.
        lock.withLock { _ = cancelled.remove(id) }
        let task = Task<ImportReport?, Never> { try? await job() }
        lock.withLock { tasks[id] = task }
    }

    /// Waits for the batch's job in this process, if any (tests, shutdown).
    @discardableResult
    public func wait(_ id: UUID) async -> ImportReport? {
        guard let task = lock.withLock({ tasks[id] }) else { return nil }
        return await task.value
    }

    public func waitAll() async {
        for task in lock.withLock({ Array(tasks.values) }) { _ = await task.value }
    }
}
