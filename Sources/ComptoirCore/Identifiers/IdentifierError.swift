/// Why an identifier was rejected; each case names the kind of identifier so messages can say which field is wrong.
public enum IdentifierError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Nothing was entered (after removing separators).
    case empty(IdentifierKind)
    /// The identifier has the wrong number of digits or characters.
    case wrongLength(IdentifierKind, expected: [Int], got: Int)
    /// The identifier contains characters its kind does not allow.
    case invalidCharacters(IdentifierKind)
    /// The check digits do not match (usually a typo).
    case checksumMismatch(IdentifierKind)
    /// The country prefix is not one we know for this kind.
    case unknownCountry(IdentifierKind, String)
    /// The identifier does not have the expected shape.
    case invalidFormat(IdentifierKind)

    /// The kind of identifier that was rejected.
    public var kind: IdentifierKind {
        switch self {
        case .empty(let kind), .wrongLength(let kind, _, _), .invalidCharacters(let kind),
            .checksumMismatch(let kind), .unknownCountry(let kind, _), .invalidFormat(let kind):
            kind
        }
    }

    /// A stable machine code for APIs and logs, e.g. "wrong_length".
    public var code: String {
        switch self {
        case .empty: "empty"
        case .wrongLength: "wrong_length"
        case .invalidCharacters: "invalid_characters"
        case .checksumMismatch: "checksum_mismatch"
        case .unknownCountry: "unknown_country"
        case .invalidFormat: "invalid_format"
        }
    }

    /// The English user message.
    public var description: String { message(french: false) }

    /// A user message in French (`french: true`) or English, naming the kind of identifier.
    public func message(french: Bool) -> String {
        french ? frenchMessage : englishMessage
    }

    // French typography: a no-break space before ":" and inside « ».
    private static let nbsp = "\u{00A0}"

    private var frenchMessage: String {
        let subject = kind.frenchSubject
        let nbsp = Self.nbsp
        switch self {
        case .empty:
            return "\(subject) est vide."
        case .wrongLength(let kind, let expected, let got):
            let unit = kind.isNumeric ? "chiffres" : "caractères"
            let entered = got > 1 ? "saisis" : "saisi"
            return "\(subject) doit comporter \(Self.frenchCount(expected)) \(unit) (\(got) \(entered))."
        case .invalidCharacters(let kind):
            switch kind {
            case .siren, .siret, .postalCode, .ean13:
                return "\(subject) ne doit contenir que des chiffres."
            case .iban, .bic, .vatNumber:
                return "\(subject) ne doit contenir que des lettres et des chiffres."
            case .phoneNumber:
                return "\(subject) ne doit contenir que des chiffres (espaces, points, tirets et « +\(nbsp)» initial acceptés)."
            case .emailAddress:
                return "\(subject) contient des caractères non autorisés (espaces, virgules…)."
            }
        case .checksumMismatch:
            return "\(subject) n'est pas valide\(nbsp): la clé de contrôle ne correspond pas. Vérifiez la saisie."
        case .unknownCountry(_, let country):
            return "\(subject) commence par un code pays inconnu\(nbsp): «\(nbsp)\(country)\(nbsp)»."
        case .invalidFormat(let kind):
            return "\(subject) n'a pas un format valide (exemple\(nbsp): \(kind.example(french: true)))."
        }
    }

    private var englishMessage: String {
        let name = kind.englishName
        switch self {
        case .empty:
            return "The \(name) is empty."
        case .wrongLength(let kind, let expected, let got):
            let unit = kind.isNumeric ? "digits" : "characters"
            return "\(kind.englishIndefinite) has \(Self.englishCount(expected)) \(unit) (\(got) entered)."
        case .invalidCharacters(let kind):
            switch kind {
            case .siren, .siret, .postalCode, .ean13:
                return "The \(name) may only contain digits."
            case .iban, .bic, .vatNumber:
                return "The \(name) may only contain letters and digits."
            case .phoneNumber:
                return "The \(name) may only contain digits (spaces, dots, dashes and a leading \"+\" are accepted)."
            case .emailAddress:
                return "The \(name) contains characters that are not allowed (spaces, commas…)."
            }
        case .checksumMismatch:
            return "The \(name) is not valid: its check digits do not match. Please check for a typo."
        case .unknownCountry(_, let country):
            return "The \(name) starts with an unknown country code: \"\(country)\"."
        case .invalidFormat(let kind):
            return "The \(name) is not in a valid format (example: \(kind.example(french: false)))."
        }
    }

    /// "14", "8 ou 11", "de 8 à 15".
    private static func frenchCount(_ expected: [Int]) -> String {
        let sorted = expected.sorted()
        guard let first = sorted.first, let last = sorted.last else { return "?" }
        if sorted.count == 1 { return "\(first)" }
        if sorted.count > 2, sorted == Array(first...last) { return "de \(first) à \(last)" }
        return sorted.dropLast().map(String.init).joined(separator: ", ") + " ou \(last)"
    }

    /// "14", "8 or 11", "between 8 and 15".
    private static func englishCount(_ expected: [Int]) -> String {
        let sorted = expected.sorted()
        guard let first = sorted.first, let last = sorted.last else { return "?" }
        if sorted.count == 1 { return "\(first)" }
        if sorted.count > 2, sorted == Array(first...last) { return "between \(first) and \(last)" }
        return sorted.dropLast().map(String.init).joined(separator: ", ") + " or \(last)"
    }
}
