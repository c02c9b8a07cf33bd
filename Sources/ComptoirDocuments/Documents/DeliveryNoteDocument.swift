import ComptoirCore
import Foundation

/// A delivery note (« Bon de livraison »): what left for the customer, with the serial numbers of each line, no prices,
/// and a box for the customer's signature (« Reçu le … par … »). Printed as plain PDF/A-3b.
public struct DeliveryNoteDocument: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public var reference: String?
        public var name: String
        public var description: String?
        /// What the order asked for; nil when the note stands alone.
        public var quantityOrdered: Quantity?
        public var quantityDelivered: Quantity
        /// As printed: « pce », « kg »; empty for none.
        public var unit: String
        /// The serial numbers delivered on this line (they wrap over as many lines as needed).
        public var serials: [String]
        public init(
            reference: String? = nil, name: String, description: String? = nil, quantityOrdered: Quantity? = nil,
            quantityDelivered: Quantity, unit: String = "", serials: [String] = []
        ) {
            self.reference = reference
            self.name = name
            self.description = description
            self.quantityOrdered = quantityOrdered
            self.quantityDelivered = quantityDelivered
            self.unit = unit
            self.serials = serials
        }
    }

    public var title: String
    public var number: String
    public var date: CalendarDay
    public var orderReference: String?
    /// The customer's own order reference.
    public var customerReference: String?
    public var organisation: InvoiceParty
    public var customer: InvoiceParty
    /// Where the goods go; the customer's address when nil.
    public var deliveryAddress: InvoiceParty.Address?
    /// Carrier, tracking number…
    public var carrier: String?
    public var lines: [Line]
    public var notes: [String]
    public var legalMentions: [String]

    public init(
        title: String = "Bon de livraison", number: String, date: CalendarDay, orderReference: String? = nil,
        customerReference: String? = nil, organisation: InvoiceParty, customer: InvoiceParty,
        deliveryAddress: InvoiceParty.Address? = nil, carrier: String? = nil, lines: [Line], notes: [String] = [],
        legalMentions: [String] = []
    ) {
        self.title = title
        self.number = number
        self.date = date
        self.orderReference = orderReference
        self.customerReference = customerReference
        self.organisation = organisation
        self.customer = customer
        self.deliveryAddress = deliveryAddress
        self.carrier = carrier
        self.lines = lines
        self.notes = notes
        self.legalMentions = legalMentions
    }
}

/// The printed delivery note.
public enum DeliveryNotePDF {
    /// The PDF/A-3b bytes; `createdAt` is the injected clock's time. Same input, same bytes.
    public static func render(_ note: DeliveryNoteDocument, logo: PDFImage? = nil, createdAt: Date) -> [UInt8] {
        DocumentBlocks.render(
            draw(note, logo: logo), title: note.title, number: note.number, author: note.organisation.name,
            recipient: note.customer.name, createdAt: createdAt)
    }

    public static func draw(_ note: DeliveryNoteDocument, logo: PDFImage? = nil, fonts: PDFFontFamily = .dejaVuSans) -> PDFDocument {
        let pdf = PDFDocument(fonts: fonts)
        let layout = PDFLayout(document: pdf, footerLines: note.legalMentions)
        DocumentBlocks.heading(layout, logo: logo, title: note.title, number: note.number, dates: [("Date", note.date)])
        DocumentBlocks.sideBySide(
            layout,
            [
                DocumentBlocks.partyLines(note.organisation, label: "Expéditeur"),
                DocumentBlocks.addressBlock(
                    note.deliveryAddress ?? note.customer.address, label: "Livré à", name: note.customer.name),
            ])
        var references: [String] = []
        if let order = note.orderReference { references.append("Commande\u{00A0}: \(order)") }
        if let reference = note.customerReference { references.append("Référence client\u{00A0}: \(reference)") }
        if let carrier = note.carrier { references.append("Transporteur\u{00A0}: \(carrier)") }
        DocumentBlocks.references(layout, references)

        let ordered = note.lines.contains { $0.quantityOrdered != nil }
        var columns: [PDFTable.Column] = [.init("Référence", width: 16), .init("Désignation", width: ordered ? 50 : 64)]
        if ordered { columns.append(.init("Commandé", width: 14, alignment: .right)) }
        columns += [.init("Livré", width: 11, alignment: .right), .init("Unité", width: 9)]
        layout.table(
            PDFTable(
                columns: columns,
                rows: note.lines.map { line in
                    let serials = line.serials.isEmpty ? [] : ["N° de série\u{00A0}: " + line.serials.joined(separator: ", ")]
                    var row = [line.reference ?? "", DocumentBlocks.designation(line.name, line.description, extra: serials)]
                    if ordered { row.append(line.quantityOrdered?.formatted() ?? "") }
                    return row + [line.quantityDelivered.formatted(), line.unit]
                }))
        DocumentBlocks.termsAndNotes(layout, paymentTerms: nil, notes: note.notes)
        DocumentBlocks.signatureBox(
            layout, title: "Réception", lines: ["Reçu le\u{00A0}: ……………………… par\u{00A0}: ………………………", "Signature\u{00A0}:"])
        layout.finish()
        return pdf
    }
}
