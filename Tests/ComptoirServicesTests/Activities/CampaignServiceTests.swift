import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import SQLKit
import Testing

@Suite("Prospecting campaigns, without HTTP")
struct CampaignServiceTests {
    static let sale = ActivityDefaults.saleTypeID.uuidString.lowercased()
    /// « Vente - 1 - Prise de contact ».
    static let firstSaleStage = ActivityDefaults.id(201)

    /// A contact owned by `owner`, a segment holding it, and a sales campaign on that segment assigned to each record's owner.
    static func setup(_ test: ServiceTestDatabase, _ context: ServiceContext, owner: UUID) async throws -> (contact: UUID, campaign: UUID) {
        let contacts = EntityService(try await ContactsEntity.definition.resolved(for: context), context)
        let contact = try await contacts.create(
            EntityInput(
                values: ["firstName": "Sophie", "lastName": "Sapin", "ownerId": owner.uuidString.lowercased()], isPartial: false,
                omittedMeansDefault: true))
        let segments = EntityService(try await SegmentsEntity.definition.resolved(for: context), context)
        let segment = try await segments.create(
            EntityInput(
                values: ["name": "Famille Sapin", "entity": "contacts", "query": "lastName=Sapin"], isPartial: false,
                omittedMeansDefault: true))
        let campaigns = EntityService(try await CampaignsEntity.definition.resolved(for: context), context)
        let campaign = try await campaigns.create(
            EntityInput(
                values: [
                    "name": "Relance prévoyance", "segmentId": segment.id.uuidString.lowercased(), "typeId": sale,
                    "subject": "Proposer la prévoyance", "assignment": "owner",
                ],
                isPartial: false, omittedMeansDefault: true))
        return (contact.id, campaign.id)
    }

    static func stageHistory(_ interaction: UUID, _ db: any Database) async throws -> [UUID] {
        try await (db as! any SQLDatabase).raw(
            "SELECT stage_id FROM stage_history WHERE interaction_id = \(bind: interaction) ORDER BY entered_at"
        )
        .all().map { try $0.decode(column: "stage_id", as: UUID.self) }
    }

    /// The agenda bound `AgendaBounds.refresh` keeps (false until computed).
    static func shortSpan(_ interaction: UUID, _ db: any Database) async throws -> Bool? {
        try await (db as! any SQLDatabase).raw("SELECT short_span FROM interactions WHERE id = \(bind: interaction)").first()?
            .decode(column: "short_span", as: Bool.self)
    }

    static func auditActions(_ interaction: UUID, _ db: any Database) async throws -> [String] {
        try await (db as! any SQLDatabase).raw(
            """
            SELECT action FROM audit_entries WHERE entity = 'interactions' AND entity_id = \(bind: interaction.uuidString.lowercased()) ORDER BY action
            """
        ).all().map { try $0.decode(column: "action", as: String.self) }
    }

    /// A clock that moves a little at every reading, with fractions of a second, as the real one does.
    final class MovingClock: Clock, @unchecked Sendable {
        private var instant = ServiceTestDatabase.start.addingTimeInterval(0.123_456)
        private let lock = NSLock()
        func now() -> Date {
            lock.lock()
            defer { lock.unlock() }
            instant = instant.addingTimeInterval(0.370_001)
            return instant
        }
    }

    @Test func theFormRecordsTheStageHistoryWithARealClock() async throws {
        try await ServiceTestDatabase.run { test in
            var claire = try await test.user("claire@example.fr")
            claire.clock = MovingClock()
            let interactions = EntityService(try await InteractionsEntity.definition.resolved(for: claire), claire)
            let deal = try await interactions.create(
                EntityInput(values: ["typeId": Self.sale, "subject": "Assurance-vie"], isPartial: false, omittedMeansDefault: true))
            #expect(try await Self.stageHistory(deal.id, test.db) == [Self.firstSaleStage])
            let next = ActivityDefaults.id(202)
            _ = try await interactions.update(deal.id, EntityInput(values: ["stageId": next.uuidString.lowercased()], isPartial: true))
            #expect(try await Self.stageHistory(deal.id, test.db) == [Self.firstSaleStage, next])
        }
    }

    @Test func aCampaignInteractionGetsWhatTheFormGives() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let claire = try await test.user("claire@example.fr")
            let paul = try #require(try await test.user("paul@example.fr").actor)
            let (contact, campaign) = try await Self.setup(test, claire, owner: paul.userID)
            // act: the campaign creates its interaction; the same one is made with the form's service and the page's contact link
            let run = try await CampaignService(claire).run(campaign)
            let interactions = EntityService(try await InteractionsEntity.definition.resolved(for: claire), claire)
            let form = try await interactions.create(
                EntityInput(
                    values: ["typeId": Self.sale, "subject": "Proposer la prévoyance", "ownerId": paul.userID.uuidString.lowercased()],
                    isPartial: false, omittedMeansDefault: true))
            try await InteractionService(claire).addLink(form.id, .contacts, contact)
            // validate
            #expect(run == CampaignRun(created: 1, skipped: 0))
            let page = try await interactions.list(.init(filters: ["campaignId": campaign.uuidString.lowercased()]))
            let created = try #require(page.rows.first)
            #expect(page.rows.count == 1)
            #expect(created["campaign_target_id"] == .uuid(contact))
            for column in ["type_id", "stage_id", "owner_id", "subject", "done"] {
                #expect(created[column] == form[column], "\(column)")
            }
            #expect(created["stage_id"] == .uuid(Self.firstSaleStage))
            #expect(created["owner_id"] == .uuid(paul.userID))
            #expect(try await Self.stageHistory(created.id, test.db) == [Self.firstSaleStage])
            #expect(try await Self.stageHistory(form.id, test.db) == [Self.firstSaleStage])
            #expect(try await InteractionService(claire).links(created.id, .contacts) == [contact])
            #expect(try await InteractionService(claire).links(form.id, .contacts) == [contact])
            #expect(try await Self.auditActions(created.id, test.db) == Self.auditActions(form.id, test.db))
            #expect(try await Self.shortSpan(created.id, test.db) == Self.shortSpan(form.id, test.db))
            // The run is recorded with the interactions it created.
            let loaded = try await CampaignService(claire).load(campaign)
            #expect(loaded.state == .ran(lastAt: test.clock.now()))
            #expect(loaded.assignment == .recordOwner)
        }
    }

    @Test func runningAgainOnlyFillsTheGaps() async throws {
        try await ServiceTestDatabase.run { test in
            let claire = try await test.user("claire@example.fr")
            let claireID = try #require(claire.actor?.userID)
            let (_, campaign) = try await Self.setup(test, claire, owner: claireID)
            #expect(try await CampaignService(claire).run(campaign).created == 1)
            let auditBefore = try await test.count("audit_entries")
            // act
            let again = try await CampaignService(claire).run(campaign)
            // validate: nothing created, the run itself still recorded
            #expect(again == CampaignRun(created: 0, skipped: 1))
            #expect(try await test.count("interactions") == 1)
            #expect(try await test.count("audit_entries") == auditBefore + 1)
        }
    }

    @Test func twoRunsAtOnceCreateEachTargetsInteractionOnce() async throws {
        try await ServiceTestDatabase.run { test in
            let claire = try await test.user("claire@example.fr")
            let claireID = try #require(claire.actor?.userID)
            let (_, campaign) = try await Self.setup(test, claire, owner: claireID)
            // act
            async let first = CampaignService(claire).run(campaign)
            async let second = CampaignService(claire).run(campaign)
            let runs = try await [first, second]
            // validate
            #expect(runs.map(\.created).sorted() == [0, 1])
            #expect(try await test.count("interactions") == 1)
        }
    }

    @Test func aCampaignWhoseTypeWasDeactivatedDoesNotRun() async throws {
        try await ServiceTestDatabase.run { test in
            let claire = try await test.user("claire@example.fr")
            let claireID = try #require(claire.actor?.userID)
            let (_, campaign) = try await Self.setup(test, claire, owner: claireID)
            let types = EntityService(InteractionTypesEntity.definition, test.system())
            _ = try await types.update(ActivityDefaults.saleTypeID, EntityInput(values: ["active": "false"], isPartial: true))
            // act
            let refused = try await #require(throws: AppError.self) { try await CampaignService(claire).run(campaign) }
            // validate
            #expect(refused.fields["typeId"] != nil)
            #expect(try await test.count("interactions") == 0)
            #expect(try await CampaignService(claire).load(campaign).state == .neverRun)
        }
    }
}
