import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

extension SalesPages {
    static let headerLabels: [String: Localized] = [
        "title": L("Titre", "Title"), "company": L("Société", "Company"), "contact": L("Contact", "Contact"),
        "billingAddress": L("Adresse de facturation", "Billing address"), "deliveryAddress": L("Adresse de livraison", "Delivery address"),
        "project": L("Projet", "Project"), "issueDate": L("Date", "Date"),
        "deliveryDate": L("Date de livraison ou de prestation", "Delivery or service date"),
        "dueDate": L("Échéance", "Due date"), "validUntil": L("Valable jusqu'au", "Valid until"),
        "paymentTerms": L("Conditions de paiement", "Payment terms"), "latePenaltyRate": L("Pénalités de retard", "Late-payment penalties"),
        "earlyPaymentDiscount": L("Escompte pour paiement anticipé", "Early-payment discount"),
        "nature": L("Nature de l'opération", "Nature of the operation"), "notes": L("Notes", "Notes"),
        "supplierReference": L("Référence fournisseur", "Supplier reference"), "lines": L("Lignes", "Lines"),
    ]

    static let natures: [(String, Localized)] = [
        ("goods", L("Livraison de biens", "Goods")), ("services", L("Prestation de services", "Services")),
        ("both", L("Biens et services", "Goods and services")),
    ]

    /// A line's unit after its quantity: nothing for pieces, the unit's name for the catalogue's units (« h » → « heure »,
    /// « heures » from 2 on, as French counts: « 1,5 heure », « 3 heures »), else as typed.
    static func unitText(_ unit: String?, quantity: Quantity = Quantity(units: 1), _ locale: DisplayLocale) -> String {
        guard let unit, !unit.isEmpty, unit != "unit" else { return "" }
        guard let name = ProductsEntity.units.first(where: { $0.value == unit })?.label(locale).lowercased() else { return " " + unit }
        guard quantity >= Quantity(units: 2) else { return " " + name }
        switch locale {
        case .fr: return " " + name.split(separator: " ").map { $0 + "s" }.joined(separator: " ")
        case .en: return " " + (name.hasSuffix("x") ? name + "es" : name + "s")
        }
    }

    /// « Reste à facturer »: what the order was, what its invoices took and received, what remains; its invoices listed.
    static func billingPanel(_ request: Request, order: UUID, currency: String, showInvoices: Bool) async throws -> [HTMLNode] {
        let locale = request.locale
        let billing = try await SalesDocumentService(request.context).billing(of: order)
        func money(_ cents: Int64) -> String { Money(minorUnits: cents, currency: currency).formatted(locale: locale) }
        var nodes: [HTMLNode] = [H.el("h2", text: L("Facturation de la commande", "The order's billing")(locale))]
        let rows: [(Localized, Int64)] = [
            (L("Commandé TTC", "Ordered incl. VAT"), billing.ordered), (L("Facturé TTC", "Invoiced incl. VAT"), billing.invoiced),
            (L("Payé", "Paid"), billing.paid), (L("Reste à facturer", "Remaining to invoice"), billing.remainingToInvoice),
        ]
        nodes.append(
            H.el(
                "dl", [("class", "details totals")],
                rows.map { H.el("div", [], [H.el("dt", text: $0.0(locale)), H.el("dd", [("class", "number")], text: money($0.1))]) }))
        if showInvoices && !billing.invoices.isEmpty {
            nodes.append(
                H.el(
                    "ul", [],
                    billing.invoices.map { invoice in
                        let subtype = SalesDocument.Subtype(rawValue: invoice.subtype)?.title?(locale) ?? L("Facture", "Invoice")(locale)
                        return H.el(
                            "li", [],
                            [
                                H.link(
                                    path(.invoice) + "/\(invoice.id.uuidString.lowercased())",
                                    "\(subtype) \(invoice.reference ?? L("(brouillon)", "(draft)")(locale))"),
                                H.text(
                                    " — " + money(invoice.totalGross) + " — "
                                        + (SalesDocument.State(rawValue: invoice.state)?.label(locale) ?? "")),
                            ])
                    }))
        }
        return nodes
    }

    /// « Documents liés »: each with its relation, its name and number as a link, its total incl. VAT and its state.
    static func relatedPanel(_ related: [SalesDocumentService.RelatedDocument], _ locale: DisplayLocale) -> [HTMLNode] {
        guard !related.isEmpty else { return [] }
        func relation(_ document: SalesDocumentService.RelatedDocument) -> Localized {
            switch document.relation {
            case .source: L("Document d'origine", "Made from")
            case .derived: L("Établi à partir de ce document", "Made from this document")
            case .credited: L("Facture annulée", "Cancelled invoice")
            case .creditNote: L("Annulée par l'avoir", "Cancelled by the credit note")
            }
        }
        return [
            H.el("h2", text: L("Documents liés", "Related documents")(locale)),
            H.el(
                "ul", [("class", "related-documents")],
                related.map { document in
                    let name = document.subtype.title?(locale) ?? document.kind.label(locale)
                    return H.el(
                        "li", [],
                        [
                            H.text(relation(document)(locale) + " : "),
                            H.link(
                                path(document.kind) + "/\(document.id.uuidString.lowercased())",
                                name + " " + (document.reference ?? L("(brouillon)", "(draft)")(locale))),
                            H.text(
                                " — " + Money(minorUnits: document.totalGross, currency: document.currency).formatted(locale: locale)
                                    + L(" TTC", " incl. VAT")(locale) + " — " + document.state.label(locale)),
                        ])
                }),
        ]
    }

    /// A rate as printed: « 5,5 % », « 20 % » (« 5.5% » in English).
    static func rate(_ decimal: String, _ locale: DisplayLocale) -> String {
        locale == .fr ? decimal.replacingOccurrences(of: ".", with: ",") + "\u{202F}%" : decimal + "%"
    }

    /// The draft form, new or edited, with the input kept and the errors named.
    static func form(
        _ request: Request, _ kind: SalesDocument.Kind, id: UUID?, values: [String: String], errors: [String: [Localized]],
        status: HTTPResponseStatus = .ok, blank: Int = 0
    ) async throws -> Response {
        let locale = request.locale
        let title = (id == nil ? newLabel(kind) : L("Modifier le brouillon", "Edit the draft"))(locale)
        var content: [HTMLNode] = [H.el("h1", text: title)]
        if let summary = LineEditor.summary(errors, labels: headerLabels, locale: locale) { content.append(summary) }
        func text(_ key: String, required: Bool = false, placeholder: String? = nil) -> HTMLNode {
            LineEditor.field(key, headerLabels[key]!, values[key] ?? "", errors: errors, locale: locale, required: required) { attributes in
                H.void(
                    "input",
                    attributes + [("type", "text"), ("value", values[key] ?? ""), ("autocomplete", "off"), ("placeholder", placeholder)])
            }
        }
        func date(_ key: String) -> HTMLNode { text(key, placeholder: "jj/mm/aaaa") }
        func lookup(_ key: String, _ kind: String, required: Bool = false) -> HTMLNode {
            LineEditor.field(key, headerLabels[key]!, "", errors: errors, locale: locale, required: required) { attributes in
                H.el(
                    "div", [],
                    [
                        H.void(
                            "input",
                            attributes + [
                                ("type", "text"), ("value", values[key] ?? ""), ("data-typeahead", kind), ("autocomplete", "off"),
                            ])
                    ] + LineEditor.shownRecord(key, id: values[key + "__id"], title: values[key + "__title"]))
            }
        }
        func area(_ key: String) -> HTMLNode {
            LineEditor.field(key, headerLabels[key]!, "", errors: errors, locale: locale) { attributes in
                H.el("textarea", attributes + [("rows", "3")], text: values[key] ?? "")
            }
        }
        var header: [HTMLNode] = [lookup("company", "companies", required: true), lookup("contact", "contacts"), text("title")]
        header += [date("issueDate")]
        if kind == .quote { header.append(date("validUntil")) }
        if kind == .invoice || kind == .supplierInvoice { header.append(date("dueDate")) }
        header.append(date("deliveryDate"))
        header.append(lookup("project", "projects"))
        if kind.isPurchase { header.append(text("supplierReference")) }
        header += [area("billingAddress"), area("deliveryAddress")]
        if !kind.isPurchase {
            header.append(text("paymentTerms"))
            header.append(
                LineEditor.field("nature", headerLabels["nature"]!, "", errors: errors, locale: locale) { attributes in
                    LineEditor.select(attributes, natures.map { ($0.0, $0.1(locale)) }, selected: values["nature"] ?? "", blank: "—")
                })
        }
        if kind.isLegalInvoice { header += [text("latePenaltyRate"), text("earlyPaymentDiscount")] }
        var nodes: [HTMLNode] = [H.el("div", [("class", "form-grid")], header)]
        nodes.append(H.el("h2", text: L("Lignes", "Lines")(locale)))
        nodes.append(
            H.el(
                "p", [("class", "help")],
                text: L(
                    "Produit : sa référence (ou une ligne libre, sans produit). Vides, la désignation, le prix et la TVA sont ceux du produit. Montants HT ; la TVA est calculée par taux sur le total des lignes.",
                    "Product: its reference (or a free line, without a product). Left empty, the description, price and VAT are the product's. Amounts excl. VAT; VAT is computed per rate on the lines' total."
                )(locale)))
        nodes.append(
            LineEditor.table(
                lineColumns, rows: LineEditor.rows(values, columns: lineColumns.map(\.key)), blank: blank, errors: errors, locale: locale))
        nodes.append(
            H.el(
                "button",
                [("type", "submit"), ("name", "more"), ("value", "1"), ("class", "button"), ("formnovalidate", "formnovalidate")],
                text: L("Plus de lignes", "More lines")(locale)))
        nodes.append(area("notes"))
        let back = id.map { path(kind) + "/\($0.uuidString.lowercased())" } ?? path(kind)
        nodes.append(
            H.el(
                "p", [("class", "actions")],
                [
                    H.el(
                        "button", [("type", "submit"), ("class", "button primary")],
                        text: L("Enregistrer le brouillon", "Save the draft")(locale)),
                    H.link(back, L("Annuler", "Cancel")(locale), [("class", "button")]),
                ]))
        content.append(
            H.postForm(
                id.map { path(kind) + "/\($0.uuidString.lowercased())" } ?? path(kind), csrf: request.csrfToken,
                attributes: [("class", "document-form"), ("novalidate", "novalidate")], nodes))
        let response = Layout.page(request, title: title, content)
        response.status = status
        return response
    }

    /// A document's page: header, lines, totals per VAT rate, payments, and what can be done next.
    static func detail(_ request: Request, _ kind: SalesDocument.Kind, _ id: UUID, refusal: AppError? = nil) async throws -> Response {
        let locale = request.locale
        let document = try await load(request, kind, id)
        let names = try await SalesDocumentService(request.context).names(of: document)
        let heading = document.title ?? document.subtype.title?(locale) ?? kind.label(locale)
        let title = heading + " " + (document.reference ?? L("(brouillon)", "(draft)")(locale))
        var content: [HTMLNode] = [H.el("h1", text: title), SalesNav.bar(request, current: path(kind))]
        if let refusal {
            content.append(LineEditor.refusal(refusal, heading: L("Rien n'a été fait :", "Nothing was done:"), locale: locale))
        }
        func money(_ cents: Int64) -> String { Money(minorUnits: cents, currency: document.currency).formatted(locale: locale) }
        var facts: [(Localized, HTMLNode)] = [(L("État", "State"), stateBadge(document.state, locale))]
        func fact(_ label: Localized, _ value: String?) {
            guard let value, !value.isEmpty else { return }
            facts.append((label, H.el("span", [("class", "multiline")], text: value)))
        }
        if let company = document.companyID, let name = names.company {
            facts.append(
                (
                    kind.isPurchase ? L("Fournisseur", "Supplier") : L("Client", "Customer"),
                    H.link("/companies/\(company.uuidString.lowercased())", name)
                ))
        } else {
            fact(L("Client", "Customer"), document.customerName)
        }
        if let contact = document.contactID, let name = names.contact {
            facts.append((L("Contact", "Contact"), H.link("/contacts/\(contact.uuidString.lowercased())", name)))
        }
        fact(L("Date", "Date"), document.issueDate.formatted(locale: locale))
        fact(headerLabels["validUntil"]!, document.validUntil?.formatted(locale: locale))
        fact(headerLabels["dueDate"]!, document.dueDate?.formatted(locale: locale))
        fact(headerLabels["deliveryDate"]!, document.deliveryDate?.formatted(locale: locale))
        if let project = document.projectID, let name = names.project {
            facts.append((L("Projet", "Project"), H.link("/projects/\(project.uuidString.lowercased())", name)))
        }
        fact(headerLabels["billingAddress"]!, document.billingAddress)
        fact(headerLabels["deliveryAddress"]!, document.deliveryAddress)
        fact(headerLabels["paymentTerms"]!, document.paymentTerms)
        fact(headerLabels["nature"]!, document.nature.flatMap { nature in natures.first { $0.0 == nature.rawValue }?.1(locale) })
        fact(headerLabels["supplierReference"]!, document.supplierReference)
        content.append(
            H.el("dl", [("class", "details")], facts.map { H.el("div", [], [H.el("dt", text: $0.0(locale)), H.el("dd", [], [$0.1])]) }))

        // Lines and totals.
        let headers = [
            L("Désignation", "Description"), L("Quantité", "Quantity"), L("Prix unitaire HT", "Unit price excl. VAT"),
            L("Remise", "Discount"), L("TVA", "VAT"), L("Total HT", "Total excl. VAT"),
        ]
        content.append(H.el("h2", text: L("Lignes", "Lines")(locale)))
        content.append(
            H.el(
                "table", [("class", "list")],
                [
                    H.el("thead", [], [H.el("tr", [], headers.map { H.el("th", [("scope", "col")], text: $0(locale)) })]),
                    H.el(
                        "tbody", [],
                        document.lines.map { line in
                            let product = line.productID.flatMap { names.products[$0] }
                            return H.el(
                                "tr", [],
                                [
                                    H.el(
                                        "td", [("data-label", headers[0](locale)), ("class", "multiline")],
                                        text: (product.map { $0 + " — " } ?? "") + line.description),
                                    H.el(
                                        "td", [("class", "number"), ("data-label", headers[1](locale))],
                                        text: line.quantity.formatted(locale: locale) + unitText(line.unit, quantity: line.quantity, locale)
                                    ),
                                    H.el("td", [("class", "number"), ("data-label", headers[2](locale))], text: money(line.unitPrice)),
                                    H.el(
                                        "td", [("class", "number"), ("data-label", headers[3](locale))],
                                        text: line.discount == .none ? "—" : rate(line.discount.decimalString, locale)),
                                    H.el(
                                        "td", [("class", "number"), ("data-label", headers[4](locale))],
                                        text: rate(line.vatRate.decimalString, locale)),
                                    H.el("td", [("class", "number"), ("data-label", headers[5](locale))], text: money(line.net)),
                                ])
                        }),
                ]))
        var totals: [HTMLNode] = []
        for part in document.totals.breakdown {
            let rate = rate(part.rate.decimalString, locale)
            totals.append(
                H.el(
                    "div", [],
                    [
                        H.el("dt", text: L("TVA \(rate) sur \(money(part.base))", "VAT \(rate) on \(money(part.base))")(locale)),
                        H.el("dd", [("class", "number")], text: money(part.tax)),
                    ]))
        }
        totals.insert(
            H.el(
                "div", [],
                [
                    H.el("dt", text: L("Total HT", "Total excl. VAT")(locale)),
                    H.el("dd", [("class", "number")], text: money(document.totals.net)),
                ]),
            at: 0)
        totals.append(
            H.el(
                "div", [],
                [
                    H.el("dt", text: L("Total TVA", "Total VAT")(locale)),
                    H.el("dd", [("class", "number")], text: money(document.totals.tax)),
                ]))
        totals.append(
            H.el(
                "div", [("class", "grand-total")],
                [
                    H.el("dt", text: L("Total TTC", "Total incl. VAT")(locale)),
                    H.el("dd", [("class", "number")], text: money(document.totals.gross)),
                ]))
        if (kind == .invoice || kind == .supplierInvoice) && !document.isDraft {
            let balance = try await SalesPaymentService(request.context).balance(of: id)
            let sent = kind == .supplierInvoice
            totals.append(
                H.el(
                    "div", [],
                    [
                        H.el(
                            "dt",
                            text: (sent ? L("Versements effectués", "Payments made") : L("Versements reçus", "Payments received"))(locale)),
                        H.el("dd", [("class", "number")], text: money(balance.received)),
                    ]))
            totals.append(
                H.el(
                    "div", [("class", "grand-total")],
                    [
                        H.el("dt", text: (sent ? L("Reste à payer", "Remaining to pay") : L("Reste dû", "Remaining due"))(locale)),
                        H.el("dd", [("class", "number")], text: money(balance.due)),
                    ])
            )
        }
        content.append(H.el("dl", [("class", "details totals")], totals))
        // An order's billing ledger; an installment invoice recalls what remains to invoice on its order.
        if let order = kind == .order && !document.isDraft ? document.id : (document.subtype != .standard ? document.sourceID : nil) {
            content += try await billingPanel(request, order: order, currency: document.currency, showInvoices: kind == .order)
        }
        if let notes = document.notes { content.append(H.el("p", [("class", "notes multiline")], text: notes)) }
        // « Documents liés »: where it comes from, what was made of it, its credit note (an order's invoices are above).
        let related = try await SalesDocumentService(request.context).related(to: document)
        content += relatedPanel(related.filter { !(kind == .order && $0.relation == .derived && $0.kind == .invoice) }, locale)
        if kind == .supplierInvoice {
            // The received file of an imported invoice, and any other file, kept with the document.
            content.append(try await AttachmentPages.panel(kind: SupplierInvoiceImportService.attachmentKind, id: document.id, request))
        }
        content += try await SalesLifecyclePages.panels(document, request)

        content += SalesFilePages.panel(request, document)

        // What comes next.
        if request.context.allows(.write, .sales) {
            let base = path(kind) + "/\(id.uuidString.lowercased())"
            func action(_ suffix: String, _ label: Localized, primary: Bool = false, confirm: Localized? = nil, hidden: [HTMLNode] = [])
                -> HTMLNode
            {
                H.postForm(
                    base + suffix, csrf: request.csrfToken, attributes: confirm.map { [("data-confirm", $0(locale))] } ?? [],
                    hidden + [H.el("button", [("type", "submit"), ("class", primary ? "button primary" : "button")], text: label(locale))])
            }
            var actions: [HTMLNode] = []
            switch (document.state, kind) {
            case (.draft, _):
                actions.append(
                    action(
                        "/validation", L("Valider", "Validate"), primary: true,
                        confirm: kind.isLegalInvoice
                            ? L(
                                "Valider ? Le numéro est attribué et le document ne pourra plus être modifié.",
                                "Validate? It gets its number and can no longer be changed.")
                            : nil))
                actions.append(H.link(base + "/edit", L("Modifier", "Edit")(locale), [("class", "button")]))
                actions.append(
                    action(
                        "/delete", L("Supprimer le brouillon", "Delete the draft"),
                        confirm: L("Supprimer ce brouillon ?", "Delete this draft?")))
            case (.validated, .quote), (.sent, .quote):
                actions.append(
                    action(
                        "/decision", L("Accepté par le client", "Accepted by the customer"), primary: true,
                        hidden: [H.hidden("decision", "accepted")]))
                actions.append(action("/decision", L("Refusé", "Refused"), hidden: [H.hidden("decision", "refused")]))
            case (.accepted, .quote):
                if !related.contains(where: { $0.relation == .derived && $0.kind == .order }) {
                    actions.append(action("/conversion", L("Créer le bon de commande", "Create the order"), primary: true))
                }
            case (.validated, .order), (.sent, .order):
                // Once invoiced (whole or in installments, drafts included), both would only be refused.
                if !related.contains(where: { $0.relation == .derived && $0.kind == .invoice }) {
                    actions.append(action("/conversion", L("Facturer la commande", "Invoice the order"), primary: true))
                    actions.append(
                        H.link(
                            base + "/installments", L("Facturer en plusieurs fois", "Invoice in installments")(locale),
                            [("class", "button")]))
                }
            case (.validated, .supplierOrder):
                if !related.contains(where: { $0.relation == .derived && $0.kind == .supplierInvoice }) {
                    actions.append(
                        action("/conversion", L("Créer la facture fournisseur", "Create the supplier invoice"), primary: true))
                }
            case (.validated, .supplierInvoice), (.partiallyPaid, .supplierInvoice):
                actions.append(
                    H.link(
                        "/payments/new?invoice=\(id.uuidString.lowercased())", L("Enregistrer un versement", "Record a payment")(locale),
                        [("class", "button primary")]))
            case (.validated, .invoice), (.sent, .invoice), (.partiallyPaid, .invoice):
                actions.append(
                    H.link(
                        "/payments/new?invoice=\(id.uuidString.lowercased())", L("Enregistrer un versement", "Record a payment")(locale),
                        [("class", "button primary")]))
                actions.append(
                    action(
                        "/credit-note", L("Annuler par un avoir", "Cancel with a credit note"),
                        confirm: L("Préparer l'avoir de cette facture ?", "Prepare this invoice's credit note?")))
            default:
                break
            }
            actions += SalesLifecyclePages.actions(document, request, csrf: request.csrfToken)
            if !actions.isEmpty { content.append(H.el("div", [("class", "actions")], actions)) }
            if kind.isLegalInvoice && document.isDraft {
                content.append(
                    H.el(
                        "p", [("class", "help")],
                        text: L(
                            "Une facture validée ne se modifie plus et ne se supprime pas : elle s'annule par un avoir.",
                            "A validated invoice is never changed nor deleted: it is cancelled by a credit note.")(locale)))
            }
        }
        // « Générer le document » and the documents generated so far (quotes, orders, invoices).
        if let target = TemplateTarget.allCases.first(where: { $0.salesKind == kind }) {
            content += try await GeneratePages.panel(target, id, request)
            content += try await GeneratePages.generatedFiles(ownerKind: target.ownerKind, id, request)
        }
        let response = Layout.page(request, title: title, content)
        if let refusal { response.status = refusal.status.http }
        return response
    }
}
