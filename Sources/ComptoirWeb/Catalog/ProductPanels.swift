import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// A product's page: its stock by warehouse, the serial numbers in stock, the last stock changes, and links to move it.
enum ProductPanels {
    @Sendable static func panels(_ row: TableRow, _ request: Request) async throws -> [HTMLNode] {
        let files = try await AttachmentPages.panel(kind: "products", id: row.id, request)
        guard row["stock_managed"].boolValue == true else { return [files] }
        let locale = request.locale
        let service = StockStateService(request.context)
        let levels = try await service.levels(of: row.id)
        let history = try await service.history(of: row.id, limit: 20)
        var nodes: [HTMLNode] = [H.el("h2", text: L("Stock", "Stock")(locale))]
        if levels.isEmpty {
            nodes.append(H.el("p", [("class", "empty")], text: L("Aucun stock.", "No stock.")(locale)))
        } else {
            nodes.append(
                H.el(
                    "table", [("class", "list")],
                    [
                        H.el(
                            "thead", [],
                            [
                                H.el(
                                    "tr", [],
                                    [L("Entrepôt", "Warehouse"), L("Stock réel", "On hand")].map {
                                        H.el("th", [("scope", "col")], text: $0(locale))
                                    })
                            ]),
                        H.el(
                            "tbody", [],
                            levels.map {
                                H.el(
                                    "tr", [],
                                    [
                                        H.el("td", text: $0.name),
                                        H.el("td", [("class", "number")], text: $0.onHand.formatted(locale: locale)),
                                    ])
                            }),
                    ]))
        }
        let located = try await WarehouseLocationService(request.context).levels(product: row.id, limit: 200)
        if !located.isEmpty {
            nodes.append(H.el("h3", text: L("Par emplacement", "By location")(locale)))
            nodes.append(WarehouseLocationPages.levelTable(located, showProduct: false, showWarehouse: true, locale: locale))
        }
        if request.context.allows(.write, .catalog) {
            let reference = QueryValues.encode(row["reference"].textValue ?? "")
            nodes.append(
                H.el(
                    "p", [("class", "actions")],
                    [
                        H.link(
                            "/stock-movements/new?kind=incoming&l0-product=\(reference)", L("Entrée en stock", "Receive stock")(locale),
                            [("class", "button")]),
                        H.link(
                            "/stock-movements/new?kind=outgoing&l0-product=\(reference)", L("Sortie de stock", "Issue stock")(locale),
                            [("class", "button")]),
                        H.link(
                            "/stock-movements?productId=\(row.id.uuidString.lowercased())", L("Mouvements", "Movements")(locale),
                            [("class", "button")]),
                    ]))
        }
        if row["serial_tracked"].boolValue == true {
            let serials = try await service.serialsInStock(product: row.id, warehouse: nil, limit: 200)
            nodes.append(
                H.el("h3", text: L("Numéros de série en stock (\(serials.count))", "Serial numbers in stock (\(serials.count))")(locale)))
            nodes.append(
                H.el(
                    "p", [],
                    serials.isEmpty
                        ? [H.text("—")]
                        : serials.flatMap { [H.link("/serial-numbers/\($0.id.uuidString.lowercased())", $0.serial), H.text(" ")] }))
        }
        if !history.isEmpty {
            nodes.append(H.el("h3", text: L("Derniers mouvements", "Latest movements")(locale)))
            nodes.append(
                H.el(
                    "table", [("class", "list")],
                    [
                        H.el(
                            "thead", [],
                            [
                                H.el(
                                    "tr", [],
                                    [L("Date", "Date"), L("Mouvement", "Movement"), L("Entrepôt", "Warehouse"), L("Quantité", "Quantity")]
                                        .map { H.el("th", [("scope", "col")], text: $0(locale)) })
                            ]),
                        H.el(
                            "tbody", [],
                            history.map { line in
                                H.el(
                                    "tr", [],
                                    [
                                        H.el("td", text: CalendarDay(parsing: line.day)?.formatted(locale: locale) ?? line.day),
                                        H.el(
                                            "td", [],
                                            [H.link("/stock-movements/\(line.movementID.uuidString.lowercased())", line.reference)]),
                                        H.el("td", text: line.warehouseName),
                                        H.el(
                                            "td", [("class", "number")],
                                            text: (line.deltaMilli > 0 ? "+" : "")
                                                + Quantity(milli: line.deltaMilli).formatted(locale: locale)),
                                    ])
                            }),
                    ]))
        }
        return [H.el("section", [("class", "panel")], nodes), files]
    }
}
