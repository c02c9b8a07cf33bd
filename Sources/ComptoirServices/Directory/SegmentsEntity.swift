import ComptoirStore
import FluentKit
import Foundation

/// « Segments »: a named list query over companies or contacts, counted live and reused by
/// prospecting campaigns and mailings. The query is the list's own URL query string.
public enum SegmentsEntity {
    public static let entities = [FieldChoice("companies", L("Sociétés", "Companies")), FieldChoice("contacts", L("Contacts", "Contacts"))]

    public static let definition: EntityDefinition = {
        var definition = EntityDefinition(
            name: "segments", table: "segments", singular: L("Segment", "Segment"), plural: L("Segments", "Segments"),
            module: .directory,
            fields: [
                FieldDefinition("name", L("Nom", "Name"), .text(maxLength: 120), required: true, uses: [.standard, .list, .sort, .search]),
                FieldDefinition(
                    "entity", L("Fiches", "Records"), .choice(entities), required: true, uses: [.detail, .create, .list, .filter]),
                FieldDefinition(
                    "query", L("Critères (requête de liste)", "Criteria (list query)"), .longText, required: true,
                    help: L(
                        "Filtrez une liste puis « Enregistrer comme segment », ou saisissez ses paramètres (ex. isClient=true&billingCity=Lyon).",
                        "Filter a list then \"Save as segment\", or type its parameters (e.g. isClient=true&billingCity=Lyon).")),
                FieldDefinition("description", L("Description", "Description"), .longText),
                DirectoryFields.owner(),
            ],
            htmlPath: "/segments", defaultSort: "name", titleColumn: "name",
            rules: EntityRules(prepare: prepare, resolve: DirectoryFields.resolveOwners))
        return definition
    }()

    public static func kind(_ entity: String?) -> DirectoryKind? {
        entity.flatMap(DirectoryKind.init(rawValue:))
    }

    /// The query must be one the list accepts: it is checked by evaluating it.
    @Sendable public static func prepare(
        _ values: inout [String: FieldValue], _ raw: [String: String], _ existing: TableRow?, _ context: ServiceContext
    ) async throws -> [String: [Localized]] {
        guard let kind = kind(values["entity"]?.textValue ?? existing?["entity"].textValue) else { return [:] }
        var query = (values["query"]?.textValue ?? existing?["query"].textValue ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if query.hasPrefix("?") { query.removeFirst() }
        if let range = query.range(of: "?") { query = String(query[range.upperBound...]) }  // a pasted URL
        // Paging is not part of a segment.
        query = query.split(separator: "&").filter { !$0.hasPrefix("cursor=") && !$0.hasPrefix("limit=") }.joined(separator: "&")
        values["query"] = .text(query)
        do {
            let definition = try await kind.definition.resolved(for: context)
            _ = try await EntityService(definition, context).filters(for: EntityService.parameters(query: query, definition))
        } catch let error as AppError {
            return ["query": [error.fields.values.first?.first ?? error.message]]
        }
        return [:]
    }

    /// The list a segment stands for: the resolved definition of its kind and its stored criteria.
    public static func evaluate(_ row: TableRow, _ context: ServiceContext) async throws -> (EntityDefinition, EntityService.ListParameters)
    {
        guard let kind = kind(row["entity"].textValue) else { throw AppError.notFound }
        let definition = try await kind.definition.resolved(for: context)
        return (definition, EntityService.parameters(query: row["query"].textValue ?? "", definition))
    }
}
