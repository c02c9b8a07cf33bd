import Foundation

/// Pragmatic e-mail address validation for contact records and mailing lists (not full RFC 5322).
public enum EmailAddress {
    /// Trims surrounding whitespace, drops a "mailto:" prefix and lowercases the domain (the local part keeps its case).
    public static func normalize(_ raw: String) -> String {
        var value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if value.lowercased().hasPrefix("mailto:") { value = String(value.dropFirst(7)) }
        guard let at = value.lastIndex(of: "@") else { return value }
        return String(value[..<at]) + "@" + value[value.index(after: at)...].lowercased()
    }

    /// Returns the normalised address, or why it is not valid.
    public static func validate(_ raw: String) -> Result<String, IdentifierError> {
        let email = normalize(raw)
        if email.isEmpty { return .failure(.empty(.emailAddress)) }
        if email.unicodeScalars.contains(where: isForbidden) { return .failure(.invalidCharacters(.emailAddress)) }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return .failure(.invalidFormat(.emailAddress)) }
        let local = parts[0]
        let domain = parts[1]
        guard isValidLocalPart(local), isValidDomain(domain) else { return .failure(.invalidFormat(.emailAddress)) }
        return .success(email)
    }

    /// Whether `raw` is an acceptable e-mail address.
    public static func isValid(_ raw: String) -> Bool {
        (try? validate(raw).get()) != nil
    }

    /// The lowercased domain of a valid address ("exemple.fr"), or nil.
    public static func domain(of raw: String) -> String? {
        guard case .success(let email) = validate(raw), let at = email.lastIndex(of: "@") else { return nil }
        return String(email[email.index(after: at)...])
    }

    /// Whitespace, controls and the RFC 5322 specials that only appear in quoted forms we do not accept.
    private static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.properties.isWhitespace || scalar.value < 0x20 || scalar.value == 0x7F { return true }
        return "\"(),:;<>[\\]".unicodeScalars.contains(scalar)
    }

    private static func isValidLocalPart(_ local: Substring) -> Bool {
        guard !local.isEmpty, local.utf8.count <= 64 else { return false }
        guard local.first != ".", local.last != ".", !local.contains("..") else { return false }
        return true
    }

    private static func isValidDomain(_ domain: Substring) -> Bool {
        guard !domain.isEmpty, domain.utf8.count <= 253 else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        for label in labels {
            guard !label.isEmpty, label.utf8.count <= 63, label.first != "-", label.last != "-" else { return false }
            // Letters may be non-ASCII (internationalised domains such as "café.fr").
            guard label.allSatisfy({ $0 == "-" || $0.isLetter || ($0.isASCII && $0.isNumber) }) else { return false }
        }
        // The top-level domain is never all digits (that would be an IP address).
        guard let tld = labels.last, tld.count >= 2, !tld.allSatisfy(\.isNumber) else { return false }
        return true
    }
}
