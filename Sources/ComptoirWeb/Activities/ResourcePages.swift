import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// A resource's coming bookings, and « Trouver une salle libre » for a time range.
enum ResourcePages {
    @Sendable static func panel(_ row: TableRow, _ request: Request) async throws -> [HTMLNode] {
        let locale = request.locale
        // Bookings of a private project's interactions show as « Réservé » to those who cannot see the project.
        let bookings = try await ResourceService(request.context).comingBookings(row.id)
        let items: [HTMLNode] = bookings.map { booking in
            let label: HTMLNode =
                booking.subject.map {
                    H.link("/interactions/\(booking.interactionID.uuidString.lowercased())", $0)
                } ?? H.el("span", [("class", "muted")], text: L("Réservé", "Booked")(locale))
            return H.el(
                "li", [],
                [
                    H.el(
                        "time",
                        text: DateDisplay.dateTime(booking.start, locale: locale) + " – " + DateDisplay.time(booking.end, locale: locale)),
                    H.text(" "), label,
                ])
        }
        return [
            H.el(
                "section", [("class", "panel")],
                [
                    H.el("h2", text: L("Réservations à venir", "Coming bookings")(locale)),
                    items.isEmpty
                        ? H.el("p", [("class", "muted")], text: L("Aucune réservation.", "No booking.")(locale))
                        : H.el("ul", [("class", "links")], items),
                    H.link(
                        "/agenda?resources=\(row.id.uuidString.lowercased())", L("Voir son agenda", "See its calendar")(locale),
                        [("class", "button")]),
                ])
        ]
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
                H.el(
                    "form", [("method", "get"), ("action", "/resources/free"), ("class", "filters")],
                    [
                        H.el(
                            "div", [("class", "field")],
                            [
                                H.el("label", [("for", "free-from")], text: L("Du", "From")(locale)),
                                H.void(
                                    "input",
                                    [
                                        ("id", "free-from"), ("name", "from"), ("type", "datetime-local"), ("value", fromText),
                                        ("required", "required"),
                                    ]),
                            ]),
                        H.el(
                            "div", [("class", "field")],
                            [
                                H.el("label", [("for", "free-to")], text: L("Au", "To")(locale)),
                                H.void(
                                    "input",
                                    [
                                        ("id", "free-to"), ("name", "to"), ("type", "datetime-local"), ("value", toText),
                                        ("required", "required"),
                                    ]),
                            ]),
                        H.el(
                            "div", [("class", "field")],
                            [
                                H.el("label", [("for", "free-kind")], text: L("Nature", "Kind")(locale)),
                                EntityPagesView.select(
                                    id: "free-kind", name: "kind",
                                    options: [("", L("Toutes", "All")(locale))]
                                        + ResourcesEntity.kinds.map { ($0.value, $0.label(locale)) }, selected: kind ?? "room"),
                            ]),
                        H.el(
                            "div", [("class", "filter-actions")],
                            [H.el("button", [("type", "submit"), ("class", "button primary")], text: L("Chercher", "Search")(locale))]),
                    ]),
            ]
            if !fromText.isEmpty || !toText.isEmpty {
                guard let from = DateTimeInput.parse(fromText), let to = DateTimeInput.parse(toText), to > from else {
                    content.append(
                        H.el(
                            "p", [("class", "field-error")],
                            text: L(
                                "Indiquez un début et une fin valides (la fin après le début).",
                                "Give a valid start and end (end after start).")(locale)))
                    return Layout.page(request, title: L("Ressource libre", "Free resource")(locale), status: .unprocessableEntity, content)
                }
                let free = try await ResourceService(request.context).free(kind: kind, from: from, to: to)
                content.append(
                    free.isEmpty
                        ? H.el(
                            "p", [("class", "empty")],
                            text: L("Aucune ressource libre sur ce créneau.", "No free resource for this time.")(locale))
                        : H.el(
                            "ul", [("class", "links")],
                            free.map { resource in
                                H.el(
                                    "li", [],
                                    [
                                        H.link("/resources/\(resource.id.uuidString.lowercased())", resource.name),
                                        H.el(
                                            "span", [("class", "muted")],
                                            text: resource.capacity.map { L(" — \($0) places", " — \($0) seats")(locale) } ?? ""),
                                    ])
                            }))
            }
            return Layout.page(request, title: L("Ressource libre", "Free resource")(locale), content)
        }
    }
}
