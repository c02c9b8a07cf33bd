import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// « Marquer comme envoyé », « Commande fournisseur » from an order, « Préparer la livraison » from an order or an
/// invoice: the pages' forms and the API's resources, and the document page's actions and linked movements.
enum SalesLifecyclePages {
    static let sendable: [SalesDocument.Kind] = [.quote, .order, .invoice]

    static func register(_ app: Application) {
        for kind in sendable {
            let segment = PathComponent(stringLiteral: String(SalesPages.path(kind).dropFirst()))
            app.post(segment, ":id", "sending") { request async throws -> Response in
                try PageGuard.requireSignedIn(request)
                let id = try EntityRoutes.id(request)
                return try await SalesPages.transition(request, kind, id) {
                    try await SalesDocumentService(request.context).markSent(id)
                    return (nil, L("Marqué comme envoyé.", "Marked as sent."))
                }
            }
        }
        app.post("orders", ":id", "supplier-order") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let id = try EntityRoutes.id(request)
            let supplier = (try FormInput.strings(request))["supplier"] ?? ""
            return try await SalesPages.transition(request, .order, id) {
                let created = try await SalesConversions(request.context).supplierOrder(from: id, supplier: supplier)
                return (
                    SalesPages.path(.supplierOrder) + "/\(created.uuidString.lowercased())",
                    L(
                        "Commande fournisseur préparée : vérifiez les prix d'achat puis validez-la.",
                        "Supplier order prepared: check the purchase prices, then validate it.")
                )
            }
        }
        for kind in [SalesDocument.Kind.order, .invoice] {
            let segment = PathComponent(stringLiteral: String(SalesPages.path(kind).dropFirst()))
            app.post(segment, ":id", "delivery") { request async throws -> Response in
                try PageGuard.requireSignedIn(request)
                let id = try EntityRoutes.id(request)
                return try await SalesPages.transition(request, kind, id) {
                    let movement = try await SalesConversions(request.context).delivery(from: id)
                    return (
                        "/stock-movements/\(movement.uuidString.lowercased())",
                        L(
                            "Mouvement de stock sortant préparé : choisissez les numéros de série s'il y a lieu, puis validez-le.",
                            "Outgoing stock movement prepared: pick the serial numbers if any, then validate it.")
                    )
                }
            }
        }
    }

    static func registerAPI(_ api: APIRoutes) {
        let tag = "Sales"
        for kind in sendable {
            let path = String(SalesPages.path(kind).dropFirst())
            api.on(
                .POST, "\(path)/:id/sending", summary: "Mark the validated \(kind.label.en.lowercased()) as sent", tag: tag,
                response: SalesAPI.documentSchema
            ) { request in
                let document = try await SalesAPI.document(request, kind)
                try await SalesDocumentService(request.context).markSent(document.id)
                return try await SalesAPI.found(request, document.id)
            }
        }
        api.on(
            .POST, "orders/:id/supplier-order", summary: "A draft supplier order from a validated order, at purchase prices", tag: tag,
            request: ["type": "object", "required": ["supplierId"], "properties": ["supplierId": SalesAPI.uuid]],
            response: SalesAPI.documentSchema, status: 201
        ) { request in
            let order = try await SalesAPI.document(request, .order)
            var body = try CatalogAPI.Body(request, allowed: ["supplierId"], required: ["supplierId"])
            let supplier = body.string("supplierId")
            if !supplier.isEmpty && UUID(uuidString: supplier) == nil {
                body.errors["supplierId", default: []].append(L("Identifiant attendu.", "An id is expected."))
            }
            try body.check()
            let response = try await SalesAPI.found(
                request, try await SalesConversions(request.context).supplierOrder(from: order.id, supplier: supplier))
            response.status = .created
            return response
        }
        api.on(
            .POST, "supplier-orders/:id/invoice",
            summary:
                "A draft supplier invoice from a validated supplier order (its lines and prices, to check against the invoice received)",
            tag: tag, response: SalesAPI.documentSchema, status: 201
        ) { request in
            let order = try await SalesAPI.document(request, .supplierOrder)
            let response = try await SalesAPI.found(request, try await SalesDocumentService(request.context).convert(order.id))
            response.status = .created
            return response
        }
        for kind in [SalesDocument.Kind.order, .invoice] {
            let path = String(SalesPages.path(kind).dropFirst())
            api.on(
                .POST, "\(path)/:id/delivery",
                summary: "A draft outgoing stock movement of the stock-managed lines of the validated \(kind.label.en.lowercased())",
                tag: tag, response: ["type": "object", "properties": ["movementId": SalesAPI.uuid]], status: 201
            ) { request in
                let document = try await SalesAPI.document(request, kind)
                let movement = try await SalesConversions(request.context).delivery(from: document.id)
                return JSONValue.object(["movementId": .string(movement.uuidString.lowercased())]).response(.created)
            }
        }
    }

    /// The document page's extra actions for `document` (shown to who may write sales).
    static func actions(_ document: SalesDocument, _ request: Request, csrf: String) -> [HTMLNode] {
        let locale = request.locale
        let base = SalesPages.path(document.kind) + "/\(document.id.uuidString.lowercased())"
        var actions: [HTMLNode] = []
        func button(_ suffix: String, _ label: Localized, fields: [HTMLNode] = []) -> HTMLNode {
            H.postForm(
                base + suffix, csrf: csrf, attributes: [("class", "inline-form")],
                fields + [H.el("button", [("type", "submit"), ("class", "button")], text: label(locale))])
        }
        if sendable.contains(document.kind) && document.state == .validated {
            actions.append(button("/sending", L("Marquer comme envoyé", "Mark as sent")))
        }
        let open = document.reference != nil && document.state != .cancelled
        // An installment invoice bills part of its order, not goods: the delivery is prepared from the order.
        if open && (document.kind == .order || (document.kind == .invoice && document.subtype == .standard))
            && request.context.allows(.write, .catalog)
        {
            actions.append(button("/delivery", L("Préparer la livraison", "Prepare the delivery")))
        }
        if open && document.kind == .order {
            actions.append(
                button(
                    "/supplier-order", L("Créer la commande fournisseur", "Create the supplier order"),
                    fields: [
                        H.el("label", [("for", "supplier"), ("class", "visually-hidden")], text: L("Fournisseur", "Supplier")(locale)),
                        H.void(
                            "input",
                            [
                                ("type", "text"), ("id", "supplier"), ("name", "supplier"), ("data-typeahead", "companies"),
                                ("autocomplete", "off"), ("placeholder", L("Fournisseur", "Supplier")(locale)), ("required", "required"),
                            ]),
                    ]))
        }
        return actions
    }

    /// What the document page shows below its lines: a balance invoice's preceding invoices, the deliveries drafted.
    static func panels(_ document: SalesDocument, _ request: Request) async throws -> [HTMLNode] {
        try await precedingPanel(document, request) + movementsPanel(document, request)
    }

    /// « Factures précédentes » on a balance invoice: the deposit and intermediate invoices it completes.
    static func precedingPanel(_ document: SalesDocument, _ request: Request) async throws -> [HTMLNode] {
        let preceding = try await SalesDocumentService(request.context).precedingInvoices(of: document)
        guard !preceding.isEmpty else { return [] }
        let locale = request.locale
        return [
            H.el(
                "section", [("class", "panel"), ("id", "preceding-invoices")],
                [
                    H.el("h2", text: L("Factures d'acompte précédentes", "Preceding deposit invoices")(locale)),
                    H.el(
                        "ul", [],
                        preceding.map { reference in
                            H.el(
                                "li",
                                text: reference.number
                                    + (reference.issueDate.map { L(" du ", " of ")(locale) + $0.formatted(locale: locale) } ?? ""))
                        }),
                ])
        ]
    }

    /// « Mouvements de stock » on an order's or invoice's page: the deliveries drafted from it.
    static func movementsPanel(_ document: SalesDocument, _ request: Request) async throws -> [HTMLNode] {
        guard document.kind == .order || document.kind == .invoice else { return [] }
        let movements = try await SalesConversions(request.context).movements(of: document.id)
        guard !movements.isEmpty else { return [] }
        let locale = request.locale
        return [
            H.el(
                "section", [("class", "panel"), ("id", "linked-movements")],
                [
                    H.el("h2", text: L("Livraisons (mouvements de stock)", "Deliveries (stock movements)")(locale)),
                    H.el(
                        "ul", [("class", "links")],
                        movements.map { movement in
                            let state = movement.state == "draft" ? L("brouillon", "draft")(locale) : L("validé", "validated")(locale)
                            return H.el(
                                "li", [],
                                [
                                    H.link(
                                        "/stock-movements/\(movement.id.uuidString.lowercased())",
                                        movement.reference ?? L("Mouvement sortant", "Outgoing movement")(locale)),
                                    H.text(
                                        " — \(CalendarDay(parsing: movement.date)?.formatted(locale: locale) ?? movement.date) (\(state))"),
                                ])
                        }),
                ])
        ]
    }
}
