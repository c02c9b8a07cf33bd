import ComptoirCore
import Foundation
import Testing

@testable import ComptoirDocuments

@Suite struct CalendarFeedTests {
    typealias F = CalendarFixture

    @Test func writesASmallFeedExactly() throws {
        // setup
        let feed = CalendarFeed(
            name: "Agenda de Jeanne d'Arc; équipe Bordeaux, Arcachon",
            events: [F.appointment] + (try F.formationEvents()) + [F.fair])
        // act
        let text = feed.serialized(now: F.now)
        // validate
        #expect(
            physicalLines(text) == [
                "BEGIN:VCALENDAR",
                "VERSION:2.0",
                "PRODID:-//Comptoir//Comptoir//FR",
                "CALSCALE:GREGORIAN",
                #"X-WR-CALNAME:Agenda de Jeanne d'Arc\; équipe Bordeaux\, Arcachon"#,
                "BEGIN:VTIMEZONE",
                "TZID:Europe/Paris",
                "X-LIC-LOCATION:Europe/Paris",
                "BEGIN:DAYLIGHT",
                "TZOFFSETFROM:+0100",
                "TZOFFSETTO:+0200",
                "TZNAME:CEST",
                "DTSTART:19700329T020000",
                "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
                "END:DAYLIGHT",
                "BEGIN:STANDARD",
                "TZOFFSETFROM:+0200",
                "TZOFFSETTO:+0100",
                "TZNAME:CET",
                "DTSTART:19701025T030000",
                "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
                "END:STANDARD",
                "END:VTIMEZONE",
                "BEGIN:VEVENT",
                "UID:interaction-1b2c@comptoir",
                "DTSTAMP:20260329T013000Z",
                "DTSTART;TZID=Europe/Paris:20260330T143000",
                "DTEND;TZID=Europe/Paris:20260330T160000",
                #"SUMMARY:RDV signature\; devis n° 42\, Lefèvre & Associés"#,
                #"DESCRIPTION:Apporter le Kbis et le relevé d'identité bancaire.\nVérifier"#,
                #"  l'IBAN\; relire les conditions générales."#,
                #"LOCATION:12 rue de la République\, 33120 Arcachon"#,
                "URL:https://crm.exemple.fr/interactions/1b2c",
                "STATUS:CONFIRMED",
                #"CATEGORIES:Vente - 1 - Prise de contact,Assurance\, auto"#,
                "ORGANIZER;CN=Jeanne d'Arc:mailto:jeanne.darc@lefevre-associes.fr",
                #"ATTENDEE;CN="Lefèvre, Paul":mailto:paul@exemple.fr"#,
                "ATTENDEE:mailto:accueil@exemple.fr",
                "CREATED:20260320T094640Z",
                "LAST-MODIFIED:20260326T044000Z",
                "END:VEVENT",
                "BEGIN:VEVENT",
                "UID:interaction-7f3a@comptoir",
                "DTSTAMP:20260329T013000Z",
                "DTSTART;TZID=Europe/Paris:20260601T090000",
                "DTEND;TZID=Europe/Paris:20260601T120000",
                "RRULE:FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20260630T215959Z",
                "EXDATE;TZID=Europe/Paris:20260610T090000",
                "SUMMARY:Formation HTML",
                "LOCATION:Local 321",
                "CATEGORIES:Formation",
                "END:VEVENT",
                "BEGIN:VEVENT",
                "UID:interaction-7f3a@comptoir",
                "DTSTAMP:20260329T013000Z",
                "DTSTART;TZID=Europe/Paris:20260617T140000",
                "DTEND;TZID=Europe/Paris:20260617T170000",
                "RECURRENCE-ID;TZID=Europe/Paris:20260617T090000",
                "SUMMARY:Formation HTML",
                "LOCATION:Local 321",
                "CATEGORIES:Formation",
                "END:VEVENT",
                "BEGIN:VEVENT",
                "UID:interaction-9d8e@comptoir",
                "DTSTAMP:20260329T013000Z",
                "DTSTART;VALUE=DATE:20260924",
                "DTEND;VALUE=DATE:20260926",
                "SUMMARY:Salon des entrepreneurs",
                "STATUS:TENTATIVE",
                "END:VEVENT",
                "END:VCALENDAR",
            ])
        #expect(text.hasSuffix("END:VCALENDAR\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    }

    @Test func foldsLongLinesAt75OctetsWithoutSplittingCharacters() throws {
        // setup: a summary of 120 « é » (240 octets).
        var event = F.appointment
        event.summary = String(repeating: "é", count: 120)
        // act
        let text = CalendarFeed(name: "Agenda", events: [event]).serialized(now: F.now)
        // validate
        let lines = physicalLines(text)
        #expect(lines.allSatisfy { $0.utf8.count <= 75 })
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
        #expect(physicalLines(unfolded).contains("SUMMARY:" + String(repeating: "é", count: 120)))
    }

    @Test func allDayRecurringEventsUseDates() throws {
        // setup: a yearly all-day review on 1 February, two deleted years, one moved to the 3rd.
        let rule = try RecurrenceRule(parsing: "FREQ=YEARLY;UNTIL=20301231T225959Z")
        let start = CalendarDay(year: 2027, month: 2, day: 1)!.startDate()
        let series = RecurrenceSeries(
            start: start, duration: 86_400, rule: rule,
            exceptions: [CalendarDay(year: 2029, month: 2, day: 1)!.startDate()],
            overrides: [
                CalendarDay(year: 2028, month: 2, day: 1)!.startDate():
                    .init(start: CalendarDay(year: 2028, month: 2, day: 3)!.startDate(), duration: 86_400)
            ])
        let template = CalendarEvent(
            uid: "revue@comptoir", summary: "Revue annuelle",
            timing: .allDay(first: CalendarDay(year: 2000, month: 1, day: 1)!, last: CalendarDay(year: 2000, month: 1, day: 1)!))
        // act
        let events = CalendarEvent.events(for: series, like: template)
        let text = CalendarFeed(name: "Revues", events: events).serialized(now: F.now)
        // validate
        let lines = physicalLines(text)
        #expect(!lines.contains("BEGIN:VTIMEZONE"))  // no local times to describe
        #expect(
            lines.filter { $0.hasPrefix("DT") || $0.hasPrefix("RRULE") || $0.hasPrefix("EXDATE") || $0.hasPrefix("RECURRENCE-ID") } == [
                "DTSTAMP:20260329T013000Z",
                "DTSTART;VALUE=DATE:20270201",
                "DTEND;VALUE=DATE:20270202",
                "RRULE:FREQ=YEARLY;UNTIL=20301231",
                "EXDATE;VALUE=DATE:20290201",
                "DTSTAMP:20260329T013000Z",
                "DTSTART;VALUE=DATE:20280203",
                "DTEND;VALUE=DATE:20280204",
                "RECURRENCE-ID;VALUE=DATE:20280201",
            ])
    }

    @Test func otherTimeZones() throws {
        // setup: the same meeting in London (EU rules, other offsets), La Réunion (no DST) and New York (other rules).
        func meeting(_ zone: String) -> CalendarEvent {
            CalendarEvent(
                uid: zone, summary: "Point", timing: .timed(start: F.paris(2026, 6, 1, 10), end: F.paris(2026, 6, 1, 11)),
                timeZone: TimeZone(identifier: zone)!)
        }
        // act
        let text = CalendarFeed(name: "Zones", events: ["Indian/Reunion", "America/New_York", "Europe/London"].map(meeting))
            .serialized(now: F.now)
        // validate
        let lines = physicalLines(text)
        #expect(lines.contains("DTSTART;TZID=Indian/Reunion:20260601T120000"))
        #expect(lines.contains("DTSTART;TZID=Europe/London:20260601T090000"))
        #expect(lines.contains("DTSTART:20260601T080000Z"))  // New York: written in UTC
        #expect(lines.filter { $0.hasPrefix("TZID:") } == ["TZID:Europe/London", "TZID:Indian/Reunion"])
        let london = Array(lines.drop(while: { $0 != "TZID:Europe/London" }).prefix(17))
        #expect(
            london.filter { $0.hasPrefix("TZ") || $0.hasPrefix("DTSTART") } == [
                "TZID:Europe/London", "TZOFFSETFROM:+0000", "TZOFFSETTO:+0100", "TZNAME:BST", "DTSTART:19700329T010000",
                "TZOFFSETFROM:+0100", "TZOFFSETTO:+0000", "TZNAME:GMT", "DTSTART:19701025T020000",
            ])
        let reunion = Array(lines.drop(while: { $0 != "TZID:Indian/Reunion" }).prefix(8))
        #expect(
            reunion == [
                "TZID:Indian/Reunion", "X-LIC-LOCATION:Indian/Reunion", "BEGIN:STANDARD", "TZOFFSETFROM:+0400",
                "TZOFFSETTO:+0400", "DTSTART:19700101T000000", "END:STANDARD", "END:VTIMEZONE",
            ])
    }

    @Test func editsOfNonOccurrencesAreLeftOut() throws {
        // setup: an edit keyed on a Tuesday, which the Monday/Wednesday rule never produces.
        var series = try F.formation()
        series.overrides[F.paris(2026, 6, 2, 9)] = .init(start: F.paris(2026, 6, 2, 15), duration: 3600)
        let template = CalendarEvent(uid: "x", summary: "Formation HTML", timing: .timed(start: .distantPast, end: .distantPast))
        // act
        let events = CalendarEvent.events(for: series, like: template)
        // validate
        #expect(events.map(\.recurrenceID) == [nil, F.paris(2026, 6, 17, 9)])
        #expect(events[0].exceptionDates == [F.paris(2026, 6, 10, 9)])
        #expect(events[0].timing == .timed(start: F.paris(2026, 6, 1, 9), end: F.paris(2026, 6, 1, 12)))
        #expect(events[1].timing == .timed(start: F.paris(2026, 6, 17, 14), end: F.paris(2026, 6, 17, 17)))
        #expect(events[1].rrule == nil)
    }
}

@Suite struct CalendarPeopleTests {
    @Test func namesAreQuotedOrCleanedAsParametersAllow() {
        // setup: a double quote and a line break cannot appear in a parameter value.
        var event = CalendarFixture.fair
        event.organizer = .init(name: "Jeanne \"La Pucelle\"\r\nd'Arc", email: " jeanne@exemple.fr\n")
        event.attendees = [.init(name: "SARL Dupont: direction", email: "direction@dupont.fr")]
        // act
        let lines = physicalLines(CalendarFeed(name: "Agenda", events: [event]).serialized(now: CalendarFixture.now))
        // validate
        #expect(lines.contains("ORGANIZER;CN=Jeanne La Pucelle d'Arc:mailto:jeanne@exemple.fr"))
        #expect(lines.contains(#"ATTENDEE;CN="SARL Dupont: direction":mailto:direction@dupont.fr"#))
    }
}
