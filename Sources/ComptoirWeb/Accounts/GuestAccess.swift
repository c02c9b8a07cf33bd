import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// Extranet guests reach only the portal and what belongs to their projects: every other path
/// answers 404, so the rest of the application does not exist for them. The API is for staff: a guest's
/// session gets who they are and the API's description, nothing else (and guests cannot mint tokens).
struct GuestGate: AsyncMiddleware {
    static let allowedPrefixes = ["/portal", "/attachments/", "/assets/"]
    static let allowedPaths: Set<String> = [
        "/logout", "/login", "/account", "/account/password", "/account/locale", "/account/two-factor", "/healthz", "/livez", "/api/v1/me",
        "/api/v1/openapi.json", "/",
    ]

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let actor = request.actor, actor.isGuest else { return try await next.respond(to: request) }
        let path = request.url.path
        if path == "/" { return request.redirect(to: "/portal") }
        guard Self.allowedPaths.contains(path) || Self.allowedPrefixes.contains(where: { path.hasPrefix($0) }) else {
            throw AppError.notFound
        }
        return try await next.respond(to: request)
    }
}
