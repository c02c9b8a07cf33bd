/// Bank Identifier Codes (ISO 9362): `AAAABBCC` or `AAAABBCCDDD`.
public enum BIC {
    /// Uppercases and removes spaces (incl. no-break spaces), dots and dashes.
    public static func normalize(_ raw: String) -> String {
        IdentifierText.stripSeparators(raw).uppercased()
    }

    /// Returns the normalised BIC, or why it is not valid.
    public static func validate(_ raw: String) -> Result<String, IdentifierError> {
        let bic = normalize(raw)
        if bic.isEmpty { return .failure(.empty(.bic)) }
        guard IdentifierText.isAllASCIIAlphanumeric(bic) else { return .failure(.invalidCharacters(.bic)) }
        let bytes = Array(bic.utf8)
        guard bytes.count == 8 || bytes.count == 11 else {
            return .failure(.wrongLength(.bic, expected: [8, 11], got: bytes.count))
        }
        // AAAA: institution and BB: country are letters; CC: location and DDD: branch are letters or digits.
        // (ISO 9362:2014 would allow digits in AAAA, but no such BIC is issued yet; a digit there is a typo.)
        guard bytes[0..<6].allSatisfy(IdentifierText.isASCIILetter)
        else {
            return .failure(.invalidFormat(.bic))
        }
        return .success(bic)
    }

    /// Whether `raw` is a well-formed BIC.
    public static func isValid(_ raw: String) -> Bool {
        (try? validate(raw).get()) != nil
    }
}
