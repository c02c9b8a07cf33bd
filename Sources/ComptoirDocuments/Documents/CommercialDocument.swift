import ComptoirCore
import Foundation

/// A quote, an order, a supplier order or a supplier invoice as recorded, printed as plain PDF/A-3b (no embedded XML):
/// one type with a `kind`, since they share everything but a few words and blocks. Every amount is given, already
/// computed by Sales; nothing here adds up or rounds.
public struct CommercialDocument: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        case quote, order, supplierOrder, supplierInvoice

        /// « Devis », « Bon de commande », « Commande fournisseur », « Facture fournisseur ».
        public var title: String {
            switch self {
            case .quote: "Devis"
            case .order: "Bon de commande"
            case .supplierOrder: "Commande fournisseur"
            case .supplierInvoice: "Facture fournisseur"
            }
        }

        /// Whether the partner is a supplier (else a customer).
        public var isPurchase: Bool { self == .supplierOrder || self == .supplierInvoice }
    }

    /// One line: the net amount is given (quantity × unit price less the discount, computed by Sales).
    public struct Line: Sendable, Equatable {
        public var reference: String?
        public var name: String
        public var description: String?
        public var quantity: Quantity
        /// As printed: « h », « pce », « kg »; empty for none.
        public var unit: String
        public var unitPrice: Money
        public var discount: Discount
        /// Basis points: 2000 = 20 %, 550 = 5,5 %.
        public var vatRate: Int
        public var netAmount: Money
        public init(
            reference: String? = nil, name: String, description: String? = nil, quantity: Quantity, unit: String = "",
            unitPrice: Money, discount: Discount = .none, vatRate: Int, netAmount: Money
        ) {
            self.reference = reference
            self.name = name
            self.description = description
            self.quantity = quantity
            self.unit = unit
            self.unitPrice = unitPrice
            self.discount = discount
            self.vatRate = vatRate
            self.netAmount = netAmount
        }
    }

    public struct Totals: Sendable, Equatable {
        public var taxBasis: Money
        public var taxTotal: Money
        public var grandTotal: Money
        public init(taxBasis: Money, taxTotal: Money, grandTotal: Money) {
            self.taxBasis = taxBasis
            self.taxTotal = taxTotal
            self.grandTotal = grandTotal
        }
    }

    public var kind: Kind
    /// The printed title; `kind.title` unless Sales gives another (« Devis n° 2 »…).
    public var title: String
    public var number: String
    public var issueDate: CalendarDay
    /// A quote's « Valable jusqu'au ».
    public var validUntil: CalendarDay?
    /// The (planned) delivery date.
    public var deliveryDate: CalendarDay?
    /// A supplier invoice's due date.
    public var dueDate: CalendarDay?
    /// The organisation (ours): its logo and legal mentions head and foot the page.
    public var organisation: InvoiceParty
    /// The customer (quote, order) or the supplier (supplier order, supplier invoice).
    public var partner: InvoiceParty
    /// Printed when it differs from the partner's address.
    public var billingAddress: InvoiceParty.Address?
    /// Printed when it differs from the billing address.
    public var deliveryAddress: InvoiceParty.Address?
    /// The partner's own reference (customer's purchase order, supplier's invoice number).
    public var partnerReference: String?
    /// An order's quote, recalled under the header (« Suivant devis DE2026-00012 du 02/11/2026 »).
    public var quote: InvoiceDocument.Reference?
    /// A supplier invoice's order, or any other document recalled.
    public var orderReference: String?
    public var lines: [Line]
    public var vatBreakdown: [InvoiceDocument.VATBreakdown]
    public var totals: Totals
    public var paymentTerms: String?
    public var notes: [String]
    /// Printed at the foot of every page: legal form, capital, RCS, SIRET, VAT number…
    public var legalMentions: [String]

    public init(
        kind: Kind, title: String? = nil, number: String, issueDate: CalendarDay, validUntil: CalendarDay? = nil,
        deliveryDate: CalendarDay? = nil, dueDate: CalendarDay? = nil, organisation: InvoiceParty, partner: InvoiceParty,
        billingAddress: InvoiceParty.Address? = nil, deliveryAddress: InvoiceParty.Address? = nil, partnerReference: String? = nil,
        quote: InvoiceDocument.Reference? = nil, orderReference: String? = nil, lines: [Line],
        vatBreakdown: [InvoiceDocument.VATBreakdown], totals: Totals, paymentTerms: String? = nil, notes: [String] = [],
        legalMentions: [String] = []
    ) {
        self.kind = kind
        self.title = title ?? kind.title
        self.number = number
        self.issueDate = issueDate
        self.validUntil = validUntil
        self.deliveryDate = deliveryDate
        self.dueDate = dueDate
        self.organisation = organisation
        self.partner = partner
        self.billingAddress = billingAddress
        self.deliveryAddress = deliveryAddress
        self.partnerReference = partnerReference
        self.quote = quote
        self.orderReference = orderReference
        self.lines = lines
        self.vatBreakdown = vatBreakdown
        self.totals = totals
        self.paymentTerms = paymentTerms
        self.notes = notes
        self.legalMentions = legalMentions
    }
}

/// The printed quote, order, supplier order or supplier invoice.
public enum CommercialPDF {
    /// The PDF/A-3b bytes; `createdAt` is the injected clock's time. Same input, same bytes.
    public static func render(_ document: CommercialDocument, logo: PDFImage? = nil, createdAt: Date) -> [UInt8] {
        DocumentBlocks.render(
            draw(document, logo: logo), title: document.title, number: document.number, author: document.organisation.name,
            recipient: document.partner.name, createdAt: createdAt)
    }

    /// Draws the document: heading, parties and addresses, references, lines, VAT, totals, terms, notes, and for a
    /// quote the « Bon pour accord » box.
    public static func draw(_ document: CommercialDocument, logo: PDFImage? = nil, fonts: PDFFontFamily = .dejaVuSans) -> PDFDocument {
        let pdf = PDFDocument(fonts: fonts)
        let layout = PDFLayout(document: pdf, footerLines: document.legalMentions)
        DocumentBlocks.heading(
            layout, logo: logo, title: document.title, number: document.number,
            dates: [
                ("Date", document.issueDate), ("Valable jusqu'au", document.validUntil), ("Échéance", document.dueDate),
                ("Livraison", document.deliveryDate),
            ])
        let purchase = document.kind.isPurchase
        let ours = DocumentBlocks.partyLines(
            document.organisation, label: document.kind == .supplierInvoice ? "Destinataire" : "Émetteur")
        let theirs = DocumentBlocks.partyLines(document.partner, label: purchase ? "Fournisseur" : "Client")
        DocumentBlocks.sideBySide(layout, document.kind == .supplierInvoice ? [theirs, ours] : [ours, theirs])
        let billing = document.billingAddress ?? document.partner.address
        var addresses: [[(String, PDFTextStyle)]] = []
        if billing != document.partner.address {
            addresses.append(DocumentBlocks.addressBlock(billing, label: "Adresse de facturation"))
        }
        if let delivery = document.deliveryAddress, delivery != billing {
            if addresses.isEmpty { addresses.append(DocumentBlocks.addressBlock(billing, label: "Adresse de facturation")) }
            addresses.append(DocumentBlocks.addressBlock(delivery, label: "Adresse de livraison"))
        }
        DocumentBlocks.sideBySide(layout, addresses)

        var references: [String] = []
        if let quote = document.quote { references.append("Suivant devis\u{00A0}: \(DocumentBlocks.reference(quote))") }
        if let order = document.orderReference { references.append("Commande\u{00A0}: \(order)") }
        if let reference = document.partnerReference {
            let label =
                document.kind == .supplierInvoice ? "N° de facture du fournisseur" : purchase ? "Référence fournisseur" : "Référence client"
            references.append("\(label)\u{00A0}: \(reference)")
        }
        DocumentBlocks.references(layout, references)

        DocumentBlocks.pricedTable(
            layout,
            document.lines.map { line in
                .init(
                    designation: DocumentBlocks.designation(
                        line.reference.map { "\($0) — \(line.name)" } ?? line.name, line.description),
                    quantity: line.quantity, unit: line.unit, unitPrice: line.unitPrice, discount: line.discount, vatRate: line.vatRate,
                    net: line.netAmount)
            })
        DocumentBlocks.vatTable(layout, document.vatBreakdown)
        DocumentBlocks.totals(
            layout, taxBasis: document.totals.taxBasis, taxTotal: document.totals.taxTotal, grandTotal: document.totals.grandTotal)
        DocumentBlocks.termsAndNotes(layout, paymentTerms: document.paymentTerms, notes: document.notes)
        if document.kind == .quote {
            DocumentBlocks.signatureBox(
                layout, title: "Bon pour accord",
                lines: [
                    "Date\u{00A0}:", "Signature et cachet, précédés de la mention manuscrite « lu et approuvé, bon pour accord »\u{00A0}:",
                ])
        }
        layout.finish()
        return pdf
    }
}
