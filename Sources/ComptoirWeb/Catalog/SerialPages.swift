import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// « Numéros de série »: search a serial, see where it is and its whole history.
enum SerialPages {
    static let states: [String: Localized] = [
        "in_stock": L("En stock", "In stock"), "delivered": L("Livré", "Delivered"), "cancelled": L("Annulé", "Cancelled"),
        "scrapped": L("Mis au rebut", "Scrapped"),
    ]
    static let events: [String: Localized] = [
        "received": L("Reçu", "Received"), "delivered": L("Livré", "Delivered"), "returned": L("Retourné", "Returned"),
        "transferred": L("Transféré", "Transferred"), "reversed": L("Annulation", "Reversal"),
        "scrapped": L("Mis au rebut", "Scrapped"),
    ]

    static func register(_ app: Application) {
        app.post("serial-numbers", ":id", "scrap") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let id = try EntityRoutes.id(request)
            do {
                let movement = try await StockMovementService(request.context).draftScrap(serial: id)
                return request.redirect(
                    to: "/stock-movements/\(movement.uuidString.lowercased())",
                    flash: Flash(
                        .success,
                        L(
                            "Brouillon de mise au rebut créé : validez-le pour sortir l'unité du stock.",
                            "Scrapping draft created: validate it to take the unit out of stock.")))
            } catch let error as AppError where error.status.code == 409 {
                return request.redirect(to: "/serial-numbers/\(id.uuidString.lowercased())", flash: Flash(.error, error.message))
            }
        }
        app.get("serial-numbers") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let locale = request.locale
            let text = request.query[String.self, at: "q"] ?? ""
            let hits = try await StockStateService(request.context).searchSerials(text)
            let title = L("Numéros de série", "Serial numbers")(locale)
            var content: [HTMLNode] = [H.el("h1", text: title), CatalogNav.bar(request, current: "/serial-numbers")]
            content.append(
                H.el(
                    "form", [("method", "get"), ("action", "/serial-numbers"), ("class", "filters"), ("role", "search")],
                    [
                        LineEditor.field(
                            "q", L("Numéro de série (ou son début)", "Serial number (or its beginning)"), text, errors: [:], locale: locale),
                        H.el("button", [("type", "submit"), ("class", "button primary")], text: L("Rechercher", "Search")(locale)),
                    ]))
            if !text.fastTrimmed.isEmpty {
                if hits.isEmpty {
                    content.append(
                        H.el(
                            "p", [("class", "empty")], text: L("Aucun numéro de série ne correspond.", "No serial number matches.")(locale))
                    )
                } else {
                    let headers = [L("Numéro de série", "Serial number"), L("Produit", "Product"), L("État", "State"), L("Où", "Where")]
                    content.append(
                        H.el(
                            "table", [("class", "list")],
                            [
                                H.el("thead", [], [H.el("tr", [], headers.map { H.el("th", [("scope", "col")], text: $0(locale)) })]),
                                H.el(
                                    "tbody", [],
                                    hits.map { hit in
                                        H.el(
                                            "tr", [],
                                            [
                                                H.el(
                                                    "td", [("data-label", headers[0](locale))],
                                                    [H.link("/serial-numbers/\(hit.serial.id.uuidString.lowercased())", hit.serial.serial)]),
                                                H.el(
                                                    "td", [("data-label", headers[1](locale))],
                                                    text: "\(hit.productReference) — \(hit.productName)"),
                                                H.el(
                                                    "td", [("data-label", headers[2](locale))],
                                                    text: states[hit.serial.state]?(locale) ?? hit.serial.state),
                                                H.el(
                                                    "td", [("data-label", headers[3](locale))],
                                                    text: hit.warehouseName ?? hit.customerName ?? "—"),
                                            ])
                                    }),
                            ]))
                }
            }
            return Layout.page(request, title: title, content)
        }
        app.get("serial-numbers", ":id") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let locale = request.locale
            let service = StockStateService(request.context)
            guard let (serial, history) = try await service.serial(try EntityRoutes.id(request)) else { throw AppError.notFound }
            let names = try await service.names(products: [serial.productID], companies: [serial.customerID])
            let title = L("Numéro de série ", "Serial number ")(locale) + serial.serial
            var facts: [HTMLNode] = [
                H.el(
                    "div", [],
                    [
                        H.el("dt", text: L("Produit", "Product")(locale)),
                        H.el("dd", [], [H.link("/products/\(serial.productID.uuidString.lowercased())", names.product(serial.productID))]),
                    ]),
                H.el(
                    "div", [],
                    [H.el("dt", text: L("État", "State")(locale)), H.el("dd", text: states[serial.state]?(locale) ?? serial.state)]),
            ]
            if let warehouse = serial.warehouseID {
                facts.append(
                    H.el(
                        "div", [],
                        [H.el("dt", text: L("Entrepôt", "Warehouse")(locale)), H.el("dd", text: names.warehouses[warehouse] ?? "—")]))
            }
            if let location = serial.locationID, let code = try await WarehouseLocationService(request.context).find(location)?.code {
                facts.append(H.el("div", [], [H.el("dt", text: L("Emplacement", "Location")(locale)), H.el("dd", text: code)]))
            }
            if let customer = serial.customerID {
                facts.append(
                    H.el(
                        "div", [],
                        [
                            H.el("dt", text: L("Client", "Customer")(locale)),
                            H.el("dd", [], [H.link("/companies/\(customer.uuidString.lowercased())", names.companies[customer] ?? "—")]),
                        ]))
            }
            let headers = [
                L("Date", "Date"), L("Événement", "Event"), L("Mouvement", "Movement"), L("Bon de livraison", "Delivery note"),
                L("Entrepôt", "Warehouse"), L("Client", "Customer"),
            ]
            var actions: [HTMLNode] = []
            if serial.state == "in_stock", request.context.allows(.write, .catalog) {
                actions.append(
                    H.postForm(
                        "/serial-numbers/\(serial.id.uuidString.lowercased())/scrap", csrf: request.csrfToken,
                        [
                            H.el(
                                "button", [("type", "submit"), ("class", "button")],
                                text: L("Mettre au rebut…", "Scrap…")(locale))
                        ]))
            }
            let content: [HTMLNode] = [
                H.el("h1", text: title), CatalogNav.bar(request, current: "/serial-numbers"), H.el("dl", [("class", "details")], facts),
                H.el("div", [("class", "actions")], actions),
                H.el("h2", text: L("Historique", "History")(locale)),
                H.el(
                    "table", [("class", "list")],
                    [
                        H.el("thead", [], [H.el("tr", [], headers.map { H.el("th", [("scope", "col")], text: $0(locale)) })]),
                        H.el(
                            "tbody", [],
                            history.map { event in
                                H.el(
                                    "tr", [],
                                    [
                                        H.el(
                                            "td", [("data-label", headers[0](locale))], text: DateDisplay.dateTime(event.at, locale: locale)
                                        ),
                                        H.el("td", [("data-label", headers[1](locale))], text: events[event.kind]?(locale) ?? event.kind),
                                        H.el(
                                            "td", [("data-label", headers[2](locale))],
                                            event.movementID.map {
                                                [H.link("/stock-movements/\($0.uuidString.lowercased())", event.movementReference ?? "—")]
                                            } ?? [H.text("—")]),
                                        H.el(
                                            "td", [("data-label", headers[3](locale))],
                                            event.deliveryNoteID.map {
                                                [
                                                    H.link(
                                                        "/delivery-notes/\($0.uuidString.lowercased())", event.deliveryNoteReference ?? "—")
                                                ]
                                            } ?? [H.text("—")]),
                                        H.el("td", [("data-label", headers[4](locale))], text: event.warehouseName ?? "—"),
                                        H.el("td", [("data-label", headers[5](locale))], text: event.companyName ?? "—"),
                                    ])
                            }),
                    ]),
            ]
            return Layout.page(request, title: title, content)
        }
    }
}
