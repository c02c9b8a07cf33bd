import ComptoirStore
import FluentKit
import Foundation

/// Interaction types (« Types d'interaction »), their pipeline stages (« Étapes ») and bookable
/// resources (« Ressources »), maintained by administrators.
public enum InteractionTypesEntity {
    public static let definition: EntityDefinition = {
        var definition = EntityDefinition(
            name: "interaction-types", table: "interaction_types", singular: L("Type d'interaction", "Interaction type"),
            plural: L("Types d'interaction", "Interaction types"), module: .activitySettings,
            fields: [
                FieldDefinition("name", L("Nom", "Name"), .text(maxLength: 60), required: true, uses: [.standard, .list, .search]),
                FieldDefinition(
                    "position", L("Ordre", "Order"), .integer(min: 0, max: 10_000), required: true, uses: [.standard, .list, .sort]),
                FieldDefinition(
                    "hasPipeline", L("Suivi par étapes (pipeline)", "Tracked by stages (pipeline)"), .bool, uses: [.standard, .list]),
                FieldDefinition("active", L("Actif", "Active"), .bool, uses: [.standard, .list, .filter]),
            ],
            htmlPath: "/admin/interaction-types", defaultSort: "position", titleColumn: "name",
            rules: EntityRules(prepare: { values, _, existing, context in
                guard let name = values["name"]?.textValue else { return [:] }
                let taken = try await ActivitySettingsStore.types(named: name, on: context.db)
                return taken.contains { $0 != existing?.id } ? ["name": [L("Ce type existe déjà.", "This type already exists.")]] : [:]
            }))
        definition.defaults = ["active": .bool(true), "has_pipeline": .bool(false), "position": .int(100)]
        return definition
    }()
}

public enum PipelineStagesEntity {
    public static let outcomes = [
        FieldChoice("open", L("En cours", "Open")), FieldChoice("won", L("Gagné", "Won")), FieldChoice("lost", L("Perdu", "Lost")),
    ]

    public static let definition: EntityDefinition = {
        var definition = EntityDefinition(
            name: "pipeline-stages", table: "pipeline_stages", singular: L("Étape", "Stage"), plural: L("Étapes", "Stages"),
            module: .activitySettings,
            fields: [
                FieldDefinition(
                    "typeId", L("Type d'interaction", "Interaction type"), .reference([]), required: true,
                    uses: [.detail, .create, .list, .filter]),
                FieldDefinition("name", L("Nom", "Name"), .text(maxLength: 80), required: true, uses: [.standard, .list, .search]),
                FieldDefinition(
                    "position", L("Ordre", "Order"), .integer(min: 0, max: 10_000), required: true, uses: [.standard, .list, .sort]),
                FieldDefinition(
                    "probability", L("Probabilité (%)", "Probability (%)"), .integer(min: 0, max: 100), required: true,
                    uses: [.standard, .list]),
                FieldDefinition("outcome", L("Issue", "Outcome"), .choice(outcomes), required: true, uses: [.standard, .list, .filter]),
                FieldDefinition("active", L("Active", "Active"), .bool, uses: [.standard, .list]),
            ],
            htmlPath: "/admin/pipeline-stages", defaultSort: "position", titleColumn: "name",
            rules: EntityRules(
                prepare: { values, _, existing, context in
                    var errors: [String: [Localized]] = [:]
                    let outcome = values["outcome"]?.textValue ?? existing?["outcome"].textValue
                    let probability = values["probability"]?.intValue ?? existing?["probability"].intValue
                    if outcome == "won", probability != 100 {
                        errors["probability"] = [L("Une étape gagnée vaut 100 %.", "A won stage is 100%.")]
                    }
                    if outcome == "lost", probability != 0 {
                        errors["probability"] = [L("Une étape perdue vaut 0 %.", "A lost stage is 0%.")]
                    }
                    if let type = values["type_id"]?.uuidValue {
                        let pipeline = try await ActivitySettingsStore.hasPipeline(type, on: context.db)
                        if pipeline != true {
                            errors["typeId"] = [L("Ce type n'est pas suivi par étapes.", "This type is not tracked by stages.")]
                        }
                    }
                    return errors
                },
                resolve: { definition, context in
                    var copy = definition
                    let types = try await ActivityCatalog.load(context.db).types.filter(\.hasPipeline)
                    copy.fields = definition.fields.map { field in
                        guard field.key == "typeId" else { return field }
                        var resolved = field
                        resolved.kind = .reference(types.map { FieldChoice($0.id.uuidString.lowercased(), .same($0.name)) })
                        return resolved
                    }
                    return copy
                }))
        definition.defaults = ["active": .bool(true), "outcome": .text("open"), "probability": .int(50), "position": .int(100)]
        return definition
    }()
}

public enum ResourcesEntity {
    public static let kinds = [
        FieldChoice("room", L("Salle", "Room")), FieldChoice("vehicle", L("Véhicule", "Vehicle")),
        FieldChoice("equipment", L("Matériel", "Equipment")), FieldChoice("other", L("Autre", "Other")),
    ]

    public static let definition: EntityDefinition = {
        var definition = EntityDefinition(
            name: "resources", table: "resources", singular: L("Ressource", "Resource"), plural: L("Ressources", "Resources"),
            module: .activitySettings,
            fields: [
                FieldDefinition("name", L("Nom", "Name"), .text(maxLength: 80), required: true, uses: [.standard, .list, .sort, .search]),
                FieldDefinition("kind", L("Nature", "Kind"), .choice(kinds), required: true, uses: [.standard, .list, .filter]),
                FieldDefinition(
                    "capacity", L("Capacité (personnes)", "Capacity (people)"), .integer(min: 1, max: 10_000), uses: [.standard, .list]),
                FieldDefinition("location", L("Emplacement", "Location"), .text(maxLength: 200)),
                FieldDefinition("active", L("Active", "Active"), .bool, uses: [.standard, .list, .filter]),
            ],
            htmlPath: "/resources", defaultSort: "name", titleColumn: "name",
            rules: EntityRules())
        definition.defaults = ["active": .bool(true), "kind": .text("room")]
        definition.operations.insert(.delete)
        definition.rules.deletion = ActivityDeletion.resources
        return definition
    }()
}

/// Types and stages, read once per request (they are few).
public struct ActivityCatalog: Sendable {
    public typealias TypeInfo = InteractionTypeRecord
    public typealias StageInfo = PipelineStageRecord

    public var types: [TypeInfo]
    public var stages: [StageInfo]

    public static func load(_ db: any Database) async throws -> ActivityCatalog {
        ActivityCatalog(types: try await ActivitySettingsStore.types(on: db), stages: try await ActivitySettingsStore.stages(on: db))
    }

    public func stages(of type: UUID) -> [StageInfo] { stages.filter { $0.typeID == type } }
    public func type(_ id: UUID?) -> TypeInfo? { types.first { $0.id == id } }
    public func stage(_ id: UUID?) -> StageInfo? { stages.first { $0.id == id } }
}
