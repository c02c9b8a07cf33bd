import ComptoirCore
import ComptoirServices
import Foundation
import Vapor

/// « Facturer en plusieurs fois »: from a validated order, the plan of its invoices (how many; for each its template,
/// amount or percentage, date and due date), then « Générer les factures ». Without JavaScript, « Nombre de factures »
/// sends the form back with as many rows, the input kept.
enum SalesInstallmentPages {
    static let templates: [(String, Localized)] = [
        ("deposit", L("Facture d'acompte", "Deposit invoice")), ("intermediate", L("Facture", "Invoice")),
        ("balance", L("Facture de solde", "Balance invoice")),
    ]
    static let columns: [(String, Localized)] = [
        ("template", L("Modèle", "Template")), ("percentage", L("Pourcentage HT", "Percentage excl. VAT")),
        ("amount", L("ou montant HT", "or amount excl. VAT")), ("issueDate", L("Date", "Date")), ("dueDate", L("Échéance", "Due date")),
    ]

    static func register(_ app: Application) {
        app.get("orders", ":id", "installments") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            try request.context.authorize(.write, .sales)
            let order = try await SalesPages.load(request, .order, try EntityRoutes.id(request))
            return try await form(request, order, values: defaults(count: 3), errors: [:])
        }
        app.post("orders", ":id", "installments") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let order = try await SalesPages.load(request, .order, try EntityRoutes.id(request))
            var values = try FormInput.strings(request)
            let count = min(max(Int(values["count"] ?? "") ?? 3, 2), 12)
            if values["resize"] != nil {
                // « Nombre de factures » changed: as many rows, those typed kept, the last one the balance.
                let fresh = defaults(count: count)
                for index in 0..<count {
                    for (key, _) in columns where values["i\(index)-\(key)"] == nil {
                        values["i\(index)-\(key)"] = fresh["i\(index)-\(key)"]
                    }
                }
                values["i\(count - 1)-template"] = "balance"
                values["count"] = String(count)
                return try await form(request, order, values: values, errors: [:])
            }
            let plan = (0..<count).map { index in
                InstallmentInput(
                    template: values["i\(index)-template"] ?? "", amount: values["i\(index)-amount"] ?? "",
                    percentage: values["i\(index)-percentage"] ?? "", issueDate: values["i\(index)-issueDate"] ?? "",
                    dueDate: values["i\(index)-dueDate"] ?? "")
            }
            do {
                let invoices = try await SalesDocumentService(request.context).invoiceInInstallments(order.id, plan)
                return request.redirect(
                    to: SalesPages.path(.order) + "/\(order.id.uuidString.lowercased())",
                    flash: Flash(
                        .success,
                        L(
                            "\(invoices.count) factures générées en brouillon : validez-les à leur date.",
                            "\(invoices.count) invoices generated as drafts: validate each on its date.")))
            } catch let error as AppError where error.code == "validation_failed" || error.status.code == 409 {
                var fields = error.fields
                if fields.isEmpty { fields["installments"] = [error.message] }
                return try await form(request, order, values: values, errors: fields, status: .unprocessableEntity)
            }
        }
    }

    /// A plan of `count` invoices: a 30 % deposit, intermediate ones, the balance.
    static func defaults(count: Int) -> [String: String] {
        var values = ["count": String(count)]
        for index in 0..<count {
            values["i\(index)-template"] = index == 0 ? "deposit" : index == count - 1 ? "balance" : "intermediate"
            values["i\(index)-percentage"] = index == count - 1 ? "" : index == 0 ? "30" : String(70 / (count - 1))
        }
        return values
    }

    static func form(
        _ request: Request, _ order: SalesDocument, values: [String: String], errors: [String: [Localized]],
        status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let locale = request.locale
        let count = min(max(Int(values["count"] ?? "") ?? 3, 2), 12)
        let title = L("Facturer en plusieurs fois — ", "Invoice in installments — ")(locale) + (order.reference ?? "")
        var content: [HTMLNode] = [H.el("h1", text: title)]
        var messages: [String] = []
        for key in errors.keys.sorted() {
            var prefix = ""
            if key.hasPrefix("installments["), let close = key.firstIndex(of: "]"),
                let index = Int(key[key.index(key.startIndex, offsetBy: 13)..<close])
            {
                prefix = L("Facture \(index + 1) : ", "Invoice \(index + 1): ")(locale)
            }
            messages += errors[key]!.map { prefix + $0(locale) }
        }
        if !messages.isEmpty {
            content.append(
                H.el(
                    "div", [("class", "error-summary"), ("role", "alert"), ("tabindex", "-1")],
                    [
                        H.el("p", text: L("Rien n'a été généré :", "Nothing was generated:")(locale)),
                        H.el("ul", [], messages.map { H.el("li", text: $0) }),
                    ]))
        }
        let money = { (cents: Int64) in Money(minorUnits: cents, currency: order.currency).formatted(locale: locale) }
        content.append(
            H.el(
                "p", [],
                text: L(
                    "Commande du \(order.issueDate.formatted(locale: locale)) : \(money(order.totals.net)) HT, \(money(order.totals.gross)) TTC. Montants et pourcentages hors taxes ; la facture de solde prend exactement ce qui reste.",
                    "Order of \(order.issueDate.formatted(locale: locale)): \(money(order.totals.net)) excl. VAT, \(money(order.totals.gross)) incl. VAT. Amounts and percentages excl. VAT; the balance invoice takes exactly what remains."
                )(locale)))
        var rows: [HTMLNode] = []
        for index in 0..<count {
            var cells: [HTMLNode] = []
            for (key, label) in columns {
                let name = "i\(index)-\(key)"
                let invalid = errors["installments[\(index)].\(key)"] != nil
                var attributes: [(String, String?)] = [
                    ("id", name), ("name", name), ("aria-label", "\(label(locale)) — \(L("facture", "invoice")(locale)) \(index + 1)"),
                    ("aria-invalid", invalid ? "true" : nil),
                ]
                let control: HTMLNode
                if key == "template" {
                    control = LineEditor.select(attributes, templates.map { ($0.0, $0.1(locale)) }, selected: values[name] ?? "")
                } else {
                    attributes += [
                        ("type", "text"), ("value", values[name] ?? ""), ("autocomplete", "off"),
                        ("inputmode", key.hasSuffix("Date") ? "numeric" : "decimal"),
                        ("placeholder", key.hasSuffix("Date") ? "jj/mm/aaaa" : nil),
                    ]
                    control = H.void("input", attributes)
                }
                cells.append(H.el("td", [("data-label", label(locale))], [control]))
            }
            rows.append(H.el("tr", [], cells))
        }
        let action = SalesPages.path(.order) + "/\(order.id.uuidString.lowercased())/installments"
        content.append(
            H.postForm(
                action, csrf: request.csrfToken, attributes: [("class", "document-form"), ("novalidate", "novalidate")],
                [
                    H.el(
                        "div", [("class", "field")],
                        [
                            H.el("label", [("for", "f-count")], text: L("Nombre de factures", "Number of invoices")(locale)),
                            LineEditor.select(
                                [("id", "f-count"), ("name", "count")], (2...12).map { (String($0), String($0)) }, selected: String(count)),
                            H.el(
                                "button",
                                [
                                    ("type", "submit"), ("name", "resize"), ("value", "1"), ("class", "button"),
                                    ("formnovalidate", "formnovalidate"),
                                ],
                                text: L("Changer le nombre", "Change the number")(locale)),
                        ]),
                    H.el(
                        "table", [("class", "list lines")],
                        [
                            H.el("thead", [], [H.el("tr", [], columns.map { H.el("th", [("scope", "col")], text: $0.1(locale)) })]),
                            H.el("tbody", [], rows),
                        ]),
                    H.el(
                        "p", [("class", "actions")],
                        [
                            H.el(
                                "button", [("type", "submit"), ("class", "button primary")],
                                text: L("Générer les factures", "Generate the invoices")(locale)),
                            H.link(
                                SalesPages.path(.order) + "/\(order.id.uuidString.lowercased())", L("Annuler", "Cancel")(locale),
                                [("class", "button")]),
                        ]),
                ]))
        let response = Layout.page(request, title: title, content)
        response.status = status
        return response
    }
}
