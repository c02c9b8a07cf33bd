import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import SQLKit
import Testing

@Suite("The generic entity writer, without HTTP")
struct EntityWriteTests {
    @Test func aRefusedCheckWritesNothing() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let context = try await test.user("claire@example.fr")
            let companies = EntityService(try await CompaniesEntity.definition.resolved(for: context), context)
            let auditBefore = try await test.count("audit_entries")
            // act: a SIRET that does not start with the SIREN is refused by the companies' rule
            let error = try await #require(throws: AppError.self) {
                try await companies.create(
                    EntityInput(values: ["name": "Boulangerie Martin", "siren": "732829320", "siret": "40483304800022"], isPartial: false))
            }
            // validate
            #expect(error.code == "validation_failed")
            #expect(error.fields["siret"] != nil)
            #expect(try await test.count("companies") == 0)
            #expect(try await test.count("audit_entries") == auditBefore)
        }
    }

    @Test func aCreateWritesTheRowItsSearchRowsAndItsAuditEntryTogether() async throws {
        try await ServiceTestDatabase.run { test in
            let context = try await test.user("claire@example.fr")
            let companies = EntityService(try await CompaniesEntity.definition.resolved(for: context), context)
            let auditBefore = try await test.count("audit_entries")
            let row = try await companies.create(EntityInput(values: ["name": "Épicerie Œillet"], isPartial: false))
            #expect(row["name"].textValue == "Épicerie Œillet")
            #expect(row["is_prospect"].boolValue == true)
            let found = try await SearchIndex.search("oeillet", kinds: ["companies"], limit: 5, on: test.db)
            #expect(found.map(\.recordID) == [row.id])
            #expect(try await test.count("audit_entries") == auditBefore + 1)
        }
    }

    @Test func readOnlyUsersCannotWriteAndGuestsDoNotSeeTheDirectory() async throws {
        try await ServiceTestDatabase.run { test in
            let reader = try await test.user("lecture@example.fr", readOnly: true)
            let companies = EntityService(CompaniesEntity.definition, reader)
            let refused = try await #require(throws: AppError.self) {
                try await companies.create(EntityInput(values: ["name": "X"], isPartial: false))
            }
            #expect(refused.code == "read_only")
            let guest = try await test.user("invite@example.fr", role: .guest)
            let hidden = try await #require(throws: AppError.self) {
                try await EntityService(CompaniesEntity.definition, guest).list(.init())
            }
            #expect(hidden.status == .notFound)
        }
    }

    @Test func listsCountExactlyUpToTheCapThenSayMore() async throws {
        try await ServiceTestDatabase.run { test in
            let context = try await test.user("claire@example.fr")
            let companies = EntityService(try await CompaniesEntity.definition.resolved(for: context), context)
            for name in ["Alpha", "Bêta", "Gamma", "Delta"] {
                _ = try await companies.create(EntityInput(values: ["name": name, "billingPostcode": "69001"], isPartial: false))
            }
            #expect(try await companies.count(.init(), upTo: 10) == 4)
            #expect(try await companies.count(.init(), upTo: 4) == 4)
            #expect(try await companies.count(.init(), upTo: 3) == nil)
            #expect(try await companies.count(.init(q: "beta"), upTo: 3) == 1)
        }
    }
}
