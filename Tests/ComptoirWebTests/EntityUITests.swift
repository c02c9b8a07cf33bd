import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import Testing
import Vapor

@testable import ComptoirWeb

@Suite("Generic list, form and detail pages")
struct EntityUITests {
    @Test func creationTitlesAgreeInGender() async throws {
        try await TestApp.run { t in
            var (admin, _) = try await t.signedIn()
            for (path, title) in [
                ("/companies", "Nouvelle société"), ("/contacts", "Nouveau contact"), ("/interactions", "Nouvelle interaction"),
                ("/resources", "Nouvelle ressource"), ("/campaigns", "Nouvelle campagne de prospection"), ("/projects", "Nouveau projet"),
                ("/products", "Nouveau produit"), ("/warehouses", "Nouvel entrepôt"), ("/admin/users", "Nouvel utilisateur"),
            ] {
                let list = try await admin.get(path)
                #expect(list.status == .ok, "\(path)")
                #expect(list.body.contains(title), "\(path): the list's button says « \(title) »")
                let form = try await admin.get(path + "/new")
                #expect(form.body.contains("<h1>\(title)</h1>"), "\(path)/new is titled « \(title) »")
                #expect(!form.body.contains("Nouveau :"))
            }
        }
    }

    @Test func listPaginatesWithKeysetCursorsSortsAndFilters() async throws {
        try await TestApp.run { t in
            var (admin, _) = try await t.signedIn(email: "zoe@example.fr")
            for index in 0..<7 {
                try await t.createUser("user\(index)@example.fr", readOnly: index % 2 == 0, name: "Utilisateur \(index)")
            }
            let first = try await admin.get("/admin/users?limit=3&sort=email")
            #expect(first.status == .ok)
            #expect(first.body.contains("8 utilisateurs"), "the list counts every match, not the page")
            #expect(first.body.contains("user0@example.fr"))
            #expect(first.body.contains("user2@example.fr"))
            #expect(!first.body.contains("user3@example.fr"))
            let next = try #require(Browser.attribute("href", after: "class=\"pager\"", in: first.body))
            let second = try await admin.get(next.replacingOccurrences(of: "&amp;", with: "&"))
            #expect(second.body.contains("user3@example.fr"))
            #expect(!second.body.contains("user2@example.fr"))

            let descending = try await admin.get("/admin/users?sort=-email&limit=1")
            #expect(descending.body.contains("zoe@example.fr"))

            let readOnly = try await admin.get("/admin/users?readOnly=true")
            #expect(readOnly.body.contains("user0@example.fr"))
            #expect(!readOnly.body.contains("user1@example.fr"))

            let searched = try await admin.get("/admin/users?q=UTILISATEUR%205")
            #expect(searched.body.contains("user5@example.fr"))
            #expect(searched.body.contains("1 utilisateur<"))
            #expect(!searched.body.contains("user4@example.fr"))

            let badSort = try await admin.get("/admin/users?sort=password_hash")
            #expect(badSort.status == .badRequest)
        }
    }

    @Test func createFormErrorsKeepInputAndWriteNothing() async throws {
        try await TestApp.run { t in
            var (admin, _) = try await t.signedIn()
            try await admin.open("/admin/users/new")
            let response = try await admin.post(
                "/admin/users",
                [
                    "name": "Élodie Martin", "email": "elodie@", "role": "user", "locale": "fr", "password": "court",
                ])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.contains("value=\"Élodie Martin\""))
            #expect(response.body.contains("value=\"elodie@\""))
            #expect(response.body.contains("id=\"f-email-error\""))
            #expect(response.body.contains("id=\"f-password-error\""))
            #expect(response.body.contains("aria-invalid=\"true\""))
            #expect(!response.body.contains("value=\"court\""))
            #expect(try await User.query(on: t.db).count() == 1)
        }
    }

    @Test func createdRecordIsAuditedAndShownWithItsHistory() async throws {
        try await TestApp.run { t in
            var (admin, _) = try await t.signedIn()
            try await admin.open("/admin/users/new")
            let created = try await admin.post(
                "/admin/users",
                [
                    "name": "Élodie Martin", "email": "elodie@example.fr", "role": "user", "locale": "fr",
                    "password": "long-enough-password", "active": "true",
                ])
            #expect(created.status == .seeOther)
            let path = try #require(created.location)
            let detail = try await admin.get(path)
            #expect(detail.body.contains("Fiche créée."))
            #expect(detail.body.contains("Élodie Martin"))
            #expect(detail.body.contains("Historique"))
            let user = try #require(try await User.find(email: "elodie@example.fr", on: t.db))
            #expect(user.mustChangePassword)
            #expect(user.active)
            let entries = try await t.auditEntries(entity: "users").filter {
                $0.action == "create" && $0.entityID == user.id!.uuidString.lowercased()
            }
            #expect(entries.count == 1)
            #expect(entries[0].actorLabel == "alice@example.fr")
            #expect(entries[0].changes.contains("elodie@example.fr"))
            #expect(!entries[0].changes.contains("long-enough-password"))
            #expect(!entries[0].changes.contains(user.passwordHash))

            // An edit records the changed fields only.
            try await admin.open(path + "/edit")
            let edited = try await admin.post(
                path,
                [
                    "name": "Élodie Martin-Durand", "email": "elodie@example.fr", "role": "user", "locale": "fr", "active": "true",
                ])
            #expect(edited.status == .seeOther)
            let update = try #require(try await t.auditEntries(entity: "users").last { $0.action == "update" })
            let fields = AuditLog.decodeChanges(update.changes).map(\.field)
            #expect(fields == ["name"])

            let auditPage = try await admin.get("/admin/audit?action=update")
            #expect(auditPage.status == .ok)
            #expect(auditPage.body.contains("Élodie Martin-Durand"))
            let filtered = try await admin.get("/admin/audit?atFrom=01/01/2030")
            #expect(filtered.body.contains("Aucun résultat."))
            let badDate = try await admin.get("/admin/audit?atFrom=31/02/2026")
            #expect(badDate.status == .badRequest)
        }
    }

    @Test func adminCannotLockThemselfOut() async throws {
        try await TestApp.run { t in
            var (admin, user) = try await t.signedIn()
            let path = "/admin/users/\(user.id!.uuidString.lowercased())"
            try await admin.open(path + "/edit")
            let response = try await admin.post(path, ["name": "Alice", "email": "alice@example.fr", "role": "user", "locale": "fr"])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.contains("propre rôle d'administrateur"))
            #expect(try await User.find(user.id, on: t.db)?.role == "admin")
        }
    }
}
