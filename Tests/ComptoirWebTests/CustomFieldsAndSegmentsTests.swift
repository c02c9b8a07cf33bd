import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import SQLKit
import Testing
import Vapor

@testable import ComptoirWeb

@Suite("Custom fields and segments")
struct CustomFieldsAndSegmentsTests {
    /// Defines a custom field through the admin form; returns its id.
    static func define(_ admin: inout Browser, _ fields: [String: String]) async throws -> UUID {
        try await admin.open("/admin/custom-fields/new")
        let response = try await admin.post("/admin/custom-fields", fields)
        #expect(response.status == .seeOther, "define: \(response.status) \(response.body.prefix(400))")
        return try #require(response.location.flatMap { UUID(uuidString: String($0.split(separator: "/").last ?? "")) })
    }

    @Test func customFieldsAppearInFormsValidateFilterAndReachTheAPI() async throws {
        try await TestApp.run { t in
            var (admin, adminUser) = try await t.signedIn()
            _ = try await Self.define(
                &admin,
                [
                    "label": "Nombre de salariés", "entity": "companies", "kind": "number", "position": "1", "showInList": "true",
                    "active": "true",
                ])
            _ = try await Self.define(
                &admin,
                [
                    "label": "Secteurs", "entity": "companies", "kind": "multiChoice", "options": "Commerce\nIndustrie\nServices",
                    "position": "2", "active": "true",
                ])
            _ = try await Self.define(
                &admin,
                ["label": "Date d'ouverture", "entity": "companies", "kind": "date", "required": "true", "position": "3", "active": "true"])
            // A choice field without choices, and a duplicate key, are refused.
            try await admin.open("/admin/custom-fields/new")
            let noChoices = try await admin.post(
                "/admin/custom-fields", ["label": "Vide", "entity": "companies", "kind": "choice", "position": "4", "active": "true"])
            #expect(noChoices.status == .unprocessableEntity)
            #expect(noChoices.body.contains("Indiquez au moins un choix."))
            let duplicate = try await admin.post(
                "/admin/custom-fields",
                ["label": "Nombre de salariés", "entity": "companies", "kind": "text", "position": "5", "active": "true"])
            #expect(duplicate.status == .unprocessableEntity)

            let form = try await admin.open("/companies/new")
            #expect(form.body.contains("name=\"cf_nombre_de_salaries\""))
            #expect(form.body.contains("name=\"cf_secteurs[]\""))
            // A required custom field missing, and a bad number: the form comes back, nothing saved.
            let missing = try await admin.post("/companies", ["name": "Atelier Müller", "cf_nombre_de_salaries": "douze"])
            #expect(missing.status == .unprocessableEntity)
            #expect(missing.body.contains("id=\"f-cf_date_d_ouverture-error\""))
            #expect(missing.body.contains("id=\"f-cf_nombre_de_salaries-error\""))
            #expect(missing.body.contains("value=\"douze\""))
            #expect(try await TableStore.count(CompaniesEntity.definition.tableSpec, filters: [], on: t.db) == 0)
            // Valid: saved with its custom values (the multiple choice in the choices' order).
            var body = "name=Atelier+M%C3%BCller&billingPostcode=67000&cf_nombre_de_salaries=12&cf_date_d_ouverture=01%2F03%2F2015"
            body += "&cf_secteurs%5B%5D=Services&cf_secteurs%5B%5D=Commerce&_csrf=\(admin.lastCSRF ?? "")"
            var headers = HTTPHeaders()
            headers.contentType = .urlEncodedForm
            let created = try await admin.send(.POST, "/companies", headers: headers, body: ByteBuffer(string: body))
            #expect(created.status == .seeOther)
            let id = try #require(created.location.flatMap { UUID(uuidString: String($0.split(separator: "/").last ?? "")) })
            let page = try await admin.get("/companies/\(id.uuidString.lowercased())")
            #expect(page.body.contains("Commerce, Services"))
            #expect(page.body.contains("01/03/2015"))
            let list = try await admin.get("/companies")
            #expect(list.body.contains("Nombre de salariés"))

            let api = APIClient(app: t.app, token: try await t.token(for: adminUser))
            let read = try await api.send(.GET, "/api/v1/companies/\(id.uuidString.lowercased())")
            #expect(read.json?["customFields"]?["nombre_de_salaries"] == 12)
            #expect(read.json?["customFields"]?["secteurs"] == ["Commerce", "Services"])
            #expect(read.json?["customFields"]?["date_d_ouverture"] == "2015-03-01")
            let other = try await api.send(
                .POST, "/api/v1/companies",
                json:
                    #"{"name":"Boulangerie Petit","customFields":{"nombre_de_salaries":3,"date_d_ouverture":"2020-06-15","secteurs":["Commerce"]}}"#
            )
            #expect(other.status == .created)
            let bad = try await api.send(.POST, "/api/v1/companies", json: #"{"name":"X","customFields":{"secteurs":["Pêche"]}}"#)
            #expect(bad.status == .unprocessableEntity)

            func names(_ query: String) async throws -> [String] {
                let response = try await api.send(.GET, "/api/v1/companies?sort=name&\(query)")
                guard case .array(let items)? = response.json?["items"] else { return [] }
                return items.compactMap { if case .string(let s)? = $0["name"] { s } else { nil } }
            }
            #expect(try await names("cf_nombre_de_salaries=12") == ["Atelier Müller"])
            #expect(try await names("cf_secteurs=Commerce") == ["Atelier Müller", "Boulangerie Petit"])
            #expect(try await names("cf_secteurs=Services") == ["Atelier Müller"])
            // Edits are audited with the custom field.
            let patched = try await api.send(
                .PATCH, "/api/v1/companies/\(id.uuidString.lowercased())", json: #"{"customFields":{"nombre_de_salaries":15}}"#)
            #expect(patched.json?["customFields"]?["nombre_de_salaries"] == 15)
            let audit = try #require(try await t.auditEntries(entity: "companies").last { $0.action == "update" })
            #expect(audit.changes.contains("cf.nombre_de_salaries"))
        }
    }

    @Test func aFormSentBackWithErrorsShowsEachCustomFieldOnceAndKeepsItsValue() async throws {
        try await TestApp.run { t in
            // setup
            var (admin, _) = try await t.signedIn()
            _ = try await Self.define(
                &admin, ["label": "Nombre de salariés", "entity": "companies", "kind": "number", "position": "1", "active": "true"])
            _ = try await Self.define(
                &admin,
                [
                    "label": "Profil de risque", "entity": "contacts", "kind": "choice", "options": "Prudent\nÉquilibré\nDynamique",
                    "position": "1", "active": "true",
                ])
            try await admin.open("/companies/new")
            // act: an invalid SIRET sends the form back
            let refused = try await admin.post(
                "/companies", ["name": "Atelier Müller", "siret": "12345678900000", "cf_nombre_de_salaries": "12"])
            // validate: one field, its value kept; correcting the SIRET and sending the form as shown saves 12, not 1212
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.components(separatedBy: "name=\"cf_nombre_de_salaries\"").count == 2)
            #expect(refused.body.contains("value=\"12\""))
            let saved = try await admin.post(
                "/companies", ["name": "Atelier Müller", "siret": "", "billingPostcode": "67000", "cf_nombre_de_salaries": "12"])
            #expect(saved.status == .seeOther, "\(saved.body.prefix(300))")
            let sql = t.db as! any SQLDatabase
            #expect(
                try await sql.raw("SELECT value FROM custom_values").all().map { try $0.decode(column: "value", as: String.self) } == ["12"]
            )

            // The same on a contact's edit form.
            let contact = try await DirectoryTests.createContact(&admin, ["lastName": "Durand", "cf_profil_de_risque": "Prudent"])
            try await admin.open("/contacts/\(contact.uuidString.lowercased())/edit")
            let edited = try await admin.post(
                "/contacts/\(contact.uuidString.lowercased())",
                ["lastName": "Durand", "email": "pas-un-email", "cf_profil_de_risque": "Dynamique"])
            #expect(edited.status == .unprocessableEntity)
            #expect(edited.body.components(separatedBy: "name=\"cf_profil_de_risque\"").count == 2)
        }
    }

    @Test func ordinaryUsersCannotDefineCustomFields() async throws {
        try await TestApp.run { t in
            var (user, _) = try await t.signedIn(role: .user)
            #expect(try await user.get("/admin/custom-fields/new").status == .forbidden)
            try await user.open("/companies")
            #expect(
                try await user.post("/admin/custom-fields", ["label": "X", "entity": "companies", "kind": "text", "position": "1"]).status
                    == .forbidden)
        }
    }

    @Test func segmentIsAStoredQueryEvaluatedOnDemandWithNestedTags() async throws {
        try await TestApp.run { t in
            var (browser, user) = try await t.signedIn(role: .user)
            let parent = UUID(), child = UUID()
            let sql = t.db as! any SQLDatabase
            try await sql.raw("INSERT INTO tags (id, name, path) VALUES (\(bind: parent), 'Assurance', 'Assurance')").run()
            try await sql.raw(
                "INSERT INTO tags (id, name, parent_id, path) VALUES (\(bind: child), 'Auto', \(bind: parent), 'Assurance › Auto')"
            ).run()
            let lyon = try await DirectoryTests.createCompany(
                &browser, ["name": "Garage du Rhône", "billingPostcode": "69003", "billingCity": "Lyon", "isClient": "true"])
            _ = try await DirectoryTests.createCompany(
                &browser, ["name": "Garage de la Loire", "billingPostcode": "42000", "billingCity": "Saint-Étienne", "isClient": "true"])
            try await TagStore.add(child, to: [lyon], .companies, ids: { UUID() }, on: t.db)

            // Saved from the filtered list.
            let query = "isClient=true&tags=\(parent.uuidString.lowercased())"
            let list = try await browser.open("/companies?\(query)")
            #expect(list.body.contains("Enregistrer ces critères comme segment"))
            let saved = try await browser.post("/segments/from-list", ["name": "Clients assurés", "entity": "companies", "query": query])
            #expect(saved.status == .seeOther)
            let segmentPath = try #require(saved.location)
            let detail = try await browser.get(segmentPath)
            #expect(detail.body.contains("1 fiche(s) aujourd&#39;hui") || detail.body.contains("1 fiche(s) aujourd'hui"))
            #expect(detail.body.contains("Garage du Rhône"))

            // Evaluated on demand: a newly tagged company joins without touching the segment.
            let third = try await DirectoryTests.createCompany(
                &browser, ["name": "Garage Océan", "billingPostcode": "17000", "isClient": "true"])
            try await TagStore.add(parent, to: [third], .companies, ids: { UUID() }, on: t.db)
            let api = APIClient(app: t.app, token: try await t.token(for: user))
            let segmentID = String(segmentPath.split(separator: "/").last ?? "")
            let members = try await api.send(.GET, "/api/v1/segments/\(segmentID)/members")
            #expect(members.status == .ok)
            #expect(members.json?["total"] == 2)
            #expect(members.body.contains("Garage Océan"))
            #expect(!members.body.contains("Garage de la Loire"))

            // A query the list would refuse is refused with the field named.
            let invalid = try await api.send(
                .POST, "/api/v1/segments", json: #"{"name":"Cassé","entity":"companies","query":"createdAtFrom=31/02/2026"}"#)
            #expect(invalid.status == .unprocessableEntity)
            #expect(invalid.json?["error"]?["fields"]?["query"] != nil)
        }
    }
}
