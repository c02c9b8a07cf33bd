import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// « Ventes »: quotes, orders, invoices, credit notes and supplier documents — one list, draft form and document page per
/// kind, at the kind's own path (`/quotes`, `/invoices`…), and the transitions (validate, convert, credit note, quote
/// decision). Each handler parses, calls one service, renders.
enum SalesPages {
    /// The page path of each kind, as the API's resources.
    static let paths: [(path: String, kind: SalesDocument.Kind)] = [
        ("quotes", .quote), ("orders", .order), ("invoices", .invoice), ("credit-notes", .creditNote),
        ("supplier-orders", .supplierOrder), ("supplier-invoices", .supplierInvoice),
    ]

    static func path(_ kind: SalesDocument.Kind) -> String { "/" + (paths.first { $0.kind == kind }?.path ?? "invoices") }

    static func plural(_ kind: SalesDocument.Kind) -> Localized {
        switch kind {
        case .quote: L("Devis", "Quotes")
        case .order: L("Bons de commande", "Orders")
        case .invoice: L("Factures", "Invoices")
        case .creditNote: L("Avoirs", "Credit notes")
        case .supplierOrder: L("Commandes fournisseurs", "Supplier orders")
        case .supplierInvoice: L("Factures fournisseurs", "Supplier invoices")
        }
    }

    /// « Nouveau devis », « Nouvelle facture »…
    static func newLabel(_ kind: SalesDocument.Kind) -> Localized {
        switch kind {
        case .quote: L("Nouveau devis", "New quote")
        case .order: L("Nouveau bon de commande", "New order")
        case .invoice: L("Nouvelle facture", "New invoice")
        case .creditNote: L("Nouvel avoir", "New credit note")
        case .supplierOrder: L("Nouvelle commande fournisseur", "New supplier order")
        case .supplierInvoice: L("Nouvelle facture fournisseur", "New supplier invoice")
        }
    }

    /// « Facture FA2026-00001 validée. »: the participle agrees with the kind's gender.
    static func validatedMessage(_ kind: SalesDocument.Kind, _ reference: String) -> Localized {
        let feminine: Set<SalesDocument.Kind> = [.invoice, .supplierOrder, .supplierInvoice]
        return L(
            "\(kind.label.fr) \(reference) validé\(feminine.contains(kind) ? "e" : "").", "\(kind.label.en) \(reference) validated.")
    }

    /// « Bon de commande préparé à partir du devis DE2026-00004 : vérifiez-le puis validez-le. »
    static func convertedMessage(_ target: SalesDocument.Kind, from source: SalesDocument) -> Localized {
        let feminine = target == .invoice || target == .supplierInvoice
        let reference = source.reference ?? ""
        let of = source.kind == .supplierOrder ? "de la" : "du"
        return L(
            "\(target.label.fr) \(feminine ? "préparée" : "préparé") à partir \(of) \(source.kind.label.fr.lowercased()) \(reference) : "
                + "vérifiez-\(feminine ? "la" : "le") puis validez-\(feminine ? "la" : "le").",
            "\(target.label.en) prepared from \(source.kind.label.en.lowercased()) \(reference): check it, then validate it.")
    }

    static func register(_ app: Application) {
        for (segment, kind) in paths {
            app.get(PathComponent(stringLiteral: segment)) { request async throws -> Response in
                try PageGuard.requireSignedIn(request)
                return try await list(request, kind)
            }
            app.get(PathComponent(stringLiteral: segment), "new") { request async throws -> Response in
                try PageGuard.requireSignedIn(request)
                try request.context.authorize(.write, .sales)
                return try await form(request, kind, id: nil, values: [:], errors: [:])
            }
            app.post(PathComponent(stringLiteral: segment)) { request async throws -> Response in
                try PageGuard.requireSignedIn(request)
                return try await save(request, kind, id: nil)
            }
            app.get(PathComponent(stringLiteral: segment), ":id") { request async throws -> Response in
                try PageGuard.requireSignedIn(request)
                return try await detail(request, kind, try EntityRoutes.id(request))
            }
            app.get(PathComponent(stringLiteral: segment), ":id", "edit") { request async throws -> Response in
                try PageGuard.requireSignedIn(request)
                try request.context.authorize(.write, .sales)
                let document = try await load(request, kind, try EntityRoutes.id(request))
                let names = try await SalesDocumentService(request.context).names(of: document)
                return try await form(request, kind, id: document.id, values: values(of: document, names), errors: [:])
            }
            app.post(PathComponent(stringLiteral: segment), ":id") { request async throws -> Response in
                try PageGuard.requireSignedIn(request)
                return try await save(request, kind, id: try EntityRoutes.id(request))
            }
            app.post(PathComponent(stringLiteral: segment), ":id", "validation") { request async throws -> Response in
                try PageGuard.requireSignedIn(request)
                let id = try EntityRoutes.id(request)
                return try await transition(request, kind, id) {
                    let reference = try await SalesDocumentService(request.context).validate(id)
                    return (nil, validatedMessage(kind, reference))
                }
            }
            app.post(PathComponent(stringLiteral: segment), ":id", "delete") { request async throws -> Response in
                try PageGuard.requireSignedIn(request)
                let id = try EntityRoutes.id(request)
                do {
                    try await SalesDocumentService(request.context).deleteDraft(id)
                } catch let error as AppError where error.status.code == 409 {
                    return request.redirect(to: path(kind) + "/\(id.uuidString.lowercased())", flash: Flash(.error, error.message))
                }
                return request.redirect(to: path(kind), flash: Flash(.success, L("Brouillon supprimé.", "Draft deleted.")))
            }
            app.post(PathComponent(stringLiteral: segment), ":id", "conversion") { request async throws -> Response in
                try PageGuard.requireSignedIn(request)
                let id = try EntityRoutes.id(request)
                return try await transition(request, kind, id) {
                    let source = try await load(request, kind, id)
                    let created = try await SalesDocumentService(request.context).convert(id)
                    let target = SalesDocumentService.conversionTarget(of: kind) ?? .invoice
                    return (path(target) + "/\(created.uuidString.lowercased())", convertedMessage(target, from: source))
                }
            }
            app.post(PathComponent(stringLiteral: segment), ":id", "credit-note") { request async throws -> Response in
                try PageGuard.requireSignedIn(request)
                let id = try EntityRoutes.id(request)
                return try await transition(request, kind, id) {
                    let created = try await SalesDocumentService(request.context).createCreditNote(for: id)
                    return (
                        path(.creditNote) + "/\(created.uuidString.lowercased())",
                        L("Avoir préparé : validez-le pour annuler la facture.", "Credit note prepared: validate it to cancel the invoice.")
                    )
                }
            }
            app.post(PathComponent(stringLiteral: segment), ":id", "decision") { request async throws -> Response in
                try PageGuard.requireSignedIn(request)
                let id = try EntityRoutes.id(request)
                let accepted = (try FormInput.strings(request))["decision"] == "accepted"
                return try await transition(request, kind, id) {
                    try await SalesDocumentService(request.context).decideQuote(id, accepted: accepted)
                    return (nil, accepted ? L("Devis accepté.", "Quote accepted.") : L("Devis refusé.", "Quote refused."))
                }
            }
        }
        // Any sales document by its id (attachments filed on one lead back here): its kind's page.
        app.get("sales-documents", ":id") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let id = try EntityRoutes.id(request)
            guard let document = try await SalesDocumentService(request.context).find(id) else { throw AppError.notFound }
            return request.redirect(to: path(document.kind) + "/\(id.uuidString.lowercased())")
        }
        SalesPaymentPages.register(app)
        SalesSettingsPages.register(app)
        SalesInstallmentPages.register(app)
        SalesFilePages.register(app)
        SupplierInvoiceImportPages.register(app)
        SalesDashboardPage.register(app)
        SalesLifecyclePages.register(app)
        SalesPaymentListPages.register(app)
        SalesChainPage.register(app)
    }

    /// The document of `kind` (another kind's id is not found at this path).
    static func load(_ request: Request, _ kind: SalesDocument.Kind, _ id: UUID) async throws -> SalesDocument {
        guard let document = try await SalesDocumentService(request.context).find(id), document.kind == kind else {
            throw AppError.notFound
        }
        return document
    }

    /// Runs a transition, then goes to the page it names (or back to the document) with its outcome; a refusal comes back
    /// on the document's page with every reason.
    static func transition(
        _ request: Request, _ kind: SalesDocument.Kind, _ id: UUID, _ body: () async throws -> (String?, Localized)
    ) async throws -> Response {
        _ = try await load(request, kind, id)
        do {
            let (target, message) = try await body()
            return request.redirect(to: target ?? path(kind) + "/\(id.uuidString.lowercased())", flash: Flash(.success, message))
        } catch let error as AppError where error.status.code == 409 || error.status.code == 422 {
            return try await detail(request, kind, id, refusal: error)
        }
    }

    static let lineColumns: [LineEditor.Column] = [
        .init(key: "product", label: L("Produit (référence)", "Product (reference)"), kind: .product),
        .init(key: "description", label: L("Désignation", "Description"), kind: .text),
        .init(key: "quantity", label: L("Quantité", "Quantity"), kind: .quantity),
        .init(key: "unit", label: L("Unité", "Unit"), kind: .text),
        .init(key: "unitPrice", label: L("Prix unitaire HT", "Unit price excl. VAT"), kind: .money),
        .init(key: "discount", label: L("Remise %", "Discount %"), kind: .quantity),
        .init(key: "vatRate", label: L("TVA %", "VAT %"), kind: .quantity),
    ]

    static let headerKeys = [
        "title", "company", "contact", "billingAddress", "deliveryAddress", "project", "issueDate", "deliveryDate", "dueDate",
        "validUntil", "paymentTerms", "latePenaltyRate", "earlyPaymentDiscount", "nature", "notes", "supplierReference",
    ]

    static func input(_ kind: SalesDocument.Kind, _ values: [String: String]) -> SalesDocumentInput {
        func value(_ key: String) -> String { values[key] ?? "" }
        return SalesDocumentInput(
            kind: kind.rawValue, title: value("title"), company: LineEditor.reference(values, "company"),
            contact: LineEditor.reference(values, "contact"), billingAddress: value("billingAddress"),
            deliveryAddress: value("deliveryAddress"), project: LineEditor.reference(values, "project"), issueDate: value("issueDate"),
            deliveryDate: value("deliveryDate"), dueDate: value("dueDate"), validUntil: value("validUntil"),
            paymentTerms: value("paymentTerms"), latePenaltyRate: value("latePenaltyRate"),
            earlyPaymentDiscount: value("earlyPaymentDiscount"), nature: value("nature"), notes: value("notes"),
            supplierReference: value("supplierReference"),
            lines: LineEditor.rows(values, columns: lineColumns.map(\.key)).map {
                .init(
                    product: LineEditor.productReference($0["product"] ?? ""), description: $0["description"] ?? "",
                    quantity: $0["quantity"] ?? "", unit: $0["unit"] ?? "", unitPrice: $0["unitPrice"] ?? "",
                    discount: $0["discount"] ?? "", vatRate: $0["vatRate"] ?? "")
            })
    }

    static func save(_ request: Request, _ kind: SalesDocument.Kind, id: UUID?) async throws -> Response {
        let values = try FormInput.strings(request)
        if values["more"] != nil { return try await form(request, kind, id: id, values: values, errors: [:], blank: 5) }
        let service = SalesDocumentService(request.context)
        if let id { _ = try await load(request, kind, id) }
        do {
            let saved: UUID
            if let id {
                try await service.updateDraft(id, input(kind, values))
                saved = id
            } else {
                saved = try await service.createDraft(input(kind, values))
            }
            return request.redirect(
                to: path(kind) + "/\(saved.uuidString.lowercased())",
                flash: Flash(
                    .success, L("Brouillon enregistré : validez-le pour lui donner son numéro.", "Draft saved: validate it to number it.")))
        } catch let error as AppError where error.code == "validation_failed" {
            return try await form(request, kind, id: id, values: values, errors: error.fields, status: .unprocessableEntity)
        } catch let error as AppError where error.status.code == 409 && id != nil {
            return request.redirect(to: path(kind) + "/\(id!.uuidString.lowercased())", flash: Flash(.error, error.message))
        }
    }

    /// A document's values as its form shows them.
    static func values(of document: SalesDocument, _ names: SalesDocumentService.Names) -> [String: String] {
        func comma(_ text: String) -> String { text.replacingOccurrences(of: ".", with: ",") }
        var values: [String: String] = [
            "title": document.title ?? "", "billingAddress": document.billingAddress ?? "",
            "deliveryAddress": document.deliveryAddress ?? "", "issueDate": document.issueDate.formatted(),
            "deliveryDate": document.deliveryDate?.formatted() ?? "", "dueDate": document.dueDate?.formatted() ?? "",
            "validUntil": document.validUntil?.formatted() ?? "", "paymentTerms": document.paymentTerms ?? "",
            "latePenaltyRate": document.latePenaltyRate ?? "", "earlyPaymentDiscount": document.earlyPaymentDiscount ?? "",
            "nature": document.nature?.rawValue ?? "", "notes": document.notes ?? "", "supplierReference": document.supplierReference ?? "",
        ]
        // A record is shown by its name, with its id alongside (`LineEditor.reference` keeps the id while the name is unchanged).
        for (key, id, name) in [
            ("company", document.companyID, names.company), ("contact", document.contactID, names.contact),
            ("project", document.projectID, names.project),
        ] {
            guard let id, let name else { continue }
            values[key] = name
            values[key + "__id"] = id.uuidString.lowercased()
            values[key + "__title"] = name
        }
        for (index, line) in document.lines.enumerated() {
            values["l\(index)-product"] = line.productID.flatMap { names.products[$0] } ?? ""
            values["l\(index)-description"] = line.description
            values["l\(index)-quantity"] = comma(line.quantity.decimalString)
            values["l\(index)-unit"] = line.unit ?? ""
            values["l\(index)-unitPrice"] = comma(Money(minorUnits: line.unitPrice).decimalString)
            values["l\(index)-discount"] = line.discount == .none ? "" : comma(line.discount.decimalString)
            values["l\(index)-vatRate"] = comma(line.vatRate.decimalString)
        }
        return values
    }

    static func list(_ request: Request, _ kind: SalesDocument.Kind) async throws -> Response {
        let locale = request.locale
        let page = max(request.query[Int.self, at: "page"] ?? 1, 1)
        let state = request.query[String.self, at: "state"].flatMap { SalesDocument.State(rawValue: $0) }
        let text = request.query[String.self, at: "q"] ?? ""
        // « Produit »: the typeahead's id, or a reference as typed (« REF — Name » as it shows a product).
        var product = request.query[String.self, at: "product"] ?? ""
        let service = SalesDocumentService(request.context)
        var filter = SalesDocumentFilter(kinds: [kind.rawValue], state: state?.rawValue, text: text.isEmpty ? nil : text)
        var filterErrors: [String: [Localized]] = [:]
        if !product.fastTrimmed.isEmpty {
            do {
                let id = try await service.filterProduct(LineEditor.productReference(product.fastTrimmed))
                filter.productID = id
                // The typeahead sends the chosen product's id: the field shows the product again, not its id.
                product = try await service.productLabel(id) ?? product
            } catch let error as AppError where error.code == "validation_failed" {
                filterErrors = error.fields
            }
        }
        let rows = filterErrors.isEmpty ? try await service.list(filter, limit: 51, offset: (page - 1) * 50) : []
        let title = plural(kind)(locale)
        var content: [HTMLNode] = [H.el("h1", text: title), SalesNav.bar(request, current: path(kind))]
        if request.context.allows(.write, .sales) && kind != .creditNote {
            content.append(
                H.el(
                    "p", [("class", "actions")],
                    [H.link(path(kind) + "/new", newLabel(kind)(locale), [("class", "button primary")])]
                        + (kind == .supplierInvoice
                            ? [
                                H.link(
                                    SupplierInvoiceImportPages.path, L("Importer une facture reçue", "Import a received invoice")(locale),
                                    [("class", "button")])
                            ] : [])))
        }
        content.append(
            H.el(
                "form", [("method", "get"), ("action", path(kind)), ("class", "filters"), ("role", "search")],
                [
                    LineEditor.field("q", L("Référence ou client", "Reference or customer"), text, errors: [:], locale: locale),
                    LineEditor.field("state", L("État", "State"), "", errors: [:], locale: locale) { attributes in
                        LineEditor.select(
                            attributes,
                            SalesDocument.State.allCases.filter { kind.states.contains($0) || $0 == state }.map {
                                ($0.rawValue, $0.label(locale))
                            },
                            selected: state?.rawValue ?? "",
                            blank: L("Tous", "All")(locale))
                    },
                    LineEditor.field("product", L("Produit", "Product"), "", errors: filterErrors, locale: locale) { attributes in
                        H.void(
                            "input",
                            attributes + [("type", "text"), ("value", product), ("data-typeahead", "products"), ("autocomplete", "off")])
                    },
                    H.el("button", [("type", "submit"), ("class", "button")], text: L("Filtrer", "Filter")(locale)),
                ]))
        if rows.isEmpty {
            content.append(H.el("p", [("class", "empty")], text: L("Aucun document.", "No document.")(locale)))
        } else {
            let headers = [
                L("Référence", "Reference"), L("Date", "Date"), kind.isPurchase ? L("Fournisseur", "Supplier") : L("Client", "Customer"),
                L("Total HT", "Total excl. VAT"), L("Total TTC", "Total incl. VAT"), L("État", "State"),
            ]
            content.append(
                H.el(
                    "table", [("class", "list")],
                    [
                        H.el("thead", [], [H.el("tr", [], headers.map { H.el("th", [("scope", "col")], text: $0(locale)) })]),
                        H.el(
                            "tbody", [],
                            rows.prefix(50).map { row in
                                H.el(
                                    "tr", [],
                                    [
                                        H.el(
                                            "td", [("data-label", headers[0](locale))],
                                            [
                                                H.link(
                                                    path(kind) + "/\(row.id.uuidString.lowercased())",
                                                    row.reference ?? L("Brouillon", "Draft")(locale))
                                            ]),
                                        H.el(
                                            "td", [("data-label", headers[1](locale))],
                                            text: CalendarDay(parsing: row.issueDate)?.formatted(locale: locale) ?? row.issueDate),
                                        H.el("td", [("data-label", headers[2](locale))], text: row.customerName ?? "—"),
                                        H.el(
                                            "td", [("class", "number"), ("data-label", headers[3](locale))],
                                            text: Money(minorUnits: row.totalNet, currency: row.currency).formatted(locale: locale)),
                                        H.el(
                                            "td", [("class", "number"), ("data-label", headers[4](locale))],
                                            text: Money(minorUnits: row.totalGross, currency: row.currency).formatted(locale: locale)),
                                        H.el(
                                            "td", [("data-label", headers[5](locale))],
                                            [stateBadge(SalesDocument.State(rawValue: row.state), locale)]),
                                    ])
                            }),
                    ]))
            content.append(CatalogNav.pager(request, page: page, hasNext: rows.count > 50))
        }
        return Layout.page(request, title: title, content)
    }

    static func stateBadge(_ state: SalesDocument.State?, _ locale: DisplayLocale) -> HTMLNode {
        let good: Set<SalesDocument.State> = [.paid, .accepted, .invoiced]
        let bad: Set<SalesDocument.State> = [.refused, .expired, .cancelled]
        let style = state.map { good.contains($0) ? "badge success" : bad.contains($0) ? "badge danger" : "badge" } ?? "badge"
        return H.el("span", [("class", style)], text: state?.label(locale) ?? "?")
    }
}

/// The sales sub-navigation.
enum SalesNav {
    static let items: [(String, Localized)] = [
        ("/sales", L("Tableau de bord", "Dashboard")), ("/quotes", L("Devis", "Quotes")), ("/orders", L("Commandes", "Orders")),
        ("/invoices", L("Factures", "Invoices")),
        ("/credit-notes", L("Avoirs", "Credit notes")), ("/supplier-orders", L("Achats : commandes", "Purchases: orders")),
        ("/supplier-invoices", L("Achats : factures", "Purchases: invoices")), ("/payments", L("Versements", "Payments")),
    ]

    static func bar(_ request: Request, current: String) -> HTMLNode {
        CatalogNav.tabs(request, items, label: L("Ventes", "Sales"), current: current)
    }
}
