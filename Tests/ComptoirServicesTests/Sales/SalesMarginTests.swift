import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import Testing

/// Project margins: invoices minus credit notes plus what orders still have to invoice, against supplier invoices;
/// supplier orders apart; the project row (which the list sorts and filters by) kept in step by each validation.
@Suite struct SalesMarginTests {
    static func project(_ context: ServiceContext, _ title: String, visibility: String = "public") async throws -> UUID {
        let projects = EntityService(try await ProjectsEntity.definition.resolved(for: context), context)
        return try await projects.create(
            EntityInput(values: ["title": title, "visibility": visibility], isPartial: false, omittedMeansDefault: true)
        ).id
    }

    static func validated(_ fixture: SalesFixture, _ kind: String, project: UUID, price: String? = nil) async throws -> UUID {
        var input = fixture.input(
            kind,
            lines: price.map { [.init(description: "Sous-traitance", quantity: "1", unitPrice: $0, vatRate: "20")] } ?? SalesFixture.lines)
        input.project = project.uuidString
        let id = try await fixture.documents.createDraft(input)
        try await fixture.documents.validate(id)
        return id
    }

    @Test func theMarginFollowsEachValidation() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let fixture = try await SalesFixture.make(test)
            let site = try await Self.project(fixture.context, "Chantier Lyon")
            // act: an invoice (180,73 € excl. VAT), an order of the same lines, a supplier invoice and a supplier order
            let invoice = try await Self.validated(fixture, "invoice", project: site)
            let order = try await Self.validated(fixture, "order", project: site)
            _ = try await Self.validated(fixture, "supplier_invoice", project: site, price: "1000")
            _ = try await Self.validated(fixture, "supplier_order", project: site, price: "200")
            // validate
            var margin = try await SalesMargins.project(site, fixture.context)
            #expect(margin.documents == SalesMarginFigures(invoiced: 18_073, toInvoice: 18_073, purchased: 100_000, committed: 20_000))
            #expect(margin.sales == 36_146)
            #expect(margin.purchases == 100_000)
            #expect(margin.margin == -63_854)
            #expect(margin.marginRate == -17_665)
            let row = try await EntityService(ProjectsEntity.definition, fixture.context).get(site)
            #expect(row["margin"].intValue == -63_854)
            #expect(row["sales_total"].intValue == 36_146)

            // act: the order invoiced (the remainder becomes invoiced), the first invoice cancelled by its credit note
            let fromOrder = try await fixture.documents.convert(order)
            try await fixture.documents.validate(fromOrder)
            let note = try await fixture.documents.createCreditNote(for: invoice)
            try await fixture.documents.validate(note)
            // validate
            margin = try await SalesMargins.project(site, fixture.context)
            #expect(margin.documents == SalesMarginFigures(invoiced: 18_073, toInvoice: 0, purchased: 100_000, committed: 20_000))
            #expect(try await EntityService(ProjectsEntity.definition, fixture.context).get(site)["margin"].intValue == -81_927)
        }
    }

    @Test func theListFiltersLossesAndProfitsAndSortsLossesFirst() async throws {
        try await ServiceTestDatabase.run { test in
            // setup: one project at a loss, one in profit, one without documents
            let fixture = try await SalesFixture.make(test)
            let loss = try await Self.project(fixture.context, "Perte")
            let profit = try await Self.project(fixture.context, "Profit")
            let empty = try await Self.project(fixture.context, "Vide")
            _ = try await Self.validated(fixture, "invoice", project: loss)
            _ = try await Self.validated(fixture, "supplier_invoice", project: loss, price: "500")
            _ = try await Self.validated(fixture, "invoice", project: profit)
            _ = try await Self.validated(fixture, "supplier_invoice", project: profit, price: "100")
            let projects = EntityService(ProjectsEntity.definition, fixture.context)
            // act, validate
            #expect(try await projects.list(.init(extra: ["result": "loss"])).rows.map(\.id) == [loss])
            #expect(try await projects.list(.init(extra: ["result": "profit"])).rows.map(\.id) == [profit])
            #expect(try await projects.list(.init(sort: "margin")).rows.map(\.id) == [loss, empty, profit])
            #expect(await refusalCode { _ = try await projects.list(.init(extra: ["result": "ruine"])) } == "invalid_filter")
        }
    }

    @Test func aWonDealStopsCountingOnceADocumentIsLinked() async throws {
        try await ServiceTestDatabase.run { test in
            let fixture = try await SalesFixture.make(test)
            let site = try await Self.project(fixture.context, "Chantier")
            // A won deal of 5 000 € filed in the project counts until an invoice is linked to it.
            let interactions = try await InteractionsEntity.definition.resolved(for: fixture.context)
            let deal = try await EntityService(interactions, fixture.context).create(
                EntityInput(
                    values: [
                        "subject": "Carrelage", "typeId": ActivityDefaults.saleTypeID.uuidString,
                        "stageId": ActivityDefaults.id(206).uuidString, "amount": "5000", "projectId": site.uuidString,
                    ], isPartial: false, omittedMeansDefault: true)
            ).id
            #expect(try await SalesMargins.project(site, fixture.context).sales == 500_000)
            var input = fixture.input("invoice")
            input.project = site.uuidString
            input.interaction = deal.uuidString
            let invoice = try await fixture.documents.createDraft(input)
            try await fixture.documents.validate(invoice)
            let margin = try await SalesMargins.project(site, fixture.context)
            #expect(margin.deals.sales == 0)
            #expect(margin.sales == 18_073)
        }
    }

    @Test func aProjectTheReaderCannotSeeIsNotFound() async throws {
        try await ServiceTestDatabase.run { test in
            let fixture = try await SalesFixture.make(test)
            let owner = try await test.user("claire@example.com")
            let secret = try await Self.project(owner, "Succession", visibility: "private")
            let other = try await test.user("marc@example.com")
            #expect(await refusalCode { _ = try await SalesMargins.project(secret, other) } == "not_found")
            #expect(await refusalCode { _ = try await SalesMargins.project(UUID(), fixture.context) } == "not_found")
            #expect(try await SalesMargins.project(secret, owner).margin == 0)
        }
    }
}
