import ComptoirServices
import ComptoirStore
import Vapor

/// « Sécurité »: the session idle timeout.
enum SecurityPage {
    static let idleField = FieldDefinition(
        "idleTimeoutMinutes", L("Déconnexion après inactivité (minutes)", "Sign out after inactivity (minutes)"),
        .integer(min: 5, max: 24 * 60), required: true,
        help: L(
            "Une session sans activité pendant cette durée est fermée. Toute session se ferme après 7 jours.",
            "A session idle for this long is closed. Every session closes after 7 days."))

    static let attachmentField = FieldDefinition(
        "attachmentMaxMB", L("Taille maximale d'une pièce jointe (Mo)", "Largest attachment (MB)"), .integer(min: 1, max: 250),
        required: true)

    static let totpRolesField = FieldDefinition(
        "requireTotpRoles", L("Double authentification obligatoire pour les rôles", "Second factor required for roles"),
        .multiChoice([
            FieldChoice("admin", L("Administrateurs", "Administrators")), FieldChoice("user", L("Utilisateurs", "Users")),
            FieldChoice("guest", L("Invités extranet", "Extranet guests")),
        ]))

    static func register(_ routes: any RoutesBuilder) {
        routes.get("admin", "security") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            try request.authorize(.read, .settings)
            let current = try await SecuritySettings.read(numbers(idle: 0, attachment: 0), request.context)
            let minutes = current.numbers[0].value, megabytes = current.numbers[1].value
            let roles = current.requireTotpRoles.joined(separator: "\n")
            return view(
                request, raw: [idleField.key: String(minutes), attachmentField.key: String(megabytes), totpRolesField.key: roles],
                errors: [:])
        }
        routes.post("admin", "security") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            try request.authorize(.write, .settings)
            let lists = try FormInput.lists(request)
            let form = lists.mapValues { $0.joined(separator: "\n") }
            var errors: [String: [Localized]] = [:]
            let roles = lists[totpRolesField.key] ?? []
            var parsed: [String: Int64] = [:]
            for field in [idleField, attachmentField] {
                switch FieldParsing.parse(field, form[field.key]) {
                case .failure(let message): errors[field.key] = [message]
                case .success(let value): parsed[field.key] = value.intValue
                }
            }
            if !errors.isEmpty { return view(request, raw: form, errors: errors, status: .unprocessableEntity) }
            let idle = Int(parsed[idleField.key] ?? Int64(SecuritySettings.defaultIdleMinutes))
            let attachment = Int(parsed[attachmentField.key] ?? Int64(AttachmentPages.defaultMaxMB))
            try await SecuritySettings.save(numbers(idle: idle, attachment: attachment), requireTotpRoles: roles, request.context)
            return request.redirect(to: "/admin/security", flash: Flash(.success, L("Réglages enregistrés.", "Settings saved.")))
        }
    }

    /// The page's whole-number settings: the idle timeout and the attachments' size limit.
    private static func numbers(idle: Int, attachment: Int) -> [SecuritySettings.Number] {
        [
            SecuritySettings.Number(key: SecuritySettings.idleTimeoutKey, value: idle, fallback: SecuritySettings.defaultIdleMinutes),
            SecuritySettings.Number(key: AttachmentPages.maxSizeKey, value: attachment, fallback: AttachmentPages.defaultMaxMB),
        ]
    }

    private static func view(_ request: Request, raw: [String: String], errors: [String: [Localized]], status: HTTPResponseStatus = .ok)
        -> Response
    {
        let locale = request.locale
        return Layout.page(
            request, title: L("Sécurité", "Security")(locale), status: status,
            [
                H.el("h1", text: L("Sécurité", "Security")(locale)),
                H.postForm(
                    "/admin/security", csrf: request.csrfToken, attributes: [("class", "entity-form")],
                    [
                        EntityPagesView.control(idleField, raw: raw[idleField.key], errors: errors[idleField.key] ?? [], locale: locale),
                        EntityPagesView.control(
                            attachmentField, raw: raw[attachmentField.key], errors: errors[attachmentField.key] ?? [], locale: locale),
                        EntityPagesView.control(totpRolesField, raw: raw[totpRolesField.key], errors: [], locale: locale),
                        H.el(
                            "div", [("class", "form-actions")],
                            [H.el("button", [("type", "submit"), ("class", "button primary")], text: L("Enregistrer", "Save")(locale))]),
                    ]),
            ])
    }
}
