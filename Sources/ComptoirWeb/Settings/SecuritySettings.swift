import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation

/// Security settings an administrator changes from « Sécurité ».
public enum SecuritySettings {
    public static let idleTimeoutKey = "security.idle_timeout_minutes"
    public static let defaultIdleMinutes = 120
    /// A session ends after this long whatever the activity (7 days).
    public static let absoluteSessionLifetime: TimeInterval = 7 * 24 * 3600

    public static func idleTimeout(on db: any Database) async throws -> TimeInterval {
        TimeInterval(try await idleMinutes(on: db) * 60)
    }

    public static func idleMinutes(on db: any Database) async throws -> Int {
        try await Settings.int(idleTimeoutKey, default: defaultIdleMinutes, on: db)
    }
}
