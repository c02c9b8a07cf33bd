import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import Testing

/// « Facturer en plusieurs fois » on both databases: the invoices of 3 and 7 installments, validated, add up to the order
/// to the cent per rate, and the order's ledger shows nothing left to invoice.
@Suite struct SalesInstallmentTests {
    /// A validated order with odd cents at three rates (the fixture's lines): 180,73 € excl., 196,89 € incl.
    func order(_ fixture: SalesFixture) async throws -> UUID {
        try await Settings.set(SalesDocumentService.depositsSetting, "true", on: fixture.test.db)
        let id = try await fixture.documents.createDraft(fixture.input("order"))
        try await fixture.documents.validate(id)
        return id
    }

    func checkAddsUp(_ fixture: SalesFixture, order: UUID, invoices: [UUID]) async throws {
        let orderDocument = try #require(try await fixture.documents.find(order))
        var documents: [SalesDocument] = []
        for id in invoices {
            try await fixture.documents.validate(id)
            documents.append(try #require(try await fixture.documents.find(id)))
        }
        for part in orderDocument.totals.breakdown {
            #expect(documents.reduce(0) { $0 + $1.totals.base(at: part.rate) } == part.base, "\(part.rate.decimalString) %")
            #expect(documents.reduce(0) { $0 + $1.totals.tax(at: part.rate) } == part.tax, "\(part.rate.decimalString) %")
        }
        #expect(documents.reduce(0) { $0 + $1.totals.gross } == orderDocument.totals.gross)
        // each invoice but the balance: its VAT recomputed per rate from its own base
        for document in documents.dropLast() {
            for part in document.totals.breakdown {
                #expect(part.tax == (part.base * part.rate.basisPoints + 5_000) / 10_000)
            }
            #expect(document.lines.allSatisfy { $0.description.hasPrefix("Facturation partielle — commande CO2026-00001 du 18/11/2026") })
        }
        #expect(documents.first?.subtype == .deposit)
        #expect(documents.first?.title == "Facture d'acompte")
        #expect(documents.last?.subtype == .balance)
        #expect(documents.last?.title == "Facture de solde")
        let billing = try await fixture.documents.billing(of: order)
        #expect(billing.ordered == 19_689)
        #expect(billing.invoiced == 19_689)
        #expect(billing.remainingToInvoice == 0)
        #expect(try await SalesChain.verify(fixture.context).isIntact)
    }

    @Test func anOrderInThreeInstallmentsAddsUpToTheCent() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let fixture = try await SalesFixture.make(test)
            let order = try await order(fixture)
            // act: 30 % deposit, 50,01 € intermediate, the balance
            let invoices = try await fixture.documents.invoiceInInstallments(
                order,
                [
                    .init(template: "deposit", percentage: "30", issueDate: "18/11/2026", dueDate: "18/11/2026"),
                    .init(template: "intermediate", amount: "50,01", issueDate: "18/11/2026", dueDate: "18/12/2026"),
                    .init(template: "balance", issueDate: "18/11/2026", dueDate: "18/01/2027"),
                ])
            // validate
            #expect(invoices.count == 3)
            let billing = try await fixture.documents.billing(of: order)
            #expect(billing.planned == 19_689)
            #expect(billing.remainingToInvoice == 19_689)
            #expect(try await fixture.documents.find(invoices[0])?.totals.net == 5_422)  // 30 % of 180,73 € = 54,219 → 54,22
            try await checkAddsUp(fixture, order: order, invoices: invoices)
        }
    }

    @Test func anOrderInSevenInstallmentsAddsUpToTheCent() async throws {
        try await ServiceTestDatabase.run { test in
            let fixture = try await SalesFixture.make(test)
            let order = try await order(fixture)
            let plan: [InstallmentInput] =
                [.init(template: "deposit", percentage: "13,33", issueDate: "18/11/2026")]
                + ["7,77", "11,11", "13,33"].map { .init(template: "intermediate", percentage: $0, issueDate: "18/11/2026") }
                + ["9,99", "0,01"].map { .init(template: "intermediate", amount: $0, issueDate: "18/11/2026") }
                + [.init(template: "balance", issueDate: "18/11/2026")]
            let invoices = try await fixture.documents.invoiceInInstallments(order, plan)
            #expect(invoices.count == 7)
            try await checkAddsUp(fixture, order: order, invoices: invoices)
        }
    }

    @Test func badPlansAreRefusedAndNothingIsCreated() async throws {
        try await ServiceTestDatabase.run { test in
            let fixture = try await SalesFixture.make(test)
            let order = try await order(fixture)
            let before = try await test.count("sales_documents")
            let exceeding = await validationErrors {
                _ = try await fixture.documents.invoiceInInstallments(
                    order, [.init(template: "deposit", amount: "200"), .init(template: "balance")])
            }
            #expect(exceeding["installments"]?.first?.contains("il ne resterait rien pour le solde") == true)
            let noBalance = await validationErrors {
                _ = try await fixture.documents.invoiceInInstallments(
                    order, [.init(template: "deposit", percentage: "30"), .init(template: "intermediate", percentage: "30")])
            }
            #expect(noBalance["installments"]?.first?.contains("facture de solde") == true)
            #expect(try await test.count("sales_documents") == before)
            try await Settings.set(SalesDocumentService.depositsSetting, "false", on: test.db)
            #expect(
                await refusalCode {
                    _ = try await fixture.documents.invoiceInInstallments(
                        order, [.init(template: "deposit", percentage: "30"), .init(template: "balance")])
                } == "deposits_disabled")
            // once invoiced in installments, an order is not invoiced again
            try await Settings.set(SalesDocumentService.depositsSetting, "true", on: test.db)
            _ = try await fixture.documents.invoiceInInstallments(
                order, [.init(template: "deposit", percentage: "30"), .init(template: "balance")])
            #expect(await refusalCode { _ = try await fixture.documents.convert(order) } == "already_invoiced")
        }
    }
}
