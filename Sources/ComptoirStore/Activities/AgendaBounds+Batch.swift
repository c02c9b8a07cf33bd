import Foundation

/// The bounds of rows written many at a time (the benchmark's bulk load): computed in memory with the rules
/// `refresh` applies to one row, and written in the same INSERT as the rows, instead of a pass over the table.
extension AgendaBounds {
    /// `short_span` of an interaction starting at `start` and ending at `end` (see `refresh`).
    public static func shortSpan(start: Date?, end: Date?) -> Bool {
        isShort(start, end)
    }

    /// `series_last_end` of a series' first row: the end of its last occurrence by its rule, or of its last
    /// edited occurrence (`editedEnd`, the latest end among the rows whose `series_id` is this row) if later;
    /// nil while the series never ends (see `refresh`).
    public static func seriesLastEnd(start: Date?, end: Date?, rrule: String?, editedEnd: Date?) -> Date? {
        lastEnd(start: start, end: end, rrule: rrule, editedEnd: editedEnd)
    }
}
