import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Testing
import Vapor

@testable import ComptoirWeb

/// The « Membres » panel's typeahead over users, contacts and companies (issue #14).
@Suite struct ProjectMemberPickerTests {
    static func titles(_ page: Page, kind: String) -> [String] {
        guard case .array(let items)? = page.json?["items"] else { return [] }
        return items.compactMap { item in
            guard item["kind"]?.string == kind else { return nil }
            return item["title"]?.string
        }
    }

    @Test func aFirstNameFindsUsersContactsAndCompaniesAccentsIgnoredThroughThePermissionLayer() async throws {
        try await TestApp.run { t in
            // setup
            var (browser, alice) = try await t.signedIn(role: .user)
            _ = try await t.createUser("helene@example.fr", name: "Hélène Garcia")
            _ = try await t.createUser("hector@example.fr", name: "Hector Blanc")
            let contact = try await DirectoryTests.createContact(&browser, ["firstName": "Hélène", "lastName": "Martin"])
            _ = try await DirectoryTests.createContact(&browser, ["firstName": "Paul", "lastName": "Hélin"])
            _ = try await DirectoryTests.createCompany(&browser, ["name": "Hélios Énergie", "billingPostcode": "69002"])
            let api = APIClient(app: t.app, token: try await t.token(for: alice))
            let project = try await ProjectsTests.create(api, #"{"title":"Dossier Garcia","visibility":"public"}"#)
            let secret = try await ProjectsTests.create(api, #"{"title":"Dossier secret","visibility":"private"}"#)
            let added = try await browser.post(
                "/projects/\(project)/members",
                ["kind": "contacts", "target": "x", "memberId": contact.uuidString.lowercased(), "role": "Client"])
            // act
            let accented = try await browser.get("/projects/\(project)/member-candidates?q=H%C3%A9l")
            let plain = try await browser.get("/projects/\(project)/member-candidates?q=HEL")
            let twoWords = try await browser.get("/projects/\(project)/member-candidates?q=garcia%20hel")
            var (readOnly, _) = try await t.signedIn(role: .user, readOnly: true, email: "lecture@example.fr")
            let refusedReadOnly = try await readOnly.get("/projects/\(project)/member-candidates?q=hel")
            var (outsider, _) = try await t.signedIn(role: .user, email: "autre@example.fr")
            let refusedOutsider = try await outsider.get("/projects/\(secret)/member-candidates?q=hel")
            var stranger = t.browser()
            let anonymous = try await stranger.get("/projects/\(project)/member-candidates?q=hel")
            let panel = try await browser.open("/projects/\(project)")
            // validate: the contact added by its picked id
            #expect(added.status == .seeOther)
            #expect(try await ProjectMemberStore.contains(.contacts, contact, in: UUID(uuidString: project)!, on: t.db))
            // Hélène the user and Hélin the contact, « Hélène Martin » left out as already a member, the company too
            #expect(accented.status == .ok)
            #expect(Self.titles(accented, kind: "users") == ["Hélène Garcia"])
            #expect(Self.titles(accented, kind: "contacts") == ["Paul Hélin"])
            #expect(Self.titles(accented, kind: "companies") == ["Hélios Énergie"])
            if case .array(let items)? = accented.json?["items"] { #expect(items.first?["group"]?.string == "Utilisateurs") }
            #expect(Self.titles(plain, kind: "users") == ["Hélène Garcia"])
            #expect(Self.titles(plain, kind: "contacts") == ["Paul Hélin"])
            #expect(Self.titles(twoWords, kind: "users") == ["Hélène Garcia"])
            #expect(Self.titles(twoWords, kind: "companies").isEmpty)
            // who may not add members gets nothing; who may not see the project gets 404
            #expect(refusedReadOnly.status == .forbidden)
            #expect(Self.titles(refusedReadOnly, kind: "users").isEmpty)
            #expect(refusedOutsider.status == .notFound)
            #expect(!refusedOutsider.body.contains("Hélène"))
            #expect(anonymous.status == .unauthorized || anonymous.status == .seeOther)
            // one input with the typeahead; the kind select stays for pages without scripts
            #expect(panel.body.contains("data-picker=\"/projects/\(project)/member-candidates\""))
            #expect(panel.body.contains("<div class=\"field picker-fallback\"><label for=\"member-kind\">"))
            #expect(panel.body.contains("name=\"memberId\""))
        }
    }

    @Test func aGuestGetsNoCandidates() async throws {
        try await TestApp.run { t in
            let world = try await ExtranetTests.world(t)
            var guest = try await ExtranetTests.guest(t, world, readOnly: false)
            let answer = try await guest.get("/projects/\(world.projectA)/member-candidates?q=con")
            #expect(answer.status == .notFound || answer.status == .forbidden)
            #expect(!answer.body.contains("Concurrent Secret"))
            let add = try await guest.post(
                "/projects/\(world.projectA)/members", ["kind": "companies", "target": "x", "memberId": world.companyB])
            #expect(add.status == .notFound || add.status == .forbidden)
            let members = try await ProjectMemberStore.list(UUID(uuidString: world.projectA)!, on: t.db)
            #expect(!members.contains { $0.kind == .companies })
        }
    }
}
