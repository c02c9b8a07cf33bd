import ComptoirCore
import ComptoirServices
import ComptoirStore
import Vapor

struct ActorKey: StorageKey {
    typealias Value = Actor
}

extension Request {
    /// The authenticated user, if any (set by `AuthenticationMiddleware`).
    public var actor: Actor? {
        get { storage[ActorKey.self] }
        set { storage[ActorKey.self] = newValue }
    }

    /// The user, or 401.
    public func requireActor() throws -> Actor {
        guard let actor else { throw AppError.unauthorized }
        return actor
    }

    /// The audit identity of the current request.
    public var auditActor: AuditActor {
        guard let actor else { return AuditActor(userID: nil, label: "anonymous", ip: clientIP) }
        return AuditActor(userID: actor.userID, label: actor.email, ip: clientIP)
    }

    /// The display language: the user's, else the `lang` cookie, else the browser's, else French.
    public var locale: DisplayLocale {
        if let actor { return actor.locale }
        if let chosen = storage[LocaleOverrideKey.self] { return chosen }
        if let raw = cookies["comptoir_lang"]?.string, let locale = DisplayLocale(rawValue: raw) { return locale }
        if let header = headers.first(name: .acceptLanguage)?.lowercased(), header.hasPrefix("en") { return .en }
        return .fr
    }
}
