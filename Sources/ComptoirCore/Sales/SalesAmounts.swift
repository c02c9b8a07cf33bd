import Foundation

/// A discount in hundredths of a percent (`1250` is 12,5 %), from 0 to 100 %.
public struct Discount: Sendable, Hashable, Codable {
    public let basisPoints: Int64

    public static let none = Discount(checked: 0)

    private init(checked basisPoints: Int64) { self.basisPoints = basisPoints }

    /// Nil outside 0…100 %.
    public init?(basisPoints: Int64) {
        guard (0...10_000).contains(basisPoints) else { return nil }
        self.basisPoints = basisPoints
    }

    /// Parses « 10 », « 12,5 », « 12.55 », « 5 % »; empty is no discount. Nil beyond two decimals or outside 0…100.
    public init?(parsing raw: String) {
        var text = raw.trimmingCharacters(in: .whitespaces)
        if text.hasSuffix("%") { text = String(text.dropLast()).trimmingCharacters(in: .whitespaces) }
        if text.isEmpty {
            self = .none
            return
        }
        let parts = text.replacingOccurrences(of: ",", with: ".").split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].allSatisfy({ $0.isASCII && $0.isNumber }),
            parts[0].count <= 3, let whole = Int64(parts[0])
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

    /// « 12.5 », « 0 »: the stored and API form.
    public var decimalString: String {
        let whole = basisPoints / 100
        let fraction = basisPoints % 100
        if fraction == 0 { return String(whole) }
        return fraction % 10 == 0 ? "\(whole).\(fraction / 10)" : "\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

/// What a document line contributes to the totals: quantity × unit price excl. VAT × (1 − discount), at a VAT rate.
public struct SalesLineAmount: Sendable, Hashable {
    public var quantity: Quantity
    /// Cents excl. VAT per unit.
    public var unitPrice: Int64
    public var discount: Discount
    public var vatRate: VATRate

    public init(quantity: Quantity, unitPrice: Int64, discount: Discount = .none, vatRate: VATRate) {
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.discount = discount
        self.vatRate = vatRate
    }

    /// The largest line net accepted, in cents (100 billion euros): totals of 1 000 such lines still fit in 64 bits.
    public static let maximumNet: Int64 = 10_000_000_000_000

    /// Whether the line's exact net stays within `maximumNet` (checked before `net` is asked).
    public var isWithinLimits: Bool {
        (Decimal(quantity.milli) * Decimal(unitPrice) / 1_000).magnitude <= Decimal(Self.maximumNet)
    }

    /// The line net amount (EN 16931 BT-131) in cents: `quantity × unit price × (1 − discount)` computed exactly, then
    /// rounded once, half away from zero, to the cent.
    public var net: Int64 {
        let exact = Decimal(quantity.milli) * Decimal(unitPrice) * Decimal(10_000 - discount.basisPoints)
        return SalesRounding.divideRounded(exact, by: 10_000_000)
    }
}

/// The VAT breakdown of one rate (EN 16931 BG-23): the sum of that rate's line nets, and the VAT on that sum.
public struct VATBreakdown: Sendable, Hashable {
    public var rate: VATRate
    /// Cents: the sum of the line nets at this rate.
    public var base: Int64
    /// Cents: `base × rate` rounded once — never a sum of per-line VAT.
    public var tax: Int64

    public init(rate: VATRate, base: Int64, tax: Int64) {
        self.rate = rate
        self.base = base
        self.tax = tax
    }
}

/// A document's totals: excl. VAT, VAT and incl. VAT, with the breakdown per rate (highest rate first).
public struct SalesTotals: Sendable, Hashable {
    public var breakdown: [VATBreakdown]

    public init(breakdown: [VATBreakdown]) { self.breakdown = breakdown.sorted { $0.rate > $1.rate } }

    public static let zero = SalesTotals(breakdown: [])

    /// EN 16931: line nets summed per rate, VAT computed on each rate's sum and rounded once.
    public init(lines: [SalesLineAmount]) {
        var bases: [VATRate: Int64] = [:]
        for line in lines { bases[line.vatRate, default: 0] += line.net }
        self.init(breakdown: bases.map { VATBreakdown(rate: $0.key, base: $0.value, tax: $0.key.tax(on: $0.value)) })
    }

    /// Total excl. VAT (BT-109), in cents.
    public var net: Int64 { breakdown.reduce(0) { $0 + $1.base } }
    /// Total VAT (BT-110), in cents.
    public var tax: Int64 { breakdown.reduce(0) { $0 + $1.tax } }
    /// Total incl. VAT (BT-112), in cents.
    public var gross: Int64 { net + tax }

    /// The base at `rate` (0 when the document has none).
    public func base(at rate: VATRate) -> Int64 { breakdown.first { $0.rate == rate }?.base ?? 0 }
    /// The VAT at `rate` (0 when the document has none).
    public func tax(at rate: VATRate) -> Int64 { breakdown.first { $0.rate == rate }?.tax ?? 0 }
}
