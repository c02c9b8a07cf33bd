import Foundation

/// Pragmatic e-mail address validation for contact records and mailing lists (not full RFC 5322).
public enum EmailAddress {
    /// Trims surrounding whitespace, drops a "mailto:" prefix and lowercases the domain (the local part keeps its case).
    public static func normalize(_ raw: String) -> String {
        var value = raw.fastTrimmed
        if value.utf8.count >= 7, value.utf8.prefix(7).elementsEqual("mailto:".utf8, by: { asciiLowercase($0) == $1 }) {
            value = String(value.dropFirst(7))
        }
        guard let at = value.lastIndex(of: "@") else { return value }
        return String(value[..<at]) + "@" + value[value.index(after: at)...].lowercased()
    }

    /// Returns the normalised address, or why it is not valid.
    public static func validate(_ raw: String) -> Result<String, IdentifierError> {
        let email = normalize(raw)
        if email.isEmpty { return .failure(.empty(.emailAddress)) }
        if email.utf8.allSatisfy({ $0 < 0x80 }) {
            if email.utf8.contains(where: isForbiddenASCII) { return .failure(.invalidCharacters(.emailAddress)) }
        } else if email.unicodeScalars.contains(where: isForbidden) {
            return .failure(.invalidCharacters(.emailAddress))
        }
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

    /// `isForbidden` for an ASCII byte: whitespace and controls (all at most 0x20), DEL, the specials.
    private static func isForbiddenASCII(_ byte: UInt8) -> Bool {
        byte <= 0x20 || byte == 0x7F || forbiddenSpecials.contains(byte)
    }

    private static let forbiddenSpecials = Set("\"(),:;<>[\\]".utf8)

    private static func asciiLowercase(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
    }

    private static func isValidLocalPart(_ local: Substring) -> Bool {
        guard !local.isEmpty, local.utf8.count <= 64 else { return false }
        let bytes = local.utf8
        guard bytes.first != 0x2E, bytes.last != 0x2E, !zip(bytes, bytes.dropFirst()).contains(where: { $0 == 0x2E && $1 == 0x2E }) else {
            return false
        }
        return true
    }

    private static func isValidDomain(_ domain: Substring) -> Bool {
        guard !domain.isEmpty, domain.utf8.count <= 253 else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        for label in labels {
            guard !label.isEmpty, label.utf8.count <= 63, label.first != "-", label.last != "-" else { return false }
            // Letters may be non-ASCII (internationalised domains such as "café.fr").
            if label.utf8.allSatisfy({ $0 < 0x80 }) {
                guard label.utf8.allSatisfy({ $0 == 0x2D || IdentifierText.isASCIIAlphanumeric($0) }) else { return false }
            } else {
                guard label.allSatisfy({ $0 == "-" || $0.isLetter || ($0.isASCII && $0.isNumber) }) else { return false }
            }
        }
        // The top-level domain is never all digits (that would be an IP address).
        guard let tld = labels.last, tld.count >= 2, !tld.allSatisfy(\.isNumber) else { return false }
        return true
    }
}
