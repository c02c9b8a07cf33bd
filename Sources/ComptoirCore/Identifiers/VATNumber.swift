/// Intra-EU VAT numbers: French ones are fully checked (key derived from the SIREN), others on format.
public enum VATNumber {
    /// The VIES country prefixes accepted (EU members with "EL" for Greece, plus "XI" for Northern Ireland).
    public static let countryPrefixes: Set<String> = [
        "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "HR", "HU", "IE", "IT",
        "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "XI",
    ]

    /// Uppercases and removes spaces (incl. no-break spaces), dots and dashes.
    public static func normalize(_ raw: String) -> String {
        IdentifierText.stripSeparators(raw).uppercased()
    }

    /// Returns the normalised VAT number, or why it is not valid.
    public static func validate(_ raw: String) -> Result<String, IdentifierError> {
        let vat = normalize(raw)
        if vat.isEmpty { return .failure(.empty(.vatNumber)) }
        guard IdentifierText.isAllASCIIAlphanumeric(vat) else { return .failure(.invalidCharacters(.vatNumber)) }
        let bytes = Array(vat.utf8)
        guard bytes.count >= 2, IdentifierText.isASCIILetter(bytes[0]), IdentifierText.isASCIILetter(bytes[1]) else {
            return .failure(.invalidFormat(.vatNumber))
        }
        let prefix = String(vat.prefix(2))
        guard countryPrefixes.contains(prefix) else { return .failure(.unknownCountry(.vatNumber, prefix)) }
        if prefix == "FR" { return validateFrench(vat) }
        guard (4...15).contains(bytes.count) else {
            return .failure(.wrongLength(.vatNumber, expected: Array(4...15), got: bytes.count))
        }
        return .success(vat)
    }

    /// Whether `raw` is an acceptable VAT number.
    public static func isValid(_ raw: String) -> Bool {
        (try? validate(raw).get()) != nil
    }

    /// The French VAT number of a company, "FR" + key + SIREN; pass a validated SIREN.
    public static func french(fromSIREN siren: String) -> String {
        let digits = String(SIREN.normalize(siren).filter { $0.isASCII && $0.isNumber })
        return "FR" + twoDigits(frenchKey(siren: digits)) + digits
    }

    /// The numeric French key: (12 + 3 × (SIREN mod 97)) mod 97.
    static func frenchKey(siren: String) -> Int {
        (12 + 3 * IdentifierText.remainder(ofDigits: siren, dividedBy: 97)) % 97
    }

    private static func validateFrench(_ vat: String) -> Result<String, IdentifierError> {
        let bytes = Array(vat.utf8)
        guard bytes.count == 13 else {
            return .failure(.wrongLength(.vatNumber, expected: [13], got: bytes.count))
        }
        let key = Array(bytes[2..<4])
        let siren = String(decoding: bytes[4...], as: UTF8.self)
        guard IdentifierText.isAllASCIIDigits(siren) else { return .failure(.invalidFormat(.vatNumber)) }
        if key.allSatisfy(IdentifierText.isASCIIDigit) {
            let given = Int(key[0] - 0x30) * 10 + Int(key[1] - 0x30)
            return given == frenchKey(siren: siren) ? .success(vat) : .failure(.checksumMismatch(.vatNumber))
        }
        // Alphanumeric keys (no I or O) are issued to some entities without a SIREN-derived key: format only.
        guard !key.contains(UInt8(ascii: "I")), !key.contains(UInt8(ascii: "O")) else {
            return .failure(.invalidFormat(.vatNumber))
        }
        return .success(vat)
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
