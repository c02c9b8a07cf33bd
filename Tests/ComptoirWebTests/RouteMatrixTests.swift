import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import SQLKit
import Testing
import Vapor

@testable import ComptoirWeb

/// Every registered route (pages and API) × admin, user, read-only user, guest of project A (and a token made by hand for
/// them, which must open nothing), guest of
/// project B and anonymous: expected statuses, never a 500, and no body showing a record the role
/// may not see.
@Suite("Route × role matrix")
struct RouteMatrixTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
        "Fixtures/routes.txt")

    static func routeKeys(_ app: Application) -> [String] {
        app.routes.all.map { "\($0.method.rawValue) /" + $0.path.map(\.description).joined(separator: "/") }.sorted()
    }

    @Test func everyRouteIsClassified() async throws {
        try await TestApp.run { t in
            let registered = Self.routeKeys(t.app)
            if ProcessInfo.processInfo.environment["DUMP_ROUTES"] != nil {
                try registered.joined(separator: "\n").appending("\n").write(to: Self.fixture, atomically: true, encoding: .utf8)
            }
            let listed = (try String(contentsOf: Self.fixture, encoding: .utf8)).split(separator: "\n").map(String.init)
            let unclassified = Set(registered).subtracting(listed).sorted()
            let gone = Set(listed).subtracting(registered).sorted()
            #expect(unclassified.isEmpty, "classify these routes in Fixtures/routes.txt and RouteCatalog: \(unclassified)")
            #expect(gone.isEmpty, "routes listed but no longer registered: \(gone)")
        }
    }

    struct Role {
        var name: String
        var browser: Browser?
        var token: String?
        var mayNotSee: [String]
    }

    @Test func everyRoleGetsTheExpectedAnswerOnEveryRoute() async throws {
        try await TestApp.run { t in
            // setup: two guests' projects, a private project, records of every kind.
            let world = try await ExtranetTests.world(t)
            let boss = try #require(try await User.find(email: "agence@example.fr", on: t.db))
            let secret = try await ProjectsTests.create(world.admin, #"{"title":"PRIVÉ-MARQUEUR Succession","visibility":"private"}"#)
            let secretMeeting = try await world.admin.send(
                .POST, "/api/v1/interactions",
                json: "{\"typeId\":\"\(ExtranetTests.meetingType)\",\"subject\":\"PRIVÉ-MARQUEUR rendez-vous\",\"projectId\":\"\(secret)\"}"
            )
            try #require(secretMeeting.status == .created, "private meeting: \(secretMeeting.body)")
            let victim = try await t.createUser("victime@example.fr")
            let contact = try await world.admin.send(.POST, "/api/v1/contacts", json: #"{"lastName":"Contact Témoin"}"#)
            let contactID = try #require(contact.json?["id"]?.string, "contact: \(contact.body)")
            let resource = try await world.admin.send(.POST, "/api/v1/resources", json: #"{"name":"Salle Témoin","kind":"room"}"#)
            let resourceID = try #require(resource.json?["id"]?.string, "resource: \(resource.body)")
            let segment = try await world.admin.send(.POST, "/api/v1/segments", json: #"{"name":"Tous","entity":"companies","query":"q="}"#)
            let segmentID = try #require(segment.json?["id"]?.string, "segment: \(segment.body)")

            var roles: [Role] = []
            let (adminBrowser, _) = (try await signIn(t, boss.email, "correct-horse-battery"), ())
            roles.append(Role(name: "admin", browser: adminBrowser, token: world.admin.token, mayNotSee: []))
            for (name, readOnly) in [("user", false), ("readOnly", true)] {
                let user = try await t.createUser("\(name)@example.fr", readOnly: readOnly)
                roles.append(
                    Role(
                        name: name, browser: try await signIn(t, user.email, "correct-horse-battery"),
                        token: try await t.token(for: user), mayNotSee: ["PRIVÉ-MARQUEUR"]))
            }
            var guestA = try await ExtranetTests.guest(t, world, readOnly: false, email: "guest.a@example.fr")
            try await guestA.open("/portal")
            roles.append(
                Role(
                    name: "guestA", browser: guestA, token: nil,
                    mayNotSee: ["PRIVÉ-MARQUEUR", "Concurrents", "confidentielle", "Concurrent Secret", "Appel interne"]))
            let touched = try await world.admin.send(
                .PATCH,
                "/api/v1/users/\(try #require(try await User.find(email: "guest.a@example.fr", on: t.db)?.id).uuidString.lowercased())",
                json: "{}")
            try #require(touched.status == .ok, "guest A: \(touched.body)")
            // Guest of project B.
            let createdB = try await world.admin.send(
                .POST, "/api/v1/users",
                json: """
                    {"name":"Invité B","email":"guest.b@example.fr","role":"guest","locale":"fr","password":"mot-de-passe-invite-b","defaultProjectId":"\(world.projectB)"}
                    """)
            try #require(createdB.status == .created, "guest B: \(createdB.body)")
            let b = try #require(try await User.find(email: "guest.b@example.fr", on: t.db))
            b.mustChangePassword = false
            try await b.update(on: t.db)
            roles.append(
                Role(
                    name: "guestB", browser: try await signIn(t, "guest.b@example.fr", "mot-de-passe-invite-b"), token: nil,
                    mayNotSee: ["PRIVÉ-MARQUEUR", "Mes Beaux Sapins", "Point mensuel", "Concurrent Secret"]))
            roles.append(Role(name: "anonymous", browser: t.browser(), token: nil, mayNotSee: ["PRIVÉ-MARQUEUR", "Sapins", "Concurrent"]))
            // A token that exists for guest A (made by hand: no path of the app mints one for a guest) opens nothing.
            let guestToken = "cpt_" + SecureTokens.random(byteCount: 32)
            try await APIToken(
                userID: try #require(try await User.find(email: "guest.a@example.fr", on: t.db)?.id), name: "by hand",
                tokenHash: SecureTokens.sha256Hex(guestToken), prefix: String(guestToken.prefix(10)), createdAt: t.clock.now()
            ).create(on: t.db)
            roles.append(
                Role(
                    name: "guestToken", browser: t.browser(), token: guestToken,
                    mayNotSee: ["PRIVÉ-MARQUEUR", "Sapins", "Concurrent", "Point mensuel"]))

            func value(_ parameter: String, _ path: [String]) -> String {
                switch parameter {
                case ":name": return "app.css"
                case ":token": return "pas-un-jeton.ics"
                case ":action": return "skip"
                case ":kind": return path.first == "projects" ? "contacts" : "companies"
                case ":member", ":contactId": return contactID
                case ":companyId": return world.companyB
                default:
                    switch path.first == "api" ? path.dropFirst(2).first : path.first {
                    case "users",
                        "admin" where path.contains("users"):
                        return victim.id!.uuidString.lowercased()
                    case "companies": return world.companyB
                    case "contacts": return contactID
                    case "projects", "portal": return world.projectA
                    case "interactions": return world.meetingA
                    case "resources": return resourceID
                    case "segments": return segmentID
                    default: return UUID().uuidString.lowercased()
                    }
                }
            }

            // act + validate
            var problems: [String] = []
            for route in t.app.routes.all {
                let components = route.path.map(\.description)
                let path = "/" + components.joined(separator: "/")
                let category = RouteCatalog.category(method: route.method.rawValue, path: path)
                let concrete = "/" + components.map { $0.hasPrefix(":") ? value($0, components) : $0 }.joined(separator: "/")
                if path == "/logout" || path.hasSuffix("/password-reset") { continue }  // would end the sessions under test
                let isAPI = path.hasPrefix("/api/")
                let mutating = route.method != .GET && route.method != .HEAD
                for index in roles.indices {
                    let role = roles[index]
                    let page: Page
                    if isAPI, let token = role.token {
                        page = try await APIClient(app: t.app, token: token).send(route.method, concrete, json: mutating ? "{}" : nil)
                    } else if isAPI {
                        var browser = role.browser ?? t.browser()
                        var headers = HTTPHeaders()
                        if mutating {
                            headers.contentType = .json; headers.replaceOrAdd(name: "X-CSRF-Token", value: browser.lastCSRF ?? "")
                        }
                        page = try await browser.send(
                            route.method, concrete, headers: headers, body: mutating ? ByteBuffer(string: "{}") : nil)
                        roles[index].browser = browser
                    } else {
                        var browser = role.browser ?? t.browser()
                        page = mutating ? try await browser.post(concrete, [:]) : try await browser.get(concrete)
                        roles[index].browser = browser
                    }
                    let label = "\(role.name) \(route.method.rawValue) \(path)"
                    if page.status.code >= 500 { problems.append("\(label): \(page.status.code)") }
                    for marker in role.mayNotSee where page.body.contains(marker) { problems.append("\(label): shows «\(marker)»") }
                    switch (role.name, category) {
                    case ("anonymous", .open):
                        break
                    case ("anonymous", _):
                        // Pages send to sign-in (a form without a valid token is refused first); the API answers 401.
                        let toSignIn = page.status == .seeOther && page.location?.hasPrefix("/login") == true
                        let fine = isAPI ? page.status == .unauthorized : (toSignIn || (mutating && page.status == .forbidden))
                        if !fine { problems.append("\(label): \(page.status.code) for anonymous") }
                    case ("guestToken", let category):
                        if isAPI, category != .open, page.status != .unauthorized {
                            problems.append("\(label): \(page.status.code), expected 401 for a guest's token")
                        }
                    case ("guestA", let category), ("guestB", let category):
                        if isAPI, !["/api/v1/me", "/api/v1/openapi.json"].contains(path) {
                            // The API is for staff: a guest's session reaches nothing there.
                            if page.status != .notFound { problems.append("\(label): \(page.status.code), expected 404 for a guest") }
                        } else if path == "/" {
                            if page.location != "/portal" { problems.append("\(label): guests land on the portal") }
                        } else if category == .staff || category == .admin {
                            if page.status != .notFound { problems.append("\(label): \(page.status.code), expected 404 for a guest") }
                        }
                    case ("user", .admin), ("readOnly", .admin):
                        if page.status != .forbidden { problems.append("\(label): \(page.status.code), expected 403") }
                    case ("readOnly", .staff), ("readOnly", .guest):
                        if mutating, page.status.code < 400 {
                            problems.append("\(label): \(page.status.code), a read-only user changed something")
                        }
                    default:
                        break
                    }
                }
                // Sessions that a route ended are opened again.
                for index in roles.indices where roles[index].name != "anonymous" && roles[index].name != "guestToken" {
                    if roles[index].browser?.cookies["comptoir_session"] == nil,
                        let email = [
                            "admin": boss.email, "user": "user@example.fr", "readOnly": "readOnly@example.fr",
                            "guestA": "guest.a@example.fr", "guestB": "guest.b@example.fr",
                        ][roles[index].name]
                    {
                        roles[index].browser = try await signIn(
                            t, email,
                            roles[index].name == "guestA"
                                ? "sapins-2026-noel" : (roles[index].name == "guestB" ? "mot-de-passe-invite-b" : "correct-horse-battery"))
                    }
                }
            }
            let report = "\(problems.count) problems:\n" + problems.prefix(80).joined(separator: "\n")
            #expect(problems.isEmpty, "\(report)")
        }
    }

    private func signIn(_ t: TestApp, _ email: String, _ password: String) async throws -> Browser {
        var browser = t.browser()
        let signedIn = try await browser.signIn(email: email, password: password)
        // A role whose sign-in failed would be tested as anonymous and pass where it should not.
        try #require(signedIn.status == .seeOther, "\(email) could not sign in: \(signedIn.status)")
        let home = try await browser.open(email.hasPrefix("guest") ? "/portal" : "/")
        try #require(home.status == .ok, "\(email) is not signed in: \(home.status) \(home.location ?? "")")
        return browser
    }
}
