import ComptoirDocuments
import ComptoirServices
import Foundation
import Vapor

/// Multipart uploads of templates (pages and API): read once the sender may manage templates, never past the engine's
/// archive limit (20 MB; 413 `file_too_large` beyond, before any byte is read when the length is declared).
enum TemplateUpload {
    static var limit: Int { TemplateLimits.default.maxArchiveBytes }

    struct Fields: Content {
        var name: String?
        var description: String?
        var target: String?
        var category: String?
        var file: File?
    }

    /// The form's fields, the body read up to the limit; a body that is not multipart is refused (415).
    static func read(_ request: Request) async throws -> Fields {
        guard request.headers.contentType?.type == "multipart" else {
            throw AppError(
                .unsupportedMediaType, code: "unsupported_media_type",
                L("Envoi multipart/form-data attendu.", "A multipart/form-data upload is expected."))
        }
        let ceiling = limit + AttachmentPages.envelopeBytes
        if let length = request.headers.first(name: .contentLength).flatMap({ Int($0) }), length > ceiling {
            throw AttachmentPages.tooLarge(limit)
        }
        do {
            _ = try await request.body.collect(max: ceiling).get()
        } catch let error as any AbortError where error.status == .payloadTooLarge {
            throw AttachmentPages.tooLarge(limit)
        }
        do {
            return try request.content.decode(Fields.self)
        } catch let error as AppError {
            throw error
        } catch {
            throw AppError(.badRequest, code: "malformed_multipart", L("Envoi multipart mal formé.", "Malformed multipart body."))
        }
    }

    static func data(_ file: File?) throws -> (name: String, data: Data) {
        guard let file, file.data.readableBytes > 0 else {
            throw AppError.validation(["file": [L("Choisissez un fichier .docx ou .odt.", "Choose a .docx or .odt file.")]])
        }
        guard file.data.readableBytes <= limit else { throw AttachmentPages.tooLarge(limit) }
        return (file.filename, Data(file.data.readableBytesView))
    }
}
