import ComptoirDemo
import ComptoirServices
import ComptoirStore
import Foundation
import SQLKit
import Testing
import Vapor

@testable import ComptoirWeb

@Suite("Layout, menus, languages and autofill")
struct LayoutTests {
    @Test func quickCreateMenuIsRenderedForSignedInUsers() async throws {
        try await TestApp.run { t in
            var (admin, _) = try await t.signedIn()
            let page = try await admin.get("/")
            #expect(page.body.contains("class=\"quick-create\""))
            #expect(page.body.contains("class=\"quick-create-button\""))
            #expect(page.body.contains("href=\"/admin/users/new\""))
            #expect(page.body.contains("href=\"/search\""))
            // It opens on hover and on keyboard focus, without script.
            let css = try await admin.get("/assets/app.css")
            #expect(css.body.contains(".quick-create:hover .quick-create-menu, .quick-create:focus-within .quick-create-menu"))
            #expect(css.headers.contentType?.description.hasPrefix("text/css") == true)

            var anonymous = t.browser()
            #expect(!(try await anonymous.get("/login")).body.contains("class=\"quick-create\""))
        }
    }

    @Test func crmFormsOptOutOfAutofillButLoginKeepsIt() async throws {
        try await TestApp.run { t in
            var anonymous = t.browser()
            let login = try await anonymous.get("/login")
            #expect(login.body.contains("autocomplete=\"username\""))
            #expect(login.body.contains("autocomplete=\"current-password\""))

            var (admin, _) = try await t.signedIn()
            let form = try await admin.get("/admin/organization/edit")
            #expect(form.body.contains("<form method=\"post\" action=\"/admin/organization\" class=\"entity-form\" autocomplete=\"off\""))
            for field in ["legalName", "email", "phone", "addressLine1", "city", "postcode"] {
                #expect(form.body.contains("name=\"\(field)\" autocomplete=\"off\""), "\(field) must not be autofilled")
            }
            let newUser = try await admin.get("/admin/users/new")
            #expect(newUser.body.contains("name=\"password\" autocomplete=\"new-password\""))
            let password = try await admin.get("/account/password")
            #expect(password.body.contains("name=\"currentPassword\" autocomplete=\"current-password\""))
        }
    }

    @Test func englishIsAvailablePerUserAndForVisitors() async throws {
        try await TestApp.run { t in
            var visitor = t.browser()
            let english = try await visitor.get("/login?lang=en")
            #expect(english.body.contains("<html lang=\"en\""))
            #expect(english.body.contains("Sign in"))
            #expect(try await visitor.get("/login").body.contains("Sign in"))

            var (admin, _) = try await t.signedIn()
            #expect(try await admin.get("/").body.contains("Bonjour"))
            let switched = try await admin.post("/account/locale", ["locale": "en"])
            #expect(switched.status == .seeOther)
            let home = try await admin.get("/")
            #expect(home.body.contains("Hello"))
            #expect(home.body.contains("Sign out"))
        }
    }

    @Test func friendlyErrorPagesAndFrenchDates() async throws {
        try await TestApp.run { t in
            var (admin, _) = try await t.signedIn()
            let missing = try await admin.get("/admin/users/\(UUID().uuidString)")
            #expect(missing.status == .notFound)
            #expect(missing.body.contains("Cette page ou cette fiche n'existe pas."))
            #expect(missing.body.contains("Retour à l'accueil"))
            let unknown = try await admin.get("/nowhere")
            #expect(unknown.status == .notFound)
            let home = try await admin.get("/")
            #expect(home.body.contains("18/11/2026"))
        }
    }

    @Test func healthChecksTheDatabase() async throws {
        try await TestApp.run { t in
            var browser = t.browser()
            let health = try await browser.get("/healthz")
            #expect(health.status == .ok)
            #expect(health.json?["database"] == "ok")
            #expect(try await browser.get("/livez").body == "ok")
        }
    }

    @Test func migrationsAreAllAppliedAndIdempotent() async throws {
        try await TestApp.run { t in
            let sql = t.app.db as! any SQLDatabase
            let rows = try await sql.raw("SELECT COUNT(*) AS n FROM _fluent_migrations").first()
            #expect(try rows?.decode(column: "n", as: Int.self) == StoreMigrations.all.count)
            // Running them again changes nothing.
            try await migrate(t.app)
            let again = try await sql.raw("SELECT COUNT(*) AS n FROM _fluent_migrations").first()
            #expect(try again?.decode(column: "n", as: Int.self) == StoreMigrations.all.count)
            for table in ["users", "sessions", "api_tokens", "login_attempts", "audit_entries", "settings", "organization_profile"] {
                _ = try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()
            }
        }
    }

    @Test func demoDataLoadsOnceWithValidIdentifiers() async throws {
        try await TestApp.run { t in
            let lines = try await DemoData.load(t.app.systemContext("demo"))
            #expect(!lines.isEmpty)
            #expect(try await DemoData.load(t.app.systemContext("demo")).isEmpty)
            let profile = try await OrganizationProfile.current(on: t.db)
            #expect(profile.legalName == "Cabinet Lefèvre & Associés")
            #expect(try await User.query(on: t.db).count() == 5)  // four staff and the extranet client
            let guest = try #require(try await User.find(email: "client@mesbeauxsapins.fr", on: t.db))
            #expect(guest.roleValue == .guest)
            #expect(guest.readOnly)
            // The whole demo is there: directory, activities, projects.
            let sql = t.db as! any SQLDatabase
            for (table, minimum) in [
                ("companies", 300), ("contacts", 600), ("interactions", 50), ("projects", 4), ("resources", 3), ("segments", 3),
            ] {
                let count = try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.decode(column: "n", as: Int.self) ?? 0
                #expect(count >= minimum, "\(table): \(count)")
            }
        }
    }
}
