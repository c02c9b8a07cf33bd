import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import NIOCore
import NIOPosix
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
            // act: on PostgreSQL all 50 at once, over every event loop's connections; SQLite has one connection per event
            // loop and serialises writers anyway, so as many are in flight as it has connections (more would only wait for
            // the pool — each validation renders and archives its PDF under the lock, and a busy CI machine made the last
            // of 8 queued ones wait past the pool's timeout).
            let inFlight = ServiceTestDatabase.usesPostgres ? count : System.coreCount
            let references = try await withThrowingTaskGroup(of: String.self) { group in
                var references: [String] = []
                for (index, draft) in drafts.enumerated() {
                    if index >= inFlight, let reference = try await group.next() { references.append(reference) }
                    let db = test.databases.database(logger: test.db.logger, on: MultiThreadedEventLoopGroup.singleton.next())!
                    group.addTask { try await SalesDocumentService(test.system().on(db)).validate(draft) }
                }
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
