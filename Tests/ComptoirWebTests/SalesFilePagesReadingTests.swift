import ComptoirServices
import ComptoirStore
import Foundation
import Testing
import Vapor

@testable import ComptoirWeb

/// « Aperçu » and « Facture électronique (Factur-X) » read as a French user expects: identifiers grouped as the printed
/// footer writes them, the billing framework's code said in words.
@Suite("Sales files pages: what the preview and the e-invoice page say")
struct SalesFilePagesReadingTests {
    @Test func theBillingFrameworkIsSaidInWords() {
        #expect(SalesFilePages.businessProcess("M1").fr == "M1 — dépôt d'une facture mixte (biens et services)")
        #expect(SalesFilePages.businessProcess("S1").fr == "S1 — dépôt d'une facture de services")
        #expect(SalesFilePages.businessProcess("B4").fr == "B4 — facture de biens définitive, après acompte")
        #expect(SalesFilePages.businessProcess("S2").en == "S2 — services invoice already paid")
        #expect(SalesFilePages.businessProcess("X9").fr == "X9", "an unknown code is shown as it is")
        #expect(SalesFilePages.businessProcess("").fr == "")
    }

    @Test func thePreviewGroupsIdentifiersAndTheEInvoicePageNamesItsFramework() async throws {
        try await TestApp.run { t in
            // setup: a validated invoice of services to a business customer (SIREN 552100554)
            let (_, customer) = try await SalesAPITests().setup(t)
            try await SalesAPITests().completeProfile(t)
            var (user, _) = try await t.signedIn()
            let saved = try await user.post(
                "/invoices",
                [
                    "company": customer, "nature": "services", "dueDate": "31/12/2026", "l0-description": "Conseil", "l0-quantity": "1",
                    "l0-unitPrice": "100", "l0-vatRate": "20",
                ])
            let invoice = try #require(saved.location)
            #expect(try await user.post(invoice + "/validation", [:]).status == .seeOther)
            // act
            let preview = try await user.get(invoice + "/preview")
            let eInvoice = try await user.get(invoice + "/e-invoice")
            // validate
            #expect(preview.body.contains("SIREN 552 100 554"), "\(preview.body)")
            #expect(preview.body.contains("SIREN 732 829 320"))
            #expect(!preview.body.contains("SIREN 552100554"))
            #expect(
                eInvoice.body.contains("S1 — dépôt d&#39;une facture de services")
                    || eInvoice.body.contains("S1 — dépôt d'une facture de services"), "\(eInvoice.body)")
        }
    }
}
