import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation

/// What the Kanban board of a pipeline type shows.
public struct PipelineBoard: Sendable {
    /// The active pipeline types (the board's tabs).
    public var pipelines: [ActivityCatalog.TypeInfo]
    public var selected: ActivityCatalog.TypeInfo
    /// The type's active stages, in order (the board's columns).
    public var stages: [ActivityCatalog.StageInfo]
    public var cards: [BoardCard]
    public var totals: [UUID: StageTotals]

    public func cards(in stage: UUID) -> [BoardCard] { cards.filter { $0.stageID == stage } }

    /// The total of the stages of one outcome (`open`, `won`, `lost`), weighted or not.
    public func sum(_ outcome: String, weighted: Bool) -> Int64 {
        stages.filter { $0.outcome == outcome }.reduce(Int64(0)) { sum, stage in
            sum + (totals[stage.id].map { weighted ? $0.weighted : $0.amount } ?? 0)
        }
    }
}

/// The pipeline board: cards and forecast of a type's live deals, both leaving out the private projects' deals the
/// actor may not see.
public struct BoardService: Sendable {
    public let context: ServiceContext

    public init(_ context: ServiceContext) { self.context = context }

    /// The board of `type` (by default the first active pipeline type); 404 when there is no pipeline type.
    public func board(type requested: UUID?) async throws -> PipelineBoard {
        try context.authorize(.read, .activities)
        let catalog = try await ActivityCatalog.load(context.db)
        let pipelines = catalog.types.filter { $0.hasPipeline && $0.active }
        guard let selected = requested.flatMap(catalog.type) ?? pipelines.first else { throw AppError.notFound }
        let viewer = InteractionService.viewer(context)
        return PipelineBoard(
            pipelines: pipelines, selected: selected, stages: catalog.stages(of: selected.id).filter(\.active),
            cards: try await BoardStore.cards(type: selected.id, viewer: viewer, on: context.db),
            totals: try await BoardStore.totals(type: selected.id, viewer: viewer, on: context.db))
    }

    /// Per stage of `type`: how many deals, their total and their total weighted by the stage's probability.
    public func forecast(type: UUID) async throws -> [UUID: StageTotals] {
        try context.authorize(.read, .activities)
        return try await BoardStore.totals(type: type, viewer: InteractionService.viewer(context), on: context.db)
    }
}
