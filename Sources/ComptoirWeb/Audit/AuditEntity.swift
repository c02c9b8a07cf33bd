import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// The audit log as a read-only generic list (« Journal d'audit »), filterable by date, user, action and entity.
public enum AuditEntity {
    static let actions = AuditEntry.Action.allCases.map { FieldChoice($0.rawValue, actionLabel($0.rawValue)) }

    static func actionLabel(_ raw: String) -> Localized {
        switch AuditEntry.Action(rawValue: raw) {
        case .create: return L("Création", "Created")
        case .update: return L("Modification", "Updated")
        case .delete: return L("Suppression", "Deleted")
        case .login: return L("Connexion", "Signed in")
        case .logout: return L("Déconnexion", "Signed out")
        case .loginFailed: return L("Échec de connexion", "Failed sign-in")
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
            FieldDefinition("entity", L("Type de fiche", "Record type"), .text, uses: [.list, .detail, .filter]),
            FieldDefinition("summary", L("Fiche", "Record"), .text(maxLength: 500), uses: [.list, .detail, .search]),
            FieldDefinition("entityId", L("Identifiant", "Identifier"), .text, uses: [.detail, .filter]),
            FieldDefinition("ip", L("Adresse IP", "IP address"), .text, uses: [.detail]),
            FieldDefinition("changes", L("Changements (JSON)", "Changes (JSON)"), .longText, uses: []),
        ],
        operations: [.list, .read], htmlPath: "/admin/audit", defaultSort: "at", defaultDescending: true, titleColumn: "summary",
        timestamps: false, extraColumns: [ColumnSpec("actor_id", .uuid)],
        rules: EntityRules()).with(EntityHooks(detailPanels: changesPanel, apiExtras: { row in
            var changes: [String: JSONValue] = [:]
            for change in AuditLog.decodeChanges(row["changes"].textValue ?? "{}") {
                changes[change.field] = [.string(change.before), .string(change.after)]
            }
            return ["changes": .object(changes), "actorId": row["actor_id"].uuidValue.map { .string($0.uuidString.lowercased()) } ?? .null]
        }))

    @Sendable static func changesPanel(_ row: TableRow, _ request: Request) async throws -> [HTMLNode] {
        let locale = request.locale
        let changes = AuditLog.decodeChanges(row["changes"].textValue ?? "{}")
        guard !changes.isEmpty else { return [] }
        let rows = changes.map { change in
            H.el("tr", [], [H.el("th", [("scope", "row")], text: change.field), H.el("td", text: change.before), H.el("td", text: change.after)])
        }
        return [
            H.el("section", [("class", "panel")], [
                H.el("h2", text: L("Champs modifiés", "Changed fields")(locale)),
                H.el("table", [("class", "list")], [
                    H.el("thead", [], [H.el("tr", [], [
                        H.el("th", text: L("Champ", "Field")(locale)), H.el("th", text: L("Avant", "Before")(locale)), H.el("th", text: L("Après", "After")(locale)),
                    ])]),
                    H.el("tbody", [], rows),
                ]),
            ])
        ]
    }
}
