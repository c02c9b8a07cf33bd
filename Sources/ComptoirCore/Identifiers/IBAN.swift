/// International Bank Account Numbers (ISO 13616): country length table and mod-97 check.
public enum IBAN {
    /// IBAN length per country (SWIFT IBAN registry; all SEPA countries included).
    public static let lengthByCountry: [String: Int] = [
        "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
        "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27,
        "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27,
        "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HN": 28, "HR": 21, "HU": 28,
        "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28,
        "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22,
        "MK": 19, "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23,
        "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24,
        "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28,
        "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
    ]

    /// Uppercases and removes spaces (incl. no-break spaces), dashes, dots and a leading "IBAN" or "IBAN :" label.
    public static func normalize(_ raw: String) -> String {
        var compact = Substring(IdentifierText.stripSeparators(raw).uppercased())
        // People paste "IBAN : FR76 …" from bank statements; no country code is "IB", so this is safe.
        if compact.hasPrefix("IBAN") {
            compact = compact.dropFirst(4)
            if compact.first == ":" { compact = compact.dropFirst() }
        }
        return String(compact)
    }

    /// Returns the normalised IBAN, or why it is not valid.
    public static func validate(_ raw: String) -> Result<String, IdentifierError> {
        let iban = normalize(raw)
        if iban.isEmpty { return .failure(.empty(.iban)) }
        guard IdentifierText.isAllASCIIAlphanumeric(iban) else { return .failure(.invalidCharacters(.iban)) }
        let bytes = Array(iban.utf8)
        guard bytes.count >= 4, IdentifierText.isASCIILetter(bytes[0]), IdentifierText.isASCIILetter(bytes[1]),
            IdentifierText.isASCIIDigit(bytes[2]), IdentifierText.isASCIIDigit(bytes[3])
        else {
            return .failure(.invalidFormat(.iban))
        }
        let country = String(iban.prefix(2))
        guard let length = lengthByCountry[country] else { return .failure(.unknownCountry(.iban, country)) }
        guard bytes.count == length else { return .failure(.wrongLength(.iban, expected: [length], got: bytes.count)) }
        guard mod97(bytes) == 1 else { return .failure(.checksumMismatch(.iban)) }
        return .success(iban)
    }

    /// Whether `raw` is a valid IBAN.
    public static func isValid(_ raw: String) -> Bool {
        (try? validate(raw).get()) != nil
    }

    /// The IBAN normalised then printed in groups of four ("FR76 3000 6000 …").
    public static func formatted(_ raw: String) -> String {
        var result = ""
        for (index, character) in normalize(raw).enumerated() {
            if index > 0, index % 4 == 0 { result.append(" ") }
            result.append(character)
        }
        return result
    }

    /// ISO 7064 mod 97-10 over the IBAN with its first four characters moved to the end, letters as 10…35.
    private static func mod97(_ bytes: [UInt8]) -> Int {
        var remainder = 0
        for byte in bytes[4...] + bytes[..<4] {
            if IdentifierText.isASCIIDigit(byte) {
                remainder = (remainder * 10 + Int(byte - 0x30)) % 97
            } else {
                remainder = (remainder * 100 + Int(byte - 0x41) + 10) % 97
            }
        }
        return remainder
    }
}
