import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// « Jetons d'API »: a user's own tokens, created (shown once) and revoked from the browser.
enum TokenPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get("account", "tokens") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            return try await view(request, newToken: nil)
        }
        routes.post("account", "tokens") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let actor = try request.requireActor()
            let form = try FormInput.strings(request)
            let name = (form["name"] ?? "").trimmingCharacters(in: .whitespaces)
            guard name.count <= 80 else {
                return try await view(
                    request, newToken: nil, errors: ["name": [L("80 caractères au plus.", "At most 80 characters.")]], submittedName: name)
            }
            let service = AccountService(request)
            guard let user = try await service.user(actor.userID) else { throw AppError.notFound }
            let minted = try await service.mintToken(for: user, name: name, by: request.auditActor)
            return try await view(request, newToken: minted.token)
        }
        routes.post("account", "tokens", ":id", "revocation") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let actor = try request.requireActor()
            try await AccountService(request).revokeOwnToken(try EntityRoutes.id(request), of: actor.userID, by: request.auditActor)
            return request.redirect(to: "/account/tokens", flash: Flash(.success, L("Jeton révoqué.", "Token revoked.")))
        }
    }

    private static func view(
        _ request: Request, newToken: String?, errors: [String: [Localized]] = [:], submittedName: String? = nil
    ) async throws -> Response {
        let actor = try request.requireActor()
        let locale = request.locale
        let tokens = try await AccountService(request).tokens(of: actor.userID)
        var content: [HTMLNode] = [
            H.el("h1", text: L("Jetons d'API", "API tokens")(locale)),
            H.el(
                "p",
                text: L(
                    "Un jeton permet à un programme d'utiliser l'API en votre nom (en-tête Authorization: Bearer).",
                    "A token lets a program use the API on your behalf (Authorization: Bearer header).")(locale)),
        ]
        if let newToken {
            content.append(
                H.el(
                    "div", [("class", "flash flash-success"), ("role", "status")],
                    [
                        H.el(
                            "p",
                            text: L(
                                "Copiez ce jeton maintenant : il ne sera plus affiché.", "Copy this token now: it will not be shown again.")(
                                    locale)),
                        H.el("p", [("class", "secret")], [H.el("code", text: newToken)]),
                    ]))
        }
        let rows: [HTMLNode] = tokens.map { token in
            let status = token.revokedAt != nil ? L("Révoqué", "Revoked")(locale) : L("Actif", "Active")(locale)
            var cells: [HTMLNode] = [
                H.el("td", text: token.name), H.el("td", [], [H.el("code", text: token.prefix + "…")]),
                H.el("td", text: DateDisplay.date(token.createdAt, locale: locale)),
                H.el("td", text: token.lastUsedAt.map { DateDisplay.dateTime($0, locale: locale) } ?? L("Jamais", "Never")(locale)),
                H.el("td", text: status),
            ]
            if token.revokedAt == nil {
                cells.append(
                    H.el(
                        "td", [],
                        [
                            H.postForm(
                                "/account/tokens/\(token.id!.uuidString.lowercased())/revocation", csrf: request.csrfToken,
                                [
                                    H.el(
                                        "button",
                                        [
                                            ("type", "submit"), ("class", "button danger"),
                                            ("data-confirm", L("Révoquer ce jeton ?", "Revoke this token?")(locale)),
                                        ],
                                        text: L("Révoquer", "Revoke")(locale))
                                ])
                        ]))
            } else {
                cells.append(H.el("td", text: ""))
            }
            return H.el("tr", [], cells)
        }
        if !rows.isEmpty {
            let headers = [
                L("Nom", "Name"), L("Début", "Prefix"), L("Créé le", "Created"), L("Dernier usage", "Last used"), L("État", "Status"),
                L("", ""),
            ]
            content.append(
                H.el(
                    "div", [("class", "table-wrap")],
                    [
                        H.el(
                            "table", [("class", "list")],
                            [
                                H.el("thead", [], [H.el("tr", [], headers.map { H.el("th", [("scope", "col")], text: $0(locale)) })]),
                                H.el("tbody", [], rows),
                            ])
                    ]))
        }
        // Read-only users may hold tokens too: a token carries the same read-only rights.
        do {
            let field = FieldDefinition(
                "name", L("Nom du jeton", "Token name"), .text(maxLength: 80),
                help: L("Par exemple : « Export comptable ».", "For example: \"Accounting export\"."))
            content.append(
                H.el(
                    "section", [("class", "panel")],
                    [
                        H.el("h2", text: L("Nouveau jeton", "New token")(locale)),
                        H.postForm(
                            "/account/tokens", csrf: request.csrfToken, attributes: [("class", "entity-form")],
                            [
                                EntityPagesView.control(field, raw: submittedName, errors: errors["name"] ?? [], locale: locale),
                                H.el(
                                    "button", [("type", "submit"), ("class", "button primary")],
                                    text: L("Créer le jeton", "Create token")(locale)),
                            ]),
                    ]))
        }
        return Layout.page(
            request, title: L("Jetons d'API", "API tokens")(locale), status: errors.isEmpty ? .ok : .unprocessableEntity, content)
    }
}
