import ComptoirCore
import ComptoirServices
import Foundation
import Testing
import Vapor

@testable import ComptoirWeb

/// Country names instead of ISO codes, and the decimal comma, as users read them on the pages (issue #14).
@Suite("French wording: country names and decimal comma")
struct FrenchWordingTests {
    @Test func countriesAreChosenByNameAndShownByNameWhileTheAPIKeepsTheCode() async throws {
        try await TestApp.run { t in
            // setup
            var (browser, _) = try await t.signedIn(role: .user)
            let admin = try await t.createUser("admin@example.fr", role: .admin)
            let api = APIClient(app: t.app, token: try await t.token(for: admin))

            // act: the form's country is a select of names, France first and chosen
            let form = try await browser.open("/companies/new")
            let select = try #require(
                form.body.range(of: #"<select[^>]*name="billingCountry"[^>]*>.*?</select>"#, options: .regularExpression))
            let options = String(form.body[select])
            #expect(options.contains(#"<option value="FR" selected="selected">France</option>"#))
            let france = try #require(options.range(of: ">France<"))
            let belgium = try #require(options.range(of: ">Belgique<"))
            let egypt = try #require(options.range(of: ">Égypte<"))
            let spain = try #require(options.range(of: ">Espagne<"))
            #expect(france.lowerBound < belgium.lowerBound && egypt.lowerBound < spain.lowerBound)
            let company = try await DirectoryTests.createCompany(
                &browser, ["name": "Chocolaterie de Bruges", "billingCountry": "BE"])

            // validate: the record's page, the list's CSV export (for people) say « Belgique »; the API keeps « BE »
            let detail = try await browser.open("/companies/\(company.uuidString.lowercased())")
            #expect(detail.body.contains("Belgique"))
            #expect(!detail.body.contains(">BE<"))
            let csv = try await browser.get("/companies/export.csv")
            #expect(csv.body.contains("Belgique"))
            let read = try await api.send(.GET, "/api/v1/companies/\(company.uuidString.lowercased())")
            #expect(read.json?["billingCountry"]?.string == "BE")
            // An unknown code in the API is a 422 naming the field; nothing is written.
            let refused = try await api.send(.POST, "/api/v1/companies", json: #"{"name":"Atlantis SA","billingCountry":"ZZ"}"#)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.json?["error"]?["fields"]?["billingCountry"] != nil)
            #expect(try await api.send(.GET, "/api/v1/companies?q=atlantis").json?["items"] == .array([]))
            // A name or a lower-case code, as an import or a CSV export brings them back, is stored as the code.
            let contact = try await api.send(.POST, "/api/v1/contacts", json: #"{"lastName":"Keller","addressCountry":"Suisse"}"#)
            #expect(contact.json?["addressCountry"]?.string == "CH")
            let page = try await browser.open("/contacts/\(try #require(contact.json?["id"]?.string))")
            #expect(page.body.contains("Suisse"))
            // English screens name the country in English.
            _ = try await browser.post("/account/locale", ["locale": "en"])
            #expect(try await browser.open("/companies/\(company.uuidString.lowercased())").body.contains("Belgium"))
        }
    }

    @Test func ratesAndFileSizesUseTheDecimalCommaInFrenchAndThePointInEnglish() async throws {
        try await TestApp.run { t in
            // setup: a project with 10 000 € of won sales and 6 500 € of purchases (35 % margin), a file of 1,5 Mo
            var (browser, _) = try await t.signedIn(role: .admin)
            let admin = try await t.createUser("gerant@example.fr", role: .admin)
            let api = APIClient(app: t.app, token: try await t.token(for: admin))
            let project = try #require(
                try await api.send(.POST, "/api/v1/projects", json: #"{"title":"Chantier rentable"}"#).json?["id"]?.string)
            for (type, stage, amount) in [
                (ActivitiesTests.sale, ActivitiesTests.saleStage(6), "10000.00"),
                ("00000000-0000-4000-a000-000000000106", "00000000-0000-4000-a000-000000000209", "6500.00"),
            ] {
                let created = try await api.send(
                    .POST, "/api/v1/interactions",
                    json:
                        "{\"typeId\":\"\(type)\",\"subject\":\"Affaire\",\"projectId\":\"\(project)\",\"stageId\":\"\(stage)\",\"amount\":\"\(amount)\"}"
                )
                #expect(created.status == .created, "\(created.body)")
            }
            let contact = try await DirectoryTests.createContact(&browser, ["lastName": "Durand"])
            _ = try await browser.open("/contacts/\(contact.uuidString.lowercased())")
            let upload = try await browser.upload("contacts", contact, Array(repeating: 0x41, count: 1_572_864), name: "plan.pdf")
            #expect(upload.status == .seeOther)

            // act
            let projectPage = try await browser.open("/projects/\(project)")
            let contactPage = try await browser.open("/contacts/\(contact.uuidString.lowercased())")

            // validate
            #expect(projectPage.body.contains("35,0\u{00A0}%"))
            #expect(!projectPage.body.contains("35.0"))
            #expect(contactPage.body.contains("1,5\u{00A0}Mo"))
            _ = try await browser.post("/account/locale", ["locale": "en"])
            #expect(try await browser.open("/projects/\(project)").body.contains("35.0%"))
            #expect(try await browser.open("/contacts/\(contact.uuidString.lowercased())").body.contains("1.5\u{00A0}MB"))
        }
    }
}
