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
    public static func diff(before: [String: FieldValue], after: [String: FieldValue]) -> [String: (before: FieldValue, after: FieldValue)] {
        var changes: [String: (before: FieldValue, after: FieldValue)] = [:]
        for key in Set(before.keys).union(after.keys) {
            let old = before[key] ?? .null
            let new = after[key] ?? .null
            if old != new { changes[key] = (old, new) }
        }
        return changes
    }

    /// `{"field": [before, after]}` with plain JSON values; redacted fields show as "•••".
    static func encode(_ changes: [String: (before: FieldValue, after: FieldValue)]) -> String {
        var object: [String: [Any]] = [:]
        for (key, change) in changes {
            if redactedFields.contains(key) {
                object[key] = ["•••", "•••"]
            } else {
                object[key] = [plain(change.before), plain(change.after)]
            }
        }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    private static func plain(_ value: FieldValue) -> Any {
        switch value {
        case .null: return NSNull()
        case .text(let text): return text
        case .bool(let flag): return flag
        case .int(let number): return number
        case .date(let date): return ISO8601DateFormatter().string(from: date)
        case .uuid(let id): return id.uuidString.lowercased()
        }
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
