import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation

/// Users as the generic component shows them (« Utilisateurs »).
public enum UsersEntity {
    public static let roles = [
        FieldChoice("admin", L("Administrateur", "Administrator")), FieldChoice("user", L("Utilisateur", "User")),
        FieldChoice("guest", L("Invité extranet (utilisateur de type Projet)", "Extranet guest (project user)")),
    ]
    public static let locales = [FieldChoice("fr", L("Français", "French")), FieldChoice("en", L("Anglais", "English"))]

    public static let definition = EntityDefinition(
        name: "users", table: "users", singular: L("Utilisateur", "User"), plural: L("Utilisateurs", "Users"),
        module: .accounts,
        fields: [
            FieldDefinition("name", L("Nom", "Name"), .text(maxLength: 120), required: true, uses: [.list, .standard, .sort, .search]),
            FieldDefinition("email", L("E-mail", "E-mail"), .email, required: true, uses: [.list, .standard, .sort, .search, .filter]),
            FieldDefinition("role", L("Rôle", "Role"), .choice(roles), required: true, uses: [.list, .standard, .filter]),
            FieldDefinition(
                "readOnly", L("Lecture seule", "Read-only"), .bool, uses: [.list, .standard, .filter],
                help: L("L'utilisateur peut tout consulter mais ne peut rien modifier.", "The user can see but not change anything.")),
            FieldDefinition(
                "active", L("Actif", "Active"), .bool, uses: [.list, .standard, .filter],
                help: L("Un compte inactif ne peut plus se connecter.", "An inactive account cannot sign in.")),
            FieldDefinition("locale", L("Langue", "Language"), .choice(locales), required: true),
            FieldDefinition(
                "password", L("Mot de passe initial", "Initial password"), .password, required: true, uses: [.create],
                autocomplete: "new-password",
                help: L("L'utilisateur devra le changer à sa première connexion.", "The user must change it at first sign-in.")),
            FieldDefinition("mustChangePassword", L("Doit changer son mot de passe", "Must change password"), .bool, uses: [.detail]),
            FieldDefinition("lastLoginAt", L("Dernière connexion", "Last sign-in"), .dateTime, uses: [.list, .detail]),
            FieldDefinition(
                "defaultProjectId", L("Projet par défaut (invités)", "Default project (guests)"), .lookup("projects"),
                help: L(
                    "L'invité y est ajouté comme membre ; d'autres projets peuvent lui être ouverts depuis leur page.",
                    "The guest becomes a member; other projects can be opened to them from their page.")),
            FieldDefinition(
                "allowedTypeIds", L("Types d'interaction autorisés (invités)", "Allowed interaction types (guests)"), .multiChoice([]),
                help: L("Aucun coché : tous les types.", "None ticked: every type.")),
            FieldDefinition(
                "sessionHours", L("Durée de session (heures, invités)", "Session length (hours, guests)"), .integer(min: 1, max: 720)),
            FieldDefinition(
                "allowedIps", L("Adresses IP autorisées", "Allowed IP addresses"), .longText,
                help: L(
                    "Une adresse ou plage CIDR par ligne (ex. 192.0.2.0/24). Vide : partout.",
                    "One address or CIDR range per line (e.g. 192.0.2.0/24). Empty: anywhere.")),
            FieldDefinition("requireTotp", L("Double authentification obligatoire", "Second factor required"), .bool),
        ],
        htmlPath: "/admin/users", defaultSort: "name", titleColumn: "name",
        extraColumns: [ColumnSpec("password_hash", .text)],
        rules: EntityRules(
            prepare: prepare,
            afterWrite: { row, _, context in
                let db = context.db
                // Rights may have changed: cached token checks must be redone.
                context.onAccountsChanged()
                // A guest belongs to their default project.
                guard row["role"] == .text("guest"), let project = row["default_project_id"].uuidValue else { return }
                try await ProjectMembers.addGuest(row.id, to: project, context.on(db))
            },
            resolve: { definition, request in
                let catalog = try await ActivityCatalog.load(request.db)
                var copy = definition
                copy.fields = definition.fields.map { field in
                    guard field.key == "allowedTypeIds" else { return field }
                    var resolved = field
                    resolved.kind = .multiChoice(catalog.types.map { FieldChoice($0.id.uuidString.lowercased(), .same($0.name)) })
                    return resolved
                }
                return copy
            })
    ).with(defaults: ["active": .bool(true), "locale": .text("fr"), "role": .text("user")])

    /// E-mails are unique and lowercased; a password becomes a hash; an admin cannot lock themself out.
    @Sendable public static func prepare(
        _ values: inout [String: FieldValue], _ raw: [String: String], _ existing: TableRow?, _ context: ServiceContext
    ) async throws -> [String: [Localized]] {
        var errors: [String: [Localized]] = [:]
        if let email = values["email"]?.textValue {
            let normalized = User.normalizeEmail(email)
            values["email"] = .text(normalized)
            if let other = try await User.find(email: normalized, on: context.db), other.id != existing?.id {
                errors["email"] = [L("Un utilisateur a déjà cette adresse e-mail.", "A user already has this e-mail address.")]
            }
        }
        if case .text(let password)? = values.removeValue(forKey: "password") {
            guard let hasher = context.passwordHasher else { throw AppError.forbidden }
            values["password_hash"] = .text(try hasher.hash(password))
            values["must_change_password"] = .bool(true)
        }
        if existing == nil {
            values["must_change_password"] = values["must_change_password"] ?? .bool(true)
        }
        if let existing, existing.id == context.actor?.userID {
            // Any other role (user, guest) locks the administrator out of administration.
            if let role = values["role"], role != .text("admin"), existing["role"] == .text("admin") {
                errors["role"] = [
                    L("Vous ne pouvez pas retirer votre propre rôle d'administrateur.", "You cannot remove your own administrator role.")
                ]
            }
            if values["active"] == .bool(false) {
                errors["active"] = [L("Vous ne pouvez pas désactiver votre propre compte.", "You cannot deactivate your own account.")]
            }
            if let ranges = values["allowed_ips"], case .text(let text) = ranges, !AddressRanges.allows(context.clientIP, ranges: text) {
                errors["allowedIps"] = [
                    L(
                        "Ces adresses excluent celle d'où vous êtes connecté : vous ne pourriez plus entrer.",
                        "These addresses leave out the one you are connected from: you would be locked out.")
                ]
            }
            if values["read_only"] == .bool(true) {
                errors["readOnly"] = [
                    L("Vous ne pouvez pas passer votre propre compte en lecture seule.", "You cannot make your own account read-only.")
                ]
            }
        }
        if let existing, values["active"] == .bool(false), existing["active"] == .bool(true) {
            // A deactivated user is signed out everywhere at once.
            try await UserSession.query(on: context.db).filter(\.$user.$id == existing.id).delete()
        }
        return errors
    }

}

extension EntityDefinition {
    /// A copy with default values for new rows.
    public func with(defaults: [String: FieldValue]) -> EntityDefinition {
        var copy = self
        copy.defaults = defaults
        return copy
    }
}
