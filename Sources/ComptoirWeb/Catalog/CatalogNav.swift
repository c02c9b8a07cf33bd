import ComptoirCore
import ComptoirServices
import Foundation
import Vapor

/// The catalogue's sub-navigation (stock, movements, delivery notes, serials, warehouses, products) and list pager.
enum CatalogNav {
    static let items: [(String, Localized)] = [
        ("/stock", L("État des stocks", "Stock state")), ("/stock-movements", L("Mouvements", "Movements")),
        ("/delivery-notes", L("Bons de livraison", "Delivery notes")), ("/serial-numbers", L("Numéros de série", "Serial numbers")),
        ("/products", L("Produits", "Products")), ("/warehouses", L("Entrepôts", "Warehouses")),
    ]

    static func bar(_ request: Request, current: String) -> HTMLNode {
        tabs(request, items, label: L("Stock", "Stock"), current: current)
    }

    /// A module's sub-navigation: one tab a page, the current one marked.
    static func tabs(_ request: Request, _ items: [(String, Localized)], label: Localized, current: String) -> HTMLNode {
        let locale = request.locale
        return H.el(
            "nav", [("class", "tabs subnav"), ("aria-label", label(locale))],
            items.map { path, label in
                H.el(
                    "a",
                    [("href", path), ("class", path == current ? "tab active" : "tab"), ("aria-current", path == current ? "page" : nil)],
                    text: label(locale))
            })
    }

    /// « Précédent / Suivant » links keeping the query's other parameters.
    static func pager(_ request: Request, page: Int, hasNext: Bool) -> HTMLNode {
        let locale = request.locale
        var links: [HTMLNode] = []
        func url(_ page: Int) -> String {
            var query = QueryValues.parse(request.url.query ?? "").compactMapValues { $0.last }
            query["page"] = String(page)
            return request.url.path + "?"
                + query.sorted { $0.key < $1.key }.map { "\(QueryValues.encode($0.key))=\(QueryValues.encode($0.value))" }.joined(
                    separator: "&")
        }
        if page > 1 { links.append(H.link(url(page - 1), L("← Précédent", "← Previous")(locale), [("class", "button")])) }
        if hasNext { links.append(H.link(url(page + 1), L("Suivant →", "Next →")(locale), [("class", "button")])) }
        return H.el("nav", [("class", "pager"), ("aria-label", L("Pages", "Pages")(locale))], links)
    }
}
