import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Testing
import Vapor

@testable import ComptoirWeb

/// History and audit in the users' words (issue #14, « Readable history and audit »).
@Suite struct AuditReadingTests {
    @Test func historySaysWhichFieldChangedFromWhatToWhatWithNamesNotIds() async throws {
        try await TestApp.run { t in
            // setup: a deal at « Proposition » for 1 000 €, linked to a company; then moved, repriced and relinked
            var (browser, user) = try await t.signedIn(role: .admin)
            let api = APIClient(app: t.app, token: try await t.token(for: user))
            let first = try await DirectoryTests.createCompany(&browser, ["name": "Ébénisterie Morel"])
            let second = try await DirectoryTests.createCompany(&browser, ["name": "Garage <b>Central</b>"])
            let (created, id) = try await ActivitiesTests.create(
                api,
                "{\"typeId\":\"\(ActivitiesTests.sale)\",\"subject\":\"Mobilier de bureau\",\"amount\":\"1000\",\"stageId\":\"\(ActivitiesTests.saleStage(3))\",\"companyId\":\"\(first.uuidString)\"}"
            )
            #expect(created.status == .created, "\(created.body)")
            t.clock.advance(by: 60)
            let moved = try await api.send(
                .PATCH, "/api/v1/interactions/\(id!)",
                json:
                    "{\"stageId\":\"\(ActivitiesTests.saleStage(5))\",\"amount\":\"1234.5\",\"companyId\":\"\(second.uuidString)\",\"allDay\":true}"
            )
            #expect(moved.status == .ok, "\(moved.body)")
            // act
            let page = try await browser.open("/interactions/\(id!)")
            // validate
            let history = try #require(
                page.body.range(of: "<ul class=\"history\">").map { String(page.body[$0.lowerBound...].prefix(4000)) })
            #expect(
                history.contains("Étape : </span><span><del>Vente - 3 - Proposition</del> → <ins>Vente - 5 - Accord verbal</ins>"),
                "\(history)")
            #expect(
                history.contains(
                    "Montant prévu (€ HT) : </span><span><del>1\u{00A0}000,00\u{00A0}€</del> → <ins>1\u{00A0}234,50\u{00A0}€</ins>"))
            #expect(history.contains("<del>Ébénisterie Morel</del> → <ins>Garage &lt;b&gt;Central&lt;/b&gt;</ins>"))
            #expect(history.contains("<del>Non</del> → <ins>Oui</ins>"))
            #expect(
                !history.contains("stage_id") && !history.contains("stage_changed_at") && !history.contains(ActivitiesTests.saleStage(5)))
            // The audit entry's detail page reads the same way.
            let entry = try #require(
                try await AuditLog.entries(entity: "interactions", id: id!, limit: 5, on: t.db).first { $0.action == "update" })
            let detail = try await browser.open("/admin/audit/\(entry.id!.uuidString.lowercased())")
            #expect(detail.body.contains("<th scope=\"row\">Étape</th><td>Vente - 3 - Proposition</td><td>Vente - 5 - Accord verbal</td>"))
        }
    }
}
