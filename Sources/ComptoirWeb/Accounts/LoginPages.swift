import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// Sign-in and sign-out.
enum LoginPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get("login") { request async throws -> Response in
            if request.actor != nil { return request.redirect(to: "/") }
            var message: Localized?
            if request.query[String.self, at: "expired"] == "1" {
                message = L("Votre session a expiré. Reconnectez-vous.", "Your session expired. Please sign in again.")
            }
            return view(request, email: "", error: nil, info: message)
        }
        routes.post("login") { request async throws -> Response in
            struct Form: Content { var email: String?; var password: String?; var next: String? }
            let form = (try? request.content.decode(Form.self)) ?? Form()
            let email = form.email ?? ""
            let service = AccountService(request)
            if let seconds = try await service.throttleDelay(email: email, ip: request.clientIP) {
                let response = view(
                    request, email: email, error: AppError.tooManyLogins(retryAfter: seconds).message, status: .tooManyRequests)
                response.headers.replaceOrAdd(name: .retryAfter, value: String(seconds))
                return response
            }
            guard let user = try await service.authenticate(email: email, password: form.password ?? "", ip: request.clientIP) else {
                return view(
                    request, email: email, error: L("E-mail ou mot de passe incorrect.", "Wrong e-mail or password."), status: .unauthorized
                )
            }
            guard AddressRanges.allows(request.clientIP, ranges: user.allowedIPs) else {
                return view(
                    request, email: email, error: L("Connexion refusée depuis cette adresse.", "Sign-in refused from this address."),
                    status: .forbidden)
            }
            let cookies = SessionCookies.cookies(
                try await service.signIn(user, ip: request.clientIP, userAgent: request.headers.first(name: .userAgent) ?? ""), request)
            let target =
                user.totpEnabledAt != nil
                ? "/login/two-factor"
                : (user.mustChangePassword ? "/account/password" : (user.roleValue == .guest ? "/portal" : safeNext(form.next)))
            let response = request.redirect(to: target, redirectType: .normal)
            for (name, value) in cookies.all { response.cookies[name] = value }
            return response
        }
        routes.post("logout") { request async throws -> Response in
            if let actor = request.actor, case .session(let id, _) = actor.channel {
                try await AccountService(request).signOut(session: id, actor, by: request.auditActor)
            }
            let response = request.redirect(to: "/login", flash: Flash(.info, L("Vous êtes déconnecté.", "You are signed out.")))
            response.cookies[AuthenticationMiddleware.sessionCookie] = SessionCookies.expired(request)
            return response
        }
    }

    /// Only local paths are followed after sign-in (no open redirect).
    /// Browsers drop tabs and newlines from URLs and read `\\` as `/`, so `/%09/evil.example` would become
    /// `//evil.example`: any control, space, backslash or non-ASCII character sends the user home instead.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), next.utf8.count <= 2048,
            next.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && $0 != "\\" }),
            !next.hasPrefix("//")
        else { return "/" }
        return next
    }

    static func view(
        _ request: Request, email: String, error: Localized?, info: Localized? = nil, status: HTTPResponseStatus = .ok
    ) -> Response {
        let locale = request.locale
        var nodes: [HTMLNode] = [H.el("h1", text: L("Connexion", "Sign in")(locale))]
        if let info { nodes.append(H.el("div", [("class", "flash flash-info"), ("role", "status")], text: info(locale))) }
        if let error { nodes.append(H.el("div", [("class", "flash flash-error"), ("role", "alert")], text: error(locale))) }
        nodes.append(
            H.postForm(
                "/login", csrf: request.csrfToken, attributes: [("class", "login-form")],
                [
                    H.hidden("next", request.query[String.self, at: "next"] ?? "/"),
                    H.el(
                        "div", [("class", "field")],
                        [
                            H.el("label", [("for", "email")], text: L("Adresse e-mail", "E-mail address")(locale)),
                            H.void(
                                "input",
                                [
                                    ("id", "email"), ("name", "email"), ("type", "email"), ("autocomplete", "username"),
                                    ("value", email), ("required", "required"), ("autofocus", "autofocus"),
                                ]),
                        ]),
                    H.el(
                        "div", [("class", "field")],
                        [
                            H.el("label", [("for", "password")], text: L("Mot de passe", "Password")(locale)),
                            H.void(
                                "input",
                                [
                                    ("id", "password"), ("name", "password"), ("type", "password"),
                                    ("autocomplete", "current-password"), ("required", "required"),
                                ]),
                        ]),
                    H.el("button", [("type", "submit"), ("class", "button primary")], text: L("Se connecter", "Sign in")(locale)),
                ]))
        return Layout.page(
            request, title: L("Connexion", "Sign in")(locale), status: status, [H.el("div", [("class", "narrow card")], nodes)])
    }
}

extension AccountService {
    init(_ request: Request) {
        let cache = request.application.tokenCache
        self.init(db: request.db, clock: request.config.clock, bcryptCost: request.config.bcryptCost, onAccountChange: { cache.clear() })
    }
}
