import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import SQLKit
import Vapor

/// « Campagnes de prospection » (the seed's insurance broker example): a segment, an interaction
/// type and stage, a subject and assignees; running it creates one interaction per target, skipping
/// targets that already have an open interaction of the campaign.
public enum CampaignsEntity {
    static let assignments = [
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
                FieldDefinition("segmentId", L("Segment ciblé", "Target segment"), .reference([]), required: true, uses: [.standard, .list]),
                FieldDefinition("typeId", L("Type d'interaction", "Interaction type"), .reference([]), required: true, uses: [.standard, .list]),
                FieldDefinition("stageId", L("Étape de départ", "Starting stage"), .reference([])),
                FieldDefinition("subject", L("Objet des interactions", "Interactions' subject"), .text(maxLength: 200), required: true),
                FieldDefinition("dueDate", L("Échéance", "Due date"), .date),
                FieldDefinition("assignment", L("Attribuer à", "Assign to"), .choice(assignments), required: true, uses: [.standard, .list]),
                FieldDefinition("assigneeId", L("Utilisateur (si « un utilisateur »)", "User (for \"one user\")"), .reference([])),
                FieldDefinition("roundRobin", L("Utilisateurs (à tour de rôle)", "Users (round robin)"), .multiChoice([])),
                FieldDefinition("lastRunAt", L("Dernier lancement", "Last run"), .dateTime, uses: [.detail, .list]),
            ],
            htmlPath: "/campaigns", defaultSort: "name", titleColumn: "name",
            rules: EntityRules(prepare: prepare, resolve: resolve)).with(EntityHooks(detailPanels: CampaignPages.panel))
        definition.defaults = ["assignment": .text("owner")]
        return definition
    }()

    @Sendable static func resolve(_ definition: EntityDefinition, _ context: ServiceContext) async throws -> EntityDefinition {
        let catalog = try await ActivityCatalog.load(context.db)
        let sql = try TableStore.sqlDatabase(context.db)
        let segments = try await sql.raw("SELECT id, name, entity FROM segments ORDER BY name").all().map { row in
            FieldChoice(try row.decode(column: "id", as: UUID.self).uuidString.lowercased(),
                        .same(try row.decode(column: "name", as: String.self) + " (" + (try row.decode(column: "entity", as: String.self) == "companies" ? "sociétés" : "contacts") + ")"))
        }
        let users = try await User.query(on: context.db).filter(\.$active == true).sort(\.$name).all()
            .compactMap { user in user.id.map { FieldChoice($0.uuidString.lowercased(), .same(user.name)) } }
        var copy = definition
        copy.fields = definition.fields.map { field in
            var resolved = field
            switch field.key {
            case "segmentId": resolved.kind = .reference(segments)
            case "typeId": resolved.kind = .reference(catalog.types.filter(\.active).map { FieldChoice($0.id.uuidString.lowercased(), .same($0.name)) })
            case "stageId": resolved.kind = .reference(catalog.stages.filter(\.active).map { FieldChoice($0.id.uuidString.lowercased(), .same($0.name)) })
            case "assigneeId": resolved.kind = .reference(users)
            case "roundRobin": resolved.kind = .multiChoice(users)
            default: break
            }
            return resolved
        }
        return copy
    }

    @Sendable static func prepare(
        _ values: inout [String: FieldValue], _ raw: [String: String], _ existing: TableRow?, _ context: ServiceContext
    ) async throws -> [String: [Localized]] {
        var errors: [String: [Localized]] = [:]
        let catalog = try await ActivityCatalog.load(context.db)
        let type = catalog.type(values["type_id"]?.uuidValue ?? existing?["type_id"].uuidValue)
        let stage = values.keys.contains("stage_id") ? values["stage_id"]?.uuidValue : existing?["stage_id"].uuidValue
        if let type, type.hasPipeline {
            if let stage, !catalog.stages(of: type.id).contains(where: { $0.id == stage }) {
                errors["stageId"] = [L("Cette étape n'appartient pas au type « \(type.name) ».", "This stage does not belong to \"\(type.name)\".")]
            }
        } else if stage != nil {
            errors["stageId"] = [L("Ce type n'est pas suivi par étapes.", "This type has no stages.")]
        }
        let assignment = values["assignment"]?.textValue ?? existing?["assignment"].textValue
        let assignee = values.keys.contains("assignee_id") ? values["assignee_id"]?.uuidValue : existing?["assignee_id"].uuidValue
        let robin = values.keys.contains("round_robin") ? values["round_robin"]?.textValue : existing?["round_robin"].textValue
        if assignment == "user", assignee == nil { errors["assigneeId"] = [L("Choisissez l'utilisateur.", "Choose the user.")] }
        if assignment == "roundRobin", (robin ?? "").isEmpty { errors["roundRobin"] = [L("Choisissez au moins un utilisateur.", "Choose at least one user.")] }
        return errors
    }
}

/// Running a campaign and showing its progress.
enum CampaignPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.post("campaigns", ":id", "run") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let id = try EntityRoutes.id(request)
            let created = try await CampaignRunner(request: request).run(id)
            return request.redirect(to: "/campaigns/\(id.uuidString.lowercased())",
                                    flash: Flash(.success, L("\(created) interaction(s) créée(s).", "\(created) interaction(s) created.")))
        }
    }

    static func registerAPI(_ api: APIRoutes) {
        api.on(.POST, "prospecting-campaigns/:id/run", summary: "Create the missing interactions for the campaign's targets", tag: "Activities",
               response: ["type": "object", "required": ["created"], "properties": ["created": ["type": "integer"]]]) { request in
            let created = try await CampaignRunner(request: request).run(try EntityRoutes.id(request))
            return JSONValue.object(["created": .int(Int64(created))]).response()
        }
    }

    /// Progress per stage and per assignee.
    @Sendable static func panel(_ row: TableRow, _ request: Request) async throws -> [HTMLNode] {
        let locale = request.locale
        let sql = try TableStore.sqlDatabase(request.db)
        let byStage = try await sql.raw("""
            SELECT COALESCE(s.name, CASE WHEN i.done THEN 'Terminée' ELSE 'À faire' END) AS label, COUNT(*) AS n, MIN(s.position) AS position
            FROM interactions i LEFT JOIN pipeline_stages s ON s.id = i.stage_id WHERE i.campaign_id = \(bind: row.id)
            GROUP BY COALESCE(s.name, CASE WHEN i.done THEN 'Terminée' ELSE 'À faire' END) ORDER BY MIN(s.position)
            """).all()
        let byOwner = try await sql.raw("""
            SELECT COALESCE(u.name, '—') AS label, COUNT(*) AS n, CAST(SUM(CASE WHEN i.done THEN 1 ELSE 0 END) AS BIGINT) AS done
            FROM interactions i LEFT JOIN users u ON u.id = i.owner_id WHERE i.campaign_id = \(bind: row.id)
            GROUP BY COALESCE(u.name, '—') ORDER BY COALESCE(u.name, '—')
            """).all()
        func table(_ headers: [Localized], _ rows: [[String]]) -> HTMLNode {
            H.el("table", [("class", "list")], [
                H.el("thead", [], [H.el("tr", [], headers.map { H.el("th", [("scope", "col")], text: $0(locale)) })]),
                H.el("tbody", [], rows.map { H.el("tr", [], $0.map { H.el("td", text: $0) }) }),
            ])
        }
        var nodes: [HTMLNode] = [H.el("h2", text: L("Avancement", "Progress")(locale))]
        if Policy.allows(request.actor, .write, .activities) {
            nodes.append(H.postForm("/campaigns/\(row.id.uuidString.lowercased())/run", csrf: request.csrfToken, [
                H.el("button", [("type", "submit"), ("class", "button primary")], text: L("Lancer la campagne (créer les interactions manquantes)", "Run the campaign (create missing interactions)")(locale))
            ]))
        }
        nodes.append(H.el("h3", text: L("Par étape", "By stage")(locale)))
        nodes.append(table([L("Étape", "Stage"), L("Interactions", "Interactions")], try byStage.map { [try $0.decode(column: "label", as: String.self), String(try $0.decode(column: "n", as: Int.self))] }))
        nodes.append(H.el("h3", text: L("Par responsable", "By assignee")(locale)))
        nodes.append(table([L("Responsable", "Assignee"), L("Interactions", "Interactions"), L("Terminées", "Done")], try byOwner.map {
            [try $0.decode(column: "label", as: String.self), String(try $0.decode(column: "n", as: Int.self)), String(try $0.decode(column: "done", as: Int.self))]
        }))
        nodes.append(H.link("/interactions?campaignId=\(row.id.uuidString.lowercased())", L("Voir les interactions", "See the interactions")(locale), [("class", "button")]))
        return [H.el("section", [("class", "panel")], nodes)]
    }
}

/// Creates one interaction per segment member that has no open interaction of the campaign yet.
struct CampaignRunner {
    let request: Request

    func run(_ id: UUID) async throws -> Int {
        try request.authorize(.write, .activities)
        let campaigns = try await CampaignsEntity.definition.resolved(for: request)
        let campaign = try await EntityService(campaigns, request).get(id)
        guard let segmentID = campaign["segment_id"].uuidValue, let typeID = campaign["type_id"].uuidValue else { throw AppError.notFound }
        let segment = try await EntityService(try await SegmentsEntity.definition.resolved(for: request), request).get(segmentID)
        let (records, stored) = try await SegmentsEntity.evaluate(segment, request)
        let isCompanies = records.table == "companies"
        let sql = try TableStore.sqlDatabase(request.db)
        // Targets that already have an open interaction of this campaign are skipped.
        let open = Set(try await sql.raw("""
            SELECT i.campaign_target_id FROM interactions i LEFT JOIN pipeline_stages s ON s.id = i.stage_id
            WHERE i.campaign_id = \(bind: id) AND i.done = \(bind: false) AND (s.outcome IS NULL OR s.outcome = 'open')
            """).all().compactMap { try $0.decode(column: "campaign_target_id", as: UUID?.self) })
        let catalog = try await ActivityCatalog.load(request.db)
        let stage = campaign["stage_id"].uuidValue ?? (catalog.type(typeID)?.hasPipeline == true ? catalog.stages(of: typeID).first { $0.active }?.id : nil)
        let robin = (campaign["round_robin"].textValue ?? "").split(separator: "\n").compactMap { UUID(uuidString: String($0)) }
        let actor = try request.requireActor()
        var parameters = stored
        parameters.limit = 500
        parameters.cursor = nil
        let service = EntityService(records, request)
        var created = 0
        var turn = 0
        repeat {
            let page = try await service.list(parameters)
            let targets = page.rows.filter { !open.contains($0.id) }
            if !targets.isEmpty {
                var owners: [UUID] = []
                for target in targets {
                    switch campaign["assignment"].textValue {
                    case "user": owners.append(campaign["assignee_id"].uuidValue ?? actor.userID)
                    case "roundRobin":
                        owners.append(robin.isEmpty ? actor.userID : robin[turn % robin.count])
                        turn += 1
                    default: owners.append(target["owner_id"].uuidValue ?? actor.userID)
                    }
                }
                let assigned = owners
                try await request.db.transaction { db in
                    let sql = try TableStore.sqlDatabase(db)
                    for (target, owner) in zip(targets, assigned) {
                        let interaction = request.newID()
                        try await TableStore.insert(InteractionsEntity.definition.tableSpec, id: interaction, values: [
                            "type_id": .uuid(typeID), "subject": campaign["subject"], "stage_id": stage.map { .uuid($0) } ?? .null,
                            "stage_changed_at": stage == nil ? .null : .date(request.now), "due_date": campaign["due_date"],
                            "owner_id": .uuid(owner), "company_id": isCompanies ? .uuid(target.id) : .null,
                            "campaign_id": .uuid(id), "campaign_target_id": .uuid(target.id),
                            "all_day": .bool(false), "done": .bool(false), "archived": .bool(false),
                            "created_at": .date(request.now), "updated_at": .date(request.now),
                        ], on: db)
                        if !isCompanies {
                            try await sql.raw("INSERT INTO interaction_contacts (id, interaction_id, contact_id) VALUES (\(bind: request.newID()), \(bind: interaction), \(bind: target.id))").run()
                        }
                        if let stage { try await InteractionService.recordStage(interaction, stage, at: request.now, by: actor.userID, on: db) }
                    }
                    try await AuditLog.record(.update, entity: "prospecting_campaigns", id: id.uuidString.lowercased(), summary: "run: \(targets.count)",
                                              by: request.auditActor, at: request.now, on: db)
                }
                created += targets.count
            }
            parameters.cursor = page.nextCursor
        } while parameters.cursor != nil
        try await sql.raw("UPDATE prospecting_campaigns SET last_run_at = \(bind: request.now) WHERE id = \(bind: id)").run()
        return created
    }
}
