import ComptoirCore
import ComptoirStore
import Foundation
import Testing
import Vapor

@testable import ComptoirServices
@testable import ComptoirWeb

/// The agenda's week as a time grid (issue #14, « Agenda as calendars »).
@Suite struct AgendaWeekGridTests {
    @Test func theWeekGridPlacesItemsAtTheirTimeSideBySideWhenTheyOverlapWithAnAllDayRow() async throws {
        try await TestApp.run { t in
            // setup: the clock is Wednesday 18/11/2026; two meetings overlap on Thursday, one is alone on Monday, one all day
            var (browser, user) = try await t.signedIn(role: .user)
            let api = APIClient(app: t.app, token: try await t.token(for: user))
            let call = ActivitiesTests.call
            for json in [
                "{\"typeId\":\"\(call)\",\"subject\":\"Comité <i>A</i>\",\"startsAt\":\"2026-11-19T10:00:00+01:00\",\"endsAt\":\"2026-11-19T11:30:00+01:00\"}",
                "{\"typeId\":\"\(call)\",\"subject\":\"Appel B\",\"startsAt\":\"2026-11-19T11:00:00+01:00\",\"endsAt\":\"2026-11-19T12:00:00+01:00\"}",
                "{\"typeId\":\"\(call)\",\"subject\":\"Seul lundi\",\"startsAt\":\"2026-11-16T08:30:00+01:00\",\"endsAt\":\"2026-11-16T09:00:00+01:00\"}",
                "{\"typeId\":\"\(call)\",\"subject\":\"Salon\",\"startsAt\":\"2026-11-20T00:00:00+01:00\",\"endsAt\":\"2026-11-21T00:00:00+01:00\",\"allDay\":true}",
                "{\"typeId\":\"\(call)\",\"subject\":\"Tôt le matin\",\"startsAt\":\"2026-11-17T06:00:00+01:00\",\"endsAt\":\"2026-11-17T07:00:00+01:00\"}",
            ] {
                let (created, _) = try await ActivitiesTests.create(api, json)
                #expect(created.status == .created, "\(created.body)")
            }
            // act
            let week = try await browser.open("/agenda?view=week&date=2026-11-18")
            // validate
            #expect(week.status == .ok)
            let body = week.body
            #expect(body.contains("class=\"week-grid\""))
            // The day opens at 06:00 (the earliest item), so row lines start there: 06:00 is line 3, each half-hour one more.
            #expect(
                body.contains(">06:00</div>") && !body.contains(">05:00</div>") && body.contains(">18:00</div>")
                    && !body.contains(">19:00</div>"))
            // Thursday is the fourth day: lanes start at 2 + 3 × 12 = 38; the two overlapping items take half the width each.
            #expect(body.contains("wg-item ar-11 as-3 ac-38 aw-6"), "\(body)")  // 10:00 → line 3 + 8, 1 h 30 = 3 rows
            #expect(body.contains("wg-item ar-13 as-2 ac-44 aw-6"))  // 11:00, second lane
            #expect(body.contains("wg-item ar-8 as-1 ac-2 aw-12"))  // Monday 08:30, alone
            #expect(body.contains("Comité &lt;i&gt;A&lt;/i&gt;"))
            // The all-day item sits in Friday's all-day cell (2 + 4 × 12 = 50).
            let allDay = try #require(body.range(of: "wg-allday ar-2 ac-50 aw-12\">").map { String(body[$0.upperBound...].prefix(400)) })
            #expect(allDay.contains("Salon"))
            // An empty half-hour opens a new interaction there.
            #expect(body.contains("href=\"/interactions/new?startsAt=2026-11-18T14:00&amp;endsAt=2026-11-18T15:00\""))
            let form = try await browser.open("/interactions/new?startsAt=2026-11-18T14:00&endsAt=2026-11-18T15:00")
            #expect(form.body.contains("value=\"2026-11-18T14:00\""), "\(form.body)")
        }
    }

    @Test func aReadOnlyUserSeesTheGridWithoutCreateSlots() async throws {
        try await TestApp.run { t in
            var (browser, _) = try await t.signedIn(role: .user, readOnly: true)
            let week = try await browser.open("/agenda?view=week&date=2026-11-18")
            #expect(week.status == .ok)
            #expect(week.body.contains("class=\"week-grid\""))
            #expect(!week.body.contains("wg-slot"))
        }
    }

    @Test func overlappingGroupsShareTheDayAndSeparateGroupsTakeItWhole() {
        func item(_ subject: String) -> AgendaItem {
            AgendaItem(
                interactionID: UUID(), seriesID: nil, subject: subject, type: "", start: Date(), end: Date(), allDay: false, done: false,
                location: "", originalStart: nil)
        }
        // Three at once (09:00–10:00 ×2, 09:30–10:30), then one alone at 11:00; another day untouched.
        var placed: [AgendaWeekGrid.Placed] = [
            .init(item: item("a"), day: 2, slot: 2, span: 2), .init(item: item("b"), day: 2, slot: 2, span: 2),
            .init(item: item("c"), day: 2, slot: 3, span: 2), .init(item: item("d"), day: 2, slot: 6, span: 1),
            .init(item: item("e"), day: 3, slot: 2, span: 2),
        ]
        AgendaWeekGrid.assignLanes(&placed)
        #expect(placed.map(\.of) == [3, 3, 3, 1, 1])
        #expect(Set(placed[0...2].map(\.lane)) == [0, 1, 2])
        #expect(placed[3].lane == 0 && placed[4].lane == 0)
    }
}
