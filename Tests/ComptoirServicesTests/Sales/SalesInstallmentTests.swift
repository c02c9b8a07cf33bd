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

/// « Délai de paiement par défaut » of « Paramètres ERP »: an invoice without a due date is due that many days after its
/// date — typed, converted from an order or generated in installments; a typed due date and other kinds are left alone.
@Suite struct SalesPaymentDelayTests {
    @Test func invoicesWithoutADueDateTakeTheDefaultDelay() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let fixture = try await SalesFixture.make(test)
            let settings = SalesSettingsService(fixture.context)
            var values = try await settings.current()
            #expect(values.paymentDays == "")
            var noDue = fixture.input("invoice")
            noDue.dueDate = ""
            let before = try await fixture.documents.createDraft(noDue)
            #expect(try await fixture.documents.find(before)?.dueDate == nil)
            // bad values are named and nothing is written
            for bad in ["trente", "-1", "366", "12,5"] {
                values.paymentDays = bad
                await #expect(throws: AppError.self) { try await settings.update(values) }
                do { try await settings.update(values) } catch let error as AppError { #expect(error.fields["paymentDays"] != nil) }
            }
            #expect(try await settings.current().paymentDays == "")
            // act
            values.paymentDays = " 30 "
            try await settings.update(values)
            // validate
            #expect(try await settings.current().paymentDays == "30")
            let invoice = try await fixture.documents.createDraft(noDue)
            #expect(try await fixture.documents.find(invoice)?.dueDate == CalendarDay(year: 2026, month: 12, day: 18))
            let typed = try await fixture.documents.createDraft(fixture.input("invoice"))  // due 18/12/2026 typed
            var early = fixture.input("invoice")
            early.dueDate = "25/11/2026"
            let earlyID = try await fixture.documents.createDraft(early)
            #expect(try await fixture.documents.find(typed)?.dueDate == CalendarDay(year: 2026, month: 12, day: 18))
            #expect(try await fixture.documents.find(earlyID)?.dueDate == CalendarDay(year: 2026, month: 11, day: 25))
            var quote = fixture.input("quote")
            quote.dueDate = ""
            let quoteID = try await fixture.documents.createDraft(quote)
            #expect(try await fixture.documents.find(quoteID)?.dueDate == nil)
            // An order without a due date: its invoice, and its installments, 30 days after their own dates.
            try await Settings.set(SalesDocumentService.depositsSetting, "true", on: test.db)
            var order = fixture.input("order")
            order.dueDate = ""
            let orderID = try await fixture.documents.createDraft(order)
            try await fixture.documents.validate(orderID)
            let converted = try await fixture.documents.convert(orderID)
            let convertedDue = try #require(try await fixture.documents.find(converted)?.dueDate)
            let convertedIssue = try #require(try await fixture.documents.find(converted)?.issueDate)
            #expect(convertedIssue.days(to: convertedDue) == 30)
            try await fixture.documents.deleteDraft(converted)
            let invoices = try await fixture.documents.invoiceInInstallments(
                orderID,
                [
                    .init(template: "deposit", percentage: "30", issueDate: "20/11/2026"),
                    .init(template: "balance", issueDate: "05/01/2027", dueDate: "10/01/2027"),
                ])
            #expect(try await fixture.documents.find(invoices[0])?.dueDate == CalendarDay(year: 2026, month: 12, day: 20))
            #expect(try await fixture.documents.find(invoices[1])?.dueDate == CalendarDay(year: 2027, month: 1, day: 10))
        }
    }
}
