import ComptoirCore
import Foundation

/// A stock movement (« Mouvement de stock »): a receipt, an issue, a transfer between warehouses or locations, or a
/// scrapping, with its lines and serial numbers and who validated it. Printed as plain PDF/A-3b.
public struct StockMovementDocument: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        case receipt, issue, transfer, scrap

        /// « Entrée », « Sortie », « Transfert », « Mise au rebut ».
        public var label: String {
            switch self {
            case .receipt: "Entrée"
            case .issue: "Sortie"
            case .transfer: "Transfert"
            case .scrap: "Mise au rebut"
            }
        }
    }

    public struct Line: Sendable, Equatable {
        public var reference: String?
        public var name: String
        public var quantity: Quantity
        public var unit: String
        public var serials: [String]
        /// The line's own location, when it differs from the movement's (« A-01-03 → B-02-01 »).
        public var location: String?
        public init(
            reference: String? = nil, name: String, quantity: Quantity, unit: String = "", serials: [String] = [],
            location: String? = nil
        ) {
            self.reference = reference
            self.name = name
            self.quantity = quantity
            self.unit = unit
            self.serials = serials
            self.location = location
        }
    }

    public var kind: Kind
    public var title: String
    public var number: String
    public var date: CalendarDay
    public var reason: String?
    /// Warehouse and location it leaves (issue, transfer, scrap), as printed: « Entrepôt Paris — A-01 ».
    public var from: String?
    /// Warehouse and location it enters (receipt, transfer).
    public var to: String?
    /// The document it comes from (supplier order, delivery note…).
    public var sourceReference: String?
    public var organisation: InvoiceParty
    public var lines: [Line]
    public var validatedBy: String?
    /// Already formatted by the caller in the organisation's time zone: « 05/12/2026 14:32 ».
    public var validatedAt: String?
    public var notes: [String]
    public var legalMentions: [String]

    public init(
        kind: Kind, title: String? = nil, number: String, date: CalendarDay, reason: String? = nil, from: String? = nil,
        to: String? = nil, sourceReference: String? = nil, organisation: InvoiceParty, lines: [Line], validatedBy: String? = nil,
        validatedAt: String? = nil, notes: [String] = [], legalMentions: [String] = []
    ) {
        self.kind = kind
        self.title = title ?? "Mouvement de stock — \(kind.label)"
        self.number = number
        self.date = date
        self.reason = reason
        self.from = from
        self.to = to
        self.sourceReference = sourceReference
        self.organisation = organisation
        self.lines = lines
        self.validatedBy = validatedBy
        self.validatedAt = validatedAt
        self.notes = notes
        self.legalMentions = legalMentions
    }
}

/// The printed stock movement.
public enum StockMovementPDF {
    /// The PDF/A-3b bytes; `createdAt` is the injected clock's time. Same input, same bytes.
    public static func render(_ movement: StockMovementDocument, logo: PDFImage? = nil, createdAt: Date) -> [UInt8] {
        DocumentBlocks.render(
            draw(movement, logo: logo), title: movement.title, number: movement.number, author: movement.organisation.name,
            recipient: nil, createdAt: createdAt)
    }

    public static func draw(_ movement: StockMovementDocument, logo: PDFImage? = nil, fonts: PDFFontFamily = .dejaVuSans)
        -> PDFDocument
    {
        let pdf = PDFDocument(fonts: fonts)
        let layout = PDFLayout(document: pdf, footerLines: movement.legalMentions)
        DocumentBlocks.heading(layout, logo: logo, title: movement.title, number: movement.number, dates: [("Date", movement.date)])
        var places: [[(String, PDFTextStyle)]] = [DocumentBlocks.partyLines(movement.organisation, label: "Société")]
        if let from = movement.from { places.append([("Depuis", DocumentBlocks.label), (from, .bold)]) }
        if let to = movement.to { places.append([("Vers", DocumentBlocks.label), (to, .bold)]) }
        DocumentBlocks.sideBySide(layout, places)
        var references = ["Type\u{00A0}: \(movement.kind.label)"]
        if let reason = movement.reason { references.append("Motif\u{00A0}: \(reason)") }
        if let source = movement.sourceReference { references.append("Document d'origine\u{00A0}: \(source)") }
        DocumentBlocks.references(layout, references)

        let located = movement.lines.contains { $0.location != nil }
        var columns: [PDFTable.Column] = [.init("Référence", width: 18), .init("Produit", width: located ? 46 : 62)]
        if located { columns.append(.init("Emplacement", width: 16)) }
        columns += [.init("Quantité", width: 12, alignment: .right), .init("Unité", width: 8)]
        layout.table(
            PDFTable(
                columns: columns,
                rows: movement.lines.map { line in
                    let serials = line.serials.isEmpty ? [] : ["N° de série\u{00A0}: " + line.serials.joined(separator: ", ")]
                    var row = [line.reference ?? "", DocumentBlocks.designation(line.name, nil, extra: serials)]
                    if located { row.append(line.location ?? "") }
                    return row + [line.quantity.formatted(), line.unit]
                }))
        DocumentBlocks.termsAndNotes(layout, paymentTerms: nil, notes: movement.notes)
        var validation: [String] = []
        if let by = movement.validatedBy { validation.append("Par\u{00A0}: \(by)") }
        if let at = movement.validatedAt { validation.append("Le\u{00A0}: \(at)") }
        DocumentBlocks.signatureBox(
            layout, title: validation.isEmpty ? "Non validé" : "Validé", lines: validation + ["Signature\u{00A0}:"], height: 70)
        layout.finish()
        return pdf
    }
}
