/// The kinds of identifiers ComptoirCore validates; errors name them in user messages.
public enum IdentifierKind: String, Sendable, Hashable, CaseIterable, Codable {
    case siren
    case siret
    case vatNumber
    case iban
    case bic
    case emailAddress
    case phoneNumber
    case postalCode
    /// A product barcode (EAN-13, GTIN-13).
    case ean13

    /// The name with its French definite article, capitalised for the start of a sentence.
    public var frenchSubject: String {
        switch self {
        case .siren: "Le SIREN"
        case .siret: "Le SIRET"
        case .vatNumber: "Le numéro de TVA intracommunautaire"
        case .iban: "L'IBAN"
        case .bic: "Le BIC"
        case .emailAddress: "L'adresse e-mail"
        case .phoneNumber: "Le numéro de téléphone"
        case .postalCode: "Le code postal"
        case .ean13: "Le code EAN-13"
        }
    }

    /// The English name without article ("SIRET", "VAT number").
    public var englishName: String {
        switch self {
        case .siren: "SIREN"
        case .siret: "SIRET"
        case .vatNumber: "VAT number"
        case .iban: "IBAN"
        case .bic: "BIC"
        case .emailAddress: "e-mail address"
        case .phoneNumber: "phone number"
        case .postalCode: "postcode"
        case .ean13: "EAN-13 barcode"
        }
    }

    /// The English name with its indefinite article ("A SIRET", "An IBAN").
    var englishIndefinite: String {
        switch self {
        case .iban, .emailAddress, .ean13: "An \(englishName)"
        default: "A \(englishName)"
        }
    }

    /// Whether the identifier is made of digits only (so lengths count "chiffres"/"digits").
    var isNumeric: Bool {
        switch self {
        case .siren, .siret, .phoneNumber, .postalCode, .ean13: true
        case .vatNumber, .iban, .bic, .emailAddress: false
        }
    }

    /// A well-formed example shown in format errors, in French and English.
    func example(french: Bool) -> String {
        switch self {
        case .siren: "732 829 320"
        case .siret: "732 829 320 00074"
        case .vatNumber: "FR44732829320"
        case .iban: "FR76 3000 6000 0112 3456 7890 189"
        case .bic: "BNPAFRPPXXX"
        case .emailAddress: french ? "prenom.nom@exemple.fr" : "jane.doe@example.com"
        case .phoneNumber: french ? "01 23 45 67 89" : "+33 1 23 45 67 89"
        case .postalCode: "75001"
        case .ean13: "4006381333931"
        }
    }
}
