import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation

/// « Campagnes de prospection » (the seed's insurance broker example): a segment, an interaction
/// type and stage, a subject and assignees; running it creates one interaction per target, skipping
/// targets that already have an open interaction of the campaign. This is the record's form and list
/// (master data); the campaign itself is the typed aggregate `ProspectingCampaign`, run by `CampaignService`.
public enum CampaignsEntity {
    public static let assignments = [
        FieldChoice("owner", L("Le responsable de la fiche", "The record's owner")),
        FieldChoice("user", L("Un utilisateur", "One user")),
        FieldChoice("roundRobin", L("À tour de rôle", "Round robin")),
    ]

    public static let definition: EntityDefinition = {
        var definition = EntityDefinition(
            name: "prospecting-campaigns", table: "prospecting_campaigns", singular: L("Campagne de prospection", "Prospecting campaign"),
            plural: L("Campagnes de prospection", "Prospecting campaigns"), module: .activities,
            fields: [
                FieldDefinition("name", L("Nom", "Name"), .text(maxLength: 120), required: true, uses: [.standard, .list, .sort, .search]),
                FieldDefinition(
                    "segmentId", L("Segment ciblé", "Target segment"), .reference([]), required: true, uses: [.standard, .list]),
                FieldDefinition(
                    "typeId", L("Type d'interaction", "Interaction type"), .reference([]), required: true, uses: [.standard, .list]),
                FieldDefinition("stageId", L("Étape de départ", "Starting stage"), .reference([])),
                FieldDefinition("subject", L("Objet des interactions", "Interactions' subject"), .text(maxLength: 200), required: true),
                FieldDefinition("dueDate", L("Échéance", "Due date"), .date),
                FieldDefinition(
                    "assignment", L("Attribuer à", "Assign to"), .choice(assignments), required: true, uses: [.standard, .list]),
                FieldDefinition("assigneeId", L("Utilisateur (si « un utilisateur »)", "User (for \"one user\")"), .reference([])),
                FieldDefinition("roundRobin", L("Utilisateurs (à tour de rôle)", "Users (round robin)"), .multiChoice([])),
                FieldDefinition("lastRunAt", L("Dernier lancement", "Last run"), .dateTime, uses: [.detail, .list]),
            ],
            htmlPath: "/campaigns", defaultSort: "name", titleColumn: "name",
            rules: EntityRules(prepare: prepare, resolve: resolve))
        definition.defaults = ["assignment": .text("owner")]
        return definition
    }()

    @Sendable public static func resolve(_ definition: EntityDefinition, _ context: ServiceContext) async throws -> EntityDefinition {
        let catalog = try await ActivityCatalog.load(context.db)
        let segments = try await CampaignStore.segments(on: context.db).map { segment in
            FieldChoice(
                segment.id.uuidString.lowercased(),
                .same(segment.name + " (" + (segment.entity == "companies" ? "sociétés" : "contacts") + ")"))
        }
        let users = try await User.query(on: context.db).filter(\.$active == true).sort(\.$name).all()
            .compactMap { user in user.id.map { FieldChoice($0.uuidString.lowercased(), .same(user.name)) } }
        var copy = definition
        copy.fields = definition.fields.map { field in
            var resolved = field
            switch field.key {
            case "segmentId": resolved.kind = .reference(segments)
            case "typeId":
                resolved.kind = .reference(
                    catalog.types.filter(\.active).map { FieldChoice($0.id.uuidString.lowercased(), .same($0.name)) })
            case "stageId":
                resolved.kind = .reference(
                    catalog.stages.filter(\.active).map { FieldChoice($0.id.uuidString.lowercased(), .same($0.name)) })
            case "assigneeId": resolved.kind = .reference(users)
            case "roundRobin": resolved.kind = .multiChoice(users)
            default: break
            }
            return resolved
        }
        return copy
    }

    @Sendable public static func prepare(
        _ values: inout [String: FieldValue], _ raw: [String: String], _ existing: TableRow?, _ context: ServiceContext
    ) async throws -> [String: [Localized]] {
        var errors: [String: [Localized]] = [:]
        let catalog = try await ActivityCatalog.load(context.db)
        let type = catalog.type(values["type_id"]?.uuidValue ?? existing?["type_id"].uuidValue)
        let stage = values.keys.contains("stage_id") ? values["stage_id"]?.uuidValue : existing?["stage_id"].uuidValue
        if let type, type.hasPipeline {
            if let stage, !catalog.stages(of: type.id).contains(where: { $0.id == stage }) {
                errors["stageId"] = [
                    L("Cette étape n'appartient pas au type « \(type.name) ».", "This stage does not belong to \"\(type.name)\".")
                ]
            }
        } else if stage != nil {
            errors["stageId"] = [L("Ce type n'est pas suivi par étapes.", "This type has no stages.")]
        }
        let assignment = values["assignment"]?.textValue ?? existing?["assignment"].textValue
        let assignee = values.keys.contains("assignee_id") ? values["assignee_id"]?.uuidValue : existing?["assignee_id"].uuidValue
        let robin = values.keys.contains("round_robin") ? values["round_robin"]?.textValue : existing?["round_robin"].textValue
        if assignment == "user", assignee == nil { errors["assigneeId"] = [L("Choisissez l'utilisateur.", "Choose the user.")] }
        if assignment == "roundRobin", (robin ?? "").isEmpty {
            errors["roundRobin"] = [L("Choisissez au moins un utilisateur.", "Choose at least one user.")]
        }
        return errors
    }
}
