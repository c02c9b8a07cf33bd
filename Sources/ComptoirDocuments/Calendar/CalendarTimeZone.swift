import ComptoirCore
import Foundation

/// How a feed writes the times of one time zone: a VTIMEZONE and local times, or UTC.
///
/// Foundation does not expose a zone's rules, so we recognise the two shapes French users meet: the EU rule
/// (summer time from the last Sunday of March to the last Sunday of October, changing at 01:00 UTC: Paris,
/// Brussels, London, Lisbon…) and zones without daylight saving time (La Réunion, Guadeloupe, Nouméa…).
/// Any other zone is written in UTC, which every reader understands (recurring events there then keep the
/// UTC time of day rather than the local one).
enum CalendarTimeZone: Hashable {
    case european(identifier: String, standard: Int, daylight: Int)
    case fixed(identifier: String, offset: Int)
    case utc

    /// How to write `timeZone`, judged on its behaviour in `year`.
    init(_ timeZone: TimeZone, year: Int) {
        func offset(_ date: Date) -> Int { timeZone.secondsFromGMT(for: date) }
        let january = Self.utcDate(year, 1, 15), july = Self.utcDate(year, 7, 15)
        let standard = offset(january)
        let daylight = offset(july)
        let identifier = timeZone.identifier
        if standard == daylight, [4, 10].allSatisfy({ offset(Self.utcDate(year, $0, 15)) == standard }) {
            let isUTC = standard == 0 && ["GMT", "UTC", "Etc/UTC", "Etc/GMT", "Etc/Universal", "Etc/Zulu"].contains(identifier)
            self = isUTC ? .utc : .fixed(identifier: identifier, offset: standard)
            return
        }
        let spring = Self.euTransition(year, month: 3)
        let autumn = Self.euTransition(year, month: 10)
        if daylight > standard, offset(spring.addingTimeInterval(-1)) == standard, offset(spring) == daylight,
            offset(autumn.addingTimeInterval(-1)) == daylight, offset(autumn) == standard
        {
            self = .european(identifier: identifier, standard: standard, daylight: daylight)
            return
        }
        self = .utc
    }

    /// The TZID to put on local times; nil when times are written in UTC.
    var identifier: String? {
        switch self {
        case .european(let identifier, _, _), .fixed(let identifier, _): identifier
        case .utc: nil
        }
    }

    /// The VTIMEZONE component lines; empty for UTC.
    var lines: [String] {
        switch self {
        case .utc:
            return []
        case .fixed(let identifier, let offset):
            return [
                "BEGIN:VTIMEZONE", "TZID:" + identifier, "X-LIC-LOCATION:" + identifier,
                "BEGIN:STANDARD", "TZOFFSETFROM:" + Self.offsetText(offset), "TZOFFSETTO:" + Self.offsetText(offset),
                "DTSTART:19700101T000000", "END:STANDARD", "END:VTIMEZONE",
            ]
        case .european(let identifier, let standard, let daylight):
            let names = Self.names(identifier: identifier, standard: standard)
            // The change happens at 01:00 UTC: DTSTART is the local time just before it.
            let springLocal = 3600 + standard, autumnLocal = 3600 + daylight
            return [
                "BEGIN:VTIMEZONE", "TZID:" + identifier, "X-LIC-LOCATION:" + identifier,
                "BEGIN:DAYLIGHT", "TZOFFSETFROM:" + Self.offsetText(standard), "TZOFFSETTO:" + Self.offsetText(daylight),
            ] + (names.map { ["TZNAME:" + $0.daylight] } ?? []) + [
                "DTSTART:19700329T" + Self.clockText(springLocal), "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
                "BEGIN:STANDARD", "TZOFFSETFROM:" + Self.offsetText(daylight), "TZOFFSETTO:" + Self.offsetText(standard),
            ] + (names.map { ["TZNAME:" + $0.standard] } ?? []) + [
                "DTSTART:19701025T" + Self.clockText(autumnLocal), "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
                "END:VTIMEZONE",
            ]
        }
    }

    /// `NAME;TZID=Europe/Paris:20260601T090000`, or `NAME:20260601T070000Z` in UTC.
    func dateTimeLine(_ name: String, _ dates: [Date], in timeZone: TimeZone) -> String {
        guard let identifier else { return name + ":" + dates.map(VCardWriter.timestamp).joined(separator: ",") }
        return name + ";TZID=" + identifier + ":" + dates.map { Self.localText($0, in: timeZone) }.joined(separator: ",")
    }

    // MARK: - Text

    /// The wall-clock time of `date` in `timeZone`, "20260601T090000" (to the second).
    static func localText(_ date: Date, in timeZone: TimeZone) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + timeZone.secondsFromGMT(for: date)
        let secondOfDay = (seconds % 86_400 + 86_400) % 86_400
        return dateText(CalendarDay(date, in: timeZone)) + "T" + clockText(secondOfDay)
    }

    /// "20260601".
    static func dateText(_ day: CalendarDay) -> String {
        VCardWriter.pad(day.year, 4) + VCardWriter.pad(day.month, 2) + VCardWriter.pad(day.day, 2)
    }

    /// "090000" for 32,400 seconds after midnight.
    private static func clockText(_ secondOfDay: Int) -> String {
        VCardWriter.pad(secondOfDay / 3600, 2) + VCardWriter.pad(secondOfDay % 3600 / 60, 2) + VCardWriter.pad(secondOfDay % 60, 2)
    }

    /// "+0100", "-0330", "+053045" when seconds are needed.
    private static func offsetText(_ offset: Int) -> String {
        let magnitude = abs(offset)
        let seconds = magnitude % 60 == 0 ? "" : VCardWriter.pad(magnitude % 60, 2)
        return (offset < 0 ? "-" : "+") + VCardWriter.pad(magnitude / 3600, 2) + VCardWriter.pad(magnitude % 3600 / 60, 2) + seconds
    }

    /// The usual abbreviations of EU-rule zones (Foundation on Linux only offers "GMT+1").
    private static func names(identifier: String, standard: Int) -> (standard: String, daylight: String)? {
        switch (identifier, standard) {
        case ("Europe/London", _), ("Europe/Jersey", _), ("Europe/Guernsey", _), ("Europe/Isle_of_Man", _): ("GMT", "BST")
        case ("Europe/Dublin", _): ("GMT", "IST")
        case (_, 0): ("WET", "WEST")
        case (_, 3600): ("CET", "CEST")
        case (_, 7200): ("EET", "EEST")
        default: nil
        }
    }

    // MARK: - Dates

    /// 01:00 UTC on the last Sunday of `month` (March or October) of `year`: when EU clocks change.
    private static func euTransition(_ year: Int, month: Int) -> Date {
        let last = CalendarDay(year: year, month: month, day: 31)!
        let sunday = last.adding(days: -(last.weekday % 7))
        return utcDate(sunday.year, sunday.month, sunday.day).addingTimeInterval(3600)
    }

    private static func utcDate(_ year: Int, _ month: Int, _ day: Int) -> Date {
        CalendarDay(year: year, month: month, day: day)!.startDate(in: VCardWriter.utc)
    }
}
