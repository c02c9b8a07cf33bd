import ComptoirServices
import ComptoirStore
import Vapor

/// « Sécurité »: the session idle timeout.
enum SecurityPage {
    static let idleField = FieldDefinition(
        "idleTimeoutMinutes", L("Déconnexion après inactivité (minutes)", "Sign out after inactivity (minutes)"),
        .integer(min: 5, max: 24 * 60), required: true,
        help: L("Une session sans activité pendant cette durée est fermée. Toute session se ferme après 7 jours.",
                "A session idle for this long is closed. Every session closes after 7 days."))

    static let attachmentField = FieldDefinition(
        "attachmentMaxMB", L("Taille maximale d'une pièce jointe (Mo)", "Largest attachment (MB)"), .integer(min: 1, max: 250), required: true)

    static let totpRolesField = FieldDefinition(
        "requireTotpRoles", L("Double authentification obligatoire pour les rôles", "Second factor required for roles"),
        .multiChoice([FieldChoice("admin", L("Administrateurs", "Administrators")), FieldChoice("user", L("Utilisateurs", "Users")),
                      FieldChoice("guest", L("Invités extranet", "Extranet guests"))]))

    static func register(_ routes: any RoutesBuilder) {
        routes.get("admin", "security") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            try request.authorize(.read, .settings)
            let minutes = try await SecuritySettings.idleMinutes(on: request.db)
            let megabytes = try await Settings.int(AttachmentPages.maxSizeKey, default: AttachmentPages.defaultMaxMB, on: request.db)
            let roles = (try await Settings.string(TwoFactor.rolesKey, on: request.db) ?? "").replacingOccurrences(of: ",", with: "\n")
            return view(request, raw: [idleField.key: String(minutes), attachmentField.key: String(megabytes), totpRolesField.key: roles], errors: [:])
        }
        routes.post("admin", "security") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            try request.authorize(.write, .settings)
            let lists = try FormInput.lists(request)
            let form = lists.mapValues { $0.joined(separator: "\n") }
            var errors: [String: [Localized]] = [:]
            let roles = (lists[totpRolesField.key] ?? []).filter { ["admin", "user", "guest"].contains($0) }
            var parsed: [String: Int64] = [:]
            for field in [idleField, attachmentField] {
                switch FieldParsing.parse(field, form[field.key]) {
                case .failure(let message): errors[field.key] = [message]
                case .success(let value): parsed[field.key] = value.intValue
                }
            }
            if !errors.isEmpty { return view(request, raw: form, errors: errors, status: .unprocessableEntity) }
            let settings = [(SecuritySettings.idleTimeoutKey, idleField.key, SecuritySettings.defaultIdleMinutes),
                            (AttachmentPages.maxSizeKey, attachmentField.key, AttachmentPages.defaultMaxMB)]
            let values = parsed
            try await request.db.transaction { db in
                let before = try await Settings.string(TwoFactor.rolesKey, on: db) ?? ""
                let after = roles.sorted().joined(separator: ",")
                if before != after {
                    try await Settings.set(TwoFactor.rolesKey, after, on: db)
                    try await AuditLog.record(.update, entity: "settings", id: TwoFactor.rolesKey, summary: TwoFactor.rolesKey,
                                              changes: [TwoFactor.rolesKey: (.text(before), .text(after))], by: request.auditActor, at: request.now, on: db)
                }
                for (key, field, fallback) in settings {
                    let before = try await Settings.int(key, default: fallback, on: db)
                    let after = Int(values[field] ?? Int64(fallback))
                    guard before != after else { continue }
                    try await Settings.set(key, String(after), on: db)
                    try await AuditLog.record(.update, entity: "settings", id: key, summary: key,
                                              changes: [key: (.int(Int64(before)), .int(Int64(after)))], by: request.auditActor, at: request.now, on: db)
                }
            }
            return request.redirect(to: "/admin/security", flash: Flash(.success, L("Réglages enregistrés.", "Settings saved.")))
        }
    }

    private static func view(_ request: Request, raw: [String: String], errors: [String: [Localized]], status: HTTPResponseStatus = .ok) -> Response {
        let locale = request.locale
        return Layout.page(request, title: L("Sécurité", "Security")(locale), status: status, [
            H.el("h1", text: L("Sécurité", "Security")(locale)),
            H.postForm("/admin/security", csrf: request.csrfToken, attributes: [("class", "entity-form")], [
                EntityPagesView.control(idleField, raw: raw[idleField.key], errors: errors[idleField.key] ?? [], locale: locale),
                EntityPagesView.control(attachmentField, raw: raw[attachmentField.key], errors: errors[attachmentField.key] ?? [], locale: locale),
                EntityPagesView.control(totpRolesField, raw: raw[totpRolesField.key], errors: [], locale: locale),
                H.el("div", [("class", "form-actions")], [H.el("button", [("type", "submit"), ("class", "button primary")], text: L("Enregistrer", "Save")(locale))]),
            ]),
        ])
    }
}
