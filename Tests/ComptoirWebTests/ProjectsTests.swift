import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import SQLKit
import Testing
import Vapor

@testable import ComptoirWeb

@Suite("Projects: members, visibility, analytics, templates")
struct ProjectsTests {
    static func create(_ api: APIClient, _ json: String) async throws -> String {
        let response = try await api.send(.POST, "/api/v1/projects", json: json)
        guard case .string(let id)? = response.json?["id"] else {
            throw AgendaTests.TestFailure("project: \(response.status) \(response.body)")
        }
        return id
    }

    @Test func privateProjectIsInvisibleToNonMembersEverywhere() async throws {
        try await TestApp.run { t in
            let alice = try await t.createUser("alice@example.fr", name: "Alice")
            let bob = try await t.createUser("bob@example.fr", name: "Bob")
            let aliceAPI = APIClient(app: t.app, token: try await t.token(for: alice))
            let bobAPI = APIClient(app: t.app, token: try await t.token(for: bob))
            let secret = try await Self.create(aliceAPI, #"{"title":"Dossier Succession Martin","visibility":"private","code":"SUCC-01"}"#)
            let open = try await Self.create(aliceAPI, #"{"title":"Salon des métiers","visibility":"public"}"#)
            let meeting = try await aliceAPI.send(
                .POST, "/api/v1/interactions",
                json: """
                    {"typeId":"\(AgendaTests.training)","subject":"Rendez-vous notaire","projectId":"\(secret)","startsAt":"2026-11-20T10:00:00+01:00"}
                    """)
            let meetingID = try #require(meeting.json?["id"]?.string, "no meeting \(meeting.body)")
            // Bob: the project, its interaction and their lists do not exist for him.
            #expect(try await bobAPI.send(.GET, "/api/v1/projects/\(secret)").status == .notFound)
            #expect(try await bobAPI.send(.GET, "/api/v1/interactions/\(meetingID)").status == .notFound)
            #expect(try await bobAPI.send(.PATCH, "/api/v1/interactions/\(meetingID)", json: #"{"subject":"x"}"#).status == .notFound)
            let bobProjects = try await bobAPI.send(.GET, "/api/v1/projects")
            #expect(!bobProjects.body.contains("Succession"))
            #expect(bobProjects.body.contains("Salon des métiers"))
            #expect(!(try await bobAPI.send(.GET, "/api/v1/interactions")).body.contains("notaire"))
            #expect(!(try await bobAPI.send(.GET, "/api/v1/search?q=succession&kinds=projects")).body.contains("Succession"))
            #expect(
                !(try await bobAPI.send(.GET, "/api/v1/agenda?from=2026-11-16&to=2026-11-23&users=\(alice.id!.uuidString.lowercased())"))
                    .body.contains("notaire"))
            #expect(try await bobAPI.send(.GET, "/api/v1/projects/\(secret)/members").status == .notFound)
            // Linking his interaction to it is refused as if it did not exist.
            let sneaky = try await bobAPI.send(
                .POST, "/api/v1/interactions",
                json: "{\"typeId\":\"\(AgendaTests.training)\",\"subject\":\"X\",\"projectId\":\"\(secret)\"}")
            #expect(sneaky.status == .unprocessableEntity)
            // Alice sees it all; once Bob is a member, so does he.
            #expect(try await aliceAPI.send(.GET, "/api/v1/interactions/\(meetingID)").status == .ok)
            #expect((try await aliceAPI.send(.GET, "/api/v1/search?q=succession&kinds=projects")).body.contains("Succession"))
            let added = try await aliceAPI.send(
                .POST, "/api/v1/projects/\(secret)/members",
                json: "{\"kind\":\"users\",\"id\":\"\(bob.id!.uuidString.lowercased())\",\"role\":\"Clerc\"}")
            #expect(added.status == .created)
            let twice = try await aliceAPI.send(
                .POST, "/api/v1/projects/\(secret)/members",
                json: "{\"kind\":\"users\",\"id\":\"\(bob.id!.uuidString.lowercased())\",\"role\":\"Clerc\"}")
            #expect(twice.status == .conflict)
            #expect(twice.json?["error"]?["code"] == "already_member")
            #expect(try await bobAPI.send(.GET, "/api/v1/interactions/\(meetingID)").status == .ok)
            _ = open
            // Before Bob joined, his ICS feed of Alice's agenda-shared meeting showed nothing of it.
            let carol = try await t.createUser("carol@example.fr", name: "Carol")
            var carolBrowser = t.browser()
            _ = try await carolBrowser.signIn(email: carol.email, password: "correct-horse-battery")
            try await carolBrowser.open("/agenda/feeds")
            let created = try await carolBrowser.post("/agenda/feeds", ["kind": "user"])
            let url = try #require(
                created.body.range(of: "/ics/").map { String(created.body[$0.lowerBound...].prefix(while: { $0 != "<" })) })
            _ = try await aliceAPI.send(
                .POST, "/api/v1/projects/\(secret)/members",
                json: "{\"kind\":\"users\",\"id\":\"\(carol.id!.uuidString.lowercased())\",\"role\":\"x\"}")
            _ = try await aliceAPI.send(
                .PATCH, "/api/v1/interactions/\(meetingID)", json: "{\"ownerId\":\"\(carol.id!.uuidString.lowercased())\"}")
            #expect(try await carolBrowser.get(url).body.contains("Rendez-vous notaire"))
            // Carol leaves the private project: the meeting she still owns leaves her feed.
            var aliceBrowser = t.browser()
            _ = try await aliceBrowser.signIn(email: alice.email, password: "correct-horse-battery")
            try await aliceBrowser.open("/projects/\(secret)")
            _ = try await aliceBrowser.post("/projects/\(secret)/members/users/\(carol.id!.uuidString.lowercased())/removal", [:])
            #expect(!(try await carolBrowser.get(url)).body.contains("Rendez-vous notaire"))
        }
    }

    @Test func membersAreTypedAndQuickLinkedFromACompanyPage() async throws {
        try await TestApp.run { t in
            var (browser, user) = try await t.signedIn(role: .user)
            let api = APIClient(app: t.app, token: try await t.token(for: user))
            let project = try await Self.create(api, #"{"title":"Extranet client / Mes Beaux Sapins","visibility":"public"}"#)
            let company = try await DirectoryTests.createCompany(&browser, ["name": "Mes Beaux Sapins", "billingPostcode": "88000"])
            let contact = try await DirectoryTests.createContact(
                &browser, ["firstName": "Sophie", "lastName": "Sapin", "email": "sophie@sapins.fr"])
            try await browser.open("/companies/\(company.uuidString.lowercased())")
            let linked = try await browser.post(
                "/companies/\(company.uuidString.lowercased())/projects", ["target": "Beaux Sap", "role": "Client"])
            #expect(linked.status == .seeOther)
            #expect(try await browser.get(linked.location!).body.contains("Ajouté au projet"))
            let again = try await browser.post(
                "/companies/\(company.uuidString.lowercased())/projects", ["target": "Beaux Sap", "role": "Client"])
            #expect(try await browser.get(again.location!).body.contains("fait déjà partie du projet"))
            try await browser.open("/projects/\(project)")
            #expect(
                try await browser.post(
                    "/projects/\(project)/members", ["kind": "contacts", "target": "sophie@sapins.fr", "role": "Interlocutrice"]
                ).status == .seeOther)
            let members = try await api.send(.GET, "/api/v1/projects/\(project)/members")
            #expect(members.body.contains("\"kind\":\"companies\""))
            #expect(members.body.contains("\"kind\":\"contacts\""))
            #expect(members.body.contains("Interlocutrice"))
            #expect(members.body.contains("\"kind\":\"users\""))  // the creator
            let page = try await browser.get("/projects/\(project)")
            #expect(page.body.contains("Mes Beaux Sapins"))
            #expect(page.body.contains("Sophie Sapin"))
            #expect(
                try await browser.get("/contacts/\(contact.uuidString.lowercased())").body.contains("Extranet client / Mes Beaux Sapins"))
            // Separate typed tables, never one column holding either kind.
            let sql = t.db as! any SQLDatabase
            #expect(try await sql.raw("SELECT COUNT(*) AS n FROM project_companies").first()?.decode(column: "n", as: Int.self) == 1)
            #expect(try await sql.raw("SELECT COUNT(*) AS n FROM project_contacts").first()?.decode(column: "n", as: Int.self) == 1)
            // End before start is refused.
            let backwards = try await api.send(
                .PATCH, "/api/v1/projects/\(project)", json: #"{"startsOn":"2026-12-01","endsOn":"2026-11-01"}"#)
            #expect(backwards.status == .unprocessableEntity)
        }
    }

    @Test func marginComesFromWonSalesAndPurchasesAndSortsTheList() async throws {
        try await TestApp.run { t in
            let user = try await t.createUser("gerant@example.fr", role: .admin)
            let api = APIClient(app: t.app, token: try await t.token(for: user))
            let good = try await Self.create(api, #"{"title":"Chantier rentable"}"#)
            let loss = try await Self.create(api, #"{"title":"Chantier à perte"}"#)
            func deal(_ project: String, _ type: String, _ stage: String, _ amount: String) async throws {
                let response = try await api.send(
                    .POST, "/api/v1/interactions",
                    json:
                        "{\"typeId\":\"\(type)\",\"subject\":\"Affaire\",\"projectId\":\"\(project)\",\"stageId\":\"\(stage)\",\"amount\":\"\(amount)\"}"
                )
                #expect(response.status == .created, "\(response.body)")
            }
            let purchase = "00000000-0000-4000-a000-000000000106"
            let purchaseWon = "00000000-0000-4000-a000-000000000209"
            try await deal(good, ActivitiesTests.sale, ActivitiesTests.saleStage(6), "10000.00")
            try await deal(good, ActivitiesTests.sale, ActivitiesTests.saleStage(3), "99999.00")  // not won: not counted
            try await deal(good, purchase, purchaseWon, "6500.00")
            try await deal(loss, ActivitiesTests.sale, ActivitiesTests.saleStage(6), "2000.00")
            try await deal(loss, purchase, purchaseWon, "3500.50")
            let analytics = try await api.send(.GET, "/api/v1/projects/\(good)/analytics")
            #expect(analytics.json?["sales"] == "10000.00")
            #expect(analytics.json?["purchases"] == "6500.00")
            #expect(analytics.json?["margin"] == "3500.00")
            #expect(analytics.json?["marginRate"] == "35.00")
            let byMargin = try await api.send(.GET, "/api/v1/projects?sort=margin")
            let items = try #require(byMargin.json?["items"]?.items, "no items: \(byMargin.body)")
            #expect(items.first?["title"] == "Chantier à perte")
            #expect(items.first?["margin"] == "-1500.50")
            // Moving a won deal to another project moves its amount.
            let wonDeal = try #require(
                try await (t.db as! any SQLDatabase).raw(
                    "SELECT id FROM interactions WHERE project_id = \(bind: UUID(uuidString: loss)!) AND amount = 200000"
                ).first()?.decode(column: "id", as: UUID.self))
            _ = try await api.send(.PATCH, "/api/v1/interactions/\(wonDeal.uuidString.lowercased())", json: "{\"projectId\":\"\(good)\"}")
            #expect(try await api.send(.GET, "/api/v1/projects/\(loss)/analytics").json?["margin"] == "-3500.50")
            #expect(try await api.send(.GET, "/api/v1/projects/\(good)/analytics").json?["margin"] == "5500.00")
        }
    }

    @Test func templateCopiesMembersAndPlanWithRelativeDatesIncludingASeries() async throws {
        try await TestApp.run { t in
            let user = try await t.createUser("formateur@example.fr", role: .admin)
            let api = APIClient(app: t.app, token: try await t.token(for: user))
            let template = try await Self.create(
                api, #"{"title":"Modèle — session de formation","isTemplate":true,"startsOn":"2026-06-01","endsOn":"2026-06-30"}"#)
            let contact = try await api.send(.POST, "/api/v1/contacts", json: #"{"lastName":"Formatrice","firstName":"Anne"}"#)
            let contactID = try #require(contact.json?["id"]?.string, "contact: \(contact.body)")
            let member = try await api.send(
                .POST, "/api/v1/projects/\(template)/members",
                json: "{\"kind\":\"contacts\",\"id\":\"\(contactID)\",\"role\":\"Intervenante\"}")
            #expect(member.status == .created, "\(member.body)")
            // D+0 kick-off, and every Monday and Wednesday « Formation HTML ».
            _ = try await api.send(
                .POST, "/api/v1/interactions",
                json:
                    "{\"typeId\":\"\(AgendaTests.training)\",\"subject\":\"Réunion de lancement\",\"projectId\":\"\(template)\",\"startsAt\":\"2026-06-01T14:00:00+02:00\",\"endsAt\":\"2026-06-01T15:00:00+02:00\"}"
            )
            _ = try await api.send(
                .POST, "/api/v1/interactions",
                json: """
                    {"typeId":"\(AgendaTests.training)","subject":"Formation HTML","projectId":"\(template)","startsAt":"2026-06-03T09:00:00+02:00",
                     "endsAt":"2026-06-03T12:00:00+02:00","rrule":"FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20260630T215959Z"}
                    """)
            // A template is hidden from the ordinary list.
            #expect(!(try await api.send(.GET, "/api/v1/projects")).body.contains("Modèle — session"))
            let created = try await api.send(
                .POST, "/api/v1/projects/\(template)/instances", json: #"{"title":"Session de septembre","startsOn":"07/09/2026"}"#)
            #expect(created.status == .created)
            let project = try #require(created.json?["id"]?.string, "instance: \(created.body)")
            let copy = try await api.send(.GET, "/api/v1/projects/\(project)")
            #expect(copy.json?["startsOn"] == "2026-09-07")
            #expect(copy.json?["endsOn"] == "2026-10-06")
            #expect(copy.json?["isTemplate"] == false)
            #expect((try await api.send(.GET, "/api/v1/projects/\(project)/members")).body.contains("Intervenante"))
            // The plan moved by 98 days: kick-off Monday 7 September, sessions Mondays and Wednesdays until 6 October.
            let agenda = try await api.send(.GET, "/api/v1/agenda?from=2026-09-01&to=2026-10-31&users=\(user.id!.uuidString.lowercased())")
            let starts = AgendaTests.starts(agenda)
            #expect(starts.first == "2026-09-07T12:00:00Z")
            #expect(starts.contains("2026-09-09T07:00:00Z"))
            #expect(starts.last == "2026-10-05T07:00:00Z")
            #expect(starts.count == 9)  // kick-off + 8 sessions (9, 14, 16, 21, 23, 28, 30 September, 5 October)
        }
    }
}

extension JSONValue {
    /// The elements of a JSON array, nil for any other value.
    fileprivate var items: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }
}
