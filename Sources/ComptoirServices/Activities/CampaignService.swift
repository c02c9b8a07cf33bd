import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation

/// The result of a campaign run.
public struct CampaignRun: Sendable, Hashable {
    /// Interactions created.
    public var created: Int
    /// Targets left alone: they already had an open interaction of the campaign.
    public var skipped: Int

    public init(created: Int, skipped: Int) {
        self.created = created
        self.skipped = skipped
    }
}

/// A campaign's progress: its interactions per stage and per owner.
public struct CampaignProgress: Sendable {
    public var byStage: [(label: String, count: Int)]
    public var byOwner: [(label: String, count: Int, done: Int)]
}

/// Prospecting campaigns' use cases: load the aggregate, run it, show its progress.
public struct CampaignService: Sendable {
    public let context: ServiceContext

    public init(_ context: ServiceContext) { self.context = context }

    /// How many targets one transaction of a run handles.
    public static let pageSize = 500

    public func load(_ id: UUID) async throws -> ProspectingCampaign {
        try context.authorize(.read, .activities)
        guard let record = try await CampaignStore.find(id, on: context.db) else { throw AppError.notFound }
        return ProspectingCampaign(record)
    }

    /// Creates one interaction per target of the campaign's segment that has no open interaction of the campaign
    /// (not done, no stage or an open one): running again only fills the gaps.
    ///
    /// Each interaction is created by the interactions' own writer (`EntityService` on `InteractionsEntity`, as the
    /// form and the API do), so the type's first stage, the owner, the stage history, the agenda bounds, the project
    /// figures and the audit entry are the form's; a contact target is linked as the interaction page links one
    /// (`InteractionService.addLink`). The targets are read a page of `pageSize` at a time; each page is one
    /// transaction that takes the interactions' write lock, skips the targets with an open interaction, creates the
    /// others and records the run (`last_run_at` and an audit entry). A run cut short keeps its finished pages, and
    /// running it again completes it; two runs at once do not create a target's interaction twice.
    @discardableResult
    public func run(_ id: UUID) async throws -> CampaignRun {
        try context.authorize(.write, .activities)
        let campaign = try await load(id)
        try campaign.checkRunnable(try await ActivityCatalog.load(context.db))
        let segment = try await EntityService(try await SegmentsEntity.definition.resolved(for: context), context).get(campaign.segmentID)
        let (records, stored) = try await SegmentsEntity.evaluate(segment, context)
        let kind: DirectoryKind = records.table == "companies" ? .companies : .contacts
        let interactions = try await InteractionsEntity.definition.resolved(for: context)
        // A target's owner who may no longer own interactions (deactivated) leaves the choice to the interactions' rule.
        var owners: Set<UUID> = []
        if case .reference(let choices)? = interactions.field(key: "ownerId")?.kind {
            owners = Set(choices.compactMap { UUID(uuidString: $0.value) })
        }
        var parameters = stored
        parameters.limit = Self.pageSize
        parameters.cursor = nil
        let targets = EntityService(records, context)
        var result = CampaignRun(created: 0, skipped: 0)
        var turn = 0
        repeat {
            let page = try await targets.list(parameters)
            let (created, skipped, nextTurn) = try await context.transaction { [id = campaign.id, turn, owners] context in
                try await WriteLock.acquire(InteractionsEntity.definition.table, on: context.db)
                // The campaign as it is now, under the lock: its run state moves with each page.
                guard let record = try await CampaignStore.find(id, on: context.db) else { throw AppError.notFound }
                var campaign = ProspectingCampaign(record)
                let open = try await CampaignStore.openTargets(of: campaign.id, among: page.rows.map(\.id), on: context.db)
                var created = 0
                var turn = turn
                for target in page.rows where !open.contains(target.id) {
                    let owner = campaign.owner(turn: turn, targetOwner: target["owner_id"].uuidValue).flatMap {
                        owners.contains($0) ? $0 : nil
                    }
                    turn += 1
                    let input = campaign.interactionInput(owner: owner, company: kind == .companies ? target.id : nil)
                    let interaction = try await EntityService(
                        Self.definition(interactions, campaign: campaign.id, target: target.id), context
                    )
                    .create(input)
                    if kind == .contacts {
                        try await InteractionService(context).addLink(interaction.id, .contacts, target.id)
                    }
                    created += 1
                }
                let before = campaign.state.lastRunAt
                campaign.recordRun(at: context.now)
                try await CampaignStore.recordRun(campaign.id, at: campaign.state.lastRunAt ?? context.now, on: context.db)
                try await AuditLog.record(
                    .update, entity: "prospecting_campaigns", id: campaign.id.uuidString.lowercased(), summary: "run: \(created)",
                    changes: ["last_run_at": (before.map { .date($0) } ?? .null, campaign.state.lastRunAt.map { .date($0) } ?? .null)],
                    by: context.auditActor, at: context.now, on: context.db)
                return (created, page.rows.count - created, turn)
            }
            result.created += created
            result.skipped += skipped
            turn = nextTurn
            parameters.cursor = page.nextCursor
        } while parameters.cursor != nil
        return result
    }

    /// The interactions' definition with the campaign and the target as preset values: columns the form never
    /// submits, written with the row (and in its audit entry) as the type's defaults are.
    static func definition(_ interactions: EntityDefinition, campaign: UUID, target: UUID) -> EntityDefinition {
        var definition = interactions
        definition.defaults["campaign_id"] = .uuid(campaign)
        definition.defaults["campaign_target_id"] = .uuid(target)
        return definition
    }

    /// Interactions per stage and per owner.
    public func progress(_ id: UUID) async throws -> CampaignProgress {
        try context.authorize(.read, .activities)
        return CampaignProgress(
            byStage: try await CampaignStore.progressByStage(id, on: context.db),
            byOwner: try await CampaignStore.progressByOwner(id, on: context.db))
    }
}
