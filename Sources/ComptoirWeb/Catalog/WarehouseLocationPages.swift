import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// « Emplacements »: the locations of a warehouse, listed on its page with what sits there, created and edited on
/// their own small form (the input kept and the field named on error).
enum WarehouseLocationPages {
    static let labels: [String: Localized] = [
        "code": L("Code", "Code"), "name": L("Libellé", "Name"), "active": L("Actif", "Active"),
    ]

    static func register(_ app: Application) {
        app.get("warehouses", ":id", "locations", "new") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            try request.context.authorize(.write, .catalog)
            let warehouse = try EntityRoutes.id(request)
            return try await form(request, warehouse: warehouse, location: nil, values: ["active": "on"], errors: [:])
        }
        app.post("warehouses", ":id", "locations") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let warehouse = try EntityRoutes.id(request)
            let values = try FormInput.strings(request)
            do {
                _ = try await WarehouseLocationService(request.context).create(warehouse: warehouse, input(values))
            } catch let error as AppError where error.code == "validation_failed" {
                return try await form(
                    request, warehouse: warehouse, location: nil, values: values, errors: error.fields, status: .unprocessableEntity)
            }
            return request.redirect(
                to: "/warehouses/\(warehouse.uuidString.lowercased())",
                flash: Flash(.success, L("Emplacement créé.", "Location created.")))
        }
        app.get("warehouse-locations", ":id", "edit") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            try request.context.authorize(.write, .catalog)
            let id = try EntityRoutes.id(request)
            guard let location = try await WarehouseLocationService(request.context).find(id) else { throw AppError.notFound }
            let values = ["code": location.code, "name": location.name ?? "", "active": location.active ? "on" : ""]
            return try await form(request, warehouse: location.warehouseID, location: id, values: values, errors: [:])
        }
        app.post("warehouse-locations", ":id") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let id = try EntityRoutes.id(request)
            let service = WarehouseLocationService(request.context)
            guard let location = try await service.find(id) else { throw AppError.notFound }
            let values = try FormInput.strings(request)
            do {
                try await service.update(id, input(values))
            } catch let error as AppError where error.code == "validation_failed" {
                return try await form(
                    request, warehouse: location.warehouseID, location: id, values: values, errors: error.fields,
                    status: .unprocessableEntity)
            }
            return request.redirect(
                to: "/warehouses/\(location.warehouseID.uuidString.lowercased())",
                flash: Flash(.success, L("Emplacement enregistré.", "Location saved.")))
        }
    }

    static func input(_ values: [String: String]) -> WarehouseLocationService.Input {
        WarehouseLocationService.Input(code: values["code"] ?? "", name: values["name"] ?? "", active: values["active"] != nil)
    }

    static func form(
        _ request: Request, warehouse: UUID, location: UUID?, values: [String: String], errors: [String: [Localized]],
        status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let locale = request.locale
        guard let name = try await StockStateService(request.context).warehouses().first(where: { $0.id == warehouse })?.name else {
            throw AppError.notFound
        }
        let title =
            (location == nil ? L("Nouvel emplacement", "New location") : L("Modifier l'emplacement", "Edit the location"))(locale)
            + " — " + name
        var content: [HTMLNode] = [H.el("h1", text: title)]
        if let summary = LineEditor.summary(errors, labels: labels, locale: locale) { content.append(summary) }
        let back = "/warehouses/\(warehouse.uuidString.lowercased())"
        let action =
            location.map { "/warehouse-locations/\($0.uuidString.lowercased())" }
            ?? "/warehouses/\(warehouse.uuidString.lowercased())/locations"
        content.append(
            H.postForm(
                action, csrf: request.csrfToken, attributes: [("novalidate", "novalidate")],
                [
                    H.el(
                        "div", [("class", "form-grid")],
                        [
                            LineEditor.field("code", labels["code"]!, values["code"] ?? "", errors: errors, locale: locale, required: true),
                            LineEditor.field("name", labels["name"]!, values["name"] ?? "", errors: errors, locale: locale),
                        ]),
                    H.el(
                        "p", [("class", "help")],
                        text: L(
                            "Le code est unique dans l'entrepôt (par exemple A-01-02 : allée, étagère, case). Un emplacement désactivé n'est plus proposé mais garde son historique.",
                            "The code is unique in the warehouse (e.g. A-01-02: aisle, shelf, bin). A deactivated location is no longer offered but keeps its history."
                        )(locale)),
                    H.el(
                        "div", [("class", "field checkbox")],
                        [
                            H.void(
                                "input",
                                [("type", "checkbox"), ("id", "f-active"), ("name", "active"), H.flag("checked", values["active"] != nil)]),
                            H.el("label", [("for", "f-active")], text: labels["active"]!(locale)),
                        ]),
                    H.el(
                        "p", [("class", "actions")],
                        [
                            H.el("button", [("type", "submit"), ("class", "button primary")], text: L("Enregistrer", "Save")(locale)),
                            H.link(back, L("Annuler", "Cancel")(locale), [("class", "button")]),
                        ]),
                ]))
        let response = Layout.page(request, title: title, content)
        response.status = status
        return response
    }

    /// On a warehouse's page: its locations and what sits at each.
    @Sendable static func panel(_ row: TableRow, _ request: Request) async throws -> [HTMLNode] {
        let locale = request.locale
        let service = WarehouseLocationService(request.context)
        let locations = try await service.list(warehouse: row.id)
        let levels = try await service.levels(warehouse: row.id, limit: 200)
        var nodes: [HTMLNode] = [H.el("h2", text: L("Emplacements", "Locations")(locale))]
        if locations.isEmpty {
            nodes.append(
                H.el(
                    "p", [("class", "empty")],
                    text: L(
                        "Aucun emplacement : le stock est suivi par entrepôt. Ajoutez des emplacements pour savoir où ranger et prendre chaque produit.",
                        "No location: stock is tracked per warehouse. Add locations to know where each product is put and picked."
                    )(locale)))
        } else {
            let canWrite = request.context.allows(.write, .catalog)
            let headers = [L("Code", "Code"), L("Libellé", "Name"), L("État", "State")]
            nodes.append(
                H.el(
                    "table", [("class", "list")],
                    [
                        H.el("thead", [], [H.el("tr", [], headers.map { H.el("th", [("scope", "col")], text: $0(locale)) })]),
                        H.el(
                            "tbody", [],
                            locations.map { location in
                                H.el(
                                    "tr", [],
                                    [
                                        H.el(
                                            "td", [("data-label", headers[0](locale))],
                                            canWrite
                                                ? [
                                                    H.link(
                                                        "/warehouse-locations/\(location.id.uuidString.lowercased())/edit", location.code)
                                                ]
                                                : [H.text(location.code)]),
                                        H.el("td", [("data-label", headers[1](locale))], text: location.name ?? "—"),
                                        H.el(
                                            "td", [("data-label", headers[2](locale))],
                                            text: location.active ? L("Actif", "Active")(locale) : L("Désactivé", "Deactivated")(locale)),
                                    ])
                            }),
                    ]))
        }
        if request.context.allows(.write, .catalog) {
            nodes.append(
                H.el(
                    "p", [("class", "actions")],
                    [
                        H.link(
                            "/warehouses/\(row.id.uuidString.lowercased())/locations/new", L("Nouvel emplacement", "New location")(locale),
                            [("class", "button")])
                    ]))
        }
        if !levels.isEmpty {
            nodes.append(H.el("h3", text: L("Stock par emplacement", "Stock by location")(locale)))
            nodes.append(levelTable(levels, showProduct: true, showWarehouse: false, locale: locale))
        }
        return [H.el("section", [("class", "panel")], nodes)]
    }

    /// Levels at locations: the location, the product or the warehouse, the quantity.
    static func levelTable(_ levels: [LocationLevel], showProduct: Bool, showWarehouse: Bool, locale: DisplayLocale) -> HTMLNode {
        var headers: [Localized] = []
        if showWarehouse { headers.append(L("Entrepôt", "Warehouse")) }
        headers.append(L("Emplacement", "Location"))
        if showProduct { headers.append(L("Produit", "Product")) }
        headers.append(L("Stock réel", "On hand"))
        return H.el(
            "table", [("class", "list")],
            [
                H.el("thead", [], [H.el("tr", [], headers.map { H.el("th", [("scope", "col")], text: $0(locale)) })]),
                H.el(
                    "tbody", [],
                    levels.map { level in
                        var cells: [HTMLNode] = []
                        if showWarehouse {
                            cells.append(H.el("td", [("data-label", L("Entrepôt", "Warehouse")(locale))], text: level.warehouseName))
                        }
                        cells.append(
                            H.el(
                                "td", [("data-label", L("Emplacement", "Location")(locale))],
                                text: level.locationName.map { "\(level.code) — \($0)" } ?? level.code))
                        if showProduct {
                            cells.append(
                                H.el(
                                    "td", [("data-label", L("Produit", "Product")(locale))],
                                    [
                                        H.link(
                                            "/products/\(level.productID.uuidString.lowercased())",
                                            "\(level.productReference) — \(level.productName)")
                                    ]))
                        }
                        cells.append(
                            H.el(
                                "td", [("class", "number"), ("data-label", L("Stock réel", "On hand")(locale))],
                                text: Quantity(milli: level.onHandMilli).formatted(locale: locale)))
                        return H.el("tr", [], cells)
                    }),
            ])
    }
}
