import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

extension AuditEntity {
    @Sendable static func changesPanel(_ row: TableRow, _ request: Request) async throws -> [HTMLNode] {
        let locale = request.locale
        let changes = AuditLog.decodeChanges(row["changes"].textValue ?? "{}")
        guard !changes.isEmpty else { return [] }
        let rows = changes.map { change in
            H.el(
                "tr", [],
                [H.el("th", [("scope", "row")], text: change.field), H.el("td", text: change.before), H.el("td", text: change.after)])
        }
        return [
            H.el(
                "section", [("class", "panel")],
                [
                    H.el("h2", text: L("Champs modifiés", "Changed fields")(locale)),
                    H.el(
                        "table", [("class", "list")],
                        [
                            H.el(
                                "thead", [],
                                [
                                    H.el(
                                        "tr", [],
                                        [
                                            H.el("th", text: L("Champ", "Field")(locale)), H.el("th", text: L("Avant", "Before")(locale)),
                                            H.el("th", text: L("Après", "After")(locale)),
                                        ])
                                ]),
                            H.el("tbody", [], rows),
                        ]),
                ])
        ]
    }
}
