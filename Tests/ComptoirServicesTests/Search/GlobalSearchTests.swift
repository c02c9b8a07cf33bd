import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import SQLKit
import Testing

/// The global search covers interactions and deals (with the visibility of private projects), projects without
/// accents or punctuation mattering, and phone numbers typed in groups.
@Suite("Global search: interactions, projects, phones")
struct GlobalSearchTests {
    static let sale = ActivityDefaults.saleTypeID.uuidString.lowercased()

    static func titles(_ context: ServiceContext, _ text: String, kind: String) async throws -> [String] {
        try await SearchService(context).search(text, kinds: [kind]).flatMap(\.hits).map(\.title)
    }

    @Test func interactionsAndDealsAreFoundOnlyByThoseWhoMaySeeThem() async throws {
        try await ServiceTestDatabase.run { test in
            // setup: a deal in Claire's private project, another in a public one, a call without project
            let claire = try await test.user("claire@example.fr")
            let bob = try await test.user("bob@example.fr")
            let admin = try await test.user("admin@example.fr", role: .admin)
            let projects = EntityService(try await ProjectsEntity.definition.resolved(for: claire), claire)
            let secret = try await projects.create(
                EntityInput(values: ["title": "Succession Martin", "visibility": "private"], isPartial: false, omittedMeansDefault: true))
            let open = try await projects.create(
                EntityInput(values: ["title": "Salon", "visibility": "public"], isPartial: false, omittedMeansDefault: true))
            let interactions = EntityService(try await InteractionsEntity.definition.resolved(for: claire), claire)
            func create(_ subject: String, project: UUID?, description: String = "") async throws -> UUID {
                var values = ["typeId": Self.sale, "subject": subject, "description": description]
                if let project { values["projectId"] = project.uuidString.lowercased() }
                return try await interactions.create(EntityInput(values: values, isPartial: false, omittedMeansDefault: true)).id
            }
            let hidden = try await create("Placement assurance-vie Martin", project: secret.id)
            let shown = try await create("Placement Assurance Vie Durand", project: open.id)
            let call = try await create("Appel de courtoisie", project: nil, description: "Parler de l'assurance-vie des enfants")

            // act + validate: Claire (member) and an administrator see all three, Bob not the private one
            #expect(Set(try await Self.titles(claire, "assurance-vie", kind: "interactions")).count == 3)
            #expect(Set(try await Self.titles(admin, "assurance vie", kind: "interactions")).count == 3)
            let bobs = try await SearchService(bob).search("assurance-vie", kinds: ["interactions"]).flatMap(\.hits)
            #expect(Set(bobs.map(\.id)) == [shown, call])
            #expect(!bobs.contains { $0.id == hidden })
            // Titles that hold the words come first.
            #expect(bobs.first?.id == shown)
            // The list's `q` uses the same index and the same scope.
            let bobList = EntityService(try await InteractionsEntity.definition.resolved(for: bob), bob)
            #expect(Set(try await bobList.list(.init(q: "ASSURANCE-VIE")).rows.map(\.id)) == [shown, call])
            // A rename reaches the index in the same write.
            _ = try await interactions.update(shown, EntityInput(values: ["subject": "Épargne retraite Durand"], isPartial: true))
            #expect(try await Self.titles(bob, "epargne", kind: "interactions") == ["Épargne retraite Durand"])
            #expect(try await Self.titles(bob, "assurance vie", kind: "interactions") == ["Appel de courtoisie"])
        }
    }

    @Test func projectsAreFoundWithoutAccentsOrHyphens() async throws {
        try await ServiceTestDatabase.run { test in
            let claire = try await test.user("claire@example.fr")
            let bob = try await test.user("bob@example.fr")
            let projects = EntityService(try await ProjectsEntity.definition.resolved(for: claire), claire)
            for (title, visibility) in [
                ("Placement assurance-vie Dupont", "public"), ("Épargne salariale", "public"), ("Épargne secrète", "private"),
            ] {
                _ = try await projects.create(
                    EntityInput(values: ["title": title, "visibility": visibility], isPartial: false, omittedMeansDefault: true))
            }
            #expect(try await Self.titles(claire, "Assurance Vie", kind: "projects") == ["Placement assurance-vie Dupont"])
            #expect(try await Self.titles(claire, "epargne", kind: "projects") == ["Épargne salariale", "Épargne secrète"])
            #expect(try await Self.titles(bob, "EPARGNE", kind: "projects") == ["Épargne salariale"])
            #expect(try await Self.titles(claire, "%", kind: "projects") == [])
        }
    }

    @Test func phonesAreFoundByDigitGroupsAsTyped() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let claire = try await test.user("claire@example.fr")
            let companies = EntityService(try await CompaniesEntity.definition.resolved(for: claire), claire)
            _ = try await companies.create(EntityInput(values: ["name": "Garage du Rhône", "phone": "04 78 12 34 56"], isPartial: false))
            _ = try await companies.create(EntityInput(values: ["name": "Boulangerie", "phone": "04 72 00 11 22"], isPartial: false))
            let contacts = EntityService(try await ContactsEntity.definition.resolved(for: claire), claire)
            _ = try await contacts.create(
                EntityInput(values: ["firstName": "Anne", "lastName": "Morel", "mobile": "06.12.34.56.78"], isPartial: false))
            // act + validate
            for typed in ["04 78 12", "04.78.12", "047812", "04 78 12 34 56", "+33 4 78 12", "04-78-12"] {
                #expect(try await Self.titles(claire, typed, kind: "companies") == ["Garage du Rhône"], "\(typed)")
            }
            #expect(try await Self.titles(claire, "04 7", kind: "companies").sorted() == ["Boulangerie", "Garage du Rhône"])
            for typed in ["06 12 34", "06.12.34.56.78", "+33 6 12"] {
                #expect(try await Self.titles(claire, typed, kind: "contacts") == ["Anne Morel"], "\(typed)")
            }
            #expect(try await Self.titles(claire, "04 78 13", kind: "companies") == [])
            // The lists' `q` reads the same words.
            #expect(try await companies.list(.init(q: "04 78 12")).rows.map { $0["name"].textValue } == ["Garage du Rhône"])
        }
    }
}
