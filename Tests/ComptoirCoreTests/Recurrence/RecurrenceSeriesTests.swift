import Foundation
import Testing

@testable import ComptoirCore

@Suite struct RecurrenceSeriesTests {
    typealias F = RecurrenceFixture

    @Test func formationHTMLEveryMondayAndWednesdayOfJune() throws {
        // setup: « Formation HTML », 09:00–12:00 Paris, Mondays and Wednesdays from 1 to 30 June 2026.
        let series = try F.series(
            "FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20260630T215959Z", start: F.paris(2026, 6, 1, 9), duration: 3 * 3600)
        // act
        let occurrences = series.occurrences(from: F.paris(2026, 5, 1, 0), to: F.paris(2026, 8, 1, 0))
        // validate
        #expect(
            F.starts(occurrences) == [
                "2026-06-01T07:00:00Z", "2026-06-03T07:00:00Z", "2026-06-08T07:00:00Z", "2026-06-10T07:00:00Z",
                "2026-06-15T07:00:00Z", "2026-06-17T07:00:00Z", "2026-06-22T07:00:00Z", "2026-06-24T07:00:00Z",
                "2026-06-29T07:00:00Z",
            ])
        #expect(occurrences.map { F.utc($0.end) }.first == "2026-06-01T10:00:00Z")
        #expect(occurrences.allSatisfy { $0.originalStart == $0.start && !$0.isOverride })
        #expect(series.lastOccurrenceEnd().map(F.utc) == "2026-06-29T10:00:00Z")
    }

    @Test func weeklyKeepsNineOClockAcrossBothDaylightSavingChanges() throws {
        // setup: Thursdays at 09:00 from 19 March 2026; clocks change on 29 March and 25 October.
        let series = try F.series("FREQ=WEEKLY", start: F.paris(2026, 3, 19, 9))
        // act
        let spring = series.occurrences(from: F.paris(2026, 3, 19, 0), to: F.paris(2026, 4, 3, 0))
        let autumn = series.occurrences(from: F.paris(2026, 10, 15, 0), to: F.paris(2026, 11, 1, 0))
        // validate: 08:00Z in winter, 07:00Z in summer, always 09:00 on the wall.
        #expect(F.starts(spring) == ["2026-03-19T08:00:00Z", "2026-03-26T08:00:00Z", "2026-04-02T07:00:00Z"])
        #expect(F.starts(autumn) == ["2026-10-15T07:00:00Z", "2026-10-22T07:00:00Z", "2026-10-29T08:00:00Z"])
        #expect((spring + autumn).allSatisfy { DateDisplay.time($0.start) == "09:00" })
    }

    @Test func aWallTimeLostToSpringForwardMovesForwardByTheGap() throws {
        // setup: daily at 02:30; on 29 March 2026 Paris jumps from 02:00 to 03:00.
        let series = try F.series("FREQ=DAILY", start: F.paris(2026, 3, 27, 2, 30), duration: 1800)
        // act
        let occurrences = series.occurrences(from: F.paris(2026, 3, 27, 0), to: F.paris(2026, 3, 31, 0))
        // validate: 02:30 does not exist on the 29th, so that one is at 03:30 (01:30Z); the next day is 02:30 again.
        #expect(
            F.starts(occurrences) == [
                "2026-03-27T01:30:00Z", "2026-03-28T01:30:00Z", "2026-03-29T01:30:00Z", "2026-03-30T00:30:00Z",
            ])
        #expect(occurrences.map { DateDisplay.time($0.start) } == ["02:30", "02:30", "03:30", "02:30"])
        #expect(series.occurrence(at: try instant("2026-03-29T01:30:00Z")))
    }

    @Test func aWallTimeThatHappensTwiceIsTheFirstOne() throws {
        // On 25 October 2026 Paris goes from 03:00 back to 02:00: 02:30 happens at 00:30Z and at 01:30Z.
        let series = try F.series("FREQ=DAILY;COUNT=3", start: F.paris(2026, 10, 24, 2, 30))
        #expect(F.all(series) == ["2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"])
    }

    @Test func february29thOnlyInLeapYears() throws {
        let series = try F.series("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;COUNT=4", start: F.paris(2028, 2, 29, 12))
        #expect(F.all(series) == ["2028-02-29T11:00:00Z", "2032-02-29T11:00:00Z", "2036-02-29T11:00:00Z", "2040-02-29T11:00:00Z"])
        // A plain yearly rule from 29 February skips the other years too.
        let plain = try F.series("FREQ=YEARLY", start: F.paris(2028, 2, 29, 12))
        #expect(
            F.starts(plain.occurrences(from: F.paris(2028, 1, 1, 0), to: F.paris(2037, 1, 1, 0)))
                == ["2028-02-29T11:00:00Z", "2032-02-29T11:00:00Z", "2036-02-29T11:00:00Z"])
    }

    @Test func fifthFridayOnlyInMonthsThatHaveOne() throws {
        let series = try F.series("FREQ=MONTHLY;BYDAY=5FR", start: F.paris(2026, 1, 30, 14))
        let year = series.occurrences(from: F.paris(2026, 1, 1, 0), to: F.paris(2027, 1, 1, 0))
        #expect(F.starts(year) == ["2026-01-30T13:00:00Z", "2026-05-29T12:00:00Z", "2026-07-31T12:00:00Z", "2026-10-30T13:00:00Z"])
    }

    @Test func secondTuesdayOfEachMonthTenTimes() throws {
        let series = try F.series("FREQ=MONTHLY;BYDAY=2TU;COUNT=10", start: F.paris(2026, 1, 13, 10))
        #expect(
            F.all(series) == [
                "2026-01-13T09:00:00Z", "2026-02-10T09:00:00Z", "2026-03-10T09:00:00Z", "2026-04-14T08:00:00Z",
                "2026-05-12T08:00:00Z", "2026-06-09T08:00:00Z", "2026-07-14T08:00:00Z", "2026-08-11T08:00:00Z",
                "2026-09-08T08:00:00Z", "2026-10-13T08:00:00Z",
            ])
        #expect(series.lastOccurrenceEnd().map(F.utc) == "2026-10-13T09:00:00Z")
    }

    @Test func lastDayOfTheMonthAndTheMonthsWithout31Days() throws {
        let last = try F.series("FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=6", start: F.paris(2026, 1, 31, 18))
        #expect(
            F.all(last) == [
                "2026-01-31T17:00:00Z", "2026-02-28T17:00:00Z", "2026-03-31T16:00:00Z", "2026-04-30T16:00:00Z",
                "2026-05-31T16:00:00Z", "2026-06-30T16:00:00Z",
            ])
        // BYMONTHDAY=31 (and a plain monthly rule from the 31st) skip the months without a 31st.
        let thirtyFirst = try F.series("FREQ=MONTHLY;BYMONTHDAY=31;COUNT=7", start: F.paris(2026, 1, 31, 18))
        let expected = [
            "2026-01-31T17:00:00Z", "2026-03-31T16:00:00Z", "2026-05-31T16:00:00Z", "2026-07-31T16:00:00Z",
            "2026-08-31T16:00:00Z", "2026-10-31T17:00:00Z", "2026-12-31T17:00:00Z",
        ]
        #expect(F.all(thirtyFirst) == expected)
        #expect(F.all(try F.series("FREQ=MONTHLY;COUNT=7", start: F.paris(2026, 1, 31, 18))) == expected)
    }

    @Test func untilIncludesAnOccurrenceStartingExactlyThenAndCountIncludesTheFirst() throws {
        let start = F.paris(2026, 3, 2, 10)
        // UNTIL at exactly the 4th occurrence (23 March 10:00 = 09:00Z): it is included.
        let until = try F.series("FREQ=WEEKLY;UNTIL=20260323T090000Z", start: start)
        #expect(F.all(until) == ["2026-03-02T09:00:00Z", "2026-03-09T09:00:00Z", "2026-03-16T09:00:00Z", "2026-03-23T09:00:00Z"])
        // One second earlier, it is not.
        let earlier = try F.series("FREQ=WEEKLY;UNTIL=20260323T085959Z", start: start)
        #expect(F.all(earlier).count == 3)
        // COUNT=4 gives the same four, the first one included.
        let count = try F.series("FREQ=WEEKLY;COUNT=4", start: start)
        #expect(F.all(count) == F.all(until))
        #expect(count.lastOccurrenceEnd() == until.lastOccurrenceEnd())
        #expect(count.lastOccurrenceEnd().map(F.utc) == "2026-03-23T10:00:00Z")
    }

    @Test func everyOtherWeekOnTuesdaysAndThursdays() throws {
        let series = try F.series("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=6", start: F.paris(2026, 3, 3, 9))
        #expect(
            F.all(series) == [
                "2026-03-03T08:00:00Z", "2026-03-05T08:00:00Z", "2026-03-17T08:00:00Z", "2026-03-19T08:00:00Z",
                "2026-03-31T07:00:00Z", "2026-04-02T07:00:00Z",
            ])
    }

    @Test func weekStartDecidesWhichWeekABiweeklyDayBelongsTo() throws {
        // RFC 5545's own example: from Tuesday 5 August 1997, every other week on Tuesday and Sunday.
        let monday = try F.series("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,SU;COUNT=4;WKST=MO", start: F.paris(1997, 8, 5, 9))
        #expect(F.all(monday) == ["1997-08-05T07:00:00Z", "1997-08-10T07:00:00Z", "1997-08-19T07:00:00Z", "1997-08-24T07:00:00Z"])
        let sunday = try F.series("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,SU;COUNT=4;WKST=SU", start: F.paris(1997, 8, 5, 9))
        #expect(F.all(sunday) == ["1997-08-05T07:00:00Z", "1997-08-17T07:00:00Z", "1997-08-19T07:00:00Z", "1997-08-31T07:00:00Z"])
    }

    @Test func everyThirdDay() throws {
        let series = try F.series("FREQ=DAILY;INTERVAL=3;COUNT=5", start: F.paris(2026, 3, 25, 8))
        #expect(
            F.all(series) == [
                "2026-03-25T07:00:00Z", "2026-03-28T07:00:00Z", "2026-03-31T06:00:00Z", "2026-04-03T06:00:00Z",
                "2026-04-06T06:00:00Z",
            ])
    }

    @Test func yearlyByWeekdayOrdinals() throws {
        // The last Sunday of March (the day clocks change), and the 20th Monday of the year (RFC 5545 example).
        let lastSunday = try F.series("FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU;COUNT=3", start: F.paris(2026, 3, 29, 10))
        #expect(F.all(lastSunday) == ["2026-03-29T08:00:00Z", "2027-03-28T08:00:00Z", "2028-03-26T08:00:00Z"])
        let twentiethMonday = try F.series("FREQ=YEARLY;BYDAY=20MO;COUNT=3", start: F.paris(1997, 5, 19, 9))
        #expect(F.all(twentiethMonday) == ["1997-05-19T07:00:00Z", "1998-05-18T07:00:00Z", "1999-05-17T07:00:00Z"])
    }

    @Test func dailyOnWeekdaysOnly() throws {
        let series = try F.series("FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;COUNT=6", start: F.paris(2026, 6, 4, 9))
        #expect(
            F.all(series).map { String($0.prefix(10)) } == [
                "2026-06-04", "2026-06-05", "2026-06-08", "2026-06-09", "2026-06-10", "2026-06-11",
            ])
    }

    @Test func theStartIsAlwaysTheFirstOccurrence() throws {
        // A Tuesday start with a Monday/Wednesday rule: the Tuesday counts as the first of three.
        let series = try F.series("FREQ=WEEKLY;BYDAY=MO,WE;COUNT=3", start: F.paris(2026, 6, 2, 9))
        #expect(F.all(series) == ["2026-06-02T07:00:00Z", "2026-06-03T07:00:00Z", "2026-06-08T07:00:00Z"])
    }

    @Test func aRangeIncludesOccurrencesStillRunningAtItsStart() throws {
        // 09:00–12:00 daily; the range starts at 10:00 on the 2nd and ends at 09:00 on the 3rd.
        let series = try F.series("FREQ=DAILY", start: F.paris(2026, 6, 1, 9), duration: 3 * 3600)
        let occurrences = series.occurrences(from: F.paris(2026, 6, 2, 10), to: F.paris(2026, 6, 3, 9))
        #expect(F.starts(occurrences) == ["2026-06-02T07:00:00Z"])
        // The range end is exclusive; a zero-length occurrence counts when it starts inside.
        let instants = try F.series("FREQ=DAILY", start: F.paris(2026, 6, 1, 9), duration: 0)
        #expect(F.starts(instants.occurrences(from: F.paris(2026, 6, 2, 9), to: F.paris(2026, 6, 3, 9))) == ["2026-06-02T07:00:00Z"])
    }

    @Test func anUnboundedSeriesQueriedThirtyYearsAhead() throws {
        // setup: every Monday at 09:00 from January 2026, forever.
        let series = try F.series("FREQ=WEEKLY;BYDAY=MO", start: F.paris(2026, 1, 5, 9))
        // act: one week in June 2056 (the walk jumps to that week instead of counting 1,578 weeks).
        let occurrences = series.occurrences(from: try instant("2056-06-01T00:00:00Z"), to: try instant("2056-06-08T00:00:00Z"))
        // validate
        #expect(F.starts(occurrences) == ["2056-06-05T07:00:00Z"])
        #expect(series.lastOccurrenceEnd() == nil)
        #expect(series.occurrence(at: try instant("2056-06-05T07:00:00Z")))
        #expect(!series.occurrence(at: try instant("2056-06-05T08:00:00Z")))
        // Every third day and every other month, far out, the same way.
        let daily = try F.series("FREQ=DAILY;INTERVAL=3", start: F.paris(2026, 1, 1, 9))
        #expect(daily.occurrences(from: F.paris(2300, 1, 1, 0), to: F.paris(2300, 1, 10, 0)).count == 3)
        let monthly = try F.series("FREQ=MONTHLY;INTERVAL=2;BYDAY=-1FR", start: F.paris(2026, 1, 30, 9))
        #expect(monthly.occurrences(from: F.paris(2500, 1, 1, 0), to: F.paris(2501, 1, 1, 0)).count == 6)
    }

    @Test func theLimitCapsTheResult() throws {
        let series = try F.series("FREQ=DAILY", start: F.paris(2026, 1, 1, 9))
        let occurrences = series.occurrences(from: F.paris(2026, 1, 1, 0), to: F.paris(2027, 1, 1, 0), limit: 5)
        #expect(F.starts(occurrences).last == "2026-01-05T08:00:00Z")
        #expect(occurrences.count == 5)
        #expect(series.occurrences(from: F.paris(2027, 1, 1, 0), to: F.paris(2026, 1, 1, 0)).isEmpty)
    }

    @Test func validOccurrenceStarts() throws {
        let series = try F.series("FREQ=MONTHLY;BYDAY=2TU;COUNT=10", start: F.paris(2026, 1, 13, 10))
        #expect(series.occurrence(at: F.paris(2026, 1, 13, 10)))
        #expect(series.occurrence(at: F.paris(2026, 10, 13, 10)))
        #expect(!series.occurrence(at: F.paris(2026, 11, 10, 10)))  // the 11th: past COUNT
        #expect(!series.occurrence(at: F.paris(2026, 2, 10, 11)))  // right day, wrong time
        #expect(!series.occurrence(at: F.paris(2026, 2, 17, 10)))  // 3rd Tuesday
        #expect(!series.occurrence(at: F.paris(2025, 12, 9, 10)))  // before the start
    }
}
