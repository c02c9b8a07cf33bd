import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import SQLKit
import Vapor

/// A resource's coming bookings, and « Trouver une salle libre » for a time range.
enum ResourcePages {
    @Sendable static func panel(_ row: TableRow, _ request: Request) async throws -> [HTMLNode] {
        let locale = request.locale
        // Bookings of a private project's interactions show as « Réservé » to those who cannot see the project.
        let visible = InteractionService.visibleSQL("i.project_id", request)
        let bookings = try await TableStore.sqlDatabase(request.db).raw("""
            SELECT b.starts_at, b.ends_at, i.id, CASE WHEN \(visible) THEN i.subject ELSE NULL END AS subject
            FROM resource_bookings b JOIN interactions i ON i.id = b.interaction_id
            WHERE b.resource_id = \(bind: row.id) AND b.ends_at > \(bind: request.now) ORDER BY b.starts_at LIMIT 50
            """).all()
        let items: [HTMLNode] = try bookings.map { booking in
            let start = try booking.decode(column: "starts_at", as: Date.self)
            let end = try booking.decode(column: "ends_at", as: Date.self)
            let label: HTMLNode = try booking.decode(column: "subject", as: String?.self).map {
                H.link("/interactions/\(try booking.decode(column: "id", as: UUID.self).uuidString.lowercased())", $0)
            } ?? H.el("span", [("class", "muted")], text: L("Réservé", "Booked")(locale))
            return H.el("li", [], [
                H.el("time", text: DateDisplay.dateTime(start, locale: locale) + " – " + DateDisplay.time(end, locale: locale)), H.text(" "), label,
            ])
        }
        return [H.el("section", [("class", "panel")], [
            H.el("h2", text: L("Réservations à venir", "Coming bookings")(locale)),
            items.isEmpty ? H.el("p", [("class", "muted")], text: L("Aucune réservation.", "No booking.")(locale)) : H.el("ul", [("class", "links")], items),
            H.link("/agenda?resources=\(row.id.uuidString.lowercased())", L("Voir son agenda", "See its calendar")(locale), [("class", "button")]),
        ])]
    }

    /// The active resources of `kind` free over [start, end).
    static func free(kind: String?, from start: Date, to end: Date, _ db: any Database) async throws -> [(UUID, String, Int64?)] {
        let kindCondition: SQLQueryString = kind.map { " AND r.kind = \(bind: $0)" } ?? ""
        return try await TableStore.sqlDatabase(db).raw("""
            SELECT r.id, r.name, r.capacity FROM resources r WHERE r.active = \(bind: true)\(kindCondition)
            AND NOT EXISTS (SELECT 1 FROM resource_bookings b WHERE b.resource_id = r.id AND b.starts_at < \(bind: end) AND b.ends_at > \(bind: start))
            ORDER BY r.name
            """).all().map { (try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "name", as: String.self), try $0.decode(column: "capacity", as: Int64?.self)) }
    }

    static func register(_ routes: any RoutesBuilder) {
        routes.get("resources", "free") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            try request.authorize(.read, .activitySettings)
            let locale = request.locale
            let fromText = request.query[String.self, at: "from"] ?? ""
            let toText = request.query[String.self, at: "to"] ?? ""
            let kind = request.query[String.self, at: "kind"].flatMap { $0.isEmpty ? nil : $0 }
            var content: [HTMLNode] = [
                H.el("h1", text: L("Trouver une ressource libre", "Find a free resource")(locale)),
                H.el("form", [("method", "get"), ("action", "/resources/free"), ("class", "filters")], [
                    H.el("div", [("class", "field")], [H.el("label", [("for", "free-from")], text: L("Du", "From")(locale)),
                        H.void("input", [("id", "free-from"), ("name", "from"), ("type", "datetime-local"), ("value", fromText), ("required", "required")])]),
                    H.el("div", [("class", "field")], [H.el("label", [("for", "free-to")], text: L("Au", "To")(locale)),
                        H.void("input", [("id", "free-to"), ("name", "to"), ("type", "datetime-local"), ("value", toText), ("required", "required")])]),
                    H.el("div", [("class", "field")], [H.el("label", [("for", "free-kind")], text: L("Nature", "Kind")(locale)),
                        EntityPagesView.select(id: "free-kind", name: "kind", options: [("", L("Toutes", "All")(locale))] + ResourcesEntity.kinds.map { ($0.value, $0.label(locale)) }, selected: kind ?? "room")]),
                    H.el("div", [("class", "filter-actions")], [H.el("button", [("type", "submit"), ("class", "button primary")], text: L("Chercher", "Search")(locale))]),
                ]),
            ]
            if !fromText.isEmpty || !toText.isEmpty {
                guard let from = DateTimeInput.parse(fromText), let to = DateTimeInput.parse(toText), to > from else {
                    content.append(H.el("p", [("class", "field-error")], text: L("Indiquez un début et une fin valides (la fin après le début).", "Give a valid start and end (end after start).")(locale)))
                    return Layout.page(request, title: L("Ressource libre", "Free resource")(locale), status: .unprocessableEntity, content)
                }
                let free = try await free(kind: kind, from: from, to: to, request.db)
                content.append(free.isEmpty
                    ? H.el("p", [("class", "empty")], text: L("Aucune ressource libre sur ce créneau.", "No free resource for this time.")(locale))
                    : H.el("ul", [("class", "links")], free.map { id, name, capacity in
                        H.el("li", [], [H.link("/resources/\(id.uuidString.lowercased())", name),
                                        H.el("span", [("class", "muted")], text: capacity.map { L(" — \($0) places", " — \($0) seats")(locale) } ?? "")])
                    }))
            }
            return Layout.page(request, title: L("Ressource libre", "Free resource")(locale), content)
        }
    }
}
