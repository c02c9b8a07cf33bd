import Testing

@testable import ComptoirCore

@Suite struct NumberDisplayTests {
    let nnbsp = "\u{202F}"
    let nbsp = "\u{00A0}"

    @Test func decimalsUseACommaAndNarrowSpacesInFrench() {
        #expect(NumberDisplay.decimal(0.4) == "0,4")
        #expect(NumberDisplay.decimal(0.44, digits: 1) == "0,4")
        #expect(NumberDisplay.decimal(0.45, digits: 2) == "0,45")
        #expect(NumberDisplay.decimal(1234.5, digits: 1) == "1\(nnbsp)234,5")
        #expect(NumberDisplay.decimal(1_234_567.891, digits: 2) == "1\(nnbsp)234\(nnbsp)567,89")
        #expect(NumberDisplay.decimal(-2.25, digits: 1) == "-2,3")
        #expect(NumberDisplay.decimal(-0.01, digits: 1) == "0,0")
        #expect(NumberDisplay.decimal(2, digits: 1, trimmingZeros: true) == "2")
        #expect(NumberDisplay.decimal(12, digits: 0) == "12")
        #expect(NumberDisplay.decimal(.nan) == "—")
    }

    @Test func englishKeepsThePoint() {
        #expect(NumberDisplay.decimal(0.4, locale: .en) == "0.4")
        #expect(NumberDisplay.decimal(1234.5, locale: .en) == "1,234.5")
        #expect(NumberDisplay.percent(12.5, locale: .en) == "12.5%")
        #expect(NumberDisplay.seconds(0.42, locale: .en) == "0.4\(nbsp)s")
        #expect(NumberDisplay.bytes(1_572_864, locale: .en) == "1.5\(nbsp)MB")
    }

    @Test func unitsFollowANoBreakSpace() {
        #expect(NumberDisplay.seconds(0.42) == "0,4\(nbsp)s")
        #expect(NumberDisplay.percent(35) == "35,0\(nbsp)%")
        #expect(NumberDisplay.percent(12.345, digits: 2) == "12,35\(nbsp)%")
        #expect(NumberDisplay.bytes(512) == "512\(nbsp)o")
        #expect(NumberDisplay.bytes(2048) == "2\(nbsp)Ko")
        #expect(NumberDisplay.bytes(1_572_864) == "1,5\(nbsp)Mo")
        #expect(NumberDisplay.integer(1_234_567) == "1\(nbsp)234\(nbsp)567")
    }
}
