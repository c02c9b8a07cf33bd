import ComptoirCore
import ComptoirStore
import Crypto
import FluentKit
import Foundation

/// Second factor (TOTP, RFC 6238): enrolment, recovery codes stored hashed, the code checked at sign-in and
/// when minting a token, and enrolment required per user or per role.
public enum TwoFactorService {
    public static let rolesKey = SecuritySettings.requireTotpRolesKey

    public static let hmac: ComptoirCore.TOTP.HMAC = { key, message in
        Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }

    public static func totp(_ user: User) -> ComptoirCore.TOTP? {
        user.totpSecret.flatMap { Base32.decode($0) }.map { ComptoirCore.TOTP(secret: $0) }
    }

    /// Whether the user must have a second factor (their own flag, or their role's).
    public static func required(_ user: User, on db: any Database) async throws -> Bool {
        if user.requireTOTP { return true }
        let roles = try await Settings.string(rolesKey, on: db) ?? ""
        return roles.split(separator: ",").contains { $0 == user.role }
    }

    /// Checks a code (or an unused recovery code), refusing a code already used; the step or the recovery
    /// code is spent in the same write.
    public static func check(_ input: String, for user: User, at now: Date, on db: any Database) async throws -> Bool {
        let code = input.filter { !$0.isWhitespace }
        if let totp = totp(user), let step = totp.matchingStep(code, at: now, hmac: hmac) {
            guard step > (user.totpLastStep ?? -1) else { return false }
            user.totpLastStep = step
            try await user.update(on: db)
            return true
        }
        guard let normalized = RecoveryCodes.normalized(input) else { return false }
        var hashes = (user.recoveryCodes ?? "").split(separator: "\n").map(String.init)
        guard let index = hashes.firstIndex(of: SecureTokens.sha256Hex(normalized)) else { return false }
        hashes.remove(at: index)
        user.recoveryCodes = hashes.joined(separator: "\n")
        try await user.update(on: db)
        return true
    }

    /// Minting an API token with a password asks for the second factor the sign-in page would ask: the current
    /// code (or a recovery code) when the account has one; an account whose role requires one and has none enrolled
    /// mints nothing until it enrols from the web. A wrong code counts as a failed sign-in (throttled alike).
    public static func requireForToken(_ code: String?, for user: User, ip: String, at now: Date, on db: any Database) async throws {
        if user.totpEnabledAt != nil {
            guard let code, !code.isEmpty else {
                throw AppError(
                    .unauthorized, code: "second_factor_required",
                    L(
                        "Ce compte a la double authentification : ajoutez le code de l'application (champ totp).",
                        "This account has a second factor: add the app's code (field totp)."),
                    fields: ["totp": [FieldParsing.requiredMessage]])
            }
            guard try await check(code, for: user, at: now, on: db) else {
                try await LoginAttempt(email: user.email, ip: ip, succeeded: false, at: now).create(on: db)
                throw AppError(
                    .unauthorized, code: "invalid_second_factor", L("Code incorrect.", "Wrong code."),
                    fields: ["totp": [L("Code incorrect.", "Wrong code.")]])
            }
        } else if try await required(user, on: db) {
            throw AppError(
                .forbidden, code: "second_factor_enrolment_required",
                L(
                    "La double authentification est exigée pour ce compte : activez-la depuis « Mon compte » avant de créer un jeton.",
                    "A second factor is required for this account: enable it from « My account » before minting a token."))
        }
    }

    /// The signed-in user on the enrolment page, given a secret to scan when they have none yet.
    public static func enrolment(_ context: ServiceContext) async throws -> User {
        guard let actor = context.actor, let user = try await User.find(actor.userID, on: context.db) else { throw AppError.notFound }
        if user.totpEnabledAt == nil, user.totpSecret == nil {
            var generator = SystemRandomNumberGenerator()
            user.totpSecret = Base32.encode(ComptoirCore.TOTP.makeSecret(using: &generator))
            try await user.update(on: context.db)
        }
        return user
    }

    public enum EnableResult: Sendable {
        /// Enabled: the recovery codes to show once.
        case enabled(recoveryCodes: [String])
        case wrongCode
        /// Already enabled, or no secret to confirm yet.
        case notApplicable
    }

    /// Turns the second factor on when `code` matches the secret being enrolled: recovery codes are made and stored
    /// hashed, with the audit entry, in one transaction.
    public static func enable(code input: String, _ context: ServiceContext) async throws -> EnableResult {
        guard let actor = context.actor else { throw AppError.unauthorized }
        return try await context.transaction { context in
            try await WriteLock.acquire("users", on: context.db)
            guard let user = try await User.find(actor.userID, on: context.db), let totp = totp(user), user.totpEnabledAt == nil else {
                return .notApplicable
            }
            let code = input.filter { !$0.isWhitespace }
            guard let step = totp.matchingStep(code, at: context.now, hmac: hmac) else { return .wrongCode }
            var generator = SystemRandomNumberGenerator()
            let codes = RecoveryCodes.generate(using: &generator)
            user.totpEnabledAt = context.now
            user.totpLastStep = step
            user.recoveryCodes = codes.map { SecureTokens.sha256Hex($0) }.joined(separator: "\n")
            try await user.update(on: context.db)
            try await AuditLog.record(
                .update, entity: "users", id: actor.userID.uuidString.lowercased(), summary: "two-factor enabled",
                changes: ["totp_enabled_at": (.null, .date(context.now))], by: context.auditActor, at: context.now, on: context.db)
            return .enabled(recoveryCodes: codes)
        }
    }
}
