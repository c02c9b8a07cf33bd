import Foundation

/// The subset of RFC 5545 recurrence rules (RRULE) Comptoir uses for recurring interactions.
///
/// Supported parts: FREQ (DAILY, WEEKLY, MONTHLY, YEARLY), INTERVAL, BYDAY (ordinals such as 2TU or -1FR
/// with MONTHLY and YEARLY only), BYMONTHDAY, BYMONTH, COUNT or UNTIL (a UTC date-time), WKST. Anything else
/// is rejected with a `RecurrenceError`, so a stored rule always means what `RecurrenceSeries` computes.
/// Lists are kept sorted and without duplicates, so equal rules have equal `rruleString`s.
public struct RecurrenceRule: Sendable, Hashable {
    /// How often the rule repeats (FREQ).
    public private(set) var frequency: Frequency
    /// Every how many periods (INTERVAL), 1…9999.
    public private(set) var interval: Int
    /// Weekdays, with an optional ordinal within the month or year (BYDAY).
    public private(set) var byDay: [WeekdayRule]
    /// Days of the month, 1…31 or -1…-31 counted from the month's end (BYMONTHDAY).
    public private(set) var byMonthDay: [Int]
    /// Months, 1…12 (BYMONTH).
    public private(set) var byMonth: [Int]
    /// The number of occurrences, the first one included (COUNT).
    public private(set) var count: Int?
    /// The last instant an occurrence may start at, inclusive (UNTIL), whole seconds.
    public private(set) var until: Date?
    /// The first day of the week (WKST); it matters for WEEKLY rules with an INTERVAL above 1.
    public private(set) var weekStart: Weekday

    /// The largest INTERVAL accepted (keeps the date arithmetic far from overflow).
    public static let maximumInterval = 9999

    /// A validated rule; throws when a part is outside the supported subset or out of range.
    public init(
        frequency: Frequency, interval: Int = 1, byDay: [WeekdayRule] = [], byMonthDay: [Int] = [], byMonth: [Int] = [],
        count: Int? = nil, until: Date? = nil, weekStart: Weekday = .monday
    ) throws(RecurrenceError) {
        self.frequency = frequency
        self.interval = interval
        self.byDay = Array(Set(byDay)).sorted()
        self.byMonthDay = Array(Set(byMonthDay)).sorted()
        self.byMonth = Array(Set(byMonth)).sorted()
        self.count = count
        // UNTIL is written to the second: keep only what survives a round trip.
        self.until = until.map { Date(timeIntervalSince1970: $0.timeIntervalSince1970.rounded(.down)) }
        self.weekStart = weekStart
        try validate()
    }

    /// The same rule ending with the occurrence at or before `until` (COUNT removed).
    func ending(atOrBefore until: Date) -> RecurrenceRule {
        var copy = self
        copy.count = nil
        copy.until = Date(timeIntervalSince1970: until.timeIntervalSince1970.rounded(.down))
        return copy
    }

    /// The same rule with `count` occurrences (UNTIL removed).
    func limited(toCount count: Int?) -> RecurrenceRule {
        var copy = self
        copy.count = count
        copy.until = nil
        return copy
    }

    private func validate() throws(RecurrenceError) {
        guard (1...Self.maximumInterval).contains(interval) else {
            throw .invalidValue(part: "INTERVAL", value: String(interval))
        }
        if let count, count < 1 { throw .invalidValue(part: "COUNT", value: String(count)) }
        if count != nil, until != nil { throw .countAndUntil }
        for month in byMonth where !(1...12).contains(month) {
            throw .invalidValue(part: "BYMONTH", value: String(month))
        }
        for day in byMonthDay where day == 0 || !(-31...31).contains(day) {
            throw .invalidValue(part: "BYMONTHDAY", value: String(day))
        }
        if frequency == .weekly, let first = byMonthDay.first {
            throw .notAllowed(part: "BYMONTHDAY=\(first)", frequency: frequency)
        }
        // Within a month there are at most 5 of a weekday; within a year, 53.
        let ordinalBound = frequency == .yearly && byMonth.isEmpty ? 53 : 5
        for rule in byDay {
            guard let ordinal = rule.ordinal else { continue }
            guard frequency == .monthly || frequency == .yearly else {
                throw .notAllowed(part: "BYDAY=\(rule.code)", frequency: frequency)
            }
            guard ordinal != 0, (-ordinalBound...ordinalBound).contains(ordinal) else {
                throw .invalidValue(part: "BYDAY", value: rule.code)
            }
        }
        // BYMONTH=2;BYMONTHDAY=30 or BYMONTH=4;BYMONTHDAY=31 never happen: refuse rather than loop for nothing.
        if !byMonthDay.isEmpty {
            let months = byMonth.isEmpty ? Array(1...12) : byMonth
            let longest = months.map { CalendarDay.daysInMonth($0, year: 2024) }.max() ?? 31
            guard byMonthDay.contains(where: { abs($0) <= longest }) else { throw .neverOccurs }
        }
    }
}

extension RecurrenceRule {
    /// The FREQ values of the subset.
    public enum Frequency: String, Sendable, Hashable, Codable, CaseIterable {
        case daily = "DAILY"
        case weekly = "WEEKLY"
        case monthly = "MONTHLY"
        case yearly = "YEARLY"
    }

    /// A day of the week, numbered as ISO 8601 and `CalendarDay.weekday` (1 = Monday … 7 = Sunday).
    public enum Weekday: Int, Sendable, Hashable, Codable, CaseIterable, Comparable {
        case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

        /// The two-letter RFC 5545 code, "MO" … "SU".
        public var code: String { Self.codes[rawValue - 1] }

        /// The weekday for a two-letter code such as "MO"; nil otherwise.
        public init?(code: String) {
            guard let index = Self.codes.firstIndex(of: code) else { return nil }
            self.init(rawValue: index + 1)
        }

        /// Monday first.
        public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.rawValue < rhs.rawValue }

        private static let codes = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
    }

    /// One BYDAY entry: a weekday, with an ordinal for "the 2nd Tuesday" (2TU) or "the last Friday" (-1FR).
    public struct WeekdayRule: Sendable, Hashable, Codable, Comparable {
        /// The day of the week.
        public var weekday: Weekday
        /// 1…5 (or 1…53 in a yearly rule without BYMONTH) from the start, negative from the end; nil for every such day.
        public var ordinal: Int?

        /// A BYDAY entry; the ordinal is checked by `RecurrenceRule`.
        public init(_ weekday: Weekday, ordinal: Int? = nil) {
            self.weekday = weekday
            self.ordinal = ordinal
        }

        /// "MO", "2TU", "-1FR".
        public var code: String { (ordinal.map(String.init) ?? "") + weekday.code }

        /// By weekday, then every-week entries before ordinals, then ordinal.
        public static func < (lhs: WeekdayRule, rhs: WeekdayRule) -> Bool {
            (lhs.weekday.rawValue, lhs.ordinal ?? Int.min) < (rhs.weekday.rawValue, rhs.ordinal ?? Int.min)
        }
    }
}

extension RecurrenceRule: Codable {
    /// Decodes the RRULE text ("FREQ=WEEKLY;BYDAY=MO"), validating it.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message(french: false))
        }
    }

    /// Encodes as the canonical RRULE text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rruleString)
    }
}

extension RecurrenceRule: CustomStringConvertible {
    /// The canonical RRULE text.
    public var description: String { rruleString }
}
