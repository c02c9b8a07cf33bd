import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation
import SQLKit

/// Creates one interaction per segment member that has no open interaction of the campaign yet.
public struct CampaignRunner: Sendable {
    public let context: ServiceContext

    public init(context: ServiceContext) { self.context = context }

    public func run(_ id: UUID) async throws -> Int {
        try context.authorize(.write, .activities)
        let campaigns = try await CampaignsEntity.definition.resolved(for: context)
        let campaign = try await EntityService(campaigns, context).get(id)
        guard let segmentID = campaign["segment_id"].uuidValue, let typeID = campaign["type_id"].uuidValue else { throw AppError.notFound }
        let segment = try await EntityService(try await SegmentsEntity.definition.resolved(for: context), context).get(segmentID)
        let (records, stored) = try await SegmentsEntity.evaluate(segment, context)
        let isCompanies = records.table == "companies"
        let sql = try TableStore.sqlDatabase(context.db)
        // Targets that already have an open interaction of this campaign are skipped.
        let open = Set(try await sql.raw("""
            SELECT i.campaign_target_id FROM interactions i LEFT JOIN pipeline_stages s ON s.id = i.stage_id
            WHERE i.campaign_id = \(bind: id) AND i.done = \(bind: false) AND (s.outcome IS NULL OR s.outcome = 'open')
            """).all().compactMap { try $0.decode(column: "campaign_target_id", as: UUID?.self) })
        let catalog = try await ActivityCatalog.load(context.db)
        let stage = campaign["stage_id"].uuidValue ?? (catalog.type(typeID)?.hasPipeline == true ? catalog.stages(of: typeID).first { $0.active }?.id : nil)
        let robin = (campaign["round_robin"].textValue ?? "").split(separator: "\n").compactMap { UUID(uuidString: String($0)) }
        guard let actor = context.actor else { throw AppError.unauthorized }
        var parameters = stored
        parameters.limit = 500
        parameters.cursor = nil
        let service = EntityService(records, context)
        var created = 0
        var turn = 0
        repeat {
            let page = try await service.list(parameters)
            let targets = page.rows.filter { !open.contains($0.id) }
            if !targets.isEmpty {
                var owners: [UUID] = []
                for target in targets {
                    switch campaign["assignment"].textValue {
                    case "user": owners.append(campaign["assignee_id"].uuidValue ?? actor.userID)
                    case "roundRobin":
                        owners.append(robin.isEmpty ? actor.userID : robin[turn % robin.count])
                        turn += 1
                    default: owners.append(target["owner_id"].uuidValue ?? actor.userID)
                    }
                }
                let assigned = owners
                try await context.db.transaction { db in
                    let sql = try TableStore.sqlDatabase(db)
                    for (target, owner) in zip(targets, assigned) {
                        let interaction = context.newID()
                        try await TableStore.insert(InteractionsEntity.definition.tableSpec, id: interaction, values: [
                            "type_id": .uuid(typeID), "subject": campaign["subject"], "stage_id": stage.map { .uuid($0) } ?? .null,
                            "stage_changed_at": stage == nil ? .null : .date(context.now), "due_date": campaign["due_date"],
                            "owner_id": .uuid(owner), "company_id": isCompanies ? .uuid(target.id) : .null,
                            "campaign_id": .uuid(id), "campaign_target_id": .uuid(target.id),
                            "all_day": .bool(false), "done": .bool(false), "archived": .bool(false),
                            "created_at": .date(context.now), "updated_at": .date(context.now),
                        ], on: db)
                        if !isCompanies {
                            try await sql.raw("INSERT INTO interaction_contacts (id, interaction_id, contact_id) VALUES (\(bind: context.newID()), \(bind: interaction), \(bind: target.id))").run()
                        }
                        if let stage { try await InteractionService.recordStage(interaction, stage, at: context.now, by: actor.userID, on: db) }
                    }
                    try await AuditLog.record(.update, entity: "prospecting_campaigns", id: id.uuidString.lowercased(), summary: "run: \(targets.count)",
                                              by: context.auditActor, at: context.now, on: db)
                }
                created += targets.count
            }
            parameters.cursor = page.nextCursor
        } while parameters.cursor != nil
        try await sql.raw("UPDATE prospecting_campaigns SET last_run_at = \(bind: context.now) WHERE id = \(bind: id)").run()
        return created
    }
}
