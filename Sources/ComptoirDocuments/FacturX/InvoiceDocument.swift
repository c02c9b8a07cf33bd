import ComptoirCore
import Foundation

/// An invoice or credit note as printed and as exchanged (EN 16931): every amount is given, already computed by
/// Sales; nothing here adds up or rounds. The PDF, the CII (Factur-X) and the UBL are all written from this value.
public struct InvoiceDocument: Sendable, Equatable {
    /// UNTDID 1001 document types used by Comptoir.
    public enum TypeCode: String, Sendable, Equatable, CaseIterable {
        case invoice = "380"
        case creditNote = "381"
        case deposit = "386"
    }

    /// A note with its UNTDID 4451 subject: PMT (recovery fee), PMD (late-payment penalties), AAB (discount),
    /// BAR (French processing: B2B, B2C…), or none.
    public struct Note: Sendable, Equatable {
        public var subject: String?
        public var text: String
        public init(subject: String?, _ text: String) {
            self.subject = subject
            self.text = text
        }
    }

    /// An earlier invoice this one refers to (BG-3): the deposits a balance invoice deducts, the invoice a credit note cancels.
    public struct Reference: Sendable, Equatable {
        public var number: String
        public var issueDate: CalendarDay?
        /// Its amount incl. VAT, printed in the list of deducted deposits (not in the XML: BG-3 has no amount).
        public var amount: Money?
        public init(number: String, issueDate: CalendarDay?, amount: Money? = nil) {
            self.number = number
            self.issueDate = issueDate
            self.amount = amount
        }
    }

    /// A payment already received for this invoice (printed only): « 05/12/2026 — Virement — 500,00 € ».
    public struct ReceivedPayment: Sendable, Equatable {
        public var date: CalendarDay
        public var label: String
        public var amount: Money
        public init(date: CalendarDay, label: String, amount: Money) {
            self.date = date
            self.label = label
            self.amount = amount
        }
    }

    /// One line (BG-25): the net amount is given (quantity × net price, less discounts, computed by Sales).
    public struct Line: Sendable, Equatable {
        public var id: String
        public var name: String
        public var description: String?
        public var sellerReference: String?
        public var quantity: Quantity
        /// UN/ECE Recommendation 20 unit code: C62 (one), HUR (hour), DAY, KGM…
        public var unitCode: String
        public var netUnitPrice: Money
        public var netAmount: Money
        public var vatCategory: String
        /// Basis points: 2000 = 20 %, 550 = 5,5 %.
        public var vatRate: Int
        public init(
            id: String, name: String, description: String? = nil, sellerReference: String? = nil, quantity: Quantity,
            unitCode: String = "C62",
            netUnitPrice: Money, netAmount: Money, vatCategory: String = "S", vatRate: Int
        ) {
            self.id = id
            self.name = name
            self.description = description
            self.sellerReference = sellerReference
            self.quantity = quantity
            self.unitCode = unitCode
            self.netUnitPrice = netUnitPrice
            self.netAmount = netAmount
            self.vatCategory = vatCategory
            self.vatRate = vatRate
        }
    }

    /// The VAT of one category and rate (BG-23), on the sum of the line net amounts of that rate.
    public struct VATBreakdown: Sendable, Equatable {
        public var category: String
        public var rate: Int
        public var taxableAmount: Money
        public var taxAmount: Money
        /// Required for exempt categories (E, AE, K, G, O): e.g. « TVA non applicable, art. 293 B du CGI ».
        public var exemptionReason: String?
        public init(category: String = "S", rate: Int, taxableAmount: Money, taxAmount: Money, exemptionReason: String? = nil) {
            self.category = category
            self.rate = rate
            self.taxableAmount = taxableAmount
            self.taxAmount = taxAmount
            self.exemptionReason = exemptionReason
        }
    }

    /// The document totals (BG-22).
    public struct Totals: Sendable, Equatable {
        public var lineTotal: Money
        public var taxBasis: Money
        public var taxTotal: Money
        public var grandTotal: Money
        public var prepaid: Money
        public var duePayable: Money
        public init(lineTotal: Money, taxBasis: Money, taxTotal: Money, grandTotal: Money, prepaid: Money, duePayable: Money) {
            self.lineTotal = lineTotal
            self.taxBasis = taxBasis
            self.taxTotal = taxTotal
            self.grandTotal = grandTotal
            self.prepaid = prepaid
            self.duePayable = duePayable
        }
    }

    /// Bank transfer details (BG-16): means code 30 (credit transfer) or 58 (SEPA credit transfer).
    public struct Payment: Sendable, Equatable {
        public var meansCode: String
        public var iban: String
        public var bic: String?
        public var accountName: String?
        public init(meansCode: String = "58", iban: String, bic: String? = nil, accountName: String? = nil) {
            self.meansCode = meansCode
            self.iban = iban
            self.bic = bic
            self.accountName = accountName
        }
    }

    public var number: String
    public var typeCode: TypeCode
    /// The printed title: « Facture », « Facture d'acompte », « Facture de solde », « Avoir ».
    public var title: String
    public var issueDate: CalendarDay
    public var dueDate: CalendarDay?
    /// When the goods were delivered or the service done (BT-72).
    public var deliveryDate: CalendarDay?
    public var currency: String
    /// French billing framework (BT-23): B1 goods, S1 services, M1 both; B4/S4/M4 final invoice after a deposit…
    public var businessProcess: String
    public var seller: InvoiceParty
    public var buyer: InvoiceParty
    public var buyerReference: String?
    public var orderReference: String?
    public var lines: [Line]
    public var vatBreakdown: [VATBreakdown]
    public var totals: Totals
    public var precedingInvoices: [Reference]
    public var notes: [Note]
    public var paymentTerms: String?
    public var payment: Payment?
    /// Printed above the totals (e.g. the « Facturation partielle » recall of an installment invoice).
    public var remarks: [String]
    /// Printed at the foot of every page: legal form, capital, RCS, SIRET, VAT number…
    public var legalMentions: [String]
    /// Where the goods go, printed beside the parties when it differs from the buyer's address.
    public var deliveryAddress: InvoiceParty.Address?
    /// Payments received, printed under the totals with « Reste à payer » (`remainingToPay`, computed by Sales).
    public var paymentsReceived: [ReceivedPayment]
    public var remainingToPay: Money?
    /// An installment invoice's order: what remains to invoice on it after this invoice (« Reste à facturer »).
    public var remainingToInvoice: Money?

    public init(
        number: String, typeCode: TypeCode, title: String, issueDate: CalendarDay, dueDate: CalendarDay? = nil,
        deliveryDate: CalendarDay? = nil,
        currency: String = "EUR",
        businessProcess: String = "B1", seller: InvoiceParty, buyer: InvoiceParty, buyerReference: String? = nil,
        orderReference: String? = nil,
        lines: [Line], vatBreakdown: [VATBreakdown], totals: Totals, precedingInvoices: [Reference] = [], notes: [Note] = [],
        paymentTerms: String? = nil, payment: Payment? = nil, remarks: [String] = [], legalMentions: [String] = [],
        deliveryAddress: InvoiceParty.Address? = nil, paymentsReceived: [ReceivedPayment] = [], remainingToPay: Money? = nil,
        remainingToInvoice: Money? = nil
    ) {
        self.number = number
        self.typeCode = typeCode
        self.title = title
        self.issueDate = issueDate
        self.dueDate = dueDate
        self.deliveryDate = deliveryDate
        self.currency = currency
        self.businessProcess = businessProcess
        self.seller = seller
        self.buyer = buyer
        self.buyerReference = buyerReference
        self.orderReference = orderReference
        self.lines = lines
        self.vatBreakdown = vatBreakdown
        self.totals = totals
        self.precedingInvoices = precedingInvoices
        self.notes = notes
        self.paymentTerms = paymentTerms
        self.payment = payment
        self.remarks = remarks
        self.legalMentions = legalMentions
        self.deliveryAddress = deliveryAddress
        self.paymentsReceived = paymentsReceived
        self.remainingToPay = remainingToPay
        self.remainingToInvoice = remainingToInvoice
    }
}

/// A seller or buyer (BG-4 / BG-7).
public struct InvoiceParty: Sendable, Equatable {
    public struct Address: Sendable, Equatable {
        public var lines: [String]
        public var postcode: String
        public var city: String
        /// ISO 3166-1 alpha-2.
        public var countryCode: String
        public init(lines: [String], postcode: String, city: String, countryCode: String = "FR") {
            self.lines = lines
            self.postcode = postcode
            self.city = city
            self.countryCode = countryCode
        }
    }

    /// An electronic address (BT-34 / BT-49) with its EAS scheme: 0225 (French SIREN-based routing), 0009 (SIRET), EM (e-mail)…
    public struct ElectronicAddress: Sendable, Equatable {
        public var scheme: String
        public var value: String
        public init(scheme: String, value: String) {
            self.scheme = scheme
            self.value = value
        }
    }

    public var name: String
    public var siren: String?
    public var siret: String?
    public var vatNumber: String?
    /// Seller's additional legal information (BT-33): « SAS au capital de 10 000 € — RCS Paris 123 456 789 ».
    public var legalInformation: String?
    public var address: Address
    public var electronicAddress: ElectronicAddress?
    public var email: String?
    public init(
        name: String, siren: String? = nil, siret: String? = nil, vatNumber: String? = nil, legalInformation: String? = nil,
        address: Address,
        electronicAddress: ElectronicAddress? = nil, email: String? = nil
    ) {
        self.name = name
        self.siren = siren
        self.siret = siret
        self.vatNumber = vatNumber
        self.legalInformation = legalInformation
        self.address = address
        self.electronicAddress = electronicAddress
        self.email = email
    }
}

extension InvoiceDocument {
    /// A VAT rate in basis points as EN 16931 writes it: « 20.00 », « 5.50 ».
    static func rateString(_ basisPoints: Int) -> String {
        let whole = basisPoints / 100
        let fraction = basisPoints % 100
        return "\(whole)." + (fraction < 10 ? "0" : "") + String(fraction)
    }

    /// A VAT rate as printed: « 20 % », « 5,5 % » (no-break space).
    static func rateDisplay(_ basisPoints: Int) -> String {
        var text = String(basisPoints / 100)
        var fraction = basisPoints % 100
        if fraction != 0 {
            if fraction % 10 == 0 { fraction /= 10 }
            text += "," + (basisPoints % 100 < 10 ? "0" : "") + String(fraction)
        }
        return text + "\u{00A0}%"
    }

    /// 20261206, the CII's format 102.
    static func compactDate(_ day: CalendarDay) -> String {
        day.isoString.filter { $0 != "-" }
    }

    /// 2026-12-06, UBL's.
    static func isoDate(_ day: CalendarDay) -> String {
        day.isoString
    }

    /// 06/12/2026, as printed.
    static func displayDate(_ day: CalendarDay) -> String {
        day.formatted()
    }
}
