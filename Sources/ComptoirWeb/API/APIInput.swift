import ComptoirServices
import Vapor

/// Reads JSON request bodies: malformed JSON is a 400 with the error shape, a non-object a 422, a
/// string holding a character `InputText` refuses a 422 naming the member, and a member of the wrong
/// JSON type a 422 naming it.
enum APIInput {
    static func object(_ request: Request) throws -> [String: JSONValue] {
        guard request.headers.contentType == .json else {
            throw AppError(
                .unsupportedMediaType, code: "unsupported_media_type",
                L("Le corps doit être du JSON (Content-Type: application/json).", "The body must be JSON (Content-Type: application/json).")
            )
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
        var refused: [String: [Localized]] = [:]
        for (key, member) in object {
            if let problem = InputText.problem(key) ?? firstProblem(member) { refused[key] = [problem] }
        }
        if !refused.isEmpty { throw AppError.validation(refused) }
        return object
    }

    /// The first refused string anywhere inside a value (keys of nested objects included).
    private static func firstProblem(_ value: JSONValue) -> Localized? {
        switch value {
        case .string(let text): return InputText.problem(text)
        case .array(let items): return items.lazy.compactMap(firstProblem).first
        case .object(let members):
            for (key, member) in members {
                if let problem = InputText.problem(key) ?? firstProblem(member) { return problem }
            }
            return nil
        case .null, .bool, .int, .double: return nil
        }
    }

    static let stringExpected = L("Texte attendu.", "A string is expected.")
    static let booleanExpected = L("Valeur true ou false attendue.", "true or false is expected.")

    /// An optional string member: absent is nil, another JSON type (`null` too) a 422 naming the member.
    static func string(_ object: [String: JSONValue], _ key: String) throws -> String? {
        switch object[key] {
        case nil: return nil
        case .string(let text)?: return text
        default: throw AppError.validation([key: [stringExpected]])
        }
    }

    /// An optional boolean member: absent is nil, `"yes"`, `1` or `null` a 422 naming the member.
    static func bool(_ object: [String: JSONValue], _ key: String) throws -> Bool? {
        switch object[key] {
        case nil: return nil
        case .bool(let flag)?: return flag
        default: throw AppError.validation([key: [booleanExpected]])
        }
    }
}
