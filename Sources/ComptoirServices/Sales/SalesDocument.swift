import ComptoirCore
import ComptoirStore
import Foundation

/// A sales or purchase document (« Devis », « Bon de commande », « Facture », « Avoir », « Achats fournisseurs »): a typed
/// aggregate with lines, totals and a state. A draft is edited freely; `SalesDocumentService.validate` gives it its
/// reference and from then on it is never edited nor deleted — an invoice is cancelled only by a credit note.
public struct SalesDocument: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case quote, order, invoice
        case creditNote = "credit_note"
        case supplierOrder = "supplier_order"
        case supplierInvoice = "supplier_invoice"

        public var label: Localized {
            switch self {
            case .quote: L("Devis", "Quote")
            case .order: L("Bon de commande", "Order")
            case .invoice: L("Facture", "Invoice")
            case .creditNote: L("Avoir", "Credit note")
            case .supplierOrder: L("Commande fournisseur", "Supplier order")
            case .supplierInvoice: L("Facture fournisseur", "Supplier invoice")
            }
        }

        /// The numbering series: invoices and credit notes share one, as the law requires.
        public var series: String {
            switch self {
            case .invoice, .creditNote: "sales:invoice"
            case .quote: "sales:quote"
            case .order: "sales:order"
            case .supplierOrder: "sales:supplier_order"
            case .supplierInvoice: "sales:supplier_invoice"
            }
        }

        /// The states a document of this kind can be in (what its list offers to filter by).
        public var states: [State] {
            switch self {
            case .quote: [.draft, .validated, .sent, .accepted, .refused, .expired]
            case .order: [.draft, .validated, .sent]
            case .invoice: [.draft, .validated, .sent, .partiallyPaid, .paid, .cancelled]
            case .creditNote, .supplierOrder: [.draft, .validated]
            case .supplierInvoice: [.draft, .validated, .partiallyPaid, .paid]
            }
        }

        /// The setting holding the kind's numbering pattern.
        public var patternSetting: String { "sales.numbering.\(rawValue)" }

        public var defaultPattern: NumberingPattern {
            switch self {
            case .quote: .quotes
            case .order: .orders
            case .invoice: .invoices
            case .creditNote: .creditNotes
            case .supplierOrder: .supplierOrders
            case .supplierInvoice: .supplierInvoices
            }
        }

        /// Invoices and credit notes: the mandatory mentions, no backdating, the hash chain.
        public var isLegalInvoice: Bool { self == .invoice || self == .creditNote }
        public var isPurchase: Bool { self == .supplierOrder || self == .supplierInvoice }
    }

    public enum Subtype: String, Sendable, CaseIterable {
        case standard, deposit, intermediate, balance

        /// The title a template prints (« Facture d'acompte »…).
        public var title: Localized? {
            switch self {
            case .standard: nil
            case .deposit: L("Facture d'acompte", "Deposit invoice")
            case .intermediate: L("Facture", "Invoice")
            case .balance: L("Facture de solde", "Balance invoice")
            }
        }
    }

    public enum State: String, Sendable, CaseIterable {
        case draft, validated, sent
        case partiallyPaid = "partially_paid"
        case paid, accepted, refused, expired, invoiced, cancelled

        public var label: Localized {
            switch self {
            case .draft: L("Brouillon", "Draft")
            case .validated: L("Validé", "Validated")
            case .sent: L("Envoyé", "Sent")
            case .partiallyPaid: L("Partiellement payé", "Partially paid")
            case .paid: L("Payé", "Paid")
            case .accepted: L("Accepté", "Accepted")
            case .refused: L("Refusé", "Refused")
            case .expired: L("Expiré", "Expired")
            case .invoiced: L("Facturé", "Invoiced")
            case .cancelled: L("Annulé par avoir", "Cancelled by credit note")
            }
        }
    }

    /// The nature of the operation printed on an invoice.
    public typealias Nature = InvoiceMentions.Nature

    public struct Line: Sendable, Hashable {
        public var id: UUID
        public var productID: UUID?
        public var description: String
        public var quantity: Quantity
        public var unit: String?
        /// Cents excl. VAT per unit.
        public var unitPrice: Int64
        public var discount: Discount
        public var vatRate: VATRate

        public init(
            id: UUID, productID: UUID? = nil, description: String, quantity: Quantity, unit: String? = nil, unitPrice: Int64,
            discount: Discount = .none, vatRate: VATRate
        ) {
            self.id = id
            self.productID = productID
            self.description = description
            self.quantity = quantity
            self.unit = unit
            self.unitPrice = unitPrice
            self.discount = discount
            self.vatRate = vatRate
        }

        /// The net as stored (nil before the line is written): the chain records it as read, so that a change to the
        /// column alone is seen too.
        var recordedNet: Int64?

        public var amount: SalesLineAmount {
            SalesLineAmount(quantity: quantity, unitPrice: unitPrice, discount: discount, vatRate: vatRate)
        }
        /// The line net amount, in cents.
        public var net: Int64 { amount.net }
    }

    public var id: UUID
    public var kind: Kind
    public var subtype: Subtype
    public var state: State
    public var reference: String?
    public var title: String?
    public var companyID: UUID?
    public var contactID: UUID?
    public var customerName: String?
    public var billingAddress: String?
    public var deliveryAddress: String?
    public var projectID: UUID?
    public var interactionID: UUID?
    public var issueDate: CalendarDay
    public var deliveryDate: CalendarDay?
    public var dueDate: CalendarDay?
    public var validUntil: CalendarDay?
    public var paymentTerms: String?
    public var latePenaltyRate: String?
    public var earlyPaymentDiscount: String?
    public var nature: Nature?
    public var notes: String?
    public var supplierReference: String?
    public var currency: String
    public var sourceID: UUID?
    public var creditedID: UUID?
    public var mentions: String?
    public var validatedAt: Date?
    public var createdBy: UUID?
    public var lines: [Line]
    /// The VAT breakdown: computed from the lines, except on installment invoices (whose balance takes what remains).
    public var totals: SalesTotals
    /// The header's totals as stored (excl., VAT, incl.), nil before the document is written.
    var recordedTotals: [Int64]?

    public var isDraft: Bool { state == .draft }

    public init(
        id: UUID, kind: Kind, subtype: Subtype = .standard, state: State = .draft, issueDate: CalendarDay, currency: String = "EUR",
        lines: [Line]
    ) {
        self.id = id
        self.kind = kind
        self.subtype = subtype
        self.state = state
        self.issueDate = issueDate
        self.currency = currency
        self.lines = lines
        self.totals = SalesTotals(lines: lines.map(\.amount))
    }

    init?(_ record: SalesDocumentRecord, lines: [SalesLineRecord], vat: [SalesVATRecord]) {
        guard let kind = Kind(rawValue: record.kind), let subtype = Subtype(rawValue: record.subtype),
            let state = State(rawValue: record.state), let issue = CalendarDay(parsing: record.issueDate)
        else { return nil }
        self.init(
            id: record.id, kind: kind, subtype: subtype, state: state, issueDate: issue, currency: record.currency,
            lines: lines.compactMap { line in
                guard let rate = VATRate(basisPoints: line.vatRateBP), let discount = Discount(basisPoints: line.discountBP) else {
                    return nil
                }
                var result = Line(
                    id: line.id, productID: line.productID, description: line.description, quantity: Quantity(milli: line.quantityMilli),
                    unit: line.unit, unitPrice: line.unitPrice, discount: discount, vatRate: rate)
                result.recordedNet = line.net
                return result
            })
        recordedTotals = [record.totalNet, record.totalTax, record.totalGross]
        reference = record.reference
        title = record.title
        companyID = record.companyID
        contactID = record.contactID
        customerName = record.customerName
        billingAddress = record.billingAddress
        deliveryAddress = record.deliveryAddress
        projectID = record.projectID
        interactionID = record.interactionID
        deliveryDate = record.deliveryDate.flatMap(CalendarDay.init(parsing:))
        dueDate = record.dueDate.flatMap(CalendarDay.init(parsing:))
        validUntil = record.validUntil.flatMap(CalendarDay.init(parsing:))
        paymentTerms = record.paymentTerms
        latePenaltyRate = record.latePenaltyRate
        earlyPaymentDiscount = record.earlyPaymentDiscount
        nature = record.nature.flatMap(Nature.init(rawValue:))
        notes = record.notes
        supplierReference = record.supplierReference
        sourceID = record.sourceID
        creditedID = record.creditedID
        mentions = record.mentions
        validatedAt = record.validatedAt
        createdBy = record.createdBy
        totals = SalesTotals(
            breakdown: vat.compactMap { part in
                VATRate(basisPoints: part.vatRateBP).map { VATBreakdown(rate: $0, base: part.base, tax: part.tax) }
            })
    }

    func record(now: Date) -> SalesDocumentRecord {
        SalesDocumentRecord(
            id: id, kind: kind.rawValue, subtype: subtype.rawValue, state: state.rawValue, series: kind.series, reference: reference,
            title: title, companyID: companyID, contactID: contactID, customerName: customerName, billingAddress: billingAddress,
            deliveryAddress: deliveryAddress, projectID: projectID, interactionID: interactionID, issueDate: issueDate.isoString,
            deliveryDate: deliveryDate?.isoString, dueDate: dueDate?.isoString, validUntil: validUntil?.isoString,
            paymentTerms: paymentTerms,
            latePenaltyRate: latePenaltyRate, earlyPaymentDiscount: earlyPaymentDiscount, nature: nature?.rawValue, notes: notes,
            supplierReference: supplierReference, currency: currency, totalNet: totals.net, totalTax: totals.tax, totalGross: totals.gross,
            sourceID: sourceID, creditedID: creditedID, mentions: mentions, validatedAt: validatedAt, createdBy: createdBy, createdAt: now,
            updatedAt: now)
    }

    func lineRecords() -> [SalesLineRecord] {
        lines.enumerated().map { index, line in
            SalesLineRecord(
                id: line.id, position: index + 1, productID: line.productID, description: line.description,
                quantityMilli: line.quantity.milli,
                unit: line.unit, unitPrice: line.unitPrice, discountBP: line.discount.basisPoints, vatRateBP: line.vatRate.basisPoints,
                net: line.net)
        }
    }

    func vatRecords() -> [SalesVATRecord] {
        totals.breakdown.map { SalesVATRecord(vatRateBP: $0.rate.basisPoints, base: $0.base, tax: $0.tax) }
    }

    /// « Ligne 2 : » — what every line error starts with.
    static func linePrefix(_ index: Int) -> Localized { L("Ligne \(index + 1) : ", "Line \(index + 1): ") }

    /// The field key of a line's input in errors (`lines[0].quantity`).
    public static func lineKey(_ index: Int, _ field: String) -> String { "lines[\(index)].\(field)" }

    /// What the hash chain records of a validated invoice or credit note: every legal field, the lines and the VAT
    /// breakdown, the mentions copied at validation. Its state (sent, paid…) is not part of it: it changes by design.
    /// `files`: the archived files' hashes (`file.pdf` → SHA-256…), so that the PDF kept is bound to the chain too.
    func chainContent(creditedReference: String?, files: [String: String] = [:]) -> HashChain.Content {
        var content = HashChain.Content([
            "kind": kind.rawValue, "subtype": subtype.rawValue, "reference": reference ?? "", "issueDate": issueDate.isoString,
            "dueDate": dueDate?.isoString ?? "", "deliveryDate": deliveryDate?.isoString ?? "", "customerName": customerName ?? "",
            "billingAddress": billingAddress ?? "", "deliveryAddress": deliveryAddress ?? "",
            "companyId": companyID?.uuidString.lowercased() ?? "",
            "contactId": contactID?.uuidString.lowercased() ?? "", "currency": currency, "paymentTerms": paymentTerms ?? "",
            "latePenaltyRate": latePenaltyRate ?? "", "earlyPaymentDiscount": earlyPaymentDiscount ?? "", "nature": nature?.rawValue ?? "",
            "totalNet": Money(minorUnits: recordedTotals?[0] ?? totals.net).decimalString,
            "totalTax": Money(minorUnits: recordedTotals?[1] ?? totals.tax).decimalString,
            "totalGross": Money(minorUnits: recordedTotals?[2] ?? totals.gross).decimalString, "credits": creditedReference ?? "",
            "mentions": mentions ?? "",
        ])
        for (index, line) in lines.enumerated() {
            let key = "line." + String(format: "%04d", index + 1)
            content[key] = [
                line.productID?.uuidString.lowercased() ?? "", line.description, line.quantity.decimalString, line.unit ?? "",
                Money(minorUnits: line.unitPrice).decimalString, line.discount.decimalString, line.vatRate.decimalString,
                Money(minorUnits: line.recordedNet ?? line.net).decimalString,
            ].map { "\($0.utf8.count):\($0)" }.joined(separator: "|")
        }
        for (key, sha) in files { content[key] = sha }
        for part in totals.breakdown {
            content["vat." + part.rate.decimalString] =
                Money(minorUnits: part.base).decimalString + "/" + Money(minorUnits: part.tax).decimalString
        }
        return content
    }
}
