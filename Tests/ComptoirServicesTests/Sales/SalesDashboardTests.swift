import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import Testing

/// « Tableau de bord ventes »: revenue by month net of credit notes, unpaid invoices by age, quotes to follow up.
@Suite struct SalesDashboardTests {
    static func invoice(_ fixture: SalesFixture, issued: String, due: String) async throws -> UUID {
        var input = fixture.input("invoice", date: issued)
        input.dueDate = due
        let id = try await fixture.documents.createDraft(input)
        try await fixture.documents.validate(id)
        return id
    }

    static func quote(_ fixture: SalesFixture, validUntil: String) async throws -> UUID {
        var input = fixture.input("quote")
        input.validUntil = validUntil
        let id = try await fixture.documents.createDraft(input)
        try await fixture.documents.validate(id)
        return id
    }

    @Test func revenueAgingAndQuotes() async throws {
        try await ServiceTestDatabase.run { test in
            // setup: today is 18/11/2026; invoices of 180,73 € excl. VAT (196,89 € incl.) in July, August, October and November
            let fixture = try await SalesFixture.make(test)
            let july = try await Self.invoice(fixture, issued: "01/07/2026", due: "01/08/2026")  // 109 days late
            let september = try await Self.invoice(fixture, issued: "01/08/2026", due: "01/09/2026")  // 78 days late
            let october = try await Self.invoice(fixture, issued: "01/10/2026", due: "01/11/2026")  // 17 days late
            let november = try await Self.invoice(fixture, issued: "18/11/2026", due: "18/12/2026")  // not yet due
            _ = try await fixture.payments.record(
                SalesPaymentInput(
                    wording: "Acompte", amount: "50", date: "18/11/2026", method: "transfer",
                    allocations: [.init(document: november.uuidString)]))
            let note = try await fixture.documents.createCreditNote(for: october)
            try await fixture.documents.validate(note)
            let soon = try await Self.quote(fixture, validUntil: "20/11/2026")
            let later = try await Self.quote(fixture, validUntil: "30/12/2026")
            let answered = try await Self.quote(fixture, validUntil: "25/11/2026")
            try await fixture.documents.decideQuote(answered, accepted: true)
            _ = try await fixture.documents.createDraft(fixture.input("quote"))
            // act
            let board = try await SalesDashboardService.dashboard(fixture.context)
            // validate: twelve months, December 2025 to November 2026
            #expect(board.months.count == 12)
            #expect(board.months.first.map { [$0.year, $0.month] } == [2025, 12])
            #expect(board.months.last.map { [$0.year, $0.month] } == [2026, 11])
            #expect(board.months.first { $0.month == 7 }?.revenue == 18_073)
            #expect(board.months.first { $0.month == 9 }?.revenue == 0)
            #expect(board.months.first { $0.month == 10 }?.revenue == 18_073)
            #expect(board.months.last?.revenue == 0, "the November invoice minus the credit note of the October one")
            let aging = Dictionary(uniqueKeysWithValues: board.aging.map { ($0.bucket, [Int64($0.count), $0.due]) })
            #expect(aging[.notDue] == [1, 19_689 - 5_000])
            #expect(aging[.upTo30] == [0, 0], "the October invoice is cancelled by its credit note")
            #expect(aging[.upTo60] == [0, 0])
            #expect(aging[.upTo90] == [1, 19_689])
            #expect(aging[.over90] == [1, 19_689])
            #expect(board.overdueTotal == 2 * 19_689)
            #expect(board.unpaid.map(\.invoice.id) == [july, september, november])
            #expect(board.unpaid.map(\.daysLate) == [109, 78, -30])
            #expect(board.quotes.map(\.quote.id) == [soon, later])
            #expect(board.quotes.map(\.expiresSoon) == [true, false])
        }
    }

    @Test func theBucketsBounds() {
        #expect(SalesDashboard.AgeBucket.of(daysLate: nil) == .notDue)
        #expect(SalesDashboard.AgeBucket.of(daysLate: -1) == .notDue)
        #expect(SalesDashboard.AgeBucket.of(daysLate: 0) == .upTo30)
        #expect(SalesDashboard.AgeBucket.of(daysLate: 30) == .upTo30)
        #expect(SalesDashboard.AgeBucket.of(daysLate: 31) == .upTo60)
        #expect(SalesDashboard.AgeBucket.of(daysLate: 90) == .upTo90)
        #expect(SalesDashboard.AgeBucket.of(daysLate: 91) == .over90)
    }
}
