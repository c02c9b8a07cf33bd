/// French postcodes: five digits, metropolitan departments 01–95 (Corsica 20xxx), overseas 97x and 98x.
public enum PostalCode {
    /// Overseas prefixes in use: 971–978 (DROM and collectivities), 980 Monaco, 984 TAAF, 986–988 Pacific.
    static let overseasPrefixes: Set<String> = [
        "971", "972", "973", "974", "975", "976", "977", "978", "980", "984", "986", "987", "988",
    ]

    /// Removes spaces (incl. no-break spaces), dots and dashes.
    public static func normalize(_ raw: String) -> String {
        IdentifierText.stripSeparators(raw)
    }

    /// Returns the normalised French postcode, or why it is not valid.
    public static func validate(_ raw: String) -> Result<String, IdentifierError> {
        let code = normalize(raw)
        if code.isEmpty { return .failure(.empty(.postalCode)) }
        guard IdentifierText.isAllASCIIDigits(code) else { return .failure(.invalidCharacters(.postalCode)) }
        guard code.utf8.count == 5 else { return .failure(.wrongLength(.postalCode, expected: [5], got: code.utf8.count)) }
        let department = Int(code.prefix(2)) ?? 0
        switch department {
        case 1...95:
            return .success(code)
        case 97, 98:
            return overseasPrefixes.contains(String(code.prefix(3))) ? .success(code) : .failure(.invalidFormat(.postalCode))
        default:
            return .failure(.invalidFormat(.postalCode))
        }
    }

    /// Whether `raw` is a valid French postcode.
    public static func isValid(_ raw: String) -> Bool {
        (try? validate(raw).get()) != nil
    }

    /// The department code a postcode belongs to ("75", "2A", "2B", "974"), or nil when invalid.
    ///
    /// Corsica: 202xx and 206xx are Haute-Corse (2B), the rest Corse-du-Sud (2A). A few postcodes are shared
    /// across a department border elsewhere (CEDEX, small communes); this is the usual postal department.
    public static func department(of raw: String) -> String? {
        guard case .success(let code) = validate(raw) else { return nil }
        let prefix = String(code.prefix(2))
        switch prefix {
        case "20":
            let third = code.dropFirst(2).first
            return third == "2" || third == "6" ? "2B" : "2A"
        case "97", "98":
            return String(code.prefix(3))
        default:
            return prefix
        }
    }
}
