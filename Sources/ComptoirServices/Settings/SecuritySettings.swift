import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation

/// Security settings an administrator changes from « Sécurité ».
public enum SecuritySettings {
    public static let idleTimeoutKey = "security.idle_timeout_minutes"
    public static let defaultIdleMinutes = 120
    /// A session ends after this long whatever the activity (7 days).
    public static let absoluteSessionLifetime: TimeInterval = 7 * 24 * 3600
    /// The roles whose users must have a second factor (comma-separated).
    public static let requireTotpRolesKey = "security.require_totp_roles"

    public static func idleTimeout(on db: any Database) async throws -> TimeInterval {
        TimeInterval(try await idleMinutes(on: db) * 60)
    }

    public static func idleMinutes(on db: any Database) async throws -> Int {
        try await Settings.int(idleTimeoutKey, default: defaultIdleMinutes, on: db)
    }

    /// A whole-number setting: its key, its value, and the value it has while never set.
    public struct Number: Sendable {
        public var key: String
        public var value: Int
        public var fallback: Int

        public init(key: String, value: Int, fallback: Int) {
            self.key = key
            self.value = value
            self.fallback = fallback
        }
    }

    /// The current values of `numbers` (their `value` is ignored) and the roles that must have a second factor.
    public static func read(_ numbers: [Number], _ context: ServiceContext) async throws -> (numbers: [Number], requireTotpRoles: [String])
    {
        try context.authorize(.read, .settings)
        var current: [Number] = []
        for number in numbers {
            current.append(
                Number(
                    key: number.key, value: try await Settings.int(number.key, default: number.fallback, on: context.db),
                    fallback: number.fallback))
        }
        let roles = (try await Settings.string(requireTotpRolesKey, on: context.db) ?? "").split(separator: ",").map(String.init)
        return (current, roles)
    }

    /// Saves the settings of the page; each changed one gets its audit entry, in one transaction.
    public static func save(_ numbers: [Number], requireTotpRoles roles: [String], _ context: ServiceContext) async throws {
        try context.authorize(.write, .settings)
        let after = roles.filter { ["admin", "user", "guest"].contains($0) }.sorted().joined(separator: ",")
        try await context.transaction { context in
            try await WriteLock.acquire("settings", on: context.db)
            let before = try await Settings.string(requireTotpRolesKey, on: context.db) ?? ""
            if before != after {
                try await Settings.set(requireTotpRolesKey, after, on: context.db)
                try await AuditLog.record(
                    .update, entity: "settings", id: requireTotpRolesKey, summary: requireTotpRolesKey,
                    changes: [requireTotpRolesKey: (.text(before), .text(after))], by: context.auditActor, at: context.now, on: context.db)
            }
            for number in numbers {
                let before = try await Settings.int(number.key, default: number.fallback, on: context.db)
                guard before != number.value else { continue }
                try await Settings.set(number.key, String(number.value), on: context.db)
                try await AuditLog.record(
                    .update, entity: "settings", id: number.key, summary: number.key,
                    changes: [number.key: (.int(Int64(before)), .int(Int64(number.value)))], by: context.auditActor, at: context.now,
                    on: context.db)
            }
        }
    }
}
