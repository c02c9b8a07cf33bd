import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation

/// « Interactions »: calls, meetings, tasks, deals… the central activity record.
public enum InteractionsEntity {
    public static let definition: EntityDefinition = {
        var definition = EntityDefinition(
            name: "interactions", table: "interactions", singular: L("Interaction", "Interaction"),
            plural: L("Interactions", "Interactions"),
            module: .activities,
            fields: [
                FieldDefinition("typeId", L("Type", "Type"), .reference([]), required: true, uses: [.standard, .list, .filter]),
                FieldDefinition(
                    "subject", L("Objet", "Subject"), .text(maxLength: 200), required: true, uses: [.standard, .list, .sort, .search]),
                FieldDefinition("companyId", L("Société", "Company"), .lookup("companies"), uses: [.standard, .list, .filter]),
                FieldDefinition("projectId", L("Projet", "Project"), .lookup("projects"), uses: [.standard, .filter]),
                FieldDefinition("startsAt", L("Début", "Start"), .dateTime, uses: [.standard, .filter]),
                // When it happens (start, else due day, else creation: `InteractionListDate`), kept by the writers.
                FieldDefinition("occursAt", L("Date", "Date"), .dateTime, uses: [.list, .sort]),
                FieldDefinition("endsAt", L("Fin", "End"), .dateTime),
                FieldDefinition("allDay", L("Toute la journée", "All day"), .bool),
                FieldDefinition("dueDate", L("Échéance", "Due date"), .date, uses: [.standard, .list]),
                FieldDefinition("stageId", L("Étape", "Stage"), .reference([]), uses: [.standard, .list, .filter]),
                FieldDefinition("amount", L("Montant prévu (€ HT)", "Expected amount (€ excl. VAT)"), .money, uses: [.standard, .list]),
                FieldDefinition("ownerId", L("Responsable", "Owner"), .reference([]), uses: [.standard, .list, .filter]),
                FieldDefinition("done", L("Terminée", "Done"), .bool, uses: [.standard, .list, .filter]),
                FieldDefinition(
                    "rrule", L("Répétition (règle RRULE)", "Repeat (RRULE)"), .text(maxLength: 300), uses: .form,
                    help: L(
                        "Exemple : FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20260630T215959Z — ou utilisez le panneau « Répétition » de la fiche.",
                        "Example: FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20260630T215959Z — or use the record's \"Repeat\" panel.")),
                FieldDefinition("location", L("Lieu", "Place"), .text(maxLength: 200), uses: [.standard, .search]),
                FieldDefinition(
                    "description", L("Compte rendu / description", "Notes / description"), .longText, uses: [.standard, .search]),
                FieldDefinition("createdAt", L("Créée le", "Created"), .dateTime, uses: [.detail, .filter]),
                FieldDefinition("campaignId", L("Campagne", "Campaign"), .reference([]), uses: [.detail, .filter]),
            ],
            htmlPath: "/interactions", defaultSort: "occurs_at", defaultDescending: true, titleColumn: "subject",
            extraColumns: [
                ColumnSpec("done_at", .dateTime), ColumnSpec("stage_changed_at", .dateTime), ColumnSpec("exdates", .text),
                ColumnSpec("series_id", .uuid), ColumnSpec("original_start", .dateTime), ColumnSpec("follow_up_of", .uuid),
                ColumnSpec("campaign_target_id", .uuid), ColumnSpec("archived", .bool),
            ],
            rules: EntityRules(prepare: prepare, afterWrite: InteractionService.afterWrite, resolve: resolve))
        definition.defaults = ["all_day": .bool(false), "done": .bool(false), "archived": .bool(false)]
        // The list leads with the subject, the link to the record (issue #14).
        definition.listLeadsWithTitle = true
        definition.exportable = true
        // `q` reads the search index (words by prefix, accents ignored), as the global search does.
        definition.searchIndexed = true
        definition.customFieldsEntity = "interactions"
        definition.rules.rowScope = { context in
            // Interactions of a private project follow the project.
            guard !context.seesEverything, let actor = context.actor, !actor.isAdmin else { return [] }
            guard actor.isGuest else { return [.visibleProject(column: "project_id", user: actor.userID)] }
            // A guest sees the interactions of their projects, of the types allowed to them.
            var scope: [ColumnFilter] = [.memberProject(column: "project_id", user: actor.userID)]
            if let types = actor.allowedTypes { scope.append(.columnIn("type_id", Array(types))) }
            return scope
        }
        definition.operations.insert(.delete)
        definition.rules.deletion = ActivityDeletion.interactions
        return definition
    }()

    /// Type, stage (labelled « Type › Étape ») and owner choices.
    @Sendable public static func resolve(_ definition: EntityDefinition, _ context: ServiceContext) async throws -> EntityDefinition {
        let catalog = try await ActivityCatalog.load(context.db)
        let owners = try await DirectoryFields.resolveOwners(definition, context)
        let campaigns = try await CampaignStore.names(on: context.db).map { FieldChoice($0.id.uuidString.lowercased(), .same($0.name)) }
        var copy = owners
        copy.fields = owners.fields.map { field in
            var resolved = field
            switch field.key {
            case "typeId":
                resolved.kind = .reference(
                    catalog.types.filter(\.active).map { FieldChoice($0.id.uuidString.lowercased(), .same($0.name)) })
            case "campaignId":
                resolved.kind = .reference(campaigns)
            case "stageId":
                resolved.kind = .reference(
                    catalog.stages.filter(\.active).map { stage in
                        // Grouped by type: the form shows the chosen type's stages only (app.js), each type's under its name.
                        FieldChoice(
                            stage.id.uuidString.lowercased(), .same(stage.name),
                            group: catalog.type(stage.typeID).map { ($0.id.uuidString.lowercased(), $0.name) })
                    })
            default: break
            }
            return resolved
        }
        return copy
    }

    /// The stage belongs to the type; a pipeline type starts at its first stage; the end follows the start.
    @Sendable public static func prepare(
        _ values: inout [String: FieldValue], _ raw: [String: String], _ existing: TableRow?, _ context: ServiceContext
    ) async throws -> [String: [Localized]] {
        var errors: [String: [Localized]] = [:]
        let catalog = try await ActivityCatalog.load(context.db)
        let typeID = values["type_id"]?.uuidValue ?? existing?["type_id"].uuidValue
        let type = catalog.type(typeID)
        let stageGiven = values.keys.contains("stage_id")
        var stageID = stageGiven ? values["stage_id"]?.uuidValue : existing?["stage_id"].uuidValue
        if let type {
            let stages = catalog.stages(of: type.id)
            if type.hasPipeline {
                if stageID == nil, let first = stages.filter(\.active).first {
                    stageID = first.id
                    values["stage_id"] = .uuid(first.id)
                }
                if let stageID, !stages.contains(where: { $0.id == stageID }) {
                    errors["stageId"] = [
                        L(
                            "Cette étape n'appartient pas au type « \(type.name) ».",
                            "This stage does not belong to the type \"\(type.name)\".")
                    ]
                }
            } else if stageID != nil {
                if stageGiven {
                    errors["stageId"] = [
                        L("Le type « \(type.name) » n'est pas suivi par étapes.", "The type \"\(type.name)\" has no stages.")
                    ]
                } else {
                    values["stage_id"] = .null
                    stageID = nil
                }
            }
        }
        if stageID != existing?["stage_id"].uuidValue {
            values["stage_changed_at"] = .date(context.now)
        }
        let starts = values.keys.contains("starts_at") ? values["starts_at"]?.dateValue : existing?["starts_at"].dateValue
        let ends = values.keys.contains("ends_at") ? values["ends_at"]?.dateValue : existing?["ends_at"].dateValue
        if let starts, let ends, ends < starts {
            errors["endsAt"] = [L("La fin est avant le début.", "The end is before the start.")]
        }
        if ends != nil, starts == nil {
            errors["startsAt"] = [L("Indiquez le début.", "Give the start.")]
        }
        if let starts, ends == nil, values.keys.contains("starts_at") || existing == nil {
            // A meeting without an end lasts one hour (a whole day when all-day).
            let allDay = values["all_day"]?.boolValue ?? existing?["all_day"].boolValue ?? false
            values["ends_at"] = .date(starts.addingTimeInterval(allDay ? 24 * 3600 : 3600))
        }
        if let done = values["done"]?.boolValue {
            let wasDone = existing?["done"].boolValue ?? false
            if done && !wasDone { values["done_at"] = .date(context.now) }
            if !done { values["done_at"] = .null }
        }
        if let text = values["rrule"]?.textValue {
            do {
                let rule = try RecurrenceRule(parsing: text)
                values["rrule"] = .text(rule.rruleString)
                if starts == nil {
                    errors["startsAt"] = [L("Une interaction répétée a besoin d'un début.", "A repeating interaction needs a start.")]
                }
                if (existing?["series_id"].uuidValue) != nil {
                    errors["rrule"] = [
                        L("Une occurrence modifiée ne peut pas se répéter elle-même.", "An edited occurrence cannot repeat itself.")
                    ]
                }
            } catch {
                errors["rrule"] = [Localized(error.message(french: true), error.message(french: false))]
            }
        }
        if let actor = context.actor, actor.isGuest {
            // A guest writes only in their projects, with the types allowed to them.
            let project = values.keys.contains("project_id") ? values["project_id"]?.uuidValue : existing?["project_id"].uuidValue
            if project == nil { errors["projectId"] = [L("Choisissez un de vos projets.", "Choose one of your projects.")] }
            if let project, !(try await ProjectAccess.canSee(project, user: actor.userID, guest: true, on: context.db)) {
                errors["projectId"] = [L("Choisissez un de vos projets.", "Choose one of your projects.")]
            }
            if let allowed = actor.allowedTypes, let typeID, !allowed.contains(typeID) {
                errors["typeId"] = [L("Ce type d'interaction ne vous est pas ouvert.", "This interaction type is not open to you.")]
            }
        }
        if existing == nil, values["owner_id"] == nil || values["owner_id"] == .null, let actor = context.actor {
            values["owner_id"] = .uuid(actor.userID)
        }
        return errors
    }
}
