import ComptoirCore
import ComptoirDocuments
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// Second factor (TOTP, RFC 6238): enrolment with a QR code drawn by the app, recovery codes shown
/// once and stored hashed, the code asked at sign-in, and enrolment forced per user or per role.
enum TwoFactor {
    static let rolesKey = TwoFactorService.rolesKey
    static let hmac = TwoFactorService.hmac

    static func requireForToken(_ code: String?, for user: User, _ request: Request) async throws {
        try await TwoFactorService.requireForToken(code, for: user, ip: request.clientIP, at: request.now, on: request.db)
    }

    static func register(_ routes: any RoutesBuilder) {
        routes.get("account", "two-factor") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            return try await enrolmentPage(request, error: nil)
        }
        routes.post("account", "two-factor") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            _ = try request.requireActor()
            let codes: [String]
            switch try await TwoFactorService.enable(code: try FormInput.strings(request)["code"] ?? "", request.context) {
            case .notApplicable:
                return request.redirect(to: "/account/two-factor")
            case .wrongCode:
                return try await enrolmentPage(
                    request,
                    error: L(
                        "Code incorrect : vérifiez l'heure du téléphone et réessayez.", "Wrong code: check the phone's clock and try again."
                    ))
            case .enabled(let recoveryCodes):
                codes = recoveryCodes
            }
            let locale = request.locale
            return Layout.page(
                request, title: L("Double authentification activée", "Second factor enabled")(locale),
                [
                    H.el("h1", text: L("Double authentification activée", "Second factor enabled")(locale)),
                    H.el(
                        "p",
                        text: L(
                            "Gardez ces codes de secours en lieu sûr : chacun remplace une fois un code de l'application. Ils ne seront plus affichés.",
                            "Keep these recovery codes safe: each replaces an app code once. They will not be shown again.")(locale)),
                    H.el("ul", [("class", "recovery-codes")], codes.map { H.el("li", [], [H.el("code", text: $0)]) }),
                    H.link("/", L("Continuer", "Continue")(locale), [("class", "button primary")]),
                ])
        }
        routes.get("login", "two-factor") { request async throws -> Response in
            secondStepPage(request, error: nil)
        }
        routes.post("login", "two-factor") { request async throws -> Response in
            let service = AccountService(request)
            guard let cookie = request.cookies[AuthenticationMiddleware.sessionCookie]?.string,
                let session = try await service.pendingSession(SecureTokens.sha256Hex(cookie))
            else { return request.redirect(to: "/login") }
            if let seconds = try await service.throttleDelay(email: session.user.email, ip: request.clientIP) {
                let response = secondStepPage(request, error: AppError.tooManyLogins(retryAfter: seconds).message, status: .tooManyRequests)
                response.headers.replaceOrAdd(name: .retryAfter, value: String(seconds))
                return response
            }
            let code = try FormInput.strings(request)["code"] ?? ""
            guard try await service.completeSecondFactor(session, code: code, ip: request.clientIP) else {
                return secondStepPage(request, error: L("Code incorrect.", "Wrong code."), status: .unauthorized)
            }
            return request.redirect(to: session.user.roleValue == .guest ? "/portal" : "/", redirectType: .normal)
        }
    }

    private static func secondStepPage(_ request: Request, error: Localized?, status: HTTPResponseStatus = .ok) -> Response {
        let locale = request.locale
        var nodes: [HTMLNode] = [H.el("h1", text: L("Code de vérification", "Verification code")(locale))]
        if let error { nodes.append(H.el("div", [("class", "flash flash-error"), ("role", "alert")], text: error(locale))) }
        nodes.append(
            H.postForm(
                "/login/two-factor", csrf: request.csrfToken, attributes: [("class", "login-form")],
                [
                    H.el(
                        "div", [("class", "field")],
                        [
                            H.el(
                                "label", [("for", "code")],
                                text: L("Code à 6 chiffres de l'application, ou code de secours", "6-digit app code, or a recovery code")(
                                    locale)),
                            H.void(
                                "input",
                                [
                                    ("id", "code"), ("name", "code"), ("type", "text"), ("inputmode", "numeric"),
                                    ("autocomplete", "one-time-code"),
                                    ("required", "required"), ("autofocus", "autofocus"),
                                ]),
                        ]),
                    H.el("button", [("type", "submit"), ("class", "button primary")], text: L("Valider", "Verify")(locale)),
                ]))
        return Layout.page(
            request, title: L("Code de vérification", "Verification code")(locale), status: status,
            [H.el("div", [("class", "narrow card")], nodes)])
    }

    private static func enrolmentPage(_ request: Request, error: Localized?) async throws -> Response {
        _ = try request.requireActor()
        let locale = request.locale
        let user = try await TwoFactorService.enrolment(request.context)
        if let enabled = user.totpEnabledAt {
            return Layout.page(
                request, title: L("Double authentification", "Second factor")(locale),
                [
                    H.el("h1", text: L("Double authentification", "Second factor")(locale)),
                    H.el("p", text: L("Activée le ", "Enabled on ")(locale) + DateDisplay.date(enabled, locale: locale) + "."),
                ])
        }
        let secret = user.totpSecret ?? ""
        let uri = ComptoirCore.TOTP(secret: Base32.decode(secret) ?? []).provisioningURI(issuer: "Comptoir", account: user.email)
        let qr = (try? QRCode.encode(uri))?.svg(label: L("QR code à scanner", "QR code to scan")(locale)) ?? ""
        var nodes: [HTMLNode] = [
            H.el("h1", text: L("Activer la double authentification", "Enable the second factor")(locale)),
            H.el(
                "p",
                text: L(
                    "Scannez ce code avec une application d'authentification (FreeOTP, Aegis, Google Authenticator…), puis saisissez le code affiché.",
                    "Scan this code with an authenticator app (FreeOTP, Aegis, Google Authenticator…), then type the code it shows.")(
                        locale)),
            H.el("div", [("class", "qr")], [.raw(qr)]),
            H.el("p", [], [H.text(L("Ou saisissez la clé : ", "Or type the key: ")(locale)), H.el("code", text: secret)]),
        ]
        if let error { nodes.append(H.el("div", [("class", "flash flash-error"), ("role", "alert")], text: error(locale))) }
        nodes.append(
            H.postForm(
                "/account/two-factor", csrf: request.csrfToken, attributes: [("class", "entity-form")],
                [
                    H.el(
                        "div", [("class", "field")],
                        [
                            H.el("label", [("for", "code")], text: L("Code affiché", "Code shown")(locale)),
                            H.void(
                                "input",
                                [
                                    ("id", "code"), ("name", "code"), ("type", "text"), ("inputmode", "numeric"),
                                    ("autocomplete", "one-time-code"), ("required", "required"),
                                ]),
                        ]),
                    H.el("button", [("type", "submit"), ("class", "button primary")], text: L("Activer", "Enable")(locale)),
                ]))
        return Layout.page(
            request, title: L("Double authentification", "Second factor")(locale), status: error == nil ? .ok : .unprocessableEntity,
            [H.el("div", [("class", "narrow")], nodes)])
    }
}

/// Users who must have a second factor and have none are kept on the enrolment page.
struct TwoFactorGate: AsyncMiddleware {
    static let allowed: Set<String> = [
        "/account/two-factor", "/logout", "/login", "/login/two-factor", "/account/locale", "/account/password", "/healthz", "/livez",
    ]

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let actor = request.actor, case .session = actor.channel, !actor.mustChangePassword,
            !Self.allowed.contains(request.url.path), !request.url.path.hasPrefix("/assets/"), !request.url.path.hasPrefix("/api/"),
            let user = try await AccountService(request).user(actor.userID), user.totpEnabledAt == nil,
            try await TwoFactorService.required(user, on: request.db)
        else {
            return try await next.respond(to: request)
        }
        return request.redirect(to: "/account/two-factor", redirectType: .normal)
    }
}
