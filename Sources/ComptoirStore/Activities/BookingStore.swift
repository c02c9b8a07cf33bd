import FluentKit
import Foundation
import SQLKit

/// Another interaction holding a resource at a time asked for.
public struct BookingConflict: Sendable, Hashable {
    public var interactionID: UUID
    /// nil when the viewer may not see the other interaction (a private project's).
    public var subject: String?
    public var resourceName: String
}

/// A booking of a resource, as its page lists it.
public struct ResourceBooking: Sendable, Hashable {
    public var interactionID: UUID
    public var start: Date
    public var end: Date
    /// nil when the viewer may not see the interaction (shown as « Réservé »).
    public var subject: String?
}

/// A resource free over a time range.
public struct FreeResource: Sendable, Hashable {
    public var id: UUID
    public var name: String
    public var capacity: Int64?
}

/// Resource bookings: one row per resource and time window an interaction occupies. The database refuses two
/// overlapping bookings of one resource (`BookingGuard`); writers check first, under `WriteLock`, to name the other.
public enum BookingStore {
    /// The scope of `WriteLock` that booking writers take before they check.
    public static let lockScope = "resource_bookings"

    public static func clear(_ interaction: UUID, on db: any Database) async throws {
        try await TableStore.sqlDatabase(db).raw("DELETE FROM resource_bookings WHERE interaction_id = \(bind: interaction)").run()
    }

    /// The first booking of `resource` overlapping [start, end), with the other interaction's subject if `viewer` may see it.
    public static func conflict(
        _ resource: UUID, from start: Date, to end: Date, viewer: ProjectViewer, on db: any Database
    ) async throws -> BookingConflict? {
        guard
            let row = try await TableStore.sqlDatabase(db).raw(
                """
                SELECT b.interaction_id, CASE WHEN \(ProjectAccess.visible("i.project_id", viewer)) THEN i.subject ELSE NULL END AS subject, r.name
                FROM resource_bookings b JOIN interactions i ON i.id = b.interaction_id
                JOIN resources r ON r.id = b.resource_id
                WHERE b.resource_id = \(bind: resource) AND b.starts_at < \(bind: end) AND b.ends_at > \(bind: start) LIMIT 1
                """
            ).first()
        else { return nil }
        return BookingConflict(
            interactionID: try row.decode(column: "interaction_id", as: UUID.self),
            subject: try row.decode(column: "subject", as: String?.self),
            resourceName: try row.decode(column: "name", as: String.self))
    }

    public static func book(
        _ id: UUID, resource: UUID, interaction: UUID, from start: Date, to end: Date, on db: any Database
    ) async throws {
        try await TableStore.sqlDatabase(db).raw(
            """
            INSERT INTO resource_bookings (id, resource_id, interaction_id, starts_at, ends_at)
            VALUES (\(bind: id), \(bind: resource), \(bind: interaction), \(bind: start), \(bind: end))
            """
        ).run()
    }

    /// The next bookings of a resource ending after `now` (at most `limit`).
    public static func coming(
        _ resource: UUID, after now: Date, viewer: ProjectViewer, limit: Int = 50, on db: any Database
    ) async throws -> [ResourceBooking] {
        try await TableStore.sqlDatabase(db).raw(
            """
            SELECT b.starts_at, b.ends_at, i.id, CASE WHEN \(ProjectAccess.visible("i.project_id", viewer)) THEN i.subject ELSE NULL END AS subject
            FROM resource_bookings b JOIN interactions i ON i.id = b.interaction_id
            WHERE b.resource_id = \(bind: resource) AND b.ends_at > \(bind: now) ORDER BY b.starts_at LIMIT \(unsafeRaw: String(limit))
            """
        ).all().map {
            ResourceBooking(
                interactionID: try $0.decode(column: "id", as: UUID.self), start: try $0.decode(column: "starts_at", as: Date.self),
                end: try $0.decode(column: "ends_at", as: Date.self), subject: try $0.decode(column: "subject", as: String?.self))
        }
    }

    /// The active resources (of `kind`, if given) with no booking overlapping [start, end).
    public static func free(kind: String?, from start: Date, to end: Date, on db: any Database) async throws -> [FreeResource] {
        let kindCondition: SQLQueryString = kind.map { " AND r.kind = \(bind: $0)" } ?? ""
        return try await TableStore.sqlDatabase(db).raw(
            """
            SELECT r.id, r.name, r.capacity FROM resources r WHERE r.active = \(bind: true)\(kindCondition)
            AND NOT EXISTS (SELECT 1 FROM resource_bookings b WHERE b.resource_id = r.id AND b.starts_at < \(bind: end) AND b.ends_at > \(bind: start))
            ORDER BY r.name
            """
        ).all().map {
            FreeResource(
                id: try $0.decode(column: "id", as: UUID.self), name: try $0.decode(column: "name", as: String.self),
                capacity: try $0.decode(column: "capacity", as: Int64?.self))
        }
    }
}
