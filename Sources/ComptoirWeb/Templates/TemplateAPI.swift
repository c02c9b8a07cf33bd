import ComptoirCore
import ComptoirDocuments
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// `/api/v1/document-templates` (list, create by multipart, read, new version, lint, render) and `/api/v1/merge-tags`.
/// `render` answers the merged file itself; the tags the record left empty are in the `X-Missing-Tags` header
/// (comma-separated, empty when none) and the attachments it was filed as in `X-Attachment-Ids`.
enum TemplateAPI {
    static let uuid: JSONValue = ["type": "string", "format": "uuid"]
    static let targets: JSONValue = ["type": "string", "enum": .array(TemplateTarget.allCases.map { .string($0.rawValue) })]

    static let issue: JSONValue = [
        "type": "object", "required": ["kind", "tag", "part", "message"],
        "properties": ["kind": ["type": "string"], "tag": ["type": "string"], "part": ["type": "string"], "message": ["type": "string"]],
    ]

    static let version: JSONValue = [
        "type": "object",
        "required": ["version", "fileName", "format", "size", "sha256", "issues", "uploadedAt"],
        "properties": [
            "version": ["type": "integer"], "fileName": ["type": "string"], "format": ["type": "string", "enum": ["docx", "odt"]],
            "size": ["type": "integer"], "sha256": ["type": "string"], "issues": ["type": "array", "items": issue],
            "uploadedAt": ["type": "string", "format": "date-time"],
        ],
    ]

    static let template: JSONValue = [
        "type": "object",
        "required": ["id", "name", "description", "target", "category", "currentVersion", "archived", "createdAt", "updatedAt"],
        "properties": [
            "id": uuid, "name": ["type": "string"], "description": ["type": ["string", "null"]], "target": targets,
            "category": ["type": ["string", "null"]], "currentVersion": ["type": "integer"], "archived": ["type": "boolean"],
            "createdAt": ["type": "string", "format": "date-time"], "updatedAt": ["type": "string", "format": "date-time"],
            "versions": ["type": "array", "items": version],
        ],
    ]

    static let check: JSONValue = [
        "type": "object", "required": ["issues", "tags", "sampleRecordId", "missingTags", "mergeError"],
        "properties": [
            "issues": ["type": "array", "items": issue], "tags": ["type": "array", "items": ["type": "string"]],
            "sampleRecordId": ["type": ["string", "null"], "format": "uuid"],
            "missingTags": ["type": "array", "items": ["type": "string"]],
            "mergeError": ["type": ["string", "null"]],
        ],
    ]

    static let tagSchema: JSONValue = [
        "type": "object", "required": ["entity", "groups"],
        "properties": [
            "entity": targets,
            "groups": [
                "type": "array",
                "items": [
                    "type": "object", "required": ["title", "tags"],
                    "properties": [
                        "title": ["type": "string"],
                        "tags": [
                            "type": "array",
                            "items": [
                                "type": "object", "required": ["name", "label"],
                                "properties": [
                                    "name": ["type": "string"], "label": ["type": "string"],
                                    "fields": ["type": "array", "items": ["type": "string"]],
                                    "value": [:],
                                ],
                            ],
                        ],
                    ],
                ],
            ],
        ],
    ]

    static func json(_ record: DocumentTemplateRecord, versions: [DocumentTemplateVersionRecord]? = nil) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(record.id.uuidString.lowercased()), "name": .string(record.name),
            "description": record.description.map(JSONValue.string) ?? .null, "target": .string(record.target),
            "category": record.category.map(JSONValue.string) ?? .null, "currentVersion": .int(Int64(record.currentVersion)),
            "archived": .bool(record.archived), "createdAt": .string(ISO8601.string(record.createdAt)),
            "updatedAt": .string(ISO8601.string(record.updatedAt)),
        ]
        if let versions {
            object["versions"] = .array(
                versions.map { version in
                    [
                        "version": .int(Int64(version.version)), "fileName": .string(version.originalName),
                        "format": .string(version.format),
                        "size": .int(version.size), "sha256": .string(version.sha256),
                        "issues": .array(DocumentTemplateService.issues(of: version).map(json)),
                        "uploadedAt": .string(ISO8601.string(version.uploadedAt)),
                    ]
                })
        }
        return .object(object)
    }

    static func json(_ issue: TemplateLintIssue) -> JSONValue {
        ["kind": .string(issue.kind), "tag": .string(issue.tag), "part": .string(issue.part), "message": .string(issue.message)]
    }

    static func value(_ value: MergeValue?) -> JSONValue {
        switch value {
        case .none: return .null
        case .text(let text): return .string(text)
        case .list(let items):
            return .array(items.map { item in .object(item.mapValues { TemplateAPI.value($0) }) })
        }
    }

    static func register(_ api: APIRoutes) {
        api.on(
            .GET, "document-templates", summary: "Document templates", tag: "Templates", response: APISchemas.list(of: template),
            query: [
                ("target", targets, "Only the templates of this target entity"),
                ("archived", ["type": "boolean"], "Include archived templates (true) — default false"),
            ]
        ) { request in
            let target = try request.query[String.self, at: "target"].map { raw -> TemplateTarget in
                guard let target = TemplateTarget(rawValue: raw) else {
                    throw AppError.validation(["target": [L("Entité cible inconnue.", "Unknown target entity.")]])
                }
                return target
            }
            let flag = request.query[String.self, at: "archived"]
            guard flag == nil || flag == "true" || flag == "false" else {
                throw AppError.validation(["archived": [L("« true » ou « false » attendu.", "« true » or « false » expected.")]])
            }
            let archived = flag == "true"
            let records = try await DocumentTemplateService(request.context).list(target: target, includeArchived: archived)
            return JSONValue.object(["items": .array(records.map { json($0) }), "nextCursor": .null]).response()
        }
        api.on(
            .POST, "document-templates", summary: "Upload a template (multipart: name, description, target, category, file)",
            tag: "Templates", response: template, status: 201, errors: [413, 415], body: .stream,
            upload: [
                "type": "object", "required": ["name", "target", "file"],
                "properties": [
                    "name": ["type": "string", "maxLength": 200], "description": ["type": "string", "maxLength": 2000], "target": targets,
                    "category": ["type": "string", "maxLength": 100], "file": ["type": "string", "format": "binary"],
                ],
            ]
        ) { request in
            try request.context.authorize(.write, .templates)
            let upload = try await TemplateUpload.read(request)
            let file = try TemplateUpload.data(upload.file)
            let service = DocumentTemplateService(request.context)
            let id = try await service.create(
                DocumentTemplateInput(
                    name: upload.name ?? "", description: upload.description ?? "", target: upload.target ?? "",
                    category: upload.category ?? "", fileName: file.name, data: file.data))
            let created = try await service.get(id)
            return json(created.record, versions: created.versions).response(.created)
        }
        api.on(.GET, "document-templates/:id", summary: "A template with its versions", tag: "Templates", response: template) { request in
            let found = try await DocumentTemplateService(request.context).get(try EntityRoutes.id(request))
            return json(found.record, versions: found.versions).response()
        }
        api.on(
            .POST, "document-templates/:id/versions", summary: "Replace the template's file (multipart: file): a new version",
            tag: "Templates", response: template, status: 201, errors: [413, 415], body: .stream,
            upload: ["type": "object", "required": ["file"], "properties": ["file": ["type": "string", "format": "binary"]]]
        ) { request in
            try request.context.authorize(.write, .templates)
            let id = try EntityRoutes.id(request)
            let file = try TemplateUpload.data(try await TemplateUpload.read(request).file)
            let service = DocumentTemplateService(request.context)
            _ = try await service.addVersion(id, fileName: file.name, data: file.data)
            let found = try await service.get(id)
            return json(found.record, versions: found.versions).response(.created)
        }
        api.on(
            .POST, "document-templates/:id/lint", summary: "« Vérifier le modèle »: lint issues and a test merge with a sample record",
            tag: "Templates", response: check
        ) { request in
            let result = try await DocumentTemplateService(request.context).verify(try EntityRoutes.id(request))
            return JSONValue.object([
                "issues": .array(result.issues.map(json)), "tags": .array(result.tags.map(JSONValue.string)),
                "sampleRecordId": result.sampleRecordID.map { .string($0.uuidString.lowercased()) } ?? .null,
                "missingTags": .array(result.missingTags.map(JSONValue.string)),
                "mergeError": result.mergeError.map(JSONValue.string) ?? .null,
            ]).response()
        }
        api.on(
            .POST, "document-templates/:id/render",
            summary:
                "Merge the template with a record (recordId; pdf: a PDF copy when LibreOffice is installed): the file, with X-Missing-Tags",
            tag: "Templates",
            request: [
                "type": "object", "required": ["recordId"],
                "properties": ["recordId": uuid, "pdf": ["type": "boolean"], "attach": ["type": "boolean"]],
                "additionalProperties": false,
            ]
        ) { request in
            let object = try APIInput.object(request)
            for key in object.keys where !["recordId", "pdf", "attach"].contains(key) {
                throw AppError.validation([key: [L("Membre inconnu.", "Unknown member.")]])
            }
            guard let recordID = try APIInput.string(object, "recordId").flatMap(UUID.init(uuidString:)) else {
                throw AppError.validation(["recordId": [L("Identifiant de fiche attendu.", "A record id is expected.")]])
            }
            let pdf = try APIInput.bool(object, "pdf") ?? false
            let attach = try APIInput.bool(object, "attach") ?? true
            let document = try await TemplateGeneration(request.context).generate(
                try EntityRoutes.id(request), recordID: recordID, pdf: pdf, filing: attach)
            let response = FileResponse.download(document.data, name: document.fileName, type: document.contentType)
            response.headers.replaceOrAdd(name: "X-Missing-Tags", value: document.missingTags.joined(separator: ","))
            response.headers.replaceOrAdd(
                name: "X-Attachment-Ids", value: document.attachmentIDs.map { $0.uuidString.lowercased() }.joined(separator: ","))
            return response
        }
        api.on(
            .GET, "merge-tags", summary: "The merge tags of a target entity, with a record's values (recordId)", tag: "Templates",
            response: tagSchema, query: [("entity", targets, "The target entity"), ("recordId", uuid, "Values of this record")],
            requiredQuery: ["entity"]
        ) { request in
            guard let target = request.query[String.self, at: "entity"].flatMap(TemplateTarget.init(rawValue:)) else {
                throw AppError.validation(["entity": [L("Entité cible inconnue.", "Unknown target entity.")]])
            }
            var recordID: UUID?
            if let raw = request.query[String.self, at: "recordId"] {
                guard let id = UUID(uuidString: raw) else {
                    throw AppError.validation(["recordId": [L("Identifiant de fiche attendu.", "A record id is expected.")]])
                }
                recordID = id
            }
            let groups = try await MergeTagCatalog.groups(for: target, recordID: recordID, request.context)
            return JSONValue.object([
                "entity": .string(target.rawValue),
                "groups": .array(
                    groups.map { group in
                        [
                            "title": .string(group.title),
                            "tags": .array(
                                group.tags.map { tag in
                                    var object: [String: JSONValue] = ["name": .string(tag.name), "label": .string(tag.label)]
                                    if tag.isList { object["fields"] = .array(tag.itemFields.map { .string($0.name) }) }
                                    if recordID != nil { object["value"] = value(tag.value) }
                                    return .object(object)
                                }),
                        ]
                    }),
            ]).response()
        }
    }
}
