import Testing

@testable import ComptoirCore

@Suite struct PhoneNumberTests {
    @Test(arguments: [
        "01 23 45 67 89", "01.23.45.67.89", "01-23-45-67-89", "0123456789", "+33 1 23 45 67 89", "+33123456789",
        "0033123456789", "00 33 1 23 45 67 89", "+33 (0)1 23 45 67 89", "01\u{00A0}23\u{202F}45 67 89",
    ])
    func normalizesFrenchNumbersToE164(raw: String) {
        #expect(PhoneNumber.validate(raw) == .success("+33123456789"))
        #expect(PhoneNumber.normalize(raw) == "+33123456789")
    }

    @Test func formatsFrenchNumbersInPairs() {
        #expect(PhoneNumber.formattedFrench("+33123456789") == "01 23 45 67 89")
        #expect(PhoneNumber.formattedFrench("06.12.34.56.78") == "06 12 34 56 78")
    }

    @Test func mapsOverseasDepartmentsToTheirCountryCodes() {
        // Réunion is dialled "0262 …" in France but "+262 262 …" in E.164.
        #expect(PhoneNumber.validate("02 62 12 34 56") == .success("+262262123456"))
        #expect(PhoneNumber.validate("06 96 12 34 56") == .success("+596696123456"))
        #expect(PhoneNumber.formattedFrench("+262 262 12 34 56") == "02 62 12 34 56")
        #expect(PhoneNumber.formattedFrench("+590690123456") == "06 90 12 34 56")
    }

    @Test func acceptsInternationalNumbers() {
        #expect(PhoneNumber.validate("+44 20 7946 0958") == .success("+442079460958"))
        #expect(PhoneNumber.validate("0041 22 123 45 67") == .success("+41221234567"))
        #expect(PhoneNumber.formattedFrench("+44 20 7946 0958") == "+442079460958")
    }

    @Test func rejectsBadNumbers() {
        #expect(PhoneNumber.validate("01 23 45 67") == .failure(.wrongLength(.phoneNumber, expected: [10], got: 8)))
        #expect(PhoneNumber.validate("+33 1 23 45 67") == .failure(.wrongLength(.phoneNumber, expected: [11], got: 9)))
        #expect(PhoneNumber.validate("+1234567") == .failure(.wrongLength(.phoneNumber, expected: Array(8...15), got: 7)))
        #expect(PhoneNumber.validate("+1234567890123456") == .failure(.wrongLength(.phoneNumber, expected: Array(8...15), got: 16)))
        #expect(PhoneNumber.validate("123456789") == .failure(.invalidFormat(.phoneNumber)))
        #expect(PhoneNumber.validate("00 01 23 45 67 89") == .failure(.invalidFormat(.phoneNumber)))
        #expect(PhoneNumber.validate("01 23 AB 67 89") == .failure(.invalidCharacters(.phoneNumber)))
        #expect(PhoneNumber.validate("") == .failure(.empty(.phoneNumber)))
        #expect(PhoneNumber.normalize("01 23 AB") == "0123AB")
    }
}
