import ComptoirCore
import ComptoirServices
import Foundation
import Testing
import Vapor

@testable import ComptoirWeb

/// The segment form as a condition builder, without scripts (rows added and removed by submitting), and the API's
/// structured conditions (issue #14).
@Suite("Segment condition builder, page and API")
struct SegmentBuilderTests {
    @Test func theFormAddsRowsKeepsThemOnAnErrorAndSaves() async throws {
        try await TestApp.run { t in
            // setup
            var (browser, _) = try await t.signedIn(role: .user)
            _ = try await DirectoryTests.createCompany(
                &browser, ["name": "Boulangerie Lyonnaise", "billingCity": "Lyon", "isClient": "true"])
            _ = try await DirectoryTests.createCompany(&browser, ["name": "Garage du Rhône", "billingCity": "Lyon"])
            let form = try await browser.open("/segments/new")
            #expect(form.body.contains("data-segment-builder"))
            #expect(form.body.contains(#"<option value="billingCity""#))
            #expect(form.body.contains("toutes les conditions") && form.body.contains("au moins une des conditions"))
            #expect(!form.body.contains("Critères (requête de liste)"))

            // act: a row filled in, then « Ajouter une condition » without scripts
            let first: [String: String] = [
                "name": "Clients de Lyon", "entity": "companies", "match": "all", "c0.field": "billingCity", "c0.op": "is",
                "c0.value": "Lyon", "ownerId": "",
            ]
            var added = first
            added["_add"] = "1"
            let withTwo = try await browser.post("/segments", added)

            // validate: the same row and an empty one, the first one's operators those of a text
            #expect(withTwo.status == .ok)
            #expect(withTwo.body.contains(#"id="cond-1""#))
            #expect(withTwo.body.contains(#"name="c0.value" value="Lyon""#))
            let opStart = try #require(withTwo.body.range(of: #"<select id="c0-op""#))
            let opSelect = withTwo.body[opStart.lowerBound...].prefix { $0 != "/" || true }.prefix(1200)
            let firstOps = String(opSelect[..<(opSelect.range(of: "</select>")?.lowerBound ?? opSelect.endIndex)])
            #expect(firstOps.contains(#"value="startsWith""#) && !firstOps.contains(#"value="greater""#))
            #expect(withTwo.body.contains(#"<select id="c1-op""#))

            // act: the second row asks « > » of a text and the third a number of nothing: the form comes back
            var bad = first
            bad["c1.field"] = "billingCity"
            bad["c1.op"] = "greater"
            bad["c1.value"] = "M"
            bad["c2.field"] = "couleur"
            bad["c2.op"] = "is"
            bad["c2.value"] = "bleu"
            let refused = try await browser.post("/segments", bad)

            // validate: 422, each row named, every row kept
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("Condition 2 (Ville — Adresse de facturation) : « supérieur à (&gt;) » ne s"))
            #expect(refused.body.contains("Condition 3 (couleur)"))
            #expect(refused.body.contains(##"href="#cond-1""##) && refused.body.contains(##"href="#cond-2""##))
            #expect(refused.body.contains(#"<li class="segment-row has-error" id="cond-1""#))
            #expect(refused.body.contains(#"name="c2.value" value="bleu""#) && refused.body.contains(#"name="c0.value" value="Lyon""#))
            #expect(!(try await browser.open("/segments")).body.contains("Clients de Lyon"))

            // act: « Retirer » the bad rows (each a submit), then a yes/no row, then save
            var fixed = first
            fixed["c1.field"] = "isClient"
            fixed["c1.op"] = "is"
            fixed["c1.value"] = "oui"
            fixed["c2.field"] = "couleur"
            fixed["_remove"] = "2"
            let removed = try await browser.post("/segments", fixed)
            #expect(removed.status == .ok)
            #expect(!removed.body.contains(#"id="cond-2""#))
            fixed.removeValue(forKey: "_remove")
            fixed.removeValue(forKey: "c2.field")
            let saved = try await browser.post("/segments", fixed)

            // validate: the segment and its members
            #expect(saved.status == .seeOther, "\(saved.body.prefix(500))")
            let detail = try await browser.open(try #require(saved.location))
            #expect(detail.body.contains("Toutes les conditions"))
            #expect(detail.body.contains("Ville — Adresse de facturation est « Lyon »"))
            #expect(detail.body.contains("1 fiche(s) aujourd"))
            #expect(detail.body.contains("Boulangerie Lyonnaise") && !detail.body.contains("Garage du Rhône"))
            let records = try await browser.open(try #require(saved.location) + "/records")
            #expect(records.body.contains("Boulangerie Lyonnaise"))
            // The edit form shows the stored rows.
            let edit = try await browser.open(try #require(saved.location) + "/edit")
            #expect(edit.body.contains(#"name="c1.value" value="oui""#))
        }
    }

    @Test func theAPITakesStructuredConditionsAndAnswers422NamingTheRow() async throws {
        try await TestApp.run { t in
            // setup
            let admin = try await t.createUser("admin@example.fr", role: .admin)
            let api = APIClient(app: t.app, token: try await t.token(for: admin))
            _ = try await api.send(.POST, "/api/v1/companies", json: #"{"name":"Chocolaterie de Bruges","billingCountry":"BE"}"#)
            _ = try await api.send(.POST, "/api/v1/companies", json: #"{"name":"Boulangerie Lyonnaise","billingCity":"Lyon"}"#)
            _ = try await api.send(.POST, "/api/v1/companies", json: #"{"name":"Atelier sans ville"}"#)

            // act
            let created = try await api.send(
                .POST, "/api/v1/segments",
                json:
                    #"{"name":"Étranger","entity":"companies","criteria":{"match":"any","conditions":[{"field":"billingCountry","op":"isNot","value":"FR"},{"field":"billingCity","op":"empty"}]}}"#
            )
            let refused = try await api.send(
                .POST, "/api/v1/segments",
                json: #"{"name":"Cassé","entity":"companies","criteria":{"conditions":[{"field":"name","op":"greater","value":"x"}]}}"#)
            let wrongType = try await api.send(
                .POST, "/api/v1/segments", json: #"{"name":"Cassé","entity":"companies","criteria":"isClient=true"}"#)

            // validate
            #expect(created.status == .created, "\(created.body)")
            #expect(created.json?["criteria"]?["match"]?.string == "any")
            let id = try #require(created.json?["id"]?.string)
            let members = try await api.send(.GET, "/api/v1/segments/\(id)/members")
            #expect(members.json?["total"] == 2)
            #expect(refused.status == .unprocessableEntity, "\(refused.body)")
            let message = refused.json?["error"]?["fields"]?["criteria"]?[0]?.string
            #expect(message?.hasPrefix("Condition 1 (Raison sociale)") == true, "\(refused.body)")
            #expect(wrongType.status == .unprocessableEntity)
            #expect(wrongType.json?["error"]?["fields"]?["criteria"] != nil)
            let openAPI = try await api.send(.GET, "/api/v1/openapi.json")
            #expect(openAPI.body.contains("\"notInList\""))
        }
    }
}
