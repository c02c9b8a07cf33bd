import FluentKit
import Foundation
import SQLKit

/// The home dashboard's reads: one user's deals, their wins over time, and what others changed on their records.
/// Every read is bounded (grouped, or limited) so the page costs the same whatever the size of the database.
public enum DashboardStore {
    /// One stage's live deals owned by a user: how many, and their total (cents).
    public struct StageSum: Sendable, Hashable {
        public var stageID: UUID
        public var count: Int
        public var amount: Int64
    }

    /// A deal won on a day, with its amount (cents).
    public struct Win: Sendable, Hashable {
        public var at: Date
        public var amount: Int64
    }

    /// An audit entry shown as « recent activity ».
    public struct Change: Sendable, Hashable {
        public var at: Date
        public var actor: String
        public var action: String
        public var entity: String
        public var entityID: UUID
        public var summary: String
    }

    /// The tables whose rows have an owner and a page of their own, as the audit log names them.
    public static let ownedTables = ["companies", "contacts", "interactions", "projects"]

    /// Per stage: the live deals (not archived, not occurrences) `owner` owns and `viewer` may see.
    public static func deals(owner: UUID, viewer: ProjectViewer, on db: any Database) async throws -> [StageSum] {
        try await TableStore.sqlDatabase(db).raw(
            """
            SELECT i.stage_id, COUNT(*) AS n, CAST(COALESCE(SUM(i.amount), 0) AS BIGINT) AS total FROM interactions i
            WHERE i.owner_id = \(bind: owner) AND i.stage_id IS NOT NULL AND i.archived = \(bind: false) AND i.series_id IS NULL\
            \(visible("i.project_id", viewer))
            GROUP BY i.stage_id
            """
        ).all().map {
            StageSum(
                stageID: try $0.decode(column: "stage_id", as: UUID.self), count: try $0.decode(column: "n", as: Int.self),
                amount: try $0.decode(column: "total", as: Int64.self))
        }
    }

    /// The deals `owner` owns that entered one of `stages` (the won ones) since `since`, when they entered it.
    public static func wins(owner: UUID, stages: [UUID], since: Date, viewer: ProjectViewer, on db: any Database) async throws -> [Win] {
        guard !stages.isEmpty else { return [] }
        return try await TableStore.sqlDatabase(db).raw(
            """
            SELECT i.stage_changed_at, i.amount FROM interactions i
            WHERE i.owner_id = \(bind: owner) AND i.stage_id IN (\(binds: stages)) AND i.stage_changed_at >= \(bind: since)
            AND i.archived = \(bind: false) AND i.series_id IS NULL\(visible("i.project_id", viewer))
            LIMIT 50000
            """
        ).all().compactMap { row in
            guard let at = try row.decode(column: "stage_changed_at", as: Date?.self) else { return nil }
            return Win(at: at, amount: try row.decode(column: "amount", as: Int64?.self) ?? 0)
        }
    }

    /// The latest `limit` changes made by others to `owner`'s records — those they are responsible for, or that nobody is
    /// responsible for and they created: the newest `scan` entries on owned tables are read (newest first, by the
    /// audit's date index), then kept when their record is `owner`'s and visible to `viewer`. Bounded: activity older
    /// than the last `scan` changes is not looked for.
    public static func changes(
        owner: UUID, viewer: ProjectViewer, limit: Int = 8, scan: Int = 300, on db: any Database
    ) async throws -> [Change] {
        let sql = try TableStore.sqlDatabase(db)
        let rows = try await sql.raw(
            """
            SELECT at, actor_label, action, entity, entity_id, summary FROM audit_entries
            WHERE entity IN (\(binds: ownedTables)) AND (actor_id IS NULL OR actor_id <> \(bind: owner))
            ORDER BY at DESC, id DESC LIMIT \(unsafeRaw: String(scan))
            """
        ).all()
        var entries: [Change] = []
        for row in rows {
            guard let id = UUID(uuidString: try row.decode(column: "entity_id", as: String.self)) else { continue }
            entries.append(
                Change(
                    at: try row.decode(column: "at", as: Date.self), actor: try row.decode(column: "actor_label", as: String.self),
                    action: try row.decode(column: "action", as: String.self), entity: try row.decode(column: "entity", as: String.self),
                    entityID: id, summary: try row.decode(column: "summary", as: String.self)))
        }
        var mine: Set<UUID> = []
        for table in ownedTables {
            let ids = Array(Set(entries.filter { $0.entity == table }.map(\.entityID)))
            guard !ids.isEmpty else { continue }
            let condition: SQLQueryString =
                switch table {
                case "interactions": visible("project_id", viewer)
                case "projects": visible("id", viewer)
                default: ""
                }
            // Mine: records I am responsible for, and those nobody is responsible for that I created.
            var unowned: [UUID] = []
            for row in try await sql.raw("SELECT id, owner_id FROM \(unsafeRaw: table) WHERE id IN (\(binds: ids))\(condition)").all() {
                let id = try row.decode(column: "id", as: UUID.self)
                switch try row.decode(column: "owner_id", as: UUID?.self) {
                case owner?: mine.insert(id)
                case nil: unowned.append(id)
                default: break
                }
            }
            guard !unowned.isEmpty else { continue }
            let created = try await sql.raw(
                """
                SELECT entity_id FROM audit_entries WHERE entity = \(bind: table) AND entity_id IN (\(binds: unowned.map { $0.uuidString.lowercased() }))
                AND action = \(bind: "create") AND actor_id = \(bind: owner)
                """
            ).all()
            for row in created {
                if let id = UUID(uuidString: try row.decode(column: "entity_id", as: String.self)) { mine.insert(id) }
            }
        }
        // The latest change of each record (an import or a busy colleague would otherwise fill the list with one record).
        var seen: Set<UUID> = []
        return Array(entries.filter { mine.contains($0.entityID) && seen.insert($0.entityID).inserted }.prefix(limit))
    }

    private static func visible(_ column: String, _ viewer: ProjectViewer) -> SQLQueryString {
        viewer == .everything ? "" : " AND \(ProjectAccess.visible(column, viewer))"
    }
}
