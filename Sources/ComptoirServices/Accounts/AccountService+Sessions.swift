import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation

/// Sessions and API tokens: who a cookie or a bearer token stands for, and the rules that end them.
extension AccountService {
    /// A live API token and its user, as one query reads them.
    public struct TokenMatch: Sendable {
        public var actor: Actor
        public var user: TableRow
        public var tokenID: UUID
        public var allowedIPs: String?
        public var lastUsedAt: Date?
    }

    /// The token whose hash is `hash`, when it is live and its user active. Guests have no API access: a token
    /// minted for one before that rule (or by hand) is refused too.
    public func token(hash: String) async throws -> TokenMatch? {
        guard let match = try await TokenQueries.find(hash: hash, userSpec: UsersEntity.definition.tableSpec, on: db) else { return nil }
        let user = match.user
        guard user["active"].boolValue == true, user["role"].textValue != User.Role.guest.rawValue else { return nil }
        return TokenMatch(
            actor: try Actor(row: user, channel: .token(id: match.tokenID)), user: user, tokenID: match.tokenID,
            allowedIPs: user["allowed_ips"].textValue, lastUsedAt: match.lastUsedAt)
    }

    /// Notes that a token was used now.
    public func touchToken(_ id: UUID) async throws {
        try await TokenQueries.touch(id, at: clock.now(), on: db)
    }

    /// The signed-in user's tokens, latest first.
    public func tokens(of user: UUID) async throws -> [APIToken] {
        try await APIToken.query(on: db).filter(\.$user.$id == user).sort(\.$createdAt, .descending).all()
    }

    /// Revokes one of `user`'s own tokens (404 for another's).
    public func revokeOwnToken(_ id: UUID, of user: UUID, by actor: AuditActor) async throws {
        guard let token = try await APIToken.find(id, on: db), token.$user.id == user else { throw AppError.notFound }
        try await revokeToken(token, by: actor)
    }

    /// A user by id (nil when gone).
    public func user(_ id: UUID) async throws -> User? {
        try await User.find(id, on: db)
    }

    /// The user's row as the generic component shows it (the API's `/me`).
    public func userRow(_ id: UUID) async throws -> TableRow {
        guard let row = try await TableStore.get(UsersEntity.definition.tableSpec, id: id, on: db) else { throw AppError.notFound }
        return row
    }

    // MARK: - Sessions

    /// What a session cookie stands for.
    public enum SessionState: Sendable {
        case signedIn(Actor)
        /// Password given, code not yet: not signed in (the code page reads the session itself).
        case pendingSecondFactor
        /// Unknown, or ended now (idle, too old, a guest's length, another address, a deactivated account).
        case ended
    }

    /// Resumes the session whose id is `id` (the cookie's hash) from `ip`, ending it when a rule says so and noting
    /// activity at most every `touchInterval`.
    public func session(_ id: String, ip: String, touchInterval: TimeInterval) async throws -> SessionState {
        guard let session = try await UserSession.query(on: db).filter(\.$id == id).with(\.$user).first() else { return .ended }
        if session.pendingSecondFactor { return .pendingSecondFactor }
        let now = clock.now()
        let idle = try await SecuritySettings.idleTimeout(on: db)
        let tooOld = now.timeIntervalSince(session.createdAt) > SecuritySettings.absoluteSessionLifetime
        let guestExpired =
            session.user.roleValue == .guest
            && now.timeIntervalSince(session.createdAt) > TimeInterval(session.user.sessionHours ?? 8) * 3600
        let wrongPlace = !AddressRanges.allows(ip, ranges: session.user.allowedIPs)
        if now.timeIntervalSince(session.lastSeenAt) > idle || tooOld || guestExpired || wrongPlace || !session.user.active {
            try await session.delete(on: db)
            return .ended
        }
        if now.timeIntervalSince(session.lastSeenAt) > touchInterval {
            session.lastSeenAt = now
            try await session.update(on: db)
        }
        return .signedIn(try Actor(user: session.user, channel: .session(id: id, csrfToken: session.csrfToken)))
    }

    /// The session waiting for its second factor, with its user.
    public func pendingSession(_ id: String) async throws -> UserSession? {
        guard let session = try await UserSession.query(on: db).filter(\.$id == id).with(\.$user).first(), session.pendingSecondFactor
        else {
            return nil
        }
        return session
    }

    /// Opens a session for `user`; returns the cookie's value (only its hash is stored).
    public func openSession(for user: User, pendingSecondFactor: Bool = false, ip: String, userAgent: String) async throws -> String {
        let clear = SecureTokens.random()
        let session = UserSession(
            id: SecureTokens.sha256Hex(clear), userID: try user.requireID(), csrfToken: SecureTokens.random(),
            now: clock.now(), ip: ip, userAgent: String(userAgent.prefix(200)))
        session.pendingSecondFactor = pendingSecondFactor
        try await session.create(on: db)
        return clear
    }

    /// Records a successful sign-in (the time and the audit entry) and opens the session; returns the cookie's value.
    public func signIn(_ user: User, ip: String, userAgent: String) async throws -> String {
        let now = clock.now()
        let cookie = try await openSession(for: user, pendingSecondFactor: user.totpEnabledAt != nil, ip: ip, userAgent: userAgent)
        user.lastLoginAt = now
        try await db.transaction { db in
            try await user.update(on: db)
            try await AuditLog.record(
                .login, entity: "users", id: try user.requireID().uuidString.lowercased(), summary: user.email,
                by: AuditActor(userID: user.id, label: user.email, ip: ip), at: now, on: db)
        }
        return cookie
    }

    /// Ends a session and records the sign-out.
    public func signOut(session id: String, _ actor: Actor, by auditActor: AuditActor) async throws {
        let now = clock.now()
        try await db.transaction { db in
            try await UserSession.query(on: db).filter(\.$id == id).delete()
            try await AuditLog.record(
                .logout, entity: "users", id: actor.userID.uuidString.lowercased(), summary: actor.email, by: auditActor, at: now, on: db)
        }
    }

    /// Completes a sign-in waiting for its second factor: a right code (or recovery code) makes the session whole;
    /// a wrong one counts as a failed sign-in. Returns whether the code was right.
    public func completeSecondFactor(_ session: UserSession, code: String, ip: String) async throws -> Bool {
        let now = clock.now()
        return try await db.transaction { db in
            guard try await TwoFactorService.check(code, for: session.user, at: now, on: db) else {
                try await LoginAttempt(email: session.user.email, ip: ip, succeeded: false, at: now).create(on: db)
                return false
            }
            session.pendingSecondFactor = false
            try await session.update(on: db)
            return true
        }
    }

    /// Every user by e-mail (the CLI's list).
    public func allUsers() async throws -> [User] {
        try await User.query(on: db).sort(\.$email).all()
    }

    /// Deactivates the user with this e-mail and ends their sessions, with the audit entry (the CLI).
    @discardableResult
    public func deactivate(email: String, by actor: AuditActor) async throws -> User {
        defer { onAccountChange?() }
        let now = clock.now()
        return try await db.transaction { db in
            try await WriteLock.acquire(UsersEntity.definition.table, on: db)
            guard let user = try await User.find(email: email, on: db) else { throw AppError.notFound }
            let wasActive = user.active
            user.active = false
            let id = try user.requireID()
            try await user.update(on: db)
            try await UserSession.query(on: db).filter(\.$user.$id == id).delete()
            try await AuditLog.record(
                .update, entity: "users", id: id.uuidString.lowercased(), summary: user.email,
                changes: ["active": (.bool(wasActive), .bool(false))], by: actor, at: now, on: db)
            return user
        }
    }
}
