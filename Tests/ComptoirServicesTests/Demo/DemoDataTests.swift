import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import SQLKit
import Testing

@testable import ComptoirDemo

@Suite("Demo data, written through the services")
struct DemoDataTests {
    @Test func theDemoLoadsOnceWithTheFormsRulesDerivedStateAndAudit() async throws {
        try await ServiceTestDatabase.run { test in
            // setup: a clock that moves on at every reading, as the system's does
            var context = test.system("demo")
            context.clock = MovingClock(ServiceTestDatabase.start)
            context.files = BlobStore(
                dataDirectory: FileManager.default.temporaryDirectory.appendingPathComponent("demo-\(UUID().uuidString)").path)

            // act
            let lines = try await DemoData.load(context)

            // validate: the content and the lines printed on first run
            #expect(
                lines.first == "Données de démonstration chargées. Comptes de démonstration (mot de passe : \(DemoData.demoPassword)) :")
            #expect(lines.contains("  Annuaire : 300 sociétés, 600 contacts, centres d'intérêt, 2 champs spécifiques, 3 segments."))
            #expect(lines.contains { $0.hasPrefix("  Activités : 42 affaires, 10 suivis, 3 ressources, « Formation HTML » (juin ") })
            #expect(lines.contains { $0.hasPrefix("  Campagne « Relance assurance habitation » : ") })
            #expect(lines.contains("  Projets : « Formation HTML », « Extranet client / Mes Beaux Sapins », un dossier privé, un modèle."))
            for (table, rows) in [
                ("users", 5), ("companies", 300), ("contacts", 600), ("segments", 3), ("resources", 3), ("projects", 4),
                ("custom_fields", 2), ("document_templates", 3), ("document_template_versions", 3),
            ] {
                #expect(try await test.count(table) == rows, "\(table)")
            }
            #expect(lines.contains("  Modèles de documents : 3 (attestation de formation, ordre de mission, contrat)."))
            #expect(try await test.count("document_template_versions", where: "lint_count = 0") == 3)
            // The catalogue: every stock view has something to show, serials delivered and in stock, a note to ship.
            #expect(lines.contains { $0.hasPrefix("  Catalogue : 50 produits, 2 entrepôts, ") })
            #expect(try await test.count("products") == 50)
            #expect(try await test.count("warehouses") == 2)
            #expect(try await test.count("delivery_notes", where: "state = 'delivered'") == 3)
            #expect(try await test.count("delivery_notes", where: "state = 'validated'") == 1)
            #expect(try await test.count("serial_numbers", where: "state = 'delivered'") == 3)
            #expect(try await test.count("stock_movements", where: "state = 'draft'") == 2)
            for view in [StockView.outOfStock, .belowThreshold] {
                #expect(
                    try await !StockStateStore.page(
                        view, warehouse: nil, category: nil, text: nil, afterReference: nil, limit: 5, on: test.db
                    ).isEmpty)
            }
            let campaignCalls = try await test.count("interactions", where: "campaign_id IS NOT NULL")
            #expect(campaignCalls > 0)
            #expect(try await test.count("interactions", where: "campaign_id IS NULL") == 42 + 10 + 1 + 2)
            #expect(try await test.count("interactions", where: "campaign_id IS NOT NULL AND done = true") == campaignCalls / 3)

            // Derived state, as the forms keep it: one search row per company and contact, the stage history of
            // every staged interaction (a deal's dated on the day it was entered), the room booked for each session,
            // the project margins.
            #expect(try await test.count("search_documents", where: "kind = 'companies'") == 300)
            #expect(try await test.count("search_documents", where: "kind = 'contacts'") == 600)
            #expect(
                try await test.count(
                    "interactions",
                    where: """
                        stage_id IS NOT NULL AND id NOT IN (SELECT interaction_id FROM stage_history WHERE left_at IS NULL)
                        """) == 0)
            #expect(
                try await test.count(
                    "interactions i",
                    where: """
                        i.type_id = '\(ActivityDefaults.saleTypeID.uuidString.lowercased())'
                        AND NOT EXISTS (SELECT 1 FROM stage_history h WHERE h.interaction_id = i.id AND h.entered_at = i.created_at)
                        """) == 0)
            #expect(try await test.count("interactions", where: "done = true AND done_at IS NULL") == 0)
            #expect(try await test.count("resource_bookings") >= 8)
            let training = try #require(try await test.sql.raw("SELECT purchases_total FROM projects WHERE code = 'FORM-HTML'").first())
            // The purchase won as a deal and the supplier invoice of 6 800 € (issue #16: documents count in the margin).
            #expect(try training.decode(column: "purchases_total", as: Int64.self) == 5_880_000)
            // The two projects with purchases: one at a loss, one in profit.
            let margins = try await test.sql.raw("SELECT code, margin FROM projects WHERE code IN ('FORM-HTML', 'EXT-SAPINS')").all()
                .reduce(into: [String: Int64]()) {
                    $0[try $1.decode(column: "code", as: String.self)] = try $1.decode(column: "margin", as: Int64.self)
                }
            #expect(try #require(margins["FORM-HTML"]) < 0)
            #expect(try #require(margins["EXT-SAPINS"]) > 0)
            #expect(try await test.count("project_users", where: "role = 'Client (extranet)'") == 1)
            #expect(try await test.count("contact_companies") > 0)
            #expect(try await test.count("contact_tags") > 0)

            // Audit: every record says who created it; a deal's owner entered it (the read-only trainee's by the program).
            #expect(try await test.count("audit_entries", where: "entity = 'companies' AND action = 'create'") == 300)
            #expect(try await test.count("audit_entries", where: "entity = 'contacts' AND action = 'create'") == 600)
            #expect(
                try await test.count(
                    "audit_entries",
                    where: "entity = 'interactions' AND action = 'create' AND actor_label = 'claire.dubois@cabinet-lefevre.fr'") > 0)
            #expect(
                try await test.count("audit_entries", where: "entity = 'interactions' AND actor_label = 'stagiaire@cabinet-lefevre.fr'")
                    == 0)

            // The demo's segments, saved from their list queries, are stored as conditions and select what the queries
            // select (issue #14: the segment form became a condition builder).
            let prospects = try #require(
                try await test.sql.raw("SELECT id FROM tags WHERE name = 'Prospect habitation'").first()?.decode(
                    column: "id", as: UUID.self))
            for (name, entity, query) in [
                ("Clients lyonnais", DirectoryKind.companies, "isClient=true&billingCity=Lyon"),
                ("Prospects habitation", .contacts, "tags=\(prospects.uuidString.lowercased())"),
                ("Profils dynamiques et offensifs", .contacts, "cf_profil_risque=Dynamique"),
            ] {
                let segment = try #require(
                    try await EntityService(SegmentsEntity.definition, context).list(.init(q: name)).rows.first {
                        $0["name"].textValue == name
                    })
                #expect(segment["criteria"].textValue?.isEmpty == false, "\(name)")
                let (records, parameters) = try await SegmentsEntity.evaluate(segment, context)
                let service = EntityService(records, context)
                var legacy = EntityService.parameters(query: query, try await entity.definition.resolved(for: context))
                legacy.limit = 500
                var now = parameters
                now.limit = 500
                let before = Set(try await service.list(legacy).rows.map(\.id))
                #expect(!before.isEmpty, "\(name)")
                #expect(Set(try await service.list(now).rows.map(\.id)) == before, "\(name)")
                #expect(try await service.count(parameters) == before.count, "\(name)")
            }

            // A second load finds every part loaded and writes nothing.
            let entries = try await test.count("audit_entries")
            #expect(try await DemoData.load(context).isEmpty)
            #expect(try await test.count("audit_entries") == entries)
        }
    }

    @Test func aPartMadeOfOtherModulesIsLoadedAfterTheOthersAndOnce() async throws {
        try await ServiceTestDatabase.run { test in
            let extra = DemoPart(name: "extra") { _ in ["  Extra."] }
            let lines = try await DemoData.load(test.system("demo"), parts: [extra])
            #expect(lines == ["  Extra."])
            #expect(try await DemoData.load(test.system("demo"), parts: [extra]).isEmpty)
            #expect(try await test.count("companies") == 0)
        }
    }
}

/// A clock that moves on by a fraction of a millisecond at every reading, as the system's does between two reads.
final class MovingClock: ComptoirCore.Clock, @unchecked Sendable {
    // @unchecked: `current` is only read and written under `lock`.
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date) { current = start }

    func now() -> Date {
        lock.withLock {
            current = current.addingTimeInterval(0.000_731_9)
            return current
        }
    }
}
