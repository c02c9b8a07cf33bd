/// Why a recurrence rule was rejected, with a user message in French and English.
public enum RecurrenceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The rule has no FREQ part (or is empty).
    case missingFrequency
    /// A part or value of RFC 5545 that Comptoir does not compute, e.g. "BYSETPOS" or "FREQ=HOURLY".
    case unsupported(String)
    /// A part that is not in RFC 5545, e.g. "X-FOO".
    case unknownPart(String)
    /// A part without "NAME=value".
    case malformed(String)
    /// The same part given twice.
    case duplicatePart(String)
    /// A value out of range or badly written, e.g. INTERVAL=0 or BYMONTHDAY=32.
    case invalidValue(part: String, value: String)
    /// A part that does not fit the frequency, e.g. "BYDAY=2TU" with WEEKLY or BYMONTHDAY with WEEKLY.
    case notAllowed(part: String, frequency: RecurrenceRule.Frequency)
    /// Both COUNT and UNTIL (RFC 5545 forbids it).
    case countAndUntil
    /// The rule can never fall on a date, e.g. BYMONTH=2;BYMONTHDAY=30.
    case neverOccurs

    /// A stable machine code for APIs and logs, e.g. "unsupported".
    public var code: String {
        switch self {
        case .missingFrequency: "missing_frequency"
        case .unsupported: "unsupported"
        case .unknownPart: "unknown_part"
        case .malformed: "malformed"
        case .duplicatePart: "duplicate_part"
        case .invalidValue: "invalid_value"
        case .notAllowed: "not_allowed"
        case .countAndUntil: "count_and_until"
        case .neverOccurs: "never_occurs"
        }
    }

    /// The English user message.
    public var description: String { message(french: false) }

    /// A user message in French (`french: true`) or English.
    public func message(french: Bool) -> String {
        french ? frenchMessage : englishMessage
    }

    // French typography: a no-break space before ":" and inside « ».
    private static let nbsp = "\u{00A0}"

    private var frenchMessage: String {
        let nbsp = Self.nbsp
        switch self {
        case .missingFrequency:
            return "La règle de répétition doit indiquer une fréquence (FREQ)."
        case .unsupported(let part):
            return "La règle de répétition n'est pas prise en charge\(nbsp): \(part)"
        case .unknownPart(let part):
            return "La règle de répétition contient un élément inconnu\(nbsp): \(part)"
        case .malformed(let part):
            return "La règle de répétition est mal formée\(nbsp): «\(nbsp)\(part)\(nbsp)» (attendu\(nbsp): NOM=valeur)."
        case .duplicatePart(let part):
            return "La règle de répétition indique \(part) plusieurs fois."
        case .invalidValue(let part, let value):
            return
                "La valeur «\(nbsp)\(value)\(nbsp)» n'est pas valide pour \(part) (attendu\(nbsp): \(Self.expected(part, french: true)))."
        case .notAllowed(let part, let frequency):
            let hint =
                part.hasPrefix("BYDAY")
                ? " (un rang comme 2TU ou -1FR n'a de sens que dans une répétition mensuelle ou annuelle)" : ""
            return "\(part) n'est pas possible dans une répétition \(Self.frenchAdjective(frequency))\(hint)."
        case .countAndUntil:
            return "Une règle de répétition ne peut pas avoir à la fois un nombre d'occurrences (COUNT) et une date de fin (UNTIL)."
        case .neverOccurs:
            return "Cette règle de répétition ne tombe sur aucune date (par exemple un 30\(nbsp)février)."
        }
    }

    private var englishMessage: String {
        switch self {
        case .missingFrequency:
            return "The repeat rule must give a frequency (FREQ)."
        case .unsupported(let part):
            return "This repeat rule is not supported: \(part)"
        case .unknownPart(let part):
            return "The repeat rule contains an unknown part: \(part)"
        case .malformed(let part):
            return "The repeat rule is malformed: \"\(part)\" (expected NAME=value)."
        case .duplicatePart(let part):
            return "The repeat rule gives \(part) more than once."
        case .invalidValue(let part, let value):
            return "The value \"\(value)\" is not valid for \(part) (expected: \(Self.expected(part, french: false)))."
        case .notAllowed(let part, let frequency):
            let hint = part.hasPrefix("BYDAY") ? " (an ordinal such as 2TU or -1FR only makes sense monthly or yearly)" : ""
            return "\(part) cannot be used in a \(frequency.rawValue.lowercased()) repeat\(hint)."
        case .countAndUntil:
            return "A repeat rule cannot have both a number of occurrences (COUNT) and an end date (UNTIL)."
        case .neverOccurs:
            return "This repeat rule never falls on a date (for example 30 February)."
        }
    }

    private static func frenchAdjective(_ frequency: RecurrenceRule.Frequency) -> String {
        switch frequency {
        case .daily: "quotidienne"
        case .weekly: "hebdomadaire"
        case .monthly: "mensuelle"
        case .yearly: "annuelle"
        }
    }

    private static func expected(_ part: String, french: Bool) -> String {
        switch part {
        case "FREQ": french ? "DAILY, WEEKLY, MONTHLY ou YEARLY" : "DAILY, WEEKLY, MONTHLY or YEARLY"
        case "INTERVAL":
            french ? "un entier de 1 à \(RecurrenceRule.maximumInterval)" : "a whole number from 1 to \(RecurrenceRule.maximumInterval)"
        case "COUNT": french ? "un entier supérieur ou égal à 1" : "a whole number of at least 1"
        case "UNTIL": french ? "une date et heure UTC comme 20260630T215959Z" : "a UTC date and time such as 20260630T215959Z"
        case "BYMONTH": french ? "des mois de 1 à 12" : "months from 1 to 12"
        case "BYMONTHDAY": french ? "des jours de 1 à 31 ou de -1 à -31" : "days from 1 to 31 or -1 to -31"
        case "BYDAY":
            french
                ? "des jours MO à SU, éventuellement précédés d'un rang comme 2TU ou -1FR"
                : "days MO to SU, optionally after an ordinal such as 2TU or -1FR"
        case "WKST": french ? "un jour de MO à SU" : "a day from MO to SU"
        default: "?"
        }
    }
}
