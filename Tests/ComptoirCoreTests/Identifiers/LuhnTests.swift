import Testing

@testable import ComptoirCore

@Suite struct LuhnTests {
    @Test(arguments: ["732829320", "73282932000074", "4539578763621486", "0", "18"])
    func acceptsValidNumbers(digits: String) {
        #expect(Luhn.isValid(digits))
    }

    @Test(arguments: ["732829321", "73282932000075", "4539578763621487", "", "12a4", "7328 29320"])
    func rejectsInvalidNumbersAndNonDigits(digits: String) {
        #expect(!Luhn.isValid(digits))
    }
}
