import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import Testing

/// Rules found wrong by a new user's walk through Sales (docs/DECISIONS.md, « Sales pages as a new user meets them »):
/// a payment whose amount does not parse names the amount alone; a supplier's document never takes our own payment terms;
/// a validated supplier order becomes a draft supplier invoice once, which takes it out of the project's commitments;
/// `related` lists a document's source, what was made of it and its credit note.
@Suite struct SalesWalkTests {
    @Test func aPaymentWithABadAmountNamesTheAmountOnly() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let fixture = try await SalesFixture.make(test)
            let invoice = try await fixture.invoice()
            for typed in ["douze", "", "-5", "0"] {
                // act
                let errors = await validationErrors {
                    _ = try await fixture.payments.record(
                        SalesPaymentInput(
                            wording: "Acompte", amount: typed, method: "transfer",
                            allocations: [.init(document: invoice.uuidString)]))
                }
                // validate
                #expect(errors["amount"] == ["Saisissez un montant positif."], "\(typed): \(errors)")
                #expect(errors["allocations[0].document"] == nil, "\(typed): the invoice is said to have nothing due: \(errors)")
            }
            #expect(try await test.count("sales_payments") == 0)
            // An invoice that is truly settled still says so.
            _ = try await fixture.payments.record(
                SalesPaymentInput(
                    wording: "Solde", amount: "196,89", method: "transfer", allocations: [.init(document: invoice.uuidString)]))
            let settled = await validationErrors {
                _ = try await fixture.payments.record(
                    SalesPaymentInput(wording: "Encore", amount: "10", method: "cash", allocations: [.init(document: invoice.uuidString)]))
            }
            #expect(settled["allocations[0].document"]?.first?.contains("rien n'y reste dû") == true, "\(settled)")
        }
    }

    @Test func supplierDocumentsKeepTheirOwnTerms() async throws {
        try await ServiceTestDatabase.run { test in
            // setup: « Paramètres ERP » hold our terms (« 30 jours fin de mois »)
            let fixture = try await SalesFixture.make(test)
            let lines: [SalesDocumentInput.Line] = [.init(description: "Carrelage", quantity: "2", unitPrice: "80", vatRate: "20")]
            // act
            let sale = try await fixture.documents.createDraft(fixture.input("invoice", lines: lines))
            let purchase = try await fixture.documents.createDraft(fixture.input("supplier_invoice", lines: lines))
            let order = try await fixture.documents.createDraft(fixture.input("supplier_order", lines: lines))
            var stated = fixture.input("supplier_invoice", lines: lines)
            stated.paymentTerms = "45 jours"
            let withTerms = try await fixture.documents.createDraft(stated)
            // validate
            #expect(try await fixture.documents.find(sale)?.paymentTerms == "30 jours fin de mois")
            #expect(try await fixture.documents.find(sale)?.latePenaltyRate == "3 fois le taux d'intérêt légal")
            for id in [purchase, order] {
                let document = try #require(try await fixture.documents.find(id))
                #expect(document.paymentTerms == nil, "\(document.kind): \(document.paymentTerms ?? "")")
                #expect(document.latePenaltyRate == nil)
                #expect(document.earlyPaymentDiscount == nil)
            }
            #expect(try await fixture.documents.find(withTerms)?.paymentTerms == "45 jours")
        }
    }

    @Test func aSupplierOrderBecomesASupplierInvoiceOnce() async throws {
        try await ServiceTestDatabase.run { test in
            // setup: a project's supplier order of 160 € excl. VAT
            let fixture = try await SalesFixture.make(test)
            let project = try await SalesMarginTests.project(fixture.context, "Chantier Foch")
            var input = fixture.input(
                "supplier_order", lines: [.init(description: "Carrelage", quantity: "2", unitPrice: "80", vatRate: "20")])
            input.project = project.uuidString
            let draft = try await fixture.documents.createDraft(input)
            #expect(await refusalCode { _ = try await fixture.documents.convert(draft) } == "document_draft")
            try await fixture.documents.validate(draft)
            #expect(try await SalesMargins.project(project, fixture.context).documents.committed == 16_000)
            // act
            let invoice = try await fixture.documents.convert(draft)
            // validate: the lines, the party and the project copied; the source recorded; a second time refused
            let made = try #require(try await fixture.documents.find(invoice))
            #expect(made.kind == .supplierInvoice)
            #expect(made.state == .draft)
            #expect(made.sourceID == draft)
            #expect(made.companyID == fixture.customer)
            #expect(made.projectID == project)
            #expect(made.totals.net == 16_000)
            #expect(made.notes == "Selon commande fournisseur CF2026-00001")
            #expect(await refusalCode { _ = try await fixture.documents.convert(draft) } == "already_invoiced")
            try await fixture.documents.validate(invoice)
            let margin = try await SalesMargins.project(project, fixture.context).documents
            #expect(margin.committed == 0, "the invoiced supplier order is still a commitment")
            #expect(margin.purchased == 16_000)
            // related: each side names the other
            let order = try #require(try await fixture.documents.find(draft))
            let fromOrder = try await fixture.documents.related(to: order)
            #expect(fromOrder.map(\.relation) == [.derived])
            #expect(fromOrder.first?.id == invoice)
            #expect(fromOrder.first?.reference == "FF2026-00001")
            let fromInvoice = try await fixture.documents.related(to: try #require(try await fixture.documents.find(invoice)))
            #expect(fromInvoice.map(\.relation) == [.source])
            #expect(fromInvoice.first?.reference == "CF2026-00001")
        }
    }

    @Test func anInvoiceAndItsCreditNoteAreRelated() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let fixture = try await SalesFixture.make(test)
            let invoice = try await fixture.invoice()
            let creditNote = try await fixture.documents.createCreditNote(for: invoice)
            try await fixture.documents.validate(creditNote)
            // act
            let fromInvoice = try await fixture.documents.related(to: try #require(try await fixture.documents.find(invoice)))
            let fromCredit = try await fixture.documents.related(to: try #require(try await fixture.documents.find(creditNote)))
            // validate
            #expect(fromInvoice.map(\.relation) == [.creditNote])
            #expect(fromInvoice.first?.id == creditNote)
            #expect(fromInvoice.first?.state == .validated)
            #expect(fromCredit.map(\.relation) == [.credited])
            #expect(fromCredit.first?.reference == "FA2026-00001")
            #expect(fromCredit.first?.state == .cancelled)
            #expect(fromCredit.first?.totalGross == 19_689)
        }
    }
    @Test func aQuoteBecomesOneOrderOnly() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let fixture = try await SalesFixture.make(test)
            let quote = try await fixture.documents.createDraft(fixture.input("quote"))
            try await fixture.documents.validate(quote)
            // act
            let order = try await fixture.documents.convert(quote)
            // validate: a second conversion (a double click) is refused and writes nothing
            #expect(await refusalCode { _ = try await fixture.documents.convert(quote) } == "already_converted")
            #expect(try await test.count("sales_documents", where: "kind = 'order'") == 1)
            #expect(try await fixture.documents.find(order)?.sourceID == quote)
        }
    }
}
