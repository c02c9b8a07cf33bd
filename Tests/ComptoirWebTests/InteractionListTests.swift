import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import Testing
import Vapor

@testable import ComptoirWeb

/// The interactions list (date order, « Contacts », the link on the subject) and the contacts of « Nouvelle
/// interaction » (issue #14).
@Suite struct InteractionListTests {
    static func subjects(in body: String) -> [String] {
        // The list's first cell of each row: `<td data-label="Objet"><a href="/interactions/…">Subject</a>`.
        body.components(separatedBy: "<td data-label=\"Objet\"><a href=\"/interactions/").dropFirst().compactMap { part in
            part.split(separator: ">", maxSplits: 1).last.flatMap { $0.split(separator: "<").first }.map(String.init)
        }
    }

    @Test func theListIsInDateOrderNewestFirstWithItsContactsAndTheLinkOnTheSubject() async throws {
        try await TestApp.run { t in
            // setup: a start, a due day only, neither (its creation), and a private project's interaction
            var (browser, user) = try await t.signedIn(role: .user)
            let api = APIClient(app: t.app, token: try await t.token(for: user))
            let call = ActivitiesTests.call
            t.clock.set(try Date("2026-01-05T09:00:00Z", strategy: .iso8601))
            let (_, noted) = try await ActivitiesTests.create(api, #"{"typeId":"\#(call)","subject":"Note sans date"}"#)
            t.clock.set(TestApp.start)
            let (_, kickOff) = try await ActivitiesTests.create(
                api, #"{"typeId":"\#(call)","subject":"Réunion de lancement","startsAt":"2026-03-10T10:00:00+01:00"}"#)
            let (_, reminder) = try await ActivitiesTests.create(
                api, #"{"typeId":"\#(call)","subject":"Relance devis","dueDate":"2026-05-02"}"#)
            let (_, discovery) = try await ActivitiesTests.create(
                api, #"{"typeId":"\#(call)","subject":"Appel découverte","startsAt":"2026-04-01T09:00:00+02:00"}"#)
            var contacts: [UUID] = []
            for (first, last) in [("Zoé", "Aubert"), ("<b>Léa</b>", "Bernard"), ("Paul", "Clément"), ("Yves", "Dupuis"), ("Ana", "Évrard")]
            {
                contacts.append(try await DirectoryTests.createContact(&browser, ["firstName": first, "lastName": last]))
            }
            for contact in contacts {
                let added = try await browser.post("/interactions/\(discovery!)/contacts", ["target": contact.uuidString.lowercased()])
                #expect(added.status == .seeOther)
            }
            _ = try await browser.post("/interactions/\(kickOff!)/contacts", ["target": contacts[2].uuidString.lowercased()])
            let boss = try await t.createUser("boss@example.fr", role: .admin)
            let bossAPI = APIClient(app: t.app, token: try await t.token(for: boss))
            let secret = try await ProjectsTests.create(bossAPI, #"{"title":"Dossier confidentiel","visibility":"private"}"#)
            _ = try await ActivitiesTests.create(
                bossAPI,
                #"{"typeId":"\#(call)","subject":"Entretien confidentiel","startsAt":"2026-06-01T10:00:00+02:00","projectId":"\#(secret)"}"#
            )
            // act
            let page = try await browser.open("/interactions")
            let first = try await browser.open("/interactions?limit=2")
            let next = try #require(
                Self.nextLink(first.body))
            let second = try await browser.open(next.replacingOccurrences(of: "&amp;", with: "&"))
            // validate: newest first by start, due day, then creation; the private project's interaction not there
            #expect(page.status == .ok)
            #expect(Self.subjects(in: page.body) == ["Relance devis", "Appel découverte", "Réunion de lancement", "Note sans date"])
            #expect(!page.body.contains("Entretien confidentiel"))
            #expect(Self.subjects(in: first.body) + Self.subjects(in: second.body) == Self.subjects(in: page.body))
            // the subject is the link; the contacts by last name, three at most then « +2 », escaped
            #expect(page.body.contains("<td data-label=\"Objet\"><a href=\"/interactions/\(discovery!)\">Appel découverte</a></td>"))
            let cell = try #require(
                page.body.range(of: "Appel découverte</a></td><td data-label=\"Contacts\">").map {
                    String(page.body[$0.upperBound...].prefix(600))
                })
            let names = ["Zoé Aubert", "&lt;b&gt;Léa&lt;/b&gt; Bernard", "Paul Clément"]
            #expect(
                cell.hasPrefix(
                    names.enumerated().map { "<a href=\"/contacts/\(contacts[$0.offset].uuidString.lowercased())\">\($0.element)</a>" }
                        .joined(separator: ", ")), "\(cell)")
            #expect(cell.contains("<span class=\"muted\" title=\"et 2 autres\"> +2</span></td>"), "\(cell)")
            #expect(!page.body.contains("<b>Léa</b>"))
            #expect(page.body.contains("Réunion de lancement</a></td><td data-label=\"Contacts\"><a href=\"/contacts/"))
            #expect(page.body.contains("Note sans date</a></td><td data-label=\"Contacts\"></td>"))
            // a due day alone is a day, a start a day and an hour
            #expect(page.body.contains("<td data-label=\"Date\">02/05/2026</td>"))
            #expect(page.body.contains("<td data-label=\"Date\">10/03/2026 10:00</td>"))
            #expect(
                page.body.contains("<th scope=\"col\"><a href=\"/interactions?sort=occursAt\" aria-sort=\"descending\">Date ▼</a></th>"))
            _ = noted
            _ = reminder
        }
    }

    static func nextLink(_ body: String) -> String? {
        guard let range = body.range(of: "rel=\"next\"") else { return nil }
        let before = body[..<range.lowerBound]
        guard let href = before.range(of: "href=\"", options: .backwards) else { return nil }
        return String(before[href.upperBound...].prefix { $0 != "\"" })
    }

    @Test func aNewInteractionSavesItsContactsInTheSameWriteAndARejectedContactKeepsTheInput() async throws {
        try await TestApp.run { t in
            // setup
            var (browser, user) = try await t.signedIn(role: .user)
            let helene = try await DirectoryTests.createContact(&browser, ["firstName": "Hélène", "lastName": "Garcia"])
            let marc = try await DirectoryTests.createContact(
                &browser, ["firstName": "Marc", "lastName": "Petit", "email": "marc@petit.fr"])
            let company = try await DirectoryTests.createCompany(&browser, ["name": "Garcia Conseil", "billingPostcode": "69002"])
            let unknown = "0b9e2c34-1111-4222-8333-944445555666"
            // act: from a contact's page, from a company's page, then two picked and one typed, then an unknown id
            let fromContact = try await browser.open("/interactions/new?contactId=\(helene.uuidString.lowercased())")
            let fromCompany = try await browser.open("/interactions/new?companyId=\(company.uuidString.lowercased())")
            let saved = try await browser.post(
                "/interactions",
                pairs: [
                    ("typeId", ActivitiesTests.call), ("subject", "Appel à trois"), ("contactIds[]", helene.uuidString.lowercased()),
                    ("contactIds[]", "marc@petit.fr"), ("contactIds[]", ""),
                ])
            let before = try await InteractionsCount.of(t.db)
            let refused = try await browser.post(
                "/interactions",
                pairs: [
                    ("typeId", ActivitiesTests.call), ("subject", "Appel refusé"), ("contactIds[]", marc.uuidString.lowercased()),
                    ("contactIds[]", unknown), ("contactIds[]", "Personne Inconnue"),
                ])
            let bothWrong = try await browser.post(
                "/interactions", pairs: [("typeId", ActivitiesTests.call), ("subject", ""), ("contactIds[]", unknown)])
            // validate: the contact's page prefills that contact by name; a company's page prefills none
            #expect(
                fromContact.body.contains(
                    "<label class=\"checkbox chip\"><input type=\"checkbox\" name=\"contactIds[]\" value=\"\(helene.uuidString.lowercased())\" checked=\"checked\"/> Hélène Garcia</label>"
                ), "\(fromContact.body)")
            #expect(fromContact.body.contains("data-picker=\"/api/v1/search?kinds=contacts&amp;limit=8\""))
            #expect(!fromCompany.body.contains("type=\"checkbox\" name=\"contactIds[]\""))
            // both contacts are linked, the typed e-mail resolved; the link is audited
            #expect(saved.status == .seeOther, "\(saved.body.prefix(500))")
            let id = try #require(saved.location.flatMap { UUID(uuidString: String($0.split(separator: "/").last ?? "")) })
            let linked = Set(try await InteractionStore.linked(id, .contacts, on: t.db))
            #expect(linked == [helene, marc])
            let audit = try await t.auditEntries(entity: "interactions").filter { $0.entityID == id.uuidString.lowercased() }
            #expect(audit.count == 2)
            // refused: 422, « Contacts » named, every value kept, nothing written
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("<a href=\"#f-contactIds\">Contacts : "), "\(refused.body)")
            #expect(
                refused.body.contains("Un des contacts choisis n&#39;existe pas.")
                    || refused.body.contains("Un des contacts choisis n'existe pas."))
            #expect(refused.body.contains("Aucun contact ne correspond à « Personne Inconnue »."))
            #expect(refused.body.contains("value=\"\(marc.uuidString.lowercased())\" checked=\"checked\"/> Marc Petit</label>"))
            #expect(refused.body.contains("value=\"\(unknown)\" checked=\"checked\"/> \(unknown)</label>"))
            #expect(refused.body.contains("value=\"Personne Inconnue\" checked=\"checked\"/> Personne Inconnue</label>"))
            #expect(refused.body.contains("value=\"Appel refusé\""))
            #expect(try await InteractionsCount.of(t.db) == before)
            // the form's own errors and the contacts' come back together
            #expect(bothWrong.status == .unprocessableEntity)
            #expect(bothWrong.body.contains("<a href=\"#f-subject\">"))
            #expect(bothWrong.body.contains("<a href=\"#f-contactIds\">"))
            _ = user
        }
    }
}

enum InteractionsCount {
    static func of(_ db: any Database) async throws -> Int {
        try await TableStore.count(InteractionsEntity.definition.tableSpec, filters: [], on: db)
    }
}
