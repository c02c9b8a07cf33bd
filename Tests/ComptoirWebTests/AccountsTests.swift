import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import Testing
import Vapor

@testable import ComptoirWeb

@Suite("Sign-in, sessions and passwords")
struct AccountsTests {
    @Test func signInOpensASessionAndSignOutEndsIt() async throws {
        try await TestApp.run { t in
            // setup
            try await t.createUser("marie@example.fr", name: "Marie Curie")
            var browser = t.browser()
            // act
            let login = try await browser.signIn(email: "Marie@Example.fr ", password: "correct-horse-battery")
            let home = try await browser.get("/")
            // validate
            #expect(login.status == .seeOther)
            #expect(login.location == "/")
            #expect(browser.cookies["comptoir_session"] != nil)
            let cookieHeader = login.headers[.setCookie].first { $0.hasPrefix("comptoir_session=") } ?? ""
            #expect(cookieHeader.contains("HttpOnly"))
            #expect(cookieHeader.contains("SameSite=Lax"))
            #expect(home.status == .ok)
            #expect(home.body.contains("Bonjour Marie Curie"))
            #expect(try await UserSession.query(on: t.db).count() == 1)

            let logout = try await browser.post("/logout", [:])
            #expect(logout.status == .seeOther)
            #expect(logout.location == "/login")
            #expect(try await UserSession.query(on: t.db).count() == 0)
            let after = try await browser.get("/")
            #expect(after.status == .seeOther)
            #expect(after.location?.hasPrefix("/login") == true)
            let actions = try await t.auditEntries(entity: "users").map(\.action)
            #expect(actions.contains("login"))
            #expect(actions.contains("logout"))
        }
    }

    @Test func wrongPasswordIsRefusedAndKeepsTheEmail() async throws {
        try await TestApp.run { t in
            try await t.createUser("marie@example.fr")
            var browser = t.browser()
            let response = try await browser.signIn(email: "marie@example.fr", password: "not-the-password")
            #expect(response.status == .unauthorized)
            #expect(response.body.contains("E-mail ou mot de passe incorrect."))
            #expect(response.body.contains("value=\"marie@example.fr\""))
            #expect(browser.cookies["comptoir_session"] == nil)
            let attempts = try await LoginAttempt.query(on: t.db).all()
            #expect(attempts.count == 1)
            #expect(attempts.first?.succeeded == false)
        }
    }

    @Test func fiveFailuresForOneEmailThrottleTheSixthAttempt() async throws {
        try await TestApp.run { t in
            try await t.createUser("marie@example.fr")
            var browser = t.browser()
            for _ in 0..<5 {
                let response = try await browser.signIn(email: "marie@example.fr", password: "wrong-password")
                #expect(response.status == .unauthorized)
            }
            // Even the right password is refused while throttled.
            let blocked = try await browser.signIn(email: "marie@example.fr", password: "correct-horse-battery")
            #expect(blocked.status == .tooManyRequests)
            #expect(blocked.body.contains("Trop de tentatives de connexion. Réessayez dans 15 min."))
            #expect(blocked.headers.first(name: .retryAfter) == "900")
            #expect(browser.cookies["comptoir_session"] == nil)

            // After the window, the right password works again.
            t.clock.advance(by: 15 * 60 + 1)
            let later = try await browser.signIn(email: "marie@example.fr", password: "correct-horse-battery")
            #expect(later.status == .seeOther)
        }
    }

    @Test func manyFailuresFromOneAddressThrottleOtherEmails() async throws {
        try await TestApp.run { t in
            try await t.createUser("marie@example.fr")
            var browser = t.browser()
            // A few typos of colleagues behind the same address do not lock the office out…
            for index in 0..<5 {
                _ = try await browser.signIn(email: "nobody\(index)@example.fr", password: "whatever-password")
            }
            var colleague = t.browser()
            #expect(try await colleague.signIn(email: "marie@example.fr", password: "correct-horse-battery").status == .seeOther)
            // …but spraying passwords over many accounts pauses the address.
            for index in 5..<AccountService.addressThrottleLimit {
                _ = try await browser.signIn(email: "nobody\(index)@example.fr", password: "whatever-password")
            }
            let blocked = try await browser.signIn(email: "marie@example.fr", password: "correct-horse-battery")
            #expect(blocked.status == .tooManyRequests)
        }
    }

    @Test func idleSessionExpiresAndAsksToSignInAgain() async throws {
        try await TestApp.run { t in
            let (browser0, _) = try await t.signedIn(role: .user)
            var browser = browser0
            #expect(try await browser.get("/").status == .ok)
            // Activity inside the idle window keeps the session.
            t.clock.advance(by: 100 * 60)
            #expect(try await browser.get("/").status == .ok)
            // 2 h (default) of inactivity ends it.
            t.clock.advance(by: 121 * 60)
            let expired = try await browser.get("/")
            #expect(expired.status == .seeOther)
            #expect(expired.location == "/login?next=/&expired=1")
            let login = try await browser.get(expired.location!)
            #expect(login.body.contains("Votre session a expiré"))
            #expect(try await UserSession.query(on: t.db).count() == 0)
        }
    }

    @Test func idleTimeoutSettingIsHonoured() async throws {
        try await TestApp.run { t in
            var (admin, _) = try await t.signedIn()
            try await admin.open("/admin/security")
            let saved = try await admin.post("/admin/security", ["idleTimeoutMinutes": "10", "attachmentMaxMB": "5"])
            #expect(saved.status == .seeOther)
            let rejected = try await admin.post("/admin/security", ["idleTimeoutMinutes": "2", "attachmentMaxMB": "5"])
            #expect(rejected.status == .unprocessableEntity)
            #expect(rejected.body.contains("Au moins 5."))
            #expect(rejected.body.contains("value=\"2\""))
            t.clock.advance(by: 11 * 60)
            #expect(try await admin.get("/").status == .seeOther)
        }
    }

    @Test func firstAdminMustChangeThePasswordBeforeAnythingElse() async throws {
        try await TestApp.run { t in
            let admin = try #require(try await FirstRun.ensureAdmin(t.app))
            #expect(try await FirstRun.ensureAdmin(t.app) == nil)
            var browser = t.browser()
            let login = try await browser.signIn(email: admin.email, password: admin.password)
            #expect(login.location == "/account/password")
            // Every other page sends back to the password form.
            let users = try await browser.get("/admin/users")
            #expect(users.status == .seeOther)
            #expect(users.location == "/account/password")
            // A too-short or mismatched password is refused with the field named.
            let bad = try await browser.post(
                "/account/password",
                [
                    "currentPassword": admin.password, "newPassword": "short", "confirmPassword": "other",
                ])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.contains("au moins 10 caractères"))
            #expect(bad.body.contains("Les deux mots de passe ne sont pas identiques."))
            let good = try await browser.post(
                "/account/password",
                [
                    "currentPassword": admin.password, "newPassword": "Un-mot-de-passe-2026", "confirmPassword": "Un-mot-de-passe-2026",
                ])
            #expect(good.status == .seeOther)
            try await browser.open("/")
            #expect(try await browser.get("/admin/users").status == .ok)
            let stored = try #require(try await User.find(email: admin.email, on: t.db))
            #expect(stored.mustChangePassword == false)
            // The old password no longer works.
            var other = t.browser()
            #expect(try await other.signIn(email: admin.email, password: admin.password).status == .unauthorized)
            #expect(try await other.signIn(email: admin.email, password: "Un-mot-de-passe-2026").status == .seeOther)
        }
    }

    @Test func deactivatedUserCannotSignInAndLosesSessions() async throws {
        try await TestApp.run { t in
            var (admin, _) = try await t.signedIn()
            var (bob, bobUser) = try await t.signedIn(role: .user, email: "bob@example.fr")
            #expect(try await bob.get("/").status == .ok)
            let id = bobUser.id!.uuidString.lowercased()
            try await admin.open("/admin/users/\(id)/edit")
            let saved = try await admin.post(
                "/admin/users/\(id)",
                [
                    "name": "Bob", "email": "bob@example.fr", "role": "user", "locale": "fr",
                ])
            #expect(saved.status == .seeOther)
            #expect(try await bob.get("/").status == .seeOther)
            var again = t.browser()
            #expect(try await again.signIn(email: "bob@example.fr", password: "correct-horse-battery").status == .unauthorized)
        }
    }

    @Test func signInDoesNotFollowForeignRedirects() {
        #expect(LoginPages.safeNext("https://evil.example") == "/")
        #expect(LoginPages.safeNext("//evil.example") == "/")
        #expect(LoginPages.safeNext("/admin/users?x=1") == "/admin/users?x=1")
    }
}
