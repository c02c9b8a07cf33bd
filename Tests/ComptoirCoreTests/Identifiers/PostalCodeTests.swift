import Testing

@testable import ComptoirCore

@Suite struct PostalCodeTests {
    @Test(arguments: ["75001", "01000", "13 008", "20000", "20200", "95880", "97100", "97400", "97600", "98000", "98800"])
    func acceptsFrenchPostcodes(raw: String) {
        #expect(PostalCode.validate(raw) == .success(raw.replacingOccurrences(of: " ", with: "")))
    }

    @Test(arguments: ["00100", "96000", "99000", "97900", "98100", "98500"])
    func rejectsUnassignedDepartments(raw: String) {
        #expect(PostalCode.validate(raw) == .failure(.invalidFormat(.postalCode)))
    }

    @Test func rejectsWrongLengthAndLetters() {
        #expect(PostalCode.validate("7500") == .failure(.wrongLength(.postalCode, expected: [5], got: 4)))
        #expect(PostalCode.validate("2A000") == .failure(.invalidCharacters(.postalCode)))
        #expect(PostalCode.validate("") == .failure(.empty(.postalCode)))
    }

    @Test func findsTheDepartment() {
        #expect(PostalCode.department(of: "75001") == "75")
        #expect(PostalCode.department(of: "20000") == "2A")
        #expect(PostalCode.department(of: "20137") == "2A")
        #expect(PostalCode.department(of: "20200") == "2B")
        #expect(PostalCode.department(of: "20600") == "2B")
        #expect(PostalCode.department(of: "97400") == "974")
        #expect(PostalCode.department(of: "abc") == nil)
    }
}
