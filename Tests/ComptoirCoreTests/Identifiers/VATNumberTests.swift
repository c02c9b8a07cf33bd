import Testing

@testable import ComptoirCore

@Suite struct VATNumberTests {
    @Test(arguments: ["FR44732829320", "fr 44 732 829 320", "FR-44.732.829.320", "FR44\u{00A0}732829320"])
    func acceptsAValidFrenchNumber(raw: String) {
        #expect(VATNumber.validate(raw) == .success("FR44732829320"))
    }

    @Test func derivesTheFrenchNumberFromTheSIREN() {
        #expect(VATNumber.french(fromSIREN: "732829320") == "FR44732829320")
        #expect(VATNumber.french(fromSIREN: "552 100 554") == "FR96552100554")
        let derived = VATNumber.french(fromSIREN: "542107651")
        #expect(derived == "FR13542107651")
        #expect(VATNumber.isValid(derived))
    }

    @Test func derivedKeysAlwaysHaveTwoDigits() {
        // setup: 2000 numbers spread over the SIREN range, so some keys fall below 10
        let sirens = (0..<2000).map { String(100_000_000 + $0 * 9973) }
        // act
        let numbers = sirens.map { VATNumber.french(fromSIREN: $0) }
        // validate
        #expect(numbers.allSatisfy { $0.count == 13 && VATNumber.isValid($0) })
        #expect(numbers.contains { $0.dropFirst(2).hasPrefix("0") })
    }

    @Test func rejectsAWrongFrenchKey() {
        #expect(VATNumber.validate("FR45732829320") == .failure(.checksumMismatch(.vatNumber)))
    }

    @Test func acceptsAlphanumericFrenchKeysOnFormatOnly() {
        #expect(VATNumber.validate("FRXA732829320") == .success("FRXA732829320"))
        #expect(VATNumber.validate("FROA732829320") == .failure(.invalidFormat(.vatNumber)))
    }

    @Test func rejectsAFrenchNumberOfTheWrongLength() {
        #expect(VATNumber.validate("FR4473282932") == .failure(.wrongLength(.vatNumber, expected: [13], got: 12)))
    }

    @Test(arguments: ["DE123456789", "BE0123456789", "EL123456789", "XI123456789", "NL123456789B01", "ATU12345678", "IE1234567WA"])
    func acceptsOtherEUNumbersOnFormat(raw: String) {
        #expect(VATNumber.validate(raw) == .success(raw))
    }

    @Test func rejectsUnknownCountriesAndBadShapes() {
        #expect(VATNumber.validate("US123456789") == .failure(.unknownCountry(.vatNumber, "US")))
        #expect(VATNumber.validate("GR123456789") == .failure(.unknownCountry(.vatNumber, "GR")))
        #expect(VATNumber.validate("12345678901") == .failure(.invalidFormat(.vatNumber)))
        #expect(VATNumber.validate("DE1") == .failure(.wrongLength(.vatNumber, expected: Array(4...15), got: 3)))
        #expect(VATNumber.validate("DE12345678901234") == .failure(.wrongLength(.vatNumber, expected: Array(4...15), got: 16)))
        #expect(VATNumber.validate("DE12345/789") == .failure(.invalidCharacters(.vatNumber)))
        #expect(VATNumber.validate("") == .failure(.empty(.vatNumber)))
    }

    @Test func normalizeUppercasesAndStripsSeparators() {
        #expect(VATNumber.normalize(" fr 44.732-829 320 ") == "FR44732829320")
    }
}
