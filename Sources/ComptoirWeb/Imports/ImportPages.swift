import ComptoirCore
import ComptoirDocuments
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// « Import assisté »: upload, « Lancer l'analyse du fichier », « Correspondance des colonnes »,
/// configurations, « Simulation », the import with its progress, its report and « Annuler l'import ».
enum ImportPages {
    static let base = "/admin/imports"

    static func register(_ app: Application) {
        app.storage[ImportJobsKey.self] = ImportJobs()
        let routes = app.grouped("admin")
        routes.get("imports") { request async throws -> Response in
            try guardPage(request, .read)
            return try await ImportPagesView.list(request, error: nil)
        }
        routes.on(.POST, "imports", body: .stream) { request async throws -> Response in
            try guardPage(request, .write)
            do {
                let received = try await ImportUpload.receive(request, dataDirectory: request.config.dataDirectory)
                let batch = try await ImportService(request).upload(fileName: received.fileName, from: received.url)
                return request.redirect(
                    to: "\(base)/\(batch.id.uuidString.lowercased())", flash: Flash(.success, L("Fichier analysé.", "File analysed.")))
            } catch let error as AppError where error.status != .forbidden && error.status != .notFound {
                return try await ImportPagesView.list(
                    request, error: error.fields["file"]?.first ?? error.message, status: error.status.http)
            }
        }
        routes.get("imports", ":id") { request async throws -> Response in
            try guardPage(request, .read)
            let batch = try await ImportService(request).batch(try EntityRoutes.id(request))
            return try await ImportPagesView.detail(request, batch)
        }
        routes.post("imports", ":id", "settings") { request async throws -> Response in
            try guardPage(request, .write)
            let service = ImportService(request)
            let batch = try await service.batch(try EntityRoutes.id(request))
            let form = try FormInput.strings(request)
            let settings = try settingsFromForm(form, batch)
            do {
                let updated = try await service.update(batch, settings: settings)
                let next = form["next"] ?? "save"
                if next == "simulate" || next == "run" {
                    try await service.start(updated, simulate: next == "simulate")
                    return request.redirect(
                        to: path(batch),
                        flash: Flash(
                            .info,
                            next == "simulate"
                                ? L("Simulation lancée.", "Simulation started.") : L("Import lancé.", "Import started.")))
                }
                return request.redirect(to: path(batch), flash: Flash(.success, L("Réglages enregistrés.", "Settings saved.")))
            } catch let error as AppError where error.status == .unprocessableEntity || error.status == .conflict {
                return try await ImportPagesView.detail(request, batch, form: settings, error: error, status: error.status.http)
            }
        }
        routes.post("imports", ":id", "profile-load") { request async throws -> Response in
            try guardPage(request, .write)
            let service = ImportService(request)
            let batch = try await service.batch(try EntityRoutes.id(request))
            guard let profileID = (try FormInput.strings(request))["profileId"].flatMap(UUID.init(uuidString:)) else {
                return request.redirect(
                    to: path(batch), flash: Flash(.error, L("Choisissez une configuration.", "Choose a configuration.")))
            }
            guard batch.status.isEditable else { throw AppError.conflict(L("L'import a déjà été lancé.", "The import has already run.")) }
            let (_, missing) = try await service.loadProfile(batch, profileID: profileID)
            if missing.isEmpty {
                return request.redirect(to: path(batch), flash: Flash(.success, L("Configuration chargée.", "Configuration loaded.")))
            }
            let names = missing.map { "« \($0) »" }.joined(separator: ", ")
            return request.redirect(
                to: path(batch),
                flash: Flash(
                    .error,
                    L(
                        "Configuration chargée, mais ces colonnes manquent dans le fichier : \(names).",
                        "Configuration loaded, but the file lacks these columns: \(names).")))
        }
        routes.post("imports", ":id", "profile-save") { request async throws -> Response in
            try guardPage(request, .write)
            let service = ImportService(request)
            let batch = try await service.batch(try EntityRoutes.id(request))
            let form = try FormInput.strings(request)
            do {
                let profile = try await service.saveProfile(batch, name: form["name"] ?? "", overwrite: form["overwrite"] == "true")
                return request.redirect(
                    to: path(batch),
                    flash: Flash(.success, L("Configuration « \(profile.name) » enregistrée.", "Configuration \"\(profile.name)\" saved.")))
            } catch let error as AppError where error.status == .unprocessableEntity || error.status == .conflict {
                return try await ImportPagesView.detail(
                    request, batch, error: error, profileName: form["name"], askOverwrite: error.code == "profile_exists",
                    status: error.status.http)
            }
        }
        for (action, simulate) in [("simulation", true), ("run", false)] {
            routes.post("imports", ":id", .constant(action)) { request async throws -> Response in
                try guardPage(request, .write)
                let service = ImportService(request)
                let batch = try await service.batch(try EntityRoutes.id(request))
                do {
                    try await service.start(batch, simulate: simulate)
                } catch let error as AppError where error.status == .unprocessableEntity || error.status == .conflict {
                    return try await ImportPagesView.detail(request, batch, error: error, status: error.status.http)
                }
                return request.redirect(
                    to: path(batch),
                    flash: Flash(.info, simulate ? L("Simulation lancée.", "Simulation started.") : L("Import lancé.", "Import started.")))
            }
        }
        routes.post("imports", ":id", "cancellation") { request async throws -> Response in
            try guardPage(request, .write)
            let service = ImportService(request)
            let batch = try await service.batch(try EntityRoutes.id(request))
            try await service.cancel(batch)
            return request.redirect(
                to: path(batch),
                flash: Flash(
                    .info,
                    L(
                        "Arrêt demandé : le lot en cours se termine, rien n'est laissé à moitié.",
                        "Stop requested: the current chunk finishes, nothing is left half-written.")))
        }
        routes.post("imports", ":id", "rollback") { request async throws -> Response in
            try guardPage(request, .write)
            let service = ImportService(request)
            let batch = try await service.batch(try EntityRoutes.id(request))
            do {
                let result = try await service.rollback(batch)
                if !result.blockers.isEmpty {
                    return try await ImportPagesView.detail(request, batch, blockers: result.blockers, status: .conflict)
                }
                return request.redirect(
                    to: path(batch),
                    flash: Flash(
                        .success,
                        L(
                            "Import annulé : \(result.companiesRemoved) sociétés et \(result.contactsRemoved) contacts supprimés, \(result.recordsRestored) fiches restaurées.",
                            "Import undone: \(result.companiesRemoved) companies and \(result.contactsRemoved) contacts removed, \(result.recordsRestored) records restored."
                        )))
            } catch let error as AppError where error.status == .conflict {
                return request.redirect(to: path(batch), flash: Flash(.error, error.message))
            }
        }
        routes.get("imports", ":id", "progress") { request async throws -> Response in
            try guardPage(request, .read)
            let batch = try await ImportService(request).batch(try EntityRoutes.id(request))
            return try ImportAPI.statusJSON(batch, request).response()
        }
        routes.get("imports", ":id", "errors.csv") { request async throws -> Response in
            try guardPage(request, .read)
            let service = ImportService(request)
            let batch = try await service.batch(try EntityRoutes.id(request))
            return try errorFile(service, batch, simulation: request.query[String.self, at: "simulation"] == "1", request)
        }
        ImportProfilePages.register(routes)
    }

    static func guardPage(_ request: Request, _ access: Access) throws {
        try PageGuard.requireSignedIn(request)
        try request.authorize(access, .imports)
    }

    static func path(_ batch: ImportBatchRecord) -> String { "\(base)/\(batch.id.uuidString.lowercased())" }

    static func errorFile(_ service: ImportService, _ batch: ImportBatchRecord, simulation: Bool, _ request: Request) throws -> Response {
        let url = service.errorFileURL(batch, simulation: simulation)
        // The import exists; its list of rejected rows only once a simulation or run has rejected some.
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw AppError.conflict(
                L(
                    "Aucune ligne rejetée à télécharger : lancez d'abord la simulation ou l'import.",
                    "No rejected rows to download: run the simulation or the import first."), code: "no_rejected_rows")
        }
        let base = (batch.fileName as NSString).deletingPathExtension
        return FileResponse.download(data, name: "\(base)-erreurs.csv", type: "text/csv; charset=utf-8")
    }

    /// The settings and mapping a form posted; unknown targets are kept so the check names them.
    static func settingsFromForm(_ form: [String: String], _ batch: ImportBatchRecord) throws -> ImportSettings {
        let current = try ImportJSON.decode(ImportSettings.self, batch.settings)
        var settings = current
        if let encoding = form["encoding"], let value = TextEncoding(rawValue: encoding) { settings.encoding = value }
        if let separator = form["separator"], ImportSettings.separatorChoices.contains(where: { $0.value == separator }) {
            settings.separator = separator
        }
        if let sheet = form["sheet"], !sheet.isEmpty { settings.sheet = sheet }
        if form["readSettings"] == "true" { settings.hasHeader = form["hasHeader"] == "true" }
        settings.updateExisting = form["updateExisting"] == "true"
        // A radio: always posted by the page; a form without it keeps the import's choice.
        if let raw = form["partialRows"], let choice = ImportSettings.PartialRows(rawValue: raw) { settings.partialRows = choice }
        settings.columns = current.columns.map { column in
            var column = column
            if let target = form["col_\(column.index)"] { column.target = target }
            return column
        }
        return settings
    }
}

/// « Configurations d'import »: rename and delete the saved configurations.
enum ImportProfilePages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get("import-profiles") { request async throws -> Response in
            try ImportPages.guardPage(request, .read)
            return try await ImportPagesView.profiles(request, errors: [:])
        }
        routes.post("import-profiles", ":id", "rename") { request async throws -> Response in
            try ImportPages.guardPage(request, .write)
            let id = try EntityRoutes.id(request)
            let name = (try FormInput.strings(request))["name"] ?? ""
            do {
                _ = try await ImportService(request).renameProfile(id, to: name)
            } catch let error as AppError where error.status == .unprocessableEntity || error.status == .conflict {
                return try await ImportPagesView.profiles(
                    request, errors: [id: (name, error.fields["name"]?.first ?? error.message)], status: error.status.http)
            }
            return request.redirect(
                to: "/admin/import-profiles", flash: Flash(.success, L("Configuration renommée.", "Configuration renamed.")))
        }
        routes.post("import-profiles", ":id", "deletion") { request async throws -> Response in
            try ImportPages.guardPage(request, .write)
            try await ImportService(request).deleteProfile(try EntityRoutes.id(request))
            return request.redirect(
                to: "/admin/import-profiles", flash: Flash(.success, L("Configuration supprimée.", "Configuration deleted.")))
        }
    }
}
