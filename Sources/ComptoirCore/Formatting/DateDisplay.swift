import Foundation

extension TimeZone {
    /// Europe/Paris, the users' time zone and the default for display (UTC+1 if the system lacks tzdata).
    public static let paris: TimeZone = TimeZone(identifier: "Europe/Paris") ?? TimeZone(secondsFromGMT: 3600)!
}

/// Formats instants for screens and documents, day first ("dd/MM/yyyy HH:mm"), in an explicit time zone.
///
/// Components are computed by hand from the zone's UTC offset: no shared DateFormatter, so it is
/// thread-safe and fast. Callers pass the date (from the injected clock); nothing here reads the time.
public enum DateDisplay {
    /// "29/03/2026".
    public static func date(_ date: Date, locale: DisplayLocale = .fr, in timeZone: TimeZone = .paris) -> String {
        LocalTime(date, in: timeZone).day.formatted(locale: locale)
    }

    /// "29/03/2026 03:30".
    public static func dateTime(_ date: Date, locale: DisplayLocale = .fr, in timeZone: TimeZone = .paris) -> String {
        let local = LocalTime(date, in: timeZone)
        return local.day.formatted(locale: locale) + " " + local.hourMinute
    }

    /// "03:30" (24-hour clock in both locales).
    public static func time(_ date: Date, locale: DisplayLocale = .fr, in timeZone: TimeZone = .paris) -> String {
        LocalTime(date, in: timeZone).hourMinute
    }

    /// Parses "dd/mm/yyyy" or "yyyy-mm-dd" into a calendar day; nil if malformed or impossible.
    public static func parseDay(_ text: String) -> CalendarDay? {
        CalendarDay(parsing: text)
    }
}

/// Wall-clock components of an instant in a time zone (internal).
struct LocalTime {
    let day: CalendarDay
    let hour: Int
    let minute: Int
    let second: Int

    init(_ date: Date, in timeZone: TimeZone) {
        let utcSeconds = Int(date.timeIntervalSince1970.rounded(.down))
        let local = utcSeconds + timeZone.secondsFromGMT(for: date)
        let (days, secondsOfDay) = Self.floorDivide(local, 86_400)
        day = CalendarDay(daysSinceEpoch: days)
        hour = secondsOfDay / 3600
        minute = secondsOfDay % 3600 / 60
        second = secondsOfDay % 60
    }

    var hourMinute: String { CalendarDay.pad(hour, 2) + ":" + CalendarDay.pad(minute, 2) }

    private static func floorDivide(_ value: Int, _ divisor: Int) -> (Int, Int) {
        let quotient = value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
        return (quotient, value - quotient * divisor)
    }
}
