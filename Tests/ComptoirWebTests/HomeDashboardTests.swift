import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Testing
import Vapor

@testable import ComptoirWeb

/// The home dashboard (issue #14, « The working day »): tasks, meetings, deals and wins of the user who opens it,
/// through the same rights and visibility as the pages it links to.
@Suite(.serialized) struct HomeDashboardTests {
    @Test func theDashboardShowsMyDayMyDealsAndWhatOthersChangedOnMyRecords() async throws {
        try await TestApp.run { t in
            // setup: the clock is 18/11/2026. Mine: an overdue follow-up, a meeting today, a task next week, deals open,
            // won and lost; a colleague's open deal (not mine) and the colleague renaming my company.
            var (browser, user) = try await t.signedIn(role: .user)
            let api = APIClient(app: t.app, token: try await t.token(for: user))
            let company = try await DirectoryTests.createCompany(&browser, ["name": "Boulangerie Dupain"])
            _ = try await ActivitiesTests.create(
                api, "{\"typeId\":\"\(ActivitiesTests.call)\",\"subject\":\"Relancer le devis <b>Dupain</b>\",\"dueDate\":\"10/11/2026\"}")
            _ = try await ActivitiesTests.create(
                api,
                "{\"typeId\":\"\(ActivitiesTests.call)\",\"subject\":\"Rendez-vous bilan\",\"startsAt\":\"2026-11-18T14:00:00+01:00\",\"endsAt\":\"2026-11-18T15:00:00+01:00\"}"
            )
            _ = try await ActivitiesTests.create(
                api, "{\"typeId\":\"\(ActivitiesTests.call)\",\"subject\":\"Préparer la réunion\",\"dueDate\":\"23/11/2026\"}")
            for (subject, amount, stage) in [
                ("Ouverte A", "1000", 3), ("Ouverte B", "2500", 5), ("Gagnée", "10000", 6), ("Perdue", "7000", 7),
            ] {
                let (created, _) = try await ActivitiesTests.create(
                    api,
                    "{\"typeId\":\"\(ActivitiesTests.sale)\",\"subject\":\"\(subject)\",\"amount\":\"\(amount)\",\"stageId\":\"\(ActivitiesTests.saleStage(stage))\"}"
                )
                #expect(created.status == .created, "\(created.body)")
            }
            let boss = try await t.createUser("boss@example.fr", role: .admin)
            let admin = APIClient(app: t.app, token: try await t.token(for: boss))
            _ = try await ActivitiesTests.create(
                admin,
                "{\"typeId\":\"\(ActivitiesTests.sale)\",\"subject\":\"Affaire du patron\",\"amount\":\"90000\",\"stageId\":\"\(ActivitiesTests.saleStage(3))\"}"
            )
            t.clock.advance(by: 60)
            let renamed = try await admin.send(
                .PATCH, "/api/v1/companies/\(company.uuidString.lowercased())", json: #"{"name":"Boulangerie Dupain & Fils"}"#)
            #expect(renamed.status == .ok, "\(renamed.body)")
            // act
            let home = try await browser.open("/")
            // validate
            #expect(home.status == .ok)
            let body = home.body
            #expect(body.contains("mercredi 18/11/2026"))
            #expect(body.contains("1 en retard") && body.contains("1 aujourd'hui") && body.contains("1 cette semaine"), "\(body)")
            #expect(body.contains("class=\"overdue\"><time>10/11/2026</time>"))
            #expect(body.contains("Relancer le devis &lt;b&gt;Dupain&lt;/b&gt;"))
            #expect(body.contains("Rendez-vous bilan") && body.contains("14:00–15:00"))
            // Open deals: 3 500 € over two, weighted 1 000 × 40 % + 2 500 × 80 % = 2 400 €; won and lost apart; not the boss's.
            #expect(
                body.contains(
                    "<strong>3\u{00A0}500,00\u{00A0}€</strong> en cours (2 affaires), pondéré <strong>2\u{00A0}400,00\u{00A0}€</strong>"))
            #expect(body.contains("Gagnées : 1 (10\u{00A0}000,00\u{00A0}€) — perdues : 1 (7\u{00A0}000,00\u{00A0}€)"))
            #expect(!body.contains("90\u{00A0}000") && !body.contains("Affaire du patron"))
            // The charts: one bar per open stage, twelve months with this month's win.
            #expect(body.contains("<svg class=\"chart\""))
            #expect(body.contains("<title>Vente - 5 - Accord verbal : 1 — 2\u{00A0}500,00\u{00A0}€</title>"), "\(body)")
            #expect(body.contains("<title>nov. : 1 — 10\u{00A0}000,00\u{00A0}€</title>"))
            #expect(body.contains("<title>déc. : 0 — 0,00\u{00A0}€</title>"))  // last year's December, empty
            // What the boss changed on my company.
            #expect(body.contains("<strong>boss@example.fr</strong> a modifié la société"), "\(body)")
            #expect(body.contains("Boulangerie Dupain &amp; Fils"))
            #expect(body.contains("href=\"/companies/\(company.uuidString.lowercased())\""))
            // Quick actions for someone who may write.
            #expect(body.contains("href=\"/companies/new\"") && body.contains("href=\"/tasks\""))
        }
    }

    @Test func aPrivateProjectsDealsAndChangesStayOutOfTheDashboardOfThoseOutsideIt() async throws {
        try await TestApp.run { t in
            // setup: the admin puts a deal owned by the user in a private project the user is not a member of, and edits it
            var (browser, user) = try await t.signedIn(role: .user)
            let boss = try await t.createUser("boss@example.fr", role: .admin)
            let admin = APIClient(app: t.app, token: try await t.token(for: boss))
            let secret = try await ProjectsTests.create(admin, #"{"title":"Dossier confidentiel","visibility":"private"}"#)
            let (created, id) = try await ActivitiesTests.create(
                admin,
                "{\"typeId\":\"\(ActivitiesTests.sale)\",\"subject\":\"Secrète\",\"amount\":\"50000\",\"stageId\":\"\(ActivitiesTests.saleStage(3))\",\"projectId\":\"\(secret)\",\"ownerId\":\"\(user.id!.uuidString)\"}"
            )
            #expect(created.status == .created, "\(created.body)")
            let row = try #require(try await TableStore.get(InteractionsEntity.definition.tableSpec, id: UUID(uuidString: id!)!, on: t.db))
            #expect(row["owner_id"] == .uuid(user.id!))
            // act
            let home = try await browser.open("/")
            // validate
            #expect(home.status == .ok)
            #expect(!home.body.contains("Secrète") && !home.body.contains("50\u{00A0}000"))
            #expect(home.body.contains("Aucune affaire en cours."))
        }
    }

    @Test func aReadOnlyUserGetsTheDashboardWithoutCreateActions() async throws {
        try await TestApp.run { t in
            // setup
            var (browser, _) = try await t.signedIn(role: .user, readOnly: true)
            // act
            let home = try await browser.open("/")
            // validate
            #expect(home.status == .ok)
            #expect(home.body.contains("Votre compte est en lecture seule."))
            #expect(home.body.contains("Rien à faire cette semaine.") && home.body.contains("Aucun rendez-vous."))
            #expect(!home.body.contains("href=\"/companies/new\""))
            #expect(home.body.contains("href=\"/agenda\""))
        }
    }
}
