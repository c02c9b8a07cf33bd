import FluentKit
import Foundation
import SQLKit

/// An ICS subscription: a secret URL (only its hash is kept) on a user's or a resource's agenda.
public struct CalendarFeedRecord: Sendable, Hashable {
    public var id: UUID
    /// `user` or `resource`.
    public var kind: String
    public var subjectID: UUID
    public var createdBy: UUID
    public var createdAt: Date
    public var lastUsedAt: Date?
    public var revokedAt: Date?
}

public enum CalendarFeedStore {
    public static func create(
        _ id: UUID, kind: String, subject: UUID, tokenHash: String, by user: UUID, at date: Date, on db: any Database
    ) async throws {
        try await TableStore.sqlDatabase(db).raw(
            """
            INSERT INTO calendar_feeds (id, kind, subject_id, token_hash, created_by, created_at)
            VALUES (\(bind: id), \(bind: kind), \(bind: subject), \(bind: tokenHash), \(bind: user), \(bind: date))
            """
        ).run()
    }

    /// The feeds `user` created, newest first.
    public static func feeds(of user: UUID, on db: any Database) async throws -> [CalendarFeedRecord] {
        try await TableStore.sqlDatabase(db).raw(
            """
            SELECT id, kind, subject_id, created_by, created_at, last_used_at, revoked_at FROM calendar_feeds
            WHERE created_by = \(bind: user) ORDER BY created_at DESC
            """
        ).all().map(decode)
    }

    public static func find(_ id: UUID, on db: any Database) async throws -> CalendarFeedRecord? {
        try await TableStore.sqlDatabase(db).raw(
            """
            SELECT id, kind, subject_id, created_by, created_at, last_used_at, revoked_at FROM calendar_feeds WHERE id = \(bind: id)
            """
        ).first().map(decode)
    }

    /// The feed of this token hash, unless revoked or its creator deactivated.
    public static func live(tokenHash: String, on db: any Database) async throws -> CalendarFeedRecord? {
        try await TableStore.sqlDatabase(db).raw(
            """
            SELECT f.id, f.kind, f.subject_id, f.created_by, f.created_at, f.last_used_at, f.revoked_at
            FROM calendar_feeds f JOIN users u ON u.id = f.created_by
            WHERE f.token_hash = \(bind: tokenHash) AND f.revoked_at IS NULL AND u.active = \(bind: true)
            """
        ).first().map(decode)
    }

    public static func revoke(_ id: UUID, at date: Date, on db: any Database) async throws {
        try await TableStore.sqlDatabase(db).raw("UPDATE calendar_feeds SET revoked_at = \(bind: date) WHERE id = \(bind: id)").run()
    }

    public static func markUsed(_ id: UUID, at date: Date, on db: any Database) async throws {
        try await TableStore.sqlDatabase(db).raw("UPDATE calendar_feeds SET last_used_at = \(bind: date) WHERE id = \(bind: id)").run()
    }

    private static func decode(_ row: any SQLRow) throws -> CalendarFeedRecord {
        CalendarFeedRecord(
            id: try row.decode(column: "id", as: UUID.self), kind: try row.decode(column: "kind", as: String.self),
            subjectID: try row.decode(column: "subject_id", as: UUID.self), createdBy: try row.decode(column: "created_by", as: UUID.self),
            createdAt: try row.decode(column: "created_at", as: Date.self),
            lastUsedAt: try row.decode(column: "last_used_at", as: Date?.self),
            revokedAt: try row.decode(column: "revoked_at", as: Date?.self))
    }
}
