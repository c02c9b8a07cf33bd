import Foundation

/// The mentions French law requires on an invoice (Code de commerce L441-9 and R123-237, CGI art. 242 nonies A, and
/// the buyer's SIREN and the nature of the operation added for e-invoicing), checked before validation. The check is
/// what is filled in, not whether it is true: identifiers are validated where they are entered.
public struct InvoiceMentions: Sendable, Hashable {
    /// Goods, services or both (« nature de l'opération »).
    public enum Nature: String, Sendable, Hashable, CaseIterable {
        case goods, services, both
    }

    public var sellerName: String?
    public var sellerAddress: String?
    public var sellerSIREN: String?
    public var sellerSIRET: String?
    public var sellerVATNumber: String?
    public var sellerLegalForm: String?
    /// Cents; required for companies (not for an individual entrepreneur).
    public var sellerShareCapital: Int64?
    /// « TVA non applicable, art. 293 B du CGI »: no VAT is charged and the mention replaces the VAT number.
    public var vatFranchise: Bool
    public var customerName: String?
    public var customerAddress: String?
    /// A business customer: their SIREN and the 40 € recovery indemnity are required.
    public var customerIsBusiness: Bool
    public var customerSIREN: String?
    /// Set when goods or services go elsewhere than the billing address.
    public var deliveryAddress: String?
    public var deliveryDiffers: Bool
    public var nature: Nature?
    public var issueDate: CalendarDay?
    public var dueDate: CalendarDay?
    public var paymentTerms: String?
    /// « Taux des pénalités de retard », e.g. « 3 fois le taux d'intérêt légal ».
    public var latePenaltyRate: String?
    /// Whether the 40 € fixed recovery indemnity is printed (business customers).
    public var recoveryIndemnity: Bool
    /// « Escompte pour paiement anticipé » or « Néant ».
    public var earlyPaymentDiscount: String?

    public init(
        sellerName: String? = nil, sellerAddress: String? = nil, sellerSIREN: String? = nil, sellerSIRET: String? = nil,
        sellerVATNumber: String? = nil, sellerLegalForm: String? = nil, sellerShareCapital: Int64? = nil, vatFranchise: Bool = false,
        customerName: String? = nil, customerAddress: String? = nil, customerIsBusiness: Bool = true, customerSIREN: String? = nil,
        deliveryAddress: String? = nil, deliveryDiffers: Bool = false, nature: Nature? = nil, issueDate: CalendarDay? = nil,
        dueDate: CalendarDay? = nil, paymentTerms: String? = nil, latePenaltyRate: String? = nil, recoveryIndemnity: Bool = false,
        earlyPaymentDiscount: String? = nil
    ) {
        self.sellerName = sellerName
        self.sellerAddress = sellerAddress
        self.sellerSIREN = sellerSIREN
        self.sellerSIRET = sellerSIRET
        self.sellerVATNumber = sellerVATNumber
        self.sellerLegalForm = sellerLegalForm
        self.sellerShareCapital = sellerShareCapital
        self.vatFranchise = vatFranchise
        self.customerName = customerName
        self.customerAddress = customerAddress
        self.customerIsBusiness = customerIsBusiness
        self.customerSIREN = customerSIREN
        self.deliveryAddress = deliveryAddress
        self.deliveryDiffers = deliveryDiffers
        self.nature = nature
        self.issueDate = issueDate
        self.dueDate = dueDate
        self.paymentTerms = paymentTerms
        self.latePenaltyRate = latePenaltyRate
        self.recoveryIndemnity = recoveryIndemnity
        self.earlyPaymentDiscount = earlyPaymentDiscount
    }

    /// Legal forms without share capital (an individual entrepreneur, an association).
    static let formsWithoutCapital: Set<String> = [
        "ei", "eirl", "micro-entreprise", "microentreprise", "auto-entrepreneur", "autoentrepreneur", "entreprise individuelle",
        "association",
    ]

    /// What is missing, in the order an invoice prints it; empty when the invoice may be validated.
    public var missing: [Mention] {
        func blank(_ text: String?) -> Bool { (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        var missing: [Mention] = []
        if blank(sellerName) { missing.append(.sellerName) }
        if blank(sellerAddress) { missing.append(.sellerAddress) }
        if blank(sellerSIREN) && blank(sellerSIRET) { missing.append(.sellerSIREN) }
        if !vatFranchise && blank(sellerVATNumber) { missing.append(.sellerVATNumber) }
        if blank(sellerLegalForm) { missing.append(.sellerLegalForm) }
        let form = (sellerLegalForm ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        if !blank(sellerLegalForm) && !Self.formsWithoutCapital.contains(form) && sellerShareCapital == nil {
            missing.append(.sellerShareCapital)
        }
        if blank(customerName) { missing.append(.customerName) }
        if blank(customerAddress) { missing.append(.customerAddress) }
        if customerIsBusiness && blank(customerSIREN) { missing.append(.customerSIREN) }
        if deliveryDiffers && blank(deliveryAddress) { missing.append(.deliveryAddress) }
        if nature == nil { missing.append(.nature) }
        if issueDate == nil { missing.append(.issueDate) }
        if dueDate == nil { missing.append(.dueDate) }
        if blank(paymentTerms) { missing.append(.paymentTerms) }
        if blank(latePenaltyRate) { missing.append(.latePenaltyRate) }
        if customerIsBusiness && !recoveryIndemnity { missing.append(.recoveryIndemnity) }
        if blank(earlyPaymentDiscount) { missing.append(.earlyPaymentDiscount) }
        return missing
    }

    /// One mandatory mention, named.
    public enum Mention: String, Sendable, Hashable, CaseIterable {
        case sellerName, sellerAddress, sellerSIREN, sellerVATNumber, sellerLegalForm, sellerShareCapital
        case customerName, customerAddress, customerSIREN, deliveryAddress, nature, issueDate, dueDate
        case paymentTerms, latePenaltyRate, recoveryIndemnity, earlyPaymentDiscount

        public func label(french: Bool) -> String {
            switch self {
            case .sellerName: french ? "dénomination du vendeur" : "seller's name"
            case .sellerAddress: french ? "adresse du vendeur" : "seller's address"
            case .sellerSIREN: french ? "SIREN ou SIRET du vendeur" : "seller's SIREN or SIRET"
            case .sellerVATNumber:
                french
                    ? "numéro de TVA intracommunautaire du vendeur (ou la franchise « TVA non applicable, art. 293 B du CGI »)"
                    : "seller's VAT number (or the franchise « TVA non applicable, art. 293 B du CGI »)"
            case .sellerLegalForm: french ? "forme juridique du vendeur" : "seller's legal form"
            case .sellerShareCapital: french ? "capital social du vendeur" : "seller's share capital"
            case .customerName: french ? "nom du client" : "customer's name"
            case .customerAddress: french ? "adresse de facturation du client" : "customer's billing address"
            case .customerSIREN: french ? "SIREN du client professionnel" : "business customer's SIREN"
            case .deliveryAddress: french ? "adresse de livraison" : "delivery address"
            case .nature:
                french ? "nature de l'opération (biens, services ou les deux)" : "nature of the operation (goods, services or both)"
            case .issueDate: french ? "date d'émission" : "issue date"
            case .dueDate: french ? "date d'échéance" : "due date"
            case .paymentTerms: french ? "conditions de paiement" : "payment terms"
            case .latePenaltyRate: french ? "taux des pénalités de retard" : "late-payment penalty rate"
            case .recoveryIndemnity:
                french ? "indemnité forfaitaire de 40 € pour frais de recouvrement" : "40 € fixed recovery indemnity"
            case .earlyPaymentDiscount:
                french ? "escompte pour paiement anticipé (ou « Néant »)" : "early-payment discount (or « Néant »)"
            }
        }
    }
}
