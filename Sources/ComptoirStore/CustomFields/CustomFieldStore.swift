import FluentKit
import Foundation
import SQLKit

/// A custom field as defined by an administrator.
public struct CustomFieldRecord: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case text, longText, number, amount, date, yesNo, choice, multiChoice, url, email, phone
    }

    public var id: UUID
    public var entity: String
    public var key: String
    public var label: String
    public var kind: Kind
    public var required: Bool
    /// The choices of a (multiple) choice field, in order.
    public var options: [String]
    public var position: Int
    public var showInList: Bool
    public var active: Bool
}

/// Reads definitions and reads/writes values. Values are canonical text: integers and cents as
/// digits, yes/no as `true`/`false`, dates ISO, multiple choices one per line.
public enum CustomFieldStore {
    public static func fields(for entity: String, activeOnly: Bool = true, on db: any Database) async throws -> [CustomFieldRecord] {
        let sql = try TableStore.sqlDatabase(db)
        let rows = try await sql.raw(
            """
            SELECT id, entity, key, label, kind, required, options, position, show_in_list, active FROM custom_fields
            WHERE entity = \(bind: entity) ORDER BY position, label
            """
        ).all()
        return try rows.compactMap { row in
            guard let kind = CustomFieldRecord.Kind(rawValue: try row.decode(column: "kind", as: String.self)) else { return nil }
            let record = CustomFieldRecord(
                id: try row.decode(column: "id", as: UUID.self), entity: try row.decode(column: "entity", as: String.self),
                key: try row.decode(column: "key", as: String.self), label: try row.decode(column: "label", as: String.self), kind: kind,
                required: try row.decode(column: "required", as: Bool.self),
                options: (try row.decode(column: "options", as: String?.self) ?? "").split(separator: "\n").map {
                    $0.trimmingCharacters(in: .whitespaces)
                }.filter { !$0.isEmpty },
                position: Int(try row.decode(column: "position", as: Int64.self)),
                showInList: try row.decode(column: "show_in_list", as: Bool.self),
                active: try row.decode(column: "active", as: Bool.self))
            return activeOnly && !record.active ? nil : record
        }
    }

    /// Values of the records, by record then field.
    public static func values(for records: [UUID], on db: any Database) async throws -> [UUID: [UUID: String]] {
        guard !records.isEmpty else { return [:] }
        let sql = try TableStore.sqlDatabase(db)
        var result: [UUID: [UUID: String]] = [:]
        for chunk in stride(from: 0, to: records.count, by: 500).map({ Array(records[$0..<min($0 + 500, records.count)]) }) {
            let binds: [any Encodable & Sendable] = chunk
            for row in try await sql.raw("SELECT field_id, record_id, value FROM custom_values WHERE record_id IN (\(binds: binds))").all()
            {
                let record = try row.decode(column: "record_id", as: UUID.self)
                result[record, default: [:]][try row.decode(column: "field_id", as: UUID.self)] = try row.decode(
                    column: "value", as: String.self)
            }
        }
        return result
    }

    /// Sets (or, with nil, clears) one value; call inside the record's write transaction.
    public static func set(_ value: String?, field: UUID, record: UUID, id: UUID, on db: any Database) async throws {
        let sql = try TableStore.sqlDatabase(db)
        try await sql.raw("DELETE FROM custom_values WHERE field_id = \(bind: field) AND record_id = \(bind: record)").run()
        guard let value else { return }
        try await sql.raw(
            "INSERT INTO custom_values (id, field_id, record_id, value) VALUES (\(bind: id), \(bind: field), \(bind: record), \(bind: value))"
        ).run()
    }

    /// Moves the values of `from` onto `to` where `to` has none (merges), dropping the others.
    public static func move(from: UUID, to: UUID, on db: any Database) async throws {
        let sql = try TableStore.sqlDatabase(db)
        try await sql.raw(
            """
            DELETE FROM custom_values WHERE record_id = \(bind: from)
            AND field_id IN (SELECT field_id FROM custom_values WHERE record_id = \(bind: to))
            """
        ).run()
        try await sql.raw("UPDATE custom_values SET record_id = \(bind: to) WHERE record_id = \(bind: from)").run()
    }

    /// Copies a record's values to another (project templates).
    public static func copy(from: UUID, to: UUID, ids: () -> UUID, on db: any Database) async throws {
        let sql = try TableStore.sqlDatabase(db)
        for row in try await sql.raw("SELECT field_id, value FROM custom_values WHERE record_id = \(bind: from)").all() {
            try await sql.raw(
                """
                INSERT INTO custom_values (id, field_id, record_id, value)
                VALUES (\(bind: ids()), \(bind: try row.decode(column: "field_id", as: UUID.self)), \(bind: to), \(bind: try row.decode(column: "value", as: String.self)))
                """
            ).run()
        }
    }

    public static func valueCount(field: UUID, on db: any Database) async throws -> Int {
        let sql = try TableStore.sqlDatabase(db)
        return try await sql.raw("SELECT COUNT(*) AS n FROM custom_values WHERE field_id = \(bind: field)").first()?.decode(
            column: "n", as: Int.self) ?? 0
    }
}
