import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import Testing

/// « Marquer comme envoyé », quote expiry, order → supplier order, order or invoice → delivery (a draft stock movement).
@Suite struct SalesLifecycleTests {
    static func validated(_ fixture: SalesFixture, _ input: SalesDocumentInput) async throws -> UUID {
        let id = try await fixture.documents.createDraft(input)
        try await fixture.documents.validate(id)
        return id
    }

    @Test func markSentAndItsRefusals() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let fixture = try await SalesFixture.make(test)
            let draft = try await fixture.documents.createDraft(fixture.input("quote"))
            let quote = try await Self.validated(fixture, fixture.input("quote"))
            let invoice = try await fixture.invoice()
            let purchase = try await Self.validated(
                fixture,
                fixture.input("supplier_order", lines: [.init(description: "Carrelage", quantity: "1", unitPrice: "80", vatRate: "20")]))
            // act, validate: a draft is refused and stays a draft
            #expect(await refusalCode { try await fixture.documents.markSent(draft) } == "document_draft")
            #expect(try await fixture.documents.find(draft)?.state == .draft)
            try await fixture.documents.markSent(quote)
            try await fixture.documents.markSent(invoice)
            #expect(try await fixture.documents.find(quote)?.state == .sent)
            #expect(try await fixture.documents.find(invoice)?.state == .sent)
            #expect(await refusalCode { try await fixture.documents.markSent(quote) } == "not_sendable")
            #expect(await refusalCode { try await fixture.documents.markSent(purchase) } == "not_sendable")
            #expect(await refusalCode { try await fixture.documents.markSent(UUID()) } == "not_found")
            #expect(try await test.count("audit_entries", where: "summary LIKE '%: envoyé'") == 2)
            // a sent quote is still accepted; a sent invoice still paid
            try await fixture.documents.decideQuote(quote, accepted: true)
            #expect(try await fixture.documents.find(quote)?.state == .accepted)
            // a read-only user changes nothing
            let reader = try await test.user("lecteur@example.com", readOnly: true)
            let other = try await Self.validated(fixture, fixture.input("order"))
            #expect(await refusalCode { try await SalesDocumentService(reader).markSent(other) } == "read_only")
            #expect(try await fixture.documents.find(other)?.state == .validated)
        }
    }

    @Test func quotesPastTheirDateExpireOnce() async throws {
        try await ServiceTestDatabase.run { test in
            // setup: today is 18/11/2026
            let fixture = try await SalesFixture.make(test)
            func quote(_ validUntil: String) -> SalesDocumentInput {
                var input = fixture.input("quote", date: "01/11/2026")
                input.validUntil = validUntil
                return input
            }
            let late = try await Self.validated(fixture, quote("17/11/2026"))
            let sentLate = try await Self.validated(fixture, quote("10/11/2026"))
            try await fixture.documents.markSent(sentLate)
            let today = try await Self.validated(fixture, quote("18/11/2026"))
            let answered = try await Self.validated(fixture, quote("05/11/2026"))
            try await fixture.documents.decideQuote(answered, accepted: false)
            let undated = try await Self.validated(fixture, quote(""))
            let draft = try await fixture.documents.createDraft(quote("02/11/2026"))
            // act
            let expired = try await fixture.documents.expireQuotes(asOf: CalendarDay(year: 2026, month: 11, day: 18)!)
            // validate
            #expect(expired == ["DE2026-00002", "DE2026-00001"])
            #expect(try await fixture.documents.find(late)?.state == .expired)
            #expect(try await fixture.documents.find(sentLate)?.state == .expired)
            #expect(try await fixture.documents.find(today)?.state == .validated)
            #expect(try await fixture.documents.find(answered)?.state == .refused)
            #expect(try await fixture.documents.find(undated)?.state == .validated)
            #expect(try await fixture.documents.find(draft)?.state == .draft)
            #expect(try await test.count("audit_entries", where: "summary LIKE '%expiré%'") == 2)
            // again: nothing left to expire; an expired quote is neither accepted nor turned into an order
            #expect(try await fixture.documents.expireQuotes(asOf: CalendarDay(year: 2026, month: 11, day: 18)!) == [])
            #expect(await refusalCode { try await fixture.documents.decideQuote(late, accepted: true) } == "quote_not_pending")
            #expect(await refusalCode { _ = try await fixture.documents.convert(late) } == "not_convertible")
        }
    }

    /// A stock-managed product bought 400 € and sold 650 €, and a warehouse.
    static func stockProduct(_ fixture: SalesFixture) async throws -> UUID {
        _ = try await EntityService(WarehousesEntity.definition, fixture.context).create(
            EntityInput(values: ["name": "Lyon"], isPartial: false, omittedMeansDefault: true))
        return try await EntityService(ProductsEntity.definition, fixture.context).create(
            EntityInput(
                values: [
                    "reference": "PC-PRO", "name": "Portable", "salePrice": "650", "purchasePrice": "400", "vatRate": "20", "unit": "unit",
                    "stockManaged": "true",
                ], isPartial: false, omittedMeansDefault: true)
        ).id
    }

    @Test func anOrderBecomesASupplierOrderAtPurchasePrices() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let fixture = try await SalesFixture.make(test)
            let laptop = try await Self.stockProduct(fixture)
            let supplier = try await EntityService(CompaniesEntity.definition, fixture.context).create(
                EntityInput(values: ["name": "Grossiste Info"], isPartial: false, omittedMeansDefault: true)
            ).id
            let lines: [SalesDocumentInput.Line] = [
                .init(product: "PC-PRO", quantity: "3"), .init(description: "Installation", quantity: "1", unitPrice: "200", vatRate: "20"),
            ]
            let draftOrder = try await fixture.documents.createDraft(fixture.input("order", lines: lines))
            let order = try await Self.validated(fixture, fixture.input("order", lines: lines))
            let conversions = SalesConversions(fixture.context)
            // act
            let id = try await conversions.supplierOrder(from: order, supplier: supplier.uuidString)
            // validate
            let purchase = try #require(try await fixture.documents.find(id))
            #expect(purchase.kind == .supplierOrder)
            #expect(purchase.isDraft)
            #expect(purchase.companyID == supplier)
            #expect(purchase.sourceID == order)
            #expect(purchase.lines.map(\.productID) == [laptop, nil])
            #expect(purchase.lines.map(\.unitPrice) == [40_000, 0])
            #expect(purchase.totals.net == 120_000)
            // bad inputs: a draft order, no supplier, an unknown one, an invoice
            #expect(
                await refusalCode { _ = try await conversions.supplierOrder(from: draftOrder, supplier: supplier.uuidString) }
                    == "document_draft")
            #expect(await validationErrors { _ = try await conversions.supplierOrder(from: order, supplier: "") }["supplier"] != nil)
            #expect(
                await validationErrors { _ = try await conversions.supplierOrder(from: order, supplier: UUID().uuidString) }["supplier"]
                    != nil)
            let invoice = try await fixture.invoice()
            #expect(
                await refusalCode { _ = try await conversions.supplierOrder(from: invoice, supplier: supplier.uuidString) }
                    == "not_convertible")
            #expect(try await test.count("sales_documents", where: "kind = 'supplier_order'") == 1)
        }
    }

    @Test func anOrderOrAnInvoiceIsDeliveredByADraftMovement() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let fixture = try await SalesFixture.make(test)
            let laptop = try await Self.stockProduct(fixture)
            let lines: [SalesDocumentInput.Line] = [
                .init(product: "PC-PRO", quantity: "2,5"), .init(product: "POSE", quantity: "3"),
                .init(description: "Installation", quantity: "1", unitPrice: "200", vatRate: "20"),
            ]
            let order = try await Self.validated(fixture, fixture.input("order", lines: lines))
            let draft = try await fixture.documents.createDraft(fixture.input("invoice", lines: lines))
            let services = try await Self.validated(fixture, fixture.input("order"))
            let conversions = SalesConversions(fixture.context)
            // act
            let movementID = try await conversions.delivery(from: order)
            // validate: only the stock-managed line, for the customer, linked to the order
            let movement = try #require(try await StockMovementService(fixture.context).find(movementID))
            #expect(movement.kind == .outgoing)
            #expect(movement.state == .draft)
            #expect(movement.companyID == fixture.customer)
            #expect(movement.lines.map(\.productID) == [laptop])
            #expect(movement.lines.map(\.quantity.milli) == [2_500])
            #expect(try await conversions.movements(of: order).map(\.id) == [movementID])
            // bad inputs: a draft, a document without stock lines, a quote
            #expect(await refusalCode { _ = try await conversions.delivery(from: draft) } == "document_draft")
            #expect(await refusalCode { _ = try await conversions.delivery(from: services) } == "nothing_to_deliver")
            let quote = try await Self.validated(fixture, fixture.input("quote", lines: lines))
            #expect(await refusalCode { _ = try await conversions.delivery(from: quote) } == "not_convertible")
            #expect(try await test.count("stock_movements") == 1)
        }
    }

    @Test func aBalanceInvoiceListsItsPrecedingInvoices() async throws {
        try await ServiceTestDatabase.run { test in
            // setup: an order invoiced in three installments, the deposit and the intermediate validated
            let fixture = try await SalesFixture.make(test)
            try await Settings.set(SalesDocumentService.depositsSetting, "true", on: test.db)
            let order = try await Self.validated(fixture, fixture.input("order"))
            let plan = try await fixture.documents.invoiceInInstallments(
                order,
                [
                    .init(template: "deposit", percentage: "30", issueDate: "18/11/2026", dueDate: "18/11/2026"),
                    .init(template: "intermediate", percentage: "30", issueDate: "18/11/2026", dueDate: "18/12/2026"),
                    .init(template: "balance", issueDate: "18/11/2026", dueDate: "18/01/2027"),
                ])
            try await fixture.documents.validate(plan[0])
            try await fixture.documents.validate(plan[1])
            let balance = try #require(try await fixture.documents.find(plan[2]))
            // act, validate
            var preceding = try await fixture.documents.precedingInvoices(of: balance)
            #expect(preceding.map(\.number) == ["FA2026-00001", "FA2026-00002"])
            #expect(preceding.first?.issueDate == CalendarDay(year: 2026, month: 11, day: 18))
            // the intermediate cancelled by its credit note is no longer one of them; the balance, validated, keeps the deposit
            let note = try await fixture.documents.createCreditNote(for: plan[1])
            try await fixture.documents.validate(note)
            try await fixture.documents.validate(plan[2])
            preceding = try await fixture.documents.precedingInvoices(of: try #require(try await fixture.documents.find(plan[2])))
            #expect(preceding.map(\.number) == ["FA2026-00001"])
            // any other document has none
            #expect(try await fixture.documents.precedingInvoices(of: try #require(try await fixture.documents.find(plan[0]))).isEmpty)
        }
    }
}
