import ComptoirServices
import ComptoirStore
import FluentKit
import ComptoirCore
import Foundation
import Vapor

/// Turns a session cookie or a bearer token into `req.actor`. Invalid bearer tokens answer 401 at once;
/// stale sessions are ended and the request continues anonymously (pages then redirect to sign-in).
struct AuthenticationMiddleware: AsyncMiddleware {
    static let sessionCookie = "comptoir_session"
    /// Activity timestamps are written at most this often, to keep reads cheap.
    static let touchInterval: TimeInterval = 60

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let bearer = request.headers.bearerAuthorization {
            request.actor = try await authenticateToken(bearer.token, request)
        } else if let cookie = request.cookies[Self.sessionCookie]?.string, !cookie.isEmpty {
            let (actor, expired) = try await authenticateSession(cookie, request)
            request.actor = actor
            if expired { request.storage[SessionExpiredKey.self] = true }
        }
        return try await next.respond(to: request)
    }

    private func authenticateToken(_ token: String, _ request: Request) async throws -> Actor {
        let hash = SecureTokens.sha256Hex(token)
        let now = request.now
        let cache = request.application.tokenCache
        var found = cache.get(hash, now: now)
        if found == nil {
            found = try await TokenLookup.find(hash, request)
        }
        guard var entry = found, AddressRanges.allows(request.clientIP, ranges: entry.allowedIPs) else {
            throw AppError(.unauthorized, code: "invalid_token", L("Jeton d'API invalide ou révoqué.", "Invalid or revoked API token."))
        }
        if entry.lastUsedAt.map({ now.timeIntervalSince($0) > Self.touchInterval }) ?? true {
            try await TableStore.sqlDatabase(request.db).raw("UPDATE api_tokens SET last_used_at = \(bind: now) WHERE id = \(bind: entry.tokenID)").run()
            entry.lastUsedAt = now
        }
        cache.put(hash, entry)
        request.storage[AuthenticatedUserRowKey.self] = entry.user
        return entry.actor
    }

    private func authenticateSession(_ cookie: String, _ request: Request) async throws -> (Actor?, Bool) {
        let id = SecureTokens.sha256Hex(cookie)
        guard let session = try await UserSession.query(on: request.db).filter(\.$id == id).with(\.$user).first() else {
            return (nil, true)
        }
        // Password given, code not yet: not signed in (the code page reads the session itself).
        if session.pendingSecondFactor { return (nil, false) }
        let now = request.now
        let idle = try await SecuritySettings.idleTimeout(on: request.db)
        let tooOld = now.timeIntervalSince(session.createdAt) > SecuritySettings.absoluteSessionLifetime
        let guestExpired = session.user.roleValue == .guest
            && now.timeIntervalSince(session.createdAt) > TimeInterval(session.user.sessionHours ?? 8) * 3600
        let wrongPlace = !AddressRanges.allows(request.clientIP, ranges: session.user.allowedIPs)
        if now.timeIntervalSince(session.lastSeenAt) > idle || tooOld || guestExpired || wrongPlace || !session.user.active {
            try await session.delete(on: request.db)
            return (nil, true)
        }
        if now.timeIntervalSince(session.lastSeenAt) > Self.touchInterval {
            session.lastSeenAt = now
            try await session.update(on: request.db)
        }
        return (try Actor(user: session.user, channel: .session(id: id, csrfToken: session.csrfToken)), false)
    }
}

struct SessionExpiredKey: StorageKey {
    typealias Value = Bool
}

extension Request {
    /// True when the request carried a session cookie that is no longer valid.
    var sessionExpired: Bool { storage[SessionExpiredKey.self] ?? false }
}

/// Sessions: opening one at sign-in and closing it at sign-out.
enum SessionCookies {
    static func open(for user: User, _ request: Request, pendingSecondFactor: Bool = false) async throws -> HTTPCookies {
        let clear = SecureTokens.random()
        let session = UserSession(
            id: SecureTokens.sha256Hex(clear), userID: try user.requireID(), csrfToken: SecureTokens.random(),
            now: request.now, ip: request.clientIP,
            userAgent: String((request.headers.first(name: .userAgent) ?? "").prefix(200)))
        session.pendingSecondFactor = pendingSecondFactor
        try await session.create(on: request.db)
        var cookies = HTTPCookies()
        cookies[AuthenticationMiddleware.sessionCookie] = cookie(clear, request)
        return cookies
    }

    static func cookie(_ value: String, _ request: Request, maxAge: Int? = nil) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: value, expires: nil, maxAge: maxAge, domain: nil, path: "/",
            isSecure: request.config.secureCookies, isHTTPOnly: true, sameSite: .lax)
    }

    static func expired(_ request: Request) -> HTTPCookies.Value {
        cookie("", request, maxAge: 0)
    }
}
