import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation

/// Accounts use cases callable without HTTP: the CLI and the pages share them.
public struct AccountService: Sendable {
    public let db: any Database
    public let clock: any ComptoirCore.Clock
    public let hasher: any PasswordHasher

    /// Called after a change that cached credentials must not outlive (the token cache is cleared).
    public var onAccountChange: (@Sendable () -> Void)?

    public init(db: any Database, clock: any ComptoirCore.Clock, hasher: any PasswordHasher, onAccountChange: (@Sendable () -> Void)? = nil)
    {
        self.db = db
        self.clock = clock
        self.hasher = hasher
        self.onAccountChange = onAccountChange
    }

    public static let minimumPasswordLength = PasswordRules.minimumLength

    /// The e-mail belongs to another user (checked under the users' write lock).
    public static let emailTaken = AppError.validation([
        "email": [L("Un utilisateur a déjà cette adresse e-mail.", "A user already has this e-mail address.")]
    ])

    public func hash(_ password: String) throws -> String {
        try hasher.hash(password)
    }

    public static func passwordProblem(_ password: String) -> Localized? { PasswordRules.problem(password) }

    /// Creates a user; a bad e-mail, a taken e-mail or a short password is a validation error.
    @discardableResult
    public func createUser(
        email rawEmail: String, name: String?, password: String, role: User.Role, readOnly: Bool = false,
        mustChangePassword: Bool = false, locale: String = "fr", by actor: AuditActor
    ) async throws -> User {
        let email = User.normalizeEmail(rawEmail)
        var fields: [String: [Localized]] = [:]
        if case .failure(let error) = EmailAddress.validate(email) {
            fields["email"] = [Localized(error.message(french: true), error.message(french: false))]
        } else if try await User.find(email: email, on: db) != nil {
            // Told early with the other fields; the check that decides is the one under the lock below.
            fields["email"] = Self.emailTaken.fields["email"]
        }
        if let problem = Self.passwordProblem(password) { fields["password"] = [problem] }
        if !fields.isEmpty { throw AppError.validation(fields) }
        let displayName = (name?.isEmpty ?? true) ? String(email.split(separator: "@").first ?? "") : name!
        // Hashed before the transaction: bcrypt's cost need not hold the write lock.
        let user = User(
            email: email, name: displayName, locale: locale, role: role, readOnly: readOnly,
            passwordHash: try hash(password), mustChangePassword: mustChangePassword)
        try await db.transaction { db in
            // The users' lock, then the check: two creations of one address cannot both pass it.
            try await WriteLock.acquire(UsersEntity.definition.table, on: db)
            if try await User.find(email: email, on: db) != nil { throw Self.emailTaken }
            try await user.create(on: db)
            try await AuditLog.record(
                .create, entity: "users", id: user.id!.uuidString.lowercased(), summary: email,
                changes: ["email": (.null, .text(email)), "role": (.null, .text(role.rawValue))],
                by: actor, at: clock.now(), on: db)
        }
        return user
    }

    /// Sets a new password; `mustChange` forces another change at next sign-in (admin resets).
    public func setPassword(_ user: User, to password: String, mustChange: Bool, by actor: AuditActor) async throws {
        defer { onAccountChange?() }
        if let problem = Self.passwordProblem(password) { throw AppError.validation(["password": [problem]]) }
        user.passwordHash = try hash(password)
        user.mustChangePassword = mustChange
        let userID = try user.requireID()
        try await db.transaction { db in
            try await user.update(on: db)
            // Other sessions of this user end, and their API tokens are revoked: a changed password must lock out
            // whoever had the old one, including a token minted with it.
            try await UserSession.query(on: db).filter(\.$user.$id == userID).delete()
            try await APIToken.query(on: db).filter(\.$user.$id == userID).filter(\.$revokedAt == nil)
                .set(\.$revokedAt, to: clock.now()).update()
            try await AuditLog.record(
                .update, entity: "users", id: userID.uuidString.lowercased(), summary: user.email,
                changes: ["password_hash": (.text("•"), .text("••"))], by: actor, at: clock.now(), on: db)
        }
    }

    /// A random readable one-time password for new admins and resets.
    public static func oneTimePassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        let chars = (0..<16).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
        return String(chars[0..<4]) + "-" + String(chars[4..<8]) + "-" + String(chars[8..<12]) + "-" + String(chars[12..<16])
    }

    // MARK: - API tokens

    /// Mints a token; the clear value is returned once and never stored.
    /// Extranet guests get none: the portal is all they reach, and a token would outlive their session limit.
    public func mintToken(for user: User, name: String, by actor: AuditActor) async throws -> (token: String, record: APIToken) {
        guard user.roleValue != .guest else { throw AppError.guestsUseThePortal }
        let clear = "cpt_" + SecureTokens.random(byteCount: 32)
        let record = APIToken(
            userID: try user.requireID(), name: name.isEmpty ? "API" : name, tokenHash: SecureTokens.sha256Hex(clear),
            prefix: String(clear.prefix(10)), createdAt: clock.now())
        try await db.transaction { db in
            try await record.create(on: db)
            try await AuditLog.record(
                .create, entity: "api_tokens", id: record.id!.uuidString.lowercased(), summary: "\(user.email): \(record.name)",
                by: actor, at: clock.now(), on: db)
        }
        return (clear, record)
    }

    public func revokeToken(_ token: APIToken, by actor: AuditActor) async throws {
        defer { onAccountChange?() }
        guard token.revokedAt == nil else { return }
        token.revokedAt = clock.now()
        try await db.transaction { db in
            try await token.update(on: db)
            try await AuditLog.record(
                .update, entity: "api_tokens", id: token.id!.uuidString.lowercased(), summary: token.name,
                changes: ["revoked_at": (.null, .date(token.revokedAt!))], by: actor, at: clock.now(), on: db)
        }
    }

    // MARK: - Sign-in

    public static let throttleWindow: TimeInterval = 15 * 60
    /// Failures of one account, from anywhere, before it is paused (guessing one password).
    public static let accountThrottleLimit = 5
    /// Failures from one address, over every account, before it is paused (spraying passwords). Higher, since a
    /// whole office may sign in through one proxy: its people keep signing in while one of them mistypes.
    public static let addressThrottleLimit = 30

    /// Seconds to wait before the next try when the account or the address failed too often within the window;
    /// nil when signing in may go on.
    public func throttleDelay(email: String, ip: String) async throws -> Int? {
        let now = clock.now()
        let since = now.addingTimeInterval(-Self.throttleWindow)
        func delay(_ query: QueryBuilder<LoginAttempt>, limit: Int) async throws -> Int? {
            let recent = try await query.filter(\.$succeeded == false).filter(\.$at >= since)
                .sort(\.$at, .descending).limit(limit).all()
            guard recent.count >= limit, let oldest = recent.last else { return nil }
            return max(1, Int((oldest.at.addingTimeInterval(Self.throttleWindow).timeIntervalSince(now)).rounded(.up)))
        }
        let byAccount = try await delay(
            LoginAttempt.query(on: db).filter(\.$email == User.normalizeEmail(email)), limit: Self.accountThrottleLimit)
        let byAddress = try await delay(LoginAttempt.query(on: db).filter(\.$ip == ip), limit: Self.addressThrottleLimit)
        switch (byAccount, byAddress) {
        case (nil, nil): return nil
        case (let a?, nil): return a
        case (nil, let b?): return b
        case (let a?, let b?): return max(a, b)
        }
    }

    /// Checks credentials, records the attempt, and returns the user when they are right.
    public func authenticate(email rawEmail: String, password: String, ip: String) async throws -> User? {
        let email = User.normalizeEmail(rawEmail)
        let user = try await User.find(email: email, on: db)
        let ok: Bool
        if let user, user.active {
            ok = (try? hasher.verify(password, created: user.passwordHash)) ?? false
        } else {
            // Same work for unknown e-mails, so timing does not tell which accounts exist.
            _ = try? hasher.verify(password, created: Self.decoyHash)
            ok = false
        }
        try await LoginAttempt(email: email, ip: ip, succeeded: ok, at: clock.now()).create(on: db)
        if !ok {
            try await AuditLog.record(
                .loginFailed, entity: "users", id: user?.id?.uuidString.lowercased() ?? "", summary: email,
                by: AuditActor(userID: nil, label: email, ip: ip), at: clock.now(), on: db)
        }
        return ok ? user : nil
    }

    private static let decoyHash = "$2b$12$C6UzMDM.H6dfI/f/IKxGhuK5C0eDU8cWvaVnTwUSAakRdnL2FxW3e"
}
