import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation

/// Why `comptoir import` could not run, phrased for the terminal.
public struct ImportCommandError: Error, CustomStringConvertible {
    public var description: String

    public init(description: String) {
        self.description = description
    }
}

extension ImportService {
    /// `comptoir import FILE --config NAME [--dry-run] [--update-existing] [--reject-partial-rows] [--user EMAIL]`: the same
    /// analysis, checks and writes as the web flow, run in this task, as `userEmail` (default: the first active
    /// administrator), who owns the records created and whom the audit names. `progress` gets one line per chunk. Returns
    /// the summary lines. Without the flags, the configuration's own choices hold.
    public func importFile(
        _ file: String, configuration: String, dryRun: Bool, updateExisting: Bool, rejectPartialRows: Bool = false, userEmail: String?,
        progress: @escaping @Sendable (String) -> Void
    ) async throws -> [String] {
        let source = URL(fileURLWithPath: file)
        guard FileManager.default.isReadableFile(atPath: source.path) else { throw ImportCommandError(description: "cannot read \(file)") }
        let user = try await Self.importingUser(email: userEmail, on: context.db)
        var acting = context
        acting.auditActor = AuditActor(userID: try user.requireID(), label: "\(user.email) (comptoir import)", ip: "")
        let service = ImportService(acting, runtime: runtime)
        guard let profile = try await ImportProfileStore.named(configuration, on: context.db) else {
            let names = try await ImportProfileStore.all(on: context.db).map(\.name)
            throw ImportCommandError(
                description: "no import configuration named \"\(configuration)\""
                    + (names.isEmpty ? " (none saved yet)" : "; saved: " + names.joined(separator: ", ")))
        }
        let incoming = dataDirectory.appendingPathComponent("imports/incoming")
        try FileManager.default.createDirectory(at: incoming, withIntermediateDirectories: true)
        let copy = incoming.appendingPathComponent(context.newID().uuidString)
        try FileManager.default.copyItem(at: source, to: copy)
        var lines: [String] = []
        do {
            var batch = try await service.upload(fileName: source.lastPathComponent, from: copy)
            let (loaded, missing) = try await service.loadProfile(batch, profileID: profile.id)
            batch = loaded
            if !missing.isEmpty { lines.append("Colonnes absentes du fichier : " + missing.joined(separator: ", ")) }
            if updateExisting || rejectPartialRows {
                var settings = try ImportJSON.decode(ImportSettings.self, batch.settings)
                if updateExisting { settings.updateExisting = true }
                if rejectPartialRows { settings.partialRows = .rejectRow }
                batch = try await service.update(batch, settings: settings)
            }
            let settings = try ImportJSON.decode(ImportSettings.self, batch.settings)
            let analysis = try ImportJSON.decode(ImportAnalysis.self, batch.analysis)
            try await service.validateMapping(settings, headers: analysis.headers)
            guard
                try await ImportBatchStore.transition(
                    batch.id, from: [.analysed], to: dryRun ? .simulating : .running, at: service.now, on: context.db)
            else {
                throw ImportCommandError(description: "the import could not start")
            }
            let report = try await service.execute(batch.id, simulate: dryRun) { current in
                let left = current.secondsLeft.map { String(format: ", fin dans %.0f s", $0) } ?? ""
                progress(
                    String(
                        format: "%3.0f %% — %@ lignes — %@ lignes/s%@", current.fraction * 100,
                        NumberDisplay.integer(current.rowsDone), NumberDisplay.integer(Int(current.rowsPerSecond)), left))
            }
            lines.append(
                (dryRun ? "Simulation" : "Import")
                    + " de \(source.lastPathComponent) (configuration « \(profile.name) ») en \(NumberDisplay.seconds(report.seconds))")
            lines.append(
                "Lignes : \(report.rowsRead) lues, \(report.rowsImported) importées, \(report.rowsPartial) en partie (société sans son contact), \(report.rowsRejected) refusées, \(report.rowsBlank) vides"
            )
            lines.append(
                "Sociétés : \(report.companiesCreated) créées, \(report.companiesUpdated) mises à jour, \(report.companiesUnchanged) inchangées"
            )
            lines.append(
                "Contacts : \(report.contactsCreated) créés, \(report.contactsUpdated) mis à jour, \(report.contactsUnchanged) inchangés")
            if report.rowsRejected + report.rowsPartial > 0 {
                lines.append("Lignes refusées : \(service.errorFileURL(try await service.batch(batch.id), simulation: dryRun).path)")
                for error in report.errors.prefix(5) {
                    lines.append(
                        "  ligne \(error.row) : " + (error.companyImported ? ImportRowError.partialNote.fr + " : " : "")
                            + error.problems.map { ($0.column.isEmpty ? "" : "\($0.column) : ") + $0.fr }.joined(separator: " ; "))
                }
            }
            lines.append("Lot : \(batch.id.uuidString.lowercased())")
            return lines
        } catch let error as AppError {
            let details = error.fields.values.flatMap { $0.map(\.fr) }
            throw ImportCommandError(description: ([error.message.fr] + details).joined(separator: " — "))
        }
    }

    /// The user `comptoir import` acts as: the one named, or the first active administrator.
    static func importingUser(email: String?, on db: any Database) async throws -> User {
        if let email {
            guard let user = try await User.query(on: db).filter(\.$email == email.lowercased()).first(), user.active else {
                throw ImportCommandError(description: "no active user \(email)")
            }
            return user
        }
        guard
            let admin = try await User.query(on: db).filter(\.$role == User.Role.admin.rawValue).filter(\.$active == true).sort(
                \.$createdAt
            ).first()
        else {
            throw ImportCommandError(description: "no active administrator: pass --user EMAIL")
        }
        return admin
    }
}
