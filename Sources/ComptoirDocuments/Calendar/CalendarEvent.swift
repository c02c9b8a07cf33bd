import ComptoirCore
import Foundation

/// One VEVENT of an agenda feed: a single interaction, a recurring series' master, or one edited occurrence of it.
public struct CalendarEvent: Sendable, Hashable {
    /// The stable identifier shared by a series' master and its edited occurrences (UID).
    public var uid: String
    /// The title (SUMMARY).
    public var summary: String
    /// Free text (DESCRIPTION); left out when empty.
    public var description: String
    /// Where it happens (LOCATION); left out when empty.
    public var location: String
    /// When it happens.
    public var timing: Timing
    /// When it was created (CREATED).
    public var created: Date?
    /// When it was last changed (LAST-MODIFIED).
    public var lastModified: Date?
    /// Tentative, confirmed or cancelled (STATUS).
    public var status: Status?
    /// Labels such as the interaction type (CATEGORIES).
    public var categories: [String]
    /// Who organises it (ORGANIZER).
    public var organizer: Person?
    /// Who takes part (ATTENDEE).
    public var attendees: [Person]
    /// A link back to the interaction in Comptoir (URL).
    public var url: String?
    /// The repetition, for a series' master (RRULE).
    public var rrule: RecurrenceRule?
    /// Original starts of deleted occurrences, for a series' master (EXDATE).
    public var exceptionDates: [Date]
    /// The original start of the occurrence this event replaces (RECURRENCE-ID); same UID as the master.
    public var recurrenceID: Date?
    /// The zone local times are written in (Europe/Paris by default).
    public var timeZone: TimeZone

    /// An event; only `uid`, `summary` and `timing` are required.
    public init(
        uid: String, summary: String, description: String = "", location: String = "", timing: Timing,
        created: Date? = nil, lastModified: Date? = nil, status: Status? = nil, categories: [String] = [],
        organizer: Person? = nil, attendees: [Person] = [], url: String? = nil, rrule: RecurrenceRule? = nil,
        exceptionDates: [Date] = [], recurrenceID: Date? = nil, timeZone: TimeZone = .paris
    ) {
        self.uid = uid
        self.summary = summary
        self.description = description
        self.location = location
        self.timing = timing
        self.created = created
        self.lastModified = lastModified
        self.status = status
        self.categories = categories
        self.organizer = organizer
        self.attendees = attendees
        self.url = url
        self.rrule = rrule
        self.exceptionDates = exceptionDates
        self.recurrenceID = recurrenceID
        self.timeZone = timeZone
    }

    /// When an event happens: a span of time, or whole days.
    public enum Timing: Sendable, Hashable {
        /// From `start` to `end` (exclusive), written in the event's time zone.
        case timed(start: Date, end: Date)
        /// Whole days, `first` through `last` inclusive, the same in every time zone.
        case allDay(first: CalendarDay, last: CalendarDay)
    }

    /// The STATUS values of a VEVENT.
    public enum Status: String, Sendable, Hashable, CaseIterable {
        case tentative = "TENTATIVE"
        case confirmed = "CONFIRMED"
        case cancelled = "CANCELLED"
    }

    /// An organiser or attendee: a display name and an e-mail address.
    public struct Person: Sendable, Hashable {
        /// The display name (CN); may be empty.
        public var name: String
        /// The e-mail address, written as a mailto: URI.
        public var email: String

        /// A person with a name and an e-mail address.
        public init(name: String, email: String) {
            self.name = name
            self.email = email
        }
    }
}

extension CalendarEvent {
    /// The VEVENTs of a recurring series: the master (RRULE, EXDATE), then one per edited occurrence (RECURRENCE-ID).
    ///
    /// `template` gives the UID and the texts; its timing only says whether the series is all-day. Edits of
    /// occurrences the rule does not produce, or that were deleted, are left out, as the agenda leaves them out.
    public static func events(for series: RecurrenceSeries, like template: CalendarEvent) -> [CalendarEvent] {
        let allDay: Bool
        if case .allDay = template.timing { allDay = true } else { allDay = false }
        func timing(_ start: Date, _ duration: TimeInterval) -> Timing {
            let end = start.addingTimeInterval(max(0, duration))
            guard allDay else { return .timed(start: start, end: end) }
            let first = CalendarDay(start, in: series.timeZone)
            // The last day is the one holding the last instant before the end.
            let last = max(first, CalendarDay(end.addingTimeInterval(-1), in: series.timeZone))
            return .allDay(first: first, last: last)
        }
        var master = template
        master.timing = timing(series.start, series.duration)
        master.rrule = series.rule
        master.exceptionDates = series.exceptions.sorted()
        master.recurrenceID = nil
        master.timeZone = series.timeZone
        var events = [master]
        for (original, edit) in series.overrides.sorted(by: { $0.key < $1.key }) where series.occurrence(at: original) {
            var event = master
            event.timing = timing(edit.start, edit.duration)
            event.rrule = nil
            event.exceptionDates = []
            event.recurrenceID = original
            events.append(event)
        }
        return events
    }
}
