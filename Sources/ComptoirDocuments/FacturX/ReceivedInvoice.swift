import ComptoirCore
import Foundation

/// An invoice or credit note received from a supplier, as its EN 16931 XML says (CII from a Factur-X/ZUGFeRD PDF or
/// alone, or UBL 2.1): what is there is taken, nothing is computed. `ReceivedInvoiceReader.read` builds it.
public struct ReceivedInvoice: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case invoice, creditNote, deposit
    }

    public enum Syntax: String, Sendable, Equatable {
        case cii, ubl
    }

    /// A decimal exactly as written (`12.3450` is 123450 × 10⁻⁴): unit prices and quantities may have more decimals
    /// than cents or thousandths; `money` and `quantity` give the project's types when they hold the value exactly.
    public struct Amount: Sendable, Equatable, CustomStringConvertible {
        public var mantissa: Int64
        public var scale: Int

        public init(mantissa: Int64, scale: Int) {
            var mantissa = mantissa, scale = scale
            while scale > 0 && mantissa % 10 == 0 {
                mantissa /= 10
                scale -= 1
            }
            self.mantissa = mantissa
            self.scale = scale
        }

        /// `-12.50`, `+3`, ` 7.0 `; nil for anything else (exponents, separators, more than 18 digits).
        public init?(parsing raw: String) {
            var text = Substring(raw.trimmingCharacters(in: .whitespacesAndNewlines))
            var negative = false
            if text.first == "-" || text.first == "+" {
                negative = text.first == "-"
                text = text.dropFirst()
            }
            var mantissa: Int64 = 0
            var scale = 0
            var digits = 0
            var inFraction = false
            for character in text {
                if character == "." {
                    guard !inFraction else { return nil }
                    inFraction = true
                    continue
                }
                guard let value = character.asciiValue, (48...57).contains(value) else { return nil }
                digits += 1
                guard digits <= 18 else { return nil }
                mantissa = mantissa * 10 + Int64(value - 48)
                if inFraction { scale += 1 }
            }
            guard digits > 0 else { return nil }
            self.init(mantissa: negative ? -mantissa : mantissa, scale: scale)
        }

        public var description: String {
            guard scale > 0 else { return String(mantissa) }
            var digits = String(mantissa.magnitude)
            while digits.count <= scale { digits = "0" + digits }
            let cut = digits.index(digits.endIndex, offsetBy: -scale)
            return (mantissa < 0 ? "-" : "") + digits[..<cut] + "." + digits[cut...]
        }

        /// The value in `places` decimals, when it has no more.
        func scaled(to places: Int) -> Int64? {
            guard scale <= places else { return nil }
            var value = mantissa
            for _ in scale..<places {
                let (product, overflow) = value.multipliedReportingOverflow(by: 10)
                guard !overflow else { return nil }
                value = product
            }
            return value
        }

        /// In cents, when it has at most two decimals.
        public func money(_ currency: String = "EUR") -> Money? { scaled(to: 2).map { Money(minorUnits: $0, currency: currency) } }
        /// In thousandths, when it has at most three decimals.
        public var quantity: Quantity? { scaled(to: 3).map { Quantity(milli: $0) } }
        /// A VAT rate in basis points (« 5.50 » → 550), when it has at most two decimals.
        public var basisPoints: Int? { scaled(to: 2).flatMap { Int(exactly: $0) } }
    }

    /// An earlier invoice this one refers to (BG-3): the invoice a credit note corrects, the deposits a balance deducts.
    public typealias Reference = InvoiceDocument.Reference
    public typealias Note = InvoiceDocument.Note
    public typealias Payment = InvoiceDocument.Payment
    public typealias VATBreakdown = InvoiceDocument.VATBreakdown
    public typealias Totals = InvoiceDocument.Totals

    /// One line (BG-25). The unit price and quantity keep every decimal they were written with.
    public struct Line: Sendable, Equatable {
        public var id: String
        public var name: String
        public var description: String?
        public var sellerReference: String?
        public var quantity: Amount
        public var unitCode: String?
        /// BT-146, per `priceBaseQuantity` units (BT-149, usually absent: one).
        public var netUnitPrice: Amount?
        public var priceBaseQuantity: Amount?
        public var netAmount: Money
        public var vatCategory: String?
        /// Basis points; nil when the line gives none (BASIC WL, MINIMUM profiles have no lines at all).
        public var vatRate: Int?

        public init(
            id: String, name: String, description: String? = nil, sellerReference: String? = nil, quantity: Amount, unitCode: String? = nil,
            netUnitPrice: Amount? = nil, priceBaseQuantity: Amount? = nil, netAmount: Money, vatCategory: String? = nil, vatRate: Int? = nil
        ) {
            self.id = id
            self.name = name
            self.description = description
            self.sellerReference = sellerReference
            self.quantity = quantity
            self.unitCode = unitCode
            self.netUnitPrice = netUnitPrice
            self.priceBaseQuantity = priceBaseQuantity
            self.netAmount = netAmount
            self.vatCategory = vatCategory
            self.vatRate = vatRate
        }
    }

    public var syntax: Syntax
    /// The guideline (BT-24): `urn:cen.eu:en16931:2017`, `urn:factur-x.eu:1p0:basicwl`… as written.
    public var profile: String?
    public var businessProcess: String?
    public var kind: Kind
    /// The UNTDID 1001 code as written (380, 381, 386, 384…).
    public var typeCode: String
    public var number: String
    public var issueDate: CalendarDay
    public var dueDate: CalendarDay?
    public var deliveryDate: CalendarDay?
    public var currency: String
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

    public init(
        syntax: Syntax, profile: String?, businessProcess: String?, kind: Kind, typeCode: String, number: String, issueDate: CalendarDay,
        dueDate: CalendarDay?, deliveryDate: CalendarDay?, currency: String, seller: InvoiceParty, buyer: InvoiceParty,
        buyerReference: String?, orderReference: String?, lines: [Line], vatBreakdown: [VATBreakdown], totals: Totals,
        precedingInvoices: [Reference], notes: [Note], paymentTerms: String?, payment: Payment?
    ) {
        self.syntax = syntax
        self.profile = profile
        self.businessProcess = businessProcess
        self.kind = kind
        self.typeCode = typeCode
        self.number = number
        self.issueDate = issueDate
        self.dueDate = dueDate
        self.deliveryDate = deliveryDate
        self.currency = currency
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
    }
}

/// Why a received file cannot be read: each with a code for the API and a message in French and English.
public enum ReceivedInvoiceError: Error, Sendable, Equatable {
    case empty
    case tooLarge(limit: Int)
    case notAnInvoiceFile
    case encryptedPDF
    case noInvoiceInPDF
    case unsupportedEncoding
    case malformedXML(String)
    case notAnInvoice(root: String)
    case missing(String)
    case invalidValue(field: String, value: String)

    public var code: String {
        switch self {
        case .empty: "empty_file"
        case .tooLarge: "file_too_large"
        case .notAnInvoiceFile: "not_an_invoice_file"
        case .encryptedPDF: "encrypted_pdf"
        case .noInvoiceInPDF: "no_invoice_in_pdf"
        case .unsupportedEncoding: "unsupported_encoding"
        case .malformedXML: "malformed_xml"
        case .notAnInvoice: "not_an_invoice"
        case .missing: "invoice_field_missing"
        case .invalidValue: "invoice_value_invalid"
        }
    }

    public var french: String {
        switch self {
        case .empty: "Le fichier est vide."
        case .tooLarge(let limit): "Le fichier dépasse \(limit / 1024 / 1024) Mo."
        case .notAnInvoiceFile: "Ce fichier n'est ni un PDF ni un XML : envoyez une facture Factur-X (PDF) ou un XML CII ou UBL."
        case .encryptedPDF: "Ce PDF est chiffré : sa facture électronique ne peut pas être lue."
        case .noInvoiceInPDF: "Ce PDF ne contient pas de facture électronique (Factur-X)."
        case .unsupportedEncoding: "Ce XML n'est pas en UTF-8."
        case .malformedXML(let reason): "XML mal formé : \(reason)."
        case .notAnInvoice(let root):
            "Ce XML n'est pas une facture CII (Factur-X) ni UBL (Invoice, CreditNote) : son élément racine est « \(root) »."
        case .missing(let field): "La facture ne donne pas \(Self.frenchName(field))."
        case .invalidValue(let field, let value): "Valeur invalide pour \(Self.frenchName(field)) : « \(value.prefix(60)) »."
        }
    }

    public var english: String {
        switch self {
        case .empty: "The file is empty."
        case .tooLarge(let limit): "The file exceeds \(limit / 1024 / 1024) MB."
        case .notAnInvoiceFile: "This file is neither a PDF nor an XML: send a Factur-X invoice (PDF) or a CII or UBL XML."
        case .encryptedPDF: "This PDF is encrypted: its electronic invoice cannot be read."
        case .noInvoiceInPDF: "This PDF holds no electronic invoice (Factur-X)."
        case .unsupportedEncoding: "This XML is not UTF-8."
        case .malformedXML(let reason): "Malformed XML: \(reason)."
        case .notAnInvoice(let root):
            "This XML is neither a CII (Factur-X) nor a UBL invoice (Invoice, CreditNote): its root is \"\(root)\"."
        case .missing(let field): "The invoice gives no \(field)."
        case .invalidValue(let field, let value): "Invalid value for \(field): \"\(value.prefix(60))\"."
        }
    }

    static func frenchName(_ field: String) -> String {
        switch field {
        case "number": "de numéro"
        case "issue date": "de date d'émission"
        case "seller": "de vendeur"
        case "seller name": "le nom du vendeur"
        case "totals": "de totaux"
        default: field
        }
    }
}

/// What looks wrong in a received invoice without preventing its import: shown to the user, who checks the draft.
public struct ReceivedInvoiceWarning: Sendable, Equatable {
    public var code: String
    public var french: String
    public var english: String

    public init(_ code: String, french: String, english: String) {
        self.code = code
        self.french = french
        self.english = english
    }
}

/// The outcome of reading a received file: the invoice, the XML it came from and where it was found.
public struct ReceivedInvoiceFile: Sendable {
    public enum Container: String, Sendable { case pdf, xml }
    public var invoice: ReceivedInvoice
    public var container: Container
    /// The embedded file's name in a PDF (`factur-x.xml`…), when a file specification names it.
    public var embeddedName: String?
    public var xml: [UInt8]
    public var warnings: [ReceivedInvoiceWarning]
}
