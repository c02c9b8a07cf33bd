import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// « Mouvements de stock »: the list, the draft form, the movement's page and its transitions (validation, reversal,
/// serial numbers entered after a reception). Each handler parses, calls one service, renders.
enum StockMovementPages {
    static let lineColumns: [LineEditor.Column] = [
        .init(key: "product", label: L("Produit (référence)", "Product (reference)"), kind: .product),
        .init(key: "quantity", label: L("Quantité", "Quantity"), kind: .quantity),
        .init(key: "unitCost", label: L("Coût unitaire HT (entrant)", "Unit cost excl. VAT (incoming)"), kind: .money),
        .init(key: "serials", label: L("Numéros de série (un par ligne)", "Serial numbers (one a line)"), kind: .serials),
        .init(key: "location", label: L("Emplacement", "Location"), kind: .location),
        .init(key: "targetLocation", label: L("Emplacement d'arrivée", "Destination location"), kind: .location),
    ]

    static let headerLabels: [String: Localized] = [
        "kind": L("Type", "Kind"), "date": L("Date", "Date"), "warehouse": L("Entrepôt", "Warehouse"),
        "targetWarehouse": L("Entrepôt d'arrivée", "Destination warehouse"), "company": L("Société", "Company"),
        "label": L("Libellé", "Label"), "notes": L("Notes", "Notes"), "lines": L("Lignes", "Lines"), "reason": L("Motif", "Reason"),
    ]

    static func register(_ app: Application) {
        app.get("stock-movements") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            return try await list(request)
        }
        app.get("stock-movements", "new") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            try request.context.authorize(.write, .catalog)
            // Prefilled from the link that opened it (a product's « Entrée en stock »): the kind and the first line's product.
            var values = ["kind": request.query[String.self, at: "kind"] ?? "incoming"]
            if let product = request.query[String.self, at: "l0-product"] { values["l0-product"] = product }
            if let reason = request.query[String.self, at: "reason"] { values["reason"] = reason }
            return try await form(request, id: nil, values: values, errors: [:])
        }
        app.post("stock-movements") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            return try await save(request, id: nil)
        }
        app.get("stock-movements", ":id") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            return try await detail(request, try EntityRoutes.id(request))
        }
        app.get("stock-movements", ":id", "edit") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            try request.context.authorize(.write, .catalog)
            let id = try EntityRoutes.id(request)
            guard let movement = try await StockMovementService(request.context).find(id) else { throw AppError.notFound }
            let names = try await StockStateService(request.context).names(
                products: movement.lines.map(\.productID), companies: [movement.companyID])
            let codes = Dictionary(
                uniqueKeysWithValues: try await WarehouseLocationService(request.context).all().map { ($0.id, $0.code) })
            return try await form(request, id: id, values: values(of: movement, names, codes: codes), errors: [:])
        }
        app.post("stock-movements", ":id") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            return try await save(request, id: try EntityRoutes.id(request))
        }
        app.post("stock-movements", ":id", "validation") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let id = try EntityRoutes.id(request)
            return try await transition(request, id) {
                let reference = try await StockMovementService(request.context).validate(id)
                return L("Mouvement \(reference) validé : le stock est à jour.", "Movement \(reference) validated: stock is up to date.")
            }
        }
        app.post("stock-movements", ":id", "reversal") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let id = try EntityRoutes.id(request)
            do {
                let reversal = try await StockMovementService(request.context).reverse(id)
                return request.redirect(
                    to: "/stock-movements/\(reversal.uuidString.lowercased())",
                    flash: Flash(.success, L("Mouvement inverse créé et validé.", "Reversing movement created and validated.")))
            } catch let error as AppError where error.status.code == 409 || error.status.code == 422 {
                return request.redirect(to: "/stock-movements/\(id.uuidString.lowercased())", flash: Flash(.error, firstMessage(error)))
            }
        }
        app.post("stock-movements", ":id", "delete") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let id = try EntityRoutes.id(request)
            do {
                try await StockMovementService(request.context).deleteDraft(id)
            } catch let error as AppError where error.status.code == 409 {
                return request.redirect(to: "/stock-movements/\(id.uuidString.lowercased())", flash: Flash(.error, error.message))
            }
            return request.redirect(to: "/stock-movements", flash: Flash(.success, L("Brouillon supprimé.", "Draft deleted.")))
        }
        app.post("stock-movements", ":id", "lines", ":line", "serials") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let id = try EntityRoutes.id(request)
            guard let line = request.parameters.get("line").flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
            let values = try FormInput.strings(request)
            var serials = [values["serials"] ?? ""]
            let prefix = values["prefix"] ?? ""
            if let count = Int((values["count"] ?? "").fastTrimmed), count > 0 {
                guard count <= 10_000, let start = Int((values["start"] ?? "1").fastTrimmed), start >= 0, start < 1_000_000_000 else {
                    return request.redirect(
                        to: "/stock-movements/\(id.uuidString.lowercased())",
                        flash: Flash(
                            .error,
                            L(
                                "Plage invalide : début et nombre entiers (10 000 au plus).",
                                "Invalid range: whole start and count (10,000 at most).")))
                }
                let width = Int((values["width"] ?? "").fastTrimmed) ?? 0
                serials.append(
                    StockMovement.serialRange(prefix: prefix, start: start, count: count, width: min(max(width, 0), 12)).joined(
                        separator: "\n"))
            }
            return try await transition(request, id) {
                try await StockMovementService(request.context).addSerials(movement: id, line: line, serials: serials)
                return L("Numéros de série enregistrés.", "Serial numbers saved.")
            }
        }
    }

    /// Runs a transition and comes back to the movement's page with its outcome.
    static func transition(_ request: Request, _ id: UUID, _ body: () async throws -> Localized) async throws -> Response {
        let back = "/stock-movements/\(id.uuidString.lowercased())"
        do {
            return request.redirect(to: back, flash: Flash(.success, try await body()))
        } catch let error as AppError where error.status.code == 409 || error.status.code == 422 {
            return try await detail(request, id, refusal: error)
        }
    }

    static func firstMessage(_ error: AppError) -> Localized {
        error.fields.values.first?.first ?? error.message
    }

    static func input(_ values: [String: String]) -> StockMovementInput {
        StockMovementInput(
            kind: values["kind"] ?? "", label: values["label"] ?? "", date: values["date"] ?? "", warehouse: values["warehouse"] ?? "",
            targetWarehouse: values["targetWarehouse"] ?? "", company: LineEditor.reference(values, "company"),
            notes: values["notes"] ?? "", reason: values["reason"] ?? "",
            lines: LineEditor.rows(values, columns: lineColumns.map(\.key)).map {
                .init(
                    product: LineEditor.productReference($0["product"] ?? ""), quantity: $0["quantity"] ?? "",
                    unitCost: $0["unitCost"] ?? "", serials: $0["serials"] ?? "", location: $0["location"] ?? "",
                    targetLocation: $0["targetLocation"] ?? "")
            })
    }

    static func save(_ request: Request, id: UUID?) async throws -> Response {
        let values = try FormInput.strings(request)
        if values["more"] != nil {
            return try await form(request, id: id, values: values, errors: [:], blank: 5)
        }
        let service = StockMovementService(request.context)
        do {
            let saved: UUID
            if let id {
                try await service.updateDraft(id, input(values))
                saved = id
            } else {
                saved = try await service.createDraft(input(values))
            }
            return request.redirect(
                to: "/stock-movements/\(saved.uuidString.lowercased())",
                flash: Flash(
                    .success,
                    L("Brouillon enregistré : validez-le pour mettre le stock à jour.", "Draft saved: validate it to update the stock.")))
        } catch let error as AppError where error.code == "validation_failed" {
            return try await form(request, id: id, values: values, errors: error.fields, status: .unprocessableEntity)
        } catch let error as AppError where error.code == "movement_validated" && id != nil {
            return request.redirect(to: "/stock-movements/\(id!.uuidString.lowercased())", flash: Flash(.error, error.message))
        }
    }

    /// A movement's values as its form shows them.
    static func values(of movement: StockMovement, _ names: StockStateService.Names, codes: [UUID: String]) -> [String: String] {
        var values: [String: String] = [
            "kind": movement.kind.rawValue, "label": movement.label ?? "", "date": movement.date.formatted(),
            "warehouse": movement.warehouseID.uuidString.lowercased(),
            "targetWarehouse": movement.targetWarehouseID?.uuidString.lowercased() ?? "",
            "notes": movement.notes ?? "", "reason": movement.reason?.rawValue ?? "",
        ]
        if let company = movement.companyID, let name = names.companies[company] {
            values["company"] = name
            values["company__id"] = company.uuidString.lowercased()
            values["company__title"] = name
        }
        for (index, line) in movement.lines.enumerated() {
            values["l\(index)-product"] = names.products[line.productID]?.reference ?? line.productID.uuidString.lowercased()
            values["l\(index)-quantity"] = line.quantity.decimalString.replacingOccurrences(of: ".", with: ",")
            values["l\(index)-unitCost"] =
                line.unitCost.map { Money(minorUnits: $0).decimalString.replacingOccurrences(of: ".", with: ",") } ?? ""
            values["l\(index)-serials"] = line.serials.joined(separator: "\n")
            values["l\(index)-location"] = line.locationID.flatMap { codes[$0] } ?? ""
            values["l\(index)-targetLocation"] = line.targetLocationID.flatMap { codes[$0] } ?? ""
        }
        return values
    }

    static func list(_ request: Request) async throws -> Response {
        let locale = request.locale
        let page = max(request.query[Int.self, at: "page"] ?? 1, 1)
        let kind = request.query[String.self, at: "kind"].flatMap { StockMovement.Kind(rawValue: $0) }
        let state = request.query[String.self, at: "state"].flatMap { ["draft", "validated"].contains($0) ? $0 : nil }
        let text = request.query[String.self, at: "q"] ?? ""
        let product = request.query[String.self, at: "productId"].flatMap(UUID.init(uuidString:))
        let rows = try await StockMovementService(request.context).list(
            StockMovementFilter(kind: kind?.rawValue, state: state, productID: product, text: text), limit: 51, offset: (page - 1) * 50)
        var content: [HTMLNode] = [
            H.el("h1", text: L("Mouvements de stock", "Stock movements")(locale)), CatalogNav.bar(request, current: "/stock-movements"),
        ]
        if request.context.allows(.write, .catalog) {
            content.append(
                H.el(
                    "p", [("class", "actions")],
                    StockMovement.Kind.allCases.map { kind in
                        H.link(
                            "/stock-movements/new?kind=\(kind.rawValue)",
                            L("Nouveau : ", "New: ")(locale) + kind.label(locale).lowercased(),
                            [("class", "button")])
                    } + [
                        H.link(
                            "/stock-movements/new?kind=outgoing&reason=scrap",
                            L("Nouveau : ", "New: ")(locale) + StockMovement.Reason.scrap.label(locale).lowercased(), [("class", "button")])
                    ]))
        }
        content.append(
            H.el(
                "form", [("method", "get"), ("action", "/stock-movements"), ("class", "filters")],
                [
                    LineEditor.field("q", L("Référence ou libellé", "Reference or label"), text, errors: [:], locale: locale),
                    LineEditor.field("kind", L("Type", "Kind"), "", errors: [:], locale: locale) { attributes in
                        LineEditor.select(
                            attributes, StockMovement.Kind.allCases.map { ($0.rawValue, $0.label(locale)) }, selected: kind?.rawValue ?? "",
                            blank: L("Tous", "All")(locale))
                    },
                    LineEditor.field("state", L("État", "State"), "", errors: [:], locale: locale) { attributes in
                        LineEditor.select(
                            attributes, [("draft", L("Brouillon", "Draft")(locale)), ("validated", L("Validé", "Validated")(locale))],
                            selected: state ?? "", blank: L("Tous", "All")(locale))
                    },
                    H.el("button", [("type", "submit"), ("class", "button")], text: L("Filtrer", "Filter")(locale)),
                ]))
        if rows.isEmpty {
            content.append(H.el("p", [("class", "empty")], text: L("Aucun mouvement.", "No movement.")(locale)))
        } else {
            let headers = [
                L("Référence", "Reference"), L("Date", "Date"), L("Type", "Kind"), L("Entrepôt", "Warehouse"), L("Société", "Company"),
                L("Lignes", "Lines"), L("État", "State"),
            ]
            content.append(
                H.el(
                    "table", [("class", "list")],
                    [
                        H.el("thead", [], [H.el("tr", [], headers.map { H.el("th", [("scope", "col")], text: $0(locale)) })]),
                        H.el(
                            "tbody", [],
                            rows.prefix(50).map { row in
                                let movement = row.record
                                var kindLabel = StockMovement.Kind(rawValue: movement.kind)?.label(locale) ?? movement.kind
                                if let reason = movement.reason.flatMap(StockMovement.Reason.init(rawValue:)) {
                                    kindLabel += " (" + reason.label(locale).lowercased() + ")"
                                }
                                let place = row.targetWarehouseName.map { "\(row.warehouseName) → \($0)" } ?? row.warehouseName
                                return H.el(
                                    "tr", [],
                                    [
                                        H.el(
                                            "td", [("data-label", L("Référence", "Reference")(locale))],
                                            [
                                                H.link(
                                                    "/stock-movements/\(movement.id.uuidString.lowercased())",
                                                    movement.reference ?? (movement.label ?? L("Brouillon", "Draft")(locale)))
                                            ]),
                                        H.el(
                                            "td", [("data-label", L("Date", "Date")(locale))],
                                            text: CalendarDay(parsing: movement.movementDate)?.formatted(locale: locale)
                                                ?? movement.movementDate),
                                        H.el(
                                            "td", [("data-label", L("Type", "Kind")(locale))],
                                            text: kindLabel + (movement.reversesID != nil ? L(" (annulation)", " (reversal)")(locale) : "")),
                                        H.el("td", [("data-label", L("Entrepôt", "Warehouse")(locale))], text: place),
                                        H.el("td", [("data-label", L("Société", "Company")(locale))], text: row.companyName ?? "—"),
                                        H.el("td", [("data-label", L("Lignes", "Lines")(locale))], text: String(row.lineCount)),
                                        H.el(
                                            "td", [("data-label", L("État", "State")(locale))],
                                            [stateBadge(movement.state == "validated", locale)]),
                                    ])
                            }),
                    ]))
            content.append(CatalogNav.pager(request, page: page, hasNext: rows.count > 50))
        }
        return Layout.page(request, title: L("Mouvements de stock", "Stock movements")(locale), content)
    }

    static func stateBadge(_ validated: Bool, _ locale: DisplayLocale) -> HTMLNode {
        H.el(
            "span", [("class", validated ? "badge success" : "badge")],
            text: validated ? L("Validé", "Validated")(locale) : L("Brouillon", "Draft")(locale))
    }
}
