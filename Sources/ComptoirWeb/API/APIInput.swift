import Vapor

/// Reads JSON request bodies: malformed JSON is a 400 with the error shape, a non-object a 422.
enum APIInput {
    static func object(_ request: Request) throws -> [String: JSONValue] {
        guard request.headers.contentType == .json else {
            throw AppError(.unsupportedMediaType, code: "unsupported_media_type",
                           L("Le corps doit être du JSON (Content-Type: application/json).", "The body must be JSON (Content-Type: application/json)."))
        }
        guard let buffer = request.body.data, buffer.readableBytes > 0 else {
            throw AppError(.badRequest, code: "malformed_json", L("Corps JSON manquant.", "Missing JSON body."))
        }
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: buffer)
        } catch {
            throw AppError(.badRequest, code: "malformed_json", L("JSON mal formé.", "Malformed JSON."))
        }
        guard case .object(let object) = value else {
            throw AppError(.unprocessableEntity, code: "validation_failed", L("Un objet JSON est attendu.", "A JSON object is expected."))
        }
        return object
    }

    static func string(_ object: [String: JSONValue], _ key: String) -> String? {
        guard let value = object[key] else { return nil }
        return FieldParsing.string(fromJSON: value)
    }
}
