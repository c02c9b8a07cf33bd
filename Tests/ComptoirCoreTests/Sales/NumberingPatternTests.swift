import Testing

@testable import ComptoirCore

@Suite struct NumberingPatternTests {
    @Test func formatsYearMonthAndAZeroPaddedCounter() throws {
        #expect(NumberingPattern.invoices.format(year: 2026, month: 3, counter: 42) == "FA2026-00042")
        #expect(try NumberingPattern(parsing: "F{yy}{mm}-{000}").format(year: 2026, month: 3, counter: 7) == "F2603-007")
        #expect(try NumberingPattern(parsing: "{yyyy}/{0}").format(year: 2027, month: 12, counter: 12) == "2027/12")
        // A counter beyond its zeros is written in full, never cut.
        #expect(NumberingPattern.invoices.format(year: 2026, month: 1, counter: 123_456) == "FA2026-123456")
        #expect(NumberingPattern.quotes.text == "DE{yyyy}-{00000}")
    }

    @Test func refusesPatternsThatCouldRepeatOrBreakAReference() {
        func problem(_ text: String) -> NumberingPattern.Problem? {
            do {
                _ = try NumberingPattern(parsing: text)
                return nil
            } catch { return error }
        }
        #expect(problem("") == .empty)
        #expect(problem("FA-{00000}") == .missingYear)
        #expect(problem("FA{yyyy}") == .missingCounter)
        #expect(problem("FA{yyyy}-{000}-{00}") == .severalCounters)
        #expect(problem("FA{yyyy}-{n}") == .unknownPlaceholder("{n}"))
        #expect(problem("FA{yyyy}-{000") == .unknownPlaceholder("{000"))
        #expect(problem("FA {yyyy}-{000}") == .invalidCharacter(" "))
        #expect(problem("FA<{yyyy}>{000}") == .invalidCharacter("<"))
        #expect(problem("FA{yyyy}{00000000000}") == .counterTooWide)
        #expect(problem("FA{yyyy}-{00000}") == nil)
        #expect(NumberingPattern.Problem.missingYear.message(french: true).contains("{yyyy}"))
    }
}
