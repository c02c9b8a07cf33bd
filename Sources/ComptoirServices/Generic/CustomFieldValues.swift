import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation

/// Turns administrator-defined custom fields into ordinary field definitions, so forms, lists,
/// filters, detail pages and the API treat them like any other field; and stores their values.
public enum CustomFieldsSupport {
    public static let formPrefix = "cf_"
    public static let columnPrefix = "cf."

    /// Appends the entity's active custom fields to the definition, in place of any it already has: resolving twice
    /// once drew every custom field twice on a form sent back with errors, and joined their values (12 → 12\n12).
    public static func resolve(_ definition: EntityDefinition, _ db: any Database) async throws -> EntityDefinition {
        guard let entity = definition.customFieldsEntity else { return definition }
        var copy = definition
        copy.fields = copy.fields.filter { $0.customFieldID == nil } + (try await CustomFieldStore.fields(for: entity, on: db).map(field))
        return copy
    }

    public static func field(_ record: CustomFieldRecord) -> FieldDefinition {
        let choices = record.options.map { FieldChoice($0, .same($0)) }
        let kind: FieldKind
        switch record.kind {
        case .text: kind = .text(maxLength: 500)
        case .longText: kind = .longText
        case .number: kind = .integer(min: nil, max: nil)
        case .amount: kind = .money
        case .date: kind = .date
        case .yesNo: kind = .bool
        case .choice: kind = .choice(choices)
        case .multiChoice: kind = .multiChoice(choices)
        case .url: kind = .url
        case .email: kind = .email
        case .phone: kind = .phone
        }
        var uses: FieldUse = [.standard, .filter]
        if record.showInList { uses.insert(.list) }
        var definition = FieldDefinition(
            formPrefix + record.key, column: columnPrefix + record.key, .same(record.label), kind, required: record.required, uses: uses)
        definition.customFieldID = record.id
        definition.customKey = record.key
        return definition
    }

    /// The canonical text of a value, `nil` for none.
    public static func text(_ value: FieldValue) -> String? {
        switch value {
        case .null: return nil
        case .text(let text): return text
        case .int(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .date(let date): return ISO8601.string(date)
        case .uuid(let id): return id.uuidString.lowercased()
        }
    }

    /// A stored text read back as the field's value.
    public static func value(_ text: String, for field: FieldDefinition) -> FieldValue {
        switch field.kind {
        case .integer, .money: return Int64(text).map { .int($0) } ?? .null
        case .bool: return .bool(text == "true")
        default: return .text(text)
        }
    }

    /// Adds the custom values to rows read from the table.
    public static func attach(_ rows: [TableRow], _ definition: EntityDefinition, _ db: any Database) async throws -> [TableRow] {
        let fields = definition.customFields
        guard !fields.isEmpty, !rows.isEmpty else { return rows }
        let values = try await CustomFieldStore.values(for: rows.map(\.id), on: db)
        return rows.map { row in
            var row = row
            let stored = values[row.id] ?? [:]
            for field in fields {
                row.values[field.column] = stored[field.customFieldID!].map { value($0, for: field) } ?? .null
            }
            return row
        }
    }

    /// Takes the custom values out of `values` (they are not columns) and returns them.
    public static func extract(_ values: inout [String: FieldValue], _ definition: EntityDefinition) -> [(FieldDefinition, FieldValue)] {
        definition.customFields.compactMap { field in
            guard let value = values.removeValue(forKey: field.column) else { return nil }
            return (field, value)
        }
    }

    /// Writes custom values; call inside the record's transaction.
    public static func write(_ values: [(FieldDefinition, FieldValue)], record: UUID, _ context: ServiceContext) async throws {
        for (field, value) in values {
            try await CustomFieldStore.set(text(value), field: field.customFieldID!, record: record, id: context.newID(), on: context.db)
        }
    }

    /// The list filter of a custom field.
    public static func filter(_ field: FieldDefinition, _ raw: String) -> Result<ColumnFilter, Localized> {
        switch field.kind {
        case .multiChoice:
            return .success(.customValue(field: field.customFieldID!, value: raw, match: .line))
        case .bool, .choice, .integer, .money, .date:
            switch FieldParsing.parse(field, raw) {
            case .success(let value): return .success(.customValue(field: field.customFieldID!, value: text(value) ?? "", match: .equals))
            case .failure(let message): return .failure(message)
            }
        default:
            return .success(.customValue(field: field.customFieldID!, value: raw, match: .contains))
        }
    }
}
