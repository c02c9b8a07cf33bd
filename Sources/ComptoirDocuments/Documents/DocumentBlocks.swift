import ComptoirCore
import Foundation

/// The pieces every printed document shares (invoice, quote, order, delivery note, stock movement…): the heading
/// with the logo, title, number and dates; the parties side by side; small reference lines; the VAT table; the totals;
/// payment terms and notes; a signature box; and the plain PDF/A-3b file. One place, so that the documents look alike.
enum DocumentBlocks {
    static let small = PDFTextStyle(size: 8)
    static let label = PDFTextStyle(size: 7.5, color: .gray)
    static let note = PDFTextStyle(font: .italic, size: 7.5, color: .gray)

    /// Logo, title in large bold, then « N° …   Date : …   <label> : … » on one bold line.
    static func heading(
        _ layout: PDFLayout, logo: PDFImage?, title: String, number: String, dates: [(label: String, day: CalendarDay?)]
    ) {
        if let logo { layout.image(logo, width: 110) }
        layout.paragraph(title, style: PDFTextStyle(font: .bold, size: 18), spacingAfter: 2)
        var header = ["N°\u{00A0}\(number)"]
        for (label, day) in dates {
            if let day { header.append("\(label)\u{00A0}: \(InvoiceDocument.displayDate(day))") }
        }
        layout.paragraph(header.joined(separator: "   "), style: .bold, spacingAfter: 10)
    }

    /// A party as printed: grey label, bold name, address, SIRET (else SIREN), VAT number, e-mail.
    static func partyLines(_ party: InvoiceParty, label: String) -> [(String, PDFTextStyle)] {
        var lines: [(String, PDFTextStyle)] = [(label, Self.label), (party.name, .bold)]
        lines += addressLines(party.address)
        if let siret = party.siret {
            lines.append(("SIRET\u{00A0}: \(siret)", small))
        } else if let siren = party.siren {
            lines.append(("SIREN\u{00A0}: \(siren)", small))
        }
        if let vat = party.vatNumber { lines.append(("N° TVA\u{00A0}: \(vat)", small)) }
        if let email = party.email { lines.append((email, small)) }
        return lines
    }

    /// The lines of an address, then « postcode city » (with the country code outside France).
    static func addressLines(_ address: InvoiceParty.Address) -> [(String, PDFTextStyle)] {
        var lines: [(String, PDFTextStyle)] = address.lines.filter { !$0.isEmpty }.map { ($0, .body) }
        lines.append(("\(address.postcode) \(address.city)" + (address.countryCode == "FR" ? "" : " (\(address.countryCode))"), .body))
        return lines
    }

    /// An address block under its grey label (« Adresse de livraison »), with an optional name line.
    static func addressBlock(_ address: InvoiceParty.Address, label: String, name: String? = nil) -> [(String, PDFTextStyle)] {
        [(label, Self.label)] + (name.map { [($0, PDFTextStyle.bold)] } ?? []) + addressLines(address)
    }

    /// Blocks side by side in equal shares of the width.
    static func sideBySide(_ layout: PDFLayout, _ blocks: [[(String, PDFTextStyle)]]) {
        guard !blocks.isEmpty else { return }
        layout.columns(blocks.map { (lines: $0, width: 1 / Double(blocks.count)) })
    }

    /// Small reference lines (« Commande : … », « Devis : … du … »), then a little space.
    static func references(_ layout: PDFLayout, _ lines: [String]) {
        for line in lines { layout.paragraph(line, style: small, spacingAfter: 1) }
        layout.space(6)
    }

    /// « FA2026-00043 du 30/11/2026 ».
    static func reference(_ reference: InvoiceDocument.Reference) -> String {
        reference.number + (reference.issueDate.map { " du \(InvoiceDocument.displayDate($0))" } ?? "")
    }

    /// A line's name with its description under it.
    static func designation(_ name: String, _ description: String?, extra: [String] = []) -> String {
        ([name, description].compactMap { $0 } + extra).filter { !$0.isEmpty }.joined(separator: "\n")
    }

    /// One row per VAT rate: rate (with its exemption reason), base excl. VAT, VAT.
    static func vatTable(_ layout: PDFLayout, _ breakdown: [InvoiceDocument.VATBreakdown]) {
        layout.table(
            PDFTable(
                columns: [
                    .init("Taux de TVA", width: 30), .init("Base HT", width: 35, alignment: .right),
                    .init("Montant TVA", width: 35, alignment: .right),
                ],
                rows: breakdown.map { vat in
                    let rate = InvoiceDocument.rateDisplay(vat.rate) + (vat.exemptionReason.map { " — \($0)" } ?? "")
                    return [rate, vat.taxableAmount.formatted(), vat.taxAmount.formatted()]
                }, bodyStyle: small))
    }

    /// Total HT, Total TVA, Total TTC (bold when it is the last line), then `more` lines.
    static func totals(
        _ layout: PDFLayout, taxBasis: Money, taxTotal: Money, grandTotal: Money,
        more: [(label: String, value: String, emphasis: Bool)] = []
    ) {
        layout.totals(
            [
                ("Total HT", taxBasis.formatted(), false), ("Total TVA", taxTotal.formatted(), false),
                ("Total TTC", grandTotal.formatted(), more.isEmpty),
            ] + more)
    }

    /// « Conditions de paiement : … », then each note in small grey italics.
    static func termsAndNotes(_ layout: PDFLayout, paymentTerms: String?, notes: [String]) {
        if let terms = paymentTerms { layout.paragraph("Conditions de paiement\u{00A0}: \(terms)", style: small, spacingAfter: 2) }
        for note in notes where !note.isEmpty { layout.paragraph(note, style: Self.note, spacingAfter: 1) }
    }

    /// A framed box at the right of the page (« Bon pour accord », « Reçu le … par … »): its title in bold, then its
    /// lines, then room to sign.
    static func signatureBox(_ layout: PDFLayout, title: String, lines: [String], height: Double = 90) {
        layout.space(4)
        layout.box(title: title, lines: lines, width: 0.5, height: height)
    }

    /// The document as a plain PDF/A-3b file (no attachment): metadata from the title, number and parties.
    static func render(_ document: PDFDocument, title: String, number: String, author: String, recipient: String?, createdAt: Date)
        -> [UInt8]
    {
        document.write(
            metadata: PDFMetadata(
                title: "\(title) \(number)", author: author,
                subject: "\(title) \(number)" + (recipient.map { " — \($0)" } ?? ""), date: createdAt))
    }
}

extension DocumentBlocks {
    /// A priced line as the tables print it; the unit and discount columns appear only when some line has one.
    struct PricedRow {
        var designation: String
        var quantity: Quantity
        var unit: String?
        var unitPrice: Money
        var discount: Discount?
        var vatRate: Int
        var net: Money
    }

    /// The lines table: Désignation, Qté, [Unité], PU HT, [Remise], TVA, Total HT; continued with its header.
    static func pricedTable(_ layout: PDFLayout, _ rows: [PricedRow]) {
        let units = rows.contains { !($0.unit ?? "").isEmpty }
        let discounts = rows.contains { ($0.discount?.basisPoints ?? 0) != 0 }
        var columns: [PDFTable.Column] = [.init("Désignation", width: 46 - (units ? 8 : 0) - (discounts ? 9 : 0))]
        columns.append(.init("Qté", width: 10, alignment: .right))
        if units { columns.append(.init("Unité", width: 8)) }
        columns.append(.init("PU HT", width: 16, alignment: .right))
        if discounts { columns.append(.init("Remise", width: 9, alignment: .right)) }
        columns += [.init("TVA", width: 10, alignment: .right), .init("Total HT", width: 18, alignment: .right)]
        let cells = rows.map { row -> [String] in
            var cells = [row.designation, row.quantity.formatted()]
            if units { cells.append(row.unit ?? "") }
            cells.append(row.unitPrice.formatted())
            if discounts {
                let points = Int(row.discount?.basisPoints ?? 0)
                cells.append(points == 0 ? "" : InvoiceDocument.rateDisplay(points))
            }
            cells += [InvoiceDocument.rateDisplay(row.vatRate), row.net.formatted()]
            return cells
        }
        layout.table(PDFTable(columns: columns, rows: cells))
    }
}
