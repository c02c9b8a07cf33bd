import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import Testing
import Vapor

@testable import ComptoirWeb

/// The API keeps the contract its OpenAPI document states (what schemathesis checks from outside):
/// wrong JSON types and NUL characters refused, `limit` an integer, schemas that match the answers.
@Suite("API contract: input types, NUL, limit, schemas")
struct APIContractTests {
    private func admin(_ t: TestApp) async throws -> APIClient {
        let admin = try await t.createUser("admin@example.fr", role: .admin, name: "Admin")
        return APIClient(app: t.app, token: try await t.token(for: admin))
    }

    private func companyCount(_ t: TestApp) async throws -> Int {
        try await TableStore.count(CompaniesEntity.definition.tableSpec, filters: [], on: t.db)
    }

    @Test func wrongJSONTypesAreRefusedWithTheFieldNamed() async throws {
        try await TestApp.run { t in
            // setup
            let api = try await admin(t)
            // act
            let number = try await api.send(.POST, "/api/v1/companies", json: #"{"name": 123}"#)
            let yes = try await api.send(.POST, "/api/v1/companies", json: #"{"name": "Dupont SA", "isClient": "yes"}"#)
            let nullFlag = try await api.send(.POST, "/api/v1/companies", json: #"{"name": "Dupont SA", "isClient": null}"#)
            let numberList = try await api.send(
                .POST, "/api/v1/users",
                json: """
                    {"name":"Léa","email":"lea@example.fr","role":"user","locale":"fr","password":"long-enough-password","sessionHours":"12"}
                    """)
            let tokenName = try await api.send(.POST, "/api/v1/auth/tokens", json: #"{"name": 42}"#)
            let overwrite = try await api.send(
                .POST, "/api/v1/import-profiles", json: #"{"name": "x", "importId": "\#(UUID())", "overwrite": "yes"}"#)
            // validate
            for (response, field) in [
                (number, "name"), (yes, "isClient"), (nullFlag, "isClient"), (numberList, "sessionHours"),
                (tokenName, "name"), (overwrite, "overwrite"),
            ] {
                #expect(response.status == .unprocessableEntity, "\(field): \(response.status) \(response.body)")
                #expect(response.json?["error"]?["code"] == "validation_failed")
                guard case .array(let messages)? = response.json?["error"]?["fields"]?[field] else {
                    Issue.record("no message for \(field): \(response.body)"); continue
                }
                #expect(!messages.isEmpty)
            }
            #expect(number.json?["error"]?["fields"]?["name"] == ["Texte attendu."])
            #expect(yes.json?["error"]?["fields"]?["isClient"] == ["Valeur true ou false attendue."])
            #expect(try await companyCount(t) == 0)
            #expect(try await APIToken.query(on: t.db).count() == 1)

            // One-line texts are checked as the schema states them: code points, line breaks even at an end.
            let verticalTab = try await api.send(.POST, "/api/v1/companies", json: #"{"name": "\u000bDupont"}"#)
            let decomposed = String(repeating: "e\u{301}", count: 101)  // 101 characters, 202 code points
            let long = try await api.send(.POST, "/api/v1/companies", json: #"{"name": "\#(decomposed)"}"#)
            #expect(verticalTab.json?["error"]?["fields"]?["name"] == ["Une seule ligne attendue."])
            #expect(long.json?["error"]?["fields"]?["name"] == ["200 caractères au plus."])
            #expect(try await companyCount(t) == 0)

            // The right types still go through, null clears an optional field.
            let good = try await api.send(.POST, "/api/v1/companies", json: #"{"name": "Dupont SA", "isClient": true, "notes": null}"#)
            #expect(good.status == .created)
            #expect(good.json?["isClient"] == true)
            #expect(good.json?["notes"] == .null)
        }
    }

    @Test func nulCharactersAreRefusedInJSONFormsAndQueries() async throws {
        try await TestApp.run { t in
            // setup
            let api = try await admin(t)
            var (browser, _) = try await t.signedIn(email: "alice@example.fr")
            _ = try await browser.open("/companies/new")
            // act
            let json = try await api.send(.POST, "/api/v1/companies", json: #"{"name": "Dupont\u0000SA"}"#)
            let nested = try await api.send(.POST, "/api/v1/companies", json: #"{"name": "Dupont SA", "customFields": {"x": "a\u0000"}}"#)
            let token = try await api.send(.POST, "/api/v1/auth/tokens", json: #"{"name": "ci\u0000"}"#)
            let form = try await browser.post("/companies", ["name": "Dupont\u{0}SA"])
            let query = try await api.send(.GET, "/api/v1/companies?q=dup%00ont")
            // validate
            #expect(json.status == .unprocessableEntity)
            #expect(json.json?["error"]?["fields"]?["name"] == ["Le caractère nul (U+0000) n'est pas accepté."])
            #expect(nested.status == .unprocessableEntity)
            #expect(nested.json?["error"]?["fields"]?["customFields"] == ["Le caractère nul (U+0000) n'est pas accepté."])
            #expect(token.status == .unprocessableEntity)
            #expect(token.json?["error"]?["fields"]?["name"] != nil)
            #expect(form.status == .unprocessableEntity)
            #expect(query.status == .badRequest)
            #expect(query.json?["error"]?["code"] == "invalid_query")
            #expect(query.json?["error"]?["fields"]?["q"] != nil)
            #expect(try await companyCount(t) == 0)
            #expect(try await APIToken.query(on: t.db).count() == 1)
        }
    }

    @Test func limitMustBeAnIntegerInRange() async throws {
        try await TestApp.run { t in
            // setup
            let api = try await admin(t)
            for name in ["A", "B", "C"] {
                #expect(try await api.send(.POST, "/api/v1/companies", json: #"{"name": "\#(name)"}"#).status == .created)
            }
            // act + validate
            for path in [
                "/api/v1/companies?limit=1.5", "/api/v1/companies?limit=ten", "/api/v1/companies?limit=0", "/api/v1/companies?limit=501",
                "/api/v1/companies?limit=", "/api/v1/search?q=a&limit=2.5", "/api/v1/search?q=a&limit=51",
            ] {
                let response = try await api.send(.GET, path)
                #expect(response.status == .badRequest, "\(path): \(response.status)")
                #expect(response.json?["error"]?["code"] == "invalid_limit", "\(path)")
                #expect(response.json?["error"]?["fields"]?["limit"] != nil, "\(path)")
            }
            let two = try await api.send(.GET, "/api/v1/companies?limit=2")
            guard case .array(let items)? = two.json?["items"] else { Issue.record("no items"); return }
            #expect(items.count == 2)
            let cursor = try await api.send(.GET, "/api/v1/companies?cursor=bm90LWEtY3Vyc29y")
            #expect(cursor.status == .badRequest)
            #expect(cursor.json?["error"]?["code"] == "invalid_cursor")
        }
    }

    @Test func choicesFilledPerRequestAreDocumentedWithoutAnEmptyEnumAndNullWhereNullIsReturned() async throws {
        try await TestApp.run { t in
            // setup
            let api = try await admin(t)
            let document = try #require(try await api.send(.GET, "/api/v1/openapi.json").json)
            // act
            let me = try await api.send(.GET, "/api/v1/me")
            // validate
            #expect(emptyEnums(document, at: "#").isEmpty, "\(emptyEnums(document, at: "#"))")
            let userSchema = document["paths"]?["/users/{id}"]?["get"]?["responses"]?["200"]?["content"]?["application/json"]?["schema"]
            let allowed = userSchema?["properties"]?["allowedTypeIds"]
            #expect(allowed?["type"] == ["array", "null"])
            #expect(allowed?["items"]?["enum"] == nil)
            #expect(me.json?["allowedTypeIds"] == .null)
            let campaign = document["paths"]?["/prospecting-campaigns"]?["post"]?["requestBody"]?["content"]?["application/json"]?["schema"]
            #expect(campaign?["properties"]?["roundRobin"]?["items"]?["enum"] == nil)
        }
    }

    @Test func emptyStringsForFormattedFieldsAndNullsForStringsAreRefused() async throws {
        try await TestApp.run { t in
            // setup
            let api = try await admin(t)
            // act
            let emptyOwner = try await api.send(.POST, "/api/v1/companies", json: #"{"name": "Dupont SA", "ownerId": ""}"#)
            let nullOwner = try await api.send(.POST, "/api/v1/companies", json: #"{"name": "Dupont SA", "ownerId": null}"#)
            let nullRole = try await api.send(
                .POST, "/api/v1/contacts/\(UUID())/companies", json: #"{"companyId": "\#(UUID())", "role": null}"#)
            // validate
            #expect(emptyOwner.status == .unprocessableEntity)
            #expect(emptyOwner.json?["error"]?["fields"]?["ownerId"] != nil)
            #expect(nullOwner.status == .created)
            #expect(nullOwner.json?["ownerId"] == .null)
            #expect(nullRole.status == .unprocessableEntity)
            #expect(nullRole.json?["error"]?["fields"]?["role"] != nil)
        }
    }

    @Test func malformedMultipartBodiesAre400NotACrash() async throws {
        try await TestApp.run { t in
            // setup
            let api = try await admin(t)
            var nonASCII = HTTPHeaders()
            nonASCII.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=XyZ")
            let body = "--XyZ\r\nContent-Disposition: form-data; name=\"ownerKind\"\r\nNäme: x\r\n\r\ncompanies\r\n--XyZ--\r\n"
            var noBoundary = HTTPHeaders()
            noBoundary.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\"\"")
            // act: the API (attachments, import upload) and a page post, whose CSRF check reads the body first
            let attachment = try await api.send(.POST, "/api/v1/attachments", json: body, headers: nonASCII)
            let upload = try await api.send(.POST, "/api/v1/imports", json: body, headers: nonASCII)
            let empty = try await api.send(.POST, "/api/v1/imports", json: "--\r\n", headers: noBoundary)
            var browser = t.browser()
            var cookie = nonASCII
            cookie.replaceOrAdd(name: .cookie, value: "comptoir_csrf=abc")
            let page = try await browser.send(.POST, "/companies", headers: cookie, body: ByteBuffer(string: body))
            // validate: refused, and the server still answers
            #expect(attachment.status == .unprocessableEntity || attachment.status == .badRequest, "\(attachment.status)")
            #expect(upload.status == .badRequest)
            #expect(upload.json?["error"]?["code"] == "malformed_multipart")
            #expect(empty.status == .badRequest)
            #expect(page.status == .forbidden)
            #expect(try await api.send(.GET, "/api/v1/me").status == .ok)
        }
    }

    @Test func anEmptyQueryPairIsNotACrash() async throws {
        try await TestApp.run { t in
            let api = try await admin(t)
            #expect(try await api.send(.GET, "/api/v1/companies?=&a").status == .ok)
            #expect(try await api.send(.GET, "/api/v1/search?=&q=a").status == .ok)
        }
    }

    @Test func undeclaredMethodsAre405WithAllow() async throws {
        try await TestApp.run { t in
            // setup
            let api = try await admin(t)
            // act
            let put = try await api.send(.PUT, "/api/v1/companies")
            // Products are archived, never deleted (companies are: their DELETE is a 404 for an unknown id).
            let delete = try await api.send(.DELETE, "/api/v1/products/\(UUID())")
            let deleteUnknown = try await api.send(.DELETE, "/api/v1/companies/\(UUID())")
            let unknown = try await api.send(.GET, "/api/v1/nothing-here")
            // A fixed path beside a parameter one: `PATCH /supplier-invoices/import` is not a supplier invoice called « import ».
            let fixed = try await api.send(.PATCH, "/api/v1/supplier-invoices/import", json: "{}")
            let patchUnknown = try await api.send(.PATCH, "/api/v1/supplier-invoices/\(UUID())", json: "{}")
            // validate
            #expect(fixed.status == .methodNotAllowed)
            #expect(fixed.headers.first(name: .allow) == "POST")
            #expect(patchUnknown.status == .notFound)
            #expect(put.status == .methodNotAllowed)
            #expect(put.headers.first(name: .allow) == "GET, HEAD, POST")
            #expect(put.json?["error"]?["code"] == "method_not_allowed")
            #expect(delete.status == .methodNotAllowed)
            #expect(delete.headers.first(name: .allow) == "GET, HEAD, PATCH")
            #expect(deleteUnknown.status == .notFound)
            #expect(unknown.status == .notFound)
        }
    }

    /// Query filters given empty or of the wrong type are refused, not read as « no filter » (schemathesis found them).
    @Test func emptyOrMistypedFiltersAre422() async throws {
        try await TestApp.run { t in
            let api = try await admin(t)
            let archived = try await api.send(.GET, "/api/v1/document-templates?archived=null")
            #expect(archived.status == .unprocessableEntity)
            #expect(archived.json?["error"]?["fields"]?["archived"] != nil)
            #expect(try await api.send(.GET, "/api/v1/document-templates?archived=true").status == .ok)
            let from = try await api.send(.GET, "/api/v1/payments?from=&limit=5")
            #expect(from.status == .unprocessableEntity)
            #expect(from.json?["error"]?["fields"]?["from"] != nil)
            #expect(try await api.send(.GET, "/api/v1/payments?from=2026-01-01").status == .ok)
        }
    }

    @Test func everyStatusTheServerMayAnswerIsDocumented() async throws {
        try await TestApp.run { t in
            // setup
            let api = try await admin(t)
            let document = try #require(try await api.send(.GET, "/api/v1/openapi.json").json)
            guard case .object(let paths)? = document["paths"] else { Issue.record("no paths"); return }
            func statuses(_ path: String, _ method: String) -> Set<String> {
                guard case .object(let responses)? = paths[path]?[method]?["responses"] else { return [] }
                return Set(responses.keys)
            }
            // validate: a body may have the wrong media type or invalid values, whatever the operation
            for (path, item) in paths {
                guard case .object(let operations) = item else { continue }
                for (method, operation) in operations where operation["requestBody"] != nil {
                    #expect(statuses(path, method).isSuperset(of: ["400", "413", "415", "422"]), "\(method) \(path)")
                }
            }
            #expect(statuses("/auth/tokens", "post").isSuperset(of: ["401", "403", "422", "429"]))
            #expect(statuses("/imports/{id}/errors", "get").contains("409"))
            #expect(statuses("/agenda", "get").contains("422"))
            #expect(paths["/attachments"]?["post"]?["requestBody"]?["content"]?["multipart/form-data"] != nil)
            // A field the server fills in is not required on creation.
            let create = paths["/users"]?["post"]?["requestBody"]?["content"]?["application/json"]?["schema"]
            guard case .array(let required)? = create?["required"] else { Issue.record("no required"); return }
            #expect(!required.contains("locale") && required.contains("email"))
            // act + validate: an import without rejected rows answers the documented 409.
            let upload = try await api.send(
                .POST, "/api/v1/imports?fileName=a.csv", json: "nom;ville\nDupont;Lyon\n", headers: ["Content-Type": "text/csv"])
            #expect(upload.status == .created)
            let id = try #require(upload.json?["id"]?.string, "no import: \(upload.body)")
            let errors = try await api.send(.GET, "/api/v1/imports/\(id)/errors")
            #expect(errors.status == .conflict)
            #expect(errors.json?["error"]?["code"] == "no_rejected_rows")
        }
    }

    @Test func mergingAnUnknownDuplicateIsA422AndAnUnknownTargetA404() async throws {
        try await TestApp.run { t in
            // setup (schemathesis' stateful phase: create a company, then merge an invented id into it)
            let api = try await admin(t)
            let created = try await api.send(.POST, "/api/v1/companies", json: #"{"name":"Durand SA","billingPostcode":"75015"}"#)
            let id = try #require(created.json?["id"]?.string, "no company: \(created.body)")
            // act
            let unknownFrom = try await api.send(.POST, "/api/v1/companies/\(id)/merge", json: "{\"from\":\"\(UUID().uuidString)\"}")
            let unknownTarget = try await api.send(.POST, "/api/v1/companies/\(UUID().uuidString)/merge", json: "{\"from\":\"\(id)\"}")
            // validate: the record addressed exists, so the answer names the input at fault
            #expect(unknownFrom.status == .unprocessableEntity, "\(unknownFrom.body)")
            #expect(unknownFrom.json?["error"]?["fields"]?["from"] != nil)
            #expect(unknownTarget.status == .notFound)
            #expect(try await api.send(.GET, "/api/v1/companies/\(id)").status == .ok)
        }
    }

    @Test func anAdministratorCannotLockThemselvesOut() async throws {
        try await TestApp.run { t in
            // setup
            let admin = try await t.createUser("admin@example.fr", role: .admin, name: "Admin")
            let api = APIClient(app: t.app, token: try await t.token(for: admin))
            let id = admin.id!.uuidString.lowercased()
            // act
            let guest = try await api.send(.PATCH, "/api/v1/users/\(id)", json: #"{"role": "guest"}"#)
            let elsewhere = try await api.send(.PATCH, "/api/v1/users/\(id)", json: #"{"allowedIps": "192.0.2.0/24"}"#)
            // validate
            #expect(guest.status == .unprocessableEntity)
            #expect(guest.json?["error"]?["fields"]?["role"] != nil)
            #expect(elsewhere.status == .unprocessableEntity)
            #expect(elsewhere.json?["error"]?["fields"]?["allowedIps"] != nil)
            #expect(try await api.send(.GET, "/api/v1/users").status == .ok)
        }
    }

    private func emptyEnums(_ value: JSONValue, at path: String) -> [String] {
        switch value {
        case .object(let members):
            var found: [String] = []
            if case .array(let values)? = members["enum"], values.isEmpty { found.append(path) }
            for (key, member) in members { found += emptyEnums(member, at: path + "/" + key) }
            return found
        case .array(let items):
            return items.enumerated().flatMap { emptyEnums($0.element, at: "\(path)/\($0.offset)") }
        default:
            return []
        }
    }
}
