import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import Testing

/// « Versements »: the payments with their customer, the invoices settled and the credit kept; filters.
@Suite struct SalesPaymentListTests {
    @Test func paymentsAreListedAndFiltered() async throws {
        try await ServiceTestDatabase.run { test in
            // setup: two invoices of 196,89 € incl. VAT; one payment settles both and keeps 6,22 €; a cheque pays part
            let fixture = try await SalesFixture.make(test)
            let first = try await fixture.invoice()
            let second = try await fixture.invoice()
            let third = try await fixture.invoice()
            var both = SalesPaymentInput(
                wording: "Virement groupé", amount: "400", date: "10/11/2026", method: "transfer",
                allocations: [.init(document: first.uuidString), .init(document: second.uuidString)])
            both.keepCredit = true
            _ = try await fixture.payments.record(both)
            _ = try await fixture.payments.record(
                SalesPaymentInput(
                    wording: "Chèque 123", amount: "50", date: "15/11/2026", method: "cheque",
                    allocations: [.init(document: third.uuidString)]))
            // act
            let all = try await fixture.payments.list(SalesPaymentFilter())
            // validate: latest first
            #expect(all.map(\.payment.wording) == ["Chèque 123", "Virement groupé"])
            #expect(all[1].customerName == "Garage Martin")
            #expect(all[1].settled.map(\.reference) == ["FA2026-00001", "FA2026-00002"])
            #expect(all[1].settled.map(\.amount) == [19_689, 19_689])
            #expect(all[1].unallocated == 40_000 - 2 * 19_689)
            #expect(all[1].payment.keepsCredit)
            #expect(all[0].unallocated == 0)
            // filters
            #expect(try await fixture.payments.list(SalesPaymentFilter(method: "cheque")).map(\.payment.wording) == ["Chèque 123"])
            #expect(try await fixture.payments.list(SalesPaymentFilter(from: "2026-11-11")).count == 1)
            #expect(try await fixture.payments.list(SalesPaymentFilter(to: "2026-11-10")).count == 1)
            #expect(try await fixture.payments.list(SalesPaymentFilter(text: "garage")).count == 2)
            #expect(try await fixture.payments.list(SalesPaymentFilter(text: "dupuis")).isEmpty)
            #expect(try await fixture.payments.list(SalesPaymentFilter(companyID: UUID())).isEmpty)
            // bad filters are named
            do {
                _ = try SalesPaymentService.filter(from: "31/02/2026", to: nil, method: "bitcoin", companyID: "x", text: nil)
                Issue.record("accepted")
            } catch let error as AppError {
                #expect(error.code == "invalid_filter")
                #expect(Set(error.fields.keys) == ["from", "method", "companyId"])
            }
            #expect(
                try SalesPaymentService.filter(from: "01/11/2026", to: "", method: "card", companyID: nil, text: " ").from == "2026-11-01")
        }
    }
}

/// The lists' search finds a customer the way users type it: without its accents, in any case (« etablissements »,
/// « ÉTABLISSEMENTS », « dupre » for « Établissements Dupré »), through the directory's index, on both databases.
@Suite struct SalesCustomerSearchTests {
    @Test func documentsAndPaymentsAreFoundByTheirCustomerWithoutAccentsOrCase() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let fixture = try await SalesFixture.make(test)
            let accented = try await EntityService(CompaniesEntity.definition, fixture.context).create(
                EntityInput(
                    values: [
                        "name": "Établissements Dupré", "siren": "443061841", "billingLine1": "1 quai Est", "billingPostcode": "13002",
                        "billingCity": "Marseille",
                    ], isPartial: false, omittedMeansDefault: true)
            ).id
            let theirs = try await fixture.documents.createDraft(fixture.input("invoice", company: accented))
            try await fixture.documents.validate(theirs)
            let other = try await fixture.invoice()  // Garage Martin
            _ = try await SalesPaymentService(fixture.context).record(
                SalesPaymentInput(
                    wording: "Acompte", amount: "10", method: "transfer", allocations: [.init(document: theirs.uuidString, amount: "10")]))
            // act + validate
            for typed in ["etablissements", "ÉTABLISSEMENTS", "dupre", "Etabl Dupr", "établissements dupré"] {
                let found = try await fixture.documents.list(SalesDocumentFilter(kinds: ["invoice"], text: typed)).map(\.id)
                #expect(found == [theirs], "« \(typed) »")
                let payments = try await SalesPaymentService(fixture.context).list(SalesPaymentFilter(text: typed))
                #expect(payments.count == 1, "« \(typed) »")
            }
            // A reference and the old substring match still work; a name that matches nobody finds nothing.
            let reference = try #require(try await fixture.documents.find(other)?.reference)
            #expect(try await fixture.documents.list(SalesDocumentFilter(kinds: ["invoice"], text: reference)).map(\.id) == [other])
            #expect(try await fixture.documents.list(SalesDocumentFilter(kinds: ["invoice"], text: "arage mart")).map(\.id) == [other])
            #expect(try await fixture.documents.list(SalesDocumentFilter(kinds: ["invoice"], text: "Durand")).isEmpty)
        }
    }
}
