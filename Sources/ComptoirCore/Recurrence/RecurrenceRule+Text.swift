import Foundation

extension RecurrenceRule {
    /// Parses RRULE text such as "FREQ=MONTHLY;BYDAY=2TU;COUNT=10" (an "RRULE:" prefix and lower case are accepted).
    public init(parsing text: String) throws(RecurrenceError) {
        var body = text.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        if body.hasPrefix("RRULE:") { body.removeFirst("RRULE:".count) }
        guard !body.isEmpty else { throw .missingFrequency }

        var values: [String: String] = [:]
        // A trailing ";" is tolerated; any other empty part is not.
        let parts = body.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        for (index, part) in parts.enumerated() {
            if part.isEmpty, index == parts.count - 1, index > 0 { continue }
            guard let equals = part.firstIndex(of: "="), equals != part.startIndex else { throw .malformed(part) }
            let key = String(part[..<equals])
            let value = String(part[part.index(after: equals)...])
            guard Self.supportedParts.contains(key) else {
                throw Self.knownUnsupportedParts.contains(key) ? .unsupported(key) : .unknownPart(key)
            }
            guard values[key] == nil else { throw .duplicatePart(key) }
            guard !value.isEmpty else { throw .invalidValue(part: key, value: value) }
            values[key] = value
        }

        guard let frequencyText = values["FREQ"] else { throw .missingFrequency }
        guard let frequency = Frequency(rawValue: frequencyText) else {
            if ["SECONDLY", "MINUTELY", "HOURLY"].contains(frequencyText) { throw .unsupported("FREQ=" + frequencyText) }
            throw .invalidValue(part: "FREQ", value: frequencyText)
        }
        let interval = try values["INTERVAL"].map { text throws(RecurrenceError) in try Self.integer(text, part: "INTERVAL") } ?? 1
        let count = try values["COUNT"].map { text throws(RecurrenceError) in try Self.integer(text, part: "COUNT") }
        let until = try values["UNTIL"].map { text throws(RecurrenceError) in try Self.utcDateTime(text) }
        let byMonth = try Self.integers(values["BYMONTH"], part: "BYMONTH")
        let byMonthDay = try Self.integers(values["BYMONTHDAY"], part: "BYMONTHDAY")
        var byDay: [WeekdayRule] = []
        for item in values["BYDAY"]?.split(separator: ",", omittingEmptySubsequences: false) ?? [] {
            byDay.append(try Self.weekdayRule(String(item)))
        }
        var weekStart = Weekday.monday
        if let code = values["WKST"] {
            guard let day = Weekday(code: code) else { throw .invalidValue(part: "WKST", value: code) }
            weekStart = day
        }
        try self.init(
            frequency: frequency, interval: interval, byDay: byDay, byMonthDay: byMonthDay, byMonth: byMonth,
            count: count, until: until, weekStart: weekStart)
    }

    /// The canonical RRULE text (without "RRULE:"), e.g. "FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20260630T215959Z".
    ///
    /// Order: FREQ, INTERVAL (when not 1), BYMONTH, BYMONTHDAY, BYDAY, COUNT, UNTIL, WKST (when not Monday).
    /// Parsing it gives back an equal rule.
    public var rruleString: String {
        text(until: until.map(Self.utcText))
    }

    /// The RRULE text with UNTIL as the DATE it falls on in `timeZone`, as RFC 5545 wants for all-day events.
    public func rruleString(untilDateIn timeZone: TimeZone) -> String {
        text(until: until.map { CalendarDay($0, in: timeZone).isoString.replacingOccurrences(of: "-", with: "") })
    }

    private func text(until untilText: String?) -> String {
        var parts = ["FREQ=" + frequency.rawValue]
        if interval != 1 { parts.append("INTERVAL=\(interval)") }
        if !byMonth.isEmpty { parts.append("BYMONTH=" + byMonth.map(String.init).joined(separator: ",")) }
        if !byMonthDay.isEmpty { parts.append("BYMONTHDAY=" + byMonthDay.map(String.init).joined(separator: ",")) }
        if !byDay.isEmpty { parts.append("BYDAY=" + byDay.map(\.code).joined(separator: ",")) }
        if let count { parts.append("COUNT=\(count)") }
        if let untilText { parts.append("UNTIL=" + untilText) }
        if weekStart != .monday { parts.append("WKST=" + weekStart.code) }
        return parts.joined(separator: ";")
    }

    // MARK: - Pieces

    private static let supportedParts: Set<String> = [
        "FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYMONTH", "WKST",
    ]
    /// RFC 5545 and RFC 7529 parts we know but do not compute.
    private static let knownUnsupportedParts: Set<String> = [
        "BYSECOND", "BYMINUTE", "BYHOUR", "BYWEEKNO", "BYYEARDAY", "BYSETPOS", "RSCALE", "SKIP",
    ]

    /// A decimal integer with an optional sign ("+1" is RFC 5545's way of writing 1).
    private static func integer(_ text: String, part: String) throws(RecurrenceError) -> Int {
        let digits = text.first == "+" || text.first == "-" ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let value = Int(text)
        else { throw .invalidValue(part: part, value: text) }
        return value
    }

    private static func integers(_ text: String?, part: String) throws(RecurrenceError) -> [Int] {
        guard let text else { return [] }
        var result: [Int] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            result.append(try integer(String(item), part: part))
        }
        return result
    }

    /// "MO", "2TU", "+2TU", "-1FR".
    private static func weekdayRule(_ text: String) throws(RecurrenceError) -> WeekdayRule {
        guard text.count >= 2, let weekday = Weekday(code: String(text.suffix(2))) else {
            throw .invalidValue(part: "BYDAY", value: text)
        }
        let prefix = String(text.dropLast(2))
        guard !prefix.isEmpty else { return WeekdayRule(weekday) }
        guard let ordinal = try? integer(prefix, part: "BYDAY") else { throw .invalidValue(part: "BYDAY", value: text) }
        return WeekdayRule(weekday, ordinal: ordinal)
    }

    /// "20260630T215959Z" (RFC 5545 wants UNTIL in UTC when the start has a time zone).
    private static func utcDateTime(_ text: String) throws(RecurrenceError) -> Date {
        let bytes = Array(text.utf8)
        let digitPositions = [0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14]
        guard bytes.count == 16, bytes[8] == UInt8(ascii: "T"), bytes[15] == UInt8(ascii: "Z"),
            digitPositions.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[$0]) })
        else { throw .invalidValue(part: "UNTIL", value: text) }
        func number(_ from: Int, _ length: Int) -> Int {
            bytes[from..<from + length].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        }
        let (hour, minute, second) = (number(9, 2), number(11, 2), number(13, 2))
        guard let day = CalendarDay(year: number(0, 4), month: number(4, 2), day: number(6, 2)),
            hour < 24, minute < 60, second < 60
        else { throw .invalidValue(part: "UNTIL", value: text) }
        let seconds = day.daysSinceEpoch * 86_400 + hour * 3600 + minute * 60 + second
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    static func utcText(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let (days, secondOfDay) = RecurrenceExpansion.floorDivide(seconds, 86_400)
        let day = CalendarDay(daysSinceEpoch: days)
        return day.isoString.replacingOccurrences(of: "-", with: "") + "T" + CalendarDay.pad(secondOfDay / 3600, 2)
            + CalendarDay.pad(secondOfDay % 3600 / 60, 2) + CalendarDay.pad(secondOfDay % 60, 2) + "Z"
    }
}
