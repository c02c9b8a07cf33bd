import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import Testing
import Vapor

@testable import ComptoirWeb

@Suite("CSRF, read-only users and permissions")
struct SecurityTests {
    @Test func formPostsWithoutOrWithWrongTokenAre403AndChangeNothing() async throws {
        try await TestApp.run { t in
            var (admin, _) = try await t.signedIn()
            let before = try await User.query(on: t.db).count()
            let fields = ["name": "Eve", "email": "eve@example.fr", "role": "user", "locale": "fr", "password": "long-enough-password"]
            let missing = try await admin.post("/admin/users", fields, csrf: "")
            #expect(missing.status == .forbidden)
            #expect(missing.body.contains("Le formulaire a expiré"))
            let wrong = try await admin.post("/admin/users", fields, csrf: "forged-token")
            #expect(wrong.status == .forbidden)
            // The anonymous cookie token is not the session's token.
            let cookieToken = try await admin.post("/admin/users", fields, csrf: admin.cookies["comptoir_csrf"] ?? "x")
            #expect(cookieToken.status == .forbidden)
            #expect(try await User.query(on: t.db).count() == before)
            // With the page's token it works.
            try await admin.open("/admin/users/new")
            #expect(try await admin.post("/admin/users", fields).status == .seeOther)
            #expect(try await User.query(on: t.db).count() == before + 1)
        }
    }

    @Test func loginFormNeedsItsToken() async throws {
        try await TestApp.run { t in
            try await t.createUser("marie@example.fr")
            var browser = t.browser()
            _ = try await browser.get("/login")
            let response = try await browser.post("/login", ["email": "marie@example.fr", "password": "correct-horse-battery"], csrf: "")
            #expect(response.status == .forbidden)
            #expect(browser.cookies["comptoir_session"] == nil)
        }
    }

    @Test func sessionCookieOnTheAPINeedsTheCSRFHeaderForWrites() async throws {
        try await TestApp.run { t in
            var (admin, _) = try await t.signedIn()
            var headers = HTTPHeaders()
            headers.contentType = .json
            let refused = try await admin.send(
                .PATCH, "/api/v1/organization", headers: headers, body: ByteBuffer(string: #"{"legalName":"X"}"#))
            #expect(refused.status == .forbidden)
            headers.replaceOrAdd(name: "X-CSRF-Token", value: admin.lastCSRF ?? "")
            let accepted = try await admin.send(
                .PATCH, "/api/v1/organization", headers: headers, body: ByteBuffer(string: #"{"legalName":"X SAS"}"#))
            #expect(accepted.status == .ok)
        }
    }

    @Test func readOnlyUserIsRefusedOnEveryWrite() async throws {
        try await TestApp.run { t in
            let reader = try await t.createUser("lecteur@example.fr", role: .admin, readOnly: true)
            var browser = t.browser()
            #expect(try await browser.signIn(email: "lecteur@example.fr", password: "correct-horse-battery").status == .seeOther)
            // Reading works.
            #expect(try await browser.get("/admin/users").status == .ok)
            #expect(try await browser.get("/admin/organization").status == .ok)
            // Writing through pages is refused, nothing changes.
            try await browser.open("/account")
            let page = try await browser.post("/admin/organization", ["legalName": "Pirate SARL", "country": "FR"])
            #expect(page.status == .forbidden)
            #expect(page.body.contains("lecture seule"))
            let profile = try await OrganizationProfile.current(on: t.db)
            #expect(profile.legalName == "")
            let newUser = try await browser.post(
                "/admin/users", ["name": "X", "email": "x@example.fr", "role": "user", "locale": "fr", "password": "long-enough-password"])
            #expect(newUser.status == .forbidden)
            // And through the API.
            let api = APIClient(app: t.app, token: try await t.token(for: reader))
            let patch = try await api.send(.PATCH, "/api/v1/organization", json: #"{"legalName":"Pirate SARL"}"#)
            #expect(patch.status == .forbidden)
            #expect(patch.json?["error"]?["code"] == "read_only")
            let create = try await api.send(
                .POST, "/api/v1/users",
                json: #"{"name":"X","email":"x@example.fr","role":"user","locale":"fr","password":"long-enough-password"}"#)
            #expect(create.status == .forbidden)
            #expect(try await User.query(on: t.db).count() == 1)
            #expect(try await api.send(.GET, "/api/v1/users").status == .ok)
        }
    }

    @Test func ordinaryUsersCannotReachAdministration() async throws {
        try await TestApp.run { t in
            var (user, _) = try await t.signedIn(role: .user)
            #expect(try await user.get("/admin/users").status == .forbidden)
            #expect(try await user.get("/admin/audit").status == .forbidden)
            #expect(try await user.get("/admin/security").status == .forbidden)
            #expect(try await user.get("/admin/organization").status == .ok)
            #expect(try await user.get("/admin/organization/edit").status == .forbidden)
            let home = try await user.get("/")
            #expect(!home.body.contains("/admin/users"))
        }
    }

    @Test func anonymousVisitorsAreSentToSignInAndAPIAnswers401() async throws {
        try await TestApp.run { t in
            var browser = t.browser()
            let page = try await browser.get("/admin/users")
            #expect(page.status == .seeOther)
            #expect(page.location == "/login?next=/admin/users")
            let api = APIClient(app: t.app, token: nil)
            let me = try await api.send(.GET, "/api/v1/me")
            #expect(me.status == .unauthorized)
            #expect(me.json?["error"]?["code"] == "unauthorized")
            let bogus = APIClient(app: t.app, token: "cpt_not-a-real-token")
            #expect(try await bogus.send(.GET, "/api/v1/me").status == .unauthorized)
        }
    }

    @Test func userTextIsEscapedInPages() async throws {
        try await TestApp.run { t in
            var (admin, _) = try await t.signedIn()
            try await t.createUser("xss@example.fr", name: "\"><script>alert(1)</script>")
            let list = try await admin.get("/admin/users")
            #expect(!list.body.contains("<script>alert(1)</script>"))
            #expect(list.body.contains("&lt;script&gt;"))
            let search = try await admin.get("/search?q=%22%3E%3Cscript%3E")
            #expect(!search.body.contains("value=\"\"><script>"))
            #expect(search.body.contains("&quot;&gt;&lt;script&gt;"))
        }
    }
}
