import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import SQLKit
import Testing
import Vapor

@testable import ComptoirWeb

@Suite("Activities: interactions, stages, board, follow-ups, bookings, attachments")
struct ActivitiesTests {
    static let sale = "00000000-0000-4000-a000-000000000105"
    static let call = "00000000-0000-4000-a000-000000000101"
    /// « Vente - 1 - Prise de contact » … « Vente - 7 - Perdu ».
    static func saleStage(_ n: Int) -> String { String(format: "00000000-0000-4000-a000-%012d", 200 + n) }
    static let purchaseStage = "00000000-0000-4000-a000-000000000208"

    static func create(_ api: APIClient, _ json: String) async throws -> (Page, String?) {
        let response = try await api.send(.POST, "/api/v1/interactions", json: json)
        if case .string(let id)? = response.json?["id"] { return (response, id) }
        return (response, nil)
    }

    @Test func stageRulesHoldForTypesAndPipelines() async throws {
        try await TestApp.run { t in
            let user = try await t.createUser("vendeur@example.fr")
            let api = APIClient(app: t.app, token: try await t.token(for: user))
            // A sale starts at its first stage, owned by its creator.
            let (created, id) = try await Self.create(
                api, "{\"typeId\":\"\(Self.sale)\",\"subject\":\"Contrat flotte auto\",\"amount\":\"12500.00\"}")
            #expect(created.status == .created)
            #expect(created.json?["stageId"] == .string(Self.saleStage(1)))
            #expect(created.json?["ownerId"] == .string(user.id!.uuidString.lowercased()))
            #expect(created.json?["amount"] == "12500.00")
            // A stage of another type is refused, nothing changes.
            let wrong = try await api.send(.PATCH, "/api/v1/interactions/\(id!)", json: "{\"stageId\":\"\(Self.purchaseStage)\"}")
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.json?["error"]?["fields"]?["stageId"] != nil)
            // A type without stages refuses one.
            let call = try await api.send(
                .POST, "/api/v1/interactions",
                json: "{\"typeId\":\"\(Self.call)\",\"subject\":\"Appel\",\"stageId\":\"\(Self.saleStage(2))\"}")
            #expect(call.status == .unprocessableEntity)
            // End before start.
            let backwards = try await api.send(
                .POST, "/api/v1/interactions",
                json:
                    "{\"typeId\":\"\(Self.call)\",\"subject\":\"RDV\",\"startsAt\":\"2026-12-01T10:00:00Z\",\"endsAt\":\"2026-12-01T09:00:00Z\"}"
            )
            #expect(backwards.status == .unprocessableEntity)
            #expect(backwards.json?["error"]?["fields"]?["endsAt"] != nil)
            #expect(try await TableStore.count(InteractionsEntity.definition.tableSpec, filters: [], on: t.db) == 1)
            // Moving records the history with dates.
            t.clock.advance(by: 3 * 86_400)
            let moved = try await api.send(.PATCH, "/api/v1/interactions/\(id!)", json: "{\"stageId\":\"\(Self.saleStage(3))\"}")
            #expect(moved.status == .ok)
            let history = try await (t.db as! any SQLDatabase).raw(
                "SELECT stage_id, entered_at, left_at FROM stage_history ORDER BY entered_at"
            ).all()
            #expect(history.count == 2)
            #expect(try history[0].decode(column: "stage_id", as: UUID.self).uuidString == Self.saleStage(1).uppercased())
            #expect(try history[0].decode(column: "left_at", as: Date?.self) == t.clock.now())
            #expect(try history[1].decode(column: "left_at", as: Date?.self) == nil)
        }
    }

    @Test func boardShowsTotalsAndWeightedForecastAndMovesWithoutScript() async throws {
        try await TestApp.run { t in
            var (browser, user) = try await t.signedIn(role: .user)
            let api = APIClient(app: t.app, token: try await t.token(for: user))
            let (_, first) = try await Self.create(
                api, "{\"typeId\":\"\(Self.sale)\",\"subject\":\"Affaire A\",\"amount\":\"1000\",\"stageId\":\"\(Self.saleStage(3))\"}")
            _ = try await Self.create(
                api, "{\"typeId\":\"\(Self.sale)\",\"subject\":\"Affaire B\",\"amount\":\"3000\",\"stageId\":\"\(Self.saleStage(3))\"}")
            _ = try await Self.create(
                api, "{\"typeId\":\"\(Self.sale)\",\"subject\":\"Affaire C\",\"amount\":\"500\",\"stageId\":\"\(Self.saleStage(5))\"}")
            let forecast = try await BoardService(t.app.systemContext("test")).forecast(type: UUID(uuidString: Self.sale)!)
            let proposal = try #require(forecast[UUID(uuidString: Self.saleStage(3))!])
            #expect(proposal.count == 2)
            #expect(proposal.amount == 400_000)
            #expect(proposal.weighted == 160_000)  // 40 %
            #expect(forecast[UUID(uuidString: Self.saleStage(5))!]?.weighted == 40_000)  // 80 %
            let board = try await browser.open("/interactions/board")
            #expect(board.status == .ok)
            #expect(board.body.contains("Vente - 3 - Proposition"))
            #expect(board.body.contains("4\u{00A0}000,00\u{00A0}€"))
            #expect(board.body.contains("2\u{00A0}000,00\u{00A0}€"))  // weighted total of open deals: 1 600 + 400
            // The stage menu on each card moves it; a browser's form (Accept: text/html, …, */*) gets the board back, not JSON.
            var headers = HTTPHeaders()
            headers.contentType = .urlEncodedForm
            headers.replaceOrAdd(name: .accept, value: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
            let body = "stageId=\(Self.saleStage(6))&back=%2Finteractions%2Fboard&_csrf=\(browser.lastCSRF ?? "")"
            let move = try await browser.send(.POST, "/interactions/\(first!)/stage", headers: headers, body: ByteBuffer(string: body))
            #expect(move.status == .seeOther)
            #expect(move.location == "/interactions/board")
            let row = try #require(
                try await TableStore.get(InteractionsEntity.definition.tableSpec, id: UUID(uuidString: first!)!, on: t.db))
            #expect(row["stage_id"] == .uuid(UUID(uuidString: Self.saleStage(6))!))
        }
    }

    @Test func forecastCountsOpenDealsOnlyAndShowsWonAndLostApart() async throws {
        try await TestApp.run { t in
            // setup: open 1 000 € at 40 %, won 10 000 €, lost 7 000 €, and 50 000 € at 40 % in a private project of someone else
            var (browser, user) = try await t.signedIn(role: .user)
            let api = APIClient(app: t.app, token: try await t.token(for: user))
            _ = try await Self.create(
                api, "{\"typeId\":\"\(Self.sale)\",\"subject\":\"Ouverte\",\"amount\":\"1000\",\"stageId\":\"\(Self.saleStage(3))\"}")
            _ = try await Self.create(
                api, "{\"typeId\":\"\(Self.sale)\",\"subject\":\"Gagnée\",\"amount\":\"10000\",\"stageId\":\"\(Self.saleStage(6))\"}")
            _ = try await Self.create(
                api, "{\"typeId\":\"\(Self.sale)\",\"subject\":\"Perdue\",\"amount\":\"7000\",\"stageId\":\"\(Self.saleStage(7))\"}")
            let boss = try await t.createUser("boss@example.fr", role: .admin)
            let admin = APIClient(app: t.app, token: try await t.token(for: boss))
            let secret = try await ProjectsTests.create(admin, #"{"title":"Dossier confidentiel","visibility":"private"}"#)
            _ = try await Self.create(
                admin,
                "{\"typeId\":\"\(Self.sale)\",\"subject\":\"Secrète\",\"amount\":\"50000\",\"stageId\":\"\(Self.saleStage(3))\",\"projectId\":\"\(secret)\"}"
            )
            // act
            let board = try await browser.open("/interactions/board")
            // validate
            let line = try #require(board.body.range(of: "board-forecast\">").map { String(board.body[$0.upperBound...].prefix(200)) })
            #expect(
                line.hasPrefix(
                    "Prévision pondérée des affaires en cours : 400,00\u{00A0}€ — gagnées : 10\u{00A0}000,00\u{00A0}€ — perdues : 7\u{00A0}000,00\u{00A0}€"
                ), "\(line)")
            #expect(!board.body.contains("Secrète"))
            #expect(!board.body.contains("20\u{00A0}400,00"))  // the private deal's weighted amount is not in any total
        }
    }

    @Test func aNewInteractionFromACompanyOrProjectShowsTheirNamesNotIds() async throws {
        try await TestApp.run { t in
            // setup
            var (browser, user) = try await t.signedIn(role: .user)
            let company = try await DirectoryTests.createCompany(&browser, ["name": "Mes Beaux Sapins", "billingPostcode": "88000"])
            let api = APIClient(app: t.app, token: try await t.token(for: user))
            let project = try await ProjectsTests.create(api, #"{"title":"Extranet client","visibility":"public"}"#)
            let boss = try await t.createUser("boss@example.fr", role: .admin)
            let secret = try await ProjectsTests.create(
                APIClient(app: t.app, token: try await t.token(for: boss)), #"{"title":"Dossier confidentiel","visibility":"private"}"#)
            let companyID = company.uuidString.lowercased()
            // act
            let fromCompany = try await browser.open("/interactions/new?companyId=\(companyID)")
            let fromProject = try await browser.open("/interactions/new?projectId=\(project)")
            let fromSecret = try await browser.open("/interactions/new?projectId=\(secret)")
            // validate: names in the fields, ids only in the hidden companions; nothing of a project the user cannot see
            #expect(fromCompany.body.contains("value=\"Mes Beaux Sapins\""))
            #expect(fromCompany.body.contains("name=\"companyId__id\" value=\"\(companyID)\""))
            #expect(
                !fromCompany.body.contains("name=\"companyId\" value=\"\(companyID)\"")
                    && !fromCompany.body.contains("value=\"\(companyID)\" name=\"companyId\""))
            #expect(fromProject.body.contains("value=\"Extranet client\""))
            #expect(!fromSecret.body.contains("Dossier confidentiel"))
            #expect(!fromSecret.body.contains("value=\"\(secret)\""))
            // Sending the form as shown links the company.
            let created = try await browser.post(
                "/interactions",
                [
                    "typeId": Self.call, "subject": "Appel de suivi", "companyId": "Mes Beaux Sapins",
                    "companyId__title": "Mes Beaux Sapins", "companyId__id": companyID,
                ])
            #expect(created.status == .seeOther, "\(created.body.prefix(400))")
            let id = try #require(created.location.flatMap { UUID(uuidString: String($0.split(separator: "/").last ?? "")) })
            let row = try #require(try await TableStore.get(InteractionsEntity.definition.tableSpec, id: id, on: t.db))
            #expect(row["company_id"] == .uuid(company))
        }
    }

    @Test func followUpAndTasksOverdueFirstAndTimeline() async throws {
        try await TestApp.run { t in
            var (browser, user) = try await t.signedIn(role: .user)
            let company = try await DirectoryTests.createCompany(&browser, ["name": "Mes Beaux Sapins", "billingPostcode": "88000"])
            let contact = try await DirectoryTests.createContact(&browser, ["firstName": "Sophie", "lastName": "Sapin"])
            let api = APIClient(app: t.app, token: try await t.token(for: user))
            let (_, deal) = try await Self.create(
                api,
                "{\"typeId\":\"\(Self.sale)\",\"subject\":\"Contrat annuel\",\"companyId\":\"\(company.uuidString)\",\"dueDate\":\"10/11/2026\"}"
            )
            _ = try await Self.create(api, "{\"typeId\":\"\(Self.call)\",\"subject\":\"Rappel aujourd'hui\",\"dueDate\":\"18/11/2026\"}")
            try await browser.open("/interactions/\(deal!)")
            #expect(try await browser.post("/interactions/\(deal!)/contacts", ["target": "Sophie Sapin"]).status == .seeOther)
            // Win the contract, then plan the renewal.
            let follow = try await browser.post(
                "/interactions/\(deal!)/follow-up", ["startsAt": "2027-11-10T10:00", "subject": "Renouvellement du contrat"])
            #expect(follow.status == .seeOther)
            let renewalID = try #require(follow.location.flatMap { UUID(uuidString: String($0.split(separator: "/").last ?? "")) })
            let renewal = try #require(try await TableStore.get(InteractionsEntity.definition.tableSpec, id: renewalID, on: t.db))
            #expect(renewal["follow_up_of"] == .uuid(UUID(uuidString: deal!)!))
            #expect(renewal["company_id"] == .uuid(company))
            #expect(renewal["subject"] == .text("Renouvellement du contrat"))
            #expect(renewal["starts_at"].dateValue.map { DateDisplay.dateTime($0) } == "10/11/2027 10:00")
            let contacts = try await InteractionService(browser.app.makeTestRequest()).links(
                renewalID, "interaction_contacts", "contact_id", on: t.db)
            #expect(contacts == [contact])

            let tasks = try await browser.get("/tasks")
            let overdue = try #require(tasks.body.range(of: "Contrat annuel"))
            let today = try #require(tasks.body.range(of: "Rappel aujourd"))
            #expect(overdue.lowerBound < today.lowerBound)
            #expect(tasks.body.contains("En retard (1)"))

            let page = try await browser.get("/companies/\(company.uuidString.lowercased())")
            let newer = try #require(page.body.range(of: "Renouvellement du contrat"))
            let older = try #require(page.body.range(of: "Contrat annuel"))
            #expect(newer.lowerBound < older.lowerBound)
            let onlyCalls = try await browser.get("/companies/\(company.uuidString.lowercased())?timelineType=\(Self.call)")
            #expect(!onlyCalls.body.contains("Renouvellement du contrat"))
            #expect(try await browser.get("/contacts/\(contact.uuidString.lowercased())").body.contains("Contrat annuel"))
        }
    }

    @Test func doubleBookingIsRefusedAndNamesTheOtherInteraction() async throws {
        try await TestApp.run { t in
            var (browser, user) = try await t.signedIn(role: .admin)
            let api = APIClient(app: t.app, token: try await t.token(for: user))
            let room = try await api.send(.POST, "/api/v1/resources", json: #"{"name":"Local 321","kind":"room","capacity":12}"#)
            guard case .string(let roomID)? = room.json?["id"] else { Issue.record("no room"); return }
            let (_, first) = try await Self.create(
                api,
                "{\"typeId\":\"\(Self.call)\",\"subject\":\"Formation HTML\",\"startsAt\":\"2026-12-01T09:00:00+01:00\",\"endsAt\":\"2026-12-01T12:00:00+01:00\"}"
            )
            let (_, second) = try await Self.create(
                api,
                "{\"typeId\":\"\(Self.call)\",\"subject\":\"Réunion budget\",\"startsAt\":\"2026-12-01T11:00:00+01:00\",\"endsAt\":\"2026-12-01T13:00:00+01:00\"}"
            )
            try await browser.open("/interactions/\(first!)")
            #expect(try await browser.post("/interactions/\(first!)/resources", ["resources[]": roomID]).status == .seeOther)
            let refused = try await browser.post("/interactions/\(second!)/resources", ["resources[]": roomID])
            #expect(refused.status == .seeOther)
            let page = try await browser.get(refused.location!)
            #expect(page.body.contains("« Local 321 » est déjà réservée le 01/12/2026 11:00 par « Formation HTML »"))
            let sql = t.db as! any SQLDatabase
            #expect(try await sql.raw("SELECT COUNT(*) AS n FROM resource_bookings").first()?.decode(column: "n", as: Int.self) == 1)
            #expect(try await sql.raw("SELECT COUNT(*) AS n FROM interaction_resources").first()?.decode(column: "n", as: Int.self) == 1)
            // Moving the booked interaction onto the other one's time is refused too (API: 409).
            let clash = try await api.send(
                .PATCH, "/api/v1/interactions/\(second!)",
                json: #"{"startsAt":"2026-12-02T09:00:00+01:00","endsAt":"2026-12-02T10:00:00+01:00"}"#)
            #expect(clash.status == .ok)
            // The database itself refuses an overlapping row, whoever writes it.
            await #expect(throws: (any Error).self) {
                try await sql.raw(
                    """
                    INSERT INTO resource_bookings (id, resource_id, interaction_id, starts_at, ends_at)
                    VALUES (\(bind: UUID()), \(bind: UUID(uuidString: roomID)!), \(bind: UUID(uuidString: second!)!),
                            \(bind: Date(timeIntervalSince1970: 1_796_112_000 + 1800)), \(bind: Date(timeIntervalSince1970: 1_796_112_000 + 7200)))
                    """
                ).run()
            }
            // Free-room search.
            let free = try await browser.get("/resources/free?from=2026-12-01T10:00&to=2026-12-01T11:00&kind=room")
            #expect(free.body.contains("Aucune ressource libre"))
            let later = try await browser.get("/resources/free?from=2026-12-01T14:00&to=2026-12-01T15:00&kind=room")
            #expect(later.body.contains("Local 321"))
        }
    }

    @Test func twoConcurrentBookingsOfTheSameSlotLetExactlyOneThrough() async throws {
        try await TestApp.run { t in
            let user = try await t.createUser("admin@example.fr", role: .admin)
            let api = APIClient(app: t.app, token: try await t.token(for: user))
            let room = try await api.send(.POST, "/api/v1/resources", json: #"{"name":"Salle Molière","kind":"room"}"#)
            guard case .string(let roomID)? = room.json?["id"] else { Issue.record("no room"); return }
            var ids: [String] = []
            for index in 0..<6 {
                let (_, id) = try await Self.create(
                    api,
                    "{\"typeId\":\"\(Self.call)\",\"subject\":\"Réunion \(index)\",\"startsAt\":\"2026-12-03T09:00:00Z\",\"endsAt\":\"2026-12-03T10:00:00Z\"}"
                )
                ids.append(id!)
            }
            let app = t.app
            let token = api.token
            let statuses = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for id in ids {
                    group.addTask {
                        let body = "resources%5B%5D=\(roomID)"
                        var headers = HTTPHeaders()
                        headers.contentType = .urlEncodedForm
                        headers.replaceOrAdd(name: .authorization, value: "Bearer \(token!)")
                        let response = try await APIClient(app: app, token: token, live: false)
                            .send(.POST, "/interactions/\(id)/resources", json: body, headers: headers)
                        return response.status
                    }
                }
                var all: [HTTPResponseStatus] = []
                for try await status in group { all.append(status) }
                return all
            }
            #expect(!statuses.contains(.internalServerError))
            let sql = t.db as! any SQLDatabase
            #expect(try await sql.raw("SELECT COUNT(*) AS n FROM resource_bookings").first()?.decode(column: "n", as: Int.self) == 1)
            #expect(try await sql.raw("SELECT COUNT(*) AS n FROM interaction_resources").first()?.decode(column: "n", as: Int.self) == 1)
        }
    }

    @Test func attachmentsAreStoredOnceCheckedAndPermissioned() async throws {
        try await TestApp.run { t in
            var (browser, user) = try await t.signedIn(role: .user)
            let company = try await DirectoryTests.createCompany(&browser, ["name": "Cabinet Avocats Durand", "billingPostcode": "75008"])
            let contact = try await DirectoryTests.createContact(&browser, ["lastName": "Durand"])
            try await browser.open("/companies/\(company.uuidString.lowercased())")
            func upload(_ kind: String, _ id: UUID, _ bytes: [UInt8], name: String) async throws -> Page {
                try await browser.upload(kind, id, bytes, name: name)
            }
            let pdf = Array("%PDF-1.7 contrat de prestation".utf8)
            #expect(try await upload("companies", company, pdf, name: "contrat.pdf").status == .seeOther)
            #expect(try await upload("contacts", contact, pdf, name: "copie du contrat.pdf").status == .seeOther)
            // Stored once.
            #expect(try await AttachmentStore.blobCount(on: t.db) == 1)
            let files = try FileManager.default.subpathsOfDirectory(atPath: t.dataDirectory + "/files").filter {
                !$0.hasSuffix("/") && $0.count > 10
            }
            #expect(files.count == 1)
            // Empty files are refused, nothing recorded.
            let empty = try await upload("companies", company, [], name: "vide.pdf")
            let emptyPage = try await browser.get(empty.location!)
            #expect(emptyPage.body.contains("Le fichier est vide"))
            #expect(try await AttachmentStore.list(ownerKind: "companies", ownerID: company, on: t.db).count == 1)

            let listed = try await AttachmentStore.list(ownerKind: "contacts", ownerID: contact, on: t.db)
            let download = try await browser.get("/attachments/\(listed[0].id.uuidString.lowercased())")
            #expect(download.status == .ok)
            #expect(download.body == "%PDF-1.7 contrat de prestation")
            #expect(download.headers.first(name: .contentDisposition)?.contains("copie") == true)
            // Anonymous: sent to sign in; API without token: 401; unknown id: 404.
            var anonymous = t.browser()
            #expect(try await anonymous.get("/attachments/\(listed[0].id.uuidString.lowercased())").status == .seeOther)
            #expect(
                try await APIClient(app: t.app, token: nil).send(
                    .GET, "/api/v1/attachments/\(listed[0].id.uuidString.lowercased())/content"
                ).status == .unauthorized)
            let api = APIClient(app: t.app, token: try await t.token(for: user))
            #expect(try await api.send(.GET, "/api/v1/attachments/\(UUID().uuidString)").status == .notFound)
            #expect(
                try await api.send(.GET, "/api/v1/attachments?ownerKind=companies&ownerId=\(company.uuidString)").body.contains(
                    "contrat.pdf"))
            // A read-only user cannot upload.
            let reader = try await t.createUser("lecteur@example.fr", readOnly: true)
            var readOnly = t.browser()
            _ = try await readOnly.signIn(email: reader.email, password: "correct-horse-battery")
            try await readOnly.open("/companies/\(company.uuidString.lowercased())")
            browser = readOnly
            #expect(try await upload("companies", company, Array("autre".utf8), name: "x.pdf").status == .forbidden)
            // Over the size limit (set to 1 MB).
            try await Settings.set(AttachmentPages.maxSizeKey, "1", on: t.db)
            browser = (try await t.signedIn(role: .user, email: "autre@example.fr")).0
            try await browser.open("/companies/\(company.uuidString.lowercased())")
            let big = try await upload("companies", company, Array(repeating: 0x41, count: 1_100_000), name: "gros.pdf")
            #expect(big.status == .seeOther, "\(big.status) \(big.body.prefix(300))")
            let bigPage = try await browser.get(big.location ?? "/")
            #expect(
                bigPage.body.contains("dépasse la taille autorisée"),
                "\(bigPage.body.components(separatedBy: "<main").last?.prefix(400) ?? "")")
            #expect(try await AttachmentStore.list(ownerKind: "companies", ownerID: company, on: t.db).count == 1)
        }
    }
}

extension Application {
    /// A request for calling services directly in tests.
    func makeTestRequest() -> Request {
        Request(application: self, on: eventLoopGroup.any())
    }
}
