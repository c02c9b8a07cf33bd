import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import SQLKit
import Vapor

/// Running a campaign and showing its progress.
public enum CampaignPages {
    public static func register(_ routes: any RoutesBuilder) {
        routes.post("campaigns", ":id", "run") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let id = try EntityRoutes.id(request)
            let created = try await CampaignRunner(request: request).run(id)
            return request.redirect(to: "/campaigns/\(id.uuidString.lowercased())",
                                    flash: Flash(.success, L("\(created) interaction(s) créée(s).", "\(created) interaction(s) created.")))
        }
    }

    public static func registerAPI(_ api: APIRoutes) {
        api.on(.POST, "prospecting-campaigns/:id/run", summary: "Create the missing interactions for the campaign's targets", tag: "Activities",
               response: ["type": "object", "required": ["created"], "properties": ["created": ["type": "integer"]]]) { request in
            let created = try await CampaignRunner(request: request).run(try EntityRoutes.id(request))
            return JSONValue.object(["created": .int(Int64(created))]).response()
        }
    }

    /// Progress per stage and per assignee.
    @Sendable public static func panel(_ row: TableRow, _ request: Request) async throws -> [HTMLNode] {
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
public struct CampaignRunner: Sendable {
    public let request: Request

    public func run(_ id: UUID) async throws -> Int {
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
