import ComptoirServices
import Foundation
import Vapor

/// Every registered route with its access category. The matrix test compares this list with the
/// application's routes: a new route fails the test until it is added here with its category.
enum RouteCategory: String, CaseIterable {
    /// Anyone (sign-in, health, assets, the OpenAPI document, ICS by secret token).
    case open
    /// Internal users' pages and API (guests get 404).
    case staff
    /// Administrators only (others get 403).
    case admin
    /// The user's own account (read-only users may use them too).
    case account
    /// Pages and API that extranet guests may reach (their projects, interactions, files, portal).
    case guest
}

enum RouteCatalog {
    static func category(method: String, path: String) -> RouteCategory {
        let open: Set<String> = [
            "GET /livez", "GET /healthz", "GET /assets/:name", "GET /login", "POST /login", "GET /login/two-factor",
            "POST /login/two-factor",
            "GET /api/v1/openapi.json", "POST /api/v1/auth/tokens", "GET /ics/:token", "POST /logout", "POST /account/locale",
        ]
        let key = "\(method) \(path)"
        if open.contains(key) { return .open }
        let account = ["/account", "/api/v1/me", "/api/v1/auth/tokens", "/agenda/feeds"]
        if account.contains(where: { path == $0 || path.hasPrefix($0 + "/") }) { return .account }
        let admin = ["/admin/users", "/admin/audit", "/admin/security", "/api/v1/users", "/api/v1/audit-entries"]
        if admin.contains(where: { path == $0 || path.hasPrefix($0 + "/") }) { return .admin }
        let guest = ["/portal", "/attachments", "/api/v1/projects", "/api/v1/interactions", "/api/v1/attachments"]
        if guest.contains(where: { path == $0 || path.hasPrefix($0 + "/") }) { return .guest }
        return .staff
    }
}
