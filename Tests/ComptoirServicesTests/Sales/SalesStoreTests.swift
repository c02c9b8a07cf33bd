import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation
import SQLKit
import Testing

/// The Sales tables on both databases: what the database itself refuses, and numbering per series and year.
@Suite struct SalesStoreTests {
    func document(_ id: UUID = UUID(), kind: String = "invoice", state: String = "draft", reference: String? = nil) -> SalesDocumentRecord {
        SalesDocumentRecord(
            id: id, kind: kind, state: state, series: "sales:invoice", reference: reference, issueDate: "2026-11-18", totalNet: 10_000,
            totalTax: 2_000, totalGross: 12_000, createdAt: Date(timeIntervalSince1970: 1_795_000_000))
    }

    @Test func theListWalksItsIndexInDateOrder() async throws {
        try await ServiceTestDatabase.run { test in
            // setup: three documents on one day, two on the day before (created a second apart), and a quote
            let base = Date(timeIntervalSince1970: 1_795_000_000)
            var ids: [UUID] = []
            for (index, day) in ["2026-11-17", "2026-11-18", "2026-11-18", "2026-11-17", "2026-11-18"].enumerated() {
                var record = document(reference: "FA2026-0000\(index + 1)")
                record.state = "validated"
                record.issueDate = day
                record.createdAt = base.addingTimeInterval(Double(index))
                try await SalesDocumentStore.insert(record, on: test.db)
                ids.append(record.id)
            }
            try await SalesDocumentStore.insert(document(kind: "quote"), on: test.db)
            // act
            let page = try await SalesDocumentStore.list(SalesDocumentFilter(kinds: ["invoice"]), limit: 3, offset: 1, on: test.db)
            // validate: newest day first, then the latest created, from the second one on
            #expect(page.map(\.id) == [ids[2], ids[1], ids[3]])
            // validate: the order comes from (kind, issue_date, created_at), not from sorting every document
            let sql = test.sql
            if sql.dialect.name == "sqlite" {
                let plan = try await sql.raw(
                    """
                    EXPLAIN QUERY PLAN SELECT d.id FROM sales_documents d WHERE d.kind IN ('invoice')
                    ORDER BY d.issue_date DESC, d.created_at DESC, d.id LIMIT 51 OFFSET 0
                    """
                ).all().map { try $0.decode(column: "detail", as: String.self) }
                #expect(plan.contains { $0.contains("sales_documents_list_idx") }, "\(plan)")
                #expect(!plan.contains { $0.contains("TEMP B-TREE FOR ORDER BY") }, "\(plan)")
                // A customer's list walks the customer's documents only, already in order.
                let company = try await sql.raw(
                    """
                    EXPLAIN QUERY PLAN SELECT d.id FROM sales_documents d WHERE d.kind IN ('invoice') AND d.company_id = \(bind: UUID())
                    ORDER BY d.issue_date DESC, d.created_at DESC, d.id LIMIT 51 OFFSET 0
                    """
                ).all().map { try $0.decode(column: "detail", as: String.self) }
                #expect(company.contains { $0.contains("sales_documents_company_idx") }, "\(company)")
                #expect(!company.contains { $0.contains("TEMP B-TREE FOR ORDER BY") }, "\(company)")
            } else {
                let names = try await sql.raw("SELECT indexname FROM pg_indexes WHERE tablename IN ('sales_documents', 'sales_payments')")
                    .all()
                    .map { try $0.decode(column: "indexname", as: String.self) }
                #expect(names.contains("sales_documents_list_idx") && names.contains("sales_payments_date_idx"))
            }
        }
    }

    @Test func aDocumentWithItsLinesAndVATRoundTrips() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let id = UUID()
            var record = document(id)
            record.billingAddress = "3 avenue Foch\n69006 Lyon"
            record.notes = "<script>alert(1)</script>"
            try await SalesDocumentStore.insert(record, on: test.db)
            let line = SalesLineRecord(
                id: UUID(), position: 1, productID: nil, description: "Forfait « pose »", quantityMilli: 1_500, unit: "h", unitPrice: 6_667,
                discountBP: 1_250, vatRateBP: 550, net: 8_751)
            // act
            try await SalesDocumentStore.replaceLines(id, [line], vat: [SalesVATRecord(vatRateBP: 550, base: 8_751, tax: 481)], on: test.db)
            // validate
            let found = try #require(try await SalesDocumentStore.find(id, on: test.db))
            #expect(found == record)
            #expect(try await SalesDocumentStore.lines(of: id, on: test.db) == [line])
            #expect(try await SalesDocumentStore.vat(of: id, on: test.db) == [SalesVATRecord(vatRateBP: 550, base: 8_751, tax: 481)])
        }
    }

    @Test func theDatabaseRefusesWhatTheRulesForbid() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            try await SalesDocumentStore.insert(document(state: "validated", reference: "FA2026-00001"), on: test.db)
            let before = try await test.count("sales_documents")
            // act, validate: a reference twice in a series, a validated document without reference, totals that do not add
            // up, an unknown kind or state
            await #expect(throws: (any Error).self) {
                try await SalesDocumentStore.insert(document(state: "validated", reference: "FA2026-00001"), on: test.db)
            }
            await #expect(throws: (any Error).self) { try await SalesDocumentStore.insert(document(state: "validated"), on: test.db) }
            var wrong = document()
            wrong.totalGross = 12_001
            await #expect(throws: (any Error).self) { try await SalesDocumentStore.insert(wrong, on: test.db) }
            await #expect(throws: (any Error).self) { try await SalesDocumentStore.insert(document(kind: "receipt"), on: test.db) }
            await #expect(throws: (any Error).self) { try await SalesDocumentStore.insert(document(state: "lost"), on: test.db) }
            #expect(try await test.count("sales_documents") == before)
            // The same reference in another series is another document.
            var quote = document(kind: "quote", state: "validated", reference: "FA2026-00001")
            quote.series = "sales:quote"
            try await SalesDocumentStore.insert(quote, on: test.db)
            #expect(try await test.count("sales_documents") == before + 1)
        }
    }

    @Test func linesRefuseARateOrDiscountNotAllowed() async throws {
        try await ServiceTestDatabase.run { test in
            let id = UUID()
            try await SalesDocumentStore.insert(document(id), on: test.db)
            func line(rate: Int64, discount: Int64) -> SalesLineRecord {
                SalesLineRecord(
                    id: UUID(), position: 1, productID: nil, description: "x", quantityMilli: 1_000, unit: nil, unitPrice: 100,
                    discountBP: discount, vatRateBP: rate, net: 100)
            }
            await #expect(throws: (any Error).self) {
                try await SalesDocumentStore.replaceLines(id, [line(rate: 1_960, discount: 0)], vat: [], on: test.db)
            }
            await #expect(throws: (any Error).self) {
                try await SalesDocumentStore.replaceLines(id, [line(rate: 2_000, discount: 10_001)], vat: [], on: test.db)
            }
            #expect(try await test.count("sales_document_lines") == 0)
        }
    }

    @Test func numbersFollowThePatternPerSeriesAndRestartEachYear() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let day = CalendarDay(year: 2026, month: 3, day: 9)!
            let pattern = try NumberingPattern(parsing: "F{yy}{mm}-{000}")
            // act
            let first = try await DocumentNumbers.next(series: "sales:invoice", pattern: pattern, day: day, on: test.db)
            let second = try await DocumentNumbers.next(series: "sales:invoice", pattern: .invoices, day: day, on: test.db)
            let quote = try await DocumentNumbers.next(series: "sales:quote", pattern: .quotes, day: day, on: test.db)
            let nextYear = try await DocumentNumbers.next(
                series: "sales:invoice", pattern: .invoices, day: CalendarDay(year: 2027, month: 1, day: 2)!, on: test.db)
            // validate
            #expect(first == "F2603-001")
            #expect(second == "FA2026-00002")
            #expect(quote == "DE2026-00001")
            #expect(nextYear == "FA2027-00001")
            #expect(try await DocumentNumbers.last(series: "sales:invoice", year: 2026, on: test.db) == 2)
            // The stock movements' numbers are unchanged.
            #expect(try await DocumentNumbers.next("MV", year: 2026, on: test.db) == "MV2026-00001")
        }
    }

    @Test func paymentsAllocationsAndTheChainKeepTheirGuarantees() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let invoice = UUID()
            try await SalesDocumentStore.insert(document(invoice, state: "validated", reference: "FA2026-00001"), on: test.db)
            let payment = SalesPaymentRecord(
                id: UUID(), direction: "received", wording: "Acompte", amount: 5_000, paymentDate: "2026-11-18", method: "transfer",
                reference: nil, companyID: nil, contactID: nil, keepsCredit: false, createdBy: nil, createdAt: Date())
            try await SalesPaymentStore.insert(payment, on: test.db)
            try await SalesPaymentStore.insert(
                SalesAllocationRecord(id: UUID(), paymentID: payment.id, documentID: invoice, amount: 3_000, allocatedAt: Date()),
                on: test.db)
            // validate
            #expect(try await SalesPaymentStore.received([invoice], on: test.db) == [invoice: 3_000])
            // one allocation per payment and invoice; no zero allocation; no unknown method
            await #expect(throws: (any Error).self) {
                try await SalesPaymentStore.insert(
                    SalesAllocationRecord(id: UUID(), paymentID: payment.id, documentID: invoice, amount: 1_000, allocatedAt: Date()),
                    on: test.db)
            }
            var bad = payment
            bad.id = UUID()
            bad.method = "bitcoin"
            await #expect(throws: (any Error).self) { try await SalesPaymentStore.insert(bad, on: test.db) }
            // one link per position and per record
            let link = SalesChainRecord(
                sequence: 1, recordType: "invoice", recordID: invoice, previousHash: HashChain.genesis, hash: "ab", content: "c",
                createdAt: Date())
            try await SalesChainStore.append(link, on: test.db)
            var again = link
            again.recordID = UUID()
            await #expect(throws: (any Error).self) { try await SalesChainStore.append(again, on: test.db) }
            again = link
            again.sequence = 2
            await #expect(throws: (any Error).self) { try await SalesChainStore.append(again, on: test.db) }
            #expect(try await SalesChainStore.last(on: test.db)?.sequence == 1)
        }
    }
}
