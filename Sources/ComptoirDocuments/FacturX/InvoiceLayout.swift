import ComptoirCore
import Foundation

/// The printed invoice: header with title and dates, seller and buyer, references, lines table (continued with
/// its header on the next pages), VAT per rate, totals, payment and legal notes, footer with « Page X/Y ».
public enum InvoiceLayout {
    /// Draws `invoice` into a new document; `logo` (the organisation's) sits at the top left.
    public static func draw(_ invoice: InvoiceDocument, logo: PDFImage? = nil, fonts: PDFFontFamily = .dejaVuSans) -> PDFDocument {
        let document = PDFDocument(fonts: fonts)
        let layout = PDFLayout(document: document, footerLines: invoice.legalMentions)
        let small = PDFTextStyle(size: 8)
        if let logo { layout.image(logo, width: 110) }
        layout.paragraph(invoice.title, style: PDFTextStyle(font: .bold, size: 18), spacingAfter: 2)
        var header = ["N°\u{00A0}\(invoice.number)", "Date\u{00A0}: \(InvoiceDocument.displayDate(invoice.issueDate))"]
        if let due = invoice.dueDate { header.append("Échéance\u{00A0}: \(InvoiceDocument.displayDate(due))") }
        layout.paragraph(header.joined(separator: "   "), style: .bold, spacingAfter: 10)

        layout.columns([
            (lines: partyLines(invoice.seller, label: "Émetteur"), width: 0.5),
            (lines: partyLines(invoice.buyer, label: "Client"), width: 0.5),
        ])
        var references: [String] = []
        if let order = invoice.orderReference { references.append("Commande\u{00A0}: \(order)") }
        if let buyerReference = invoice.buyerReference { references.append("Référence client\u{00A0}: \(buyerReference)") }
        if !invoice.precedingInvoices.isEmpty {
            let label = invoice.typeCode == .creditNote ? "Facture concernée" : "Factures d'acompte déduites"
            let list = invoice.precedingInvoices.map { reference in
                reference.number + (reference.issueDate.map { " du \(InvoiceDocument.displayDate($0))" } ?? "")
            }
            references.append("\(label)\u{00A0}: " + list.joined(separator: ", "))
        }
        for reference in references { layout.paragraph(reference, style: small, spacingAfter: 1) }
        layout.space(6)

        let rows = invoice.lines.map { line -> [String] in
            let name = [line.name, line.description].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "\n")
            return [
                name, line.quantity.formatted(), line.netUnitPrice.formatted(), InvoiceDocument.rateDisplay(line.vatRate),
                line.netAmount.formatted(),
            ]
        }
        layout.table(
            PDFTable(
                columns: [
                    .init("Désignation", width: 46), .init("Qté", width: 10, alignment: .right),
                    .init("PU HT", width: 16, alignment: .right),
                    .init("TVA", width: 10, alignment: .right), .init("Total HT", width: 18, alignment: .right),
                ], rows: rows))
        for remark in invoice.remarks { layout.paragraph(remark, style: small, spacingAfter: 2) }

        layout.table(
            PDFTable(
                columns: [
                    .init("Taux de TVA", width: 30), .init("Base HT", width: 35, alignment: .right),
                    .init("Montant TVA", width: 35, alignment: .right),
                ],
                rows: invoice.vatBreakdown.map { vat in
                    let rate = InvoiceDocument.rateDisplay(vat.rate) + (vat.exemptionReason.map { " — \($0)" } ?? "")
                    return [rate, vat.taxableAmount.formatted(), vat.taxAmount.formatted()]
                }, bodyStyle: small))
        let totals = invoice.totals
        var lines: [(label: String, value: String, emphasis: Bool)] = [
            ("Total HT", totals.taxBasis.formatted(), false), ("Total TVA", totals.taxTotal.formatted(), false),
            ("Total TTC", totals.grandTotal.formatted(), totals.prepaid.isZero),
        ]
        if !totals.prepaid.isZero {
            lines.append(("Acomptes versés", "-" + totals.prepaid.formatted(), false))
            lines.append(("Net à payer", totals.duePayable.formatted(), true))
        } else if totals.duePayable != totals.grandTotal {
            lines.append(("Net à payer", totals.duePayable.formatted(), true))
        }
        layout.totals(lines)

        if let terms = invoice.paymentTerms { layout.paragraph("Conditions de paiement\u{00A0}: \(terms)", style: small, spacingAfter: 2) }
        if let payment = invoice.payment {
            var text = "Règlement par virement\u{00A0}: IBAN \(payment.iban)"
            if let bic = payment.bic { text += " — BIC \(bic)" }
            layout.paragraph(text, style: small, spacingAfter: 2)
        }
        for note in invoice.notes where note.subject != "BAR" {
            layout.paragraph(note.text, style: PDFTextStyle(font: .italic, size: 7.5, color: .gray), spacingAfter: 1)
        }
        layout.finish()
        return document
    }

    private static func partyLines(_ party: InvoiceParty, label: String) -> [(String, PDFTextStyle)] {
        let small = PDFTextStyle(size: 8)
        var lines: [(String, PDFTextStyle)] = [(label, PDFTextStyle(size: 7.5, color: .gray)), (party.name, .bold)]
        for line in party.address.lines where !line.isEmpty { lines.append((line, .body)) }
        lines.append(
            (
                "\(party.address.postcode) \(party.address.city)"
                    + (party.address.countryCode == "FR" ? "" : " (\(party.address.countryCode))"), .body
            ))
        if let siret = party.siret {
            lines.append(("SIRET\u{00A0}: \(siret)", small))
        } else if let siren = party.siren {
            lines.append(("SIREN\u{00A0}: \(siren)", small))
        }
        if let vat = party.vatNumber { lines.append(("N° TVA\u{00A0}: \(vat)", small)) }
        if let email = party.email { lines.append((email, small)) }
        return lines
    }
}
