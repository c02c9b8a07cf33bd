import ComptoirCore
import Foundation

@testable import ComptoirDocuments

/// Events the calendar tests share.
enum CalendarFixture {
    /// The instant of a wall-clock time in Paris.
    static func paris(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int = 0) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .paris
        return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute))!
    }

    /// 2026-03-29T01:30:00Z, when the feed is produced.
    static let now = Date(timeIntervalSince1970: 1_774_747_800)

    /// « Formation HTML »: Mondays and Wednesdays 09:00–12:00 in June 2026, the 10th deleted, the 17th moved to 14:00–17:00.
    static func formation() throws -> RecurrenceSeries {
        RecurrenceSeries(
            start: paris(2026, 6, 1, 9), duration: 3 * 3600,
            rule: try RecurrenceRule(parsing: "FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20260630T215959Z"),
            exceptions: [paris(2026, 6, 10, 9)],
            overrides: [paris(2026, 6, 17, 9): .init(start: paris(2026, 6, 17, 14), duration: 3 * 3600)])
    }

    /// The master and the moved occurrence of « Formation HTML », in « local 321 ».
    static func formationEvents() throws -> [CalendarEvent] {
        let template = CalendarEvent(
            uid: "interaction-7f3a@comptoir", summary: "Formation HTML", location: "Local 321",
            timing: .timed(start: .distantPast, end: .distantPast), categories: ["Formation"])
        return CalendarEvent.events(for: try formation(), like: template)
    }

    /// A single appointment using every text property.
    static let appointment = CalendarEvent(
        uid: "interaction-1b2c@comptoir", summary: "RDV signature; devis n° 42, Lefèvre & Associés",
        description: "Apporter le Kbis et le relevé d'identité bancaire.\nVérifier l'IBAN; relire les conditions générales.",
        location: "12 rue de la République, 33120 Arcachon",
        timing: .timed(start: paris(2026, 3, 30, 14, 30), end: paris(2026, 3, 30, 16)),
        created: Date(timeIntervalSince1970: 1_774_000_000), lastModified: Date(timeIntervalSince1970: 1_774_500_000),
        status: .confirmed, categories: ["Vente - 1 - Prise de contact", "Assurance, auto"],
        organizer: .init(name: "Jeanne d'Arc", email: "jeanne.darc@lefevre-associes.fr"),
        attendees: [.init(name: "Lefèvre, Paul", email: "paul@exemple.fr"), .init(name: "", email: "accueil@exemple.fr")],
        url: "https://crm.exemple.fr/interactions/1b2c")

    /// A two-day trade fair.
    static let fair = CalendarEvent(
        uid: "interaction-9d8e@comptoir", summary: "Salon des entrepreneurs",
        timing: .allDay(first: CalendarDay(year: 2026, month: 9, day: 24)!, last: CalendarDay(year: 2026, month: 9, day: 25)!),
        status: .tentative)
}
