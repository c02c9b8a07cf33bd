import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// « Bons de livraison »: list, draft form with the serial numbers picked per line, the note's page, and
/// « Transformer en mouvement de stock sortant » / « Enregistrer un retour ».
enum DeliveryNotePages {
    static let lineColumns: [LineEditor.Column] = [
        .init(key: "product", label: L("Produit (référence)", "Product (reference)"), kind: .product),
        .init(key: "quantity", label: L("Quantité", "Quantity"), kind: .quantity),
        .init(key: "description", label: L("Désignation (facultatif)", "Description (optional)"), kind: .text),
        .init(key: "serials", label: L("Numéros de série livrés", "Serial numbers delivered"), kind: .serials),
    ]

    static let headerLabels: [String: Localized] = [
        "company": L("Client", "Customer"), "contact": L("Contact", "Contact"), "warehouse": L("Entrepôt", "Warehouse"),
        "deliveryAddress": L("Adresse de livraison", "Delivery address"), "date": L("Date", "Date"), "notes": L("Notes", "Notes"),
        "lines": L("Lignes", "Lines"),
    ]

    static func register(_ app: Application) {
        app.get("delivery-notes") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            return try await list(request)
        }
        app.get("delivery-notes", "new") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            try request.context.authorize(.write, .catalog)
            var values: [String: String] = [:]
            if let company = request.query[String.self, at: "companyId"], UUID(uuidString: company) != nil { values["company"] = company }
            return try await form(request, id: nil, values: values, errors: [:])
        }
        app.post("delivery-notes") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            return try await save(request, id: nil)
        }
        app.get("delivery-notes", ":id") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            return try await detail(request, try EntityRoutes.id(request))
        }
        app.get("delivery-notes", ":id", "edit") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            try request.context.authorize(.write, .catalog)
            let id = try EntityRoutes.id(request)
            guard let note = try await DeliveryNoteService(request.context).find(id) else { throw AppError.notFound }
            let names = try await StockStateService(request.context).names(
                products: note.lines.map(\.productID), companies: [note.companyID])
            return try await form(request, id: id, values: values(of: note, names), errors: [:])
        }
        app.post("delivery-notes", ":id") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            return try await save(request, id: try EntityRoutes.id(request))
        }
        app.post("delivery-notes", ":id", "delete") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let id = try EntityRoutes.id(request)
            do {
                try await DeliveryNoteService(request.context).delete(id)
            } catch let error as AppError where error.status.code == 409 {
                return request.redirect(to: "/delivery-notes/\(id.uuidString.lowercased())", flash: Flash(.error, error.message))
            }
            return request.redirect(to: "/delivery-notes", flash: Flash(.success, L("Brouillon supprimé.", "Draft deleted.")))
        }
        app.post("delivery-notes", ":id", "stock-movement") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let id = try EntityRoutes.id(request)
            do {
                let movement = try await DeliveryNoteService(request.context).transform(id)
                return request.redirect(
                    to: "/stock-movements/\(movement.uuidString.lowercased())",
                    flash: Flash(
                        .success,
                        L(
                            "Mouvement de stock sortant créé : validez-le à l'expédition.",
                            "Outgoing stock movement created: validate it when shipping.")))
            } catch let error as AppError where error.status.code == 409 || error.status.code == 422 {
                return try await detail(request, id, refusal: error)
            }
        }
        app.post("delivery-notes", ":id", "return") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let id = try EntityRoutes.id(request)
            do {
                let movement = try await DeliveryNoteService(request.context).createReturn(id)
                return request.redirect(
                    to: "/stock-movements/\(movement.uuidString.lowercased())",
                    flash: Flash(
                        .success,
                        L(
                            "Retour préparé : ajustez les lignes si besoin, puis validez.",
                            "Return prepared: adjust the lines if needed, then validate.")))
            } catch let error as AppError where error.status.code == 409 {
                return try await detail(request, id, refusal: error)
            }
        }
    }

    static func input(_ values: [String: String]) -> DeliveryNoteInput {
        DeliveryNoteInput(
            company: LineEditor.reference(values, "company"),
            contact: LineEditor.reference(values, "contact"), warehouse: values["warehouse"] ?? "",
            deliveryAddress: values["deliveryAddress"] ?? "", date: values["date"] ?? "", notes: values["notes"] ?? "",
            lines: LineEditor.rows(values, columns: lineColumns.map(\.key)).map {
                .init(
                    product: LineEditor.productReference($0["product"] ?? ""), quantity: $0["quantity"] ?? "",
                    description: $0["description"] ?? "",
                    serials: $0["serials"] ?? "")
            })
    }

    static func save(_ request: Request, id: UUID?) async throws -> Response {
        let values = try FormInput.strings(request)
        if values["more"] != nil { return try await form(request, id: id, values: values, errors: [:], blank: 5) }
        let service = DeliveryNoteService(request.context)
        do {
            let saved: UUID
            if let id {
                try await service.update(id, input(values))
                saved = id
            } else {
                saved = try await service.create(input(values))
            }
            return request.redirect(
                to: "/delivery-notes/\(saved.uuidString.lowercased())",
                flash: Flash(.success, L("Bon de livraison enregistré.", "Delivery note saved.")))
        } catch let error as AppError where error.code == "validation_failed" {
            return try await form(request, id: id, values: values, errors: error.fields, status: .unprocessableEntity)
        } catch let error as AppError where error.code == "delivery_note_locked" && id != nil {
            return request.redirect(to: "/delivery-notes/\(id!.uuidString.lowercased())", flash: Flash(.error, error.message))
        }
    }

    static func values(of note: DeliveryNote, _ names: StockStateService.Names) -> [String: String] {
        var values: [String: String] = [
            "company": names.companies[note.companyID] ?? "", "company__id": note.companyID.uuidString.lowercased(),
            "company__title": names.companies[note.companyID] ?? "",
            "warehouse": note.warehouseID.uuidString.lowercased(), "deliveryAddress": note.deliveryAddress ?? "",
            "date": note.date.formatted(),
            "notes": note.notes ?? "",
        ]
        for (index, line) in note.lines.enumerated() {
            values["l\(index)-product"] = names.products[line.productID]?.reference ?? ""
            values["l\(index)-quantity"] = line.quantity.decimalString.replacingOccurrences(of: ".", with: ",")
            values["l\(index)-description"] = line.description ?? ""
            values["l\(index)-serials"] = line.serials.joined(separator: "\n")
        }
        return values
    }

    static func stateBadge(_ state: DeliveryNote.State, _ locale: DisplayLocale) -> HTMLNode {
        H.el("span", [("class", state == .delivered ? "badge success" : "badge")], text: state.label(locale))
    }

    static func list(_ request: Request) async throws -> Response {
        let locale = request.locale
        let page = max(request.query[Int.self, at: "page"] ?? 1, 1)
        let state = request.query[String.self, at: "state"].flatMap { DeliveryNote.State(rawValue: $0) }
        let text = request.query[String.self, at: "q"] ?? ""
        let rows = try await DeliveryNoteService(request.context).list(
            state: state?.rawValue, text: text, limit: 51, offset: (page - 1) * 50)
        var content: [HTMLNode] = [
            H.el("h1", text: L("Bons de livraison", "Delivery notes")(locale)), CatalogNav.bar(request, current: "/delivery-notes"),
        ]
        if request.context.allows(.write, .catalog) {
            content.append(
                H.el(
                    "p", [("class", "actions")],
                    [
                        H.link(
                            "/delivery-notes/new", L("Nouveau bon de livraison", "New delivery note")(locale), [("class", "button primary")]
                        )
                    ]))
        }
        content.append(
            H.el(
                "form", [("method", "get"), ("action", "/delivery-notes"), ("class", "filters")],
                [
                    LineEditor.field("q", L("Référence ou client", "Reference or customer"), text, errors: [:], locale: locale),
                    LineEditor.field("state", L("État", "State"), "", errors: [:], locale: locale) {
                        LineEditor.select(
                            $0, DeliveryNote.State.allCases.map { ($0.rawValue, $0.label(locale)) }, selected: state?.rawValue ?? "",
                            blank: L("Tous", "All")(locale))
                    },
                    H.el("button", [("type", "submit"), ("class", "button")], text: L("Filtrer", "Filter")(locale)),
                ]))
        if rows.isEmpty {
            content.append(H.el("p", [("class", "empty")], text: L("Aucun bon de livraison.", "No delivery note.")(locale)))
        } else {
            let headers = [
                L("Référence", "Reference"), L("Date", "Date"), L("Client", "Customer"), L("Entrepôt", "Warehouse"), L("Lignes", "Lines"),
                L("Mouvement", "Movement"), L("État", "State"),
            ]
            content.append(
                H.el(
                    "table", [("class", "list")],
                    [
                        H.el("thead", [], [H.el("tr", [], headers.map { H.el("th", [("scope", "col")], text: $0(locale)) })]),
                        H.el(
                            "tbody", [],
                            rows.prefix(50).map { row in
                                let note = row.record
                                let state = DeliveryNote.State(rawValue: note.state) ?? .draft
                                return H.el(
                                    "tr", [],
                                    [
                                        H.el(
                                            "td", [("data-label", headers[0](locale))],
                                            [
                                                H.link(
                                                    "/delivery-notes/\(note.id.uuidString.lowercased())",
                                                    note.reference ?? L("Brouillon", "Draft")(locale))
                                            ]),
                                        H.el(
                                            "td", [("data-label", headers[1](locale))],
                                            text: CalendarDay(parsing: note.noteDate)?.formatted(locale: locale) ?? note.noteDate),
                                        H.el("td", [("data-label", headers[2](locale))], text: row.companyName),
                                        H.el("td", [("data-label", headers[3](locale))], text: row.warehouseName),
                                        H.el("td", [("data-label", headers[4](locale))], text: String(row.lineCount)),
                                        H.el("td", [("data-label", headers[5](locale))], text: row.movementReference ?? "—"),
                                        H.el("td", [("data-label", headers[6](locale))], [stateBadge(state, locale)]),
                                    ])
                            }),
                    ]))
            content.append(CatalogNav.pager(request, page: page, hasNext: rows.count > 50))
        }
        return Layout.page(request, title: L("Bons de livraison", "Delivery notes")(locale), content)
    }
}
