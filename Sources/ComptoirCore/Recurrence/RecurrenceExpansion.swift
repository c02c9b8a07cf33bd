import Foundation

/// The arithmetic behind `RecurrenceSeries`: which local days a rule falls on, and at which instant.
///
/// Days are numbered from 1970-01-01 (`CalendarDay.daysSinceEpoch`). A rule's periods (a day, a week from
/// WKST, a month or a year, every INTERVAL) are numbered from 0, the period holding the first occurrence,
/// so the period holding any day is found by division: far-future queries skip straight to it.
struct RecurrenceExpansion {
    let rule: RecurrenceRule
    let start: Date
    let timeZone: TimeZone
    /// The local day of the first occurrence.
    let startDay: Int
    let startDate: CalendarDay
    /// The local wall-clock time of the first occurrence, in whole seconds after midnight.
    let wallSeconds: Int
    /// The sub-second part of `start`, kept on every occurrence.
    let fraction: TimeInterval

    /// The last day we compute (the end of `CalendarDay`'s range).
    static let lastDay = CalendarDay(uncheckedYear: 9999, month: 12, day: 31).daysSinceEpoch
    /// Instants are clamped to this many seconds around 1970 before integer conversion.
    private static let secondsBound: TimeInterval = 400_000_000_000

    init(rule: RecurrenceRule, start: Date, timeZone: TimeZone) {
        self.rule = rule
        self.start = start
        self.timeZone = timeZone
        let utcSeconds = Self.wholeSeconds(start)
        fraction = start.timeIntervalSince1970 - TimeInterval(utcSeconds)
        let (day, second) = Self.floorDivide(utcSeconds + timeZone.secondsFromGMT(for: start), 86_400)
        startDay = day
        startDate = CalendarDay(daysSinceEpoch: day)
        wallSeconds = second
    }

    /// The local day `date` falls on.
    func localDay(_ date: Date) -> Int {
        let seconds = Self.wholeSeconds(date)
        return Self.floorDivide(seconds + timeZone.secondsFromGMT(for: date), 86_400).quotient
    }

    // MARK: - Walking the occurrences

    /// Calls `body` with the original start of each rule occurrence on a local day in `fromDay...throughDay`, in
    /// order, until it returns false or the series ends. Exceptions and overrides are the caller's business.
    ///
    /// `index` is the occurrence's position in the series (0 for the first) when the rule has a COUNT, nil otherwise:
    /// only COUNT forces walking from the first period; otherwise the walk starts at the period holding `fromDay`.
    func walk(fromDay: Int, throughDay: Int, _ body: (_ start: Date, _ index: Int?) -> Bool) {
        let lastDay = min(throughDay, Self.lastDay)
        var period = rule.count == nil ? max(0, self.period(containing: fromDay)) : 0
        var index = 0
        while firstDay(ofPeriod: period) <= lastDay {
            var days = candidates(inPeriod: period)
            if period == 0 {
                // The first occurrence is always `start`, even if the rule would not produce it (RFC 5545 §3.8.5.3).
                days = [startDay] + days.filter { $0 > startDay }
            }
            for day in days {
                if let count = rule.count {
                    if index >= count { return }
                    index += 1
                }
                if day < fromDay { continue }
                if day > lastDay { return }
                let occurrence = instant(onDay: day)
                if day != startDay, let until = rule.until, occurrence > until { return }
                if !body(occurrence, rule.count == nil ? nil : index - 1) { return }
            }
            period += 1
        }
    }

    /// The instant the wall-clock time of `start` has on local `day`.
    ///
    /// RFC 5545 §3.3.5: a time that does not exist (spring forward) moves forward by the gap, as if the
    /// offset before the change still applied; a time that happens twice (fall back) is the first one.
    func instant(onDay day: Int) -> Date {
        if day == startDay { return start }
        let local = day * 86_400 + wallSeconds
        let before = timeZone.secondsFromGMT(for: Self.date(local - 86_400))
        let after = timeZone.secondsFromGMT(for: Self.date(local + 86_400))
        var utc = local - before
        if before != after {
            let withAfter = local - after
            let beforeFits = timeZone.secondsFromGMT(for: Self.date(utc)) == before
            let afterFits = timeZone.secondsFromGMT(for: Self.date(withAfter)) == after
            if beforeFits && afterFits {
                utc = min(utc, withAfter)
            } else if afterFits {
                utc = withAfter
            }
            // Neither fits: in the gap, keep the offset from before the change.
        }
        return Date(timeIntervalSince1970: TimeInterval(utc) + fraction)
    }

    // MARK: - Periods

    /// The number of the period holding local `day` (negative before the first).
    func period(containing day: Int) -> Int {
        switch rule.frequency {
        case .daily:
            return Self.floorDivide(day - startDay, rule.interval).quotient
        case .weekly:
            let weeks = (weekStart(of: day) - weekStart(of: startDay)) / 7
            return Self.floorDivide(weeks, rule.interval).quotient
        case .monthly:
            let date = CalendarDay(daysSinceEpoch: day)
            let months = (date.year * 12 + date.month) - (startDate.year * 12 + startDate.month)
            return Self.floorDivide(months, rule.interval).quotient
        case .yearly:
            return Self.floorDivide(CalendarDay(daysSinceEpoch: day).year - startDate.year, rule.interval).quotient
        }
    }

    /// The first local day of period `period`.
    func firstDay(ofPeriod period: Int) -> Int {
        switch rule.frequency {
        case .daily:
            return startDay + period * rule.interval
        case .weekly:
            return weekStart(of: startDay) + period * rule.interval * 7
        case .monthly:
            guard let (year, month) = month(ofPeriod: period) else { return Int.max }
            return CalendarDay(uncheckedYear: year, month: month, day: 1).daysSinceEpoch
        case .yearly:
            let year = startDate.year + period * rule.interval
            guard year <= 9999 else { return Int.max }
            return CalendarDay(uncheckedYear: year, month: 1, day: 1).daysSinceEpoch
        }
    }

    /// The local days of period `period` the rule falls on, in order (before the first-occurrence adjustment).
    func candidates(inPeriod period: Int) -> [Int] {
        switch rule.frequency {
        case .daily:
            let day = startDay + period * rule.interval
            let date = CalendarDay(daysSinceEpoch: day)
            guard rule.byMonth.isEmpty || rule.byMonth.contains(date.month),
                rule.byDay.isEmpty || rule.byDay.contains(where: { $0.weekday.rawValue == date.weekday }),
                rule.byMonthDay.isEmpty || matchesMonthDay(date)
            else { return [] }
            return [day]
        case .weekly:
            let first = firstDay(ofPeriod: period)
            let weekdays = rule.byDay.isEmpty ? [startDate.weekday] : rule.byDay.map(\.weekday.rawValue)
            let days = Set(weekdays.map { first + ($0 - rule.weekStart.rawValue + 7) % 7 }).sorted()
            guard !rule.byMonth.isEmpty else { return days }
            return days.filter { rule.byMonth.contains(CalendarDay(daysSinceEpoch: $0).month) }
        case .monthly:
            guard let (year, month) = month(ofPeriod: period),
                rule.byMonth.isEmpty || rule.byMonth.contains(month)
            else { return [] }
            return days(inMonth: month, of: year, ordinalsInYear: false)
        case .yearly:
            let year = startDate.year + period * rule.interval
            guard year <= 9999 else { return [] }
            if rule.byMonthDay.isEmpty, !rule.byDay.isEmpty, rule.byMonth.isEmpty {
                // BYDAY alone: every matching weekday of the year, ordinals counted within the year.
                let first = CalendarDay(uncheckedYear: year, month: 1, day: 1).daysSinceEpoch
                let last = CalendarDay(uncheckedYear: year, month: 12, day: 31).daysSinceEpoch
                return expand(rule.byDay, from: first, through: last)
            }
            // BYMONTHDAY without BYMONTH means every month; with neither, the month of the first occurrence.
            let months =
                !rule.byMonth.isEmpty ? rule.byMonth : (rule.byMonthDay.isEmpty ? [startDate.month] : Array(1...12))
            return months.flatMap { days(inMonth: $0, of: year, ordinalsInYear: rule.byMonth.isEmpty) }
        }
    }

    // MARK: - Days within a month or year

    /// The days of one month the rule falls on: BYMONTHDAY (limited by BYDAY), else BYDAY, else the start's day.
    private func days(inMonth month: Int, of year: Int, ordinalsInYear: Bool) -> [Int] {
        let length = CalendarDay.daysInMonth(month, year: year)
        let first = CalendarDay(uncheckedYear: year, month: month, day: 1).daysSinceEpoch
        let last = first + length - 1
        if !rule.byMonthDay.isEmpty {
            var days = rule.byMonthDay.compactMap { number -> Int? in
                let dayOfMonth = number > 0 ? number : length + 1 + number
                return (1...length).contains(dayOfMonth) ? first + dayOfMonth - 1 : nil
            }
            if !rule.byDay.isEmpty {
                let scope =
                    ordinalsInYear
                    ? (
                        CalendarDay(uncheckedYear: year, month: 1, day: 1).daysSinceEpoch,
                        CalendarDay(uncheckedYear: year, month: 12, day: 31).daysSinceEpoch
                    ) : (first, last)
                days = days.filter { matchesByDay($0, scopeFirst: scope.0, scopeLast: scope.1) }
            }
            return Set(days).sorted()
        }
        if !rule.byDay.isEmpty { return expand(rule.byDay, from: first, through: last) }
        // No 31st in this month: the month is skipped (RFC 5545 ignores invalid dates).
        return startDate.day <= length ? [first + startDate.day - 1] : []
    }

    /// Every day in `first...last` matching one of `rules` ("every Monday", "the 2nd Tuesday", "the last Friday").
    private func expand(_ rules: [RecurrenceRule.WeekdayRule], from first: Int, through last: Int) -> [Int] {
        var days = Set<Int>()
        let firstWeekday = CalendarDay(daysSinceEpoch: first).weekday
        let lastWeekday = CalendarDay(daysSinceEpoch: last).weekday
        for entry in rules {
            let weekday = entry.weekday.rawValue
            let firstMatch = first + (weekday - firstWeekday + 7) % 7
            let lastMatch = last - (lastWeekday - weekday + 7) % 7
            switch entry.ordinal {
            case nil:
                days.formUnion(stride(from: firstMatch, through: last, by: 7))
            case let ordinal? where ordinal > 0:
                let day = firstMatch + (ordinal - 1) * 7
                if day <= last { days.insert(day) }
            case let ordinal?:
                let day = lastMatch + (ordinal + 1) * 7
                if day >= first { days.insert(day) }
            }
        }
        return days.sorted()
    }

    private func matchesByDay(_ day: Int, scopeFirst: Int, scopeLast: Int) -> Bool {
        let weekday = CalendarDay(daysSinceEpoch: day).weekday
        return rule.byDay.contains { entry in
            guard entry.weekday.rawValue == weekday else { return false }
            guard let ordinal = entry.ordinal else { return true }
            return ordinal == (day - scopeFirst) / 7 + 1 || ordinal == -((scopeLast - day) / 7 + 1)
        }
    }

    private func matchesMonthDay(_ date: CalendarDay) -> Bool {
        let length = CalendarDay.daysInMonth(date.month, year: date.year)
        return rule.byMonthDay.contains { $0 > 0 ? $0 == date.day : length + 1 + $0 == date.day }
    }

    // MARK: - Helpers

    private func month(ofPeriod period: Int) -> (year: Int, month: Int)? {
        let index = startDate.year * 12 + (startDate.month - 1) + period * rule.interval
        let (year, month) = Self.floorDivide(index, 12)
        return year <= 9999 ? (year, month + 1) : nil
    }

    /// The first day (WKST) of the week holding `day`.
    private func weekStart(of day: Int) -> Int {
        let weekday = CalendarDay(daysSinceEpoch: day).weekday
        return day - (weekday - rule.weekStart.rawValue + 7) % 7
    }

    static func wholeSeconds(_ date: Date) -> Int {
        Int(min(max(date.timeIntervalSince1970, -secondsBound), secondsBound).rounded(.down))
    }

    /// Division rounding toward minus infinity, with a remainder in 0..<divisor.
    static func floorDivide(_ value: Int, _ divisor: Int) -> (quotient: Int, remainder: Int) {
        let remainder = (value % divisor + divisor) % divisor
        return ((value - remainder) / divisor, remainder)
    }

    private static func date(_ seconds: Int) -> Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }
}
