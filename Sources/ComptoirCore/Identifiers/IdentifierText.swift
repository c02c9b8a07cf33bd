/// Shared character helpers for identifier normalisation (internal).
enum IdentifierText {
    /// Removes whitespace (incl. U+00A0 and U+202F), dots and dashes, as users type them in forms.
    static func stripSeparators(_ raw: String) -> String {
        if raw.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII (nearly every value typed or imported): whitespace is tab…carriage return and space.
            return String(unsafeUninitializedCapacity: raw.utf8.count) { buffer in
                var count = 0
                for byte in raw.utf8 where !(byte == 0x20 || (0x09...0x0D).contains(byte) || byte == 0x2E || byte == 0x2D) {
                    buffer[count] = byte
                    count += 1
                }
                return count
            }
        }
        return String(raw.unicodeScalars.filter { !isSeparator($0) }.map(Character.init))
    }

    /// Whitespace of any kind, dots, and the hyphen/dash family.
    static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.properties.isWhitespace { return true }
        switch scalar {
        case ".", "-", "\u{00A0}", "\u{202F}", "\u{2007}", "\u{2009}",
            "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2212}":
            return true
        default:
            return false
        }
    }

    /// Whether every character is an ASCII digit (false for the empty string).
    static func isAllASCIIDigits(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// Whether every character is an ASCII letter or digit (false for the empty string).
    static func isAllASCIIAlphanumeric(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { isASCIIAlphanumeric($0) }
    }

    static func isASCIIDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    static func isASCIIUpper(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
    static func isASCIILower(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }
    static func isASCIILetter(_ byte: UInt8) -> Bool { isASCIIUpper(byte) || isASCIILower(byte) }
    static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool { isASCIIDigit(byte) || isASCIILetter(byte) }

    /// The remainder of a (possibly very long) decimal digit string divided by `divisor`.
    static func remainder(ofDigits digits: String, dividedBy divisor: Int) -> Int {
        var remainder = 0
        for byte in digits.utf8 where isASCIIDigit(byte) {
            remainder = (remainder * 10 + Int(byte - 0x30)) % divisor
        }
        return remainder
    }
}
