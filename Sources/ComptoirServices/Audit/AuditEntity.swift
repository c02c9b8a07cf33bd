import ComptoirStore
import Foundation

/// The audit log as a read-only generic list (« Journal d'audit »), filterable by date, user, action and entity.
public enum AuditEntity {
    public static let actions = AuditEntry.Action.allCases.map { FieldChoice($0.rawValue, actionLabel($0.rawValue)) }

    public static func actionLabel(_ raw: String) -> Localized {
        switch AuditEntry.Action(rawValue: raw) {
        case .create: return L("Création", "Created")
        case .update: return L("Modification", "Updated")
        case .delete: return L("Suppression", "Deleted")
        case .login: return L("Connexion", "Signed in")
        case .logout: return L("Déconnexion", "Signed out")
        case .loginFailed: return L("Échec de connexion", "Failed sign-in")
        case .validate: return L("Validation", "Validated")
        case .reverse: return L("Annulation", "Reversed")
        case .erase: return L("Effacement des données personnelles", "Personal data erased")
        case .export: return L("Export des données personnelles", "Personal data exported")
        case nil: return .same(raw)
        }
    }

    public static let definition = EntityDefinition(
        name: "audit-entries", table: "audit_entries", singular: L("Entrée du journal", "Audit entry"),
        plural: L("Journal d'audit", "Audit log"), module: .audit,
        fields: [
            FieldDefinition("at", L("Date", "Date"), .dateTime, uses: [.list, .detail, .sort, .filter]),
            FieldDefinition("actorLabel", L("Par", "By"), .text, uses: [.list, .detail, .filter, .search]),
            FieldDefinition("action", L("Action", "Action"), .choice(actions), uses: [.list, .detail, .filter]),
            // Free text, not a choice: the API describes a choice as an enum, and the log names tables no list foresees.
            FieldDefinition("entity", L("Type de fiche", "Record type"), .text, uses: [.list, .detail, .filter]),
            FieldDefinition("summary", L("Fiche", "Record"), .text(maxLength: 500), uses: [.list, .detail, .search]),
            FieldDefinition("entityId", L("Identifiant", "Identifier"), .text, uses: [.detail, .filter]),
            FieldDefinition("ip", L("Adresse IP", "IP address"), .text, uses: [.detail]),
            FieldDefinition("changes", L("Changements (JSON)", "Changes (JSON)"), .longText, uses: []),
        ],
        operations: [.list, .read], htmlPath: "/admin/audit", defaultSort: "at", defaultDescending: true, titleColumn: "summary",
        timestamps: false, extraColumns: [ColumnSpec("actor_id", .uuid)],
        rules: EntityRules())

}
