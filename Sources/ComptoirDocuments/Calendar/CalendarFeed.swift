import ComptoirCore
import Foundation

/// An iCalendar (RFC 5545) agenda feed, as served to the users' calendar applications.
public struct CalendarFeed: Sendable, Hashable {
    /// The calendar's display name (X-WR-CALNAME), e.g. « Agenda de Jeanne d'Arc ».
    public var name: String
    /// The events, written in this order.
    public var events: [CalendarEvent]

    /// A feed named `name` holding `events`.
    public init(name: String, events: [CalendarEvent]) {
        self.name = name
        self.events = events
    }

    /// The feed as iCalendar text: CRLF line endings, escaped text, lines folded at 75 octets.
    ///
    /// `now` is the DTSTAMP of every event (when the feed was produced) and picks the year whose
    /// daylight-saving rules describe each time zone.
    public func serialized(now: Date) -> String {
        let year = CalendarDay(now, in: VCardWriter.utc).year
        var zones: [TimeZone: CalendarTimeZone] = [:]
        for event in events where zones[event.timeZone] == nil {
            zones[event.timeZone] = CalendarTimeZone(event.timeZone, year: year)
        }
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Comptoir//Comptoir//FR", "CALSCALE:GREGORIAN",
            "X-WR-CALNAME:" + VCardWriter.escape(name),
        ]
        // One VTIMEZONE per zone that timed events are written in, by TZID.
        let usedZones = Set(events.filter(\.isTimed).compactMap { zones[$0.timeZone] }).filter { $0.identifier != nil }
        for zone in usedZones.sorted(by: { ($0.identifier ?? "") < ($1.identifier ?? "") }) {
            lines += zone.lines
        }
        let stamp = VCardWriter.timestamp(now)
        for event in events {
            lines += event.lines(stamp: stamp, zone: zones[event.timeZone] ?? .utc)
        }
        lines.append("END:VCALENDAR")
        return lines.map { VCardWriter.fold($0) + "\r\n" }.joined()
    }
}

extension CalendarEvent {
    var isTimed: Bool {
        if case .timed = timing { return true }
        return false
    }

    /// The VEVENT's content lines, unfolded.
    func lines(stamp: String, zone: CalendarTimeZone) -> [String] {
        var lines = ["BEGIN:VEVENT", "UID:" + VCardWriter.escape(uid), "DTSTAMP:" + stamp]
        switch timing {
        case .timed(let start, let end):
            lines.append(zone.dateTimeLine("DTSTART", [start], in: timeZone))
            lines.append(zone.dateTimeLine("DTEND", [max(start, end)], in: timeZone))
            if let recurrenceID { lines.append(zone.dateTimeLine("RECURRENCE-ID", [recurrenceID], in: timeZone)) }
            if let rrule { lines.append("RRULE:" + rrule.rruleString) }
            let exceptions = Set(exceptionDates).sorted()
            if !exceptions.isEmpty { lines.append(zone.dateTimeLine("EXDATE", exceptions, in: timeZone)) }
        case .allDay(let first, let last):
            // DTEND is exclusive: the day after the last one.
            lines.append("DTSTART;VALUE=DATE:" + CalendarTimeZone.dateText(first))
            lines.append("DTEND;VALUE=DATE:" + CalendarTimeZone.dateText(max(first, last).adding(days: 1)))
            if let recurrenceID { lines.append("RECURRENCE-ID;VALUE=DATE:" + dayText(recurrenceID)) }
            // RFC 5545: with a DATE start, UNTIL is a DATE too.
            if let rrule { lines.append("RRULE:" + rrule.rruleString(untilDateIn: timeZone)) }
            let days = Set(exceptionDates.map { CalendarDay($0, in: timeZone) }).sorted()
            if !days.isEmpty { lines.append("EXDATE;VALUE=DATE:" + days.map(CalendarTimeZone.dateText).joined(separator: ",")) }
        }
        lines.append("SUMMARY:" + VCardWriter.escape(summary))
        if !description.isEmpty { lines.append("DESCRIPTION:" + VCardWriter.escape(description)) }
        if !location.isEmpty { lines.append("LOCATION:" + VCardWriter.escape(location)) }
        if let url, !url.isEmpty { lines.append("URL:" + Self.uriText(url)) }
        if let status { lines.append("STATUS:" + status.rawValue) }
        if !categories.isEmpty { lines.append("CATEGORIES:" + categories.map(VCardWriter.escape).joined(separator: ",")) }
        if let organizer { lines.append(Self.personLine("ORGANIZER", organizer)) }
        for attendee in attendees { lines.append(Self.personLine("ATTENDEE", attendee)) }
        if let created { lines.append("CREATED:" + VCardWriter.timestamp(created)) }
        if let lastModified { lines.append("LAST-MODIFIED:" + VCardWriter.timestamp(lastModified)) }
        lines.append("END:VEVENT")
        return lines
    }

    private func dayText(_ date: Date) -> String {
        CalendarTimeZone.dateText(CalendarDay(date, in: timeZone))
    }

    /// `ATTENDEE;CN="Lefèvre, Jeanne":mailto:jeanne@exemple.fr`.
    private static func personLine(_ name: String, _ person: Person) -> String {
        let parameters = person.name.isEmpty ? [] : ["CN=" + parameterValue(person.name)]
        return VCardWriter.line(name, parameters, "mailto:" + uriText(person.email))
    }

    /// A parameter value: quoted when it holds ":", ";" or ","; double quotes dropped and line breaks made spaces
    /// (RFC 5545 §3.2 has no way to escape them).
    private static func parameterValue(_ text: String) -> String {
        let cleaned = withoutControlCharacters(text, replacement: " ").replacingOccurrences(of: "\"", with: "")
        return cleaned.contains(where: { ":;,".contains($0) }) ? "\"" + cleaned + "\"" : cleaned
    }

    /// A URI value is not TEXT: nothing is escaped, but line breaks and spaces around it cannot stay.
    private static func uriText(_ text: String) -> String {
        withoutControlCharacters(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    private static func withoutControlCharacters(_ text: String, replacement: Unicode.Scalar? = nil) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.properties.generalCategory != .control {
                scalars.append(scalar)
            } else if let replacement, scalars.last != replacement {
                scalars.append(replacement)
            }
        }
        return String(scalars)
    }
}
