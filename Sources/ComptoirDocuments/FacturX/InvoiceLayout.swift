import ComptoirCore
import Foundation

/// The printed invoice: header with title and dates, seller and buyer, references, lines table (continued with
/// its header on the next pages), VAT per rate, totals, deposits deducted, payments received and what remains,
/// payment and legal notes, footer with « Page X/Y ». The shared pieces are `DocumentBlocks`'.
public enum InvoiceLayout {
    /// Draws `invoice` into a new document; `logo` (the organisation's) sits at the top left.
    public static func draw(_ invoice: InvoiceDocument, logo: PDFImage? = nil, fonts: PDFFontFamily = .dejaVuSans) -> PDFDocument {
        let document = PDFDocument(fonts: fonts)
        let layout = PDFLayout(document: document, footerLines: invoice.legalMentions)
        DocumentBlocks.heading(
            layout, logo: logo, title: invoice.title, number: invoice.number,
            dates: [("Date", invoice.issueDate), ("Échéance", invoice.dueDate)])
        var parties = [
            DocumentBlocks.partyLines(invoice.seller, label: "Émetteur"), DocumentBlocks.partyLines(invoice.buyer, label: "Client"),
        ]
        if let delivery = invoice.deliveryAddress, delivery != invoice.buyer.address {
            parties.append(DocumentBlocks.addressBlock(delivery, label: "Adresse de livraison"))
        }
        DocumentBlocks.sideBySide(layout, parties)

        var references: [String] = []
        if let order = invoice.orderReference { references.append("Commande\u{00A0}: \(order)") }
        if let buyerReference = invoice.buyerReference { references.append("Référence client\u{00A0}: \(buyerReference)") }
        if let delivered = invoice.deliveryDate {
            references.append("Date de livraison\u{00A0}: \(InvoiceDocument.displayDate(delivered))")
        }
        if !invoice.precedingInvoices.isEmpty {
            let label = invoice.typeCode == .creditNote ? "Facture concernée" : "Factures d'acompte déduites"
            references.append("\(label)\u{00A0}: " + invoice.precedingInvoices.map(DocumentBlocks.reference).joined(separator: ", "))
        }
        DocumentBlocks.references(layout, references)

        DocumentBlocks.pricedTable(
            layout,
            invoice.lines.map { line in
                .init(
                    designation: DocumentBlocks.designation(line.name, line.description), quantity: line.quantity, unit: nil,
                    unitPrice: line.netUnitPrice, discount: nil, vatRate: line.vatRate, net: line.netAmount)
            })
        for remark in invoice.remarks { layout.paragraph(remark, style: DocumentBlocks.small, spacingAfter: 2) }
        if invoice.typeCode != .creditNote, invoice.precedingInvoices.contains(where: { $0.amount != nil }) {
            layout.table(
                PDFTable(
                    columns: [
                        .init("Acompte déduit", width: 40), .init("Date", width: 25), .init("Montant TTC", width: 35, alignment: .right),
                    ],
                    rows: invoice.precedingInvoices.map { reference in
                        [
                            reference.number, reference.issueDate.map(InvoiceDocument.displayDate) ?? "",
                            reference.amount?.formatted() ?? "",
                        ]
                    }, bodyStyle: DocumentBlocks.small))
        }

        DocumentBlocks.vatTable(layout, invoice.vatBreakdown)
        let totals = invoice.totals
        var more: [(label: String, value: String, emphasis: Bool)] = []
        if !totals.prepaid.isZero {
            more.append(("Acomptes versés", "-" + totals.prepaid.formatted(), false))
            more.append(("Net à payer", totals.duePayable.formatted(), true))
        } else if totals.duePayable != totals.grandTotal {
            more.append(("Net à payer", totals.duePayable.formatted(), true))
        }
        DocumentBlocks.totals(layout, taxBasis: totals.taxBasis, taxTotal: totals.taxTotal, grandTotal: totals.grandTotal, more: more)

        if !invoice.paymentsReceived.isEmpty {
            layout.table(
                PDFTable(
                    columns: [
                        .init("Règlement reçu le", width: 25), .init("Libellé", width: 45), .init("Montant", width: 30, alignment: .right),
                    ],
                    rows: invoice.paymentsReceived.map { [InvoiceDocument.displayDate($0.date), $0.label, $0.amount.formatted()] },
                    bodyStyle: DocumentBlocks.small))
        }
        var remaining: [(label: String, value: String, emphasis: Bool)] = []
        if let toPay = invoice.remainingToPay { remaining.append(("Reste à payer", toPay.formatted(), true)) }
        if let toInvoice = invoice.remainingToInvoice {
            let order = invoice.orderReference.map { " (commande \($0))" } ?? ""
            remaining.append(("Reste à facturer" + order, toInvoice.formatted(), false))
        }
        if !remaining.isEmpty { layout.totals(remaining, width: 0.6) }

        DocumentBlocks.termsAndNotes(layout, paymentTerms: invoice.paymentTerms, notes: [])
        if let payment = invoice.payment {
            var text = "Règlement par virement\u{00A0}: IBAN \(payment.iban)"
            if let bic = payment.bic { text += " — BIC \(bic)" }
            layout.paragraph(text, style: DocumentBlocks.small, spacingAfter: 2)
        }
        DocumentBlocks.termsAndNotes(layout, paymentTerms: nil, notes: invoice.notes.filter { $0.subject != "BAR" }.map(\.text))
        layout.finish()
        return document
    }
}
