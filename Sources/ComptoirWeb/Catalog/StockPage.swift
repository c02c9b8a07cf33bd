import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// « État des stocks »: the views (all, out of stock, soon out of stock, negative, overstock) by product, over every
/// warehouse or one, with the value by category and the exports; the stock at a past date.
enum StockPage {
    static let views: [(StockView, Localized)] = [
        (.all, L("Tous", "All")), (.outOfStock, L("Hors stock", "Out of stock")),
        (.belowThreshold, L("Bientôt hors stock", "Soon out of stock")),
        (.negative, L("Stock négatif", "Negative stock")), (.overstock, L("Surstock", "Overstock")),
    ]

    struct Query {
        var view: StockView
        var warehouse: UUID?
        var category: String?
        var text: String?
        var after: String?
        var day: CalendarDay?

        init(_ request: Request) {
            view = request.query[String.self, at: "view"].flatMap(StockView.init(rawValue:)) ?? .all
            warehouse = request.query[String.self, at: "warehouse"].flatMap(UUID.init(uuidString:))
            category = request.query[String.self, at: "category"].flatMap { $0.isEmpty ? nil : $0 }
            text = request.query[String.self, at: "q"].flatMap { $0.isEmpty ? nil : $0 }
            after = request.query[String.self, at: "after"].flatMap { $0.isEmpty ? nil : $0 }
            day = request.query[String.self, at: "at"].flatMap { CalendarDay(parsing: $0) }
        }

        func url(view: StockView? = nil, after: String? = nil, format: String? = nil) -> String {
            var items: [(String, String)] = [("view", (view ?? self.view).rawValue)]
            if let warehouse { items.append(("warehouse", warehouse.uuidString.lowercased())) }
            if let category { items.append(("category", category)) }
            if let text { items.append(("q", text)) }
            if let after { items.append(("after", after)) }
            let path = format.map { "/stock/export.\($0)" } ?? "/stock"
            return path + "?" + items.map { "\($0.0)=\(QueryValues.encode($0.1))" }.joined(separator: "&")
        }
    }

    static func register(_ app: Application) {
        app.get("stock") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            return try await page(request)
        }
        app.get("stock", "export.xlsx") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            return try await export(request, xlsx: true)
        }
        app.get("stock", "export.csv") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            return try await export(request, xlsx: false)
        }
    }

    /// The export, written to a temporary file by the service, then sent as a download.
    static func export(_ request: Request, xlsx: Bool) async throws -> Response {
        let query = Query(request)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("comptoir-stock-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        let export = StockExport(request.context)
        if xlsx {
            try await export.xlsx(to: file, warehouse: query.warehouse, category: query.category, text: query.text)
        } else {
            try await export.csv(to: file, view: query.view, warehouse: query.warehouse, category: query.category, text: query.text)
        }
        let data = try Data(contentsOf: file)
        let day = CalendarDay(request.context.now).isoString
        return xlsx
            ? FileResponse.download(
                data, name: "etat-des-stocks-\(day).xlsx", type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            : FileResponse.download(data, name: "stock-\(query.view.rawValue)-\(day).csv", type: "text/csv; charset=utf-8")
    }

    static func page(_ request: Request) async throws -> Response {
        let locale = request.locale
        let query = Query(request)
        let service = StockStateService(request.context)
        let rows = try await service.page(
            query.view, warehouse: query.warehouse, category: query.category, text: query.text, afterReference: query.after, limit: 51)
        let count = try await service.count(query.view, warehouse: query.warehouse, category: query.category, text: query.text)
        let warehouses = try await service.warehouses()
        let categories = try await service.categories()
        var past: [UUID: Quantity] = [:]
        if let day = query.day {
            past = try await service.onHand(atEndOf: day, products: rows.map(\.productID), warehouse: query.warehouse)
        }
        let title = L("État des stocks", "Stock state")(locale)
        var content: [HTMLNode] = [H.el("h1", text: title), CatalogNav.bar(request, current: "/stock")]
        content.append(
            H.el(
                "nav", [("class", "tabs"), ("aria-label", L("Vues", "Views")(locale))],
                views.map { view, label in
                    H.el(
                        "a",
                        [
                            ("href", query.url(view: view)), ("class", view == query.view ? "tab active" : "tab"),
                            ("aria-current", view == query.view ? "page" : nil),
                        ], text: label(locale))
                }))
        content.append(
            H.el(
                "form", [("method", "get"), ("action", "/stock"), ("class", "filters")],
                [
                    H.hidden("view", query.view.rawValue),
                    LineEditor.field("q", L("Référence ou libellé", "Reference or name"), query.text ?? "", errors: [:], locale: locale),
                    LineEditor.field("warehouse", L("Entrepôt", "Warehouse"), "", errors: [:], locale: locale) {
                        LineEditor.select(
                            $0, warehouses.map { ($0.id.uuidString.lowercased(), $0.name) },
                            selected: query.warehouse?.uuidString.lowercased() ?? "", blank: L("Tous", "All")(locale))
                    },
                    LineEditor.field("category", L("Catégorie", "Category"), "", errors: [:], locale: locale) {
                        LineEditor.select(
                            $0, categories.map { ($0, $0) }, selected: query.category ?? "", blank: L("Toutes", "All")(locale))
                    },
                    LineEditor.field("at", L("Stock au (date passée)", "Stock on (past date)"), "", errors: [:], locale: locale) {
                        attributes in
                        H.void(
                            "input",
                            attributes + [
                                ("type", "text"), ("value", query.day?.formatted() ?? ""), ("placeholder", "jj/mm/aaaa"),
                                ("inputmode", "numeric"),
                            ])
                    },
                    H.el("button", [("type", "submit"), ("class", "button")], text: L("Afficher", "Show")(locale)),
                ]))
        let countText =
            count.map { L("\(NumberDisplay.integer($0)) produit(s)", "\(NumberDisplay.integer($0)) product(s)")(locale) }
            ?? L("plus de 10 000 produits", "more than 10,000 products")(locale)
        content.append(
            H.el(
                "p", [("class", "actions")],
                [
                    H.el("span", [("class", "count")], text: countText),
                    H.link(query.url(format: "xlsx"), L("Export Excel", "Excel export")(locale), [("class", "button")]),
                    H.link(query.url(format: "csv"), L("Export CSV", "CSV export")(locale), [("class", "button")]),
                ]))
        if rows.isEmpty {
            content.append(H.el("p", [("class", "empty")], text: L("Aucun produit dans cette vue.", "No product in this view.")(locale)))
        } else {
            var headers = [
                L("Référence", "Reference"), L("Libellé", "Name"), L("Catégorie", "Category"), L("Stock réel", "On hand"),
                L("À recevoir", "Incoming"),
                L("À livrer", "Outgoing"), L("Disponible", "Available"), L("Seuil d'alerte", "Threshold"), L("Stock désiré", "Desired"),
                L("Valeur", "Value"),
            ]
            if let day = query.day { headers.insert(L("Au \(day.formatted())", "On \(day.formatted(locale: .en))"), at: 4) }
            func quantity(_ milli: Int64?) -> String { milli.map { Quantity(milli: $0).formatted(locale: locale) } ?? "—" }
            let body = rows.prefix(50).map { row -> HTMLNode in
                var cells: [HTMLNode] = [
                    H.el(
                        "td", [("data-label", headers[0](locale))],
                        [H.link("/products/\(row.productID.uuidString.lowercased())", row.reference)]),
                    H.el("td", [("data-label", headers[1](locale))], text: row.name),
                    H.el("td", [("data-label", headers[2](locale))], text: row.category ?? "—"),
                    H.el(
                        "td", [("data-label", headers[3](locale)), ("class", row.onHandMilli <= 0 ? "number alert" : "number")],
                        text: quantity(row.onHandMilli)),
                ]
                if query.day != nil {
                    cells.append(H.el("td", [("class", "number")], text: past[row.productID]?.formatted(locale: locale) ?? "0"))
                }
                cells += [
                    H.el(
                        "td", [("data-label", L("À recevoir", "Incoming")(locale)), ("class", "number")], text: quantity(row.incomingMilli)),
                    H.el(
                        "td", [("data-label", L("À livrer", "Outgoing")(locale)), ("class", "number")], text: quantity(row.outgoingMilli)),
                    H.el(
                        "td", [("data-label", L("Disponible", "Available")(locale)), ("class", "number")],
                        text: quantity(row.availableMilli)),
                    H.el(
                        "td", [("data-label", L("Seuil d'alerte", "Threshold")(locale)), ("class", "number")],
                        text: quantity(row.thresholdMilli)),
                    H.el(
                        "td", [("data-label", L("Stock désiré", "Desired")(locale)), ("class", "number")], text: quantity(row.desiredMilli)),
                    H.el(
                        "td", [("data-label", L("Valeur", "Value")(locale)), ("class", "number")],
                        text: row.averageCost.map {
                            Money(minorUnits: Quantity(milli: max(row.onHandMilli, 0)).cost(unitCents: $0)).formatted(locale: locale)
                        } ?? "—"),
                ]
                return H.el("tr", [], cells)
            }
            content.append(
                H.el(
                    "table", [("class", "list")],
                    [
                        H.el("thead", [], [H.el("tr", [], headers.map { H.el("th", [("scope", "col")], text: $0(locale)) })]),
                        H.el("tbody", [], body),
                    ]))
            var pager: [HTMLNode] = []
            if query.after != nil { pager.append(H.link(query.url(after: nil), L("← Début", "← Start")(locale), [("class", "button")])) }
            if rows.count > 50, let last = rows.prefix(50).last {
                pager.append(H.link(query.url(after: last.reference), L("Suivant →", "Next →")(locale), [("class", "button")]))
            }
            content.append(H.el("nav", [("class", "pager")], pager))
        }
        // Valuation by category (every warehouse).
        let value = try await service.valueByCategory()
        if !value.isEmpty {
            let total = value.reduce(Int64(0)) { $0 + $1.value }
            content.append(H.el("h2", text: L("Valeur du stock par catégorie", "Stock value by category")(locale)))
            content.append(
                H.el(
                    "table", [("class", "list")],
                    [
                        H.el(
                            "thead", [],
                            [
                                H.el(
                                    "tr", [],
                                    [
                                        L("Catégorie", "Category"), L("Produits", "Products"),
                                        L("Valeur (coût moyen pondéré)", "Value (weighted average cost)"),
                                    ].map { H.el("th", [("scope", "col")], text: $0(locale)) })
                            ]),
                        H.el(
                            "tbody", [],
                            value.map {
                                H.el(
                                    "tr", [],
                                    [
                                        H.el("td", text: $0.category ?? L("(sans catégorie)", "(no category)")(locale)),
                                        H.el("td", [("class", "number")], text: String($0.products)),
                                        H.el("td", [("class", "number")], text: Money(minorUnits: $0.value).formatted(locale: locale)),
                                    ])
                            }),
                        H.el(
                            "tfoot", [],
                            [
                                H.el(
                                    "tr", [],
                                    [
                                        H.el("th", [("scope", "row")], text: L("Total", "Total")(locale)), H.el("td", text: ""),
                                        H.el("td", [("class", "number")], text: Money(minorUnits: total).formatted(locale: locale)),
                                    ])
                            ]),
                    ]))
        }
        return Layout.page(request, title: title, content)
    }
}
