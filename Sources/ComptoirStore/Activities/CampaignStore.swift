import FluentKit
import Foundation
import SQLKit

/// A prospecting campaign's row, as stored.
public struct CampaignRecord: Sendable, Hashable {
    public var id: UUID
    public var name: String
    public var segmentID: UUID
    public var typeID: UUID
    public var stageID: UUID?
    public var subject: String
    /// `yyyy-mm-dd`.
    public var dueDate: String?
    /// `owner`, `user` or `roundRobin`.
    public var assignment: String
    public var assigneeID: UUID?
    /// User ids, one a line.
    public var roundRobin: String?
    public var lastRunAt: Date?
}

/// Prospecting campaigns' SQL: the row, its open targets, its run, its progress.
public enum CampaignStore {
    public static func find(_ id: UUID, on db: any Database) async throws -> CampaignRecord? {
        guard
            let row = try await TableStore.sqlDatabase(db).raw(
                """
                SELECT id, name, segment_id, type_id, stage_id, subject, due_date, assignment, assignee_id, round_robin, last_run_at
                FROM prospecting_campaigns WHERE id = \(bind: id)
                """
            ).first()
        else { return nil }
        return CampaignRecord(
            id: try row.decode(column: "id", as: UUID.self), name: try row.decode(column: "name", as: String.self),
            segmentID: try row.decode(column: "segment_id", as: UUID.self), typeID: try row.decode(column: "type_id", as: UUID.self),
            stageID: try row.decode(column: "stage_id", as: UUID?.self), subject: try row.decode(column: "subject", as: String?.self) ?? "",
            dueDate: try row.decode(column: "due_date", as: String?.self),
            assignment: try row.decode(column: "assignment", as: String?.self) ?? "owner",
            assigneeID: try row.decode(column: "assignee_id", as: UUID?.self),
            roundRobin: try row.decode(column: "round_robin", as: String?.self),
            lastRunAt: try row.decode(column: "last_run_at", as: Date?.self))
    }

    /// Among `targets`, those with an open interaction of the campaign (not done, no stage or an open one).
    public static func openTargets(of campaign: UUID, among targets: [UUID], on db: any Database) async throws -> Set<UUID> {
        guard !targets.isEmpty else { return [] }
        let binds: [any Encodable & Sendable] = targets
        return Set(
            try await TableStore.sqlDatabase(db).raw(
                """
                SELECT i.campaign_target_id FROM interactions i LEFT JOIN pipeline_stages s ON s.id = i.stage_id
                WHERE i.campaign_id = \(bind: campaign) AND i.campaign_target_id IN (\(binds: binds))
                AND i.done = \(bind: false) AND (s.outcome IS NULL OR s.outcome = 'open')
                """
            ).all().compactMap { try $0.decode(column: "campaign_target_id", as: UUID?.self) })
    }

    public static func recordRun(_ id: UUID, at date: Date, on db: any Database) async throws {
        try await TableStore.sqlDatabase(db).raw("UPDATE prospecting_campaigns SET last_run_at = \(bind: date) WHERE id = \(bind: id)")
            .run()
    }

    /// Interactions of the campaign per stage (or « À faire » / « Terminée » without one), in the stages' order.
    public static func progressByStage(_ id: UUID, on db: any Database) async throws -> [(label: String, count: Int)] {
        try await TableStore.sqlDatabase(db).raw(
            """
            SELECT COALESCE(s.name, CASE WHEN i.done THEN 'Terminée' ELSE 'À faire' END) AS label, COUNT(*) AS n, MIN(s.position) AS position
            FROM interactions i LEFT JOIN pipeline_stages s ON s.id = i.stage_id WHERE i.campaign_id = \(bind: id)
            GROUP BY COALESCE(s.name, CASE WHEN i.done THEN 'Terminée' ELSE 'À faire' END) ORDER BY MIN(s.position)
            """
        ).all().map { (try $0.decode(column: "label", as: String.self), try $0.decode(column: "n", as: Int.self)) }
    }

    /// Interactions of the campaign per owner: how many, how many done.
    public static func progressByOwner(_ id: UUID, on db: any Database) async throws -> [(label: String, count: Int, done: Int)] {
        try await TableStore.sqlDatabase(db).raw(
            """
            SELECT COALESCE(u.name, '—') AS label, COUNT(*) AS n, CAST(SUM(CASE WHEN i.done THEN 1 ELSE 0 END) AS BIGINT) AS done
            FROM interactions i LEFT JOIN users u ON u.id = i.owner_id WHERE i.campaign_id = \(bind: id)
            GROUP BY COALESCE(u.name, '—') ORDER BY COALESCE(u.name, '—')
            """
        ).all().map {
            (
                try $0.decode(column: "label", as: String.self), try $0.decode(column: "n", as: Int.self),
                try $0.decode(column: "done", as: Int.self)
            )
        }
    }

    /// Every campaign's id and name, by name (the interactions' « Campagne » choices).
    public static func names(on db: any Database) async throws -> [(id: UUID, name: String)] {
        try await TableStore.sqlDatabase(db).raw("SELECT id, name FROM prospecting_campaigns ORDER BY name").all().map {
            (try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "name", as: String.self))
        }
    }

    /// The segments a campaign may target: id, name and the records they hold (`companies` or `contacts`).
    public static func segments(on db: any Database) async throws -> [(id: UUID, name: String, entity: String)] {
        try await TableStore.sqlDatabase(db).raw("SELECT id, name, entity FROM segments ORDER BY name").all().map {
            (
                try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "name", as: String.self),
                try $0.decode(column: "entity", as: String.self)
            )
        }
    }
}
