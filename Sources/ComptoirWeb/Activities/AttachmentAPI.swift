import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// `/api/v1/attachments`: list, upload (multipart), metadata and content, with the owner's permissions.
enum AttachmentAPI {
    static let schema: JSONValue = [
        "type": "object",
        "required": ["id", "ownerKind", "ownerId", "name", "contentType", "size", "sha256", "createdAt"],
        "properties": [
            "id": ["type": "string", "format": "uuid"],
            "ownerKind": ["type": "string", "enum": ["interactions", "companies", "contacts"]],
            "ownerId": ["type": "string", "format": "uuid"], "name": ["type": "string"], "contentType": ["type": "string"],
            "size": ["type": "integer"], "sha256": ["type": "string"], "createdAt": ["type": "string", "format": "date-time"],
        ],
    ]

    static let ownerKind: JSONValue = ["type": "string", "enum": ["interactions", "companies", "contacts"]]

    static func json(_ record: AttachmentRecord) -> JSONValue {
        [
            "id": .string(record.id.uuidString.lowercased()), "ownerKind": .string(record.ownerKind),
            "ownerId": .string(record.ownerID.uuidString.lowercased()), "name": .string(record.originalName),
            "contentType": .string(record.contentType), "size": .int(record.size), "sha256": .string(record.sha256),
            "createdAt": .string(ISO8601.string(record.createdAt)),
        ]
    }

    static func register(_ api: APIRoutes) {
        api.on(
            .GET, "attachments", summary: "Attachments of a record", tag: "Activities", response: APISchemas.list(of: schema),
            query: [
                ("ownerKind", ownerKind, "interactions, companies or contacts"),
                ("ownerId", ["type": "string", "format": "uuid"], "The record"),
            ],
            requiredQuery: ["ownerKind", "ownerId"]
        ) { request in
            guard let kind = request.query[String.self, at: "ownerKind"],
                let id = request.query[String.self, at: "ownerId"].flatMap(UUID.init(uuidString:))
            else {
                throw AppError.validation(["ownerId": [L("ownerKind et ownerId sont requis.", "ownerKind and ownerId are required.")]])
            }
            _ = try request.requireActor()
            _ = try await AttachmentPages.requireOwner(kind, id, .read, request)
            let records = try await AttachmentStore.list(ownerKind: kind, ownerID: id, on: request.db)
            return JSONValue.object(["items": .array(records.map(json)), "nextCursor": .null]).response()
        }
        api.on(
            .POST, "attachments", summary: "Upload a file (multipart: ownerKind, ownerId, file)", tag: "Activities",
            response: schema, status: 201, body: .stream,
            upload: [
                "type": "object", "required": ["ownerKind", "ownerId", "file"],
                "properties": [
                    "ownerKind": ownerKind, "ownerId": ["type": "string", "format": "uuid"],
                    "file": ["type": "string", "format": "binary"],
                ],
            ]
        ) { request in
            // Who, whether they may write at all, and the declared size are checked before any byte of the body is read.
            let actor = try request.requireActor()
            if actor.readOnly { throw AppError.readOnly }
            guard AttachmentPages.owners.values.contains(where: { Policy.allows(actor, .write, $0.module) }) else {
                throw AppError.forbidden
            }
            struct Upload: Content { var ownerKind: String?; var ownerId: String?; var file: File? }
            guard request.headers.contentType?.type == "multipart" else {
                throw AppError(
                    .unsupportedMediaType, code: "unsupported_media_type",
                    L("Envoi multipart/form-data attendu.", "A multipart/form-data upload is expected."))
            }
            let limit = try await AttachmentPages.collectUpload(request)
            let upload = (try? request.content.decode(Upload.self)) ?? Upload()
            guard let kind = upload.ownerKind, let id = upload.ownerId.flatMap(UUID.init(uuidString:)) else {
                throw AppError.validation(["ownerId": [L("ownerKind et ownerId sont requis.", "ownerKind and ownerId are required.")]])
            }
            _ = try await AttachmentPages.requireOwner(kind, id, .write, request)
            guard let file = upload.file else { throw AppError.validation(["file": [L("Fichier manquant.", "Missing file.")]]) }
            return json(try await AttachmentPages.save(file, kind: kind, id: id, limit: limit, request)).response(.created)
        }
        api.on(.GET, "attachments/:id", summary: "An attachment's description", tag: "Activities", response: schema) { request in
            _ = try request.requireActor()
            guard let record = try await AttachmentStore.find(try EntityRoutes.id(request), on: request.db) else { throw AppError.notFound }
            _ = try await AttachmentPages.requireOwner(record.ownerKind, record.ownerID, .read, request)
            return json(record).response()
        }
        api.on(.GET, "attachments/:id/content", summary: "An attachment's bytes", tag: "Activities") { request in
            _ = try request.requireActor()
            guard let record = try await AttachmentStore.find(try EntityRoutes.id(request), on: request.db) else { throw AppError.notFound }
            _ = try await AttachmentPages.requireOwner(record.ownerKind, record.ownerID, .read, request)
            return FileResponse.userFile(try request.application.blobStore.read(record.sha256), name: record.originalName)
        }
    }
}
