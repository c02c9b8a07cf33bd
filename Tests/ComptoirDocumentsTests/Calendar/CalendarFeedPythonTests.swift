import ComptoirCore
import Foundation
import Testing

@testable import ComptoirDocuments

/// Our feeds read back by Python's `icalendar` (and `dateutil`, which it depends on, for the RRULEs).
@Suite struct CalendarFeedPythonTests {
    typealias F = CalendarFixture

    /// The series of the feed, each with the range it is expanded over.
    func seriesUnderTest() throws -> [(uid: String, series: RecurrenceSeries, from: Date, to: Date)] {
        func series(_ rule: String, _ start: Date, _ hours: Double, exceptions: Set<Date> = []) throws -> RecurrenceSeries {
            RecurrenceSeries(start: start, duration: hours * 3600, rule: try RecurrenceRule(parsing: rule), exceptions: exceptions)
        }
        return [
            ("formation@comptoir", try F.formation(), F.paris(2026, 5, 1, 0), F.paris(2026, 8, 1, 0)),
            // Crosses both clock changes of 2026.
            (
                "comite@comptoir", try series("FREQ=MONTHLY;BYDAY=2TU;COUNT=10", F.paris(2026, 1, 13, 10), 1.5), F.paris(2026, 1, 1, 0),
                F.paris(2027, 1, 1, 0)
            ),
            // 02:30 does not exist on 29 March 2026; the 28th is deleted.
            (
                "nuit@comptoir",
                try series("FREQ=DAILY;COUNT=5", F.paris(2026, 3, 27, 2, 30), 0.5, exceptions: [F.paris(2026, 3, 28, 2, 30)]),
                F.paris(2026, 3, 1, 0), F.paris(2026, 4, 30, 0)
            ),
            (
                "bilan@comptoir", try series("FREQ=MONTHLY;BYMONTHDAY=-1;UNTIL=20261231T235959Z", F.paris(2026, 1, 31, 17), 1),
                F.paris(2026, 1, 1, 0), F.paris(2027, 6, 1, 0)
            ),
            (
                "vendredi@comptoir", try series("FREQ=MONTHLY;BYDAY=5FR", F.paris(2026, 1, 30, 14), 2), F.paris(2026, 1, 1, 0),
                F.paris(2028, 1, 1, 0)
            ),
            (
                "bissextile@comptoir", try series("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", F.paris(2028, 2, 29, 12), 1),
                F.paris(2028, 1, 1, 0), F.paris(2045, 1, 1, 0)
            ),
            (
                "quinzaine@comptoir", try series("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;WKST=SU", F.paris(2026, 3, 3, 9), 1),
                F.paris(2026, 3, 1, 0), F.paris(2026, 12, 1, 0)
            ),
            // Unbounded, looked at thirty years ahead.
            (
                "lundi@comptoir", try series("FREQ=WEEKLY;BYDAY=MO", F.paris(2026, 1, 5, 9), 1), F.paris(2056, 3, 1, 0),
                F.paris(2056, 11, 1, 0)
            ),
        ]
    }

    @Test(.enabled(if: CalendarPythonChecker.available("icalendar")))
    func icalendarReadsTheFeedAndExpandsTheSameOccurrences() throws {
        // setup
        let all = try seriesUnderTest()
        var events: [CalendarEvent] = [F.appointment, F.fair]
        for entry in all {
            let template = CalendarEvent(
                uid: entry.uid, summary: "Série " + entry.uid, timing: .timed(start: .distantPast, end: .distantPast))
            events += CalendarEvent.events(for: entry.series, like: template)
        }
        let feed = CalendarFeed(name: "Agenda; équipe", events: events).serialized(now: F.now)
        let ranges = Dictionary(
            uniqueKeysWithValues: all.map { ($0.uid, [Int($0.from.timeIntervalSince1970), Int($0.to.timeIntervalSince1970)]) })
        let rangesJSON = String(decoding: try JSONEncoder().encode(ranges), as: UTF8.self)
        // act
        let output = try CalendarPythonChecker.run(Self.script(rangesJSON: rangesJSON), input: Data(feed.utf8))
        let read = try JSONDecoder().decode(ReadBack.self, from: Data(output.utf8))
        // validate
        #expect(read.name == "Agenda; équipe")
        #expect(read.timeZoneMatches == [true], "our VTIMEZONE gives other offsets than the tz database (icalendar \(read.version))")
        #expect(
            read.singles["interaction-1b2c@comptoir"] == [
                "2026-03-30T12:30:00Z", "2026-03-30T14:00:00Z", "RDV signature; devis n° 42, Lefèvre & Associés",
            ])
        #expect(read.singles["interaction-9d8e@comptoir"] == ["2026-09-24", "2026-09-26", "Salon des entrepreneurs"])
        for entry in all {
            let expected = entry.series.occurrences(from: entry.from, to: entry.to).map {
                [Self.utc($0.originalStart), Self.utc($0.start), Self.utc($0.end), $0.isOverride ? "moved" : "-"]
            }
            #expect(!expected.isEmpty)
            #expect(read.series[entry.uid] == expected, "\(entry.uid)")
        }
    }

    struct ReadBack: Decodable {
        var version: String
        var name: String
        var timeZoneMatches: [Bool]
        var singles: [String: [String]]
        var series: [String: [[String]]]
    }

    static func utc(_ date: Date) -> String { date.formatted(.iso8601) }

    /// Expands each master's RRULE with dateutil, drops its EXDATEs and puts edited occurrences (RECURRENCE-ID) in place.
    ///
    /// EXDATE and RECURRENCE-ID are matched to occurrences by instant, as RFC 5545 means them. The VTIMEZONE is
    /// checked by building a zone from our definition alone and comparing its offsets with the tz database's.
    static func script(rangesJSON: String) -> String {
        """
        import sys, json
        from datetime import datetime, timezone, timedelta
        from zoneinfo import ZoneInfo
        import icalendar
        from dateutil.rrule import rrulestr

        ranges = json.loads('\(rangesJSON)')
        cal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
        def utc(d): return d.astimezone(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')

        paris = ZoneInfo('Europe/Paris')
        built = [c for c in cal.walk('VTIMEZONE') if str(c['TZID']) == 'Europe/Paris'][0].to_tz(lookup_tzid=False)
        matches = []
        for year in (1996, 2026, 2027, 2038, 2056):
            for day in range(1, 366, 3):
                for hour in (0, 1, 2):
                    t = datetime(year, 1, 1, hour, tzinfo=timezone.utc) + timedelta(days=day)
                    matches.append(t.astimezone(built).utcoffset() == t.astimezone(paris).utcoffset())
        matches = [all(matches)]

        masters, moved, singles = {}, {}, {}
        for ev in cal.walk('VEVENT'):
            uid = str(ev['UID'])
            if 'RECURRENCE-ID' in ev:
                moved.setdefault(uid, {})[ev['RECURRENCE-ID'].dt.timestamp()] = ev
            elif 'RRULE' in ev:
                masters[uid] = ev
            else:
                s, e = ev['DTSTART'].dt, ev['DTEND'].dt
                text = (lambda d: utc(d) if isinstance(d, datetime) else d.isoformat())
                singles[uid] = [text(s), text(e), str(ev['SUMMARY'])]

        series = {}
        for uid, ev in masters.items():
            lo, hi = (datetime.fromtimestamp(t, timezone.utc) for t in ranges[uid])
            start, end = ev['DTSTART'].dt, ev['DTEND'].dt
            rule = rrulestr(ev['RRULE'].to_ical().decode(), dtstart=start)
            ex = ev.get('EXDATE', [])
            ex = ex if isinstance(ex, list) else [ex]
            exdates = {d.dt.timestamp() for e in ex for d in e.dts}
            edits = moved.get(uid, {})
            found = []
            for s in rule.between(lo - timedelta(days=400), hi + timedelta(days=400), inc=True):
                if s.timestamp() in exdates: continue
                edit = edits.get(s.timestamp())
                # Each occurrence lasts the master's exact duration (RFC 5545 §3.8.5.3), in seconds, not wall time.
                length = end.timestamp() - start.timestamp()
                ns, ne = (edit['DTSTART'].dt, edit['DTEND'].dt) if edit else (s, datetime.fromtimestamp(s.timestamp() + length, timezone.utc))
                if ns < hi and (ns >= lo or ne > lo):
                    found.append([utc(s), utc(ns), utc(ne), 'moved' if edit else '-'])
            found.sort(key=lambda o: (o[1], o[0]))
            series[uid] = found

        print(json.dumps({'version': icalendar.__version__, 'name': str(cal['X-WR-CALNAME']),
                          'timeZoneMatches': matches, 'singles': singles, 'series': series}))
        """
    }
}
