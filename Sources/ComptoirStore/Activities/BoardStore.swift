import FluentKit
import Foundation
import SQLKit

/// A stage's deals: how many, their total and their total weighted by the stage's probability (cents).
public struct StageTotals: Sendable, Hashable {
    public var count: Int
    public var amount: Int64
    public var weighted: Int64

    public init(count: Int, amount: Int64, weighted: Int64) {
        self.count = count
        self.amount = amount
        self.weighted = weighted
    }
}

/// A card of the pipeline board.
public struct BoardCard: Sendable, Hashable {
    public var id: UUID
    public var subject: String
    public var stageID: UUID?
    public var amount: Int64?
    public var company: String?
}

/// The pipeline board's reads: live interactions of one type (not archived, not edited occurrences) seen by a viewer.
public enum BoardStore {
    /// Per stage of `type`: count, total and weighted total.
    public static func totals(type: UUID, viewer: ProjectViewer, on db: any Database) async throws -> [UUID: StageTotals] {
        let rows = try await TableStore.sqlDatabase(db).raw(
            """
            SELECT i.stage_id, COUNT(*) AS n, CAST(COALESCE(SUM(i.amount), 0) AS BIGINT) AS total, MAX(s.probability) AS probability
            FROM interactions i JOIN pipeline_stages s ON s.id = i.stage_id
            WHERE i.type_id = \(bind: type) AND i.archived = \(bind: false) AND i.series_id IS NULL\(visible(viewer))
            GROUP BY i.stage_id
            """
        ).all()
        var result: [UUID: StageTotals] = [:]
        for row in rows {
            let total = try row.decode(column: "total", as: Int64.self)
            let probability = try row.decode(column: "probability", as: Int64.self)
            result[try row.decode(column: "stage_id", as: UUID.self)] = StageTotals(
                count: try row.decode(column: "n", as: Int.self), amount: total, weighted: total * probability / 100)
        }
        return result
    }

    /// The newest cards of `type` (at most `limit`).
    public static func cards(type: UUID, viewer: ProjectViewer, limit: Int = 2_000, on db: any Database) async throws -> [BoardCard] {
        try await TableStore.sqlDatabase(db).raw(
            """
            SELECT i.id, i.subject, i.stage_id, i.amount, c.name AS company FROM interactions i LEFT JOIN companies c ON c.id = i.company_id
            WHERE i.type_id = \(bind: type) AND i.archived = \(bind: false) AND i.series_id IS NULL\(visible(viewer))
            ORDER BY i.created_at DESC LIMIT \(unsafeRaw: String(limit))
            """
        ).all().map {
            BoardCard(
                id: try $0.decode(column: "id", as: UUID.self), subject: try $0.decode(column: "subject", as: String.self),
                stageID: try $0.decode(column: "stage_id", as: UUID?.self), amount: try $0.decode(column: "amount", as: Int64?.self),
                company: try $0.decode(column: "company", as: String?.self))
        }
    }

    private static func visible(_ viewer: ProjectViewer) -> SQLQueryString {
        viewer == .everything ? "" : " AND \(ProjectAccess.visible("i.project_id", viewer))"
    }
}
