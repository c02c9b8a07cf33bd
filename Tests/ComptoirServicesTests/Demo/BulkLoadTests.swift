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

/// The Sales loader: its rows are what validation and payments leave behind — the chain verifies, totals are the
/// lines', numbers are consecutive per series and year, states follow the payments — and the list reads them back.
@Suite("Bulk loaders, sales")
struct SalesBulkLoadTests {
    @Test func salesRowsAreWhatValidationAndPaymentsLeaveBehind() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let summary = try await SalesBulkLoad.load(
                context: test.system("benchdata"), invoices: 200, linesPerInvoice: 10, customers: 30, projects: 3, products: 40,
                orders: 6, years: 2, seed: 11, rawComparison: true
            ) { _ in }
            let table = Dictionary(uniqueKeysWithValues: summary.tables.map { ($0.table, $0.rows) })

            // validate: sizes
            #expect(try await test.count("sales_documents", where: "kind = 'invoice' AND subtype = 'standard'") == 200)
            #expect(try await test.count("sales_documents", where: "kind = 'order'") == 6)
            #expect(try await test.count("sales_documents", where: "kind = 'credit_note'") >= 1)
            #expect(try await test.count("sales_documents", where: "subtype IN ('deposit', 'balance')") >= 12)
            let lines = try await test.count("sales_document_lines")
            #expect(lines == table["sales_document_lines"])
            #expect(summary.rawLines?.rows == lines)
            #expect(try await test.count("sales_document_lines", where: "product_id IS NOT NULL") >= 2_000)

            // validate: the chain verifies, one link per validated invoice or credit note and per payment
            let report = try await SalesChain.verify(test.system())
            #expect(report.isIntact)
            let legal = try await test.count("sales_documents", where: "kind IN ('invoice', 'credit_note') AND reference IS NOT NULL")
            let payments = try await test.count("sales_payments")
            #expect(payments > 100)
            #expect(report.checked == legal + payments)
            #expect(try await test.count("sales_chain") == legal + payments)

            // validate: totals are the lines' (EN 16931 per rate), the header the breakdown's sums
            let service = SalesDocumentService(test.system())
            let ids = try await test.sql.raw("SELECT id FROM sales_documents").all().map { try $0.decode(column: "id", as: UUID.self) }
            for id in ids {
                let document = try #require(try await service.find(id))
                let record = try #require(try await SalesDocumentStore.find(id, on: test.db))
                #expect(record.totalNet == document.totals.net && record.totalTax == document.totals.tax)
                #expect(record.totalGross == record.totalNet + record.totalTax)
                if document.subtype == .standard {
                    #expect(SalesTotals(lines: document.lines.map(\.amount)) == document.totals, "\(record.reference ?? "")")
                }
                for line in try await SalesDocumentStore.lines(of: id, on: test.db) {
                    let amount = SalesLineAmount(
                        quantity: Quantity(milli: line.quantityMilli), unitPrice: line.unitPrice,
                        discount: Discount(basisPoints: line.discountBP)!, vatRate: VATRate(basisPoints: line.vatRateBP)!)
                    #expect(amount.net == line.net)
                }
            }
            // An order's installments add up to the order, to the cent.
            for row in try await test.sql.raw(
                """
                SELECT o.total_gross AS ordered, CAST(SUM(i.total_gross) AS BIGINT) AS invoiced FROM sales_documents o
                JOIN sales_documents i ON i.source_id = o.id AND i.kind = 'invoice' WHERE o.kind = 'order' GROUP BY o.id, o.total_gross
                """
            ).all() {
                #expect(try row.decode(column: "ordered", as: Int64.self) == row.decode(column: "invoiced", as: Int64.self))
            }

            // validate: numbers consecutive per series and year, in date order, and the counters' last numbers
            for row in try await test.sql.raw("SELECT prefix, year, last_number FROM document_numbers WHERE prefix LIKE 'sales:%'").all() {
                let series = try row.decode(column: "prefix", as: String.self)
                let year = try row.decode(column: "year", as: Int.self)
                let last = try row.decode(column: "last_number", as: Int.self)
                let documents = try await test.sql.raw(
                    """
                    SELECT reference, issue_date FROM sales_documents WHERE series = \(bind: series) AND reference IS NOT NULL
                    AND issue_date LIKE \(bind: "\(year)-%")
                    """
                ).all().map { (try $0.decode(column: "reference", as: String.self), try $0.decode(column: "issue_date", as: String.self)) }
                let numbered = documents.map { (Int($0.0.split(separator: "-").last!)!, $0.1) }.sorted { $0.0 < $1.0 }
                #expect(numbered.map(\.0) == Array(1...last), "\(series) \(year)")
                #expect(numbered.map(\.1) == numbered.map(\.1).sorted(), "\(series) \(year): numbering follows the dates")
            }

            // validate: states follow the payments; a cancelled invoice has its credit note and no payment
            #expect(
                try await test.count(
                    "sales_documents d",
                    where: """
                        d.kind = 'invoice' AND d.reference IS NOT NULL AND d.state <> 'cancelled' AND
                        (CASE WHEN COALESCE((SELECT SUM(a.amount) FROM sales_payment_allocations a WHERE a.document_id = d.id), 0) >= d.total_gross
                        THEN 'paid' WHEN COALESCE((SELECT SUM(a.amount) FROM sales_payment_allocations a WHERE a.document_id = d.id), 0) > 0
                        THEN 'partially_paid' ELSE 'unpaid' END) <> (CASE WHEN d.state IN ('validated', 'sent') THEN 'unpaid' ELSE d.state END)
                        """) == 0)
            #expect(try await test.count("sales_documents", where: "state = 'partially_paid'") > 0)
            let cancelled = try await test.count("sales_documents", where: "state = 'cancelled'")
            #expect(cancelled == (try await test.count("sales_documents", where: "kind = 'credit_note'")))
            #expect(
                try await test.count(
                    "sales_documents d",
                    where: "d.state = 'cancelled' AND EXISTS (SELECT 1 FROM sales_payment_allocations a WHERE a.document_id = d.id)")
                    == 0)
            // Overdue invoices exist (unpaid, due date passed), and a draft balance is the ledger's « planned ».
            let today = CalendarDay(test.system().now).isoString
            #expect(
                try await test.count(
                    "sales_documents", where: "state IN ('validated', 'sent') AND kind = 'invoice' AND due_date < '\(today)'") > 0)

            // validate: a second load is refused
            await #expect(throws: SalesBulkLoad.LoadError.self) {
                try await SalesBulkLoad.load(
                    context: test.system("benchdata"), invoices: 10, linesPerInvoice: 2, customers: 3, projects: 0, products: 3, orders: 0,
                    years: 1, seed: 1, rawComparison: false
                ) { _ in }
            }
        }
    }

    @Test func theListReadsAPageInOneGoAndFiltersByProduct() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let summary = try await SalesBulkLoad.load(
                context: test.system("benchdata"), invoices: 150, linesPerInvoice: 4, customers: 20, projects: 2, products: 60, orders: 3,
                years: 1, seed: 12, rawComparison: false
            ) { _ in }
            let service = SalesDocumentService(test.system())
            let product = summary.fixtures.product

            // act
            let page = try await service.listDocuments(SalesDocumentFilter(kinds: ["invoice"]), limit: 40, offset: 20)
            let filtered = try await service.listDocuments(SalesDocumentFilter(kinds: ["invoice"], productID: product), limit: 500)

            // validate: the page is the records' page, each document as `find` reads it
            let records = try await service.list(SalesDocumentFilter(kinds: ["invoice"]), limit: 40, offset: 20)
            #expect(page.map(\.id) == records.map(\.id))
            #expect(page.count == 40)
            for document in page { #expect(try await service.find(document.id) == document) }
            // validate: the product filter keeps exactly the invoices with a line of it, newest first
            let expected = try await test.sql.raw(
                """
                SELECT DISTINCT d.id FROM sales_documents d JOIN sales_document_lines l ON l.document_id = d.id
                WHERE d.kind = 'invoice' AND l.product_id = \(bind: product)
                """
            ).all().map { try $0.decode(column: "id", as: UUID.self) }
            #expect(!expected.isEmpty)
            #expect(Set(filtered.map(\.id)) == Set(expected))
            #expect(filtered.count == expected.count)
            #expect(filtered.allSatisfy { $0.lines.contains { $0.productID == product } })
            #expect(filtered.map(\.issueDate) == filtered.map(\.issueDate).sorted(by: >))
            // by reference too; an unknown product is a 422 naming the field
            let reference = try #require(
                try await test.sql.raw("SELECT reference FROM products WHERE id = \(bind: product)").first()?.decode(
                    column: "reference", as: String.self))
            #expect(try await service.filterProduct(reference) == product)
            #expect(try await service.filterProduct(product.uuidString) == product)
            await #expect { try await service.filterProduct("NOPE-404") } throws: { error in
                (error as? AppError)?.fields["product"] != nil
            }
        }
    }
}
