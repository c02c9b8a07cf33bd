import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import SQLKit
import Testing
import Vapor

@testable import ComptoirWeb

/// « Supprimer » with its confirmation page, `DELETE /api/v1/…`, and a person's data rights (export, erasure) through
/// the pages and the API, with the search, the exports and the audit log checked after.
@Suite("Deletion and personal data, pages and API")
struct DeletionPagesTests {
    @Test func theConfirmationPageSaysWhatGoesAndWhatBlocksThenDeletes() async throws {
        try await TestApp.run { t in
            // setup
            let (browserAlone, _) = try await t.signedIn(role: .user, email: "claire@example.fr")
            var browser = browserAlone
            let admin = try await t.createUser("admin@example.fr", role: .admin)
            let api = APIClient(app: t.app, token: try await t.token(for: admin))
            let company = try #require(
                try await api.send(.POST, "/api/v1/companies", json: #"{"name":"Fournil <Ferrand>"}"#).json?["id"]?.string)
            let product = try await api.send(
                .POST, "/api/v1/products", json: "{\"reference\":\"P-1\",\"name\":\"Pain\",\"supplierId\":\"\(company)\"}")
            try #require(product.status == .created, "\(product.body)")
            let contact = try #require(try await api.send(.POST, "/api/v1/contacts", json: #"{"lastName":"Ferrand"}"#).json?["id"]?.string)
            let linked = try await api.send(
                .POST, "/api/v1/contacts/\(contact)/companies", json: "{\"companyId\":\"\(company)\",\"role\":\"Gérant\"}")
            try #require(linked.status.code < 300, "\(linked.body)")

            // act: the detail page offers it; the confirmation page names the blocker, escaped, and offers no button.
            let detail = try await browser.open("/companies/\(company)")
            #expect(detail.body.contains("href=\"/companies/\(company)/delete\""))
            let blocked = try await browser.open("/companies/\(company)/delete")
            #expect(blocked.status == .ok)
            #expect(blocked.body.contains("fournisseur par défaut de 1 produit(s)"))
            #expect(blocked.body.contains("Fournil &lt;Ferrand&gt;"))
            #expect(!blocked.body.contains("Supprimer définitivement"))
            let refused = try await browser.post("/companies/\(company)/delete", [:])
            #expect(refused.status == .conflict)
            let apiRefused = try await api.send(.DELETE, "/api/v1/companies/\(company)")
            #expect(apiRefused.status == .conflict)
            #expect(apiRefused.json?["error"]?["code"]?.string == "deletion_blocked")

            // Once the product names another supplier, the page lists what goes and deletes.
            let productID = try #require(product.json?["id"]?.string)
            let patched = try await api.send(.PATCH, "/api/v1/products/\(productID)", json: #"{"supplierId":null}"#)
            try #require(patched.status == .ok, "\(patched.body)")
            let plan = try await api.send(.GET, "/api/v1/companies/\(company)/deletion")
            #expect(plan.json?["allowed"] == .bool(true))
            let confirm = try await browser.open("/companies/\(company)/delete")
            #expect(confirm.body.contains("1 lien(s) avec des contacts"))
            #expect(confirm.body.contains("Supprimer définitivement"))
            let done = try await browser.post("/companies/\(company)/delete", [:])
            #expect(done.status == .seeOther)
            #expect(done.location == "/companies")
            #expect(try await browser.get("/companies/\(company)").status == .notFound)
            #expect(try await t.auditEntries(entity: "companies").filter { $0.action == "delete" }.map(\.summary) == ["Fournil <Ferrand>"])
            // The contact stays, without the link; the search finds no company.
            let search = try await api.send(.GET, "/api/v1/search?q=fournil")
            #expect(!search.body.contains("Fournil"))
            #expect(try await api.send(.GET, "/api/v1/contacts/\(contact)").status == .ok)
        }
    }

    @Test func readOnlyUsersAndGuestsCannotDelete() async throws {
        try await TestApp.run { t in
            let admin = try await t.createUser("admin@example.fr", role: .admin)
            let api = APIClient(app: t.app, token: try await t.token(for: admin))
            let room = try #require(
                try await api.send(.POST, "/api/v1/resources", json: #"{"name":"Salle A","kind":"room"}"#).json?["id"]?.string)
            let reader = try await t.createUser("lecture@example.fr", readOnly: true)
            let readOnlyAPI = APIClient(app: t.app, token: try await t.token(for: reader))
            let refused = try await readOnlyAPI.send(.DELETE, "/api/v1/resources/\(room)")
            #expect(refused.status == .forbidden)
            #expect(refused.json?["error"]?["code"]?.string == "read_only")
            var (browser, _) = try await t.signedIn(role: .user, readOnly: true, email: "lecteur@example.fr")
            let page = try await browser.open("/resources/\(room)")
            #expect(!page.body.contains("/delete\""))
            #expect(try await browser.post("/resources/\(room)/delete", [:]).status == .forbidden)
            // An administrator deletes it; the OpenAPI document describes the operation.
            #expect(try await api.send(.DELETE, "/api/v1/resources/\(room)").status == .noContent)
            #expect(try await api.send(.DELETE, "/api/v1/resources/\(room)").status == .notFound)
            let openAPI = try await api.send(.GET, "/api/v1/openapi.json")
            #expect(openAPI.json?["paths"]?["/resources/{id}"]?["delete"]?["responses"]?["409"] != nil)
            #expect(openAPI.json?["paths"]?["/contacts/{id}/erasure"]?["post"] != nil)
        }
    }

    @Test func erasureThroughThePageLeavesNoTraceInSearchExportsAndAudit() async throws {
        try await TestApp.run { t in
            // setup
            var (browser, _) = try await t.signedIn(role: .user, email: "claire@example.fr")
            let admin = try await t.createUser("admin@example.fr", role: .admin)
            let api = APIClient(app: t.app, token: try await t.token(for: admin))
            let created = try await api.send(
                .POST, "/api/v1/contacts",
                json: #"{"firstName":"Solène","lastName":"Vasseur","email":"solene.vasseur@example.fr","mobile":"0611223344"}"#)
            let contact = try #require(created.json?["id"]?.string)
            _ = try await api.send(.PATCH, "/api/v1/contacts/\(contact)", json: #"{"jobTitle":"Pharmacienne"}"#)
            let exported = try await browser.get("/contacts/\(contact)/personal-data.json")
            #expect(exported.status == .ok)
            #expect(exported.headers.first(name: .contentDisposition)?.hasPrefix("attachment") == true)
            #expect(exported.json?["contact"]?["email"]?.string == "solene.vasseur@example.fr")
            let apiExport = try await api.send(.GET, "/api/v1/contacts/\(contact)/personal-data")
            #expect(apiExport.json?["contact"]?["jobTitle"]?.string == "Pharmacienne")

            // act
            let page = try await browser.open("/contacts/\(contact)/erasure")
            #expect(page.body.contains("Effacer définitivement"))
            let erased = try await browser.post("/contacts/\(contact)/erasure", [:])

            // validate
            #expect(erased.status == .seeOther)
            let detail = try await browser.open("/contacts/\(contact)")
            #expect(detail.body.contains(PersonalDataService.placeholder))
            #expect(!detail.body.contains("Vasseur"))
            #expect(!detail.body.contains("Effacer les données personnelles"))
            let csv = try await browser.get("/contacts/export.csv?archived=")
            #expect(csv.status == .ok)
            #expect(!csv.body.contains("Vasseur") && !csv.body.contains("solene"))
            #expect(csv.body.contains(PersonalDataService.placeholder))
            let search = try await api.send(.GET, "/api/v1/search?q=vasseur")
            #expect(!search.body.contains("Vasseur"))
            let audit = try await api.send(.GET, "/api/v1/audit-entries?limit=500")
            #expect(!audit.body.contains("Vasseur") && !audit.body.contains("solene") && !audit.body.contains("Pharmacienne"))
            #expect(try await t.auditEntries(entity: "contacts").contains { $0.action == "erase" })
            let again = try await api.send(.POST, "/api/v1/contacts/\(contact)/erasure")
            #expect(again.status == .conflict)
            #expect(again.json?["error"]?["code"]?.string == "already_erased")
        }
    }
}
