import ComptoirStore
import FluentKit
import Foundation

/// « Centres d'intérêt »: hierarchical interest tags (« Assurance › Auto › Prospect »).
public enum TagsEntity {
    public static let definition: EntityDefinition = {
        var definition = EntityDefinition(
            name: "tags", table: "tags", singular: L("Centre d'intérêt", "Interest tag"), plural: L("Centres d'intérêt", "Interest tags"),
            module: .directory,
            fields: [
                FieldDefinition("name", L("Nom", "Name"), .text(maxLength: 80), required: true, uses: [.standard, .search]),
                FieldDefinition(
                    "parentId", L("Parent", "Parent"), .reference([]), uses: [.standard, .filter],
                    help: L("Laissez vide pour un centre d'intérêt de premier niveau.", "Leave empty for a top-level tag.")),
                FieldDefinition("path", L("Chemin", "Path"), .text(maxLength: 1000), uses: [.list, .detail, .sort, .search]),
            ],
            htmlPath: "/tags", defaultSort: "path", titleColumn: "path",
            rules: EntityRules(
                prepare: prepare,
                afterWrite: { row, previous, context in
                    if previous != nil { try await TagStore.refreshDescendantPaths(of: row.id, on: context.db) }
                }, resolve: resolve))
        definition.exportable = true
        definition.operations.insert(.delete)
        definition.rules.deletion = DirectoryDeletion.tags
        return definition
    }()

    @Sendable public static func resolve(_ definition: EntityDefinition, _ context: ServiceContext) async throws -> EntityDefinition {
        let tree = try await TagStore.all(on: context.db)
        var copy = definition
        copy.fields = definition.fields.map { field in
            guard field.key == "parentId" else { return field }
            var resolved = field
            resolved.kind = .reference(tree.map { FieldChoice($0.id.uuidString.lowercased(), .same($0.path)) })
            return resolved
        }
        return copy
    }

    /// The path follows the parent; a tag cannot sit under itself or its descendants; paths are unique.
    @Sendable public static func prepare(
        _ values: inout [String: FieldValue], _ raw: [String: String], _ existing: TableRow?, _ context: ServiceContext
    ) async throws -> [String: [Localized]] {
        let tree = try await TagStore.all(on: context.db)
        let name = values["name"]?.textValue ?? existing?["name"].textValue ?? ""
        if name.contains("›") {
            return ["name": [L("Le caractère « › » est réservé aux chemins.", "The \"›\" character is reserved for paths.")]]
        }
        let parent: UUID? = values.keys.contains("parent_id") ? values["parent_id"]?.uuidValue : existing?["parent_id"].uuidValue
        if let existing, let parent {
            let forbidden = TagStore.withDescendants([existing.id], in: tree)
            if forbidden.contains(parent) {
                return [
                    "parentId": [
                        L(
                            "Un centre d'intérêt ne peut pas être rangé sous lui-même ou sous un de ses descendants.",
                            "A tag cannot be placed under itself or one of its descendants.")
                    ]
                ]
            }
        }
        let path = TagStore.path(name: name, parent: parent, in: tree)
        if tree.contains(where: { $0.path.lowercased() == path.lowercased() && $0.id != existing?.id }) {
            return ["name": [L("Ce centre d'intérêt existe déjà à cet endroit.", "This tag already exists there.")]]
        }
        values["path"] = .text(path)
        return [:]
    }
}
