import FluentKit
import Foundation

/// A key/value application setting (idle timeout, upload limit, demo markers…).
public final class Setting: Model, @unchecked Sendable {
    public static let schema = "settings"

    @ID(custom: "key", generatedBy: .user) public var id: String?
    @Field(key: "value") public var value: String

    public init() {}

    public init(key: String, value: String) {
        self.id = key
        self.value = value
    }
}

/// Typed access to settings with their defaults.
public enum Settings {
    public static func string(_ key: String, on db: any Database) async throws -> String? {
        try await Setting.find(key, on: db)?.value
    }

    public static func int(_ key: String, default value: Int, on db: any Database) async throws -> Int {
        guard let raw = try await string(key, on: db), let parsed = Int(raw) else { return value }
        return parsed
    }

    public static func set(_ key: String, _ value: String, on db: any Database) async throws {
        if let existing = try await Setting.find(key, on: db) {
            existing.value = value
            try await existing.update(on: db)
        } else {
            try await Setting(key: key, value: value).create(on: db)
        }
    }
}
