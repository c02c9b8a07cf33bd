import ComptoirBulkLoad
import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import SQLKit
import Testing

/// The benchmark's bulk loaders write their rows with Store's bulk writers, but what those rows derive (search
/// documents, folded and display names, agenda bounds) comes from the functions the forms' writes call: writing
/// each record again through the single-record path changes nothing.
@Suite("Bulk loaders, derived state")
struct BulkLoadTests {
    @Test func directoryRowsAndSearchDocumentsAreTheOnesAFormWrites() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let summary = try await DirectoryBulkLoad.load(context: test.system("benchdata"), companies: 30, contacts: 120, seed: 5) { _ in
            }
            #expect(summary.tables.first { $0.table == "search_documents" }?.rows == 150)
            let loaded = try await documents(test)
            #expect(loaded.count == 150)

            // act: the write path indexes every record again
            for company in try await TableStore.list(
                CompaniesEntity.definition.tableSpec,
                ListRequest(filters: [], sortColumn: "name", descending: false, limit: 500, cursor: nil),
                on: test.db
            ).rows {
                try await DirectoryIndexing.indexCompany(company, nil, test.system())
                var values = company.values.filter { $0.key != "name_folded" }
                _ = CompaniesEntity.normalize(&values, existing: nil)
                #expect(values["name_folded"] == company["name_folded"])
            }
            let contactIDs = try await test.sql.raw("SELECT id FROM contacts").all().map { try $0.decode(column: "id", as: UUID.self) }
            for id in contactIDs { try await DirectoryIndexing.reindexContact(id, on: test.db) }

            // validate
            #expect(try await documents(test) == loaded)
            #expect(try await test.count("contacts", where: "display_name = first_name || ' ' || last_name") == 120)
        }
    }

    @Test func agendaBoundsAreTheOnesAWriteComputes() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            _ = try await ActivitiesBulkLoad.load(
                context: test.system("benchdata"), users: 3, resources: 4, interactions: 300, series: 200, seed: 11
            ) { _ in }
            let loaded = try await bounds(test)
            #expect(loaded.count == (try await test.count("interactions")))
            #expect(loaded.values.contains { $0.seriesLastEnd != nil })
            #expect(try await test.count("interactions", where: "series_id IS NOT NULL") > 0)

            // act: the single-row path recomputes every row's bounds
            try await AgendaBounds.refresh(Array(loaded.keys), on: test.db)

            // validate
            #expect(try await bounds(test) == loaded)
        }
    }

    struct Bounds: Equatable {
        var shortSpan: Bool
        var seriesLastEnd: Date?
    }

    func bounds(_ test: ServiceTestDatabase) async throws -> [UUID: Bounds] {
        var bounds: [UUID: Bounds] = [:]
        for row in try await test.sql.raw("SELECT id, short_span, series_last_end FROM interactions").all() {
            bounds[try row.decode(column: "id", as: UUID.self)] = Bounds(
                shortSpan: try row.decode(column: "short_span", as: Bool.self),
                seriesLastEnd: try row.decode(column: "series_last_end", as: Date?.self))
        }
        return bounds
    }

    func documents(_ test: ServiceTestDatabase) async throws -> [UUID: [String]] {
        var documents: [UUID: [String]] = [:]
        for row in try await test.sql.raw(
            """
            SELECT record_id, kind, title, subtitle, title_folded, body_folded, archived FROM search_documents
            """
        ).all() {
            documents[try row.decode(column: "record_id", as: UUID.self)] = [
                try row.decode(column: "kind", as: String.self), try row.decode(column: "title", as: String.self),
                try row.decode(column: "subtitle", as: String.self), try row.decode(column: "title_folded", as: String.self),
                // Word order aside: a phone's two forms come out of a Set (`DirectoryIndexing.phoneWords`).
                try row.decode(column: "body_folded", as: String.self).split(separator: " ").sorted().joined(separator: " "),
                String(try row.decode(column: "archived", as: Bool.self)),
            ]
        }
        return documents
    }
}
