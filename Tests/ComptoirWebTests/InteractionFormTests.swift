import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Testing
import Vapor

@testable import ComptoirWeb

/// The interaction form and record page (issue #14, « Interactions »).
@Suite struct InteractionFormTests {
    @Test func theStageSelectGroupsStagesByTypeAndTheRecordSaysItsRepetitionInWords() async throws {
        try await TestApp.run { t in
            // setup
            var (browser, user) = try await t.signedIn(role: .user)
            let api = APIClient(app: t.app, token: try await t.token(for: user))
            let (created, id) = try await ActivitiesTests.create(
                api,
                "{\"typeId\":\"\(ActivitiesTests.call)\",\"subject\":\"Point hebdomadaire\",\"startsAt\":\"2026-11-24T10:00:00+01:00\",\"endsAt\":\"2026-11-24T10:30:00+01:00\",\"rrule\":\"FREQ=WEEKLY;BYDAY=TU;COUNT=10\"}"
            )
            #expect(created.status == .created, "\(created.body)")
            // act
            let form = try await browser.open("/interactions/new")
            let record = try await browser.open("/interactions/\(id!)")
            // validate: the sale stages sit under « Vente », whose id app.js matches with the type select
            let stages = try #require(form.body.range(of: "name=\"stageId\"").map { String(form.body[$0.lowerBound...].prefix(3000)) })
            #expect(
                stages.contains(
                    "<optgroup label=\"Vente\" data-group=\"\(ActivitiesTests.sale)\"><option value=\"\(ActivitiesTests.saleStage(1))\""),
                "\(stages)")
            #expect(form.body.contains("<option value=\"\(ActivitiesTests.sale)\">Vente</option>"))
            #expect(record.body.contains("<p class=\"recurrence-sentence\">Toutes les semaines le mardi, 10 fois</p>"))
            #expect(!record.body.contains("<code>FREQ=WEEKLY"))
            #expect(!record.body.contains("<dd>FREQ=WEEKLY;BYDAY=TU;COUNT=10</dd>"))
        }
    }
}
