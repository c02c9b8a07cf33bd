import ComptoirBulkLoad
import ComptoirCore
import ComptoirServices
import Foundation
import SQLKit
import Testing

@testable import ComptoirStore

/// Lists sort names in French order through their key columns (`SortKeys`), page after page, with the same order on
/// SQLite and PostgreSQL: CI runs this suite on both, against one expected list.
@Suite("French sort order of lists")
struct FrenchSortTests {
    static let companies = [
        "10 Vins", "3F Bâtiment", "Abeille Assurances", "abeille & co", "Auto-école du Pont", "Auto-école Richard", "Çà et là",
        "Cabinet Durand", "Cote Ouest", "Côte Ouest", "de Gaulle Immobilier", "Delacroix Peintures", "Écluse & Fils",
        "Ecole Montessori", "L'Oréal", "Laboratoire Boiron", "Œuvre d'Orient", "Optique Lafayette", "Zénith Conseil",
    ]

    /// Every page of a list, following its cursors.
    static func pages(_ service: EntityService, sort: String, limit: Int = 4, key: String) async throws -> [String] {
        var names: [String] = []
        var cursor: String?
        repeat {
            let page = try await service.list(.init(sort: sort, limit: limit, cursor: cursor))
            names += page.rows.map { $0[key].textValue ?? "" }
            cursor = page.nextCursor
        } while cursor != nil
        return names
    }

    @Test func companiesPageInFrenchOrderBothWays() async throws {
        try await ServiceTestDatabase.run { test in
            // setup: created in reverse order, so neither creation time nor ids give the order
            let context = try await test.user("claire@example.fr")
            let service = EntityService(try await CompaniesEntity.definition.resolved(for: context), context)
            for name in Self.companies.reversed() {
                _ = try await service.create(EntityInput(values: ["name": name, "confirmDuplicate": "true"], isPartial: false))
            }
            // act
            let ascending = try await Self.pages(service, sort: "name", key: "name")
            let descending = try await Self.pages(service, sort: "-name", key: "name")
            // validate
            #expect(ascending == Self.companies)
            #expect(descending == Self.companies.reversed())
            #expect(try await test.count("companies", where: "name_sort = ''") == 0)
        }
    }

    @Test func aRenameMovesTheRecordAndTheOtherListsFollowToo() async throws {
        try await ServiceTestDatabase.run { test in
            let context = try await test.user("claire@example.fr")
            let companies = EntityService(try await CompaniesEntity.definition.resolved(for: context), context)
            let zenith = try await companies.create(EntityInput(values: ["name": "Zénith Conseil"], isPartial: false))
            _ = try await companies.create(EntityInput(values: ["name": "Bâti Sud"], isPartial: false))
            #expect(try await Self.pages(companies, sort: "name", key: "name") == ["Bâti Sud", "Zénith Conseil"])
            // act: a rename writes the new key with the new name
            _ = try await companies.update(zenith.id, EntityInput(values: ["name": "Agence Zénith"], isPartial: true))
            // validate
            #expect(try await Self.pages(companies, sort: "name", key: "name") == ["Agence Zénith", "Bâti Sud"])

            // Contacts by last name and by full name, projects by title, products by name, interactions by subject.
            let contacts = EntityService(try await ContactsEntity.definition.resolved(for: context), context)
            for (first, last) in [
                ("Émile", "Zola"), ("Paul", "Émery"), ("Jean", "de La Fontaine"), ("Anne", "Dupont"), ("Charles", "d'Artagnan"),
                ("Éva", "Œhmichen"),
            ] {
                _ = try await contacts.create(EntityInput(values: ["firstName": first, "lastName": last], isPartial: false))
            }
            #expect(
                try await Self.pages(contacts, sort: "lastName", key: "last_name")
                    == ["d'Artagnan", "de La Fontaine", "Dupont", "Émery", "Œhmichen", "Zola"])
            #expect(
                try await Self.pages(contacts, sort: "displayName", key: "display_name")
                    == ["Anne Dupont", "Charles d'Artagnan", "Émile Zola", "Éva Œhmichen", "Jean de La Fontaine", "Paul Émery"])
            let projects = EntityService(try await ProjectsEntity.definition.resolved(for: context), context)
            for title in ["Épargne salariale", "Audit énergétique", "Étude de marché", "audit comptable"] {
                _ = try await projects.create(EntityInput(values: ["title": title], isPartial: false, omittedMeansDefault: true))
            }
            #expect(
                try await Self.pages(projects, sort: "title", key: "title")
                    == ["audit comptable", "Audit énergétique", "Épargne salariale", "Étude de marché"])
            let products = EntityService(try await ProductsEntity.definition.resolved(for: context), context)
            for (index, name) in ["Œillets rouges", "Éclairage LED", "eau minérale", "Zinc"].enumerated() {
                _ = try await products.create(
                    EntityInput(values: ["reference": "P\(index)", "name": name], isPartial: false, omittedMeansDefault: true))
            }
            #expect(
                try await Self.pages(products, sort: "name", key: "name") == ["eau minérale", "Éclairage LED", "Œillets rouges", "Zinc"])
            let interactions = EntityService(try await InteractionsEntity.definition.resolved(for: context), context)
            for subject in ["Relance", "Étude du dossier", "appel Durand", "Échéance"] {
                _ = try await interactions.create(
                    EntityInput(
                        values: ["typeId": ActivityDefaults.saleTypeID.uuidString.lowercased(), "subject": subject], isPartial: false,
                        omittedMeansDefault: true))
            }
            let subjects = try await interactions.list(.init(sort: "subject", limit: 10)).rows.map { $0["subject"].textValue ?? "" }
            #expect(subjects == ["appel Durand", "Échéance", "Étude du dossier", "Relance"])
        }
    }

    @Test func theMigrationFillsTheKeysOfRowsAlreadyThere() async throws {
        try await ServiceTestDatabase.run { test in
            // setup: rows as they were before the keys (written straight, keys left empty)
            let context = test.system()
            let service = EntityService(CompaniesEntity.definition, context)
            for name in Self.companies {
                _ = try await service.create(EntityInput(values: ["name": name, "confirmDuplicate": "true"], isPartial: false))
            }
            try await test.sql.raw("UPDATE companies SET name_sort = ''").run()
            #expect(try await test.count("companies", where: "name_sort = ''") == Self.companies.count)
            // act
            try await AddSortKeys.backfill("companies", name: "name", key: "name_sort", on: test.sql)
            // validate
            #expect(try await test.count("companies", where: "name_sort = ''") == 0)
            let names = try await test.sql.raw("SELECT name FROM companies ORDER BY name_sort, id").all().map {
                try $0.decode(column: "name", as: String.self)
            }
            #expect(names == Self.companies)
        }
    }

    @Test func listsSortedByNameReadTheKeyIndex() async throws {
        try await ServiceTestDatabase.run { test in
            // setup: a few thousand companies, with the planner's statistics
            _ = try await DirectoryBulkLoad.load(context: test.system("benchdata"), companies: 3_000, contacts: 0, seed: 3) { _ in }
            try await test.sql.raw("ANALYZE").run()
            let postgres = test.sql.dialect.name == "postgresql"
            let explain = postgres ? "EXPLAIN" : "EXPLAIN QUERY PLAN"
            // act: the plan of a list's next page sorted by name (the shape `TableStore.list` writes)
            let plan = try await test.sql.raw(
                """
                \(unsafeRaw: explain) SELECT id, name, name_sort FROM companies WHERE archived = \(bind: false)
                AND (name_sort, id) > (\(bind: "dupont"), \(bind: UUID())) ORDER BY name_sort ASC, id ASC LIMIT 51
                """
            ).all()
            let text = try plan.map { row in
                try row.decode(column: postgres ? "QUERY PLAN" : "detail", as: String.self)
            }.joined(separator: "\n")
            // validate: it walks `(name_sort, id)` from the cursor, with no sort step
            #expect(text.contains("companies_name_sort_idx"), "\(text)")
            #expect(!text.contains("TEMP B-TREE") && !text.contains("Sort Key"), "\(text)")
        }
    }
}
