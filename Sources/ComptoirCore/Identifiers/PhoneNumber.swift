import Foundation

/// Phone numbers: French national forms and international "+…" numbers, stored in E.164 ("+33123456789").
public enum PhoneNumber {
    /// French overseas departments dialled with a national "0" prefix but with their own country code in E.164.
    /// Keys are the three digits after the national "0" ("0262 …" → +262 262 …).
    static let overseasCountryCodeByPrefix: [String: String] = [
        "262": "262", "263": "262", "692": "262", "693": "262",  // La Réunion
        "269": "262", "639": "262",  // Mayotte
        "590": "590", "690": "590", "691": "590",  // Guadeloupe, Saint-Barthélemy, Saint-Martin
        "594": "594", "694": "594",  // Guyane
        "596": "596", "696": "596", "697": "596",  // Martinique
    ]

    /// Returns the E.164 form of `raw` ("+33123456789"), or `raw` without separators when it is not a valid number.
    public static func normalize(_ raw: String) -> String {
        (try? validate(raw).get()) ?? stripSeparators(raw)
    }

    /// Returns the number in E.164 form, or why it is not valid.
    public static func validate(_ raw: String) -> Result<String, IdentifierError> {
        var compact = stripSeparators(raw)
        if compact.isEmpty { return .failure(.empty(.phoneNumber)) }
        // "+33 (0)1 23 45 67 89": the "(0)" is the national prefix written for French callers.
        if compact.utf8.contains(where: { $0 == 0x28 || $0 == 0x29 }) {
            compact = compact.replacingOccurrences(of: "(0)", with: "")
            compact.removeAll { $0 == "(" || $0 == ")" }
        }
        var international = false
        if compact.hasPrefix("+") {
            international = true
            compact.removeFirst()
        } else if compact.hasPrefix("00") {
            international = true
            compact.removeFirst(2)
        }
        guard IdentifierText.isAllASCIIDigits(compact) else {
            return compact.isEmpty ? .failure(.invalidFormat(.phoneNumber)) : .failure(.invalidCharacters(.phoneNumber))
        }
        return international ? validateInternational(compact) : validateNational(compact)
    }

    /// Whether `raw` is a valid phone number.
    public static func isValid(_ raw: String) -> Bool {
        (try? validate(raw).get()) != nil
    }

    /// The French display form "01 23 45 67 89" for French numbers (overseas included); other numbers in E.164.
    public static func formattedFrench(_ raw: String) -> String {
        guard case .success(let e164) = validate(raw) else { return raw }
        guard let national = nationalFrenchDigits(e164) else { return e164 }
        var result = ""
        for (index, character) in national.enumerated() {
            if index > 0, index % 2 == 0 { result.append(" ") }
            result.append(character)
        }
        return result
    }

    /// The 10-digit French national number ("0123456789") for a French E.164 number, else nil.
    static func nationalFrenchDigits(_ e164: String) -> String? {
        let digits = e164.dropFirst()
        if digits.hasPrefix("33"), digits.count == 11 { return "0" + digits.dropFirst(2) }
        for code in Set(overseasCountryCodeByPrefix.values) where digits.hasPrefix(code) && digits.count == 12 {
            let rest = digits.dropFirst(3)
            if overseasCountryCodeByPrefix[String(rest.prefix(3))] == code { return "0" + rest }
        }
        return nil
    }

    private static func validateNational(_ digits: String) -> Result<String, IdentifierError> {
        guard digits.hasPrefix("0") else { return .failure(.invalidFormat(.phoneNumber)) }
        guard digits.utf8.count == 10 else {
            return .failure(.wrongLength(.phoneNumber, expected: [10], got: digits.utf8.count))
        }
        let subscriber = digits.dropFirst()
        guard subscriber.first != "0" else { return .failure(.invalidFormat(.phoneNumber)) }
        if let code = overseasCountryCodeByPrefix[String(subscriber.prefix(3))] {
            return .success("+" + code + subscriber)
        }
        return .success("+33" + subscriber)
    }

    private static func validateInternational(_ digits: String) -> Result<String, IdentifierError> {
        if digits.hasPrefix("33") {
            var subscriber = digits.dropFirst(2)
            // "+33 0 1 23 45 67 89": a national "0" kept by mistake.
            if subscriber.count == 10, subscriber.first == "0" { subscriber = subscriber.dropFirst() }
            guard subscriber.count == 9 else {
                return .failure(.wrongLength(.phoneNumber, expected: [11], got: 2 + subscriber.count))
            }
            guard subscriber.first != "0" else { return .failure(.invalidFormat(.phoneNumber)) }
            return .success("+33" + subscriber)
        }
        guard digits.first != "0" else { return .failure(.invalidFormat(.phoneNumber)) }
        guard (8...15).contains(digits.utf8.count) else {
            return .failure(.wrongLength(.phoneNumber, expected: Array(8...15), got: digits.utf8.count))
        }
        return .success("+" + digits)
    }

    private static func stripSeparators(_ raw: String) -> String {
        IdentifierText.stripSeparators(raw)
    }
}
