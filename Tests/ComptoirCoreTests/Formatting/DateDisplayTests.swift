import Foundation
import Testing

@testable import ComptoirCore

@Suite struct DateDisplayTests {
    @Test func formatsInParisAcrossTheSpringDSTChange() throws {
        // setup: clocks go from 02:00 to 03:00 at 01:00 UTC on 29 March 2026
        let before = try instant("2026-03-29T00:30:00Z")
        let after = try instant("2026-03-29T01:30:00Z")
        // act / validate
        #expect(DateDisplay.dateTime(before) == "29/03/2026 01:30")
        #expect(DateDisplay.dateTime(after) == "29/03/2026 03:30")
        #expect(DateDisplay.dateTime(after, locale: .en) == "29/03/2026 03:30")
    }

    @Test func formatsInParisAcrossTheAutumnDSTChange() throws {
        // setup: 03:00 CEST becomes 02:00 CET at 01:00 UTC on 25 October 2026
        let first = try instant("2026-10-25T00:30:00Z")
        let second = try instant("2026-10-25T01:30:00Z")
        // validate: the same wall-clock time twice
        #expect(DateDisplay.dateTime(first) == "25/10/2026 02:30")
        #expect(DateDisplay.dateTime(second) == "25/10/2026 02:30")
    }

    @Test func theDayDependsOnTheTimeZone() throws {
        // setup
        let newYearInParis = try instant("2026-12-31T23:30:00Z")
        let utc = try #require(TimeZone(identifier: "UTC"))
        let newYork = try #require(TimeZone(identifier: "America/New_York"))
        // validate
        #expect(DateDisplay.date(newYearInParis) == "01/01/2027")
        #expect(DateDisplay.dateTime(newYearInParis) == "01/01/2027 00:30")
        #expect(DateDisplay.date(newYearInParis, in: utc) == "31/12/2026")
        #expect(DateDisplay.time(newYearInParis, in: newYork) == "18:30")
        #expect(CalendarDay(newYearInParis) == CalendarDay(year: 2027, month: 1, day: 1))
    }

    @Test func handlesInstantsBeforeTheEpochAndFractionalSeconds() throws {
        let utc = try #require(TimeZone(identifier: "UTC"))
        #expect(DateDisplay.dateTime(Date(timeIntervalSince1970: -0.5), in: utc) == "31/12/1969 23:59")
        #expect(DateDisplay.dateTime(Date(timeIntervalSince1970: -86_400 * 365), in: utc) == "01/01/1969 00:00")
        #expect(DateDisplay.dateTime(Date(timeIntervalSince1970: 59.9), in: utc) == "01/01/1970 00:00")
    }

    @Test func agreesWithFoundationCalendarOverManyInstants() throws {
        // setup
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .paris
        // act / validate: every ~37 hours across 1990–2040
        var seconds = 631_152_000.0
        var mismatches = 0
        while seconds < 2_208_988_800 {
            let date = Date(timeIntervalSince1970: seconds)
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
            let expected = String(format: "%02d/%02d/%04d %02d:%02d", c.day!, c.month!, c.year!, c.hour!, c.minute!)
            if DateDisplay.dateTime(date) != expected { mismatches += 1 }
            seconds += 133_337
        }
        #expect(mismatches == 0)
    }

    @Test func parsesDays() {
        #expect(DateDisplay.parseDay("28/02/2026") == CalendarDay(year: 2026, month: 2, day: 28))
        #expect(DateDisplay.parseDay("2026-02-28") == CalendarDay(year: 2026, month: 2, day: 28))
        #expect(DateDisplay.parseDay("28/2/2026") == CalendarDay(year: 2026, month: 2, day: 28))
        #expect(DateDisplay.parseDay("28.02.2026") == CalendarDay(year: 2026, month: 2, day: 28))
        #expect(DateDisplay.parseDay(" 01-03-2026 ") == CalendarDay(year: 2026, month: 3, day: 1))
    }
}
