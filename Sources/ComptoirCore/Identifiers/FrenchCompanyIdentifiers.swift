/// SIREN: the 9-digit French company number (INSEE), protected by a Luhn key.
public enum SIREN {
    /// Removes spaces (incl. no-break spaces), dots and dashes.
    public static func normalize(_ raw: String) -> String {
        IdentifierText.stripSeparators(raw)
    }

    /// Returns the normalised SIREN, or why it is not valid.
    public static func validate(_ raw: String) -> Result<String, IdentifierError> {
        let siren = normalize(raw)
        if let error = checkDigits(siren, kind: .siren, length: 9) { return .failure(error) }
        guard Luhn.isValid(siren) else { return .failure(.checksumMismatch(.siren)) }
        return .success(siren)
    }

    /// Whether `raw` is a valid SIREN.
    public static func isValid(_ raw: String) -> Bool {
        (try? validate(raw).get()) != nil
    }

    /// The checks shared by SIREN and SIRET before their key: emptiness, digits only, length.
    static func checkDigits(_ value: String, kind: IdentifierKind, length: Int) -> IdentifierError? {
        if value.isEmpty { return .empty(kind) }
        guard IdentifierText.isAllASCIIDigits(value) else { return .invalidCharacters(kind) }
        guard value.utf8.count == length else {
            return .wrongLength(kind, expected: [length], got: value.utf8.count)
        }
        return nil
    }
}

/// SIRET: the 14-digit establishment number (SIREN + 5-digit NIC), protected by a Luhn key.
public enum SIRET {
    /// The SIREN of La Poste, whose establishments' SIRETs use a digit-sum-multiple-of-5 rule instead of Luhn.
    public static let laPosteSIREN = "356000000"

    /// Removes spaces (incl. no-break spaces), dots and dashes.
    public static func normalize(_ raw: String) -> String {
        IdentifierText.stripSeparators(raw)
    }

    /// Returns the normalised SIRET, or why it is not valid.
    public static func validate(_ raw: String) -> Result<String, IdentifierError> {
        let siret = normalize(raw)
        if let error = SIREN.checkDigits(siret, kind: .siret, length: 14) { return .failure(error) }
        let siren = siren(of: siret)
        if siren == laPosteSIREN {
            // La Poste has more establishments than a Luhn-keyed NIC allows; INSEE checks the plain digit sum.
            let sum = siret.utf8.reduce(0) { $0 + Int($1 - 0x30) }
            return sum % 5 == 0 || Luhn.isValid(siret) ? .success(siret) : .failure(.checksumMismatch(.siret))
        }
        guard Luhn.isValid(siret), Luhn.isValid(siren) else { return .failure(.checksumMismatch(.siret)) }
        return .success(siret)
    }

    /// Whether `raw` is a valid SIRET.
    public static func isValid(_ raw: String) -> Bool {
        (try? validate(raw).get()) != nil
    }

    /// The SIREN part (first 9 digits) of a SIRET, after normalisation.
    public static func siren(of siret: String) -> String {
        String(normalize(siret).prefix(9))
    }
}
