import ComptoirStore
import FluentKit
import Foundation

/// « Segments »: named conditions over companies or contacts (`SegmentCriteria`), counted live and reused by
/// prospecting campaigns and mailings. A list query (« Enregistrer comme segment », older segments) is turned into
/// conditions when saved, and when read for a segment stored before conditions existed.
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
                criteriaField,
                FieldDefinition(
                    "query", L("Critères (requête de liste)", "Criteria (list query)"), .longText, uses: .form,
                    help: L(
                        "Paramètres d'une liste filtrée (ex. isClient=true&billingCity=Lyon), traduits en conditions à l'enregistrement.",
                        "A filtered list's parameters (e.g. isClient=true&billingCity=Lyon), turned into conditions when saved.")),
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

    /// The conditions as the API takes them: `{"match": "all"|"any", "conditions": [{"field", "op", "value", "value2"}]}`.
    static var criteriaField: FieldDefinition {
        var field = FieldDefinition(
            "criteria", L("Conditions", "Conditions"), .longText, uses: .form,
            help: L("Les conditions du segment.", "The segment's conditions."))
        let condition: JSONValue = [
            "type": "object", "required": ["field", "op"],
            "properties": [
                "field": ["type": "string", "description": "A field key of the records, `tags` or `q` (search)"],
                "op": [
                    "type": "string",
                    "enum": .array(SegmentOperator.allCases.map { .string($0.rawValue) }),
                ],
                "value": ["type": "string"], "value2": ["type": ["string", "null"]],
            ],
        ]
        field.jsonSchema = [
            "type": "object", "description": "The segment's conditions: all of them (`all`) or at least one (`any`)",
            "required": ["conditions"],
            "properties": [
                "match": ["type": "string", "enum": ["all", "any"]],
                "conditions": ["type": "array", "items": condition],
            ],
        ]
        return field
    }

    /// The conditions are checked against the records' fields (each row at fault named: `conditions.N` for the form,
    /// `criteria` for the API); a list query is turned into conditions, or kept when conditions cannot say it (it is then
    /// checked by evaluating it, as before).
    @Sendable public static func prepare(
        _ values: inout [String: FieldValue], _ raw: [String: String], _ existing: TableRow?, _ context: ServiceContext
    ) async throws -> [String: [Localized]] {
        guard let kind = kind(values["entity"]?.textValue ?? existing?["entity"].textValue) else { return [:] }
        let definition = try await kind.definition.resolved(for: context)
        let criteriaText = values["criteria"]?.textValue ?? ""
        var query = (values["query"]?.textValue ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let criteria: SegmentCriteria
        if !criteriaText.isEmpty {
            guard let decoded = SegmentCriteria.decode(criteriaText) else {
                return [
                    "criteria": [L("Conditions illisibles (objet JSON attendu).", "Unreadable conditions (a JSON object is expected).")]
                ]
            }
            criteria = decoded
        } else if !query.isEmpty {
            if query.hasPrefix("?") { query.removeFirst() }
            if let range = query.range(of: "?") { query = String(query[range.upperBound...]) }  // a pasted URL
            // Paging is not part of a segment.
            query = query.split(separator: "&").filter { !$0.hasPrefix("cursor=") && !$0.hasPrefix("limit=") }.joined(separator: "&")
            guard let translated = SegmentConditions.translate(query: query, definition) else {
                values["query"] = .text(query)
                values["criteria"] = .null
                do {
                    _ = try await EntityService(definition, context).filters(for: EntityService.parameters(query: query, definition))
                } catch let error as AppError {
                    return ["query": [error.fields.values.first?.first ?? error.message]]
                }
                return [:]
            }
            criteria = translated
        } else if values["criteria"] == nil && values["query"] == nil && existing != nil {
            return [:]  // a partial update that leaves the conditions as they are
        } else {
            return ["criteria": [L("Ajoutez au moins une condition.", "Add at least one condition.")]]
        }
        // No condition (an unfiltered list's query, « q= ») selects every record the list shows.
        let (_, problems, normalised) = try await SegmentConditions.compile(criteria, definition, tagTarget: kind.tagTarget, context)
        if !problems.isEmpty {
            // Named after what was sent: the conditions, or the list query they were read from.
            let summaryKey = criteriaText.isEmpty ? "query" : "criteria"
            var errors: [String: [Localized]] = [:]
            for (index, problem) in problems.sorted(by: { $0.key < $1.key }) {
                let message = SegmentConditions.message(index, criteria.conditions[index], problem, definition)
                errors[summaryKey, default: []].append(message)
                if summaryKey == "criteria" { errors["conditions.\(index)"] = [problem] }
            }
            return errors
        }
        var kept = normalised
        kept.conditions = normalised.conditions.filter { !$0.field.isEmpty }
        values["criteria"] = .text(kept.json)
        values["query"] = .text("")
        return [:]
    }

    /// The stored conditions of a segment: its own, or those of its list query (nil when conditions cannot say it).
    public static func criteria(_ row: TableRow, _ definition: EntityDefinition) -> SegmentCriteria? {
        if let text = row["criteria"].textValue, !text.isEmpty, let criteria = SegmentCriteria.decode(text) { return criteria }
        return SegmentConditions.translate(query: row["query"].textValue ?? "", definition)
    }

    /// The list a segment stands for: the resolved definition of its kind and the list parameters of its conditions (the
    /// list's default filters, « not archived », hold unless a condition names their field).
    public static func evaluate(_ row: TableRow, _ context: ServiceContext) async throws -> (EntityDefinition, EntityService.ListParameters)
    {
        guard let kind = kind(row["entity"].textValue) else { throw AppError.notFound }
        let definition = try await kind.definition.resolved(for: context)
        guard let criteria = criteria(row, definition) else {
            return (definition, EntityService.parameters(query: row["query"].textValue ?? "", definition))
        }
        let (filter, problems, _) = try await SegmentConditions.compile(criteria, definition, tagTarget: kind.tagTarget, context)
        if let (index, problem) = problems.min(by: { $0.key < $1.key }) {
            // A field or a tag deleted since the segment was saved.
            throw AppError(
                .unprocessableEntity, code: "invalid_segment",
                SegmentConditions.message(index, criteria.conditions[index], problem, definition))
        }
        var parameters = EntityService.parameters(query: "", definition)
        let named = Set(criteria.conditions.map(\.field))
        parameters.filters = parameters.filters.filter { key, _ in !named.contains(key) }
        parameters.conditions = [filter]
        return (definition, parameters)
    }
}
