import ComptoirCore
import Foundation
import Testing

@testable import ComptoirDocuments

/// Received e-invoices read back: what our writer produces (Factur-X PDF, CII, UBL) comes back equal; another
/// producer's CII; and hostile or broken files give a clear error, never a crash or a hang.
@Suite struct ReceivedInvoiceReaderTests {
    /// What the XML carries of an `InvoiceDocument`: our CII writes neither SIRET nor e-mail; the title, remarks and
    /// legal mentions are for the printed page only.
    static func expected(_ document: InvoiceDocument, _ syntax: ReceivedInvoice.Syntax) -> ReceivedInvoice {
        func party(_ party: InvoiceParty, seller: Bool) -> InvoiceParty {
            var party = party
            party.siret = nil
            if syntax == .cii { party.email = nil }
            if !seller { party.legalInformation = nil }
            return party
        }
        let lines = document.lines.map { line in
            ReceivedInvoice.Line(
                id: line.id, name: line.name, description: line.description, sellerReference: line.sellerReference,
                quantity: ReceivedInvoice.Amount(parsing: line.quantity.decimalString)!, unitCode: line.unitCode,
                netUnitPrice: ReceivedInvoice.Amount(parsing: line.netUnitPrice.decimalString), netAmount: line.netAmount,
                vatCategory: line.vatCategory, vatRate: line.vatRate)
        }
        let kind: ReceivedInvoice.Kind =
            switch document.typeCode {
            case .invoice: .invoice
            case .creditNote: .creditNote
            case .deposit: .deposit
            }
        let credit = syntax == .ubl && document.typeCode == .creditNote
        return ReceivedInvoice(
            syntax: syntax, profile: FacturXCII.guideline, businessProcess: document.businessProcess, kind: kind,
            typeCode: document.typeCode.rawValue, number: document.number, issueDate: document.issueDate,
            dueDate: credit && document.payment == nil ? nil : document.dueDate, deliveryDate: document.deliveryDate,
            currency: document.currency, seller: party(document.seller, seller: true), buyer: party(document.buyer, seller: false),
            buyerReference: document.buyerReference, orderReference: document.orderReference, lines: lines,
            vatBreakdown: document.vatBreakdown, totals: document.totals, precedingInvoices: document.precedingInvoices,
            notes: document.notes, paymentTerms: document.paymentTerms, payment: document.payment)
    }

    static let documents: [InvoiceDocument] = [
        InvoiceFixtures.standard(), InvoiceFixtures.creditNote(), InvoiceFixtures.deposit(), InvoiceFixtures.balance(),
    ]

    @Test(arguments: 0..<4) func aFacturXPDFWeWroteReadsBackEqual(_ index: Int) throws {
        // setup
        let document = Self.documents[index]
        let pdf = FacturXPDF.render(document, createdAt: InvoiceFixtures.clock)
        // act
        let file = try ReceivedInvoiceReader.read(pdf)
        // validate
        #expect(file.container == .pdf)
        #expect(file.embeddedName == "factur-x.xml")
        #expect(file.xml == Array(FacturXCII.xml(document).utf8))
        #expect(file.invoice == Self.expected(document, .cii))
        #expect(file.warnings.isEmpty, "\(file.warnings.map(\.french))")
    }

    @Test(arguments: 0..<4) func ourUBLReadsBackEqual(_ index: Int) throws {
        let document = Self.documents[index]
        let file = try ReceivedInvoiceReader.read(Array(UBLInvoice.xml(document).utf8))
        #expect(file.container == .xml)
        #expect(file.invoice == Self.expected(document, .ubl))
        #expect(file.warnings.isEmpty, "\(file.warnings.map(\.french))")
    }

    @Test func theKindsAndReferencesAreRead() throws {
        let credit = try ReceivedInvoiceReader.read(Array(UBLInvoice.xml(InvoiceFixtures.creditNote()).utf8)).invoice
        #expect(credit.kind == .creditNote)
        #expect(credit.typeCode == "381")
        #expect(credit.precedingInvoices.map(\.number) == ["FA2026-00042"])
        let deposit = try ReceivedInvoiceReader.read(Array(FacturXCII.xml(InvoiceFixtures.deposit()).utf8)).invoice
        #expect(deposit.kind == .deposit)
        let balance = try ReceivedInvoiceReader.read(Array(FacturXCII.xml(InvoiceFixtures.balance()).utf8)).invoice
        #expect(balance.totals.prepaid == Money(minorUnits: 36_000))
        #expect(balance.totals.duePayable == Money(minorUnits: 84_000))
        #expect(balance.seller.siren == "123456782")
        #expect(balance.seller.vatNumber == "FR32123456782")
        #expect(balance.payment?.iban == "FR7630006000011234567890189")
    }

    /// Another producer: other prefixes (`ns0`, a default namespace), BASIC WL (no lines), SIRET in scheme 0009, an
    /// e-mail contact, amounts with trailing zeros, two TaxTotalAmount (the invoice currency's is taken).
    static let basicWL = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- produced elsewhere -->
        <ns0:CrossIndustryInvoice xmlns:ns0="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
            xmlns="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
            xmlns:u="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
          <ns0:ExchangedDocumentContext>
            <GuidelineSpecifiedDocumentContextParameter><ID>urn:factur-x.eu:1p0:basicwl</ID></GuidelineSpecifiedDocumentContextParameter>
          </ns0:ExchangedDocumentContext>
          <ns0:ExchangedDocument>
            <ID>F-2026/118</ID><TypeCode>380</TypeCode>
            <IssueDateTime><u:DateTimeString format="102">20261203</u:DateTimeString></IssueDateTime>
            <IncludedNote><Content>Merci de votre confiance &amp; à bientôt</Content></IncludedNote>
          </ns0:ExchangedDocument>
          <ns0:SupplyChainTradeTransaction>
            <ApplicableHeaderTradeAgreement>
              <SellerTradeParty>
                <Name>Papeterie Ŝtéphane</Name>
                <SpecifiedLegalOrganization><ID schemeID="0009">73282932000074</ID></SpecifiedLegalOrganization>
                <DefinedTradeContact><EmailURIUniversalCommunication><URIID>factu@papeterie.example</URIID></EmailURIUniversalCommunication></DefinedTradeContact>
                <PostalTradeAddress><PostcodeCode>13001</PostcodeCode><LineOne>2 quai du Port</LineOne><CityName>Marseille</CityName><CountryID>FR</CountryID></PostalTradeAddress>
                <SpecifiedTaxRegistration><ID schemeID="VA">FR 44 732829320</ID></SpecifiedTaxRegistration>
              </SellerTradeParty>
              <BuyerTradeParty><Name>Atelier Dupont</Name></BuyerTradeParty>
            </ApplicableHeaderTradeAgreement>
            <ApplicableHeaderTradeDelivery/>
            <ApplicableHeaderTradeSettlement>
              <InvoiceCurrencyCode>EUR</InvoiceCurrencyCode>
              <ApplicableTradeTax><CalculatedAmount>20.000</CalculatedAmount><TypeCode>VAT</TypeCode><BasisAmount>100.00</BasisAmount><CategoryCode>S</CategoryCode><RateApplicablePercent>20</RateApplicablePercent></ApplicableTradeTax>
              <ApplicableTradeTax><CalculatedAmount>1.10</CalculatedAmount><TypeCode>VAT</TypeCode><BasisAmount>20.00</BasisAmount><CategoryCode>S</CategoryCode><RateApplicablePercent>5.5</RateApplicablePercent></ApplicableTradeTax>
              <SpecifiedTradePaymentTerms><DueDateDateTime><u:DateTimeString format="102">20270102</u:DateTimeString></DueDateDateTime></SpecifiedTradePaymentTerms>
              <SpecifiedTradeSettlementHeaderMonetarySummation>
                <LineTotalAmount>120.00</LineTotalAmount><TaxBasisTotalAmount>120.00</TaxBasisTotalAmount>
                <TaxTotalAmount currencyID="USD">25.00</TaxTotalAmount><TaxTotalAmount currencyID="EUR">21.10</TaxTotalAmount>
                <GrandTotalAmount>141.10</GrandTotalAmount><DuePayableAmount>141.10</DuePayableAmount>
              </SpecifiedTradeSettlementHeaderMonetarySummation>
            </ApplicableHeaderTradeSettlement>
          </ns0:SupplyChainTradeTransaction>
        </ns0:CrossIndustryInvoice>
        """

    @Test func anotherProducersBasicWLWithoutLinesIsRead() throws {
        let file = try ReceivedInvoiceReader.read(Array(Self.basicWL.utf8))
        let invoice = file.invoice
        #expect(invoice.profile == "urn:factur-x.eu:1p0:basicwl")
        #expect(invoice.number == "F-2026/118")
        #expect(invoice.issueDate == InvoiceFixtures.day(2026, 12, 3))
        #expect(invoice.dueDate == InvoiceFixtures.day(2027, 1, 2))
        #expect(invoice.lines.isEmpty)
        #expect(invoice.seller.name == "Papeterie Ŝtéphane")
        #expect(invoice.seller.siret == "73282932000074")
        #expect(invoice.seller.siren == "732829320")
        #expect(invoice.seller.vatNumber == "FR44732829320")
        #expect(invoice.seller.email == "factu@papeterie.example")
        #expect(invoice.seller.address == InvoiceParty.Address(lines: ["2 quai du Port"], postcode: "13001", city: "Marseille"))
        #expect(invoice.notes == [ReceivedInvoice.Note(subject: nil, "Merci de votre confiance & à bientôt")])
        #expect(invoice.vatBreakdown.map(\.rate) == [2000, 550])
        #expect(invoice.vatBreakdown.map(\.taxAmount) == [Money(minorUnits: 2000), Money(minorUnits: 110)])
        #expect(invoice.totals.taxTotal == Money(minorUnits: 2110))
        #expect(invoice.totals.grandTotal == Money(minorUnits: 14110))
        #expect(file.warnings.map(\.code) == ["no_lines"])
    }

    @Test func unitPricesAndQuantitiesKeepEveryDecimal() throws {
        var xml = FacturXCII.xml(InvoiceFixtures.deposit())
        xml = xml.replacingOccurrences(
            of: "<ram:ChargeAmount>300.00</ram:ChargeAmount>", with: "<ram:ChargeAmount>0.1234</ram:ChargeAmount>")
        xml = xml.replacingOccurrences(of: ">1</ram:BilledQuantity>", with: ">2431.1345</ram:BilledQuantity>")
        let line = try #require(try ReceivedInvoiceReader.read(Array(xml.utf8)).invoice.lines.first)
        #expect(line.netUnitPrice == ReceivedInvoice.Amount(mantissa: 1234, scale: 4))
        #expect(line.netUnitPrice?.money() == nil)
        #expect(line.quantity.description == "2431.1345")
        #expect(line.quantity.quantity == nil)
        #expect(ReceivedInvoice.Amount(parsing: "-12.50")?.money() == Money(minorUnits: -1250))
        #expect(ReceivedInvoice.Amount(parsing: "1e5") == nil)
        #expect(ReceivedInvoice.Amount(parsing: "1.2.3") == nil)
    }

    @Test func inconsistentTotalsAreWarnings() throws {
        var xml = FacturXCII.xml(InvoiceFixtures.standard())
        xml = xml.replacingOccurrences(of: "<ram:GrandTotalAmount>1621.90<", with: "<ram:GrandTotalAmount>1621.99<")
        xml = xml.replacingOccurrences(of: "<ram:CalculatedAmount>5.50<", with: "<ram:CalculatedAmount>5.60<")
        xml = xml.replacingOccurrences(of: "<ram:LineTotalAmount>2917.00<", with: "<ram:LineTotalAmount>29.18<")
        xml = xml.replacingOccurrences(of: "<ram:LineTotalAmount>29.17<", with: "<ram:LineTotalAmount>29.18<")
        let warnings = try ReceivedInvoiceReader.read(Array(xml.utf8)).warnings.map(\.code)
        #expect(warnings.contains("line_total_mismatch"))
        #expect(warnings.contains("vat_basis_mismatch"))
        #expect(warnings.contains("vat_amount_mismatch"))
        #expect(warnings.contains("vat_total_mismatch"))
        #expect(warnings.contains("grand_total_mismatch"))
        #expect(warnings.contains("due_mismatch"))
    }

    // MARK: - Bad files

    static func error(_ bytes: [UInt8]) -> ReceivedInvoiceError? {
        do {
            _ = try ReceivedInvoiceReader.read(bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func badFilesGiveClearErrors() throws {
        #expect(Self.error([]) == .empty)
        #expect(Self.error(Array("Bonjour, voici la facture.".utf8)) == .notAnInvoiceFile)
        #expect(Self.error([UInt8](repeating: 0x20, count: ReceivedInvoiceReader.maxBytes + 1)) == .tooLarge(limit: 20 * 1024 * 1024))
        // A PDF without XML: the printed invoice alone.
        let plain = InvoiceLayout.draw(InvoiceFixtures.standard(), logo: nil).write(
            metadata: PDFMetadata(title: "Facture", author: "A", subject: "S", date: InvoiceFixtures.clock))
        #expect(Self.error(plain) == .noInvoiceInPDF)
        #expect(Self.error(plain)?.french == "Ce PDF ne contient pas de facture électronique (Factur-X).")
        // Malformed and truncated XML, a foreign root.
        let cii = FacturXCII.xml(InvoiceFixtures.standard())
        guard case .malformedXML = Self.error(Array(cii.utf8.prefix(2_000))) else { Issue.record("truncated XML read"); return }
        guard case .malformedXML = Self.error(Array("<a><b></a>".utf8)) else { Issue.record("crossed tags read"); return }
        #expect(Self.error(Array("<Order xmlns='urn:x'/>".utf8)) == .notAnInvoice(root: "Order"))
        #expect(Self.error([0xFF, 0xFE, 0x3C, 0x00]) == .unsupportedEncoding)
        // Required fields.
        let noNumber = cii.replacingOccurrences(of: "<ram:ID>FA2026-00042</ram:ID>", with: "")
        #expect(Self.error(Array(noNumber.utf8)) == .missing("number"))
        let badDate = cii.replacingOccurrences(of: ">20261130<", with: ">20261131<")
        #expect(Self.error(Array(badDate.utf8)) == .invalidValue(field: "issue date", value: "20261131"))
        let badAmount = cii.replacingOccurrences(of: "<ram:GrandTotalAmount>1621.90<", with: "<ram:GrandTotalAmount>1,621.90<")
        #expect(Self.error(Array(badAmount.utf8)) == .invalidValue(field: "GrandTotalAmount", value: "1,621.90"))
    }

    @Test func doctypesAndEntitiesAreRefused() throws {
        let laughs = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
            <rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100">&lol2;</rsm:CrossIndustryInvoice>
            """
        #expect(Self.error(Array(laughs.utf8)) == .malformedXML("DOCTYPE and other declarations are not allowed"))
        let xxe = """
            <!DOCTYPE Invoice [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>&xxe;</ID></Invoice>
            """
        #expect(Self.error(Array(xxe.utf8)) == .malformedXML("DOCTYPE and other declarations are not allowed"))
        // An undeclared entity without a DOCTYPE.
        let undeclared = FacturXCII.xml(InvoiceFixtures.standard()).replacingOccurrences(of: "FA2026-00042", with: "&xxe;")
        guard case .malformedXML = Self.error(Array(undeclared.utf8)) else { Issue.record("entity read"); return }
        // The same bomb inside a PDF stream.
        let pdf = Self.pdf(streams: [Deflate.zlib(Array(laughs.utf8))])
        #expect(Self.error(pdf) == .noInvoiceInPDF)
    }

    /// A minimal PDF holding `streams` (FlateDecode) as objects 1…n.
    static func pdf(streams: [[UInt8]], filter: String = "/Filter /FlateDecode") -> [UInt8] {
        var out = Array("%PDF-1.7\n".utf8)
        for (index, stream) in streams.enumerated() {
            out += Array("\(index + 1) 0 obj\n<< /Length \(stream.count) \(filter) >>\nstream\n".utf8)
            out += stream
            out += Array("\nendstream\nendobj\n".utf8)
        }
        out += Array("trailer\n<< /Size \(streams.count + 1) >>\n%%EOF\n".utf8)
        return out
    }

    @Test func hostilePDFStreamsNeitherHangNorExplode() throws {
        let xml = Array(FacturXCII.xml(InvoiceFixtures.standard()).utf8)
        let good = Deflate.zlib(xml)
        // A truncated stream, a stream inflating past the cap (a deflate bomb), garbage after a zlib header.
        let truncated = Array(good.prefix(good.count / 2))
        let bomb = Deflate.zlib([UInt8](repeating: 0x41, count: 30 * 1024 * 1024))
        let garbage: [UInt8] = [0x78, 0x9C] + (0..<5_000).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) }
        #expect(Self.error(Self.pdf(streams: [truncated, bomb, garbage])) == .noInvoiceInPDF)
        // The same with the real XML after them: it is found.
        let file = try ReceivedInvoiceReader.read(Self.pdf(streams: [truncated, bomb, garbage, good]))
        #expect(file.invoice.number == "FA2026-00042")
        // An uncompressed XML stream, and a /Length given by an indirect object.
        #expect(try ReceivedInvoiceReader.read(Self.pdf(streams: [xml], filter: "")).invoice.number == "FA2026-00042")
        // The XML, uncompressed, holds the word « endstream » in a note: only the right length reads it whole. Object 12
        // comes first: « 2 0 obj » must not be read inside « 12 0 obj ».
        var tricky = InvoiceFixtures.standard()
        tricky.notes.append(.init(subject: nil, "endstream"))
        let trickyXML = Array(FacturXCII.xml(tricky).utf8)
        var indirect = Array("%PDF-1.4\n12 0 obj\n7\nendobj\n1 0 obj\n<< /Length 2 0 R >>\nstream\n".utf8) + trickyXML
        indirect += Array("\nendstream\nendobj\n2 0 obj\n\(trickyXML.count)\nendobj\n%%EOF".utf8)
        #expect(try ReceivedInvoiceReader.read(indirect).invoice.number == "FA2026-00042")
        // An encrypted PDF is named as such.
        let encrypted = Array("%PDF-1.7\n1 0 obj\n<< /Length 3 >>\nstream\nabc\nendstream\nendobj\ntrailer << /Encrypt 5 0 R >>".utf8)
        #expect(Self.error(encrypted) == .encryptedPDF)
    }

    @Test func garbageNeverCrashes() throws {
        let seeds = Array(FacturXPDF.render(InvoiceFixtures.deposit(), createdAt: InvoiceFixtures.clock))
        var generator = SystemRandomNumberGenerator()
        for round in 0..<60 {
            var bytes = seeds
            // Flip bytes, or cut the file anywhere.
            if round % 3 == 0 {
                bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &generator)))
            } else {
                for _ in 0..<50 { bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator) }
            }
            _ = Self.error(bytes)
            _ = Self.error(Array("<".utf8) + bytes.prefix(3_000))
        }
        let cii = Array(FacturXCII.xml(InvoiceFixtures.standard()).utf8)
        for cut in stride(from: 0, to: cii.count, by: 97) { _ = Self.error(Array(cii.prefix(cut))) }
    }

    /// A PDF made by the `factur-x` Python library (`generate_from_binary`) from a plain pypdf page and a CII XML.
    @Test(.enabled(if: PythonRunner.available("facturx") && PythonRunner.available("pypdf")))
    func aFacturXPDFFromThePythonLibraryIsRead() throws {
        let document = InvoiceFixtures.balance()
        let script = """
            import io, sys
            from pypdf import PdfWriter
            from facturx import generate_from_binary
            writer = PdfWriter()
            writer.add_blank_page(width=595, height=842)
            plain = io.BytesIO()
            writer.write(plain)
            xml = sys.stdin.buffer.read()
            sys.stdout.buffer.write(generate_from_binary(plain.getvalue(), xml, flavor='factur-x', level='en16931', check_xsd=True))
            """
        let output = try PythonRunner.runBinary(script, input: Data(FacturXCII.xml(document).utf8))
        let file = try ReceivedInvoiceReader.read([UInt8](output))
        #expect(file.container == .pdf)
        #expect(file.embeddedName == "factur-x.xml")
        #expect(file.invoice == Self.expected(document, .cii))
    }
}
