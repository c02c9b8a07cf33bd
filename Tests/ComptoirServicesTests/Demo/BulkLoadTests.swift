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
            // The names' sort keys are the ones `TableStore` writes with a name.
            #expect(try await keyMismatches(test, "companies", "name", "name_sort") == [])
            #expect(try await keyMismatches(test, "contacts", "last_name", "last_name_sort") == [])
            #expect(try await keyMismatches(test, "contacts", "display_name", "display_name_sort") == [])
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
            #expect(!loaded.values.contains { $0.occursAt == nil })
            #expect(try await test.count("interactions", where: "series_id IS NOT NULL") > 0)

            let documentsLoaded = try await documents(test)
            #expect(documentsLoaded.count == loaded.count)

            // act: the single-row path recomputes every row's bounds and search document
            try await AgendaBounds.refresh(Array(loaded.keys), on: test.db)
            for id in loaded.keys { try await InteractionSearch.index(id, on: test.db) }

            // validate
            #expect(try await bounds(test) == loaded)
            #expect(try await documents(test) == documentsLoaded)
            #expect(try await keyMismatches(test, "interactions", "subject", "subject_sort") == [])
            #expect(try await SearchService(test.system()).search("rendez vous", kinds: ["interactions"]).first?.hits.count == 10)
        }
    }

    @Test func catalogStockIsWhatValidationsLeaveBehind() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let summary = try await CatalogBulkLoad.load(
                context: test.system("benchdata"), products: 500, movementLines: 5_000, serials: 300, warehouses: 3, seed: 15
            ) { _ in }
            let table = Dictionary(uniqueKeysWithValues: summary.tables.map { ($0.table, $0.rows) })

            // validate: sizes
            #expect(try await test.count("products") == 500)
            #expect(try await test.count("search_documents", where: "kind = 'products'") == 500)
            #expect(try await keyMismatches(test, "products", "name", "name_sort") == [])
            #expect(try await test.count("serial_numbers") == 300)
            let lines = try await test.count("stock_movement_lines")
            #expect(lines == table["stock_movement_lines"])
            #expect(lines >= 4_500 && lines <= 5_500)
            #expect(
                try await test.count("stock_movements", where: "state = 'validated' AND reference IS NOT NULL") == table["stock_movements"])
            // One ledger row per line and warehouse it touches: two for a transfer.
            let transferLines =
                try await test.sql.raw(
                    "SELECT COUNT(*) AS n FROM stock_movement_lines l JOIN stock_movements m ON m.id = l.movement_id WHERE m.kind = 'transfer'"
                ).first()?.decode(column: "n", as: Int.self) ?? 0
            #expect(transferLines > 0)
            #expect(try await test.count("stock_ledger") == lines + transferLines)
            // The document numbers: each year's last number is its count of movements.
            for row in try await test.sql.raw("SELECT year, last_number FROM document_numbers WHERE prefix = 'MV'").all() {
                let year = try row.decode(column: "year", as: Int.self)
                let last = try row.decode(column: "last_number", as: Int.self)
                #expect(try await test.count("stock_movements", where: "reference LIKE 'MV\(year)-%'") == last)
            }

            // validate: the levels are the ledger's sums, and a product's on hand the sum of its levels
            #expect(
                try await test.sql.raw(
                    """
                    SELECT COUNT(*) AS n FROM (SELECT product_id, warehouse_id, SUM(delta_milli) AS total FROM stock_ledger
                    GROUP BY product_id, warehouse_id) g LEFT JOIN stock_levels l ON l.product_id = g.product_id
                    AND l.warehouse_id = g.warehouse_id WHERE l.on_hand_milli IS NULL OR l.on_hand_milli <> g.total
                    """
                ).first()?.decode(column: "n", as: Int.self) == 0)
            #expect(
                try await test.count("stock_levels")
                    == (try await test.sql.raw(
                        "SELECT COUNT(*) AS n FROM (SELECT DISTINCT product_id, warehouse_id FROM stock_ledger) d"
                    ).first()?.decode(column: "n", as: Int.self) ?? -1))
            #expect(
                try await test.count(
                    "products p",
                    where:
                        "COALESCE(p.on_hand_milli, 0) <> COALESCE((SELECT SUM(l.on_hand_milli) FROM stock_levels l WHERE l.product_id = p.id), 0)"
                ) == 0)
            // Every level carries its product's alert threshold (the one-warehouse « bientôt hors stock » view reads it there).
            #expect(
                try await test.count(
                    "stock_levels l JOIN products p ON p.id = l.product_id",
                    where:
                        "(l.alert_threshold IS NULL AND p.alert_threshold IS NOT NULL) OR (l.alert_threshold IS NOT NULL AND p.alert_threshold IS NULL) OR l.alert_threshold <> p.alert_threshold"
                ) == 0)
            // Only the closing movements took stock below zero, and the setting that allows it is on.
            #expect(try await StockMovementService(test.system()).allowsNegativeStock())

            // validate: every serial's state is what its last event says
            var last: [UUID: (kind: String, warehouse: UUID?)] = [:]
            for row in try await test.sql.raw("SELECT serial_id, kind, warehouse_id FROM serial_events ORDER BY at").all() {
                last[try row.decode(column: "serial_id", as: UUID.self)] = (
                    try row.decode(column: "kind", as: String.self), try row.decode(column: "warehouse_id", as: UUID?.self)
                )
            }
            let delivered = Set(
                try await test.sql.raw("SELECT serial_id FROM serial_deliveries").all().map {
                    try $0.decode(column: "serial_id", as: UUID.self)
                })
            var states: [String: Int] = [:]
            for row in try await test.sql.raw("SELECT id, state, warehouse_id FROM serial_numbers").all() {
                let id = try row.decode(column: "id", as: UUID.self)
                let state = try row.decode(column: "state", as: String.self)
                let warehouse = try row.decode(column: "warehouse_id", as: UUID?.self)
                states[state, default: 0] += 1
                let event = try #require(last[id])
                if event.kind == "delivered" {
                    #expect(state == "delivered" && warehouse == nil && delivered.contains(id))
                } else {
                    #expect(["received", "transferred"].contains(event.kind))
                    #expect(state == "in_stock" && warehouse == event.warehouse && !delivered.contains(id))
                }
            }
            #expect((states["in_stock"] ?? 0) > 0 && (states["delivered"] ?? 0) > 0)
            // Serial-tracked products hold as many units in stock per warehouse as their level says.
            #expect(
                try await test.sql.raw(
                    """
                    SELECT COUNT(*) AS n FROM stock_levels l JOIN products p ON p.id = l.product_id WHERE p.serial_tracked = \(bind: true)
                    AND l.on_hand_milli <> 1000 * (SELECT COUNT(*) FROM serial_numbers s WHERE s.product_id = l.product_id
                    AND s.warehouse_id = l.warehouse_id AND s.state = 'in_stock')
                    """
                ).first()?.decode(column: "n", as: Int.self) == 0)

            // validate: every view holds products, and the serial search finds the sample
            let service = StockStateService(test.system())
            for view in StockView.allCases {
                #expect(!(try await service.page(view, limit: 5)).isEmpty, "view \(view.rawValue)")
            }
            let middle = try await service.page(.all, afterReference: summary.middleReference, limit: 5)
            #expect(middle.first?.reference == "P000252")
            #expect(try await service.searchSerials(summary.sampleSerial).first?.serial.serial == summary.sampleSerial)
        }
    }

    struct Bounds: Equatable {
        var shortSpan: Bool
        var seriesLastEnd: Date?
        /// The list's date (`InteractionListDate`), written with the bounds.
        var occursAt: Date?
    }

    func bounds(_ test: ServiceTestDatabase) async throws -> [UUID: Bounds] {
        var bounds: [UUID: Bounds] = [:]
        for row in try await test.sql.raw("SELECT id, short_span, series_last_end, occurs_at FROM interactions").all() {
            bounds[try row.decode(column: "id", as: UUID.self)] = Bounds(
                shortSpan: try row.decode(column: "short_span", as: Bool.self),
                seriesLastEnd: try row.decode(column: "series_last_end", as: Date?.self),
                occursAt: try row.decode(column: "occurs_at", as: Date?.self))
        }
        return bounds
    }

    /// The names of `table` whose stored key is not `frenchSortKey` of the name.
    func keyMismatches(_ test: ServiceTestDatabase, _ table: String, _ name: String, _ key: String) async throws -> [String] {
        try await test.sql.raw("SELECT \(ident: name) AS name, \(ident: key) AS key FROM \(ident: table)").all().compactMap { row in
            let value = try row.decode(column: "name", as: String.self)
            return try row.decode(column: "key", as: String.self) == frenchSortKey(value) ? nil : value
        }
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
