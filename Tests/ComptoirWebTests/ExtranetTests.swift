import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import SQLKit
import Testing
import Vapor

@testable import ComptoirWeb

@Suite("Extranet guests")
struct ExtranetTests {
    struct World {
        var admin: APIClient
        var projectA: String
        var projectB: String
        var meetingA: String
        var callA: String
        var meetingB: String
        var companyB: String
    }

    static let meetingType = "00000000-0000-4000-a000-000000000102"
    static let callType = "00000000-0000-4000-a000-000000000101"

    /// The seed's agency example: « Extranet client / Mes Beaux Sapins » (A) and another client's project (B).
    static func world(_ t: TestApp) async throws -> World {
        let boss = try await t.createUser("agence@example.fr", role: .admin)
        let admin = APIClient(app: t.app, token: try await t.token(for: boss))
        let a = try await ProjectsTests.create(admin, #"{"title":"Extranet client / Mes Beaux Sapins","visibility":"public"}"#)
        let b = try await ProjectsTests.create(admin, #"{"title":"Campagne Sapins Concurrents","visibility":"public"}"#)
        func interaction(_ project: String, _ type: String, _ subject: String) async throws -> String {
            let response = try await admin.send(
                .POST, "/api/v1/interactions",
                json:
                    "{\"typeId\":\"\(type)\",\"subject\":\"\(subject)\",\"projectId\":\"\(project)\",\"startsAt\":\"2026-11-20T10:00:00+01:00\"}"
            )
            guard case .string(let id)? = response.json?["id"] else { throw AgendaTests.TestFailure("interaction: \(response.body)") }
            return id
        }
        let company = try await admin.send(
            .POST, "/api/v1/companies", json: #"{"name":"Concurrent Secret SARL","billingPostcode":"75001"}"#)
        guard case .string(let companyB)? = company.json?["id"] else { throw AgendaTests.TestFailure("company") }
        return World(
            admin: admin, projectA: a, projectB: b,
            meetingA: try await interaction(a, meetingType, "Point mensuel audience"),
            callA: try await interaction(a, callType, "Appel interne sur la marge"),
            meetingB: try await interaction(b, meetingType, "Réunion confidentielle concurrent"),
            companyB: companyB)
    }

    static func guest(_ t: TestApp, _ world: World, readOnly: Bool, email: String = "client@sapins.fr") async throws -> Browser {
        let created = try await world.admin.send(
            .POST, "/api/v1/users",
            json: """
                {"name":"Mes Beaux Sapins","email":"\(email)","role":"guest","locale":"fr","password":"mot-de-passe-client","readOnly":\(readOnly),
                 "active":true,"defaultProjectId":"\(world.projectA)","allowedTypeIds":["\(meetingType)"],"sessionHours":4}
                """)
        try #require(created.status == .created, "\(created.body)")
        // The guest changes the initial password first.
        var browser = t.browser()
        let login = try await browser.signIn(email: email, password: "mot-de-passe-client")
        #expect(login.location == "/account/password")
        let changed = try await browser.post(
            "/account/password",
            ["currentPassword": "mot-de-passe-client", "newPassword": "sapins-2026-noel", "confirmPassword": "sapins-2026-noel"])
        try #require(changed.status == .seeOther, "password change: \(changed.status)")
        try await browser.open("/portal")
        return browser
    }

    @Test func readOnlyGuestSeesOnlyTheirProjectAndAllowedTypes() async throws {
        try await TestApp.run { t in
            let world = try await Self.world(t)
            var guest = try await Self.guest(t, world, readOnly: true)
            #expect(try await guest.get("/").location == "/portal")
            let portal = try await guest.get("/portal")
            #expect(portal.body.contains("Extranet client / Mes Beaux Sapins"))
            #expect(!portal.body.contains("Concurrents"))
            #expect(!portal.body.contains("/companies"))
            let project = try await guest.get("/portal/projects/\(world.projectA)")
            #expect(project.body.contains("Point mensuel audience"))
            #expect(!project.body.contains("Appel interne"))  // a type not allowed to this guest
            #expect(!project.body.contains("Ajouter une interaction"))  // read-only
            // Everything else does not exist for them.
            for path in [
                "/portal/projects/\(world.projectB)", "/companies", "/companies/\(world.companyB)", "/interactions", "/agenda",
                "/admin/users", "/search?q=secret", "/projects/\(world.projectA)", "/interactions/\(world.meetingA)",
            ] {
                let page = try await guest.get(path)
                #expect(page.status == .notFound, "\(path) → \(page.status)")
                #expect(!page.body.contains("Concurrent"), "\(path)")
            }
            // The API is for staff: a guest mints no token, and their session reaches nothing but who they are.
            let minted = try await APIClient(app: t.app, token: nil).send(
                .POST, "/api/v1/auth/tokens",
                json: #"{"email":"client@sapins.fr","password":"sapins-2026-noel"}"#)
            #expect(minted.status == .forbidden)
            #expect(minted.json?["error"]?["code"] == .string("guests_use_the_portal"))
            #expect(try await APIToken.query(on: t.db).count() == 1)  // the agency's own
            for path in [
                "/api/v1/projects", "/api/v1/interactions", "/api/v1/projects/\(world.projectA)",
                "/api/v1/projects/\(world.projectA)/analytics",
                "/api/v1/interactions/\(world.meetingB)", "/api/v1/companies", "/api/v1/search?q=concurrent", "/api/v1/users",
            ] {
                #expect(try await guest.get(path).status == .notFound, "\(path)")
            }
            #expect(try await guest.get("/api/v1/me").status == .ok)
            #expect(try await TableStore.count(InteractionsEntity.definition.tableSpec, filters: [], on: t.db) == 3)
        }
    }

    @Test func guestWritesOnlyInTheirProjectWithAllowedTypesAndDownloadsItsFiles() async throws {
        try await TestApp.run { t in
            let world = try await Self.world(t)
            var guest = try await Self.guest(t, world, readOnly: false, email: "avocat.client@example.fr")
            try await guest.open("/portal/projects/\(world.projectA)")
            let added = try await guest.post(
                "/portal/projects/\(world.projectA)/interactions", ["typeId": Self.meetingType, "subject": "Question sur le devis"])
            #expect(added.status == .seeOther)
            let wrongType = try await guest.post(
                "/portal/projects/\(world.projectA)/interactions", ["typeId": Self.callType, "subject": "Appel"])
            #expect(wrongType.status == .unprocessableEntity)
            #expect(
                try await guest.post("/portal/projects/\(world.projectB)/interactions", ["typeId": Self.meetingType, "subject": "Intrus"])
                    .status == .notFound)
            let sql = t.db as! any SQLDatabase
            #expect(
                try await sql.raw("SELECT COUNT(*) AS n FROM interactions WHERE subject = 'Question sur le devis'").first()?.decode(
                    column: "n", as: Int.self) == 1)
            #expect(
                try await sql.raw("SELECT COUNT(*) AS n FROM interactions WHERE subject IN ('Appel', 'Intrus')").first()?.decode(
                    column: "n", as: Int.self) == 0)
            // Files: one on A's meeting (visible), one on B's (not).
            let blob = BlobStore(dataDirectory: t.dataDirectory)
            try blob.store(Data("rapport".utf8), sha: BlobStore.sha256(Data("rapport".utf8)))
            let sha = BlobStore.sha256(Data("rapport".utf8))
            let fileA = UUID(), fileB = UUID()
            try await AttachmentStore.attach(
                id: fileA, ownerKind: "interactions", ownerID: UUID(uuidString: world.meetingA)!, sha: sha, name: "rapport.pdf",
                contentType: "application/pdf", size: 7, by: nil, at: Date(), on: t.db)
            try await AttachmentStore.attach(
                id: fileB, ownerKind: "interactions", ownerID: UUID(uuidString: world.meetingB)!, sha: sha, name: "secret.pdf",
                contentType: "application/pdf", size: 7, by: nil, at: Date(), on: t.db)
            #expect(try await guest.get("/attachments/\(fileA.uuidString.lowercased())").status == .ok)
            #expect(try await guest.get("/attachments/\(fileB.uuidString.lowercased())").status == .notFound)
            #expect(try await guest.get("/portal/projects/\(world.projectA)").body.contains("rapport.pdf"))
        }
    }

    @Test func guestSessionEndsAfterItsLengthAndAddressRangesApply() async throws {
        try await TestApp.run { t in
            let world = try await Self.world(t)
            var guest = try await Self.guest(t, world, readOnly: true)
            #expect(try await guest.get("/portal").status == .ok)
            for _ in 0..<2 {
                t.clock.advance(by: 3600 * 1.5)  // active, within the 2 h idle limit
                #expect(try await guest.get("/portal").status == .ok)
            }
            t.clock.advance(by: 3600 * 1.5)  // 4 h 30 > 4 h of session length
            #expect(try await guest.get("/portal").status == .seeOther)
            #expect(AddressRanges.allows("192.0.2.17", ranges: "192.0.2.0/24"))
            #expect(!AddressRanges.allows("198.51.100.1", ranges: "192.0.2.0/24\n203.0.113.5"))
            #expect(AddressRanges.allows("203.0.113.5", ranges: "192.0.2.0/24\n203.0.113.5"))
            #expect(AddressRanges.allows("anything", ranges: nil))
            // In-memory requests have no address: a restricted account cannot sign in from there.
            let restricted = try await world.admin.send(
                .POST, "/api/v1/users",
                json:
                    #"{"name":"Loin","email":"loin@example.fr","role":"user","locale":"fr","password":"mot-de-passe-loin","allowedIps":"192.0.2.0/24"}"#
            )
            #expect(restricted.status == .created, "\(restricted.body)")
            var browser = t.browser()
            #expect(try await browser.signIn(email: "loin@example.fr", password: "mot-de-passe-loin").status == .forbidden)
        }
    }
}
