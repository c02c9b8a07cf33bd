import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import Testing

/// Invoices validated at the same moment take consecutive numbers: no gap, no duplicate, and the chain stays one line.
@Suite struct SalesConcurrencyTests {
    @Test func fiftyConcurrentValidationsTakeFiftyConsecutiveNumbers() async throws {
        try await ServiceTestDatabase.runOnOwnPool { test in
            // setup: 50 drafts (PostgreSQL runs them in parallel; SQLite's IMMEDIATE transactions serialise them)
            let fixture = try await SalesFixture.make(test)
            let count = 50
            var drafts: [UUID] = []
            for _ in 0..<count {
                drafts.append(
                    try await fixture.documents.createDraft(
                        fixture.input("invoice", lines: [.init(description: "Prestation", quantity: "1", unitPrice: "10", vatRate: "20")])))
            }
            // act
            let references = try await withThrowingTaskGroup(of: String.self) { group in
                for draft in drafts {
                    group.addTask { try await SalesDocumentService(test.system()).validate(draft) }
                }
                var references: [String] = []
                for try await reference in group { references.append(reference) }
                return references
            }
            // validate
            #expect(references.count == count)
            #expect(Set(references).count == count)
            #expect(references.sorted() == (1...count).map { NumberingPattern.invoices.format(year: 2026, month: 11, counter: Int64($0)) })
            #expect(try await DocumentNumbers.last(series: "sales:invoice", year: 2026, on: test.db) == Int64(count))
            let report = try await SalesChain.verify(fixture.context)
            #expect(report.isIntact)
            #expect(report.checked == count)
        }
    }
}
