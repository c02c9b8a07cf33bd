import Foundation

/// A recurring interaction: a first occurrence, a rule, deleted occurrences (EXDATE) and edited ones (RECURRENCE-ID).
///
/// Occurrences keep the local wall-clock time of `start` in `timeZone` (09:00 stays 09:00 across daylight
/// saving time). They are computed on demand for a range, never materialised: an unbounded series is cheap.
/// `start` is always the first occurrence and counts toward COUNT, whether or not the rule would produce it.
public struct RecurrenceSeries: Sendable, Hashable {
    /// The start of the first occurrence.
    public var start: Date
    /// The length of each occurrence, in seconds (negative values count as 0).
    public var duration: TimeInterval
    /// The repetition rule.
    public var rule: RecurrenceRule
    /// The zone whose wall-clock time occurrences keep (Europe/Paris by default).
    public var timeZone: TimeZone
    /// Original starts of deleted occurrences (EXDATE); they still count toward COUNT.
    public var exceptions: Set<Date>
    /// Edited occurrences, by original start (RECURRENCE-ID): their new start and duration.
    public var overrides: [Date: Override]

    /// A series starting at `start`; exceptions and overrides are keyed by original occurrence starts.
    public init(
        start: Date, duration: TimeInterval, rule: RecurrenceRule, timeZone: TimeZone = .paris,
        exceptions: Set<Date> = [], overrides: [Date: Override] = [:]
    ) {
        self.start = start
        self.duration = duration
        self.rule = rule
        self.timeZone = timeZone
        self.exceptions = exceptions
        self.overrides = overrides
    }

    /// A moved or edited occurrence.
    public struct Override: Sendable, Hashable, Codable {
        /// Its new start.
        public var start: Date
        /// Its new length, in seconds.
        public var duration: TimeInterval

        /// An occurrence moved to `start`, lasting `duration` seconds.
        public init(start: Date, duration: TimeInterval) {
            self.start = start
            self.duration = duration
        }
    }

    /// One occurrence as shown in an agenda.
    public struct Occurrence: Sendable, Hashable {
        /// Where the rule puts it: the key of exceptions and overrides.
        public var originalStart: Date
        /// When it starts (differs from `originalStart` when moved).
        public var start: Date
        /// When it ends.
        public var end: Date
        /// Whether it was edited (RECURRENCE-ID).
        public var isOverride: Bool

        /// An occurrence; `end` is not before `start`.
        public init(originalStart: Date, start: Date, end: Date, isOverride: Bool) {
            self.originalStart = originalStart
            self.start = start
            self.end = max(start, end)
            self.isOverride = isOverride
        }
    }

    // MARK: - Queries

    /// The occurrences overlapping [from, to), by start, at most `limit`; edited ones at their new time, deleted ones left out.
    ///
    /// A zero-length occurrence overlaps when it starts in [from, to).
    public func occurrences(from: Date, to: Date, limit: Int = 10_000) -> [Occurrence] {
        guard from < to, limit > 0 else { return [] }
        let expansion = self.expansion
        let length = max(0, duration)
        var result: [Occurrence] = []
        expansion.walk(fromDay: expansion.localDay(from - length) - 1, throughDay: expansion.localDay(to) + 1) {
            occurrence, _ in
            if occurrence >= to { return false }
            if Self.overlaps(occurrence, length, from, to), !exceptions.contains(occurrence), overrides[occurrence] == nil {
                result.append(Occurrence(originalStart: occurrence, start: occurrence, end: occurrence + length, isOverride: false))
            }
            return result.count < limit
        }
        // Edited occurrences may have moved from anywhere: look at each.
        for original in validOverrides() {
            guard let edit = overrides[original] else { continue }
            let editLength = max(0, edit.duration)
            if Self.overlaps(edit.start, editLength, from, to) {
                result.append(Occurrence(originalStart: original, start: edit.start, end: edit.start + editLength, isOverride: true))
            }
        }
        result.sort { ($0.start, $0.originalStart) < ($1.start, $1.originalStart) }
        return Array(result.prefix(limit))
    }

    /// Whether an occurrence of the series starts at `originalStart` per the rule (deleted occurrences answer false).
    public func occurrence(at originalStart: Date) -> Bool {
        !exceptions.contains(originalStart) && index(of: originalStart) != nil
    }

    /// When the last occurrence ends (edited ones included, deleted ones left out); nil for an unbounded series.
    ///
    /// When every occurrence was deleted, the end of the first one: a bound for queries, never nil when bounded.
    public func lastOccurrenceEnd() -> Date? {
        guard rule.count != nil || rule.until != nil else { return nil }
        let expansion = self.expansion
        let length = max(0, duration)
        var last: Date?
        let keep = { (occurrence: Date) -> Bool in !exceptions.contains(occurrence) && overrides[occurrence] == nil }
        if rule.count != nil {
            expansion.walk(fromDay: expansion.startDay, throughDay: Int.max) { occurrence, _ in
                if keep(occurrence) { last = occurrence }
                return true
            }
        } else if let until = rule.until {
            // Look back from UNTIL, further each time in case the last occurrences were all deleted.
            let untilDay = expansion.localDay(until) + 1
            var window = 64
            while last == nil {
                let fromDay = max(expansion.startDay, untilDay - window)
                expansion.walk(fromDay: fromDay, throughDay: untilDay) { occurrence, _ in
                    if keep(occurrence) { last = occurrence }
                    return true
                }
                if fromDay == expansion.startDay { break }
                window *= 4
            }
        }
        var end = last.map { $0 + length }
        for original in validOverrides() {
            guard let edit = overrides[original] else { continue }
            let editEnd = edit.start + max(0, edit.duration)
            end = max(end ?? editEnd, editEnd)
        }
        return end ?? start + length
    }

    // MARK: - Editing

    /// Splits for "this and following": `before` ends just before `originalStart`, `after` starts there.
    ///
    /// `before` gets UNTIL one second before the split (COUNT dropped); `after` starts at that occurrence with
    /// the COUNT left, if any. Exceptions and overrides go to the side of their original start. Nil unless
    /// `originalStart` is an occurrence of the rule after the first (splitting at the first is editing all).
    public func splitting(at originalStart: Date) -> (before: RecurrenceSeries, after: RecurrenceSeries)? {
        guard originalStart > start, let position = index(of: originalStart) else { return nil }
        var before = self
        before.rule = rule.ending(atOrBefore: originalStart - 1)
        before.exceptions = exceptions.filter { $0 < originalStart }
        before.overrides = overrides.filter { $0.key < originalStart }
        var after = self
        after.start = originalStart
        after.rule = rule.count.map { rule.limited(toCount: $0 - position) } ?? rule
        after.exceptions = exceptions.filter { $0 >= originalStart }
        after.overrides = overrides.filter { $0.key >= originalStart }
        return (before, after)
    }

    // MARK: - Internals

    var expansion: RecurrenceExpansion { RecurrenceExpansion(rule: rule, start: start, timeZone: timeZone) }

    /// Nil unless a rule occurrence starts at `originalStart`; then its position (0 for the first) if the rule has
    /// a COUNT, else 0 (without COUNT the walk skips ahead, so positions are not counted).
    func index(of originalStart: Date) -> Int? {
        if originalStart == start { return 0 }
        guard originalStart > start else { return nil }
        let expansion = self.expansion
        let day = expansion.localDay(originalStart)
        var found: Int?
        expansion.walk(fromDay: day, throughDay: day) { occurrence, index in
            if occurrence == originalStart { found = index ?? 0 }
            return occurrence < originalStart
        }
        return found
    }

    /// The override keys that are occurrences of the rule and not deleted.
    private func validOverrides() -> [Date] {
        let keys = overrides.keys.filter { !exceptions.contains($0) }
        guard !keys.isEmpty else { return [] }
        guard rule.count != nil, keys.count > 1 else { return keys.filter { index(of: $0) != nil } }
        // With COUNT each check walks from the start: check them all in one walk instead.
        let wanted = Set(keys)
        let expansion = self.expansion
        let lastDay = keys.map(expansion.localDay).max() ?? expansion.startDay
        var valid: [Date] = []
        expansion.walk(fromDay: expansion.startDay, throughDay: lastDay) { occurrence, _ in
            if wanted.contains(occurrence) { valid.append(occurrence) }
            return true
        }
        return valid
    }

    private static func overlaps(_ start: Date, _ length: TimeInterval, _ from: Date, _ to: Date) -> Bool {
        start < to && (start >= from || start + length > from)
    }
}
