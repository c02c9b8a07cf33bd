import ComptoirCore
import ComptoirDocuments
import ComptoirServices
import ComptoirStore
import Crypto
import FluentKit
import Foundation
import Vapor

/// Second factor (TOTP, RFC 6238): enrolment with a QR code drawn by the app, recovery codes shown
/// once and stored hashed, the code asked at sign-in, and enrolment forced per user or per role.
enum TwoFactor {
    static let rolesKey = "security.require_totp_roles"

    static let hmac: ComptoirCore.TOTP.HMAC = { key, message in
        Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }

    static func totp(_ user: User) -> ComptoirCore.TOTP? {
        user.totpSecret.flatMap { Base32.decode($0) }.map { ComptoirCore.TOTP(secret: $0) }
    }

    /// Whether the user must have a second factor (their own flag, or their role's).
    static func required(_ user: User, on db: any Database) async throws -> Bool {
        if user.requireTOTP { return true }
        let roles = try await Settings.string(rolesKey, on: db) ?? ""
        return roles.split(separator: ",").contains { $0 == user.role }
    }

    /// Checks a code (or an unused recovery code), refusing a code already used.
    static func check(_ input: String, for user: User, at now: Date, on db: any Database) async throws -> Bool {
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
    static func requireForToken(_ code: String?, for user: User, _ request: Request) async throws {
        if user.totpEnabledAt != nil {
            guard let code, !code.isEmpty else {
                throw AppError(.unauthorized, code: "second_factor_required",
                               L("Ce compte a la double authentification : ajoutez le code de l'application (champ totp).",
                                 "This account has a second factor: add the app's code (field totp)."),
                               fields: ["totp": [FieldParsing.requiredMessage]])
            }
            guard try await check(code, for: user, at: request.now, on: request.db) else {
                try await LoginAttempt(email: user.email, ip: request.clientIP, succeeded: false, at: request.now).create(on: request.db)
                throw AppError(.unauthorized, code: "invalid_second_factor", L("Code incorrect.", "Wrong code."),
                               fields: ["totp": [L("Code incorrect.", "Wrong code.")]])
            }
        } else if try await required(user, on: request.db) {
            throw AppError(.forbidden, code: "second_factor_enrolment_required",
                           L("La double authentification est exigée pour ce compte : activez-la depuis « Mon compte » avant de créer un jeton.",
                             "A second factor is required for this account: enable it from « My account » before minting a token."))
        }
    }

    static func register(_ routes: any RoutesBuilder) {
        routes.get("account", "two-factor") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            return try await enrolmentPage(request, error: nil)
        }
        routes.post("account", "two-factor") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let actor = try request.requireActor()
            guard let user = try await User.find(actor.userID, on: request.db), let totp = totp(user), user.totpEnabledAt == nil else {
                return request.redirect(to: "/account/two-factor")
            }
            let code = (try FormInput.strings(request)["code"] ?? "").filter { !$0.isWhitespace }
            guard let step = totp.matchingStep(code, at: request.now, hmac: hmac) else {
                return try await enrolmentPage(request, error: L("Code incorrect : vérifiez l'heure du téléphone et réessayez.", "Wrong code: check the phone's clock and try again."))
            }
            var generator = SystemRandomNumberGenerator()
            let codes = RecoveryCodes.generate(using: &generator)
            user.totpEnabledAt = request.now
            user.totpLastStep = step
            user.recoveryCodes = codes.map { SecureTokens.sha256Hex($0) }.joined(separator: "\n")
            try await request.db.transaction { db in
                try await user.update(on: db)
                try await AuditLog.record(.update, entity: "users", id: actor.userID.uuidString.lowercased(), summary: "two-factor enabled",
                                          changes: ["totp_enabled_at": (.null, .date(request.now))], by: request.auditActor, at: request.now, on: db)
            }
            let locale = request.locale
            return Layout.page(request, title: L("Double authentification activée", "Second factor enabled")(locale), [
                H.el("h1", text: L("Double authentification activée", "Second factor enabled")(locale)),
                H.el("p", text: L("Gardez ces codes de secours en lieu sûr : chacun remplace une fois un code de l'application. Ils ne seront plus affichés.",
                                  "Keep these recovery codes safe: each replaces an app code once. They will not be shown again.")(locale)),
                H.el("ul", [("class", "recovery-codes")], codes.map { H.el("li", [], [H.el("code", text: $0)]) }),
                H.link("/", L("Continuer", "Continue")(locale), [("class", "button primary")]),
            ])
        }
        routes.get("login", "two-factor") { request async throws -> Response in
            secondStepPage(request, error: nil)
        }
        routes.post("login", "two-factor") { request async throws -> Response in
            guard let cookie = request.cookies[AuthenticationMiddleware.sessionCookie]?.string,
                let session = try await UserSession.query(on: request.db).filter(\.$id == SecureTokens.sha256Hex(cookie)).with(\.$user).first(),
                session.pendingSecondFactor
            else { return request.redirect(to: "/login") }
            let service = AccountService(request)
            if let seconds = try await service.throttleDelay(email: session.user.email, ip: request.clientIP) {
                let response = secondStepPage(request, error: AppError.tooManyLogins(retryAfter: seconds).message, status: .tooManyRequests)
                response.headers.replaceOrAdd(name: .retryAfter, value: String(seconds))
                return response
            }
            let code = try FormInput.strings(request)["code"] ?? ""
            guard try await check(code, for: session.user, at: request.now, on: request.db) else {
                try await LoginAttempt(email: session.user.email, ip: request.clientIP, succeeded: false, at: request.now).create(on: request.db)
                return secondStepPage(request, error: L("Code incorrect.", "Wrong code."), status: .unauthorized)
            }
            session.pendingSecondFactor = false
            try await session.update(on: request.db)
            return request.redirect(to: session.user.roleValue == .guest ? "/portal" : "/", redirectType: .normal)
        }
    }

    private static func secondStepPage(_ request: Request, error: Localized?, status: HTTPResponseStatus = .ok) -> Response {
        let locale = request.locale
        var nodes: [HTMLNode] = [H.el("h1", text: L("Code de vérification", "Verification code")(locale))]
        if let error { nodes.append(H.el("div", [("class", "flash flash-error"), ("role", "alert")], text: error(locale))) }
        nodes.append(H.postForm("/login/two-factor", csrf: request.csrfToken, attributes: [("class", "login-form")], [
            H.el("div", [("class", "field")], [
                H.el("label", [("for", "code")], text: L("Code à 6 chiffres de l'application, ou code de secours", "6-digit app code, or a recovery code")(locale)),
                H.void("input", [("id", "code"), ("name", "code"), ("type", "text"), ("inputmode", "numeric"), ("autocomplete", "one-time-code"),
                                 ("required", "required"), ("autofocus", "autofocus")]),
            ]),
            H.el("button", [("type", "submit"), ("class", "button primary")], text: L("Valider", "Verify")(locale)),
        ]))
        return Layout.page(request, title: L("Code de vérification", "Verification code")(locale), status: status, [H.el("div", [("class", "narrow card")], nodes)])
    }

    private static func enrolmentPage(_ request: Request, error: Localized?) async throws -> Response {
        let actor = try request.requireActor()
        let locale = request.locale
        guard let user = try await User.find(actor.userID, on: request.db) else { throw AppError.notFound }
        if user.totpEnabledAt != nil {
            return Layout.page(request, title: L("Double authentification", "Second factor")(locale), [
                H.el("h1", text: L("Double authentification", "Second factor")(locale)),
                H.el("p", text: L("Activée le ", "Enabled on ")(locale) + DateDisplay.date(user.totpEnabledAt!, locale: locale) + "."),
            ])
        }
        if user.totpSecret == nil {
            var generator = SystemRandomNumberGenerator()
            user.totpSecret = Base32.encode(ComptoirCore.TOTP.makeSecret(using: &generator))
            try await user.update(on: request.db)
        }
        let secret = user.totpSecret ?? ""
        let uri = ComptoirCore.TOTP(secret: Base32.decode(secret) ?? []).provisioningURI(issuer: "Comptoir", account: user.email)
        let qr = (try? QRCode.encode(uri))?.svg(label: L("QR code à scanner", "QR code to scan")(locale)) ?? ""
        var nodes: [HTMLNode] = [
            H.el("h1", text: L("Activer la double authentification", "Enable the second factor")(locale)),
            H.el("p", text: L("Scannez ce code avec une application d'authentification (FreeOTP, Aegis, Google Authenticator…), puis saisissez le code affiché.",
                              "Scan this code with an authenticator app (FreeOTP, Aegis, Google Authenticator…), then type the code it shows.")(locale)),
            H.el("div", [("class", "qr")], [.raw(qr)]),
            H.el("p", [], [H.text(L("Ou saisissez la clé : ", "Or type the key: ")(locale)), H.el("code", text: secret)]),
        ]
        if let error { nodes.append(H.el("div", [("class", "flash flash-error"), ("role", "alert")], text: error(locale))) }
        nodes.append(H.postForm("/account/two-factor", csrf: request.csrfToken, attributes: [("class", "entity-form")], [
            H.el("div", [("class", "field")], [
                H.el("label", [("for", "code")], text: L("Code affiché", "Code shown")(locale)),
                H.void("input", [("id", "code"), ("name", "code"), ("type", "text"), ("inputmode", "numeric"), ("autocomplete", "one-time-code"), ("required", "required")]),
            ]),
            H.el("button", [("type", "submit"), ("class", "button primary")], text: L("Activer", "Enable")(locale)),
        ]))
        return Layout.page(request, title: L("Double authentification", "Second factor")(locale), status: error == nil ? .ok : .unprocessableEntity, [H.el("div", [("class", "narrow")], nodes)])
    }
}

/// Users who must have a second factor and have none are kept on the enrolment page.
struct TwoFactorGate: AsyncMiddleware {
    static let allowed: Set<String> = ["/account/two-factor", "/logout", "/login", "/login/two-factor", "/account/locale", "/account/password", "/healthz", "/livez"]

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let actor = request.actor, case .session = actor.channel, !actor.mustChangePassword,
            !Self.allowed.contains(request.url.path), !request.url.path.hasPrefix("/assets/"), !request.url.path.hasPrefix("/api/"),
            let user = try await User.find(actor.userID, on: request.db), user.totpEnabledAt == nil,
            try await TwoFactor.required(user, on: request.db)
        else {
            return try await next.respond(to: request)
        }
        return request.redirect(to: "/account/two-factor", redirectType: .normal)
    }
}
