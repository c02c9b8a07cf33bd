import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// Registers the JSON API of an entity (`/api/v1/<name>`), documented from its fields.
public enum EntityAPI {
    public static func register(_ definition: EntityDefinition, on api: APIRoutes, tag: String) {
        let item = schema(definition, for: .detail)
        let writeSchema = schema(definition, for: .create)
        let patchSchema = schema(definition, for: .edit, partial: true)
        let singular = definition.singular.en
        if let singletonID = definition.singletonID {
            api.on(.GET, definition.name, summary: "Read the \(singular)", tag: tag, response: item) { request in
                let definition = try await definition.resolved(for: request)
                return representation(definition, try await EntityService(definition, request).get(singletonID)).response()
            }
            api.on(.PATCH, definition.name, summary: "Change the \(singular)", tag: tag, request: patchSchema, response: item) { request in
                let definition = try await definition.resolved(for: request)
                let input = try input(definition, request, use: .edit)
                return try representation(definition, try await EntityService(definition, request).update(singletonID, input)).response()
            }
            return
        }
        api.on(
            .GET, definition.name, summary: "List \(definition.plural.en.lowercased())", tag: tag, response: APISchemas.list(of: item),
            query: APISchemas.listQuery.filter { $0.name != "sort" } + [sortParameter(definition)]
                + definition.fields(.filter).flatMap(filterParameters)
        ) { request in
            let definition = try await definition.resolved(for: request)
            let page = try await EntityService(definition, request).list(EntityService.parameters(from: request, definition))
            let items = page.rows.map { representation(definition, $0) }
            return JSONValue.object(["items": .array(items), "nextCursor": page.nextCursor.map { .string($0) } ?? .null]).response()
        }
        if definition.operations.contains(.create) {
            api.on(
                .POST, definition.name, summary: "Create a \(singular.lowercased())", tag: tag, request: writeSchema, response: item,
                status: 201
            ) { request in
                let definition = try await definition.resolved(for: request)
                let input = try input(definition, request, use: .create)
                return representation(definition, try await EntityService(definition, request).create(input)).response(.created)
            }
        }
        api.on(.GET, "\(definition.name)/:id", summary: "Read a \(singular.lowercased())", tag: tag, response: item) { request in
            let definition = try await definition.resolved(for: request)
            return representation(definition, try await EntityService(definition, request).get(try EntityRoutes.id(request))).response()
        }
        if definition.operations.contains(.update) {
            api.on(
                .PATCH, "\(definition.name)/:id", summary: "Change a \(singular.lowercased())", tag: tag, request: patchSchema,
                response: item
            ) { request in
                let definition = try await definition.resolved(for: request)
                let id = try EntityRoutes.id(request)
                let input = try input(definition, request, use: .edit)
                return representation(definition, try await EntityService(definition, request).update(id, input)).response()
            }
        }
        if definition.operations.contains(.delete) {
            registerDelete(definition, on: api, tag: tag)
        }
    }

    /// `DELETE /api/v1/<name>/{id}`: 204, or 409 `deletion_blocked` naming what refuses it (`GET` the record's
    /// `…/deletion` to know beforehand).
    static func registerDelete(_ definition: EntityDefinition, on api: APIRoutes, tag: String) {
        let singular = definition.singular.en.lowercased()
        api.on(
            .DELETE, "\(definition.name)/:id", summary: "Delete a \(singular) with its links and files (409 when something refuses it)",
            tag: tag, status: 204
        ) { request in
            let definition = try await definition.resolved(for: request)
            try await EntityService(definition, request).delete(try EntityRoutes.id(request))
            return Response(status: .noContent)
        }
        api.on(
            .GET, "\(definition.name)/:id/deletion", summary: "What deleting a \(singular) would remove, keep, or be refused by", tag: tag,
            response: deletionPlanSchema
        ) { request in
            let definition = try await definition.resolved(for: request)
            let plan = try await EntityService(definition, request).deletionPlan(try EntityRoutes.id(request))
            func texts(_ items: [Localized]) -> JSONValue { .array(items.map { .string($0(request.locale)) }) }
            return JSONValue.object([
                "allowed": .bool(plan.isAllowed), "blockers": texts(plan.blockers), "removed": texts(plan.removed),
                "kept": texts(plan.kept),
            ]).response()
        }
    }

    static let deletionPlanSchema: JSONValue = [
        "type": "object", "required": ["allowed", "blockers", "removed", "kept"],
        "properties": [
            "allowed": ["type": "boolean"], "blockers": ["type": "array", "items": ["type": "string"]],
            "removed": ["type": "array", "items": ["type": "string"]], "kept": ["type": "array", "items": ["type": "string"]],
        ],
    ]

    /// `?sort=`: a sortable key, `-` before it for descending, empty for the default order.
    static func sortParameter(_ definition: EntityDefinition) -> (name: String, schema: JSONValue, description: String) {
        var keys = definition.fields(.sort).map(\.key)
        if definition.timestamps { keys.append("createdAt") }
        let values = keys.flatMap { [$0, "-" + $0] } + [""]
        return ("sort", ["type": "string", "enum": .array(values.map { .string($0) })], "Field key, prefixed with - for descending")
    }

    /// The query parameters a filter field takes, typed as `EntityService.filters(for:)` reads them;
    /// an empty value means "all".
    static func filterParameters(_ field: FieldDefinition) -> [(name: String, schema: JSONValue, description: String)] {
        let label = field.label.en
        func any(_ schema: JSONValue) -> JSONValue { ["anyOf": [schema, ["type": "string", "maxLength": 0]]] }
        switch field.kind {
        case .dateTime:
            return [
                (field.key + "From", any(["type": "string", "format": "date"]), "\(label) on or after this day"),
                (field.key + "To", any(["type": "string", "format": "date"]), "\(label) on or before this day"),
            ]
        case .bool:
            // Every spelling `FieldParsing.parse` takes for yes/no (forms and saved segments use some).
            let values = ["true", "false", "1", "0", "on", "off", "yes", "no", "oui", "non", ""]
            return [(field.key, ["type": "string", "enum": .array(values.map { .string($0) })], "Filter on \(label)")]
        case .choice(let choices) where !choices.isEmpty:
            return [(field.key, ["type": "string", "enum": .array(choices.map { .string($0.value) } + [""])], "Filter on \(label)")]
        case .multiChoice(let choices) where !choices.isEmpty:
            return [(field.key, ["type": "string", "enum": .array(choices.map { .string($0.value) } + [""])], "Filter on \(label)")]
        case .choice, .multiChoice, .reference, .lookup:
            return [(field.key, any(["type": "string", "format": "uuid"]), "Filter on \(label) (an id)")]
        default:
            return [(field.key, ["type": "string"], "Filter on \(label) (contains)")]
        }
    }

    /// The JSON object of a row: `id`, the fields by key, timestamps, and extras.
    public static func representation(_ definition: EntityDefinition, _ row: TableRow) -> JSONValue {
        var object: [String: JSONValue] = ["id": .string(row.id.uuidString.lowercased())]
        var custom: [String: JSONValue] = [:]
        for field in definition.fields where !field.isPassword && (field.uses.contains(.detail) || field.uses.contains(.list)) {
            if let key = field.customKey {
                custom[key] = FieldParsing.json(field, row[field.column])
            } else {
                object[field.key] = FieldParsing.json(field, row[field.column])
            }
        }
        if definition.customFieldsEntity != nil { object["customFields"] = .object(custom) }
        if definition.timestamps {
            object["createdAt"] = row["created_at"].dateValue.map { .string(ISO8601.string($0)) } ?? .null
            object["updatedAt"] = row["updated_at"].dateValue.map { .string(ISO8601.string($0)) } ?? .null
        }
        if let extras = definition.hooks.apiExtras {
            object.merge(extras(row)) { $1 }
        }
        return .object(object)
    }

    /// The submitted fields as strings; unknown keys and wrong types are validation errors.
    static func input(_ definition: EntityDefinition, _ request: Request, use: FieldUse) throws -> EntityInput {
        var object = try APIInput.object(request)
        let allowed = Dictionary(definition.fields(use).map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        var values: [String: String] = [:]
        var errors: [String: [Localized]] = [:]
        // Custom fields arrive as {"customFields": {"key": value}}; they are validated like the others.
        if definition.customFieldsEntity != nil, let custom = object.removeValue(forKey: "customFields") {
            guard case .object(let customValues) = custom else {
                throw AppError.validation(["customFields": [L("Objet attendu.", "An object is expected.")]])
            }
            for (key, value) in customValues { object[CustomFieldsSupport.formPrefix + key] = value }
        }
        for (key, value) in object {
            guard let field = allowed[key] else {
                errors[key] = [L("Champ inconnu ou non modifiable.", "Unknown or read-only field.")]
                continue
            }
            guard let text = FieldParsing.string(fromJSON: value, for: field) else {
                errors[key] = [FieldParsing.typeMessage(field)]
                continue
            }
            values[key] = text
        }
        if !errors.isEmpty { throw AppError.validation(errors) }
        return EntityInput(values: values, isPartial: use == .edit, omittedMeansDefault: true)
    }

    /// The JSON schema of the representation (`.detail`) or of a write body.
    static func schema(_ definition: EntityDefinition, for use: FieldUse, partial: Bool = false) -> JSONValue {
        var properties: [String: JSONValue] = [:]
        var required: [JSONValue] = []
        let fields =
            use == .detail
            ? definition.fields.filter { !$0.isPassword && ($0.uses.contains(.detail) || $0.uses.contains(.list)) }
            : definition.fields(use)
        for field in fields where field.customFieldID == nil {
            properties[field.key] = fieldSchema(field, write: use != .detail)
            // A field the server fills in when it is left out (a default locale, role…) is not required.
            if field.required && !partial && (use == .detail || definition.defaults[field.column] == nil) {
                required.append(.string(field.key))
            }
        }
        if definition.customFieldsEntity != nil {
            properties["customFields"] = ["type": "object", "description": "Custom fields by key (« champs spécifiques »)"]
        }
        if use == .detail {
            properties["id"] = ["type": "string", "format": "uuid"]
            required.insert("id", at: 0)
            if definition.timestamps {
                properties["createdAt"] = ["type": ["string", "null"], "format": "date-time"]
                properties["updatedAt"] = ["type": ["string", "null"], "format": "date-time"]
            }
        }
        var schema: [String: JSONValue] = ["type": "object", "properties": .object(properties)]
        if !required.isEmpty { schema["required"] = .array(required) }
        if use != .detail { schema["additionalProperties"] = false }
        return .object(schema)
    }

    /// Characters Swift counts as line breaks (`Character.isNewline`): a one-line text refuses them.
    static let singleLinePattern = #"^[^\n\r\u000B\u000C\u0085\u2028\u2029]*$"#
    /// What `fastTrimmed` removes: a required text needs one other character.
    static let notBlankPattern = #"[^\t-\r \u0085\u00A0\u1680\u2000-\u200B\u2028\u2029\u202F\u205F\u3000]"#

    /// A field's JSON schema; `write` adds what the server checks on input (lengths, one line, not
    /// blank), which stored values written before a rule changed may not meet.
    static func fieldSchema(_ field: FieldDefinition, write: Bool = false) -> JSONValue {
        func nullable(_ type: String) -> JSONValue { field.required ? .string(type) : [.string(type), "null"] }
        if let schema = field.jsonSchema {
            guard !field.required, case .object(var object) = schema else { return schema }
            object["type"] = ["object", "null"]
            return .object(object)
        }
        var schema: [String: JSONValue] = ["description": .string(field.label.en)]
        switch field.kind {
        case .bool: schema["type"] = "boolean"
        case .integer(let min, let max):
            schema["type"] = nullable("integer")
            if write, let min { schema["minimum"] = .int(min) }
            if write, let max { schema["maximum"] = .int(max) }
        case .money:
            schema["type"] = nullable("string")
            schema["pattern"] = "^-?[0-9]+(\\.[0-9]{1,2})?$"
        case .quantity:
            schema["type"] = nullable("string")
            schema["pattern"] = "^[0-9]+(\\.[0-9]{1,3})?$"
        case .dateTime:
            schema["type"] = nullable("string")
            schema["format"] = "date-time"
        case .email:
            schema["type"] = nullable("string")
            schema["format"] = "email"
        case .url:
            schema["type"] = nullable("string")
            schema["format"] = "uri"
        case .choice(let choices):
            schema["type"] = nullable("string")
            // Choices filled in per request (users, types…) are not listed: an empty enum would allow nothing.
            if !choices.isEmpty { schema["enum"] = .array(choices.map { .string($0.value) } + (field.required ? [] : [.null])) }
        case .reference, .lookup:
            schema["type"] = nullable("string")
            schema["format"] = "uuid"
        case .multiChoice(let choices):
            // Stored empty, a multiple choice reads back as null.
            schema["type"] = nullable("array")
            schema["items"] =
                choices.isEmpty
                ? ["type": "string", "description": "An id among the choices offered for this record"]
                : ["type": "string", "enum": .array(choices.map { .string($0.value) })]
        case .date:
            schema["type"] = nullable("string")
            schema["format"] = "date"
        case .password:
            schema["type"] = "string"
            schema["writeOnly"] = true
            schema["minLength"] = .int(Int64(AccountService.minimumPasswordLength))
        case .text(let maxLength):
            schema["type"] = nullable("string")
            if write {
                schema["maxLength"] = .int(Int64(maxLength))
                schema["pattern"] = .string(singleLinePattern)
            }
        case .longText:
            schema["type"] = nullable("string")
            if write { schema["maxLength"] = 20_000 }
        default:
            schema["type"] = nullable("string")
        }
        // A required text that is only spaces is empty once trimmed (a money pattern already needs a digit).
        if write, field.required, schema["type"] == "string", schema["enum"] == nil, schema["minLength"] == nil {
            switch schema["pattern"] {
            case nil: schema["pattern"] = .string(notBlankPattern)
            case .string(singleLinePattern)?:
                schema["pattern"] = nil
                schema["allOf"] = [["pattern": .string(singleLinePattern)], ["pattern": .string(notBlankPattern)]]
            default: break
            }
        }
        return .object(schema)
    }
}
