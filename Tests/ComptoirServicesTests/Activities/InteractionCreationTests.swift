import ComptoirBulkLoad
import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import SQLKit
import Testing

/// « Nouvelle interaction » with its contacts in one write, the list's date, and the members' typeahead (issue #14),
/// without HTTP.
@Suite("Interaction creation with contacts, list date, member candidates")
struct InteractionCreationTests {
    static let call = "00000000-0000-4000-a000-000000000101"

    @Test func contactsAreLinkedInTheInteractionsWriteAndARefusedOneWritesNothing() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let claire = try await test.user("claire@example.fr")
            let helene = try await ProjectMemberTests.contact(claire, "Garcia")
            let definition = try await InteractionsEntity.definition.resolved(for: claire)
            let service = InteractionService(claire)
            let input = EntityInput(values: ["typeId": Self.call, "subject": "Appel"], isPartial: false)
            let before = (try await test.count("interactions"), try await test.count("audit_entries"))
            // act
            let refused = await #expect(throws: AppError.self) {
                try await service.create(definition, input, contacts: [helene.uuidString, UUID().uuidString])
            }
            let afterRefusal = (try await test.count("interactions"), try await test.count("audit_entries"))
            let row = try await service.create(definition, input, contacts: [helene.uuidString, " ", helene.uuidString.uppercased()])
            // validate
            #expect(refused?.code == "validation_failed")
            #expect(refused?.fields["contactIds"]?.first?.fr == "Un des contacts choisis n'existe pas.")
            #expect(afterRefusal == before)
            #expect(try await InteractionStore.linked(row.id, .contacts, on: test.db) == [helene])
            #expect(try await test.count("audit_entries") == before.1 + 2)
            // the list's date of an interaction without start nor due day is its creation
            let stored = try await (test.db as! any SQLDatabase).raw("SELECT occurs_at FROM interactions WHERE id = \(bind: row.id)")
                .first()!.decode(column: "occurs_at", as: Date?.self)
            #expect(stored.map { abs($0.timeIntervalSince(test.clock.now())) < 1 } == true)
        }
    }

    @Test func whoMayNotReadTheDirectoryLinksNoContact() async throws {
        try await ServiceTestDatabase.run { test in
            let claire = try await test.user("claire@example.fr")
            let helene = try await ProjectMemberTests.contact(claire, "Garcia")
            let definition = try await InteractionsEntity.definition.resolved(for: claire)
            var blind = claire
            blind.actor?.role = .guest  // guests may write interactions, never read the directory
            let input = EntityInput(values: ["typeId": Self.call, "subject": "Appel"], isPartial: false)
            let refused = await #expect(throws: AppError.self) {
                try await InteractionService(blind).create(definition, input, contacts: [helene.uuidString])
            }
            #expect(refused?.fields["contactIds"] != nil)
            #expect(try await test.count("interactions") == 0)
        }
    }

    @Test func theListDateIsTheStartElseTheDueDayElseTheCreation() {
        let created = Date(timeIntervalSince1970: 1_795_000_000)
        let start = Date(timeIntervalSince1970: 1_790_000_000)
        #expect(InteractionListDate.value(start: start, due: "2026-05-02", created: created) == start)
        // 2 May 2026, midnight in Paris (UTC+2).
        #expect(InteractionListDate.value(start: nil, due: "2026-05-02", created: created) == Date(timeIntervalSince1970: 1_777_672_800))
        #expect(InteractionListDate.value(start: nil, due: nil, created: created) == created)
    }

    @Test func memberCandidatesAreFoldedGroupedAndRefusedToReaders() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let claire = try await test.user("claire@example.fr")
            let reader = try await test.user("lecture@example.fr", readOnly: true)
            let accounts = AccountService(db: test.db, clock: test.clock, hasher: PlainTestHasher())
            _ = try await accounts.createUser(
                email: "helene@example.fr", name: "Hélène García", password: "correct-horse-battery", role: .user, readOnly: false,
                mustChangePassword: false, by: .system)
            let contacts = EntityService(try await ContactsEntity.definition.resolved(for: claire), claire)
            _ = try await contacts.create(EntityInput(values: ["firstName": "Hélène", "lastName": "Martin"], isPartial: false))
            let project = try await ProjectMemberTests.project(claire, ["title": "Dossier", "visibility": "public"])
            // act
            let found = try await ProjectMembers.candidates(project.id, "HEL", claire)
            let none = try await ProjectMembers.candidates(project.id, "  ", claire)
            // validate
            #expect(found.map(\.kind) == [.users, .contacts])
            #expect(found.map(\.title) == ["Hélène García", "Hélène Martin"])
            #expect(none.isEmpty)
            await #expect(throws: AppError.self) { try await ProjectMembers.candidates(project.id, "hel", reader) }
        }
    }
}

@Suite("The interactions list's order reads its index")
struct InteractionListIndexTests {
    @Test func theListInDateOrderWalksTheOccursIndex() async throws {
        try await ServiceTestDatabase.run { test in
            // setup: a few thousand interactions, with the planner's statistics
            _ = try await ActivitiesBulkLoad.load(
                context: test.system("benchdata"), users: 3, resources: 2, interactions: 3_000, series: 0, seed: 5
            ) { _ in }
            try await test.sql.raw("ANALYZE").run()
            let postgres = test.sql.dialect.name == "postgresql"
            let explain = postgres ? "EXPLAIN" : "EXPLAIN QUERY PLAN"
            // act: the plan of a next page in date order, newest first (the shape `TableStore.list` writes)
            let plan = try await test.sql.raw(
                """
                \(unsafeRaw: explain) SELECT id, subject, occurs_at FROM interactions
                WHERE (occurs_at, id) < (\(bind: Date(timeIntervalSince1970: 1_790_000_000)), \(bind: UUID()))
                ORDER BY occurs_at DESC, id DESC LIMIT 51
                """
            ).all()
            let text = try plan.map { row in
                try row.decode(column: postgres ? "QUERY PLAN" : "detail", as: String.self)
            }.joined(separator: "\n")
            // validate: it walks `(occurs_at, id)` from the cursor, with no sort step
            #expect(text.contains("interactions_occurs_idx"), "\(text)")
            #expect(!text.contains("TEMP B-TREE") && !text.contains("Sort Key"), "\(text)")
        }
    }
}
