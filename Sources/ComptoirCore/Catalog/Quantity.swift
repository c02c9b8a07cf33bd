import Foundation

/// A quantity of a product, fixed-point with three decimals (stored as thousandths: `milli`), so that « 1,5 kg » and
/// « 0,125 l » add up exactly. Entered and shown with a decimal comma in French (« 1 234,5 »), a point in the API.
public struct Quantity: Sendable, Hashable, Comparable, Codable {
    public var milli: Int64

    public init(milli: Int64) { self.milli = milli }
    public init(units: Int) { self.milli = Int64(units) * 1000 }

    public static let zero = Quantity(milli: 0)
    /// Beyond this a quantity is refused (a typo, not a stock): 1 000 000 000 units.
    public static let maximum = Quantity(milli: 1_000_000_000_000)

    public static func < (a: Quantity, b: Quantity) -> Bool { a.milli < b.milli }
    public static func + (a: Quantity, b: Quantity) -> Quantity { Quantity(milli: a.milli + b.milli) }
    public static func - (a: Quantity, b: Quantity) -> Quantity { Quantity(milli: a.milli - b.milli) }
    public static prefix func - (a: Quantity) -> Quantity { Quantity(milli: -a.milli) }
    public static func += (a: inout Quantity, b: Quantity) { a.milli += b.milli }
    public static func -= (a: inout Quantity, b: Quantity) { a.milli -= b.milli }

    public var isWhole: Bool { milli % 1000 == 0 }
    /// The whole units, when the quantity has no fraction (serial-tracked products count units).
    public var wholeUnits: Int? { isWhole ? Int(milli / 1000) : nil }

    /// Parses « 12 », « 1,5 », « 1 234,125 », « -3 », « 2.75 » (spaces and no-break spaces group thousands).
    /// Nil for anything else, more than three decimals included.
    public init?(parsing raw: String) {
        var text = Substring(raw)
        while let first = text.first, first == " " { text = text.dropFirst() }
        while let last = text.last, last == " " { text = text.dropLast() }
        var negative = false
        if text.first == "-" {
            negative = true
            text = text.dropFirst()
        } else if text.first == "+" {
            text = text.dropFirst()
        }
        var whole: Int64 = 0
        var fraction: Int64 = 0
        var fractionDigits = 0
        var seenDigit = false
        var inFraction = false
        for character in text {
            switch character {
            case "0"..."9":
                let digit = Int64(character.asciiValue! - UInt8(ascii: "0"))
                seenDigit = true
                if inFraction {
                    fractionDigits += 1
                    guard fractionDigits <= 3 else { return nil }
                    fraction = fraction * 10 + digit
                } else {
                    guard whole < 1_000_000_000_000 else { return nil }
                    whole = whole * 10 + digit
                }
            case ",", ".":
                guard !inFraction else { return nil }
                inFraction = true
            case " ", "\u{00A0}", "\u{202F}":
                guard !inFraction else { return nil }
            default:
                return nil
            }
        }
        guard seenDigit else { return nil }
        while fractionDigits < 3 {
            fraction *= 10
            fractionDigits += 1
        }
        let (product, overflow) = whole.multipliedReportingOverflow(by: 1000)
        guard !overflow else { return nil }
        milli = (product + fraction) * (negative ? -1 : 1)
    }

    /// « 1.5 », « -3 », « 0.125 »: what the API sends and reads.
    public var decimalString: String {
        let sign = milli < 0 ? "-" : ""
        let magnitude = milli.magnitude
        let whole = magnitude / 1000
        var fraction = String(magnitude % 1000)
        if fraction == "0" { return sign + String(whole) }
        while fraction.count < 3 { fraction = "0" + fraction }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return sign + String(whole) + "." + fraction
    }

    /// « 1 234,5 » in French (no-break space between thousands), « 1,234.5 » in English.
    public func formatted(locale: DisplayLocale = .fr) -> String {
        let sign = milli < 0 ? "-" : ""
        let magnitude = milli.magnitude
        var grouped = NumberDisplay.integer(Int(magnitude / 1000))
        if locale == .en { grouped = grouped.replacingOccurrences(of: "\u{00A0}", with: ",") }
        var fraction = String(magnitude % 1000)
        if fraction == "0" { return sign + grouped }
        while fraction.count < 3 { fraction = "0" + fraction }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return sign + grouped + (locale == .fr ? "," : ".") + fraction
    }

    /// `amount` (cents per unit) × this quantity, rounded half away from zero to the cent.
    public func cost(unitCents: Int64) -> Int64 {
        let (product, overflow) = unitCents.multipliedReportingOverflow(by: milli)
        guard !overflow else { return Int64((Double(unitCents) * Double(milli) / 1000).rounded()) }
        let rounded = (product.magnitude + 500) / 1000
        return product < 0 ? -Int64(rounded) : Int64(rounded)
    }
}
