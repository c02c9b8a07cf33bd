import ComptoirCore
import ComptoirDocuments
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import Vapor

/// The assisted import's operations, shared by the pages, the API and the command line:
/// upload and analyse, settings and mapping, configurations, simulation, run, cancel, undo.
struct ImportService {
    var app: Application
    var db: any Database
    var actor: AuditActor

    init(app: Application, db: any Database, actor: AuditActor) {
        self.app = app
        self.db = db
        self.actor = actor
    }

    init(_ request: Request) {
        self.init(app: request.application, db: request.db, actor: request.auditActor)
    }

    var now: Date { app.comptoir.clock.now() }
    var dataDirectory: URL { URL(fileURLWithPath: app.comptoir.dataDirectory) }

    static let maxFileBytes = 512 * 1024 * 1024

    // MARK: Upload and analysis

    /// Stores the uploaded file in the data directory, analyses it and suggests a mapping.
    func upload(fileName: String, from temporary: URL) async throws -> ImportBatchRecord {
        let id = app.comptoir.ids.next()
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
            let targets = try await ImportTargets.all(on: db)
            settings.columns = Self.suggestedColumns(analysis.headers, targets: targets)
            try await ImportBatchStore.create(
                id: id, fileName: safeName, filePath: "\(directory)/\(stored.lastPathComponent)", fileKind: analysis.kind.rawValue,
                fileSize: size, settings: try ImportJSON.encode(settings), analysis: try ImportJSON.encode(analysis), userID: actor.userID, at: now, on: db)
            return try await batch(id)
        } catch let error as ImportFileError {
            try? FileManager.default.removeItem(at: folder)
            throw AppError(.unprocessableEntity, code: "unreadable_file", error.message, fields: ["file": [error.message]])
        } catch {
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
    }

    func batch(_ id: UUID) async throws -> ImportBatchRecord {
        guard let batch = try await ImportBatchStore.get(id, on: db) else { throw AppError.notFound }
        return batch
    }

    func fileURL(_ batch: ImportBatchRecord) -> URL { dataDirectory.appendingPathComponent(batch.filePath) }
    func errorFileURL(_ batch: ImportBatchRecord, simulation: Bool) -> URL {
        fileURL(batch).deletingLastPathComponent().appendingPathComponent(simulation ? "simulation-errors.csv" : "errors.csv")
    }

    static func suggestedColumns(_ headers: [String], targets: [ImportTarget]) -> [ColumnMapping] {
        let suggestions = ImportTargets.suggest(headers: headers, targets: targets)
        return headers.enumerated().map { ColumnMapping(index: $0.offset, header: $0.element, target: suggestions[$0.offset]) }
    }

    // MARK: Settings and mapping

    /// Applies new reading settings and mapping; re-analyses the file when the reading settings changed.
    /// A mapping sending two columns to one field is refused (422, nothing saved).
    func update(_ batch: ImportBatchRecord, settings new: ImportSettings, profileID: UUID? = nil) async throws -> ImportBatchRecord {
        guard batch.status.isEditable else {
            throw AppError.conflict(L("L'import a déjà été lancé : ses réglages ne changent plus.", "The import has already run: its settings are fixed."))
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
            let targets = try await ImportTargets.all(on: db)
            let suggested = Self.suggestedColumns(analysis.headers, targets: targets)
            let byHeader = Dictionary(new.columns.map { (ImportTargets.fold($0.header), $0.target) }, uniquingKeysWith: { first, _ in first })
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
        try await ImportBatchStore.updateSettings(batch.id, settings: try ImportJSON.encode(settings), analysis: try ImportJSON.encode(analysis),
                                                  profileID: profileID ?? batch.profileID, at: now, on: db)
        if batch.status == .simulated { _ = try await ImportBatchStore.transition(batch.id, from: [.simulated], to: .analysed, at: now, on: db) }
        return try await self.batch(batch.id)
    }

    func validateMapping(_ settings: ImportSettings, headers: [String]) async throws {
        let targets = try await ImportTargets.all(on: db)
        do {
            _ = try ImportRowParser.make(settings: settings, headers: headers, targets: targets, today: CalendarDay(now))
        } catch let error as ImportRowParser.MappingError {
            throw AppError(.unprocessableEntity, code: "validation_failed", L("La correspondance des colonnes est à revoir.", "The column mapping needs fixing."),
                           fields: ["mapping": error.problems])
        }
    }

    // MARK: Configurations

    /// « Charger une configuration »: its reading settings and its mapping, matched to this file's columns by
    /// title (by position for files without a header row). Returns the configuration's columns the file lacks.
    func loadProfile(_ batch: ImportBatchRecord, profileID: UUID) async throws -> (ImportBatchRecord, missing: [String]) {
        // The import is the resource at the URL; an unknown configuration is a bad value in the body.
        guard let profile = try await ImportProfileStore.get(profileID, on: db) else {
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
        let positions = Dictionary(analysis.headers.enumerated().map { (ImportTargets.fold($0.element), $0.offset) }, uniquingKeysWith: { first, _ in first })
        for mapping in saved.columns where !mapping.target.isEmpty {
            let index = saved.hasHeader ? positions[ImportTargets.fold(mapping.header)] : (mapping.index < columns.count ? mapping.index : nil)
            if let index { columns[index].target = mapping.target } else { missing.append(mapping.header) }
        }
        settings.columns = columns
        settings.updateExisting = saved.updateExisting
        try await ImportBatchStore.updateSettings(batch.id, settings: try ImportJSON.encode(settings), analysis: try ImportJSON.encode(analysis),
                                                  profileID: profile.id, at: now, on: db)
        return (try await self.batch(batch.id), missing)
    }

    /// « Enregistrer une configuration »: under a new name, or over an existing one when `overwrite` confirms it.
    func saveProfile(_ batch: ImportBatchRecord, name rawName: String, overwrite: Bool) async throws -> ImportProfileRecord {
        let name = rawName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 120 else {
            throw AppError.validation(["name": [L("Un nom de 1 à 120 caractères.", "A name of 1 to 120 characters.")]])
        }
        let settings = batch.settings
        if let existing = try await ImportProfileStore.named(name, on: db) {
            guard overwrite else {
                throw AppError(.conflict, code: "profile_exists",
                               L("Une configuration « \(name) » existe déjà : cochez « Remplacer » pour l'écraser.",
                                 "A configuration \"\(name)\" already exists: tick « Remplacer » to overwrite it."),
                               fields: ["name": [L("Nom déjà pris.", "Name already taken.")]])
            }
            try await db.transaction { db in
                try await ImportProfileStore.update(existing.id, settings: settings, at: now, on: db)
                try await AuditLog.record(.update, entity: "import_profiles", id: existing.id.uuidString.lowercased(),
                                          summary: "Configuration d'import « \(name) » remplacée", by: actor, at: now, on: db)
            }
            try await ImportBatchStore.updateSettings(batch.id, settings: settings, analysis: batch.analysis, profileID: existing.id, at: now, on: db)
            return try await ImportProfileStore.get(existing.id, on: db)!
        }
        let id = app.comptoir.ids.next()
        try await db.transaction { db in
            try await ImportProfileStore.create(id: id, name: name, settings: settings, by: actor.userID, at: now, on: db)
            try await AuditLog.record(.create, entity: "import_profiles", id: id.uuidString.lowercased(),
                                      summary: "Configuration d'import « \(name) » enregistrée", by: actor, at: now, on: db)
        }
        try await ImportBatchStore.updateSettings(batch.id, settings: settings, analysis: batch.analysis, profileID: id, at: now, on: db)
        return try await ImportProfileStore.get(id, on: db)!
    }

    /// Renames a configuration: 422 for an empty or long name, 409 when another has it.
    func renameProfile(_ id: UUID, to rawName: String) async throws -> ImportProfileRecord {
        guard let profile = try await ImportProfileStore.get(id, on: db) else { throw AppError.notFound }
        let name = rawName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 120 else {
            throw AppError.validation(["name": [L("Un nom de 1 à 120 caractères.", "A name of 1 to 120 characters.")]])
        }
        if let other = try await ImportProfileStore.named(name, on: db), other.id != id {
            throw AppError(.conflict, code: "profile_exists", L("Une autre configuration porte ce nom.", "Another configuration has this name."),
                           fields: ["name": [L("Une autre configuration porte ce nom.", "Another configuration has this name.")]])
        }
        try await db.transaction { db in
            try await ImportProfileStore.update(id, name: name, at: now, on: db)
            try await AuditLog.record(.update, entity: "import_profiles", id: id.uuidString.lowercased(), summary: "Configuration d'import renommée",
                                      changes: ["name": (.text(profile.name), .text(name))], by: actor, at: now, on: db)
        }
        return try await ImportProfileStore.get(id, on: db)!
    }

    func deleteProfile(_ id: UUID) async throws {
        guard let profile = try await ImportProfileStore.get(id, on: db) else { throw AppError.notFound }
        try await db.transaction { db in
            try await ImportProfileStore.delete(id, on: db)
            try await AuditLog.record(.delete, entity: "import_profiles", id: id.uuidString.lowercased(),
                                      summary: "Configuration d'import « \(profile.name) » supprimée", by: actor, at: now, on: db)
        }
    }

    // MARK: Running

    /// Starts the simulation or the import as a background job.
    func start(_ batch: ImportBatchRecord, simulate: Bool) async throws {
        let settings = try ImportJSON.decode(ImportSettings.self, batch.settings)
        let analysis = try ImportJSON.decode(ImportAnalysis.self, batch.analysis)
        try await validateMapping(settings, headers: analysis.headers)
        let moved = try await ImportBatchStore.transition(
            batch.id, from: [.analysed, .simulated], to: simulate ? .simulating : .running, at: now, on: db)
        guard moved else {
            throw AppError.conflict(L("Cet import est déjà lancé ou terminé.", "This import is already running or finished."))
        }
        app.importJobs.start(batch.id, simulate: simulate, app: app, actor: actor)
    }

    func cancel(_ batch: ImportBatchRecord) async throws {
        guard batch.status.isActive else {
            throw AppError.conflict(L("Cet import n'est pas en cours.", "This import is not running."))
        }
        // Heard at once by a job of this process (the flag in the database may wait for the import's open transaction).
        app.importJobs.requestCancel(batch.id)
        try await ImportBatchStore.requestCancel(batch.id, on: db)
    }

    func rollback(_ batch: ImportBatchRecord) async throws -> ImportRollback.Result {
        try await ImportRollback.run(batch, actor: actor, at: now, on: db)
    }

    /// Runs a batch to its end in this task (the job runner and the command line).
    static func execute(
        _ id: UUID, simulate: Bool, app: Application, actor: AuditActor, progress: (@Sendable (ImportProgress) -> Void)? = nil
    ) async throws -> ImportReport {
        // Reads and writes on two event loops, hence two connections (see `ImportEngine.run`).
        let readLoop = app.eventLoopGroup.next()
        var writeLoop = app.eventLoopGroup.next()
        for _ in 0..<8 where writeLoop === readLoop { writeLoop = app.eventLoopGroup.next() }
        let db = app.databases.database(logger: app.logger, on: readLoop) ?? app.db
        let writer = app.databases.database(logger: app.logger, on: writeLoop) ?? app.db
        guard let batch = try await ImportBatchStore.get(id, on: db) else { throw AppError.notFound }
        let service = ImportService(app: app, db: db, actor: actor)
        let settings = try ImportJSON.decode(ImportSettings.self, batch.settings)
        let analysis = try ImportJSON.decode(ImportAnalysis.self, batch.analysis)
        let engine = ImportEngine(
            fileURL: service.fileURL(batch), kind: analysis.kind, settings: settings, headers: analysis.headers, batchID: id,
            userID: batch.userID, simulate: simulate, errorFile: service.errorFileURL(batch, simulation: simulate),
            ids: AscendingIDGenerator(base: app.comptoir.ids), stamp: batch.stamp ?? batch.startedAt ?? service.now)
        let column = simulate ? "simulation_report" : "report"
        do {
            let report = try await engine.run(on: db, writer: writer) { current in
                progress?(current)
                if simulate {
                    try await ImportBatchStore.saveProgress(
                        id, rowsDone: current.rowsDone, bytesDone: current.bytesDone, report: try ImportJSON.encode(current.report),
                        column: column, at: service.now, on: db)
                }
                if app.importJobs.cancelRequested(id) { return false }
                return !(try await ImportBatchStore.cancelRequested(id, on: db))
            }
            let status: ImportBatchRecord.Status = simulate ? (report.cancelled ? .analysed : .simulated) : (report.cancelled ? .cancelled : .done)
            try await db.transaction { db in
                try await ImportBatchStore.finish(id, status: status, reportColumn: column, report: try ImportJSON.encode(report), message: nil, at: service.now, on: db)
                if !simulate {
                    try await AuditLog.record(
                        .create, entity: "imports", id: id.uuidString.lowercased(),
                        summary: "Import « \(batch.fileName) »\(report.cancelled ? " (interrompu)" : "") : \(report.companiesCreated) sociétés et \(report.contactsCreated) contacts créés, \(report.companiesUpdated + report.contactsUpdated) fiches mises à jour, \(report.rowsRejected) lignes refusées",
                        by: actor, at: service.now, on: db)
                }
            }
            return report
        } catch {
            let message: String
            if let failure = error as? ImportFileError { message = failure.message.fr } else if let failure = error as? AppError { message = failure.message.fr } else { message = "\(error)" }
            app.logger.error("imports: batch \(id) failed: \(String(reflecting: error))")
            try? await ImportBatchStore.finish(id, status: simulate ? .analysed : .failed, reportColumn: column, report: nil, message: message, at: service.now, on: db)
            throw error
        }
    }

    static func safeFileName(_ name: String) -> String {
        let base = (name as NSString).lastPathComponent
        let cleaned = String(base.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) && $0 != "/" && $0 != "\\" }.prefix(200))
        return cleaned.isEmpty ? "fichier.csv" : cleaned
    }

    static func fileExtension(_ name: String) -> String {
        let ext = (name as NSString).pathExtension.lowercased()
        return ["csv", "txt", "tsv", "xlsx"].contains(ext) ? "." + ext : ".dat"
    }
}

/// JSON for the documents stored on batches and configurations.
enum ImportJSON {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}

extension ImportBatchStore {
    static func saveProgress(_ id: UUID, rowsDone: Int, bytesDone: Int, report: ImportReport, at date: Date, on db: any Database) async throws {
        try await saveProgress(id, rowsDone: rowsDone, bytesDone: bytesDone, report: try ImportJSON.encode(report), column: "report", at: date, on: db)
    }
}

/// The background imports of this process. A batch is claimed in the database before it starts
/// (`ImportBatchStore.transition`), so two instances never run the same one.
final class ImportJobs: @unchecked Sendable {
    private let lock = NSLock()
    private var tasks: [UUID: Task<ImportReport?, Never>] = [:]
    private var cancelled: Set<UUID> = []

    func requestCancel(_ id: UUID) {
        lock.withLock { _ = cancelled.insert(id) }
    }

    func cancelRequested(_ id: UUID) -> Bool {
        lock.withLock { cancelled.contains(id) }
    }

    func start(_ id: UUID, simulate: Bool, app: Application, actor: AuditActor) {
        // A batch whose simulation was stopped can run again: the stop was for that run only.
        lock.withLock { _ = cancelled.remove(id) }
        let task = Task<ImportReport?, Never> {
            try? await ImportService.execute(id, simulate: simulate, app: app, actor: actor)
        }
        lock.withLock { tasks[id] = task }
    }

    /// Waits for the batch's job in this process, if any (tests, shutdown).
    @discardableResult
    func wait(_ id: UUID) async -> ImportReport? {
        guard let task = lock.withLock({ tasks[id] }) else { return nil }
        return await task.value
    }

    func waitAll() async {
        for task in lock.withLock({ Array(tasks.values) }) { _ = await task.value }
    }
}

struct ImportJobsKey: StorageKey {
    typealias Value = ImportJobs
}

extension Application {
    var importJobs: ImportJobs {
        if let jobs = storage[ImportJobsKey.self] { return jobs }
        let jobs = ImportJobs()
        storage[ImportJobsKey.self] = jobs
        return jobs
    }
}
