import ComptoirCore
import Foundation

/// How a number format shows a serial number: a calendar date, a date and time, or a time of day.
enum XLSXDateKind: Equatable {
    case date
    case dateTime
    case time

    /// What a built-in number format id shows. 14–22 and 45–47 are the dates and times of ECMA-376 §18.8.30;
    /// 46 (`[h]:mm:ss`) is left a number on purpose: it shows a duration, not a moment.
    static func builtIn(_ id: Int) -> XLSXDateKind? {
        switch id {
        case 14...17: .date
        case 22: .dateTime
        case 18...21, 45, 47: .time
        default: nil
        }
    }

    /// What a custom format code shows: date tokens (d, y, m) and time tokens (h, s) counted outside quoted text,
    /// escapes, fill/skip characters and brackets (colours, conditions, locales); `m` next to h or s is minutes.
    static func custom(_ code: String) -> XLSXDateKind? {
        var hasDate = false, hasTime = false, hasM = false, elapsed = false
        var chars = Array(code.lowercased())[...]
        while let c = chars.popFirst() {
            switch c {
            case ";": chars = []  // only the first section (positive numbers) matters
            case "\"": while let next = chars.popFirst(), next != "\"" {}
            case "\\", "_", "*": _ = chars.popFirst()
            case "[":
                var inside = ""
                while let next = chars.popFirst(), next != "]" { inside.append(next) }
                if !inside.isEmpty && inside.allSatisfy({ "hms".contains($0) }) { elapsed = true }
            case "a":
                // AM/PM and A/P: their "m" is not a month.
                if chars.starts(with: "m/pm") { chars = chars.dropFirst(4) } else if chars.starts(with: "/p") { chars = chars.dropFirst(2) }
            case "d", "y": hasDate = true
            case "h", "s": hasTime = true
            case "m": hasM = true
            default: break
            }
        }
        if hasDate || (hasM && !hasTime && !elapsed) { return hasTime ? .dateTime : .date }
        if hasTime && !elapsed { return .time }
        return nil
    }
}

/// Turns stored cell values into the texts the reader yields.
enum XLSXCellText {
    /// A number as a plain decimal: integers as stored, other values with at most 15 significant digits (what Excel
    /// shows, so binary noise such as 0.30000000000000004 reads 0.3) and never in exponent form (1E-3 is 0.001).
    static func number(_ stored: String) -> String {
        let text = stored.trimmingCharacters(in: .whitespaces)
        var digits = text.utf8[...]
        if digits.first == UInt8(ascii: "-") { digits = digits.dropFirst() }
        if !digits.isEmpty && digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            return text == "-0" ? "0" : text
        }
        guard let value = Double(text), value.isFinite else { return stored }
        return plainDecimal(value)
    }

    /// `value` rounded to 15 significant digits, written without exponent and without trailing zeros.
    static func plainDecimal(_ value: Double) -> String {
        if value == 0 { return "0" }
        // "%.14e" gives d.dddddddddddddde±x: 15 significant digits, correctly rounded, and where the point goes.
        let parts = String(format: "%.14e", abs(value)).split(separator: "e")
        guard parts.count == 2, let exponent = Int(parts[1]) else { return String(value) }
        var significant = Array(parts[0].replacingOccurrences(of: ".", with: ""))
        let pointAfter = exponent + 1
        while significant.count > 1 && significant.last == "0" { significant.removeLast() }
        let text: String
        if pointAfter <= 0 {
            text = "0." + String(repeating: "0", count: -pointAfter) + String(significant)
        } else if pointAfter >= significant.count {
            text = String(significant) + String(repeating: "0", count: pointAfter - significant.count)
        } else {
            text = String(significant[..<pointAfter]) + "." + String(significant[pointAfter...])
        }
        return (value < 0 ? "-" : "") + text
    }

    /// A serial date as ISO 8601: `yyyy-MM-dd`, `yyyy-MM-ddTHH:mm:ss` when the format or the value has a time of day
    /// (a value's time is kept even under a date-only format: an import should not lose it),
    /// `HH:mm:ss` for a time format below one day; nil when out of Excel's range (then the number is shown).
    ///
    /// 1900 system: serial 1 is 1900-01-01 and Excel counts a 1900-02-29 that never was (serial 60, read as
    /// 1900-02-28 like openpyxl does), so serials below 61 are shifted by one day. 1904 system: serial 0 is 1904-01-01.
    static func date(serial: Double, kind: XLSXDateKind, date1904: Bool) -> String? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        let seconds = Int((serial * 86_400).rounded())
        var days = seconds / 86_400
        let timeOfDay = seconds % 86_400
        if kind == .time && days == 0 {
            return clock(timeOfDay)
        }
        if date1904 {
            days += daysFromCivil(1904, 1, 1)
        } else {
            days += daysFromCivil(1899, 12, 30) + (days < 60 ? 1 : 0)
        }
        let (year, month, day) = civil(fromDays: days)
        let date = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
        return kind != .date || timeOfDay != 0 ? date + "T" + clock(timeOfDay) : date
    }

    /// The serial number Excel (1900 system) stores for a calendar date, or nil before 1900-01-01.
    static func serial(year: Int, month: Int, day: Int) -> Int? {
        let days = daysFromCivil(year, month, day) - daysFromCivil(1899, 12, 30)
        guard days >= 2 else { return nil }
        return days < 61 ? days - 1 : days
    }

    private static func clock(_ seconds: Int) -> String {
        pad(seconds / 3600, 2) + ":" + pad(seconds / 60 % 60, 2) + ":" + pad(seconds % 60, 2)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    /// Days since 1970-01-01 of a valid calendar date (`CalendarDay` does the arithmetic).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        CalendarDay(year: year, month: month, day: day)!.daysSinceEpoch
    }

    /// The proleptic Gregorian date `days` after 1970-01-01.
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let date = CalendarDay(daysSinceEpoch: days)
        return (date.year, date.month, date.day)
    }

    /// A `t="d"` cell (ISO 8601 text, written by some tools): kept, without a midnight time or a zone suffix.
    static func isoDate(_ stored: String) -> String {
        var text = stored.trimmingCharacters(in: .whitespaces)
        if text.hasSuffix("Z") { text.removeLast() }
        if text.count > 19 { text = String(text.prefix(19)) }
        if text.hasSuffix("T00:00:00") { text = String(text.prefix(10)) }
        return text
    }
}
