import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// How changes read: « Étape : Proposition → Négociation », a creation's values without the arrow.
enum AuditPanels {
    static func changeList(_ changes: [ReadableChange], action: String) -> HTMLNode {
        H.el(
            "ul", [("class", "changes")],
            changes.map { change in
                let created = action == "create" || change.before == "—"
                return H.el(
                    "li", [],
                    [
                        H.el("span", [("class", "field")], text: change.label + " : "),
                        created
                            ? H.el("span", [("class", "after")], text: change.after)
                            : H.el(
                                "span", [],
                                [
                                    H.el("del", text: change.before), H.text(" → "), H.el("ins", text: change.after),
                                ]),
                    ])
            })
    }
}

extension AuditEntity {
    @Sendable static func changesPanel(_ row: TableRow, _ request: Request) async throws -> [HTMLNode] {
        let locale = request.locale
        let changes = try await AuditReading(request.context).changes(
            entity: row["entity"].textValue ?? "", json: row["changes"].textValue ?? "{}")
        guard !changes.isEmpty else { return [] }
        let rows = changes.map { change in
            H.el(
                "tr", [],
                [
                    H.el("th", [("scope", "row")], text: change.label), H.el("td", text: change.before),
                    H.el("td", text: change.after),
                ])
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
