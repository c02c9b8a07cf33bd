import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// Running a campaign and showing its progress.
public enum CampaignPages {
    public static func register(_ routes: any RoutesBuilder) {
        routes.post("campaigns", ":id", "run") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let id = try EntityRoutes.id(request)
            let back = "/campaigns/\(id.uuidString.lowercased())"
            let run: CampaignRun
            do {
                run = try await CampaignService(request.context).run(id)
            } catch let error as AppError where error.code == "validation_failed" {
                // A type or stage deactivated since the campaign was saved: said on the campaign's page.
                return request.redirect(to: back, flash: Flash(.error, error.fields.values.first?.first ?? error.message))
            }
            return request.redirect(
                to: back, flash: Flash(.success, L("\(run.created) interaction(s) créée(s).", "\(run.created) interaction(s) created.")))
        }
    }

    public static func registerAPI(_ api: APIRoutes) {
        api.on(
            .POST, "prospecting-campaigns/:id/run", summary: "Create the missing interactions for the campaign's targets",
            tag: "Activities",
            response: ["type": "object", "required": ["created"], "properties": ["created": ["type": "integer"]]]
        ) { request in
            let run = try await CampaignService(request.context).run(try EntityRoutes.id(request))
            return JSONValue.object(["created": .int(Int64(run.created))]).response()
        }
    }

    /// Progress per stage and per assignee.
    @Sendable public static func panel(_ row: TableRow, _ request: Request) async throws -> [HTMLNode] {
        let locale = request.locale
        let progress = try await CampaignService(request.context).progress(row.id)
        func table(_ headers: [Localized], _ rows: [[String]]) -> HTMLNode {
            H.el(
                "table", [("class", "list")],
                [
                    H.el("thead", [], [H.el("tr", [], headers.map { H.el("th", [("scope", "col")], text: $0(locale)) })]),
                    H.el("tbody", [], rows.map { H.el("tr", [], $0.map { H.el("td", text: $0) }) }),
                ])
        }
        var nodes: [HTMLNode] = [H.el("h2", text: L("Avancement", "Progress")(locale))]
        if request.context.allows(.write, .activities) {
            nodes.append(
                H.postForm(
                    "/campaigns/\(row.id.uuidString.lowercased())/run", csrf: request.csrfToken,
                    [
                        H.el(
                            "button", [("type", "submit"), ("class", "button primary")],
                            text: L(
                                "Lancer la campagne (créer les interactions manquantes)", "Run the campaign (create missing interactions)")(
                                    locale))
                    ]))
        }
        nodes.append(H.el("h3", text: L("Par étape", "By stage")(locale)))
        nodes.append(
            table([L("Étape", "Stage"), L("Interactions", "Interactions")], progress.byStage.map { [$0.label, String($0.count)] }))
        nodes.append(H.el("h3", text: L("Par responsable", "By assignee")(locale)))
        nodes.append(
            table(
                [L("Responsable", "Assignee"), L("Interactions", "Interactions"), L("Terminées", "Done")],
                progress.byOwner.map {
                    [$0.label, String($0.count), String($0.done)]
                }))
        nodes.append(
            H.link(
                "/interactions?campaignId=\(row.id.uuidString.lowercased())", L("Voir les interactions", "See the interactions")(locale),
                [("class", "button")]))
        return [H.el("section", [("class", "panel")], nodes)]
    }
}
