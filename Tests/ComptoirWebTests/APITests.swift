import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import Testing
import Vapor

@testable import ComptoirWeb

@Suite("API: tokens, users, organisation, errors, OpenAPI")
struct APITests {
    @Test func tokenAuthWorksUntilRevoked() async throws {
        try await TestApp.run { t in
            // setup
            let user = try await t.createUser("marie@example.fr", name: "Marie")
            let noAuth = APIClient(app: t.app, token: nil)
            // act: mint with e-mail and password
            let minted = try await noAuth.send(
                .POST, "/api/v1/auth/tokens", json: #"{"email":"marie@example.fr","password":"correct-horse-battery","name":"script"}"#)
            // validate
            #expect(minted.status == .created)
            let token = try #require(minted.json?["token"].flatMap { if case .string(let s) = $0 { s } else { nil } })
            #expect(token.hasPrefix("cpt_"))
            let stored = try await APIToken.query(on: t.db).all()
            #expect(stored.count == 1)
            #expect(stored[0].tokenHash != token)
            #expect(stored[0].tokenHash == SecureTokens.sha256Hex(token))

            let api = APIClient(app: t.app, token: token)
            let me = try await api.send(.GET, "/api/v1/me")
            #expect(me.status == .ok)
            #expect(me.json?["email"] == "marie@example.fr")
            #expect(me.json?["name"] == "Marie")
            #expect(me.json?["passwordHash"] == nil)
            #expect(!me.body.contains("$2"))
            let used = try #require(try await APIToken.query(on: t.db).first())
            #expect(used.lastUsedAt == t.clock.now())

            let list = try await api.send(.GET, "/api/v1/auth/tokens")
            #expect(list.status == .ok)
            let id = try #require(stored[0].id).uuidString.lowercased()
            #expect(list.body.contains(id))
            #expect(!list.body.contains(token))

            let revoked = try await api.send(.DELETE, "/api/v1/auth/tokens/\(id)")
            #expect(revoked.status == .noContent)
            let after = try await api.send(.GET, "/api/v1/me")
            #expect(after.status == .unauthorized)
            #expect(after.json?["error"]?["code"] == "invalid_token")
            _ = user
        }
    }

    @Test func tokenMintingChecksCredentialsAndIsThrottled() async throws {
        try await TestApp.run { t in
            try await t.createUser("marie@example.fr")
            let api = APIClient(app: t.app, token: nil)
            let missing = try await api.send(.POST, "/api/v1/auth/tokens", json: #"{"email":"marie@example.fr"}"#)
            #expect(missing.status == .unprocessableEntity)
            #expect(missing.json?["error"]?["fields"]?["password"] != nil)
            for _ in 0..<5 {
                let wrong = try await api.send(
                    .POST, "/api/v1/auth/tokens", json: #"{"email":"marie@example.fr","password":"nope-nope-nope"}"#)
                #expect(wrong.status == .unauthorized)
            }
            let throttled = try await api.send(
                .POST, "/api/v1/auth/tokens", json: #"{"email":"marie@example.fr","password":"correct-horse-battery"}"#)
            #expect(throttled.status == .tooManyRequests)
            #expect(throttled.json?["error"]?["code"] == "too_many_attempts")
            #expect(try await APIToken.query(on: t.db).count() == 0)
        }
    }

    @Test func tokenPagesShowTheTokenOnceAndRevoke() async throws {
        try await TestApp.run { t in
            var (browser, user) = try await t.signedIn(role: .user)
            try await browser.open("/account/tokens")
            let created = try await browser.post("/account/tokens", ["name": "Export comptable"])
            #expect(created.status == .ok)
            let token = try #require(created.body.range(of: "cpt_").map { String(created.body[$0.lowerBound...].prefix(47)) })
            #expect(try await APIClient(app: t.app, token: token).send(.GET, "/api/v1/me").status == .ok)
            let again = try await browser.get("/account/tokens")
            #expect(!again.body.contains(token))
            #expect(again.body.contains("Export comptable"))
            let record = try #require(try await APIToken.query(on: t.db).filter(\.$user.$id == user.id!).first())
            let revoke = try await browser.post("/account/tokens/\(record.id!.uuidString.lowercased())/revocation", [:])
            #expect(revoke.status == .seeOther)
            #expect(try await APIClient(app: t.app, token: token).send(.GET, "/api/v1/me").status == .unauthorized)
        }
    }

    @Test func usersAPIListsCreatesAndValidates() async throws {
        try await TestApp.run { t in
            let admin = try await t.createUser("admin@example.fr", role: .admin, name: "Admin")
            let api = APIClient(app: t.app, token: try await t.token(for: admin))
            let created = try await api.send(
                .POST, "/api/v1/users",
                json: """
                    {"name":"Jeanne d'Arc","email":"Jeanne@Example.fr","role":"user","locale":"fr","password":"long-enough-password","readOnly":true,"active":true}
                    """)
            #expect(created.status == .created)
            #expect(created.json?["email"] == "jeanne@example.fr")
            #expect(created.json?["readOnly"] == true)
            #expect(created.json?["password"] == nil)

            let duplicate = try await api.send(
                .POST, "/api/v1/users",
                json: """
                    {"name":"Autre","email":"jeanne@example.fr","role":"user","locale":"fr","password":"long-enough-password"}
                    """)
            #expect(duplicate.status == .unprocessableEntity)
            #expect(duplicate.json?["error"]?["code"] == "validation_failed")
            #expect(duplicate.json?["error"]?["fields"]?["email"] != nil)

            let invalid = try await api.send(
                .POST, "/api/v1/users", json: #"{"name":"","email":"pas-un-email","role":"chef","password":"court","color":"red"}"#)
            #expect(invalid.status == .unprocessableEntity)
            let fields = invalid.json?["error"]?["fields"]
            #expect(fields?["color"] != nil)
            #expect(try await User.query(on: t.db).count() == 2)

            let list = try await api.send(.GET, "/api/v1/users?limit=1&sort=email")
            #expect(list.status == .ok)
            guard case .array(let items)? = list.json?["items"] else { Issue.record("no items"); return }
            #expect(items.count == 1)
            #expect(items[0]["email"] == "admin@example.fr")
            guard case .string(let cursor)? = list.json?["nextCursor"] else { Issue.record("no cursor"); return }
            let next = try await api.send(.GET, "/api/v1/users?limit=1&sort=email&cursor=\(cursor)")
            guard case .array(let rest)? = next.json?["items"] else { Issue.record("no items"); return }
            #expect(rest.count == 1)
            #expect(rest[0]["email"] == "jeanne@example.fr")
            #expect(next.json?["nextCursor"] == .null)

            let badCursor = try await api.send(.GET, "/api/v1/users?cursor=garbage")
            #expect(badCursor.status == .badRequest)
            #expect(badCursor.json?["error"]?["code"] == "invalid_cursor")
            let badLimit = try await api.send(.GET, "/api/v1/users?limit=501")
            #expect(badLimit.status == .badRequest)

            let adminID = try #require(items[0]["id"]?.string)
            let patched = try await api.send(.PATCH, "/api/v1/users/\(adminID)", json: #"{"name":"Admin Principal"}"#)
            #expect(patched.status == .ok)
            #expect(patched.json?["name"] == "Admin Principal")
            #expect(patched.json?["email"] == "admin@example.fr")
            let missing = try await api.send(.GET, "/api/v1/users/\(UUID().uuidString)")
            #expect(missing.status == .notFound)
            #expect(missing.json?["error"]?["code"] == "not_found")
        }
    }

    @Test func usersWhosePasswordMustChangeGetTheSameAnswerFromEveryAPIRoute() async throws {
        try await TestApp.run { t in
            let user = try await t.createUser("nouveau@example.fr", mustChange: true)
            let api = APIClient(app: t.app, token: try await t.token(for: user))
            for path in [
                "/api/v1/search?q=dupont", "/api/v1/companies", "/api/v1/contacts?q=martin", "/api/v1/agenda?from=2026-11-01&to=2026-11-08",
            ] {
                let response = try await api.send(.GET, path)
                #expect(response.status == .forbidden, "\(path): \(response.status)")
                #expect(response.body.contains("\"password_change_required\""), "\(path): \(response.body.prefix(200))")
            }
            // Who they are, and the API's description, still answer.
            #expect(try await api.send(.GET, "/api/v1/me").status == .ok)
            #expect(try await api.send(.GET, "/api/v1/openapi.json").status == .ok)
        }
    }

    @Test func ordinaryUserCannotListUsers() async throws {
        try await TestApp.run { t in
            let user = try await t.createUser("user@example.fr")
            let api = APIClient(app: t.app, token: try await t.token(for: user))
            let response = try await api.send(.GET, "/api/v1/users")
            #expect(response.status == .forbidden)
            #expect(response.json?["error"]?["code"] == "forbidden")
        }
    }

    @Test func malformedJSONIs400AndOversizedBodyIs413() async throws {
        try await TestApp.run { t in
            let admin = try await t.createUser("admin@example.fr", role: .admin)
            let api = APIClient(app: t.app, token: try await t.token(for: admin))
            let malformed = try await api.send(.PATCH, "/api/v1/organization", json: #"{"legalName": "#)
            #expect(malformed.status == .badRequest)
            #expect(malformed.json?["error"]?["code"] == "malformed_json")
            #expect(malformed.json?["error"]?["message"] != nil)

            let notObject = try await api.send(.PATCH, "/api/v1/organization", json: "[1,2]")
            #expect(notObject.status == .unprocessableEntity)

            var text = HTTPHeaders()
            text.contentType = .plainText
            let wrongType = try await api.send(.PATCH, "/api/v1/organization", json: "hello", headers: text)
            #expect(wrongType.status == .unsupportedMediaType)

            let huge = "{\"legalName\":\"" + String(repeating: "a", count: 3 * 1024 * 1024) + "\"}"
            let live = APIClient(app: t.app, token: api.token, live: true)
            let tooLarge = try await live.send(.PATCH, "/api/v1/organization", json: huge)
            #expect(tooLarge.status == .payloadTooLarge)
            #expect(tooLarge.json?["error"]?["code"] == "payload_too_large")
            let profile = try await OrganizationProfile.current(on: t.db)
            #expect(profile.legalName == "")
        }
    }

    @Test func openAPIDocumentDescribesEveryRegisteredRoute() async throws {
        try await TestApp.run { t in
            let response = try await APIClient(app: t.app, token: nil).send(.GET, "/api/v1/openapi.json")
            #expect(response.status == .ok)
            let document = try #require(response.json)
            #expect(document["openapi"] == "3.1.0")
            guard case .object(let paths)? = document["paths"] else { Issue.record("no paths"); return }
            var missing: [String] = []
            for route in t.app.routes.all {
                let components = route.path.map { $0.description }
                guard components.count >= 2, components[0] == "api", components[1] == "v1" else { continue }
                let path = "/" + components.dropFirst(2).map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : $0 }.joined(separator: "/")
                guard case .object(let operations)? = paths[path], operations[route.method.rawValue.lowercased()] != nil else {
                    missing.append("\(route.method.rawValue) \(path)")
                    continue
                }
            }
            #expect(missing.isEmpty, "undocumented routes: \(missing)")
            // Every documented operation is a real route too.
            let registered = Set(t.app.routes.all.map { "\($0.method.rawValue) /" + $0.path.map(\.description).joined(separator: "/") })
            for operation in t.app.apiDocs.operations {
                let vaporPath = "/api/v1" + operation.path.replacingOccurrences(of: "{", with: ":").replacingOccurrences(of: "}", with: "")
                #expect(registered.contains("\(operation.method.rawValue) \(vaporPath)"))
            }
            for required in ["/me", "/users", "/users/{id}", "/organization", "/auth/tokens", "/openapi.json"] {
                #expect(paths[required] != nil, "missing \(required)")
            }
        }
    }
}

@Suite("JSON responses")
struct JSONValueWriterTests {
    /// The direct writer gives the bytes JSONEncoder gives with the options the API always used.
    @Test func directWriterMatchesJSONEncoder() throws {
        let value: JSONValue = [
            "items": [
                ["subject": "Réunion « budget » \"Q3\" \\ fin", "url": "/interactions/1", "allDay": false, "n": 42, "neg": -7],
                ["tabs": "a\tb\nc\rd\u{08}e\u{0C}f\u{01}g\u{1F}h", "emoji": "🗓️ café", "null": .null, "list": [1, 2, [3, ["x": "y"]]]],
            ],
            "Zeta": 1, "alpha": 2, "Alpha": 3, "a10": 4, "a9": 5, "é": 6, "e": 7, "": "",
            "doubles": .array([
                .double(1.0), .double(1.5), .double(-0.0), .double(1e20), .double(1e-7), .double(123456789.125), .double(0.1),
            ]),
            "empty": [:], "none": [],
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let expected = try encoder.encode(value)
        #expect(String(decoding: value.serialized(), as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        // What JSONEncoder refuses still ends as it did.
        #expect(JSONValue.array([.double(.nan)]).serialized() == Data("null".utf8))
        #expect(JSONValue.string("x").serialized() == (try encoder.encode(JSONValue.string("x"))))
    }
}
