import ComptoirCore
import Foundation
import Testing

@testable import ComptoirDocuments

/// The documents other than invoices (quote, order, supplier order and invoice, delivery note, stock movement) and
/// the installment invoice's printed recalls: their drawn text, their text as independent readers extract it, their
/// PDF/A-3b structure as pikepdf sees it, long tables over pages, and the same bytes each time.
@Suite struct PrintedDocumentTests {
    typealias F = DocumentFixtures
    static let clock = InvoiceFixtures.clock

    /// Every document as rendered, with text it must show (no-break spaces where the document has them).
    static let rendered: [(name: String, pdf: [UInt8], expected: [String])] = [
        (
            "quote", CommercialPDF.render(F.quote(), createdAt: clock),
            [
                "Devis", "N°\u{00A0}DE2026-00012", "Valable jusqu'au\u{00A0}: 02/12/2026", "Bon pour accord", "lu et approuvé",
                "1\u{00A0}234,50\u{00A0}€", "121,50\u{00A0}€", "1\u{00A0}732,70\u{00A0}€", "Main-d'œuvre sur site", "10\u{00A0}%",
                "Adresse de livraison", "Chantier « Les Œillets »", "Société Cœur d'Éléphant SARL", "Page 1/1", "forfait",
                "Référence client\u{00A0}: ACHAT-778",
            ]
        ),
        (
            "order", CommercialPDF.render(F.order(), createdAt: clock),
            ["Bon de commande", "Suivant devis\u{00A0}: DE2026-00012 du 02/11/2026", "1\u{00A0}732,70\u{00A0}€", "Page 1/1"]
        ),
        (
            "delivery note", DeliveryNotePDF.render(F.deliveryNote(), createdAt: clock),
            [
                "Bon de livraison", "N°\u{00A0}BL2026-00031", "Commande\u{00A0}: CO2026-00015", "Livré à", "Chantier « Les Œillets »",
                "Écran 27\u{00A0}pouces « Cœur »", "SN-ÉCR-2026-00001", "SN-ÉCR-2026-00024", "Commandé", "Livré", "1,25", "Reçu le",
                "Transporteur\u{00A0}: Transports Lœb — suivi 8R123456789", "Page 1/1",
            ]
        ),
        (
            "stock movement", StockMovementPDF.render(F.stockMovement(), createdAt: clock),
            [
                "Mouvement de stock — Transfert", "Entrepôt Paris — A-01", "Magasin Lyon — Réserve",
                "Motif\u{00A0}: Réassort du magasin de Lyon",
                "SN-ÉCR-2026-00027", "Par\u{00A0}: Zoé Lefèvre", "Le\u{00A0}: 05/12/2026 14:32", "1,5", "Page 1/1",
            ]
        ),
        (
            "balance invoice", FacturXPDF.render(F.balanceWithPayments(), createdAt: clock),
            [
                "Facture de solde", "Facturation partielle", "Acompte déduit", "FA2026-00043", "360,00\u{00A0}€", "Règlement reçu le",
                "Virement « Cœur d'Éléphant »", "500,00\u{00A0}€", "123,45\u{00A0}€", "Reste à payer", "216,55\u{00A0}€",
                "Reste à facturer (commande CO2026-0015)", "Adresse de livraison",
            ]
        ),
        (
            "deposit invoice", FacturXPDF.render(F.depositWithRemaining(), createdAt: clock),
            ["Facture d'acompte", "Facturation partielle", "Reste à facturer (commande CO2026-0015)", "840,00\u{00A0}€"]
        ),
    ]

    static func drawnText(_ document: PDFDocument) -> [String] { document.pageTexts().flatMap { $0 } }

    @Test func eachDocumentDrawsItsText() {
        let drawn = [
            Self.drawnText(CommercialPDF.draw(F.quote())), Self.drawnText(CommercialPDF.draw(F.order())),
            Self.drawnText(DeliveryNotePDF.draw(F.deliveryNote())), Self.drawnText(StockMovementPDF.draw(F.stockMovement())),
            Self.drawnText(InvoiceLayout.draw(F.balanceWithPayments())), Self.drawnText(InvoiceLayout.draw(F.depositWithRemaining())),
        ]
        for (index, texts) in drawn.enumerated() {
            let joined = texts.joined(separator: "\n")
            for expected in Self.rendered[index].expected {
                #expect(joined.contains(expected), "\(Self.rendered[index].name): \(expected)")
            }
        }
        // No prices on a delivery note; only a quote has the acceptance box; an order recalls its quote.
        #expect(!drawn[2].contains { $0.contains("€") && !$0.contains("capital") })
        #expect(!drawn[1].contains("Bon pour accord"))
        #expect(!drawn[0].contains { $0.hasPrefix("Suivant devis") })
    }

    @Test func aSupplierDocumentNamesTheSupplierAndItsReference() {
        var document = F.quote()
        document.kind = .supplierInvoice
        document.title = document.kind.title
        document.partnerReference = "F-88/2026"
        document.dueDate = InvoiceFixtures.day(2027, 1, 4)
        let texts = Self.drawnText(CommercialPDF.draw(document))
        for expected in [
            "Facture fournisseur", "Fournisseur", "Destinataire", "N° de facture du fournisseur\u{00A0}: F-88/2026",
            "Échéance\u{00A0}: 04/01/2027",
        ] {
            #expect(texts.contains { $0.contains(expected) }, "\(expected)")
        }
        #expect(!texts.contains("Bon pour accord") && !texts.contains("Client"))
        document.kind = .supplierOrder
        document.title = document.kind.title
        let order = Self.drawnText(CommercialPDF.draw(document))
        #expect(order.contains("Commande fournisseur") && order.contains("Émetteur") && order.contains("Fournisseur"))
        #expect(order.contains { $0.contains("Référence fournisseur\u{00A0}: F-88/2026") })
    }

    @Test func aTableOf120LinesContinuesOverPagesUnderItsHeader() {
        for (document, header, prefix) in [
            (CommercialPDF.draw(F.longQuote(lines: 120)), "Désignation", "Article n° "),
            (DeliveryNotePDF.draw(F.deliveryNote(lines: 120)), "Désignation", "Article n° "),
        ] {
            let pages = document.pageTexts()
            #expect(pages.count >= 3)
            for (index, texts) in pages.enumerated() {
                if texts.contains(where: { $0.hasPrefix(prefix) }) {
                    #expect(texts.contains(header), "page \(index + 1) repeats the header")
                }
                #expect(texts.contains("Page \(index + 1)/\(pages.count)"))
                #expect(texts.contains { $0.hasPrefix("Atelier Lœwy & Fils « Œuvres » SAS au capital") })
            }
            let numbers = pages.flatMap { $0 }.filter { $0.hasPrefix(prefix) }.map {
                Int($0.dropFirst(prefix.count).prefix { $0.isNumber })!
            }
            #expect(numbers == Array(1...120))
        }
    }

    @Test func manySerialNumbersWrapWithinTheirCell() {
        let document = DeliveryNotePDF.draw(F.deliveryNote())
        let texts = Self.drawnText(document)
        let serialLines = texts.filter { $0.contains("SN-ÉCR-2026-") }
        #expect(serialLines.count >= 4, "24 serials over several lines: \(serialLines.count)")
        let all = serialLines.joined(separator: " ")
        for index in 1...24 { #expect(all.contains(String(format: "SN-ÉCR-2026-%05d", index))) }
        let layout = PDFLayout(document: PDFDocument())
        for line in serialLines { #expect(layout.document.width(of: line, size: 9) < layout.contentWidth * 0.5) }
    }

    @Test func theSameDocumentGivesTheSameBytes() {
        #expect(CommercialPDF.render(F.quote(), createdAt: Self.clock) == CommercialPDF.render(F.quote(), createdAt: Self.clock))
        #expect(
            DeliveryNotePDF.render(F.deliveryNote(), createdAt: Self.clock)
                == DeliveryNotePDF.render(F.deliveryNote(), createdAt: Self.clock))
        #expect(
            StockMovementPDF.render(F.stockMovement(), createdAt: Self.clock)
                == StockMovementPDF.render(F.stockMovement(), createdAt: Self.clock))
        #expect(
            CommercialPDF.render(F.quote(), createdAt: Self.clock)
                != CommercialPDF.render(F.quote(), createdAt: Self.clock.addingTimeInterval(1)))
    }

    @Test(.enabled(if: FacturXCheckTests.checkersAvailable && FacturXCheckTests.popplerAvailable), arguments: 0..<6)
    func pdftotextAndPypdfExtractTheFrenchText(_ index: Int) throws {
        let (name, pdf, expected) = Self.rendered[index]
        let file = try FacturXCheckTests.temporaryFile(pdf, suffix: ".pdf")
        defer { try? FileManager.default.removeItem(at: file) }
        // Poppler gives no-break spaces as spaces; pypdf keeps them.
        let poppler = try FacturXCheckTests.shell("pdftotext -enc UTF-8 '\(file.path)' -")
        #expect(poppler.status == 0)
        let exact = try PythonRunner.run(
            "import io, sys, pypdf\nprint('\\n'.join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(sys.stdin.buffer.read())).pages))",
            input: Data(pdf))
        for text in expected {
            #expect(poppler.output.contains(text.replacingOccurrences(of: "\u{00A0}", with: " ")), "\(name) pdftotext: \(text)")
            #expect(exact.contains(text), "\(name) pypdf: \(text)")
        }
    }

    /// The PDF/A-3b points pikepdf can see (as facturx_check does for invoices): XMP pdfaid 3/B, the sRGB
    /// OutputIntent, every font an embedded subset with ToUnicode, /ID, no encryption, and no /AF on these documents.
    @Test(.enabled(if: FacturXCheckTests.checkersAvailable), arguments: 0..<4)
    func pikepdfFindsThePDFAStructure(_ index: Int) throws {
        let (name, pdf, _) = Self.rendered[index]
        let report = try PythonRunner.run(
            """
            import io, sys, pikepdf
            pdf = pikepdf.open(io.BytesIO(sys.stdin.buffer.read()))
            out = ["encrypted=%s" % pdf.is_encrypted, "id=%d" % len(bytes(pdf.trailer.ID[0])), "af=%s" % ("/AF" in pdf.Root)]
            with pdf.open_metadata() as meta:
                out.append("pdfaid=%s/%s" % (meta.get("pdfaid:part"), meta.get("pdfaid:conformance")))
            intent = pdf.Root.OutputIntents[0]
            out.append("intent=%s icc=%s" % (intent.S, "/DestOutputProfile" in intent))
            fonts = {}
            for page in pdf.pages:
                for key, font in page.Resources.Font.items():
                    d = font.DescendantFonts[0]
                    fonts[str(font.BaseFont)] = "%s %s tounicode=%s fontfile2=%s" % (font.Subtype, d.Subtype, "/ToUnicode" in font,
                        "/FontFile2" in d.FontDescriptor)
            for base in sorted(fonts):
                out.append("font %s %s" % (base[7] == "+", fonts[base]))
            print("\\n".join(out))
            """, input: Data(pdf))
        let lines = report.split(separator: "\n").map(String.init)
        for expected in ["encrypted=False", "id=16", "af=False", "pdfaid=3/B", "intent=/GTS_PDFA1 icc=True"] {
            #expect(lines.contains(expected), "\(name): \(expected) in \(lines)")
        }
        let fonts = lines.filter { $0.hasPrefix("font ") }
        #expect(!fonts.isEmpty)
        for font in fonts { #expect(font == "font True /Type0 /CIDFontType2 tounicode=True fontfile2=True", "\(name): \(font)") }
    }

    @Test(.enabled(if: FacturXCheckTests.checkersAvailable)) func theBalanceInvoiceWithPaymentsStillPassesFacturXCheck() throws {
        let file = try FacturXCheckTests.temporaryFile(Self.rendered[4].pdf, suffix: ".pdf")
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try FacturXCheckTests.shell("python3 '\(FacturXCheckTests.facturxCheck)' '\(file.path)' --expect-type 380")
        #expect(result.status == 0, "\(result.output)")
        // Printed only: the payments received are not in the XML.
        #expect(!FacturXCII.xml(F.balanceWithPayments()).contains("Chèque"))
    }
}
