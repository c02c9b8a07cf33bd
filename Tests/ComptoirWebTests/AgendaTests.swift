import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import SQLKit
import Testing
import Vapor

@testable import ComptoirWeb

@Suite("Recurring interactions, agenda and ICS feeds")
struct AgendaTests {
    static let training = "00000000-0000-4000-a000-000000000108"

    /// The seed's example: « Formation HTML » every Monday and Wednesday from 1 to 30 June, room « Local 321 ».
    static func seedTraining(_ t: TestApp) async throws -> (APIClient, String, String) {
        let admin = try await t.createUser("formateur@example.fr", role: .admin)
        let api = APIClient(app: t.app, token: try await t.token(for: admin))
        let room = try await api.send(.POST, "/api/v1/resources", json: #"{"name":"Local 321","kind":"room","capacity":12}"#)
        guard case .string(let roomID)? = room.json?["id"] else { throw TestFailure("no room") }
        let created = try await api.send(
            .POST, "/api/v1/interactions",
            json: """
                {"typeId":"\(training)","subject":"Formation HTML","startsAt":"2026-06-01T09:00:00+02:00","endsAt":"2026-06-01T12:00:00+02:00",
                 "rrule":"FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20260630T215959Z"}
                """)
        guard case .string(let id)? = created.json?["id"] else { throw TestFailure("no interaction: \(created.body)") }
        return (api, id, roomID)
    }

    struct TestFailure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    static func starts(_ page: Page) -> [String] {
        guard case .array(let items)? = page.json?["items"] else { return [] }
        return items.compactMap { if case .string(let s)? = $0["start"] { s } else { nil } }
    }

    @Test func seedTrainingExpandsToItsNineSessionsAndBooksTheRoom() async throws {
        try await TestApp.run { t in
            let (api, id, roomID) = try await Self.seedTraining(t)
            let agenda = try await api.send(.GET, "/api/v1/agenda?from=2026-06-01&to=2026-07-01")
            #expect(agenda.status == .ok)
            #expect(Self.starts(agenda) == ["01", "03", "08", "10", "15", "17", "22", "24", "29"].map { "2026-06-\($0)T07:00:00Z" })
            // Booking the room books every session; another meeting in the room on a Wednesday morning is refused.
            var (browser, _) = try await t.signedIn(role: .user)
            try await browser.open("/interactions/\(id)")
            #expect(try await browser.post("/interactions/\(id)/resources", ["resources[]": roomID]).status == .seeOther)
            let sql = t.db as! any SQLDatabase
            #expect(try await sql.raw("SELECT COUNT(*) AS n FROM resource_bookings").first()?.decode(column: "n", as: Int.self) == 9)
            let other = try await api.send(
                .POST, "/api/v1/interactions",
                json:
                    "{\"typeId\":\"\(Self.training)\",\"subject\":\"Réunion\",\"startsAt\":\"2026-06-17T10:00:00+02:00\",\"endsAt\":\"2026-06-17T11:00:00+02:00\"}"
            )
            guard case .string(let otherID)? = other.json?["id"] else { Issue.record("no other"); return }
            try await browser.open("/interactions/\(otherID)")
            let refused = try await browser.post("/interactions/\(otherID)/resources", ["resources[]": roomID])
            let refusedPage = try await browser.get(refused.location!)
            #expect(
                refusedPage.body.contains("déjà réservée le 17/06/2026 10:00 par « Formation HTML »"),
                "\(refusedPage.body.components(separatedBy: "<main").last?.prefix(300) ?? "")")
            #expect(try await sql.raw("SELECT COUNT(*) AS n FROM resource_bookings").first()?.decode(column: "n", as: Int.self) == 9)
            // The resource's agenda shows the series.
            let resourceAgenda = try await api.send(.GET, "/api/v1/agenda?from=2026-06-01&to=2026-06-08&resources=\(roomID)")
            #expect(Self.starts(resourceAgenda).count == 2)
            let week = try await browser.get("/agenda?view=week&date=2026-06-03&resources=\(roomID)")
            #expect(week.body.contains("Formation HTML"))
            #expect(week.body.contains("09:00–12:00"))
            let month = try await browser.get("/agenda?view=month&date=2026-06-10&resources=\(roomID)")
            #expect(month.body.components(separatedBy: "Formation HTML").count - 1 == 9)
        }
    }

    @Test func unsupportedRuleIsRefusedWithItsReason() async throws {
        try await TestApp.run { t in
            let user = try await t.createUser("u@example.fr")
            let api = APIClient(app: t.app, token: try await t.token(for: user))
            let refused = try await api.send(
                .POST, "/api/v1/interactions",
                json:
                    "{\"typeId\":\"\(Self.training)\",\"subject\":\"X\",\"startsAt\":\"2026-06-01T09:00:00Z\",\"rrule\":\"FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO\"}"
            )
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("BYSETPOS"))
            let noStart = try await api.send(
                .POST, "/api/v1/interactions", json: "{\"typeId\":\"\(Self.training)\",\"subject\":\"X\",\"rrule\":\"FREQ=DAILY\"}")
            #expect(noStart.status == .unprocessableEntity)
            #expect(try await TableStore.count(InteractionsEntity.definition.tableSpec, filters: [], on: t.db) == 0)
        }
    }

    @Test func skipDetachAndSplitOccurrences() async throws {
        try await TestApp.run { t in
            let (api, id, _) = try await Self.seedTraining(t)
            var (browser, _) = try await t.signedIn(role: .user)
            try await browser.open("/interactions/\(id)")
            // Skip Wednesday 3 June.
            #expect(
                try await browser.post("/interactions/\(id)/occurrences/skip", ["original": "2026-06-03T07:00:00Z"]).status == .seeOther)
            // Move Monday 8 June to the afternoon, alone.
            let detached = try await browser.post("/interactions/\(id)/occurrences/detach", ["original": "2026-06-08T07:00:00Z"])
            let editPath = try #require(detached.location)
            let copyID = String(editPath.split(separator: "/").dropLast().last ?? "")
            let moved = try await api.send(
                .PATCH, "/api/v1/interactions/\(copyID)",
                json:
                    #"{"startsAt":"2026-06-08T14:00:00+02:00","endsAt":"2026-06-08T17:00:00+02:00","subject":"Formation HTML (après-midi)"}"#
            )
            #expect(moved.status == .ok)
            var agenda = try await api.send(.GET, "/api/v1/agenda?from=2026-06-01&to=2026-06-11")
            #expect(Self.starts(agenda) == ["2026-06-01T07:00:00Z", "2026-06-08T12:00:00Z", "2026-06-10T07:00:00Z"])
            #expect(agenda.body.contains("Formation HTML (après-midi)"))
            // A date that is not an occurrence is refused.
            #expect(
                try await browser.post("/interactions/\(id)/occurrences/skip", ["original": "2026-06-02T07:00:00Z"]).status
                    == .unprocessableEntity)
            // From 22 June on, sessions start at 10:00.
            let split = try await browser.post("/interactions/\(id)/occurrences/split", ["original": "2026-06-22T07:00:00Z"])
            let followingID = String((split.location ?? "").split(separator: "/").dropLast().last ?? "")
            #expect(followingID != id)
            let shifted = try await api.send(
                .PATCH, "/api/v1/interactions/\(followingID)",
                json: #"{"startsAt":"2026-06-22T10:00:00+02:00","endsAt":"2026-06-22T13:00:00+02:00"}"#)
            #expect(shifted.status == .ok)
            agenda = try await api.send(.GET, "/api/v1/agenda?from=2026-06-15&to=2026-07-01")
            #expect(
                Self.starts(agenda) == [
                    "2026-06-15T07:00:00Z", "2026-06-17T07:00:00Z", "2026-06-22T08:00:00Z", "2026-06-24T08:00:00Z", "2026-06-29T08:00:00Z",
                ])
        }
    }

    @Test func icsFeedIsReadByAnIndependentParserAndRevocable() async throws {
        try await TestApp.run { t in
            t.clock.set(Date(timeIntervalSince1970: 1_781_510_400))  // 15/06/2026
            let (api, id, _) = try await Self.seedTraining(t)
            var (browser, user) = try await t.signedIn(role: .user, email: "stagiaire@example.fr")
            // The trainee takes part in the series; one session is skipped and one moved.
            try await browser.open("/interactions/\(id)")
            #expect(
                try await browser.post("/interactions/\(id)/participants", ["users[]": user.id!.uuidString.lowercased()]).status
                    == .seeOther)
            #expect(
                try await browser.post("/interactions/\(id)/occurrences/skip", ["original": "2026-06-03T07:00:00Z"]).status == .seeOther)
            let detached = try await browser.post("/interactions/\(id)/occurrences/detach", ["original": "2026-06-10T07:00:00Z"])
            let copyID = String((detached.location ?? "").split(separator: "/").dropLast().last ?? "")
            _ = try await api.send(
                .PATCH, "/api/v1/interactions/\(copyID)",
                json: #"{"startsAt":"2026-06-11T09:00:00+02:00","endsAt":"2026-06-11T12:00:00+02:00"}"#)

            try await browser.open("/agenda/feeds")
            let created = try await browser.post("/agenda/feeds", ["kind": "user"])
            let url = try #require(
                created.body.range(of: "/ics/").map { String(created.body[$0.lowerBound...].prefix(while: { $0 != "<" })) })
            let feed = try await browser.get(url)
            #expect(feed.status == .ok)
            #expect(feed.headers.contentType?.description.hasPrefix("text/calendar") == true)
            #expect(feed.body.contains("RRULE:FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20260630T215959Z"))
            if PythonChecker.available("icalendar") {
                let script = """
                    import sys, icalendar
                    cal = icalendar.Calendar.from_ical(sys.stdin.read())
                    events = [e for e in cal.walk('VEVENT')]
                    master = [e for e in events if 'RRULE' in e][0]
                    print(len(events))
                    print(master.get('SUMMARY'))
                    print(master.decoded('DTSTART').isoformat())
                    exdates = master.get('EXDATE'); exdates = exdates if isinstance(exdates, list) else [exdates]
                    print(sorted(d.dt.isoformat() for x in exdates for d in x.dts))
                    moved = [e for e in events if 'RECURRENCE-ID' in e][0]
                    print(moved.decoded('RECURRENCE-ID').isoformat(), moved.decoded('DTSTART').isoformat())
                    """
                let lines = try PythonChecker.run(script, input: Data(feed.body.utf8)).split(separator: "\n").map(String.init)
                #expect(lines.count == 5)
                #expect(lines.first == "2")
                #expect(lines.dropFirst().first == "Formation HTML")
                #expect(lines.dropFirst(2).first == "2026-06-01T09:00:00+02:00")
                #expect(lines.dropFirst(3).first == "['2026-06-03T09:00:00+02:00']")
                #expect(lines.last == "2026-06-10T09:00:00+02:00 2026-06-11T09:00:00+02:00")
            }
            // Revoked: gone.
            let feedID = try #require(
                try await (t.db as! any SQLDatabase).raw("SELECT id FROM calendar_feeds").first()?.decode(column: "id", as: UUID.self))
            try await browser.open("/agenda/feeds")
            #expect(try await browser.post("/agenda/feeds/\(feedID.uuidString.lowercased())/revocation", [:]).status == .seeOther)
            var anonymous = t.browser()
            #expect(try await anonymous.get(url).status == .notFound)
            #expect(try await anonymous.get("/ics/not-a-token.ics").status == .notFound)
        }
    }
}

@Suite("Agenda reads bounded in time")
struct AgendaBoundsTests {
    static let meeting = "00000000-0000-4000-a000-000000000102"

    static func subjects(_ page: Page) -> [String] {
        guard case .array(let items)? = page.json?["items"] else { return [] }
        return items.compactMap { if case .string(let s)? = $0["subject"] { s } else { nil } }
    }

    static func date(_ text: String) -> Date? { try? Date(text, strategy: .iso8601) }

    /// Starts of the entries of one series (the first row's subject).
    static func starts(_ page: Page, of subject: String) -> [String] {
        guard case .array(let items)? = page.json?["items"] else { return [] }
        return items.compactMap { if $0["subject"] == .string(subject), case .string(let s)? = $0["start"] { s } else { nil } }
    }

    static func column(_ t: TestApp, _ id: String, _ name: String) async throws -> (any SQLRow)? {
        try await (t.db as! any SQLDatabase).raw("SELECT \(ident: name) AS v FROM interactions WHERE id = \(bind: UUID(uuidString: id)!)")
            .first()
    }

    @Test func longMultiDayItemsStayInLaterWeeks() async throws {
        try await TestApp.run { t in
            var (browser, user) = try await t.signedIn(role: .user)
            let api = APIClient(app: t.app, token: try await t.token(for: user))
            // A three-week trade fair, a ten-day leave, and a week-long seminar.
            for (subject, start, end) in [
                ("Salon", "2026-06-01", "2026-06-22"), ("Congés", "2026-06-05", "2026-06-15"), ("Séminaire", "2026-06-08", "2026-06-13"),
            ] {
                let created = try await api.send(
                    .POST, "/api/v1/interactions",
                    json: """
                        {"typeId":"\(Self.meeting)","subject":"\(subject)","allDay":true,"startsAt":"\(start)T00:00:00+02:00","endsAt":"\(end)T00:00:00+02:00"}
                        """)
                #expect(created.status == .created, "\(created.body)")
            }
            let third = try await api.send(.GET, "/api/v1/agenda?from=2026-06-15&to=2026-06-22")
            #expect(Self.subjects(third) == ["Salon"])
            let second = try await api.send(.GET, "/api/v1/agenda?from=2026-06-12&to=2026-06-19")
            #expect(Set(Self.subjects(second)) == ["Salon", "Congés", "Séminaire"])
            #expect(Self.subjects(try await api.send(.GET, "/api/v1/agenda?from=2026-06-22&to=2026-06-29")).isEmpty)
            let week = try await browser.get("/agenda?view=week&date=2026-06-17")
            #expect(week.body.contains("Salon"))
            #expect(!week.body.contains("Séminaire"))
        }
    }

    @Test func shortenedOrLengthenedItemsMoveBetweenReads() async throws {
        try await TestApp.run { t in
            let (_, user) = try await t.signedIn(role: .user)
            let api = APIClient(app: t.app, token: try await t.token(for: user))
            let created = try await api.send(
                .POST, "/api/v1/interactions",
                json: """
                    {"typeId":"\(Self.meeting)","subject":"Chantier","startsAt":"2026-06-01T09:00:00+02:00","endsAt":"2026-06-01T18:00:00+02:00"}
                    """)
            guard case .string(let id)? = created.json?["id"] else { Issue.record("no interaction"); return }
            #expect(try await Self.column(t, id, "short_span")?.decode(column: "v", as: Bool.self) == true)
            #expect(Self.subjects(try await api.send(.GET, "/api/v1/agenda?from=2026-06-20&to=2026-06-27")).isEmpty)
            // Lengthened to a month: found in a later week.
            #expect(
                try await api.send(.PATCH, "/api/v1/interactions/\(id)", json: #"{"endsAt":"2026-06-30T18:00:00+02:00"}"#).status == .ok)
            #expect(try await Self.column(t, id, "short_span")?.decode(column: "v", as: Bool.self) == false)
            #expect(Self.subjects(try await api.send(.GET, "/api/v1/agenda?from=2026-06-20&to=2026-06-27")) == ["Chantier"])
            #expect(Self.subjects(try await api.send(.GET, "/api/v1/agenda?from=2026-07-01&to=2026-07-08")).isEmpty)
        }
    }

    @Test func finishedSeriesAreSkippedAndTheirLastEndKeptOnEdits() async throws {
        try await TestApp.run { t in
            let (api, id, _) = try await AgendaTests.seedTraining(t)
            // Last session: Monday 29 June, 09:00–12:00 in Paris.
            let lastEnd = try await Self.column(t, id, "series_last_end")?.decode(column: "v", as: Date?.self)
            #expect(lastEnd == Self.date("2026-06-29T10:00:00Z"))
            #expect(AgendaTests.starts(try await api.send(.GET, "/api/v1/agenda?from=2026-07-01&to=2026-08-01")).isEmpty)
            // An endless series has no last end and shows for ever.
            let endless = try await api.send(
                .POST, "/api/v1/interactions",
                json: """
                    {"typeId":"\(AgendaTests.training)","subject":"Point hebdo","startsAt":"2026-06-02T09:00:00+02:00","endsAt":"2026-06-02T10:00:00+02:00","rrule":"FREQ=WEEKLY"}
                    """)
            guard case .string(let endlessID)? = endless.json?["id"] else { Issue.record("no series"); return }
            #expect(try await Self.column(t, endlessID, "series_last_end")?.decode(column: "v", as: Date?.self) == nil)
            #expect(AgendaTests.starts(try await api.send(.GET, "/api/v1/agenda?from=2030-06-01&to=2030-06-08")).count == 1)

            var (browser, _) = try await t.signedIn(role: .user)
            try await browser.open("/interactions/\(id)")
            // The last session moved to Thursday 2 July: the series now ends there and still shows in July.
            let detached = try await browser.post("/interactions/\(id)/occurrences/detach", ["original": "2026-06-29T07:00:00Z"])
            let copyID = String((detached.location ?? "").split(separator: "/").dropLast().last ?? "")
            #expect(
                try await api.send(
                    .PATCH, "/api/v1/interactions/\(copyID)",
                    json: #"{"startsAt":"2026-07-02T09:00:00+02:00","endsAt":"2026-07-02T12:00:00+02:00"}"#
                ).status == .ok)
            #expect(
                try await Self.column(t, id, "series_last_end")?.decode(column: "v", as: Date?.self) == Self.date("2026-07-02T10:00:00Z"))
            #expect(
                Self.starts(try await api.send(.GET, "/api/v1/agenda?from=2026-07-01&to=2026-08-01"), of: "Formation HTML") == [
                    "2026-07-02T07:00:00Z"
                ])

            // "This and following" from Monday 22 June: the first part ends on Wednesday 17 June, the second keeps the rest.
            try await browser.open("/interactions/\(id)")
            let split = try await browser.post("/interactions/\(id)/occurrences/split", ["original": "2026-06-22T07:00:00Z"])
            let followingID = String((split.location ?? "").split(separator: "/").dropLast().last ?? "")
            #expect(followingID != id)
            #expect(
                try await Self.column(t, id, "series_last_end")?.decode(column: "v", as: Date?.self) == Self.date("2026-06-17T10:00:00Z"))
            #expect(
                try await Self.column(t, followingID, "series_last_end")?.decode(column: "v", as: Date?.self)
                    == Self.date("2026-07-02T10:00:00Z"))
            #expect(
                Self.starts(try await api.send(.GET, "/api/v1/agenda?from=2026-06-18&to=2026-08-01"), of: "Formation HTML")
                    == ["2026-06-22T07:00:00Z", "2026-06-24T07:00:00Z", "2026-07-02T07:00:00Z"])
            // Editing the new series' rule (six sessions from 22 June) moves its end to Wednesday 8 July.
            #expect(
                try await api.send(.PATCH, "/api/v1/interactions/\(followingID)", json: #"{"rrule":"FREQ=WEEKLY;BYDAY=MO,WE;COUNT=6"}"#)
                    .status == .ok)
            #expect(
                try await Self.column(t, followingID, "series_last_end")?.decode(column: "v", as: Date?.self)
                    == Self.date("2026-07-08T10:00:00Z"))
        }
    }

    @Test func bulkBackfillSetsBothBounds() async throws {
        try await TestApp.run { t in
            let (api, id, _) = try await AgendaTests.seedTraining(t)
            let created = try await api.send(
                .POST, "/api/v1/interactions",
                json: """
                    {"typeId":"\(Self.meeting)","subject":"Salon","allDay":true,"startsAt":"2026-06-01T00:00:00+02:00","endsAt":"2026-06-22T00:00:00+02:00"}
                    """)
            guard case .string(let fair)? = created.json?["id"] else { Issue.record("no interaction"); return }
            let sql = t.db as! any SQLDatabase
            try await sql.raw("UPDATE interactions SET short_span = \(bind: true), series_last_end = NULL").run()
            try await AgendaBounds.refreshAll(on: t.db)
            #expect(try await Self.column(t, fair, "short_span")?.decode(column: "v", as: Bool.self) == false)
            #expect(try await Self.column(t, id, "short_span")?.decode(column: "v", as: Bool.self) == true)
            #expect(
                try await Self.column(t, id, "series_last_end")?.decode(column: "v", as: Date?.self) == Self.date("2026-06-29T10:00:00Z"))
        }
    }

    @Test func monthCellsShowAFewEntriesAndLinkToTheDay() async throws {
        try await TestApp.run { t in
            var (browser, user) = try await t.signedIn(role: .user)
            let api = APIClient(app: t.app, token: try await t.token(for: user))
            for hour in ["09", "10", "11", "12", "13", "14"] {
                let created = try await api.send(
                    .POST, "/api/v1/interactions",
                    json: """
                        {"typeId":"\(Self.meeting)","subject":"Visite n°\(hour)","startsAt":"2026-06-10T\(hour):00:00+02:00","endsAt":"2026-06-10T\(hour):30:00+02:00"}
                        """)
                #expect(created.status == .created)
            }
            let month = try await browser.get("/agenda?view=month&date=2026-06-10")
            #expect(month.body.components(separatedBy: "Visite n°").count - 1 == 3)
            #expect(month.body.contains("+ 3 autres"))
            #expect(month.body.contains("/agenda?view=day&amp;date=2026-06-10") || month.body.contains("/agenda?view=day&date=2026-06-10"))
            let day = try await browser.get("/agenda?view=day&date=2026-06-10")
            #expect(day.body.components(separatedBy: "Visite n°").count - 1 == 6)
        }
    }
}

@Suite("Prospecting campaigns")
struct CampaignTests {
    @Test func campaignCreatesOneInteractionPerTargetOnceAndAssignsRoundRobin() async throws {
        try await TestApp.run { t in
            var (browser, admin) = try await t.signedIn(role: .admin)
            let claire = try await t.createUser("claire@example.fr", name: "Claire")
            let paul = try await t.createUser("paul@example.fr", name: "Paul")
            for (name, city) in [
                ("Assur Auto Lyon", "Lyon"), ("Garage Rhône", "Lyon"), ("Cabinet Presqu'île", "Lyon"), ("Boulangerie Paris", "Paris"),
            ] {
                _ = try await DirectoryTests.createCompany(
                    &browser,
                    ["name": name, "billingCity": city, "billingPostcode": city == "Lyon" ? "69002" : "75001", "isProspect": "true"])
            }
            let api = APIClient(app: t.app, token: try await t.token(for: admin))
            let segment = try await api.send(
                .POST, "/api/v1/segments",
                json: #"{"name":"Prospects lyonnais","entity":"companies","query":"billingCity=Lyon&isProspect=true"}"#)
            guard case .string(let segmentID)? = segment.json?["id"] else { Issue.record("no segment \(segment.body)"); return }
            let campaign = try await api.send(
                .POST, "/api/v1/prospecting-campaigns",
                json: """
                    {"name":"Relance habitation","segmentId":"\(segmentID)","typeId":"\(ActivitiesTests.sale)","stageId":"\(ActivitiesTests.saleStage(1))",
                     "subject":"Proposer l'assurance habitation","assignment":"roundRobin",
                     "roundRobin":["\(claire.id!.uuidString.lowercased())","\(paul.id!.uuidString.lowercased())"]}
                    """)
            #expect(campaign.status == .created, "\(campaign.body)")
            let campaignID = try #require(campaign.json?["id"]?.string)
            let first = try await api.send(.POST, "/api/v1/prospecting-campaigns/\(campaignID)/run")
            #expect(first.json?["created"] == 3)
            // Running again creates nothing: every target has an open interaction of the campaign.
            let again = try await api.send(.POST, "/api/v1/prospecting-campaigns/\(campaignID)/run")
            #expect(again.json?["created"] == 0)
            let sql = t.db as! any SQLDatabase
            let owners = try await sql.raw(
                "SELECT owner_id, COUNT(*) AS n FROM interactions WHERE campaign_id = \(bind: UUID(uuidString: campaignID)!) GROUP BY owner_id"
            ).all()
            let counts = try Dictionary(
                uniqueKeysWithValues: owners.map {
                    (try $0.decode(column: "owner_id", as: UUID.self), try $0.decode(column: "n", as: Int.self))
                })
            #expect(counts[claire.id!] == 2)
            #expect(counts[paul.id!] == 1)
            // A target whose interaction was lost gets a new one on the next run.
            let one = try #require(
                try await sql.raw("SELECT id FROM interactions WHERE campaign_id = \(bind: UUID(uuidString: campaignID)!) LIMIT 1").first()?
                    .decode(column: "id", as: UUID.self))
            _ = try await api.send(
                .PATCH, "/api/v1/interactions/\(one.uuidString.lowercased())", json: "{\"stageId\":\"\(ActivitiesTests.saleStage(7))\"}")
            #expect(try await api.send(.POST, "/api/v1/prospecting-campaigns/\(campaignID)/run").json?["created"] == 1)
            let page = try await browser.get("/campaigns/\(campaignID)")
            #expect(page.body.contains("Vente - 1 - Prise de contact"))
            #expect(page.body.contains("Vente - 7 - Perdu"))
            #expect(page.body.contains("Claire"))
            let listed = try await browser.get("/interactions?campaignId=\(campaignID)")
            #expect(listed.body.contains("Proposer l&#39;assurance habitation") || listed.body.contains("Proposer l'assurance habitation"))
        }
    }
}

@Suite("Repeat builder")
struct RepeatBuilderTests {
    @Test func simpleChoicesBuildTheRule() async throws {
        try await TestApp.run { t in
            var (browser, user) = try await t.signedIn(role: .user)
            let api = APIClient(app: t.app, token: try await t.token(for: user))
            let created = try await api.send(
                .POST, "/api/v1/interactions",
                json: "{\"typeId\":\"\(AgendaTests.training)\",\"subject\":\"Comité\",\"startsAt\":\"2026-06-09T09:00:00+02:00\"}")
            guard case .string(let id)? = created.json?["id"] else { Issue.record("no interaction"); return }
            try await browser.open("/interactions/\(id)")
            var headers = HTTPHeaders()
            headers.contentType = .urlEncodedForm
            let weekly =
                "frequency=WEEKLY&interval=1&byDay%5B%5D=MO&byDay%5B%5D=WE&monthly=day&until=30%2F06%2F2026&count=&_csrf=\(browser.lastCSRF ?? "")"
            #expect(
                try await browser.send(.POST, "/interactions/\(id)/recurrence", headers: headers, body: ByteBuffer(string: weekly)).status
                    == .seeOther)
            var row = try #require(try await TableStore.get(InteractionsEntity.definition.tableSpec, id: UUID(uuidString: id)!, on: t.db))
            #expect(row["rrule"] == .text("FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20260630T215959Z"))
            // 9 June 2026 is the 2nd Tuesday.
            let monthly = "frequency=MONTHLY&interval=1&monthly=weekday&until=&count=6&_csrf=\(browser.lastCSRF ?? "")"
            #expect(
                try await browser.send(.POST, "/interactions/\(id)/recurrence", headers: headers, body: ByteBuffer(string: monthly)).status
                    == .seeOther)
            row = try #require(try await TableStore.get(InteractionsEntity.definition.tableSpec, id: UUID(uuidString: id)!, on: t.db))
            #expect(row["rrule"] == .text("FREQ=MONTHLY;BYDAY=2TU;COUNT=6"))
            let bad = "frequency=WEEKLY&until=31%2F02%2F2026&_csrf=\(browser.lastCSRF ?? "")"
            let refused = try await browser.send(.POST, "/interactions/\(id)/recurrence", headers: headers, body: ByteBuffer(string: bad))
            #expect(try await browser.get(refused.location!).body.contains("Date de fin invalide"))
        }
    }
}
