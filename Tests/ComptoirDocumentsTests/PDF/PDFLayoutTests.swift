import ComptoirCore
import Foundation
import Testing

@testable import ComptoirDocuments

/// The layout layer: wrapping by glyph widths, tables continued with their header, footers, alignment.
@Suite struct PDFLayoutTests {
    @Test func wrappingKeepsEveryLineWithinTheWidthAndLosesNoWord() {
        let layout = PDFLayout(document: PDFDocument())
        let text =
            "Restauration complète d'une œuvre « Le Cœur » avec nettoyage, consolidation et vernis — Anticonstitutionnellementissimement"
        let lines = layout.wrap(text, style: .body, width: 120)
        #expect(lines.count > 3)
        for line in lines { #expect(layout.document.width(of: line, size: 9) <= 120) }
        #expect(lines.joined().filter { !$0.isWhitespace } == text.filter { !$0.isWhitespace })
        // No-break spaces hold an amount together; explicit line breaks are kept.
        #expect(layout.wrap("Total 1\u{00A0}234,50\u{00A0}€", style: .body, width: 60).last == "1\u{00A0}234,50\u{00A0}€")
        #expect(layout.wrap("a\nb", style: .body, width: 500) == ["a", "b"])
    }

    @Test func aLongTableRunsOverPagesWithItsHeaderAndEveryPageHasItsFooter() {
        let document = InvoiceLayout.draw(InvoiceFixtures.long(lines: 60))
        let pages = document.pageTexts()
        #expect(pages.count >= 3)
        #expect(pages.filter { $0.contains("Désignation") }.count >= 3)
        for (index, texts) in pages.enumerated() {
            if texts.contains(where: { $0.hasPrefix("Article n° ") }) {
                #expect(texts.contains("Désignation"), "page \(index + 1) repeats the header")
            }
            #expect(texts.contains("Page \(index + 1)/\(pages.count)"))
            #expect(texts.contains { $0.hasPrefix("Atelier Lœwy & Fils « Œuvres » SAS au capital") })
        }
        let articles = pages.flatMap { $0 }.filter { $0.hasPrefix("Article n° ") }
        #expect(articles.count == 60)
        #expect(articles.last?.hasPrefix("Article n° 60 ") == true)
    }

    @Test func rightAlignedCellsEndAtTheColumnEdge() {
        let document = PDFDocument()
        let layout = PDFLayout(document: document, margin: 50)
        layout.table(
            PDFTable(
                columns: [.init("Nom", width: 1), .init("Montant", width: 1, alignment: .right)], rows: [["a", "1\u{00A0}234,50\u{00A0}€"]])
        )
        let drawn = document.pages[0].operations.compactMap { operation -> (Double, String)? in
            guard case .text(let x, _, _, _, _, let characters) = operation else { return nil }
            return (x, String(String.UnicodeScalarView(characters.compactMap(Unicode.Scalar.init))))
        }
        let amount = drawn.first { $0.1 == "1\u{00A0}234,50\u{00A0}€" }!
        let right = 50 + layout.contentWidth - 3
        #expect(abs(amount.0 + document.width(of: amount.1, size: 9) - right) < 0.01)
    }

    @Test func theInvoiceShowsOneVATLinePerRateAndItsTotals() {
        let texts = InvoiceLayout.draw(InvoiceFixtures.standard()).pageTexts().flatMap { $0 }
        #expect(texts.contains("20\u{00A0}%") && texts.contains("5,5\u{00A0}%"))
        for amount in [
            "1\u{00A0}263,67\u{00A0}€", "252,73\u{00A0}€", "100,00\u{00A0}€", "5,50\u{00A0}€", "1\u{00A0}621,90\u{00A0}€",
            "1\u{00A0}234,50\u{00A0}€",
        ] {
            #expect(texts.contains(amount), "\(amount)")
        }
        let balance = InvoiceLayout.draw(InvoiceFixtures.balance()).pageTexts().flatMap { $0 }
        #expect(balance.contains("Facture de solde"))
        #expect(balance.contains("Acomptes versés") && balance.contains("-360,00\u{00A0}€") && balance.contains("840,00\u{00A0}€"))
        #expect(balance.contains { $0.contains("FA2026-00043 du 30/11/2026") })
    }

    @Test func hostileTextIsEscapedInTheXML() {
        var invoice = InvoiceFixtures.standard()
        invoice.buyer.name = "<script>alert('x')</script> & \"Cie\"\u{0001}"
        let cii = FacturXCII.xml(invoice)
        #expect(cii.contains("<ram:Name>&lt;script&gt;alert('x')&lt;/script&gt; &amp; &quot;Cie&quot;</ram:Name>"))
        #expect(!cii.contains("<script>"))
        let ubl = UBLInvoice.xml(invoice)
        #expect(ubl.contains("<cbc:RegistrationName>&lt;script&gt;"))
    }

    @Test func ciiAndUBLCarryTheSameAmountsAndReferences() {
        let invoice = InvoiceFixtures.balance()
        let cii = FacturXCII.xml(invoice)
        let ubl = UBLInvoice.xml(invoice)
        #expect(cii.contains("<ram:TypeCode>380</ram:TypeCode>"))
        #expect(cii.contains("<ram:TotalPrepaidAmount>360.00</ram:TotalPrepaidAmount>"))
        #expect(cii.contains("<ram:DuePayableAmount>840.00</ram:DuePayableAmount>"))
        #expect(cii.contains("<ram:IssuerAssignedID>FA2026-00043</ram:IssuerAssignedID>"))
        #expect(cii.contains("<ram:ID>B4</ram:ID>"))
        #expect(ubl.contains("<cbc:PrepaidAmount currencyID=\"EUR\">360.00</cbc:PrepaidAmount>"))
        #expect(ubl.contains("<cbc:PayableAmount currencyID=\"EUR\">840.00</cbc:PayableAmount>"))
        #expect(ubl.contains("<cbc:ID>FA2026-00043</cbc:ID>"))
        let credit = UBLInvoice.xml(InvoiceFixtures.creditNote())
        #expect(credit.contains("<CreditNote xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2\""))
        #expect(credit.contains("<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>"))
        #expect(FacturXCII.xml(InvoiceFixtures.deposit()).contains("<ram:TypeCode>386</ram:TypeCode>"))
    }
}

@Suite struct InvoiceDocumentChecksTests {
    @Test func theFixturesHaveNoProblemAndBrokenDocumentsAreNamed() {
        for invoice in [InvoiceFixtures.standard(), InvoiceFixtures.creditNote(), InvoiceFixtures.deposit(), InvoiceFixtures.balance()] {
            #expect(invoice.facturXProblems.isEmpty, "\(invoice.number)")
        }
        var invoice = InvoiceFixtures.standard()
        invoice.number = "FA 2026/00042"
        invoice.seller.siren = nil
        invoice.buyer.electronicAddress = nil
        invoice.notes.removeAll { $0.subject == "PMD" }
        #expect(invoice.facturXProblems.map(\.field) == ["number", "seller.siren", "buyer.electronicAddress", "notes"])
        invoice.number = String(repeating: "A", count: 36)
        #expect(invoice.facturXProblems.first?.field == "number")
    }
}
