import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// « Versements »: recording a payment received for an invoice, or sent for a supplier invoice (wording, amount, date,
/// method, reference), from the invoice's page. One payment may settle several invoices through the API; the page
/// records it for one.
enum SalesPaymentPages {
    static let labels: [String: Localized] = [
        "wording": L("Libellé", "Wording"), "amount": L("Montant", "Amount"), "date": L("Date", "Date"),
        "method": L("Mode de paiement", "Method"), "reference": L("Référence", "Reference"),
        "keepCredit": L("Garder le trop-perçu en avoir client", "Keep an overpayment as the customer's credit"),
    ]
    static let methods: [(String, Localized)] = [
        ("transfer", L("Virement", "Transfer")), ("card", L("Carte bancaire", "Card")), ("cheque", L("Chèque", "Cheque")),
        ("cash", L("Espèces", "Cash")), ("direct_debit", L("Prélèvement", "Direct debit")),
    ]

    /// What a payment settles from the page: an invoice (received) or a supplier invoice (sent).
    static let payable: Set<SalesDocument.Kind> = [.invoice, .supplierInvoice]

    static func register(_ app: Application) {
        app.get("payments", "new") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            try request.context.authorize(.write, .sales)
            guard let invoice = request.query[String.self, at: "invoice"].flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
            let due = try await SalesPaymentService(request.context).balance(of: invoice).due
            let amount = Money(minorUnits: max(due, 0)).decimalString.replacingOccurrences(of: ".", with: ",")
            return try await form(
                request, invoice: invoice, values: ["wording": "Versement", "amount": amount, "method": "transfer"], errors: [:])
        }
        app.post("payments") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let values = try FormInput.strings(request)
            guard let invoice = values["invoice"].flatMap(UUID.init(uuidString:)),
                let kind = try await SalesDocumentService(request.context).find(invoice)?.kind, payable.contains(kind)
            else { throw AppError.notFound }
            do {
                _ = try await SalesPaymentService(request.context).record(
                    SalesPaymentInput(
                        direction: kind == .supplierInvoice ? "sent" : "received", wording: values["wording"] ?? "",
                        amount: values["amount"] ?? "", date: values["date"] ?? "",
                        method: values["method"] ?? "", reference: values["reference"] ?? "",
                        allocations: [.init(document: invoice.uuidString)], keepCredit: values["keepCredit"] != nil))
            } catch let error as AppError where error.code == "validation_failed" || error.status.code == 409 {
                var fields = error.fields
                if fields.isEmpty { fields["amount"] = [error.message] }
                return try await form(request, invoice: invoice, values: values, errors: fields, status: .unprocessableEntity)
            }
            return request.redirect(
                to: SalesPages.path(kind) + "/\(invoice.uuidString.lowercased())",
                flash: Flash(.success, L("Versement enregistré.", "Payment recorded.")))
        }
    }

    static func form(
        _ request: Request, invoice: UUID, values: [String: String], errors: [String: [Localized]], status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let locale = request.locale
        guard let document = try await SalesDocumentService(request.context).find(invoice), payable.contains(document.kind) else {
            throw AppError.notFound
        }
        let balance = try await SalesPaymentService(request.context).balance(of: invoice)
        let title = L("Versement — ", "Payment — ")(locale) + (document.reference ?? L("brouillon", "draft")(locale))
        var content: [HTMLNode] = [H.el("h1", text: title)]
        if let summary = LineEditor.summary(errors, labels: labels, locale: locale) { content.append(summary) }
        content.append(
            H.el(
                "p", [],
                text: (document.kind == .supplierInvoice
                    ? L("Reste à payer : ", "Remaining to pay: ") : L("Reste dû : ", "Remaining due: "))(
                        locale)
                    + Money(minorUnits: balance.due, currency: document.currency).formatted(locale: locale)))
        func text(_ key: String, placeholder: String? = nil, required: Bool = false) -> HTMLNode {
            LineEditor.field(key, labels[key]!, values[key] ?? "", errors: errors, locale: locale, required: required) { attributes in
                H.void(
                    "input",
                    attributes + [("type", "text"), ("value", values[key] ?? ""), ("placeholder", placeholder), ("autocomplete", "off")])
            }
        }
        let back = SalesPages.path(document.kind) + "/\(invoice.uuidString.lowercased())"
        // A customer's credit is kept on a payment received; a payment sent to a supplier has no such choice.
        let keepCredit: [HTMLNode] =
            document.kind == .supplierInvoice
            ? []
            : [
                H.el(
                    "div", [("class", "field checkbox")],
                    [
                        H.void(
                            "input",
                            [
                                ("type", "checkbox"), ("id", "f-keepCredit"), ("name", "keepCredit"),
                                H.flag("checked", values["keepCredit"] != nil),
                            ]),
                        H.el("label", [("for", "f-keepCredit")], text: labels["keepCredit"]!(locale)),
                    ])
            ]
        content.append(
            H.postForm(
                "/payments", csrf: request.csrfToken, attributes: [("novalidate", "novalidate")],
                [
                    H.hidden("invoice", invoice.uuidString.lowercased()),
                    H.el(
                        "div", [("class", "form-grid")],
                        [
                            text("wording", placeholder: "Acompte", required: true),
                            text("amount", placeholder: "1 234,50", required: true),
                            text("date", placeholder: "jj/mm/aaaa"),
                            LineEditor.field("method", labels["method"]!, "", errors: errors, locale: locale, required: true) {
                                LineEditor.select($0, methods.map { ($0.0, $0.1(locale)) }, selected: values["method"] ?? "transfer")
                            },
                            text("reference"),
                        ]),
                ] + keepCredit + [
                    H.el(
                        "p", [("class", "actions")],
                        [
                            H.el(
                                "button", [("type", "submit"), ("class", "button primary")],
                                text: L("Enregistrer le versement", "Record the payment")(locale)),
                            H.link(back, L("Annuler", "Cancel")(locale), [("class", "button")]),
                        ])
                ]))
        let response = Layout.page(request, title: title, content)
        response.status = status
        return response
    }
}
