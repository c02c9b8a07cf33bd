import Foundation

/// A French VAT rate, in hundredths of a percent (`2000` is 20 %, `550` is 5,5 %). Only the rates the law knows in
/// métropole, Corse and the DOM are allowed: 20, 10, 5,5, 2,1 and 0 % (the same list as the products' rates).
public struct VATRate: Sendable, Hashable, Comparable, Codable {
    /// Hundredths of a percent: 20 % → 2000.
    public let basisPoints: Int64

    public static let standard = VATRate(checked: 2000)
    public static let intermediate = VATRate(checked: 1000)
    public static let reduced = VATRate(checked: 550)
    public static let superReduced = VATRate(checked: 210)
    public static let zero = VATRate(checked: 0)
    /// Every allowed rate, highest first.
    public static let allowed: [VATRate] = [.standard, .intermediate, .reduced, .superReduced, .zero]

    private init(checked basisPoints: Int64) { self.basisPoints = basisPoints }

    /// The rate of `basisPoints`, when it is an allowed one.
    public init?(basisPoints: Int64) {
        guard Self.allowed.contains(where: { $0.basisPoints == basisPoints }) else { return nil }
        self.basisPoints = basisPoints
    }

    /// Parses « 20 », « 5,5 », « 5.5 », « 5,50 % », « 2.1 »; nil for a rate that is not allowed or not a number.
    public init?(parsing raw: String) {
        var text = raw.trimmingCharacters(in: .whitespaces)
        if text.hasSuffix("%") { text = String(text.dropLast()).trimmingCharacters(in: .whitespaces) }
        text = text.replacingOccurrences(of: ",", with: ".")
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = Int64(parts[0]), whole >= 0, whole <= 100,
            parts[0].allSatisfy(\.isASCII)
        else { return nil }
        var hundredths: Int64 = 0
        if parts.count == 2 {
            let fraction = parts[1]
            guard (1...2).contains(fraction.count), fraction.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int64(fraction)
            else { return nil }
            hundredths = fraction.count == 1 ? value * 10 : value
        }
        self.init(basisPoints: whole * 100 + hundredths)
    }

    /// « 20 », « 5.5 », « 2.1 »: the stored and API form (the products' `vat_rate` column holds the same).
    public var decimalString: String {
        let whole = basisPoints / 100
        let fraction = basisPoints % 100
        if fraction == 0 { return String(whole) }
        return fraction % 10 == 0 ? "\(whole).\(fraction / 10)" : "\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// « 5,5 % » in French, « 5.5% » in English.
    public func formatted(locale: DisplayLocale = .fr) -> String {
        locale == .fr ? decimalString.replacingOccurrences(of: ".", with: ",") + "\u{00A0}%" : decimalString + "%"
    }

    /// The VAT on `base` cents: `base × rate`, rounded half away from zero to the cent.
    public func tax(on base: Int64) -> Int64 {
        SalesRounding.divideRounded(Decimal(base) * Decimal(basisPoints), by: 10_000)
    }

    public static func < (a: VATRate, b: VATRate) -> Bool { a.basisPoints < b.basisPoints }
}

/// The one rounding of Sales: half away from zero to the cent (« au centime le plus proche », 0,005 → 0,01), on exact
/// decimal products (no binary floating point).
public enum SalesRounding {
    /// `value / divisor`, rounded half away from zero to an integer.
    public static func divideRounded(_ value: Decimal, by divisor: Int64) -> Int64 {
        var quotient = value / Decimal(divisor)
        var rounded = Decimal()
        NSDecimalRound(&rounded, &quotient, 0, .plain)
        return NSDecimalNumber(decimal: rounded).int64Value
    }
}
