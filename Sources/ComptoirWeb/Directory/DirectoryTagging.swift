import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import Vapor

/// Tag filters on lists: `tags=<id>,<id>` with `tagMode=any|all|none`, descendants included
/// (filtering on « Assurance » finds records tagged « Assurance › Auto »).
enum DirectoryTagging {
    static let parameters = ["tags", "tagMode"]

    static func filters(_ target: TagTarget) -> @Sendable (EntityService.ListParameters, ServiceContext) async throws -> [ColumnFilter] {
        { parameters, request in
            try await columnFilters(target, tags: parameters.extra["tags"], mode: parameters.extra["tagMode"], on: request.db)
        }
    }

    static func columnFilters(_ target: TagTarget, tags raw: String?, mode: String?, on db: any Database) async throws -> [ColumnFilter] {
        guard let raw, !raw.isEmpty else { return [] }
        var ids: [UUID] = []
        for part in raw.split(separator: ",") {
            guard let id = UUID(uuidString: part.trimmingCharacters(in: .whitespaces)) else {
                throw AppError(.badRequest, code: "invalid_filter", L("Centre d'intérêt inconnu.", "Unknown interest tag."), fields: ["tags": [L("Identifiant invalide.", "Invalid identifier.")]])
            }
            ids.append(id)
        }
        let tree = try await TagStore.all(on: db)
        func expand(_ id: UUID) -> [UUID] { Array(TagStore.withDescendants([id], in: tree)) }
        switch mode ?? "any" {
        case "any":
            return [.linked(linkTable: target.linkTable, recordColumn: target.recordColumn, valueColumn: "tag_id",
                            values: Array(TagStore.withDescendants(Set(ids), in: tree)), negate: false)]
        case "all":
            return ids.map { .linked(linkTable: target.linkTable, recordColumn: target.recordColumn, valueColumn: "tag_id", values: expand($0), negate: false) }
        case "none":
            return [.linked(linkTable: target.linkTable, recordColumn: target.recordColumn, valueColumn: "tag_id",
                            values: Array(TagStore.withDescendants(Set(ids), in: tree)), negate: true)]
        default:
            throw AppError(.badRequest, code: "invalid_filter", L("Mode de filtre inconnu (any, all, none).", "Unknown filter mode (any, all, none)."))
        }
    }

    /// The tag filter in the list's filter form (a multiple select and the mode).
    @Sendable static func controls(_ parameters: EntityService.ListParameters, _ request: Request) async throws -> [HTMLNode] {
        let locale = request.locale
        let tree = try await TagStore.all(on: request.db)
        guard !tree.isEmpty else { return [] }
        let selected = Set((parameters.extra["tags"] ?? "").split(separator: ",").map { String($0).lowercased() })
        let mode = parameters.extra["tagMode"] ?? "any"
        return [
            H.el("div", [("class", "field")], [
                H.el("label", [("for", "filter-tags")], text: L("Centres d'intérêt", "Interest tags")(locale)),
                H.el("select", [("id", "filter-tags"), ("name", "tags"), ("multiple", "multiple"), ("size", "3")], tree.map { tag in
                    let value = tag.id.uuidString.lowercased()
                    return H.el("option", [("value", value), H.flag("selected", selected.contains(value))], text: tag.path)
                }),
            ]),
            H.el("div", [("class", "field")], [
                H.el("label", [("for", "filter-tag-mode")], text: L("Correspondance", "Match")(locale)),
                EntityPagesView.select(id: "filter-tag-mode", name: "tagMode", options: [
                    ("any", L("au moins un", "any")(locale)), ("all", L("tous", "all")(locale)), ("none", L("aucun", "none")(locale)),
                ], selected: mode),
            ]),
        ]
    }
}
