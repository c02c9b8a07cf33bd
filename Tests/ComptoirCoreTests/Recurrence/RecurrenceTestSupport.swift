import Foundation
import Testing

@testable import ComptoirCore

/// Dates for the recurrence tests: local Paris wall-clock times in, UTC ISO strings out.
enum RecurrenceFixture {
    /// The instant of a wall-clock time in Paris (must exist: not inside a spring-forward gap).
    static func paris(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int = 0) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .paris
        return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute))!
    }

    /// "2026-06-01T07:00:00Z".
    static func utc(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    /// The UTC starts of `occurrences`.
    static func starts(_ occurrences: [RecurrenceSeries.Occurrence]) -> [String] {
        occurrences.map { utc($0.start) }
    }

    /// A series from RRULE text (traps on a rule the test expects to be valid).
    static func series(
        _ rule: String, start: Date, duration: TimeInterval = 3600, exceptions: Set<Date> = [],
        overrides: [Date: RecurrenceSeries.Override] = [:]
    ) throws -> RecurrenceSeries {
        RecurrenceSeries(
            start: start, duration: duration, rule: try RecurrenceRule(parsing: rule), exceptions: exceptions,
            overrides: overrides)
    }

    /// Every occurrence of a bounded series (up to year 2100).
    static func all(_ series: RecurrenceSeries) -> [String] {
        starts(series.occurrences(from: series.start, to: paris(2100, 1, 1, 0)))
    }
}
