import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

extension DeliveryNotePages {
    static func form(
        _ request: Request, id: UUID?, values: [String: String], errors: [String: [Localized]], status: HTTPResponseStatus = .ok,
        blank: Int = 0
    ) async throws -> Response {
        let locale = request.locale
        let stock = StockStateService(request.context)
        let warehouses = try await stock.warehouses().filter { $0.active || values["warehouse"] == $0.id.uuidString.lowercased() }
        let defaultWarehouse = warehouses.first { $0.isDefault }?.id.uuidString.lowercased() ?? ""
        let selectedWarehouse = values["warehouse"] ?? defaultWarehouse
        let title =
            id == nil
            ? L("Nouveau bon de livraison", "New delivery note")(locale)
            : L("Modifier le bon de livraison", "Edit the delivery note")(locale)
        var content: [HTMLNode] = [H.el("h1", text: title)]
        if let summary = LineEditor.summary(errors, labels: headerLabels, locale: locale) { content.append(summary) }
        let header: [HTMLNode] = [
            LineEditor.field("company", headerLabels["company"]!, "", errors: errors, locale: locale, required: true) { attributes in
                H.el(
                    "div", [],
                    [
                        H.void(
                            "input",
                            attributes + [
                                ("type", "text"), ("value", values["company"] ?? ""), ("data-typeahead", "companies"),
                                ("autocomplete", "off"),
                            ])
                    ]
                        + LineEditor.shownRecord("company", id: values["company__id"], title: values["company__title"]))
            },
            LineEditor.field("contact", headerLabels["contact"]!, "", errors: errors, locale: locale) { attributes in
                H.void(
                    "input",
                    attributes + [
                        ("type", "text"), ("value", values["contact"] ?? ""), ("data-typeahead", "contacts"), ("autocomplete", "off"),
                    ])
            },
            LineEditor.field("warehouse", headerLabels["warehouse"]!, "", errors: errors, locale: locale, required: true) {
                LineEditor.select($0, warehouses.map { ($0.id.uuidString.lowercased(), $0.name) }, selected: selectedWarehouse)
            },
            LineEditor.field("date", headerLabels["date"]!, "", errors: errors, locale: locale) { attributes in
                H.void(
                    "input",
                    attributes + [
                        ("type", "text"), ("value", values["date"] ?? ""), ("inputmode", "numeric"), ("placeholder", "jj/mm/aaaa"),
                    ])
            },
            LineEditor.field("deliveryAddress", headerLabels["deliveryAddress"]!, "", errors: errors, locale: locale) { attributes in
                H.el("textarea", attributes + [("rows", "3")], text: values["deliveryAddress"] ?? "")
            },
        ]
        var formNodes: [HTMLNode] = [H.el("div", [("class", "form-grid")], header), H.el("h2", text: L("Lignes", "Lines")(locale))]
        formNodes.append(
            H.el(
                "p", [("class", "help")],
                text: L(
                    "Pour un produit suivi par numéro de série, indiquez un numéro par unité livrée, choisi parmi ceux en stock dans l'entrepôt.",
                    "For a serial-tracked product, give one serial number per unit delivered, among those in stock in the warehouse.")(
                        locale)))
        let rows = LineEditor.rows(values, columns: lineColumns.map(\.key))
        formNodes.append(LineEditor.table(lineColumns, rows: rows, blank: blank, errors: errors, locale: locale))
        formNodes.append(
            H.el(
                "button",
                [("type", "submit"), ("name", "more"), ("value", "1"), ("class", "button"), ("formnovalidate", "formnovalidate")],
                text: L("Plus de lignes", "More lines")(locale)))
        // The serials in stock of the serial-tracked products already on the lines, to pick from.
        let warehouse = UUID(uuidString: selectedWarehouse)
        var hints: [HTMLNode] = []
        var seen = Set<UUID>()
        for row in rows {
            let reference = LineEditor.productReference(row["product"] ?? "").fastTrimmed
            guard !reference.isEmpty, let product = try await stock.product(reference: reference), product.serialTracked,
                seen.insert(product.id).inserted
            else { continue }
            let serials = try await stock.serialsInStock(product: product.id, warehouse: warehouse, limit: 100)
            hints.append(
                H.el(
                    "li", [],
                    [
                        H.el("strong", text: "\(product.reference) : "),
                        H.text(
                            serials.isEmpty
                                ? L("aucun en stock dans cet entrepôt", "none in stock in this warehouse")(locale)
                                : serials.map(\.serial).joined(separator: ", ")),
                    ]))
        }
        if !hints.isEmpty {
            formNodes.append(
                H.el(
                    "div", [("class", "panel")],
                    [H.el("h3", text: L("Numéros de série en stock", "Serial numbers in stock")(locale)), H.el("ul", [], hints)]))
        }
        formNodes.append(
            LineEditor.field("notes", headerLabels["notes"]!, "", errors: errors, locale: locale) { attributes in
                H.el("textarea", attributes + [("rows", "3")], text: values["notes"] ?? "")
            })
        formNodes.append(
            H.el(
                "p", [("class", "actions")],
                [
                    H.el("button", [("type", "submit"), ("class", "button primary")], text: L("Enregistrer", "Save")(locale)),
                    H.link(
                        id.map { "/delivery-notes/\($0.uuidString.lowercased())" } ?? "/delivery-notes", L("Annuler", "Cancel")(locale),
                        [("class", "button")]),
                ]))
        let action = id.map { "/delivery-notes/\($0.uuidString.lowercased())" } ?? "/delivery-notes"
        content.append(
            H.postForm(action, csrf: request.csrfToken, attributes: [("class", "document-form"), ("novalidate", "novalidate")], formNodes))
        let response = Layout.page(request, title: title, content)
        response.status = status
        return response
    }

    static func detail(_ request: Request, _ id: UUID, refusal: AppError? = nil) async throws -> Response {
        let locale = request.locale
        guard let note = try await DeliveryNoteService(request.context).find(id) else { throw AppError.notFound }
        let names = try await StockStateService(request.context).names(products: note.lines.map(\.productID), companies: [note.companyID])
        let title = L("Bon de livraison ", "Delivery note ")(locale) + (note.reference ?? L("(brouillon)", "(draft)")(locale))
        var content: [HTMLNode] = [
            H.el("h1", text: title), CatalogNav.bar(request, current: "/delivery-notes"),
            CatalogFilePages.link("/delivery-notes/\(id.uuidString.lowercased())", locale),
        ]
        if let refusal {
            var messages = refusal.fields.keys.sorted().flatMap { refusal.fields[$0]! }.map { $0(locale) }
            if messages.isEmpty { messages = [refusal.message(locale)] }
            content.append(
                H.el(
                    "div", [("class", "error-summary"), ("role", "alert"), ("tabindex", "-1")],
                    [
                        H.el("p", text: L("Rien n'a été fait :", "Nothing was done:")(locale)),
                        H.el("ul", [], messages.map { H.el("li", text: $0) }),
                    ]))
        }
        var facts: [HTMLNode] = [
            H.el("div", [], [H.el("dt", text: L("État", "State")(locale)), H.el("dd", [], [stateBadge(note.state, locale)])]),
            H.el(
                "div", [],
                [
                    H.el("dt", text: L("Client", "Customer")(locale)),
                    H.el(
                        "dd", [], [H.link("/companies/\(note.companyID.uuidString.lowercased())", names.companies[note.companyID] ?? "—")]),
                ]),
            H.el("div", [], [H.el("dt", text: L("Date", "Date")(locale)), H.el("dd", text: note.date.formatted(locale: locale))]),
            H.el(
                "div", [],
                [H.el("dt", text: L("Entrepôt", "Warehouse")(locale)), H.el("dd", text: names.warehouses[note.warehouseID] ?? "—")]),
        ]
        if let address = note.deliveryAddress {
            facts.append(
                H.el(
                    "div", [],
                    [H.el("dt", text: headerLabels["deliveryAddress"]!(locale)), H.el("dd", [("class", "multiline")], text: address)]))
        }
        if let movement = note.movementID {
            facts.append(
                H.el(
                    "div", [],
                    [
                        H.el("dt", text: L("Mouvement de stock", "Stock movement")(locale)),
                        H.el(
                            "dd", [],
                            [
                                H.link(
                                    "/stock-movements/\(movement.uuidString.lowercased())",
                                    L("voir le mouvement", "see the movement")(locale))
                            ]),
                    ]))
        }
        content.append(H.el("dl", [("class", "details")], facts))
        let headers = [
            L("Produit", "Product"), L("Désignation", "Description"), L("Quantité", "Quantity"), L("Numéros de série", "Serial numbers"),
        ]
        content.append(H.el("h2", text: L("Lignes", "Lines")(locale)))
        content.append(
            H.el(
                "table", [("class", "list")],
                [
                    H.el("thead", [], [H.el("tr", [], headers.map { H.el("th", [("scope", "col")], text: $0(locale)) })]),
                    H.el(
                        "tbody", [],
                        note.lines.map { line in
                            H.el(
                                "tr", [],
                                [
                                    H.el(
                                        "td", [("data-label", headers[0](locale))],
                                        [H.link("/products/\(line.productID.uuidString.lowercased())", names.product(line.productID))]),
                                    H.el("td", [("data-label", headers[1](locale))], text: line.description ?? "—"),
                                    H.el("td", [("data-label", headers[2](locale))], text: line.quantity.formatted(locale: locale)),
                                    H.el(
                                        "td", [("data-label", headers[3](locale))],
                                        text: line.serials.isEmpty ? "—" : line.serials.joined(separator: ", ")),
                                ])
                        }),
                ]))
        if request.context.allows(.write, .catalog) {
            let path = "/delivery-notes/\(id.uuidString.lowercased())"
            var actions: [HTMLNode] = []
            switch note.state {
            case .draft:
                actions.append(
                    H.postForm(
                        path + "/stock-movement", csrf: request.csrfToken,
                        [
                            H.el(
                                "button", [("type", "submit"), ("class", "button primary")],
                                text: L("Transformer en mouvement de stock sortant", "Turn into an outgoing stock movement")(locale))
                        ]))
                actions.append(H.link(path + "/edit", L("Modifier", "Edit")(locale), [("class", "button")]))
                actions.append(
                    H.postForm(
                        path + "/delete", csrf: request.csrfToken,
                        attributes: [("data-confirm", L("Supprimer ce brouillon ?", "Delete this draft?")(locale))],
                        [H.el("button", [("type", "submit"), ("class", "button danger")], text: L("Supprimer", "Delete")(locale))]))
            case .delivered:
                actions.append(
                    H.postForm(
                        path + "/return", csrf: request.csrfToken,
                        [
                            H.el(
                                "button", [("type", "submit"), ("class", "button")],
                                text: L("Enregistrer un retour", "Record a return")(locale))
                        ]))
            case .validated, .returned:
                break
            }
            content.append(H.el("div", [("class", "actions")], actions))
        }
        let response = Layout.page(request, title: title, content)
        if let refusal { response.status = refusal.status.http }
        return response
    }
}
