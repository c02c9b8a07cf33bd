import Foundation
import Testing

@testable import ComptoirCore

/// Deleting one occurrence, moving one, and "this and following" (EXDATE, RECURRENCE-ID, split).
@Suite struct RecurrenceEditingTests {
    typealias F = RecurrenceFixture

    /// « Formation HTML »: Mondays and Wednesdays, 09:00–12:00, 1–30 June 2026.
    func formation(exceptions: Set<Date> = [], overrides: [Date: RecurrenceSeries.Override] = [:]) throws -> RecurrenceSeries {
        try F.series(
            "FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20260630T215959Z", start: F.paris(2026, 6, 1, 9), duration: 3 * 3600,
            exceptions: exceptions, overrides: overrides)
    }

    @Test func aDeletedOccurrenceIsSkipped() throws {
        // setup
        let series = try formation(exceptions: [F.paris(2026, 6, 10, 9)])
        // act
        let occurrences = series.occurrences(from: F.paris(2026, 6, 8, 0), to: F.paris(2026, 6, 16, 0))
        // validate
        #expect(F.starts(occurrences) == ["2026-06-08T07:00:00Z", "2026-06-15T07:00:00Z"])
        #expect(!series.occurrence(at: F.paris(2026, 6, 10, 9)))
        #expect(series.occurrence(at: F.paris(2026, 6, 8, 9)))
    }

    @Test func deletedOccurrencesStillCountTowardCount() throws {
        let series = try F.series(
            "FREQ=DAILY;COUNT=4", start: F.paris(2026, 6, 1, 9), exceptions: [F.paris(2026, 6, 2, 9), F.paris(2026, 6, 4, 9)])
        #expect(F.all(series) == ["2026-06-01T07:00:00Z", "2026-06-03T07:00:00Z"])
        #expect(series.lastOccurrenceEnd().map(F.utc) == "2026-06-03T08:00:00Z")
        // Deleting the last occurrences of an UNTIL series moves its end back.
        let until = try F.series(
            "FREQ=DAILY;UNTIL=20260604T070000Z", start: F.paris(2026, 6, 1, 9), exceptions: [F.paris(2026, 6, 4, 9)])
        #expect(until.lastOccurrenceEnd().map(F.utc) == "2026-06-03T08:00:00Z")
    }

    @Test func aMovedOccurrenceShowsOnlyAtItsNewTime() throws {
        // setup: Wednesday 10 June moves to Thursday 11 June 14:00–16:00.
        let original = F.paris(2026, 6, 10, 9)
        let moved = RecurrenceSeries.Override(start: F.paris(2026, 6, 11, 14), duration: 2 * 3600)
        let series = try formation(overrides: [original: moved])
        // act
        let week = series.occurrences(from: F.paris(2026, 6, 8, 0), to: F.paris(2026, 6, 15, 0))
        let wednesday = series.occurrences(from: F.paris(2026, 6, 10, 0), to: F.paris(2026, 6, 11, 0))
        let thursday = series.occurrences(from: F.paris(2026, 6, 11, 0), to: F.paris(2026, 6, 12, 0))
        // validate
        #expect(F.starts(week) == ["2026-06-08T07:00:00Z", "2026-06-11T12:00:00Z"])
        #expect(week[1] == .init(originalStart: original, start: moved.start, end: F.paris(2026, 6, 11, 16), isOverride: true))
        #expect(wednesday.isEmpty)
        #expect(F.starts(thursday) == ["2026-06-11T12:00:00Z"])
        #expect(series.occurrence(at: original))
    }

    @Test func anOccurrenceMovedPastTheEndExtendsTheSeries() throws {
        let last = F.paris(2026, 6, 29, 9)
        let series = try formation(overrides: [last: .init(start: F.paris(2026, 7, 2, 9), duration: 3600)])
        #expect(series.lastOccurrenceEnd().map(F.utc) == "2026-07-02T08:00:00Z")
        #expect(F.starts(series.occurrences(from: F.paris(2026, 7, 1, 0), to: F.paris(2026, 7, 3, 0))) == ["2026-07-02T07:00:00Z"])
    }

    @Test func overridesOfNonOccurrencesOrDeletedOnesAreIgnored() throws {
        let series = try formation(
            exceptions: [F.paris(2026, 6, 3, 9)],
            overrides: [
                F.paris(2026, 6, 2, 9): .init(start: F.paris(2026, 6, 2, 15), duration: 3600),  // a Tuesday: not an occurrence
                F.paris(2026, 6, 3, 9): .init(start: F.paris(2026, 6, 3, 15), duration: 3600),  // deleted
            ])
        let occurrences = series.occurrences(from: F.paris(2026, 6, 1, 0), to: F.paris(2026, 6, 5, 0))
        #expect(F.starts(occurrences) == ["2026-06-01T07:00:00Z"])
    }

    @Test func splittingForThisAndFollowingWithUntil() throws {
        // setup: one deleted occurrence before the split, one moved after it.
        let series = try formation(
            exceptions: [F.paris(2026, 6, 3, 9)],
            overrides: [F.paris(2026, 6, 22, 9): .init(start: F.paris(2026, 6, 22, 14), duration: 3600)])
        // act: split at Monday 15 June.
        let (before, after) = try #require(series.splitting(at: F.paris(2026, 6, 15, 9)))
        // validate
        #expect(before.rule.rruleString == "FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20260615T065959Z")
        #expect(before.start == series.start)
        #expect(before.exceptions == [F.paris(2026, 6, 3, 9)])
        #expect(before.overrides.isEmpty)
        #expect(F.all(before) == ["2026-06-01T07:00:00Z", "2026-06-08T07:00:00Z", "2026-06-10T07:00:00Z"])
        #expect(after.start == F.paris(2026, 6, 15, 9))
        #expect(after.rule == series.rule)
        #expect(after.exceptions.isEmpty)
        #expect(after.overrides.keys.sorted() == [F.paris(2026, 6, 22, 9)])
        #expect(
            F.all(after) == [
                "2026-06-15T07:00:00Z", "2026-06-17T07:00:00Z", "2026-06-22T12:00:00Z", "2026-06-24T07:00:00Z",
                "2026-06-29T07:00:00Z",
            ])
        // Together they show what the series showed.
        #expect(F.all(before) + F.all(after) == F.all(series))
    }

    @Test func splittingACountedSeriesKeepsTheRemainingCount() throws {
        let series = try F.series("FREQ=MONTHLY;BYDAY=2TU;COUNT=10", start: F.paris(2026, 1, 13, 10))
        let (before, after) = try #require(series.splitting(at: F.paris(2026, 4, 14, 10)))
        #expect(before.rule.rruleString == "FREQ=MONTHLY;BYDAY=2TU;UNTIL=20260414T075959Z")
        #expect(after.rule.rruleString == "FREQ=MONTHLY;BYDAY=2TU;COUNT=7")
        #expect(F.all(before).count == 3)
        #expect(F.all(after).first == "2026-04-14T08:00:00Z")
        #expect(F.all(before) + F.all(after) == F.all(series))
    }

    @Test func splittingOnlyAtALaterOccurrence() throws {
        let series = try formation()
        #expect(series.splitting(at: series.start) == nil)  // the first: that is editing all
        #expect(series.splitting(at: F.paris(2026, 6, 2, 9)) == nil)  // a Tuesday
        #expect(series.splitting(at: F.paris(2026, 7, 1, 9)) == nil)  // after UNTIL
    }
}
