import Foundation
import Testing

@testable import ComptoirCore

@Suite struct CalendarDayTests {
    @Test func validatesLeapDays() {
        #expect(CalendarDay(parsing: "29/02/2026") == nil)
        #expect(CalendarDay(parsing: "29/02/2028")?.isoString == "2028-02-29")
        #expect(CalendarDay(year: 2000, month: 2, day: 29) != nil)
        #expect(CalendarDay(year: 1900, month: 2, day: 29) == nil)
        #expect(CalendarDay(year: 2026, month: 4, day: 31) == nil)
        #expect(CalendarDay(year: 2026, month: 13, day: 1) == nil)
        #expect(CalendarDay(year: 2026, month: 1, day: 0) == nil)
    }

    @Test(arguments: [
        "", "2026-2-28", "28/02/26", "2026/02/28", "28/02-2026", "aa/bb/cccc", "28/02/2026 10:00", "32/01/2026", "2026-02-28T00:00",
        "99999999999999999999/01/2026", "1/1/20260", "٢٨/٠٢/٢٠٢٦", "28/02/2026/", "/02/2026", "28.02/2026",
    ])
    func rejectsMalformedText(text: String) {
        #expect(CalendarDay(parsing: text) == nil)
    }

    @Test func readsTheFormsPeopleType() {
        #expect(CalendarDay(parsing: " 1/2/2026 ")?.isoString == "2026-02-01")
        #expect(CalendarDay(parsing: "01.02.2026")?.isoString == "2026-02-01")
        #expect(CalendarDay(parsing: "01-02-2026")?.isoString == "2026-02-01")
        #expect(CalendarDay(parsing: "2026-02-01")?.isoString == "2026-02-01")
        #expect(CalendarDay(parsing: "\u{00A0}01/02/2026\t")?.isoString == "2026-02-01")
    }

    @Test func printsISOAndFrenchForms() throws {
        let day = try #require(CalendarDay(year: 2026, month: 2, day: 8))
        #expect(day.isoString == "2026-02-08")
        #expect(day.formatted() == "08/02/2026")
        #expect(day.formatted(locale: .en) == "08/02/2026")
        #expect(day.description == "2026-02-08")
    }

    @Test func comparesChronologically() throws {
        let a = try #require(CalendarDay(parsing: "31/12/2025"))
        let b = try #require(CalendarDay(parsing: "01/01/2026"))
        let c = try #require(CalendarDay(parsing: "02/01/2026"))
        #expect(a < b && b < c)
        #expect([c, a, b].sorted() == [a, b, c])
    }

    @Test func addsDaysAndMonths() throws {
        let day = try #require(CalendarDay(year: 2028, month: 1, day: 31))
        #expect(day.adding(days: 29).isoString == "2028-02-29")
        #expect(day.adding(days: 30).isoString == "2028-03-01")
        #expect(day.adding(days: -31).isoString == "2027-12-31")
        #expect(day.adding(months: 1).isoString == "2028-02-29")
        #expect(day.adding(months: 13).isoString == "2029-02-28")
        #expect(day.adding(months: -2).isoString == "2027-11-30")
        #expect(day.days(to: day.adding(days: 366)) == 366)
    }

    @Test func knowsTheWeekday() throws {
        #expect(try #require(CalendarDay(year: 2026, month: 3, day: 29)).weekday == 7)  // a Sunday
        #expect(try #require(CalendarDay(year: 1970, month: 1, day: 1)).weekday == 4)
        #expect(try #require(CalendarDay(year: 1969, month: 12, day: 29)).weekday == 1)
    }

    @Test func startsAtMidnightInTheGivenZone() throws {
        let day = try #require(CalendarDay(year: 2026, month: 3, day: 29))
        #expect(day.startDate() == (try instant("2026-03-28T23:00:00Z")))
        #expect(day.adding(days: 1).startDate() == (try instant("2026-03-29T22:00:00Z")))
        #expect(CalendarDay(day.startDate()) == day)
    }

    @Test func codesAsAnISOString() throws {
        // setup
        let day = try #require(CalendarDay(year: 2026, month: 2, day: 28))
        // act
        let json = String(decoding: try JSONEncoder().encode([day]), as: UTF8.self)
        let decoded = try JSONDecoder().decode([CalendarDay].self, from: Data(json.utf8))
        // validate
        #expect(json == #"["2026-02-28"]"#)
        #expect(decoded == [day])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([CalendarDay].self, from: Data(#"["28/02/2026"]"#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([CalendarDay].self, from: Data(#"["2026-02-29"]"#.utf8)) }
    }

    @Test func dayNumbersRoundTripOverFourHundredYears() {
        var mismatches = 0
        var day = CalendarDay(year: 1800, month: 1, day: 1)!
        var previous = day.daysSinceEpoch
        for _ in 0..<(146_097 + 10) {
            let next = day.adding(days: 1)
            if next.daysSinceEpoch != previous + 1 || CalendarDay(year: next.year, month: next.month, day: next.day) == nil {
                mismatches += 1
            }
            previous = next.daysSinceEpoch
            day = next
        }
        #expect(mismatches == 0)
        #expect(day.isoString == "2200-01-11")
    }
}
