import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// The Kanban board of a pipeline type (« Vente » by default): one column per stage with its
/// total and weighted forecast; cards move by drag and drop with a mouse, or with the stage menu on each card
/// (keyboard and phones).
enum BoardPage {
    static func register(_ routes: any RoutesBuilder) {
        routes.get("interactions", "board") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let locale = request.locale
            let board = try await BoardService(request.context).board(
                type: request.query[String.self, at: "type"].flatMap(UUID.init(uuidString:)))
            let selected = board.selected, stages = board.stages
            let canWrite = request.context.allows(.write, .activities)
            var columns: [HTMLNode] = []
            for stage in stages {
                let total = board.totals[stage.id] ?? StageTotals(count: 0, amount: 0, weighted: 0)
                let stageCards = board.cards(in: stage.id)
                let cardNodes: [HTMLNode] = stageCards.map { card in
                    let id = card.id.uuidString.lowercased()
                    let subject = card.subject
                    var nodes: [HTMLNode] = [H.link("/interactions/\(id)", subject, [("class", "card-title")])]
                    if let company = card.company { nodes.append(H.el("div", [("class", "muted")], text: company)) }
                    if let amount = card.amount {
                        nodes.append(H.el("div", [("class", "amount")], text: Money(minorUnits: amount).formatted(locale: locale)))
                    }
                    if canWrite {
                        nodes.append(
                            H.postForm(
                                "/interactions/\(id)/stage", csrf: request.csrfToken, attributes: [("class", "move-form")],
                                [
                                    H.hidden("back", "/interactions/board?type=\(selected.id.uuidString.lowercased())"),
                                    H.el(
                                        "label", [("class", "visually-hidden"), ("for", "move-\(id)")],
                                        text: L("Étape de « \(subject) »", "Stage of \"\(subject)\"")(locale)),
                                    EntityPagesView.select(
                                        id: "move-\(id)", name: "stageId", options: stages.map { ($0.id.uuidString.lowercased(), $0.name) },
                                        selected: stage.id.uuidString.lowercased()),
                                    H.el("button", [("type", "submit"), ("class", "button small")], text: L("Déplacer", "Move")(locale)),
                                ]))
                    }
                    return H.el("li", [("class", "board-card"), ("draggable", canWrite ? "true" : nil), ("data-id", id)], nodes)
                }
                columns.append(
                    H.el(
                        "section", [("class", "board-column"), ("data-stage", stage.id.uuidString.lowercased())],
                        [
                            H.el("h2", text: stage.name),
                            H.el(
                                "p", [("class", "board-totals")],
                                text:
                                    "\(total.count) — " + Money(minorUnits: total.amount).formatted(locale: locale)
                                    + L(" — pondéré ", " — weighted ")(locale) + Money(minorUnits: total.weighted).formatted(locale: locale)
                                    + " (\(stage.probability) %)"),
                            H.el("ul", [("class", "board-cards")], cardNodes),
                        ]))
            }
            // The forecast counts open deals only; won and lost ones are shown apart.
            let weighted = board.sum("open", weighted: true)
            let won = board.sum("won", weighted: false), lost = board.sum("lost", weighted: false)
            let tabs = board.pipelines.map { type in
                H.el(
                    "a",
                    [
                        ("href", "/interactions/board?type=\(type.id.uuidString.lowercased())"),
                        ("class", type.id == selected.id ? "tab active" : "tab"),
                        ("aria-current", type.id == selected.id ? "page" : nil),
                    ], text: type.name)
            }
            return Layout.page(
                request, title: L("Tableau des affaires", "Deal board")(locale),
                [
                    H.el(
                        "div", [("class", "page-head")],
                        [
                            H.el("h1", text: L("Tableau : \(selected.name)", "Board: \(selected.name)")(locale)),
                            H.el(
                                "div", [("class", "actions")],
                                [
                                    H.link(
                                        "/interactions/new", L("Nouvelle interaction", "New interaction")(locale),
                                        [("class", "button primary")]),
                                    H.link("/interactions", L("Liste", "List")(locale), [("class", "button")]),
                                ]),
                        ]),
                    H.el("nav", [("class", "tabs"), ("aria-label", L("Types suivis par étapes", "Pipeline types")(locale))], tabs),
                    H.el(
                        "p", [("class", "muted board-forecast")],
                        text: L("Prévision pondérée des affaires en cours : ", "Weighted forecast of open deals: ")(locale)
                            + Money(minorUnits: weighted).formatted(locale: locale)
                            + L(" — gagnées : ", " — won: ")(locale) + Money(minorUnits: won).formatted(locale: locale)
                            + L(" — perdues : ", " — lost: ")(locale) + Money(minorUnits: lost).formatted(locale: locale)),
                    H.el("div", [("class", "board"), ("data-csrf", request.csrfToken)], columns),
                ])
        }
    }
}
