import Foundation
import Testing

@testable import ComptoirCore

/// Totals per EN 16931, recomputed here with plain integer arithmetic (no `Decimal`), the way a reader would by hand.
@Suite struct SalesTotalsTests {
    /// `a / b` rounded half away from zero, for non-negative `a`.
    static func rounded(_ a: Int64, _ b: Int64) -> Int64 { (a + b / 2) / b }

    static func net(_ milli: Int64, _ unit: Int64, _ discount: Int64) -> Int64 {
        rounded(milli * unit * (10_000 - discount), 10_000_000)
    }

    @Test func lineNetIsRoundedOnceHalfUp() {
        // setup: 3 × 0,335 € = 1,005 € → 1,01 €; 1,5 × 9,99 € −12,5 % = 13,111875 € → 13,11 €
        let a = SalesLineAmount(quantity: Quantity(units: 3), unitPrice: 33, vatRate: .standard)
        let b = SalesLineAmount(
            quantity: Quantity(milli: 1_500), unitPrice: 999, discount: Discount(basisPoints: 1_250)!, vatRate: .standard)
        let c = SalesLineAmount(quantity: Quantity(milli: 1_005), unitPrice: 100, vatRate: .reduced)  // 1,005 € → 1,01 €
        // validate
        #expect(a.net == 99)
        #expect(b.net == 1_311)
        #expect(c.net == 101)
        #expect(SalesLineAmount(quantity: Quantity(milli: 333), unitPrice: 1, vatRate: .zero).net == 0)  // 0,00333 €
        #expect(
            SalesLineAmount(quantity: Quantity(units: 1), unitPrice: 500, discount: Discount(basisPoints: 10_000)!, vatRate: .zero).net == 0
        )
    }

    @Test func aLineBeyondOneHundredBillionEurosIsOutOfLimits() {
        #expect(SalesLineAmount(quantity: Quantity(units: 1_000), unitPrice: 10_000_000_000, vatRate: .zero).isWithinLimits)
        #expect(!SalesLineAmount(quantity: Quantity(units: 1_001), unitPrice: 10_000_000_000, vatRate: .zero).isWithinLimits)
        #expect(!SalesLineAmount(quantity: Quantity.maximum, unitPrice: 100_000_000_000, vatRate: .zero).isWithinLimits)
    }

    @Test func vatIsComputedPerRateOnTheSumOfNetsNotPerLine() {
        // setup: three lines of 0,05 € at 20 %: per line the VAT would be 3 × 0,01 €; on the sum, 0,15 € × 20 % = 0,03 €…
        // and with 0,025 € lines at 10 %, per line 0,00 € each, on the sum 0,01 €.
        let lines =
            Array(repeating: SalesLineAmount(quantity: Quantity(units: 1), unitPrice: 5, vatRate: .standard), count: 3)
            + Array(repeating: SalesLineAmount(quantity: Quantity(units: 1), unitPrice: 5, vatRate: .intermediate), count: 2)
        // act
        let totals = SalesTotals(lines: lines)
        // validate
        #expect(totals.base(at: .standard) == 15)
        #expect(totals.tax(at: .standard) == 3)
        #expect(totals.base(at: .intermediate) == 10)
        #expect(totals.tax(at: .intermediate) == 1)  // 0,10 € × 10 % = 0,01 €; per line it would be 2 × 0,005 → 2 × 0,01
        #expect(totals.net == 25)
        #expect(totals.tax == 4)
        #expect(totals.gross == 29)
        #expect(totals.breakdown.map(\.rate) == [.standard, .intermediate])
    }

    @Test func totalsOfManyMixedLinesMatchAnIndependentComputation() {
        // setup: a deterministic mix of quantities, prices, discounts and every rate
        var generator = SplitMix(seed: 16)
        var lines: [SalesLineAmount] = []
        var expectedBase: [Int64: Int64] = [:]
        for _ in 0..<200 {
            let milli = Int64(generator.next() % 50_000) + 1
            let unit = Int64(generator.next() % 100_000)
            let discount = Int64(generator.next() % 4) * 333
            let rate = VATRate.allowed[Int(generator.next() % 5)]
            lines.append(
                SalesLineAmount(
                    quantity: Quantity(milli: milli), unitPrice: unit, discount: Discount(basisPoints: discount)!, vatRate: rate))
            expectedBase[rate.basisPoints, default: 0] += Self.net(milli, unit, discount)
        }
        // act
        let totals = SalesTotals(lines: lines)
        // validate
        for (rate, base) in expectedBase {
            let vat = VATRate(basisPoints: rate)!
            #expect(totals.base(at: vat) == base)
            #expect(totals.tax(at: vat) == Self.rounded(base * rate, 10_000))
        }
        #expect(totals.net == expectedBase.values.reduce(0, +))
        #expect(totals.gross == totals.net + totals.tax)
    }

    @Test func onlyTheFrenchRatesAreAllowed() {
        #expect(VATRate(parsing: "20") == .standard)
        #expect(VATRate(parsing: "5,5") == .reduced)
        #expect(VATRate(parsing: "5.50 %") == .reduced)
        #expect(VATRate(parsing: "2.1") == .superReduced)
        #expect(VATRate(parsing: "0") == .zero)
        #expect(VATRate(parsing: "19.6") == nil)
        #expect(VATRate(parsing: "7") == nil)
        #expect(VATRate(parsing: "-20") == nil)
        #expect(VATRate(parsing: "vingt") == nil)
        #expect(VATRate.reduced.decimalString == "5.5")
        #expect(VATRate.reduced.formatted() == "5,5\u{00A0}%")
        #expect(VATRate.allowed.map(\.decimalString) == ["20", "10", "5.5", "2.1", "0"])
    }

    @Test func discountsParseWithinZeroToOneHundred() {
        #expect(Discount(parsing: "")?.basisPoints == 0)
        #expect(Discount(parsing: "12,5")?.basisPoints == 1_250)
        #expect(Discount(parsing: "12.55 %")?.basisPoints == 1_255)
        #expect(Discount(parsing: "100")?.basisPoints == 10_000)
        #expect(Discount(parsing: "100.01") == nil)
        #expect(Discount(parsing: "-5") == nil)
        #expect(Discount(parsing: "1.234") == nil)
        #expect(Discount(basisPoints: 1_250)?.decimalString == "12.5")
    }
}

/// A small deterministic generator for test data.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
