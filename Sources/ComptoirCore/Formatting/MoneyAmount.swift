import Foundation

/// An exact amount of money: integer minor units (cents) and an ISO 4217 currency code.
public struct Money: Sendable, Hashable {
    /// The amount in the currency's minor unit (cents for EUR; units for XPF or JPY).
    public var minorUnits: Int64
    /// The ISO 4217 currency code, uppercase ("EUR").
    public var currency: String

    /// An amount of `minorUnits` in `currency` (EUR by default).
    public init(minorUnits: Int64, currency: String = "EUR") {
        self.minorUnits = minorUnits
        self.currency = currency.uppercased()
    }

    /// Zero in `currency`.
    public static func zero(_ currency: String = "EUR") -> Money {
        Money(minorUnits: 0, currency: currency)
    }

    /// Whether the amount is zero.
    public var isZero: Bool { minorUnits == 0 }
    /// Whether the amount is below zero.
    public var isNegative: Bool { minorUnits < 0 }

    /// Number of decimals of `currency`'s minor unit (ISO 4217): 2 by default, 0 for XPF/XOF/XAF/JPY…, 3 for TND/KWD….
    public static func minorUnitDigits(for currency: String) -> Int {
        switch currency.uppercased() {
        case "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV",
            "XAF", "XOF", "XPF":
            0
        case "BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND":
            3
        default:
            2
        }
    }

    /// The number of decimals of this amount's currency.
    public var minorUnitDigits: Int { Self.minorUnitDigits(for: currency) }

    // MARK: - Decimal strings

    /// The plain decimal form used in the API and exports: "1234.50", "-0.05" (no grouping, "." separator).
    public var decimalString: String {
        let (integer, fraction) = splitMagnitude()
        let sign = minorUnits < 0 ? "-" : ""
        return fraction.isEmpty ? "\(sign)\(integer)" : "\(sign)\(integer).\(fraction)"
    }

    /// Parses what people type: "1234.5", "1 234,50", "1234,50 €", "-€1,234.50"; nil when ambiguous or inexact.
    ///
    /// A lone "," or "." is the decimal separator, so "12,345" (three decimals for EUR) is rejected rather
    /// than guessed. Thousands groups (spaces, no-break spaces, apostrophes, or the other punctuation mark)
    /// must have three digits. A currency symbol or code, if present, must match `currency`. No Double is involved.
    public init?(parsing text: String, currency: String = "EUR") {
        let currency = currency.uppercased()
        guard let minor = MoneyParser.parse(text, currency: currency) else { return nil }
        self.init(minorUnits: minor, currency: currency)
    }

    // MARK: - Display

    /// The amount for display: `.fr` → "1 234,50 €" (no-break spaces), `.en` → "€1,234.50".
    public func formatted(locale: DisplayLocale = .fr) -> String {
        let (integer, fraction) = splitMagnitude()
        let sign = minorUnits < 0 ? "-" : ""
        let nbsp = "\u{00A0}"
        let symbol = Self.symbol(for: currency)
        switch locale {
        case .fr:
            let number = Self.group(integer, separator: nbsp) + (fraction.isEmpty ? "" : "," + fraction)
            return "\(sign)\(number)\(nbsp)\(symbol ?? currency)"
        case .en:
            let number = Self.group(integer, separator: ",") + (fraction.isEmpty ? "" : "." + fraction)
            if let symbol { return "\(sign)\(symbol)\(number)" }
            return "\(sign)\(currency)\(nbsp)\(number)"
        }
    }

    /// The symbol shown for well-known currencies ("€", "$", "£"); others show their ISO code.
    public static func symbol(for currency: String) -> String? {
        switch currency.uppercased() {
        case "EUR": "€"
        case "USD": "$"
        case "GBP": "£"
        default: nil
        }
    }

    /// The magnitude split into integer digits and zero-padded fraction digits.
    private func splitMagnitude() -> (integer: String, fraction: String) {
        let digits = minorUnitDigits
        let magnitude = minorUnits.magnitude
        var divisor: UInt64 = 1
        for _ in 0..<digits { divisor *= 10 }
        let integer = String(magnitude / divisor)
        guard digits > 0 else { return (integer, "") }
        let fraction = String(magnitude % divisor)
        return (integer, String(repeating: "0", count: digits - fraction.count) + fraction)
    }

    private static func group(_ digits: String, separator: String) -> String {
        var result = ""
        let count = digits.count
        for (index, character) in digits.enumerated() {
            if index > 0, (count - index) % 3 == 0 { result += separator }
            result.append(character)
        }
        return result
    }
}

// MARK: - Arithmetic

extension Money {
    /// The sum of two amounts; both must share a currency (mixing currencies is a programming error).
    public static func + (lhs: Money, rhs: Money) -> Money {
        precondition(lhs.currency == rhs.currency, "Money: cannot add \(lhs.currency) and \(rhs.currency)")
        return Money(minorUnits: lhs.minorUnits + rhs.minorUnits, currency: lhs.currency)
    }

    /// The difference of two amounts; both must share a currency.
    public static func - (lhs: Money, rhs: Money) -> Money {
        precondition(lhs.currency == rhs.currency, "Money: cannot subtract \(rhs.currency) from \(lhs.currency)")
        return Money(minorUnits: lhs.minorUnits - rhs.minorUnits, currency: lhs.currency)
    }

    /// The opposite amount.
    public static prefix func - (value: Money) -> Money {
        Money(minorUnits: -value.minorUnits, currency: value.currency)
    }

    /// Adds `rhs` in place; both must share a currency.
    public static func += (lhs: inout Money, rhs: Money) { lhs = lhs + rhs }

    /// Subtracts `rhs` in place; both must share a currency.
    public static func -= (lhs: inout Money, rhs: Money) { lhs = lhs - rhs }
}

// MARK: - Codable

extension Money: Codable {
    private enum CodingKeys: String, CodingKey {
        case amount, currency, minorUnits
    }

    /// Decodes `{"amount": "1234.50", "currency": "EUR"}` (the API form) or `{"minorUnits": 123450, "currency": "EUR"}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let currency = try container.decodeIfPresent(String.self, forKey: .currency) ?? "EUR"
        if let amount = try container.decodeIfPresent(String.self, forKey: .amount) {
            guard let minor = MoneyParser.parseDecimal(amount, digits: Self.minorUnitDigits(for: currency)) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .amount, in: container, debugDescription: "Not an exact decimal amount: \(amount)")
            }
            self.init(minorUnits: minor, currency: currency)
        } else {
            self.init(minorUnits: try container.decode(Int64.self, forKey: .minorUnits), currency: currency)
        }
    }

    /// Encodes as `{"amount": "1234.50", "currency": "EUR"}`, the API's decimal-string convention.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(decimalString, forKey: .amount)
        try container.encode(currency, forKey: .currency)
    }
}

extension Money: CustomStringConvertible {
    /// "1234.50 EUR", for logs and debugging.
    public var description: String { "\(decimalString) \(currency)" }
}

// MARK: - Parsing

/// Exact parsing of typed amounts into minor units (internal).
enum MoneyParser {
    static let signs: Set<Character> = ["-", "\u{2212}", "+"]
    static let spaceGroupSeparators: Set<Character> = [" ", "\u{00A0}", "\u{202F}", "\u{2009}", "'", "\u{2019}"]

    /// Minor units of `text` in `currency`, or nil.
    static func parse(_ text: String, currency: String) -> Int64? {
        var body = Substring(text)
        var negative = false
        var sawSign = false
        var sawCurrency = false

        // Leading whitespace, sign and currency, in any order ("-€12", "€-12", "EUR 12").
        while let first = body.first {
            if first.isWhitespace {
                body.removeFirst()
            } else if signs.contains(first), !sawSign {
                sawSign = true
                negative = first != "+"
                body.removeFirst()
            } else if !sawCurrency, let length = currencyToken(atStartOf: body) {
                guard tokenMatches(body.prefix(length), currency: currency) else { return nil }
                sawCurrency = true
                body.removeFirst(length)
            } else {
                break
            }
        }
        // Trailing whitespace and currency ("12,50 €", "12.50 EUR").
        while let last = body.last {
            if last.isWhitespace {
                body.removeLast()
            } else if !sawCurrency, let length = currencyToken(atEndOf: body) {
                guard tokenMatches(body.suffix(length), currency: currency) else { return nil }
                sawCurrency = true
                body.removeLast(length)
            } else {
                break
            }
        }
        guard let magnitude = parseGrouped(body, digits: Money.minorUnitDigits(for: currency)) else { return nil }
        return negative ? -magnitude : magnitude
    }

    /// Parses a plain API decimal: optional "-", digits, optional "." and at most `digits` decimals.
    static func parseDecimal(_ text: String, digits: Int) -> Int64? {
        var body = Substring(text)
        var negative = false
        if body.first == "-" {
            negative = true
            body.removeFirst()
        }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let integer = parts.first, !integer.isEmpty else { return nil }
        guard let magnitude = combine(integer: integer, fraction: parts.count == 2 ? parts[1] : "", digits: digits)
        else { return nil }
        return negative ? -magnitude : magnitude
    }

    /// Length of a currency symbol or 3-letter code at the start of `body`, if any.
    private static func currencyToken(atStartOf body: Substring) -> Int? {
        guard let first = body.first else { return nil }
        if "€$£".contains(first) { return 1 }
        let letters = body.prefix(while: { $0.isLetter })
        return letters.isEmpty ? nil : letters.count
    }

    /// Length of a currency symbol or 3-letter code at the end of `body`, if any.
    private static func currencyToken(atEndOf body: Substring) -> Int? {
        guard let last = body.last else { return nil }
        if "€$£".contains(last) { return 1 }
        var count = 0
        for character in body.reversed() {
            guard character.isLetter else { break }
            count += 1
        }
        return count == 0 ? nil : count
    }

    private static func tokenMatches(_ token: Substring, currency: String) -> Bool {
        switch token {
        case "€": currency == "EUR"
        case "$": currency == "USD"
        case "£": currency == "GBP"
        default: token.uppercased() == currency
        }
    }

    /// Parses digits with optional thousands grouping and one decimal separator.
    private static func parseGrouped(_ body: Substring, digits: Int) -> Int64? {
        guard !body.isEmpty else { return nil }
        for character in body {
            guard
                character.isASCII && character.isNumber || character == "," || character == "."
                    || spaceGroupSeparators.contains(character)
            else { return nil }
        }
        let commas = body.filter { $0 == "," }.count
        let dots = body.filter { $0 == "." }.count
        var decimalSeparator: Character?
        if commas > 0, dots > 0 {
            guard let lastComma = body.lastIndex(of: ","), let lastDot = body.lastIndex(of: ".") else { return nil }
            decimalSeparator = lastComma > lastDot ? "," : "."
            // The decimal separator appears once; the other mark only groups thousands.
            guard (decimalSeparator == "," ? commas : dots) == 1 else { return nil }
        } else if commas == 1 || dots == 1 {
            let mark: Character = commas == 1 ? "," : "."
            let after = body[body.index(after: body.firstIndex(of: mark)!)...]
            // For currencies without decimals, "1.234" can only mean thousands.
            if digits == 0, after.count == 3, after.allSatisfy(\.isNumber) {
                decimalSeparator = nil
            } else {
                decimalSeparator = mark
            }
        }

        var integerPart = body
        var fractionPart: Substring = ""
        if let separator = decimalSeparator, let index = body.lastIndex(of: separator) {
            integerPart = body[..<index]
            fractionPart = body[body.index(after: index)...]
        }
        guard fractionPart.allSatisfy(\.isNumber) else { return nil }

        let groups = integerPart.split(
            omittingEmptySubsequences: false,
            whereSeparator: { spaceGroupSeparators.contains($0) || $0 == "," || $0 == "." })
        if groups.count > 1 {
            guard let first = groups.first, (1...3).contains(first.count),
                groups.dropFirst().allSatisfy({ $0.count == 3 })
            else { return nil }
        }
        let integerDigits = groups.joined()
        guard !integerDigits.isEmpty || !fractionPart.isEmpty else { return nil }
        return combine(integer: Substring(integerDigits), fraction: fractionPart, digits: digits)
    }

    /// integer × 10^digits + fraction (right-padded), with overflow checks.
    private static func combine(integer: Substring, fraction: Substring, digits: Int) -> Int64? {
        guard fraction.count <= digits else { return nil }
        guard integer.allSatisfy({ $0.isASCII && $0.isNumber }), fraction.allSatisfy({ $0.isASCII && $0.isNumber })
        else { return nil }
        var value: Int64 = 0
        let padded = String(integer) + String(fraction) + String(repeating: "0", count: digits - fraction.count)
        for byte in padded.utf8 {
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (added, overflow2) = shifted.addingReportingOverflow(Int64(byte - 0x30))
            guard !overflow1, !overflow2 else { return nil }
            value = added
        }
        return value
    }
}
