import ComptoirStore
import Vapor

/// « Sécurité »: the session idle timeout.
enum SecurityPage {
    static let idleField = FieldDefinition(
        "idleTimeoutMinutes", L("Déconnexion après inactivité (minutes)", "Sign out after inactivity (minutes)"),
        .integer(min: 5, max: 24 * 60), required: true,
        help: L("Une session sans activité pendant cette durée est fermée. Toute session se ferme après 7 jours.",
                "A session idle for this long is closed. Every session closes after 7 days."))

    static func register(_ routes: any RoutesBuilder) {
        routes.get("admin", "security") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            try request.authorize(.read, .settings)
            let minutes = try await SecuritySettings.idleMinutes(on: request.db)
            return view(request, raw: String(minutes), errors: [])
        }
        routes.post("admin", "security") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            try request.authorize(.write, .settings)
            let form = try FormInput.strings(request)
            switch FieldParsing.parse(idleField, form[idleField.key]) {
            case .failure(let message):
                return view(request, raw: form[idleField.key] ?? "", errors: [message], status: .unprocessableEntity)
            case .success(let value):
                let before = try await SecuritySettings.idleMinutes(on: request.db)
                let after = Int(value.intValue ?? Int64(SecuritySettings.defaultIdleMinutes))
                try await request.db.transaction { db in
                    try await Settings.set(SecuritySettings.idleTimeoutKey, String(after), on: db)
                    try await AuditLog.record(.update, entity: "settings", id: SecuritySettings.idleTimeoutKey, summary: "idle timeout",
                                              changes: ["idle_timeout_minutes": (.int(Int64(before)), .int(Int64(after)))],
                                              by: request.auditActor, at: request.now, on: db)
                }
                return request.redirect(to: "/admin/security", flash: Flash(.success, L("Réglages enregistrés.", "Settings saved.")))
            }
        }
    }

    private static func view(_ request: Request, raw: String, errors: [Localized], status: HTTPResponseStatus = .ok) -> Response {
        let locale = request.locale
        return Layout.page(request, title: L("Sécurité", "Security")(locale), status: status, [
            H.el("h1", text: L("Sécurité", "Security")(locale)),
            H.postForm("/admin/security", csrf: request.csrfToken, attributes: [("class", "entity-form")], [
                EntityPagesView.control(idleField, raw: raw, errors: errors, locale: locale),
                H.el("div", [("class", "form-actions")], [H.el("button", [("type", "submit"), ("class", "button primary")], text: L("Enregistrer", "Save")(locale))]),
            ]),
        ])
    }
}
