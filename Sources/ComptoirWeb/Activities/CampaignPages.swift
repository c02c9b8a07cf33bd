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
            let created = try await CampaignRunner(context: request.context).run(id)
            return request.redirect(to: "/campaigns/\(id.uuidString.lowercased())",
                                    flash: Flash(.success, L("\(created) interaction(s) créée(s).", "\(created) interaction(s) created.")))
        }
    }

    public static func registerAPI(_ api: APIRoutes) {
        api.on(.POST, "prospecting-campaigns/:id/run", summary: "Create the missing interactions for the campaign's targets", tag: "Activities",
               response: ["type": "object", "required": ["created"], "properties": ["created": ["type": "integer"]]]) { request in
            let created = try await CampaignRunner(context: request.context).run(try EntityRoutes.id(request))
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
