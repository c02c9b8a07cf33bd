import ComptoirServices
import Foundation
import Vapor

/// Every state-changing request from a browser must carry the form's `_csrf` field (or the
/// `X-CSRF-Token` header) matching the session's token, or for anonymous forms (sign-in) the
/// `comptoir_csrf` cookie. API calls with a bearer token, or without any cookie, carry no ambient
/// authority and are exempt.
struct CSRFMiddleware: AsyncMiddleware {
    static let cookieName = "comptoir_csrf"
    static let fieldName = "_csrf"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let safe: [HTTPMethod] = [.GET, .HEAD, .OPTIONS]
        if !safe.contains(request.method), try await needsCheck(request) {
            let expected = request.actor?.csrfToken ?? request.cookies[Self.cookieName]?.string ?? ""
            let provided = try await submittedToken(request)
            guard !expected.isEmpty, let provided, SecureTokens.constantTimeEquals(provided, expected) else {
                request.logger.notice("web: CSRF token missing or wrong", metadata: ["path": .string(request.url.path)])
                throw AppError.csrf
            }
        }
        let response = try await next.respond(to: request)
        if request.cookies[Self.cookieName] == nil, response.headers.contentType == .html {
            response.cookies[Self.cookieName] = SessionCookies.cookie(Self.anonymousToken(request), request)
        }
        return response
    }

    private func needsCheck(_ request: Request) async throws -> Bool {
        if case .token = request.actor?.channel { return false }
        let isAPI = request.url.path.hasPrefix("/api/")
        return !(isAPI && request.cookies[AuthenticationMiddleware.sessionCookie] == nil)
    }

    private func submittedToken(_ request: Request) async throws -> String? {
        if let header = request.headers.first(name: "X-CSRF-Token") { return header }
        // Uploads (files, imports, the logo) name the token in their form's action URL: their body is never read here,
        // so nothing of it is read before the route has checked who sends it and how much.
        if request.headers.contentType?.type == "multipart" { return request.query[String.self, at: Self.fieldName] }
        guard request.headers.contentType == .urlEncodedForm else { return nil }
        _ = try await request.body.collect(max: request.config.maxBodyBytes).get()
        return try? request.content.get(String.self, at: Self.fieldName)
    }

    /// The token a form rendered for this request must carry.
    static func anonymousToken(_ request: Request) -> String {
        if let existing = request.cookies[cookieName]?.string, !existing.isEmpty { return existing }
        if let minted = request.storage[MintedCSRFKey.self] { return minted }
        let minted = SecureTokens.random()
        request.storage[MintedCSRFKey.self] = minted
        return minted
    }
}

struct MintedCSRFKey: StorageKey {
    typealias Value = String
}

extension Request {
    /// The CSRF token to embed in forms rendered for this request.
    public var csrfToken: String {
        actor?.csrfToken ?? CSRFMiddleware.anonymousToken(self)
    }
}
