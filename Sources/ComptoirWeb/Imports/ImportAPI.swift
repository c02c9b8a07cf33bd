import ComptoirCore
import ComptoirDocuments
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// `/api/v1/imports` (upload + analysis, settings and mapping, simulation, run, status, cancel, undo)
/// and `/api/v1/import-profiles`.
enum ImportAPI {
    static let tag = "Imports"
    static let statusSchema: JSONValue = [
        "type": "object", "required": ["id", "fileName", "status", "rowsDone"],
        "properties": [
            "id": ["type": "string", "format": "uuid"], "fileName": ["type": "string"], "status": ["type": "string"],
            "rowsDone": ["type": "integer"], "bytesDone": ["type": "integer"], "fileSize": ["type": "integer"],
            "fraction": ["type": "number"], "rowsPerSecond": ["type": "number"], "secondsLeft": ["type": ["number", "null"]],
            "analysis": ["type": "object"], "settings": ["type": "object"],
            "simulationReport": ["type": ["object", "null"], "description": reportDescription],
            "report": ["type": ["object", "null"], "description": reportDescription],
            "message": ["type": ["string", "null"]],
        ],
    ]
    static let reportDescription: JSONValue = .string(
        "Counts (rowsRead = rowsImported + rowsPartial + rowsRejected + rowsBlank) and the first rows in error: errors[].row is the row's number as Excel shows it (the header row is 1, so the first data row is 2), errors[].companyImported marks a row whose company was imported and whose contact was refused"
    )
    static let settingsSchema: JSONValue = [
        "type": "object",
        "properties": [
            "encoding": ["type": "string", "enum": .array(TextEncoding.allCases.map { .string($0.rawValue) })],
            "separator": ["type": "string", "enum": .array(ImportSettings.separatorChoices.map { .string($0.value) })],
            "sheet": ["type": "string"], "hasHeader": ["type": "boolean"], "updateExisting": ["type": "boolean"],
            "partialRows": [
                "type": "string", "enum": .array(ImportSettings.PartialRows.allCases.map { .string($0.rawValue) }),
                "description":
                    "A row whose company is valid and whose contact is not: createValid (default) imports the company and reports the contact, rejectRow refuses the whole row",
            ],
            "columns": [
                "type": "array",
                "items": [
                    "type": "object", "required": ["index", "target"],
                    "properties": ["index": ["type": "integer"], "header": ["type": "string"], "target": ["type": "string"]],
                ],
            ],
            "mapping": ["type": "object", "additionalProperties": ["type": "string"], "description": "column title → target key"],
        ],
    ]
    static let profileSchema: JSONValue = [
        "type": "object", "required": ["id", "name", "settings"],
        "properties": ["id": ["type": "string", "format": "uuid"], "name": ["type": "string"], "settings": ["type": "object"]],
    ]

    static func register(_ api: APIRoutes) {
        api.on(
            .POST, "imports", summary: "Upload a CSV or XLSX file (multipart `file`, or the raw body with ?fileName=) and analyse it",
            tag: tag, response: statusSchema, status: 201, body: .stream,
            upload: ["type": "object", "required": ["file"], "properties": ["file": ["type": "string", "format": "binary"]]]
        ) { request in
            try request.authorize(.write, .imports)
            let received = try await ImportUpload.receive(request, dataDirectory: request.config.dataDirectory)
            let batch = try await ImportService(request).upload(fileName: received.fileName, from: received.url)
            return try statusJSON(batch, request).response(.created)
        }
        api.on(.GET, "imports", summary: "Recent imports", tag: tag, response: APISchemas.list(of: statusSchema)) { request in
            try request.authorize(.read, .imports)
            let batches = try await ImportService(request).recent(limit: 100)
            return JSONValue.object(["items": .array(try batches.map { try statusJSON($0, request) }), "nextCursor": .null]).response()
        }
        api.on(.GET, "imports/:id", summary: "An import: analysis, settings, progress and reports", tag: tag, response: statusSchema) {
            request in
            try request.authorize(.read, .imports)
            return try statusJSON(try await ImportService(request).batch(try EntityRoutes.id(request)), request).response()
        }
        api.on(
            .PUT, "imports/:id/settings", summary: "Reading settings and column mapping", tag: tag, request: settingsSchema,
            response: statusSchema
        ) { request in
            try request.authorize(.write, .imports)
            let service = ImportService(request)
            let batch = try await service.batch(try EntityRoutes.id(request))
            let settings = try settingsFromJSON(try APIInput.object(request), batch)
            return try statusJSON(try await service.update(batch, settings: settings), request).response()
        }
        api.on(
            .POST, "imports/:id/profile", summary: "Load a saved configuration onto this import", tag: tag,
            request: ["type": "object", "required": ["profileId"], "properties": ["profileId": ["type": "string", "format": "uuid"]]],
            response: [
                "type": "object",
                "properties": ["import": statusSchema, "missingColumns": ["type": "array", "items": ["type": "string"]]],
            ]
        ) { request in
            try request.authorize(.write, .imports)
            let service = ImportService(request)
            let batch = try await service.batch(try EntityRoutes.id(request))
            guard let profileID = try APIInput.string(try APIInput.object(request), "profileId").flatMap(UUID.init(uuidString:)) else {
                throw AppError.validation(["profileId": [L("Identifiant attendu.", "An identifier is expected.")]])
            }
            guard batch.status.isEditable else { throw AppError.conflict(L("L'import a déjà été lancé.", "The import has already run.")) }
            let (updated, missing) = try await service.loadProfile(batch, profileID: profileID)
            return JSONValue.object(["import": try statusJSON(updated, request), "missingColumns": .array(missing.map { .string($0) })])
                .response()
        }
        for (path, simulate, summary) in [
            ("simulation", true, "Start the simulation (dry run): counts and errors, nothing written"),
            ("run", false, "Start the import as a background job"),
        ] {
            api.on(.POST, "imports/:id/\(path)", summary: summary, tag: tag, response: statusSchema, status: 202) { request in
                try request.authorize(.write, .imports)
                let service = ImportService(request)
                let batch = try await service.batch(try EntityRoutes.id(request))
                try await service.start(batch, simulate: simulate)
                return try statusJSON(try await service.batch(batch.id), request).response(.accepted)
            }
        }
        api.on(
            .POST, "imports/:id/cancellation", summary: "Stop a running import or simulation after its current chunk", tag: tag,
            response: statusSchema, status: 202
        ) { request in
            try request.authorize(.write, .imports)
            let service = ImportService(request)
            let batch = try await service.batch(try EntityRoutes.id(request))
            try await service.cancel(batch)
            return try statusJSON(try await service.batch(batch.id), request).response(.accepted)
        }
        api.on(
            .POST, "imports/:id/rollback", summary: "Undo the import (409 with the blocking records when they changed since)", tag: tag,
            response: [
                "type": "object",
                "properties": [
                    "companiesRemoved": ["type": "integer"], "contactsRemoved": ["type": "integer"], "recordsRestored": ["type": "integer"],
                ],
            ]
        ) { request in
            try request.authorize(.write, .imports)
            let service = ImportService(request)
            let result = try await service.rollback(try await service.batch(try EntityRoutes.id(request)))
            if !result.blockers.isEmpty {
                let blockers = result.blockers.map { blocker -> JSONValue in
                    .object([
                        "kind": .string(blocker.kind), "id": .string(blocker.id.uuidString.lowercased()), "title": .string(blocker.title),
                        "reason": .string(blocker.reason.en),
                    ])
                }
                return JSONValue.object([
                    "error": .object([
                        "code": .string("rollback_blocked"),
                        "message": .string(
                            L("Des fiches ont changé depuis l'import.", "Some records changed since the import.")(request.locale)),
                        "blockers": .array(blockers),
                    ])
                ]).response(.conflict)
            }
            return JSONValue.object([
                "companiesRemoved": .int(Int64(result.companiesRemoved)), "contactsRemoved": .int(Int64(result.contactsRemoved)),
                "recordsRestored": .int(Int64(result.recordsRestored)),
            ]).response()
        }
        api.on(
            .GET, "imports/:id/errors", summary: "The rejected rows as CSV (?simulation=1 for the simulation's; 409 before any)", tag: tag,
            query: [("simulation", ["type": "string"], "1 for the simulation's rejected rows, anything else for the run's")], errors: [409]
        ) { request in
            try request.authorize(.read, .imports)
            let service = ImportService(request)
            return try ImportPages.errorFile(
                service, try await service.batch(try EntityRoutes.id(request)),
                simulation: request.query[String.self, at: "simulation"] == "1", request)
        }

        api.on(.GET, "import-profiles", summary: "Saved import configurations", tag: tag, response: APISchemas.list(of: profileSchema)) {
            request in
            try request.authorize(.read, .imports)
            let profiles = try await ImportService(request).profiles()
            return JSONValue.object(["items": .array(try profiles.map(profileJSON)), "nextCursor": .null]).response()
        }
        api.on(
            .POST, "import-profiles",
            summary: "Save an import's settings and mapping as a configuration (409 when the name exists, unless overwrite)", tag: tag,
            request: [
                "type": "object", "required": ["name", "importId"],
                "properties": [
                    "name": ["type": "string"], "importId": ["type": "string", "format": "uuid"], "overwrite": ["type": "boolean"],
                ],
            ],
            response: profileSchema, status: 201
        ) { request in
            try request.authorize(.write, .imports)
            let object = try APIInput.object(request)
            guard let importID = try APIInput.string(object, "importId").flatMap(UUID.init(uuidString:)) else {
                throw AppError.validation(["importId": [L("Identifiant attendu.", "An identifier is expected.")]])
            }
            let service = ImportService(request)
            let overwrite = try APIInput.bool(object, "overwrite") ?? false
            let profile = try await service.saveProfile(
                try await service.batch(importID), name: try APIInput.string(object, "name") ?? "", overwrite: overwrite)
            return try profileJSON(profile).response(.created)
        }
        api.on(
            .PATCH, "import-profiles/:id", summary: "Rename a configuration", tag: tag,
            request: ["type": "object", "required": ["name"], "properties": ["name": ["type": "string"]]], response: profileSchema
        ) { request in
            try request.authorize(.write, .imports)
            let name = try APIInput.string(try APIInput.object(request), "name") ?? ""
            return try profileJSON(try await ImportService(request).renameProfile(try EntityRoutes.id(request), to: name)).response()
        }
        api.on(.DELETE, "import-profiles/:id", summary: "Delete a configuration", tag: tag, status: 204) { request in
            try request.authorize(.write, .imports)
            try await ImportService(request).deleteProfile(try EntityRoutes.id(request))
            return Response(status: .noContent)
        }
    }

    static func json<T: Encodable>(_ value: T) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
    }

    static func statusJSON(_ batch: ImportBatchRecord, _ request: Request) throws -> JSONValue {
        let fraction = batch.fileSize > 0 ? min(1, Double(batch.bytesDone) / Double(batch.fileSize)) : 0
        let elapsed = batch.startedAt.map { max(0.001, (batch.finishedAt ?? request.now).timeIntervalSince($0)) } ?? 0
        let rate = elapsed > 0 ? Double(batch.rowsDone) / elapsed : 0
        let left: JSONValue = batch.status.isActive && fraction > 0.01 && fraction < 1 ? .double(elapsed / fraction - elapsed) : .null
        return .object([
            "id": .string(batch.id.uuidString.lowercased()), "fileName": .string(batch.fileName), "status": .string(batch.status.rawValue),
            "fileSize": .int(Int64(batch.fileSize)), "rowsDone": .int(Int64(batch.rowsDone)), "bytesDone": .int(Int64(batch.bytesDone)),
            "fraction": .double(fraction), "rowsPerSecond": .double(rate.rounded()), "secondsLeft": left,
            "analysis": try json(try ImportJSON.decode(ImportAnalysis.self, batch.analysis)),
            "settings": try json(try ImportJSON.decode(ImportSettings.self, batch.settings)),
            "simulationReport": try batch.simulationReport.map { try json(try ImportJSON.decode(ImportReport.self, $0)) } ?? .null,
            "report": try batch.report.map { try json(try ImportJSON.decode(ImportReport.self, $0)) } ?? .null,
            "message": batch.message.map { .string($0) } ?? .null,
            "profileId": batch.profileID.map { .string($0.uuidString.lowercased()) } ?? .null,
        ])
    }

    static func profileJSON(_ profile: ImportProfileRecord) throws -> JSONValue {
        .object([
            "id": .string(profile.id.uuidString.lowercased()), "name": .string(profile.name),
            "settings": try json(try ImportJSON.decode(ImportSettings.self, profile.settings)),
        ])
    }

    /// Settings from a JSON body: absent keys keep their value; `mapping` maps column titles, `columns` positions.
    static func settingsFromJSON(_ object: [String: JSONValue], _ batch: ImportBatchRecord) throws -> ImportSettings {
        var settings = try ImportJSON.decode(ImportSettings.self, batch.settings)
        var errors: [String: [Localized]] = [:]
        if let raw = try APIInput.string(object, "encoding") {
            if let encoding = TextEncoding(rawValue: raw) {
                settings.encoding = encoding
            } else {
                errors["encoding"] = [L("Encodage inconnu.", "Unknown encoding.")]
            }
        }
        if let raw = try APIInput.string(object, "separator") {
            if ImportSettings.separatorChoices.contains(where: { $0.value == raw }) {
                settings.separator = raw
            } else {
                errors["separator"] = [L("Séparateur : ; , tabulation ou |.", "Separator: ; , tab or |.")]
            }
        }
        if let sheet = try APIInput.string(object, "sheet") { settings.sheet = sheet }
        if let flag = try APIInput.bool(object, "hasHeader") { settings.hasHeader = flag }
        if let flag = try APIInput.bool(object, "updateExisting") { settings.updateExisting = flag }
        if let raw = try APIInput.string(object, "partialRows") {
            if let choice = ImportSettings.PartialRows(rawValue: raw) {
                settings.partialRows = choice
            } else {
                errors["partialRows"] = [L("« createValid » ou « rejectRow ».", "\"createValid\" or \"rejectRow\".")]
            }
        }
        if let columns = object["columns"], !columns.isArray { errors["columns"] = [L("Liste attendue.", "An array is expected.")] }
        if let mapping = object["mapping"], !mapping.isObject { errors["mapping"] = [L("Objet attendu.", "An object is expected.")] }
        if case .array(let columns)? = object["columns"] {
            for column in columns {
                guard case .object(let item) = column, case .int(let index)? = item["index"],
                    let target = try APIInput.string(item, "target"),
                    let position = settings.columns.firstIndex(where: { $0.index == Int(index) })
                else {
                    errors["columns", default: []].append(
                        L(
                            "Chaque colonne : {\"index\": n, \"target\": \"…\"} d'une colonne du fichier.",
                            "Each column: {\"index\": n, \"target\": \"…\"} of a column of the file."))
                    continue
                }
                settings.columns[position].target = target
            }
        }
        if case .object(let mapping)? = object["mapping"] {
            for (header, value) in mapping {
                guard case .string(let target) = value,
                    let position = settings.columns.firstIndex(where: { ImportTargets.fold($0.header) == ImportTargets.fold(header) })
                else {
                    errors["mapping", default: []].append(
                        L("Colonne « \(header) » absente du fichier.", "Column \"\(header)\" is not in the file."))
                    continue
                }
                settings.columns[position].target = target
            }
        }
        if !errors.isEmpty { throw AppError.validation(errors) }
        return settings
    }
}
