import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

extension DirectoryTagging {
    /// The tag filter in the list's filter form (a multiple select and the mode).
    @Sendable static func controls(_ parameters: EntityService.ListParameters, _ request: Request) async throws -> [HTMLNode] {
        let locale = request.locale
        let tree = try await DirectoryService(request).tagTree()
        guard !tree.isEmpty else { return [] }
        let selected = Set((parameters.extra["tags"] ?? "").split(separator: ",").map { String($0).lowercased() })
        let mode = parameters.extra["tagMode"] ?? "any"
        return [
            H.el(
                "div", [("class", "field")],
                [
                    H.el("label", [("for", "filter-tags")], text: L("Centres d'intérêt", "Interest tags")(locale)),
                    H.el(
                        "select", [("id", "filter-tags"), ("name", "tags"), ("multiple", "multiple"), ("size", "3")],
                        tree.map { tag in
                            let value = tag.id.uuidString.lowercased()
                            return H.el("option", [("value", value), H.flag("selected", selected.contains(value))], text: tag.path)
                        }),
                ]),
            H.el(
                "div", [("class", "field")],
                [
                    H.el("label", [("for", "filter-tag-mode")], text: L("Correspondance", "Match")(locale)),
                    EntityPagesView.select(
                        id: "filter-tag-mode", name: "tagMode",
                        options: [
                            ("any", L("au moins un", "any")(locale)), ("all", L("tous", "all")(locale)),
                            ("none", L("aucun", "none")(locale)),
                        ], selected: mode),
                ]),
        ]
    }
}
