import ComptoirCore
import ComptoirServices
import ComptoirStore
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
        let service = AccountService(request)
        if found == nil, let match = try await service.token(hash: hash) {
            found = TokenCache.Entry(
                actor: match.actor, user: match.user, tokenID: match.tokenID, allowedIPs: match.allowedIPs, lastUsedAt: match.lastUsedAt,
                expires: now.addingTimeInterval(TokenCache.lifetime))
        }
        guard var entry = found, AddressRanges.allows(request.clientIP, ranges: entry.allowedIPs) else {
            throw AppError(.unauthorized, code: "invalid_token", L("Jeton d'API invalide ou révoqué.", "Invalid or revoked API token."))
        }
        if entry.lastUsedAt.map({ now.timeIntervalSince($0) > Self.touchInterval }) ?? true {
            try await service.touchToken(entry.tokenID)
            entry.lastUsedAt = now
        }
        cache.put(hash, entry)
        request.storage[AuthenticatedUserRowKey.self] = entry.user
        return entry.actor
    }

    private func authenticateSession(_ cookie: String, _ request: Request) async throws -> (Actor?, Bool) {
        switch try await AccountService(request).session(
            SecureTokens.sha256Hex(cookie), ip: request.clientIP, touchInterval: Self.touchInterval)
        {
        case .signedIn(let actor): return (actor, false)
        case .pendingSecondFactor: return (nil, false)
        case .ended: return (nil, true)
        }
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
        let clear = try await AccountService(request).openSession(
            for: user, pendingSecondFactor: pendingSecondFactor, ip: request.clientIP,
            userAgent: request.headers.first(name: .userAgent) ?? "")
        return cookies(clear, request)
    }

    /// The session cookie holding `clear`.
    static func cookies(_ clear: String, _ request: Request) -> HTTPCookies {
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
