import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import SQLKit
import Testing

/// Sales documents from draft to payment, on both databases: totals, numbering, mentions copied, transitions, the chain.
@Suite struct SalesFlowTests {
    @Test func aDraftInvoiceIsTotalledPerRateThenValidatedWithItsNumber() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let fixture = try await SalesFixture.make(test)
            // act
            let id = try await fixture.documents.createDraft(fixture.input("invoice"))
            let draft = try #require(try await fixture.documents.find(id))
            let reference = try await fixture.documents.validate(id)
            // validate
            #expect(draft.reference == nil)
            #expect(draft.lines.map(\.net) == [13_650, 50, 4_373])
            #expect(draft.lines[0].description == "Pose de carrelage")
            #expect(draft.lines[0].unit == "h")
            #expect(draft.totals.tax(at: .intermediate) == 1_365)
            #expect(draft.totals.tax(at: .standard) == 10)
            #expect(draft.totals.tax(at: .reduced) == 241)
            #expect(draft.totals.net == 18_073)
            #expect(draft.totals.gross == 19_689)
            #expect(draft.paymentTerms == "30 jours fin de mois")
            #expect(reference == "FA2026-00001")
            let row = try #require(try await SalesDocumentStore.find(id, on: test.db))
            #expect(row.state == "validated")
            #expect(row.totalGross == 19_689)
            #expect(row.customerName == "Garage Martin")
            #expect(row.billingAddress == "3 avenue Foch\n69006 Lyon")
            #expect(row.mentions?.contains("siren=9:732829320;") == true)
            #expect(try await SalesChainStore.last(on: test.db)?.recordID == id)
            #expect(try await test.count("audit_entries", where: "entity = 'sales-documents' AND action = 'validate'") == 1)
        }
    }

    @Test func creditNotesAndDepositsShareTheInvoiceSequenceQuotesHaveTheirOwn() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let fixture = try await SalesFixture.make(test)
            let first = try await fixture.invoice()
            // act
            let quote = try await fixture.documents.createDraft(fixture.input("quote"))
            let quoteReference = try await fixture.documents.validate(quote)
            let note = try await fixture.documents.createCreditNote(for: first)
            let noteReference = try await fixture.documents.validate(note)
            var depositInput = fixture.input("invoice", date: "19/11/2026")
            depositInput.subtype = "deposit"
            let deposit = try await fixture.documents.createDraft(depositInput)
            let depositReference = try await fixture.documents.validate(deposit)
            // validate
            #expect(quoteReference == "DE2026-00001")
            #expect(noteReference == "AV2026-00002")
            #expect(depositReference == "FA2026-00003")
            #expect(try await fixture.documents.find(deposit)?.title == "Facture d'acompte")
            #expect(try await fixture.documents.find(first)?.state == .cancelled)
            let credit = try #require(try await fixture.documents.find(note))
            #expect(credit.creditedID == first)
            #expect(credit.totals.gross == 19_689)
            // A second credit note for the same invoice is refused.
            #expect(await refusalCode { _ = try await fixture.documents.createCreditNote(for: first) } == "already_credited")
        }
    }

    @Test func aConfiguredPatternNumbersTheNextInvoices() async throws {
        try await ServiceTestDatabase.run { test in
            let fixture = try await SalesFixture.make(test)
            try await fixture.documents.setPattern(.invoice, "F{yy}{mm}-{000}")
            let id = try await fixture.invoice()
            #expect(try await fixture.documents.find(id)?.reference == "F2611-001")
            let errors = await validationErrors { try await fixture.documents.setPattern(.invoice, "FA-{000}") }
            #expect(errors["pattern"]?.first?.contains("{yyyy}") == true)
        }
    }

    @Test func aQuoteIsAcceptedThenBecomesAnOrderThenAnInvoice() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let fixture = try await SalesFixture.make(test)
            let quote = try await fixture.documents.createDraft(fixture.input("quote"))
            try await fixture.documents.validate(quote)
            // act
            try await fixture.documents.decideQuote(quote, accepted: true)
            let order = try await fixture.documents.convert(quote)
            try await fixture.documents.validate(order)
            let invoice = try await fixture.documents.convert(order)
            // validate
            #expect(try await fixture.documents.find(quote)?.state == .accepted)
            let orderDocument = try #require(try await fixture.documents.find(order))
            #expect(orderDocument.kind == .order)
            #expect(orderDocument.reference == "CO2026-00001")
            #expect(orderDocument.sourceID == quote)
            let invoiceDocument = try #require(try await fixture.documents.find(invoice))
            #expect(invoiceDocument.kind == .invoice)
            #expect(invoiceDocument.isDraft)
            #expect(invoiceDocument.totals == orderDocument.totals)
            #expect(invoiceDocument.lines.map(\.description) == orderDocument.lines.map(\.description))
            #expect(await refusalCode { _ = try await fixture.documents.convert(order) } == "already_invoiced")
            // A refused quote does not become an order.
            let other = try await fixture.documents.createDraft(fixture.input("quote"))
            try await fixture.documents.validate(other)
            try await fixture.documents.decideQuote(other, accepted: false)
            #expect(await refusalCode { _ = try await fixture.documents.convert(other) } == "not_convertible")
            #expect(await refusalCode { try await fixture.documents.decideQuote(other, accepted: true) } == "quote_not_pending")
        }
    }

    @Test func paymentsSettleSeveralInvoicesAndDeriveTheirStates() async throws {
        try await ServiceTestDatabase.run { test in
            // setup: two invoices of 196,89 €
            let fixture = try await SalesFixture.make(test)
            let a = try await fixture.invoice()
            let b = try await fixture.invoice()
            // act: one payment of 250 € settles the first and part of the second
            let payment = try await fixture.payments.record(
                SalesPaymentInput(
                    wording: "Virement", amount: "250,00", method: "transfer",
                    allocations: [.init(document: a.uuidString), .init(document: b.uuidString)]))
            // validate
            #expect(try await fixture.documents.find(a)?.state == .paid)
            #expect(try await fixture.documents.find(b)?.state == .partiallyPaid)
            let balance = try await fixture.payments.balance(of: b)
            #expect(balance.received == 25_000 - 19_689)
            #expect(balance.due == 19_689 - (25_000 - 19_689))
            let allocations = try await SalesPaymentStore.allocations(of: payment, on: test.db)
            #expect(Dictionary(uniqueKeysWithValues: allocations.map { ($0.documentID, $0.amount) }) == [a: 19_689, b: 5_311])
            #expect(try await SalesPaymentStore.find(payment, on: test.db)?.companyID == fixture.customer)
            // the rest pays the second
            _ = try await fixture.payments.record(
                SalesPaymentInput(wording: "Solde", amount: "143,78", method: "cheque", allocations: [.init(document: b.uuidString)]))
            #expect(try await fixture.documents.find(b)?.state == .paid)
        }
    }

    @Test func anOverpaymentIsKeptAsCreditOnlyWhenAskedAndUsedLater() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let fixture = try await SalesFixture.make(test)
            let a = try await fixture.invoice()
            let before = try await test.count("sales_payments")
            // act, validate: 200 € for 196,89 € due is refused unless the credit is kept
            let errors = await validationErrors {
                _ = try await fixture.payments.record(
                    SalesPaymentInput(wording: "Virement", amount: "200", method: "transfer", allocations: [.init(document: a.uuidString)]))
            }
            #expect(errors["amount"]?.first?.contains("3,11") == true)
            #expect(try await test.count("sales_payments") == before)
            #expect(try await fixture.documents.find(a)?.state == .validated)
            let payment = try await fixture.payments.record(
                SalesPaymentInput(
                    wording: "Virement", amount: "200", method: "transfer", allocations: [.init(document: a.uuidString)], keepCredit: true))
            let credits = try await SalesPaymentStore.credits(of: fixture.customer, on: test.db)
            #expect(credits.map(\.left) == [311])
            // the credit pays part of a later invoice
            let b = try await fixture.invoice()
            try await fixture.payments.applyCredit(payment: payment, to: b)
            #expect(try await fixture.payments.balance(of: b).received == 311)
            #expect(try await fixture.documents.find(b)?.state == .partiallyPaid)
            #expect(try await SalesPaymentStore.credits(of: fixture.customer, on: test.db).isEmpty)
            #expect(await refusalCode { try await fixture.payments.applyCredit(payment: payment, to: b) } == "no_credit")
        }
    }

    @Test func theChainHoldsAndNamesARowChangedDirectlyInTheDatabase() async throws {
        try await ServiceTestDatabase.run { test in
            // setup: three invoices and a payment
            let fixture = try await SalesFixture.make(test)
            _ = try await fixture.invoice()
            let second = try await fixture.invoice()
            let third = try await fixture.invoice()
            _ = try await fixture.payments.record(
                SalesPaymentInput(wording: "Acompte", amount: "10", method: "card", allocations: [.init(document: third.uuidString)]))
            let intact = try await SalesChain.verify(fixture.context)
            #expect(intact.isIntact)
            #expect(intact.checked == 4)
            // The link is SHA-256 of the previous hash, a newline and the canonical content.
            let link = try #require(try await SalesChainStore.links(after: 1, limit: 1, on: test.db).first)
            let first = try #require(try await SalesChainStore.links(after: 0, limit: 1, on: test.db).first)
            #expect(link.previousHash == first.hash)
            #expect(link.hash.count == 64)
            // act: the second invoice's total changed behind the application's back
            try await test.sql.raw(
                "UPDATE sales_documents SET total_gross = total_gross + 100, total_net = total_net + 100 WHERE id = \(bind: second)"
            ).run()
            // validate
            let report = try await SalesChain.verify(fixture.context)
            let broken = try #require(report.broken)
            #expect(broken.sequence == 2)
            #expect(broken.recordID == second)
            #expect(broken.label == "FA2026-00002")
            #expect(broken.changedFields == ["totalGross", "totalNet"])
            #expect(report.checked == 2)
            // A line's price changed directly is seen as well, on the first invoice.
            try await test.sql.raw(
                "UPDATE sales_documents SET total_gross = total_gross - 100, total_net = total_net - 100 WHERE id = \(bind: second)"
            )
            .run()
            #expect(try await SalesChain.verify(fixture.context).isIntact)
            try await test.sql.raw("UPDATE sales_document_lines SET unit_price = unit_price + 1 WHERE position = 2").run()
            #expect(try await SalesChain.verify(fixture.context).broken?.sequence == 1)
        }
    }

    @Test func sha256IsTheDigestOfTheChain() {
        // FIPS 180-2's « abc » vector.
        let bytes = SalesChain.digest(Array("abc".utf8))
        #expect(bytes.map { String(format: "%02x", $0) }.joined() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
