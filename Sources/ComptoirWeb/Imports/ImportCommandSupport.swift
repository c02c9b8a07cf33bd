import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import Vapor

/// What `comptoir import` and `comptoir serve` need from the import module.
public enum ImportCommandSupport {
    /// At start: batches a stopped process left running are marked failed (what they wrote stays whole and can be undone).
    public static func recover(_ app: Application) async throws {
        try await ImportBatchStore.failInterrupted(at: app.comptoir.clock.now(), on: app.db)
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// `comptoir import FILE --config NAME [--dry-run] [--update-existing]`: the same analysis, checks and
    /// writes as the web flow, with progress lines for the terminal. Returns the summary lines.
    public static func run(
        _ app: Application, file: String, configuration: String, dryRun: Bool, updateExisting: Bool, userEmail: String?,
        progress: @escaping @Sendable (String) -> Void
    ) async throws -> [String] {
        let source = URL(fileURLWithPath: file)
        guard FileManager.default.isReadableFile(atPath: source.path) else { throw Failure(description: "cannot read \(file)") }
        let user = try await importingUser(app, email: userEmail)
        let actor = AuditActor(userID: user.id, label: "\(user.email) (comptoir import)", ip: "")
        let service = ImportService(app: app, db: app.db, actor: actor)
        guard let profile = try await ImportProfileStore.named(configuration, on: app.db) else {
            let names = try await ImportProfileStore.all(on: app.db).map(\.name)
            throw Failure(description: "no import configuration named \"\(configuration)\"" + (names.isEmpty ? " (none saved yet)" : "; saved: " + names.joined(separator: ", ")))
        }
        let incoming = URL(fileURLWithPath: app.comptoir.dataDirectory).appendingPathComponent("imports/incoming")
        try FileManager.default.createDirectory(at: incoming, withIntermediateDirectories: true)
        let copy = incoming.appendingPathComponent(UUID().uuidString)
        try FileManager.default.copyItem(at: source, to: copy)
        var lines: [String] = []
        do {
            var batch = try await service.upload(fileName: source.lastPathComponent, from: copy)
            let (loaded, missing) = try await service.loadProfile(batch, profileID: profile.id)
            batch = loaded
            if !missing.isEmpty { lines.append("Colonnes absentes du fichier : " + missing.joined(separator: ", ")) }
            if updateExisting {
                var settings = try ImportJSON.decode(ImportSettings.self, batch.settings)
                settings.updateExisting = true
                batch = try await service.update(batch, settings: settings)
            }
            let settings = try ImportJSON.decode(ImportSettings.self, batch.settings)
            let analysis = try ImportJSON.decode(ImportAnalysis.self, batch.analysis)
            try await service.validateMapping(settings, headers: analysis.headers)
            guard try await ImportBatchStore.transition(batch.id, from: [.analysed], to: dryRun ? .simulating : .running, at: service.now, on: app.db) else {
                throw Failure(description: "the import could not start")
            }
            let report = try await ImportService.execute(batch.id, simulate: dryRun, app: app, actor: actor) { current in
                let left = current.secondsLeft.map { String(format: ", fin dans %.0f s", $0) } ?? ""
                progress(String(format: "%3.0f %% — %@ lignes — %@ lignes/s%@", current.fraction * 100,
                                NumberDisplay.integer(current.rowsDone), NumberDisplay.integer(Int(current.rowsPerSecond)), left))
            }
            lines.append((dryRun ? "Simulation" : "Import") + " de \(source.lastPathComponent) (configuration « \(profile.name) ») en \(String(format: "%.1f", report.seconds)) s")
            lines.append("Lignes : \(report.rowsRead) lues, \(report.rowsImported) importées, \(report.rowsRejected) refusées, \(report.rowsBlank) vides")
            lines.append("Sociétés : \(report.companiesCreated) créées, \(report.companiesUpdated) mises à jour, \(report.companiesUnchanged) inchangées")
            lines.append("Contacts : \(report.contactsCreated) créés, \(report.contactsUpdated) mis à jour, \(report.contactsUnchanged) inchangés")
            if report.rowsRejected > 0 {
                lines.append("Lignes refusées : \(service.errorFileURL(try await service.batch(batch.id), simulation: dryRun).path)")
                for error in report.errors.prefix(5) {
                    lines.append("  ligne \(error.row) : " + error.problems.map { ($0.column.isEmpty ? "" : "\($0.column) : ") + $0.fr }.joined(separator: " ; "))
                }
            }
            lines.append("Lot : \(batch.id.uuidString.lowercased())")
            return lines
        } catch let error as AppError {
            let details = error.fields.values.flatMap { $0.map(\.fr) }
            throw Failure(description: ([error.message.fr] + details).joined(separator: " — "))
        }
    }

    static func importingUser(_ app: Application, email: String?) async throws -> User {
        if let email {
            guard let user = try await User.query(on: app.db).filter(\.$email == email.lowercased()).first(), user.active else {
                throw Failure(description: "no active user \(email)")
            }
            return user
        }
        guard let admin = try await User.query(on: app.db).filter(\.$role == User.Role.admin.rawValue).filter(\.$active == true).sort(\.$createdAt).first() else {
            throw Failure(description: "no active administrator: pass --user EMAIL")
        }
        return admin
    }
}
