import ComptoirServices
import Foundation
import Vapor

/// « Recherche »: the page of the global search; the results come from `SearchService`.
enum GlobalSearch {
    static func register(_ routes: any RoutesBuilder) {
        routes.get("search") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let locale = request.locale
            let q = (request.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespaces)
            var content: [HTMLNode] = [
                H.el("h1", text: L("Recherche", "Search")(locale)),
                H.el(
                    "form", [("method", "get"), ("action", "/search"), ("role", "search"), ("class", "filters")],
                    [
                        H.el(
                            "div", [("class", "field")],
                            [
                                H.el("label", [("for", "search-q")], text: L("Rechercher", "Search")(locale)),
                                H.void(
                                    "input",
                                    [
                                        ("id", "search-q"), ("type", "search"), ("name", "q"), ("value", q), ("autocomplete", "off"),
                                        ("autofocus", "autofocus"),
                                    ]),
                            ]),
                        H.el(
                            "div", [("class", "filter-actions")],
                            [H.el("button", [("type", "submit"), ("class", "button primary")], text: L("Rechercher", "Search")(locale))]),
                    ]),
            ]
            if q.count >= 2 {
                let groups = try await SearchService(request.context).search(q)
                if groups.isEmpty {
                    content.append(
                        H.el("p", [("class", "empty")], text: L("Aucun résultat pour « \(q) ».", "No results for \"\(q)\".")(locale)))
                }
                for group in groups {
                    content.append(
                        H.el(
                            "section", [("class", "panel")],
                            [
                                H.el("h2", text: group.label(locale)),
                                H.el(
                                    "ul", [("class", "search-results")],
                                    group.hits.map { hit in
                                        H.el(
                                            "li", [],
                                            [H.link(hit.path, hit.title), H.el("span", [("class", "muted")], text: " " + hit.subtitle)])
                                    }),
                            ]))
                }
            } else if !q.isEmpty {
                content.append(
                    H.el("p", [("class", "muted")], text: L("Saisissez au moins deux caractères.", "Type at least two characters.")(locale))
                )
            }
            return Layout.page(request, title: L("Recherche", "Search")(locale), content)
        }
    }
}
