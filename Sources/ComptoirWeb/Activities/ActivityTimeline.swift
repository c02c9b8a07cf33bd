import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// The timeline of a company or a contact: its interactions, newest first, filterable by type,
/// and its attachments. This is where Directory pages and Activities meet.
enum ActivityTimeline {
    static func panels(kind: DirectoryKind, id: UUID, _ request: Request) async throws -> [HTMLNode] {
        guard request.context.allows(.read, .activities) else { return [] }
        let locale = request.locale
        let catalog = try await ActivityCatalog.load(request.db)
        let typeFilter = request.query[String.self, at: "timelineType"].flatMap(UUID.init(uuidString:))
        let entries = try await InteractionService(request.context).timeline(kind, id, type: typeFilter)
        let base = "/\(kind.rawValue)/\(id.uuidString.lowercased())"
        var nodes: [HTMLNode] = [
            H.el(
                "div", [("class", "page-head")],
                [
                    H.el("h2", text: L("Interactions", "Interactions")(locale)),
                    H.link(
                        "/interactions/new?\(kind == .companies ? "companyId" : "contactId")=\(id.uuidString.lowercased())",
                        L("Nouvelle interaction", "New interaction")(locale), [("class", "button")]),
                ]),
            H.el(
                "form", [("method", "get"), ("action", base), ("class", "inline-form")],
                [
                    H.el("label", [("for", "timeline-type")], text: L("Type", "Type")(locale)),
                    EntityPagesView.select(
                        id: "timeline-type", name: "timelineType",
                        options: [("", L("Tous", "All")(locale))] + catalog.types.map { ($0.id.uuidString.lowercased(), $0.name) },
                        selected: typeFilter?.uuidString.lowercased() ?? ""),
                    H.el("button", [("type", "submit"), ("class", "button")], text: L("Filtrer", "Filter")(locale)),
                ]),
        ]
        if entries.isEmpty {
            nodes.append(H.el("p", [("class", "muted")], text: L("Aucune interaction.", "No interaction.")(locale)))
        } else {
            nodes.append(
                H.el(
                    "ol", [("class", "timeline")],
                    entries.map { entry in
                        let type = catalog.type(entry.typeID)?.name ?? ""
                        return H.el(
                            "li", [("class", entry.done ? "done" : nil)],
                            [
                                H.el("time", text: DateDisplay.dateTime(entry.startsAt ?? entry.createdAt, locale: locale)), H.text(" "),
                                H.el("span", [("class", "badge")], text: type), H.text(" "),
                                H.link("/interactions/\(entry.id.uuidString.lowercased())", entry.subject),
                                H.el(
                                    "span", [("class", "muted")],
                                    text: (entry.stage.map { " — " + $0 } ?? "") + (entry.done ? L(" — terminée", " — done")(locale) : "")),
                            ])
                    }))
        }
        return [H.el("section", [("class", "panel")], nodes), try await AttachmentPages.panel(kind: kind.rawValue, id: id, request)]
    }
}
