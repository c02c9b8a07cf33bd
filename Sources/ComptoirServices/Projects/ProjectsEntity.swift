import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation

/// « Projets » (dossiers): workspaces with typed members, interactions, documents and analytics.
public enum ProjectsEntity {
    public static let statuses = [
        FieldChoice("open", L("En cours", "Open")), FieldChoice("onHold", L("En attente", "On hold")),
        FieldChoice("closed", L("Clos", "Closed")),
    ]
    public static let visibilities = [
        FieldChoice("public", L("Public (tous les utilisateurs)", "Public (every user)")),
        FieldChoice("private", L("Privé (membres seulement)", "Private (members only)")),
    ]

    public static let definition: EntityDefinition = {
        var definition = EntityDefinition(
            name: "projects", table: "projects", singular: L("Projet", "Project"), plural: L("Projets", "Projects"), module: .projects,
            fields: [
                FieldDefinition(
                    "title", L("Titre", "Title"), .text(maxLength: 200), required: true, uses: [.standard, .list, .sort, .search]),
                FieldDefinition("code", L("Code", "Code"), .text(maxLength: 40), uses: [.standard, .list, .search]),
                FieldDefinition("status", L("État", "Status"), .choice(statuses), required: true, uses: [.standard, .list, .filter]),
                FieldDefinition(
                    "visibility", L("Visibilité", "Visibility"), .choice(visibilities), required: true, uses: [.standard, .list, .filter]),
                FieldDefinition("startsOn", L("Début", "Start"), .date, uses: [.standard, .list]),
                FieldDefinition("endsOn", L("Fin", "End"), .date),
                DirectoryFields.owner(),
                FieldDefinition(
                    "isTemplate", L("Modèle de projet", "Project template"), .bool, uses: [.standard, .filter],
                    help: L(
                        "Un modèle sert à créer d'autres projets (rôles, membres, plan d'interactions aux dates relatives).",
                        "A template creates other projects (roles, members, an interaction plan with relative dates).")),
                FieldDefinition("description", L("Description", "Description"), .longText, uses: [.standard, .search]),
                FieldDefinition("salesTotal", L("Ventes", "Sales"), .money, uses: [.detail, .list]),
                FieldDefinition("purchasesTotal", L("Achats", "Purchases"), .money, uses: [.detail]),
                FieldDefinition("margin", L("Marge", "Margin"), .money, uses: [.detail, .list, .sort]),
                FieldDefinition("archived", L("Archivé", "Archived"), .bool, uses: [.detail, .edit, .filter]),
            ],
            htmlPath: "/projects", defaultSort: "title", titleColumn: "title",
            rules: EntityRules(
                prepare: prepare,
                afterWrite: { row, previous, context in
                    // The creator of a private project is its first member, so they keep seeing it.
                    if previous == nil, let user = context.actor?.userID {
                        try await ProjectMembers.add(.users, user, role: L("Responsable", "Owner").fr, to: row.id, context)
                    }
                }, resolve: DirectoryFields.resolveOwners))
        definition.defaults = [
            "status": .text("open"), "visibility": .text("public"), "is_template": .bool(false), "archived": .bool(false),
            "sales_total": .int(0), "purchases_total": .int(0), "margin": .int(0),
        ]
        definition.defaultFilters = ["archived": "false", "isTemplate": "false"]
        definition.rules.rowScope = scope
        definition.extraParameters = ["result"]
        definition.rules.listFilters = resultFilter
        definition.exportable = true
        definition.customFieldsEntity = "projects"
        definition.operations.insert(.delete)
        definition.rules.deletion = ProjectDeletion.projects
        return definition
    }()

    /// Administrators see every project; others public ones and the private ones they belong to.
    @Sendable public static func scope(_ context: ServiceContext) -> [ColumnFilter] {
        guard let actor = context.actor, !actor.isAdmin else { return [] }
        return [actor.isGuest ? .memberProjectRow(user: actor.userID) : .visibleProjectRow(user: actor.userID)]
    }

    /// « À perte » (`result=loss`: margin below zero) or « En bénéfice » (`result=profit`: above zero); sorting by
    /// `margin` puts the losses first.
    @Sendable public static func resultFilter(_ parameters: EntityService.ListParameters, _ context: ServiceContext) async throws
        -> [ColumnFilter]
    {
        switch parameters.extra["result"] {
        case nil, "": return []
        case "loss": return [.before("margin", .int(0))]
        case "profit": return [.after("margin", .int(0))]
        default:
            throw AppError(
                .badRequest, code: "invalid_filter", L("Filtre invalide.", "Invalid filter."),
                fields: ["result": [L("Valeurs possibles : loss, profit.", "Possible values: loss, profit.")]])
        }
    }

    @Sendable public static func prepare(
        _ values: inout [String: FieldValue], _ raw: [String: String], _ existing: TableRow?, _ context: ServiceContext
    ) async throws -> [String: [Localized]] {
        let starts = (values.keys.contains("starts_on") ? values["starts_on"]?.textValue : existing?["starts_on"].textValue).flatMap {
            CalendarDay(parsing: $0)
        }
        let ends = (values.keys.contains("ends_on") ? values["ends_on"]?.textValue : existing?["ends_on"].textValue).flatMap {
            CalendarDay(parsing: $0)
        }
        if let starts, let ends, ends < starts {
            return ["endsOn": [L("La fin est avant le début.", "The end is before the start.")]]
        }
        if let code = values["code"]?.textValue {
            let taken = try await ProjectQueries.ids(withCode: code, on: context.db)
            if taken.contains(where: { $0 != existing?.id }) {
                return ["code": [L("Ce code est déjà utilisé.", "This code is already used.")]]
            }
        }
        return [:]
    }
}
