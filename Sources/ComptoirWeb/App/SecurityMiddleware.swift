import ComptoirServices
import Vapor

/// Headers every response gets: `nosniff` everywhere, a sandbox CSP on anything that is not one of our pages or
/// assets (JSON, files, errors), and HSTS when the app is served over https.
struct SecurityHeaders: AsyncMiddleware {
    static let fileCSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:"
    let hsts: Bool

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        let headers = response.headers
        if !headers.contains(name: "X-Content-Type-Options") {
            response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        }
        let isPage = headers.contentType?.subType == "html" && headers.contentType?.type == "text"
        if !isPage, !request.url.path.hasPrefix("/assets/"), !headers.contains(name: "Content-Security-Policy") {
            response.headers.replaceOrAdd(name: "Content-Security-Policy", value: Self.fileCSP)
        }
        if hsts {
            response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=31536000")
        }
        return response
    }
}

/// Requests whose headers add up to more than `limit` bytes are answered 431 before anything reads them (a single
/// field over 80 KiB never gets here: SwiftNIO's parser refuses it and Vapor closes the connection).
struct HeaderSizeLimit: AsyncMiddleware {
    static let limit = 32 * 1024

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        var total = 0
        for (name, value) in request.headers { total += name.utf8.count + value.utf8.count + 4 }
        guard total <= Self.limit else {
            throw AppError(
                .requestHeaderFieldsTooLarge, code: "headers_too_large",
                L("Les en-têtes de la requête sont trop volumineux.", "The request headers are too large."))
        }
        return try await next.respond(to: request)
    }
}
