import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import SQLKit
import Vapor

/// The Kanban board of a pipeline type (« Vente » by default): one column per stage with its
/// total and weighted forecast; cards move by drag and drop with a mouse, or with the stage menu on each card
/// (keyboard and phones).
enum BoardPage {
    static func register(_ routes: any RoutesBuilder) {
        routes.get("interactions", "board") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            try request.authorize(.read, .activities)
            let locale = request.locale
            let catalog = try await ActivityCatalog.load(request.db)
            let pipelines = catalog.types.filter { $0.hasPipeline && $0.active }
            guard let selected = request.query[String.self, at: "type"].flatMap(UUID.init(uuidString:)).flatMap(catalog.type) ?? pipelines.first else {
                throw AppError.notFound
            }
            let stages = catalog.stages(of: selected.id).filter(\.active)
            // Cards and totals alike leave out the deals of private projects the user cannot see.
            let visible: SQLQueryString = " AND \(InteractionService.visibleSQL("i.project_id", request))"
            let summary = try await forecast(type: selected.id, visible: visible, request.db)
            let cards = try await TableStore.sqlDatabase(request.db).raw("""
                SELECT i.id, i.subject, i.stage_id, i.amount, c.name AS company FROM interactions i LEFT JOIN companies c ON c.id = i.company_id
                WHERE i.type_id = \(bind: selected.id) AND i.archived = \(bind: false) AND i.series_id IS NULL\(visible)
                ORDER BY i.created_at DESC LIMIT 2000
                """).all()
            let canWrite = Policy.allows(request.actor, .write, .activities)
            var columns: [HTMLNode] = []
            for stage in stages {
                let total = summary[stage.id] ?? (0, 0, 0)
                let stageCards = try cards.filter { try $0.decode(column: "stage_id", as: UUID?.self) == stage.id }
                let cardNodes: [HTMLNode] = try stageCards.map { card in
                    let id = try card.decode(column: "id", as: UUID.self).uuidString.lowercased()
                    let subject = try card.decode(column: "subject", as: String.self)
                    var nodes: [HTMLNode] = [H.link("/interactions/\(id)", subject, [("class", "card-title")])]
                    if let company = try card.decode(column: "company", as: String?.self) { nodes.append(H.el("div", [("class", "muted")], text: company)) }
                    if let amount = try card.decode(column: "amount", as: Int64?.self) {
                        nodes.append(H.el("div", [("class", "amount")], text: Money(minorUnits: amount).formatted(locale: locale)))
                    }
                    if canWrite {
                        nodes.append(H.postForm("/interactions/\(id)/stage", csrf: request.csrfToken, attributes: [("class", "move-form")], [
                            H.hidden("back", "/interactions/board?type=\(selected.id.uuidString.lowercased())"),
                            H.el("label", [("class", "visually-hidden"), ("for", "move-\(id)")],
                                 text: L("Étape de « \(subject) »", "Stage of \"\(subject)\"")(locale)),
                            EntityPagesView.select(id: "move-\(id)", name: "stageId", options: stages.map { ($0.id.uuidString.lowercased(), $0.name) },
                                                   selected: stage.id.uuidString.lowercased()),
                            H.el("button", [("type", "submit"), ("class", "button small")], text: L("Déplacer", "Move")(locale)),
                        ]))
                    }
                    return H.el("li", [("class", "board-card"), ("draggable", canWrite ? "true" : nil), ("data-id", id)], nodes)
                }
                columns.append(H.el("section", [("class", "board-column"), ("data-stage", stage.id.uuidString.lowercased())], [
                    H.el("h2", text: stage.name),
                    H.el("p", [("class", "board-totals")], text:
                        "\(total.count) — " + Money(minorUnits: total.amount).formatted(locale: locale)
                        + L(" — pondéré ", " — weighted ")(locale) + Money(minorUnits: total.weighted).formatted(locale: locale)
                        + " (\(stage.probability) %)"),
                    H.el("ul", [("class", "board-cards")], cardNodes),
                ]))
            }
            // The forecast counts open deals only; won and lost ones are shown apart.
            func sum(_ outcome: String, _ value: ((count: Int, amount: Int64, weighted: Int64)) -> Int64) -> Int64 {
                stages.filter { $0.outcome == outcome }.reduce(Int64(0)) { $0 + (summary[$1.id].map(value) ?? 0) }
            }
            let weighted = sum("open") { $0.weighted }
            let won = sum("won") { $0.amount }, lost = sum("lost") { $0.amount }
            let tabs = pipelines.map { type in
                H.el("a", [("href", "/interactions/board?type=\(type.id.uuidString.lowercased())"), ("class", type.id == selected.id ? "tab active" : "tab"),
                           ("aria-current", type.id == selected.id ? "page" : nil)], text: type.name)
            }
            return Layout.page(request, title: L("Tableau des affaires", "Deal board")(locale), [
                H.el("div", [("class", "page-head")], [
                    H.el("h1", text: L("Tableau : \(selected.name)", "Board: \(selected.name)")(locale)),
                    H.el("div", [("class", "actions")], [
                        H.link("/interactions/new", L("Nouvelle interaction", "New interaction")(locale), [("class", "button primary")]),
                        H.link("/interactions", L("Liste", "List")(locale), [("class", "button")]),
                    ]),
                ]),
                H.el("nav", [("class", "tabs"), ("aria-label", L("Types suivis par étapes", "Pipeline types")(locale))], tabs),
                H.el("p", [("class", "muted board-forecast")], text: L("Prévision pondérée des affaires en cours : ", "Weighted forecast of open deals: ")(locale)
                     + Money(minorUnits: weighted).formatted(locale: locale)
                     + L(" — gagnées : ", " — won: ")(locale) + Money(minorUnits: won).formatted(locale: locale)
                     + L(" — perdues : ", " — lost: ")(locale) + Money(minorUnits: lost).formatted(locale: locale)),
                H.el("div", [("class", "board"), ("data-csrf", request.csrfToken)], columns),
            ])
        }
    }

    /// Per stage: how many interactions, their total and their total weighted by the stage's probability.
    /// `visible` narrows the interactions (` AND …` on `i`), as the board's cards are.
    static func forecast(type: UUID, visible: SQLQueryString = "", _ db: any Database) async throws -> [UUID: (count: Int, amount: Int64, weighted: Int64)] {
        let rows = try await TableStore.sqlDatabase(db).raw("""
            SELECT i.stage_id, COUNT(*) AS n, CAST(COALESCE(SUM(i.amount), 0) AS BIGINT) AS total, MAX(s.probability) AS probability
            FROM interactions i JOIN pipeline_stages s ON s.id = i.stage_id
            WHERE i.type_id = \(bind: type) AND i.archived = \(bind: false) AND i.series_id IS NULL\(visible)
            GROUP BY i.stage_id
            """).all()
        var result: [UUID: (count: Int, amount: Int64, weighted: Int64)] = [:]
        for row in rows {
            let total = try row.decode(column: "total", as: Int64.self)
            let probability = try row.decode(column: "probability", as: Int64.self)
            result[try row.decode(column: "stage_id", as: UUID.self)] = (try row.decode(column: "n", as: Int.self), total, total * probability / 100)
        }
        return result
    }
}
