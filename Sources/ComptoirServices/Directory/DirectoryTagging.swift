import ComptoirStore
import FluentKit
import Foundation

/// Tag filters on lists: `tags=<id>,<id>` with `tagMode=any|all|none`, descendants included
/// (filtering on « Assurance » finds records tagged « Assurance › Auto »).
public enum DirectoryTagging {
    public static let parameters = ["tags", "tagMode"]

    public static func filters(_ target: TagTarget)
        -> @Sendable (EntityService.ListParameters, ServiceContext) async throws -> [ColumnFilter]
    {
        { parameters, request in
            try await columnFilters(target, tags: parameters.extra["tags"], mode: parameters.extra["tagMode"], on: request.db)
        }
    }

    public static func columnFilters(_ target: TagTarget, tags raw: String?, mode: String?, on db: any Database) async throws
        -> [ColumnFilter]
    {
        guard let raw, !raw.isEmpty else { return [] }
        var ids: [UUID] = []
        for part in raw.split(separator: ",") {
            guard let id = UUID(uuidString: part.trimmingCharacters(in: .whitespaces)) else {
                throw AppError(
                    .badRequest, code: "invalid_filter", L("Centre d'intérêt inconnu.", "Unknown interest tag."),
                    fields: ["tags": [L("Identifiant invalide.", "Invalid identifier.")]])
            }
            ids.append(id)
        }
        let tree = try await TagStore.all(on: db)
        func expand(_ id: UUID) -> [UUID] { Array(TagStore.withDescendants([id], in: tree)) }
        switch mode ?? "any" {
        case "any":
            return [
                .linked(
                    linkTable: target.linkTable, recordColumn: target.recordColumn, valueColumn: "tag_id",
                    values: Array(TagStore.withDescendants(Set(ids), in: tree)), negate: false)
            ]
        case "all":
            return ids.map {
                .linked(
                    linkTable: target.linkTable, recordColumn: target.recordColumn, valueColumn: "tag_id", values: expand($0), negate: false
                )
            }
        case "none":
            return [
                .linked(
                    linkTable: target.linkTable, recordColumn: target.recordColumn, valueColumn: "tag_id",
                    values: Array(TagStore.withDescendants(Set(ids), in: tree)), negate: true)
            ]
        default:
            throw AppError(
                .badRequest, code: "invalid_filter", L("Mode de filtre inconnu (any, all, none).", "Unknown filter mode (any, all, none)."))
        }
    }

}
