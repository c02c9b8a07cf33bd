import ComptoirCore
import ComptoirDocuments
import ComptoirServices
import Foundation
import Vapor

/// `POST /api/v1/supplier-invoices/import`: a received Factur-X PDF or CII/UBL XML becomes a draft supplier invoice.
/// The file comes as a multipart `file`, or as the raw body with `Content-Type: application/pdf`, `application/xml` or
/// `text/xml`. The answer is the draft (the shape of `GET /supplier-invoices/{id}`) with the supplier and the warnings.
enum SupplierInvoiceImportAPI {
    /// Room for the multipart envelope around the file.
    static let envelopeBytes = 64 * 1024
    static let rawTypes: Set<String> = ["application/pdf", "application/xml", "text/xml"]

    static let resultSchema: JSONValue = {
        guard case .object(var schema) = SalesAPI.documentSchema, case .object(var properties) = schema["properties"] ?? .null,
            case .array(let required) = schema["required"] ?? .null
        else { return SalesAPI.documentSchema }
        properties["supplier"] = [
            "type": "object", "required": ["id", "name", "match"],
            "properties": [
                "id": SalesAPI.uuid, "name": ["type": "string"],
                "match": [
                    "type": "string", "enum": ["siren", "siret", "vat_number", "created"],
                    "description": "How the supplier was found, or created from the invoice's seller",
                ],
            ],
        ]
        properties["warnings"] = ["type": "array", "items": ["type": "string"]]
        properties["attachmentId"] = SalesAPI.uuid
        schema["properties"] = .object(properties)
        schema["required"] = .array(required + ["supplier", "warnings", "attachmentId"])
        return .object(schema)
    }()

    static func register(_ api: APIRoutes) {
        api.on(
            .POST, "supplier-invoices/import",
            summary:
                "Import a received e-invoice (Factur-X PDF, CII or UBL XML; multipart `file` or the raw body as application/pdf, application/xml or text/xml) as a draft supplier invoice",
            tag: "Sales", response: resultSchema, status: 201, errors: [409, 413, 415], body: .stream,
            upload: ["type": "object", "required": ["file"], "properties": ["file": ["type": "string", "format": "binary"]]]
        ) { request in
            // Who, and whether they may, before a byte of the body is read.
            try request.context.authorize(.write, .sales)
            let (data, name) = try await upload(request)
            let result = try await SupplierInvoiceImportService(request.context).importFile(data, fileName: name)
            guard let document = try await SalesDocumentService(request.context).find(result.documentID) else { throw AppError.notFound }
            guard case .object(var json) = SalesAPI.json(document) else { throw AppError.notFound }
            json["supplier"] = [
                "id": SalesAPI.id(result.supplierID), "name": .string(result.supplierName), "match": .string(result.match.rawValue),
            ]
            json["warnings"] = .array(result.warnings.map { .string($0(request.locale)) })
            json["attachmentId"] = SalesAPI.id(result.attachmentID)
            return JSONValue.object(json).response(.created)
        }
    }

    /// The uploaded file and its name: a multipart `file`, or the raw body of an allowed type. A declared length over the
    /// limit is refused before reading; reading stops at the limit (413).
    static func upload(_ request: Request) async throws -> (Data, String) {
        let limit = ReceivedInvoiceReader.maxBytes
        let type = request.headers.contentType
        let multipart = type?.type == "multipart" && type?.subType == "form-data"
        let raw = type.map { rawTypes.contains("\($0.type)/\($0.subType)".lowercased()) } ?? false
        guard multipart || raw else {
            throw AppError(
                .unsupportedMediaType, code: "unsupported_media_type",
                L(
                    "Envoyez le fichier en multipart/form-data (champ file), ou le corps brut en application/pdf, application/xml ou text/xml.",
                    "Send the file as multipart/form-data (field file), or the raw body as application/pdf, application/xml or text/xml."))
        }
        let ceiling = limit + (multipart ? envelopeBytes : 0)
        if let length = request.headers.first(name: .contentLength).flatMap({ Int($0) }), length > ceiling { throw tooLarge(limit) }
        let body: ByteBuffer?
        do {
            body = try await request.body.collect(max: ceiling).get()
        } catch let error as any AbortError where error.status == .payloadTooLarge {
            throw tooLarge(limit)
        }
        if raw {
            guard let body, body.readableBytes > 0 else {
                throw AppError.validation(["file": [L("Le fichier est vide.", "The file is empty.")]])
            }
            guard body.readableBytes <= limit else { throw tooLarge(limit) }
            return (Data(body.readableBytesView), "")
        }
        struct Upload: Content { var file: File? }
        guard let file = (try? request.content.decode(Upload.self))?.file else {
            throw AppError.validation(["file": [L("Choisissez un fichier.", "Choose a file.")]])
        }
        guard file.data.readableBytes <= limit else { throw tooLarge(limit) }
        return (Data(file.data.readableBytesView), file.filename)
    }

    static func tooLarge(_ limit: Int) -> AppError {
        let message = L("Le fichier dépasse \(limit / 1024 / 1024) Mo.", "The file exceeds \(limit / 1024 / 1024) MB.")
        return AppError(.payloadTooLarge, code: "file_too_large", message, fields: ["file": [message]])
    }
}
