import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// One result of the global search.
public struct SearchHit: Sendable {
    public var title: String
    public var subtitle: String
    public var path: String
}

/// A kind of record the global search looks into; modules add theirs as they land.
/// Each provider is asked only when the policy lets the user read its module.
public struct SearchProvider: Sendable {
    public var kind: String
    public var label: Localized
    public var module: PermissionModule
    public var search: @Sendable (_ text: String, _ request: Request, _ limit: Int) async throws -> [SearchHit]
}

enum GlobalSearch {
    static let providers: [SearchProvider] = DirectorySearch.providers + [
        SearchProvider(kind: "projects", label: L("Projets", "Projects"), module: .projects) { text, request, limit in
            try await ProjectRoutes.resolve(text, request).prefix(limit).map {
                SearchHit(title: $0.1, subtitle: "", path: "/projects/\($0.0.uuidString.lowercased())")
            }
        },
        SearchProvider(kind: "users", label: L("Utilisateurs", "Users"), module: .accounts) { text, request, limit in
            let page = try await TableStore.list(
                UsersEntity.definition.tableSpec,
                ListRequest(filters: [.anyContains(["name", "email"], text)], sortColumn: "name", limit: limit), on: request.db)
            return page.rows.map {
                SearchHit(title: $0["name"].textValue ?? "", subtitle: $0["email"].textValue ?? "",
                          path: UsersEntity.definition.path($0.id))
            }
        }
    ]

    /// Results grouped by kind, only from modules the user may read.
    static func run(
        _ text: String, _ request: Request, limit: Int = 10, kinds: Set<String>? = nil
    ) async throws -> [(SearchProvider, [SearchHit])] {
        var groups: [(SearchProvider, [SearchHit])] = []
        for provider in providers where Policy.allows(request.actor, .read, provider.module) && (kinds?.contains(provider.kind) ?? true) {
            let hits = try await provider.search(text, request, limit)
            if !hits.isEmpty { groups.append((provider, hits)) }
        }
        return groups
    }

    static func register(_ routes: any RoutesBuilder) {
        routes.get("search") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let locale = request.locale
            let q = (request.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespaces)
            var content: [HTMLNode] = [
                H.el("h1", text: L("Recherche", "Search")(locale)),
                H.el("form", [("method", "get"), ("action", "/search"), ("role", "search"), ("class", "filters")], [
                    H.el("div", [("class", "field")], [
                        H.el("label", [("for", "search-q")], text: L("Rechercher", "Search")(locale)),
                        H.void("input", [("id", "search-q"), ("type", "search"), ("name", "q"), ("value", q), ("autocomplete", "off"), ("autofocus", "autofocus")]),
                    ]),
                    H.el("div", [("class", "filter-actions")], [H.el("button", [("type", "submit"), ("class", "button primary")], text: L("Rechercher", "Search")(locale))]),
                ]),
            ]
            if q.count >= 2 {
                let groups = try await run(q, request)
                if groups.isEmpty {
                    content.append(H.el("p", [("class", "empty")], text: L("Aucun résultat pour « \(q) ».", "No results for \"\(q)\".")(locale)))
                }
                for (provider, hits) in groups {
                    content.append(H.el("section", [("class", "panel")], [
                        H.el("h2", text: provider.label(locale)),
                        H.el("ul", [("class", "search-results")], hits.map { hit in
                            H.el("li", [], [H.link(hit.path, hit.title), H.el("span", [("class", "muted")], text: " " + hit.subtitle)])
                        }),
                    ]))
                }
            } else if !q.isEmpty {
                content.append(H.el("p", [("class", "muted")], text: L("Saisissez au moins deux caractères.", "Type at least two characters.")(locale)))
            }
            return Layout.page(request, title: L("Recherche", "Search")(locale), content)
        }
    }
}
