import FluentKit
import Foundation

/// Who is acting, as the audit log records it.
public struct AuditActor: Sendable, Hashable {
    public var userID: UUID?
    public var label: String
    public var ip: String

    public init(userID: UUID?, label: String, ip: String) {
        self.userID = userID
        self.label = label
        self.ip = ip
    }

    /// Changes made from the command line or by the system itself.
    public static let system = AuditActor(userID: nil, label: "system", ip: "")
}

/// Writes audit entries. Call it inside the same transaction as the change it records.
public enum AuditLog {
    /// Fields whose values never reach the log, only the fact that they changed.
    public static let redactedFields: Set<String> = ["password_hash", "password", "token_hash", "logo"]

    public static func record(
        _ action: AuditEntry.Action, entity: String, id: String, summary: String,
        changes: [String: (before: FieldValue, after: FieldValue)] = [:],
        by actor: AuditActor, at date: Date, on db: any Database
    ) async throws {
        let entry = AuditEntry(
            at: date, actorID: actor.userID, actorLabel: actor.label, action: action, entity: entity,
            entityID: id, summary: summary, changes: encode(changes), ip: actor.ip)
        try await entry.create(on: db)
    }

    /// The changed fields between two snapshots of a row.
    public static func diff(before: [String: FieldValue], after: [String: FieldValue]) -> [String: (before: FieldValue, after: FieldValue)]
    {
        var changes: [String: (before: FieldValue, after: FieldValue)] = [:]
        for key in Set(before.keys).union(after.keys) {
            let old = before[key] ?? .null
            let new = after[key] ?? .null
            if old != new { changes[key] = (old, new) }
        }
        return changes
    }

    /// `{"field": [before, after]}` with plain JSON values, keys sorted; redacted fields show as "•••". Written by hand,
    /// escaping as `JSONSerialization` does: the import records an entry per record it creates, and bridging every value
    /// to Foundation's objects cost a millisecond per entry.
    static func encode(_ changes: [String: (before: FieldValue, after: FieldValue)]) -> String {
        var json: [UInt8] = []
        json.reserveCapacity(64 * changes.count + 2)
        json.append(UInt8(ascii: "{"))
        for (index, (key, change)) in changes.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { json.append(UInt8(ascii: ",")) }
            appendJSON(string: key, to: &json)
            json.append(contentsOf: ":[".utf8)
            if redactedFields.contains(key) {
                json.append(contentsOf: "\"•••\",\"•••\"".utf8)
            } else {
                appendJSON(change.before, to: &json)
                json.append(UInt8(ascii: ","))
                appendJSON(change.after, to: &json)
            }
            json.append(UInt8(ascii: "]"))
        }
        json.append(UInt8(ascii: "}"))
        return String(decoding: json, as: UTF8.self)
    }

    private static func appendJSON(_ value: FieldValue, to json: inout [UInt8]) {
        switch value {
        case .null: json.append(contentsOf: "null".utf8)
        case .text(let text): appendJSON(string: text, to: &json)
        case .bool(let flag): json.append(contentsOf: (flag ? "true" : "false").utf8)
        case .int(let number): json.append(contentsOf: String(number).utf8)
        case .date(let date): appendJSON(string: date.formatted(.iso8601), to: &json)
        case .uuid(let id): appendJSON(string: id.uuidString.lowercased(), to: &json)
        }
    }

    /// A JSON string: UTF-8 copied as is, but for `"`, `\\`, `/` and control characters, escaped.
    private static func appendJSON(string: String, to json: inout [UInt8]) {
        json.append(UInt8(ascii: "\""))
        // Most texts need no escape: copied at once.
        if !string.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "/") }) {
            json.append(contentsOf: string.utf8)
            json.append(UInt8(ascii: "\""))
            return
        }
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"):
                json.append(UInt8(ascii: "\\"))
                json.append(byte)
            case 0x0A: json.append(contentsOf: "\\n".utf8)
            case 0x0D: json.append(contentsOf: "\\r".utf8)
            case 0x09: json.append(contentsOf: "\\t".utf8)
            case 0x08: json.append(contentsOf: "\\b".utf8)
            case 0x0C: json.append(contentsOf: "\\f".utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                json.append(contentsOf: "\\u00".utf8)
                json.append(hex[Int(byte >> 4)])
                json.append(hex[Int(byte & 0x0F)])
            default: json.append(byte)
            }
        }
        json.append(UInt8(ascii: "\""))
    }

    /// The last `limit` entries about one record, newest first.
    public static func entries(entity: String, id: String, limit: Int, on db: any Database) async throws -> [AuditEntry] {
        try await AuditEntry.query(on: db).filter(\.$entity == entity).filter(\.$entityID == id).sort(\.$at, .descending)
            .limit(limit).all()
    }

    /// Decodes the stored `changes` JSON into display strings (field → (before, after)).
    public static func decodeChanges(_ json: String) -> [(field: String, before: String, after: String)] {
        guard let data = json.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: [Any]]
        else { return [] }
        return object.keys.sorted().map { key in
            let pair = object[key] ?? []
            func show(_ any: Any?) -> String {
                switch any {
                case nil, is NSNull: return "—"
                case let text as String: return text
                case let number as NSNumber: return number.stringValue
                default: return String(describing: any!)
                }
            }
            return (key, show(pair.first), show(pair.count > 1 ? pair[1] : nil))
        }
    }
}
