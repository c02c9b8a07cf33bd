import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import SQLKit
import Vapor

/// The timeline of a company or a contact: its interactions, newest first, filterable by type,
/// and its attachments. This is where Directory pages and Activities meet.
enum ActivityTimeline {
    static func panels(kind: DirectoryKind, id: UUID, _ request: Request) async throws -> [HTMLNode] {
        guard Policy.allows(request.actor, .read, .activities) else { return [] }
        let locale = request.locale
        let catalog = try await ActivityCatalog.load(request.db)
        let typeFilter = request.query[String.self, at: "timelineType"].flatMap(UUID.init(uuidString:))
        let condition: SQLQueryString = kind == .companies
            ? "i.company_id = \(bind: id)"
            : "i.id IN (SELECT interaction_id FROM interaction_contacts WHERE contact_id = \(bind: id))"
        var typeCondition: SQLQueryString = typeFilter.map { " AND i.type_id = \(bind: $0)" } ?? ""
        if let actor = request.actor, !actor.isAdmin { typeCondition.appendInterpolation(SQLQueryString(" AND \(ProjectAccess.visible("i.project_id", user: actor.userID))")) }
        let rows = try await TableStore.sqlDatabase(request.db).raw("""
            SELECT i.id, i.subject, i.starts_at, i.created_at, i.done, i.type_id, s.name AS stage FROM interactions i
            LEFT JOIN pipeline_stages s ON s.id = i.stage_id
            WHERE \(condition)\(typeCondition) AND i.archived = \(bind: false)
            ORDER BY COALESCE(i.starts_at, i.created_at) DESC LIMIT 100
            """).all()
        let base = "/\(kind.rawValue)/\(id.uuidString.lowercased())"
        var nodes: [HTMLNode] = [
            H.el("div", [("class", "page-head")], [
                H.el("h2", text: L("Interactions", "Interactions")(locale)),
                H.link("/interactions/new?\(kind == .companies ? "companyId" : "contactId")=\(id.uuidString.lowercased())",
                       L("Nouvelle interaction", "New interaction")(locale), [("class", "button")]),
            ]),
            H.el("form", [("method", "get"), ("action", base), ("class", "inline-form")], [
                H.el("label", [("for", "timeline-type")], text: L("Type", "Type")(locale)),
                EntityPagesView.select(id: "timeline-type", name: "timelineType",
                                       options: [("", L("Tous", "All")(locale))] + catalog.types.map { ($0.id.uuidString.lowercased(), $0.name) },
                                       selected: typeFilter?.uuidString.lowercased() ?? ""),
                H.el("button", [("type", "submit"), ("class", "button")], text: L("Filtrer", "Filter")(locale)),
            ]),
        ]
        if rows.isEmpty {
            nodes.append(H.el("p", [("class", "muted")], text: L("Aucune interaction.", "No interaction.")(locale)))
        } else {
            nodes.append(H.el("ol", [("class", "timeline")], try rows.map { row in
                let date = try row.decode(column: "starts_at", as: Date?.self) ?? (try row.decode(column: "created_at", as: Date.self))
                let type = catalog.type(try row.decode(column: "type_id", as: UUID.self))?.name ?? ""
                let stage = try row.decode(column: "stage", as: String?.self)
                let done = try row.decode(column: "done", as: Bool.self)
                return H.el("li", [("class", done ? "done" : nil)], [
                    H.el("time", text: DateDisplay.dateTime(date, locale: locale)), H.text(" "),
                    H.el("span", [("class", "badge")], text: type), H.text(" "),
                    H.link("/interactions/\(try row.decode(column: "id", as: UUID.self).uuidString.lowercased())", try row.decode(column: "subject", as: String.self)),
                    H.el("span", [("class", "muted")], text: (stage.map { " — " + $0 } ?? "") + (done ? L(" — terminée", " — done")(locale) : "")),
                ])
            }))
        }
        return [H.el("section", [("class", "panel")], nodes), try await AttachmentPages.panel(kind: kind.rawValue, id: id, request)]
    }
}
