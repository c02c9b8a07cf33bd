import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// The signed-in user's own pages: profile, password, language, API tokens; and the admin reset.
enum AccountPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get("account") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            return try await profileView(request, submitted: nil, errors: [:])
        }
        routes.post("account") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let actor = try request.requireActor()
            guard !actor.readOnly else { throw AppError.readOnly }
            let form = try FormInput.strings(request)
            let name = (form["name"] ?? "").trimmingCharacters(in: .whitespaces)
            var errors: [String: [Localized]] = [:]
            if name.isEmpty { errors["name"] = [FieldParsing.requiredMessage] }
            if name.count > 120 { errors["name"] = [L("120 caractères au plus.", "At most 120 characters.")] }
            let locale = form["locale"] ?? "fr"
            if DisplayLocale(rawValue: locale) == nil { errors["locale"] = [L("Choix non proposé.", "Not one of the choices.")] }
            if !errors.isEmpty { return try await profileView(request, submitted: form, errors: errors, status: .unprocessableEntity) }
            try await AccountService(request).updateOwnProfile(["name": .text(name), "locale": .text(locale)], request.context)
            return request.redirect(to: "/account", flash: Flash(.success, L("Profil enregistré.", "Profile saved.")))
        }
        routes.post("account", "locale") { request async throws -> Response in
            let form = try FormInput.strings(request)
            guard let locale = DisplayLocale(rawValue: form["locale"] ?? "") else {
                throw AppError.validation(["locale": [L("Langue inconnue.", "Unknown language.")]])
            }
            let response = request.redirect(
                to: request.headers.first(name: .referer).flatMap { URL(string: $0)?.path }.map { LoginPages.safeNext($0) } ?? "/")
            if request.actor != nil {
                try await AccountService(request).updateOwnProfile(["locale": .text(locale.rawValue)], allowReadOnly: true, request.context)
            }
            response.cookies["comptoir_lang"] = SessionCookies.cookie(locale.rawValue, request, maxAge: 365 * 24 * 3600)
            return response
        }
        routes.get("account", "password") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            return passwordView(request, errors: [:])
        }
        routes.post("account", "password") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            _ = try request.requireActor()
            let form = try FormInput.strings(request)
            let user: User
            do {
                user = try await AccountService(request).changeOwnPassword(
                    current: form["currentPassword"] ?? "", new: form["newPassword"] ?? "", confirmation: form["confirmPassword"] ?? "",
                    request.context)
            } catch let error as AppError where error.code == "validation_failed" {
                return passwordView(request, errors: error.fields, status: .unprocessableEntity)
            }
            // Changing the password closed every session, this one included: open a fresh one.
            let cookies = try await SessionCookies.open(for: user, request)
            let response = request.redirect(
                to: "/",
                flash: Flash(
                    .success,
                    L(
                        "Mot de passe changé. Vos autres sessions sont fermées et vos jetons d'API révoqués.",
                        "Password changed. Your other sessions are closed and your API tokens revoked.")))
            for (name, value) in cookies.all { response.cookies[name] = value }
            return response
        }
        routes.post("admin", "users", ":id", "password-reset") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            try request.authorize(.write, .accounts)
            let (user, password) = try await AccountService(request).resetPassword(of: try EntityRoutes.id(request), request.context)
            let locale = request.locale
            return Layout.page(
                request, title: L("Mot de passe réinitialisé", "Password reset")(locale),
                [
                    H.el("h1", text: L("Mot de passe réinitialisé", "Password reset")(locale)),
                    H.el(
                        "p",
                        text: L(
                            "Transmettez ce mot de passe à usage unique à \(user.email). Il ne sera plus affiché.",
                            "Give this one-time password to \(user.email). It will not be shown again.")(locale)),
                    H.el("p", [("class", "secret")], [H.el("code", text: password)]),
                    H.link(
                        "/admin/users/\(try user.requireID().uuidString.lowercased())", L("Retour à la fiche", "Back to the user")(locale)),
                ])
        }
        TokenPages.register(routes)
    }

    private static func profileView(
        _ request: Request, submitted: [String: String]?, errors: [String: [Localized]], status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let actor = try request.requireActor()
        let locale = request.locale
        let nameField = FieldDefinition(
            "name", L("Nom affiché", "Display name"), .text(maxLength: 120), required: true, autocomplete: "name")
        let localeField = FieldDefinition("locale", L("Langue", "Language"), .choice(UsersEntity.locales), required: true)
        return Layout.page(
            request, title: L("Mon compte", "My account")(locale), status: status,
            [
                H.el("h1", text: L("Mon compte", "My account")(locale)),
                H.el(
                    "dl", [("class", "details")],
                    [
                        H.el("dt", text: L("E-mail", "E-mail")(locale)), H.el("dd", text: actor.email),
                        H.el("dt", text: L("Rôle", "Role")(locale)),
                        H.el(
                            "dd",
                            text: (actor.isAdmin ? L("Administrateur", "Administrator") : L("Utilisateur", "User"))(locale)
                                + (actor.readOnly ? L(" — lecture seule", " — read-only")(locale) : "")),
                    ]),
                H.postForm(
                    "/account", csrf: request.csrfToken, attributes: [("class", "entity-form")],
                    [
                        EntityPagesView.control(
                            nameField, raw: submitted?["name"] ?? actor.name, errors: errors["name"] ?? [], locale: locale),
                        EntityPagesView.control(
                            localeField, raw: submitted?["locale"] ?? actor.locale.rawValue, errors: errors["locale"] ?? [], locale: locale),
                        H.el(
                            "div", [("class", "form-actions")],
                            [
                                H.el("button", [("type", "submit"), ("class", "button primary")], text: L("Enregistrer", "Save")(locale))
                            ]),
                    ]),
            ])
    }

    static func passwordView(_ request: Request, errors: [String: [Localized]], status: HTTPResponseStatus = .ok) -> Response {
        let locale = request.locale
        let forced = request.actor?.mustChangePassword ?? false
        let fields = [
            FieldDefinition(
                "currentPassword", L("Mot de passe actuel", "Current password"), .password, required: true, autocomplete: "current-password"
            ),
            FieldDefinition(
                "newPassword", L("Nouveau mot de passe", "New password"), .password, required: true, autocomplete: "new-password",
                help: L(
                    "\(AccountService.minimumPasswordLength) caractères au moins.",
                    "At least \(AccountService.minimumPasswordLength) characters.")),
            FieldDefinition(
                "confirmPassword", L("Confirmez le nouveau mot de passe", "Confirm the new password"), .password, required: true,
                autocomplete: "new-password"),
        ]
        var content: [HTMLNode] = [H.el("h1", text: L("Changer mon mot de passe", "Change my password")(locale))]
        if forced {
            content.append(
                H.el(
                    "div", [("class", "flash flash-info"), ("role", "status")],
                    text: L("Pour continuer, choisissez votre propre mot de passe.", "To continue, choose your own password.")(locale)))
        }
        content.append(
            H.postForm(
                "/account/password", csrf: request.csrfToken, attributes: [("class", "entity-form")],
                fields.map { EntityPagesView.control($0, raw: nil, errors: errors[$0.key] ?? [], locale: locale) } + [
                    H.el(
                        "div", [("class", "form-actions")],
                        [
                            H.el(
                                "button", [("type", "submit"), ("class", "button primary")],
                                text: L("Changer le mot de passe", "Change password")(locale))
                        ])
                ]))
        return Layout.page(
            request, title: L("Changer mon mot de passe", "Change my password")(locale), status: status,
            [H.el("div", [("class", "narrow")], content)])
    }
}
