import ComptoirServices
import Vapor

/// The one rule on characters in text from outside (API bodies, form posts, query strings): U+0000
/// is refused everywhere. No field has a use for it, PostgreSQL cannot store it in `text`, and C
/// tools that read exports stop at it, so a value that holds it is an error, not data to keep.
public enum InputText {
    public static let nulMessage = L(
        "Le caractère nul (U+0000) n'est pas accepté.", "The NUL character (U+0000) is not accepted.")

    /// Why `text` is refused, or nil when it is acceptable.
    public static func problem(_ text: some StringProtocol) -> Localized? {
        text.utf8.contains(0) ? nulMessage : nil
    }
}

/// Query strings, for every route: a parameter whose decoded name or value holds a refused
/// character is a 400 naming it (bodies are checked where they are read: `APIInput`, `FormInput`).
struct QueryTextMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let query = request.url.query, query.contains("%00") || query.utf8.contains(0) {
            var fields: [String: [Localized]] = [:]
            for (name, values) in QueryValues.parse(query) {
                if let problem = InputText.problem(name) ?? values.lazy.compactMap({ InputText.problem($0) }).first {
                    fields[name.replacingOccurrences(of: "\0", with: "")] = [problem]
                }
            }
            if !fields.isEmpty {
                throw AppError(
                    .badRequest, code: "invalid_query", L("Paramètre de requête invalide.", "Invalid query parameter."), fields: fields)
            }
        }
        return try await next.respond(to: request)
    }
}
