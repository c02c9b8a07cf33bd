import Foundation

/// A day in the proleptic Gregorian calendar, without time or zone (due dates, birth dates, validity dates).
public struct CalendarDay: Sendable, Hashable, Comparable {
    /// The year, 1…9999.
    public let year: Int
    /// The month, 1…12.
    public let month: Int
    /// The day of the month, 1…28/29/30/31.
    public let day: Int

    /// A validated day; nil for impossible dates such as 29/02/2026 or 31/04/2026.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...Self.daysInMonth(month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses "dd/mm/yyyy" (also with "." or "-", one-digit day or month allowed) or ISO "yyyy-mm-dd".
    public init?(parsing text: String) {
        // Three runs of ASCII digits (at most 4 each) between one kind of separator: "12/03-2026" is a typo, not a date.
        var numbers = (0, 0, 0), lengths = (0, 0, 0)
        var part = 0
        var separator: UInt8?
        for byte in text.fastTrimmed.utf8 {
            switch byte {
            case 0x30...0x39:
                let digit = Int(byte - 0x30)
                switch part {
                case 0: numbers.0 = numbers.0 * 10 + digit; lengths.0 += 1
                case 1: numbers.1 = numbers.1 * 10 + digit; lengths.1 += 1
                default: numbers.2 = numbers.2 * 10 + digit; lengths.2 += 1
                }
                if max(lengths.0, lengths.1, lengths.2) > 4 { return nil }
            case UInt8(ascii: "/"), UInt8(ascii: "."), UInt8(ascii: "-"):
                if let separator, separator != byte { return nil }
                separator = byte
                part += 1
                if part > 2 { return nil }
            default:
                return nil
            }
        }
        guard part == 2, lengths.0 > 0, lengths.1 > 0, lengths.2 > 0 else { return nil }
        if lengths.0 == 4, separator == UInt8(ascii: "-"), lengths.1 == 2, lengths.2 == 2 {
            self.init(year: numbers.0, month: numbers.1, day: numbers.2)
        } else if lengths.0 <= 2, lengths.1 <= 2, lengths.2 == 4 {
            self.init(year: numbers.2, month: numbers.1, day: numbers.0)
        } else {
            return nil
        }
    }

    /// The day `date` falls on in `timeZone` (Europe/Paris by default).
    public init(_ date: Date, in timeZone: TimeZone = .paris) {
        let local = LocalTime(date, in: timeZone)
        self = local.day
    }

    /// "2026-02-28".
    public var isoString: String {
        "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))"
    }

    /// "28/02/2026" (day first in both locales: our users are French businesses).
    public func formatted(locale: DisplayLocale = .fr) -> String {
        "\(Self.pad(day, 2))/\(Self.pad(month, 2))/\(Self.pad(year, 4))"
    }

    /// The ISO weekday: 1 = Monday … 7 = Sunday.
    public var weekday: Int {
        // 1970-01-01 was a Thursday (ISO 4).
        let days = daysSinceEpoch
        return ((days % 7) + 7 + 3) % 7 + 1
    }

    /// The day `days` later (or earlier when negative).
    public func adding(days: Int) -> CalendarDay {
        Self(daysSinceEpoch: daysSinceEpoch + days)
    }

    /// The same day `months` later, clamped to the month's end (31/01 + 1 month = 28/02 or 29/02).
    public func adding(months: Int) -> CalendarDay {
        let total = min(max(year * 12 + (month - 1) + months, 12), 9999 * 12 + 11)
        let newYear = total / 12
        let newMonth = total % 12 + 1
        let newDay = min(day, Self.daysInMonth(newMonth, year: newYear))
        return CalendarDay(uncheckedYear: newYear, month: newMonth, day: newDay)
    }

    /// The number of days from `self` to `other` (positive when `other` is later).
    public func days(to other: CalendarDay) -> Int {
        other.daysSinceEpoch - daysSinceEpoch
    }

    /// The instant this day starts in `timeZone` (midnight, or the first instant after a DST gap).
    public func startDate(in timeZone: TimeZone = .paris) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let components = DateComponents(year: year, month: month, day: day)
        if let date = calendar.date(from: components) { return calendar.startOfDay(for: date) }
        // Unreachable for valid days; fall back to UTC midnight.
        return Date(timeIntervalSince1970: TimeInterval(daysSinceEpoch) * 86_400)
    }

    /// Whether `year` is a Gregorian leap year.
    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// The number of days in `month` of `year`.
    public static func daysInMonth(_ month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Chronological order.
    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    // MARK: - Day numbers (H. Hinnant's civil-from-days algorithms)

    init(uncheckedYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Days since 1970-01-01.
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthIndex = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The day `days` after 1970-01-01 (proleptic Gregorian).
    public init(daysSinceEpoch days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        self.init(uncheckedYear: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }

    /// `value` in decimal, left-padded with zeros to `width` digits.
    public static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}

extension CalendarDay: Codable {
    /// Decodes an ISO "yyyy-mm-dd" string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard text.count == 10, let day = CalendarDay(parsing: text), day.isoString == text else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "Not an ISO date (yyyy-mm-dd): \(text)")
        }
        self = day
    }

    /// Encodes as an ISO "yyyy-mm-dd" string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(isoString)
    }
}

extension CalendarDay: CustomStringConvertible {
    /// The ISO form, "2026-02-28".
    public var description: String { isoString }
}
