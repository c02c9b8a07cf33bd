import Foundation
import Testing

@testable import ComptoirCore

@Suite struct MoneyTests {
    let nbsp = "\u{00A0}"

    @Test func decimalStringHasTwoDecimalsAndASign() {
        #expect(Money(minorUnits: 123_450).decimalString == "1234.50")
        #expect(Money(minorUnits: -5).decimalString == "-0.05")
        #expect(Money(minorUnits: 0).decimalString == "0.00")
        #expect(Money(minorUnits: 1_000, currency: "XPF").decimalString == "1000")
        #expect(Money(minorUnits: 1_234, currency: "tnd").decimalString == "1.234")
    }

    @Test(
        arguments: [
            ("1234.5", 123_450), ("1234.50", 123_450), ("1 234,50", 123_450), ("1234,50 €", 123_450),
            ("1\u{00A0}234,50\u{00A0}€", 123_450), ("1\u{202F}234,50 €", 123_450), ("€1,234.50", 123_450),
            ("1.234,50", 123_450), ("1,234.50", 123_450), ("1234,50 EUR", 123_450), ("eur 12", 1_200),
            ("-1 234,50 €", -123_450), ("−12,5", -1_250), ("-€0.05", -5), ("€-0.05", -5), ("+3", 300),
            ("0", 0), ("0,00 €", 0), (",5", 50), ("5,", 500), ("1.234.567", 123_456_700),
            ("1 234 567 890,12", 123_456_789_012), ("1'234.50", 123_450), ("  42  ", 4_200),
        ] as [(String, Int64)])
    func parsesWhatPeopleType(text: String, minorUnits: Int64) throws {
        // act
        let money = try #require(Money(parsing: text))
        // validate
        #expect(money.minorUnits == minorUnits)
        #expect(money.currency == "EUR")
    }

    @Test(arguments: [
        "12,345", "1.234", "12.345,678", "abc", "", "€", "-", ",", "12abc", "12 34", "1,23,456.00", "1.234,5.6",
        "12,50 $", "£3", "USD 12", "1 234,50 €€", "12-", "1e3", "--5", "99999999999999999999",
    ])
    func rejectsAmbiguousOrInexactText(text: String) {
        #expect(Money(parsing: text) == nil)
    }

    @Test func parsesOtherCurrenciesWithTheirSymbolsAndDecimals() {
        #expect(Money(parsing: "$1,234.50", currency: "USD") == Money(minorUnits: 123_450, currency: "USD"))
        #expect(Money(parsing: "12 £", currency: "gbp") == Money(minorUnits: 1_200, currency: "GBP"))
        #expect(Money(parsing: "1 234 XPF", currency: "XPF") == Money(minorUnits: 1_234, currency: "XPF"))
        #expect(Money(parsing: "1.234", currency: "XPF") == Money(minorUnits: 1_234, currency: "XPF"))
        #expect(Money(parsing: "1,5", currency: "XPF") == nil)
        #expect(Money(parsing: "1,234", currency: "TND") == Money(minorUnits: 1_234, currency: "TND"))
        #expect(Money(parsing: "12 €", currency: "USD") == nil)
    }

    @Test func formatsInFrenchWithNoBreakSpaces() {
        #expect(Money(minorUnits: 123_450).formatted(locale: .fr) == "1\(nbsp)234,50\(nbsp)€")
        #expect(Money(minorUnits: -123_450).formatted(locale: .fr) == "-1\(nbsp)234,50\(nbsp)€")
        #expect(Money(minorUnits: 0).formatted() == "0,00\(nbsp)€")
        #expect(Money(minorUnits: 5).formatted() == "0,05\(nbsp)€")
        #expect(Money(minorUnits: 123_456_789_012).formatted() == "1\(nbsp)234\(nbsp)567\(nbsp)890,12\(nbsp)€")
        #expect(Money(minorUnits: 123_450, currency: "USD").formatted() == "1\(nbsp)234,50\(nbsp)$")
        #expect(Money(minorUnits: 123_450, currency: "CHF").formatted() == "1\(nbsp)234,50\(nbsp)CHF")
        #expect(Money(minorUnits: 1_234_567, currency: "XPF").formatted() == "1\(nbsp)234\(nbsp)567\(nbsp)XPF")
    }

    @Test func formatsInEnglish() {
        #expect(Money(minorUnits: 123_450).formatted(locale: .en) == "€1,234.50")
        #expect(Money(minorUnits: -123_450).formatted(locale: .en) == "-€1,234.50")
        #expect(Money(minorUnits: 99, currency: "GBP").formatted(locale: .en) == "£0.99")
        #expect(Money(minorUnits: 123_450, currency: "CHF").formatted(locale: .en) == "CHF\(nbsp)1,234.50")
    }

    @Test(arguments: [Int64(0), 1, -1, 5, -5, 99, 100, 123_450, -123_450, 100_000_000_00, Int64.max, Int64.min + 1])
    func roundTripsThroughEveryForm(minorUnits: Int64) throws {
        // setup
        let money = Money(minorUnits: minorUnits)
        // act
        let fromDecimal = Money(parsing: money.decimalString)
        let fromFrench = Money(parsing: money.formatted(locale: .fr))
        let fromEnglish = Money(parsing: money.formatted(locale: .en))
        // validate
        #expect(fromDecimal == money)
        #expect(fromFrench == money)
        #expect(fromEnglish == money)
    }

    @Test func encodesAmountsAsDecimalStrings() throws {
        // setup
        let money = Money(minorUnits: -123_450)
        // act
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(money), as: UTF8.self)
        let decoded = try JSONDecoder().decode(Money.self, from: Data(json.utf8))
        // validate
        #expect(json == #"{"amount":"-1234.50","currency":"EUR"}"#)
        #expect(decoded == money)
    }

    @Test func decodesMinorUnitsAndRejectsInexactAmounts() throws {
        let fromMinor = try JSONDecoder().decode(Money.self, from: Data(#"{"minorUnits":5,"currency":"USD"}"#.utf8))
        #expect(fromMinor == Money(minorUnits: 5, currency: "USD"))
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Money.self, from: Data(#"{"amount":"1.234","currency":"EUR"}"#.utf8))
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Money.self, from: Data(#"{"amount":"1 234,50","currency":"EUR"}"#.utf8))
        }
    }

    @Test func addsAndSubtractsInOneCurrency() {
        var total = Money.zero()
        total += Money(minorUnits: 1_050)
        total -= Money(minorUnits: 2_000)
        #expect(total == Money(minorUnits: -950))
        #expect(total.isNegative)
        #expect(-total == Money(minorUnits: 950))
        #expect((total + Money(minorUnits: 950)).isZero)
        #expect(total.description == "-9.50 EUR")
    }
}
