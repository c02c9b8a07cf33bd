import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// The « Marge » panel of a project's page: sales (invoiced, left to invoice on orders, won deals), purchases (supplier
/// invoices, won purchases), the margin and its rate; supplier orders not yet invoiced apart. Amounts only for a reader
/// with sales rights.
enum SalesMarginPanel {
    static func panel(project: UUID, _ request: Request) async throws -> HTMLNode? {
        guard Policy.allows(request.actor, .read, .sales) else { return nil }
        let locale = request.locale
        let margin = try await SalesMargins.project(project, request.context)
        func money(_ cents: Int64) -> String { Money(minorUnits: cents).formatted(locale: locale) }
        func row(_ label: Localized, _ cents: Int64, strong: Bool = false, id: String? = nil) -> [HTMLNode] {
            [
                H.el("dt", text: label(locale)),
                H.el(
                    "dd", [("class", cents < 0 ? "negative" : nil), ("id", id)],
                    strong ? [H.el("strong", text: money(cents))] : [H.text(money(cents))]),
            ]
        }
        let rate = margin.marginRate.map { NumberDisplay.percent(Double($0) / 100, locale: locale) } ?? "—"
        var details: [HTMLNode] = []
        details += row(L("Facturé (factures − avoirs)", "Invoiced (invoices − credit notes)"), margin.documents.invoiced)
        details += row(L("Reste à facturer sur commandes", "Left to invoice on orders"), margin.documents.toInvoice)
        if margin.deals.sales != 0 {
            details += row(L("Affaires gagnées sans document", "Won deals without a document"), margin.deals.sales)
        }
        details += row(L("Ventes", "Sales"), margin.sales, strong: true, id: "margin-sales")
        details += row(L("Factures fournisseurs", "Supplier invoices"), margin.documents.purchased)
        if margin.deals.purchases != 0 {
            details += row(L("Achats gagnés sans document", "Won purchases without a document"), margin.deals.purchases)
        }
        details += row(L("Achats", "Purchases"), margin.purchases, strong: true, id: "margin-purchases")
        details += row(L("Marge", "Margin"), margin.margin, strong: true, id: "margin-amount")
        details += [H.el("dt", text: L("Taux de marge", "Margin rate")(locale)), H.el("dd", [("id", "margin-rate")], text: rate)]
        var children: [HTMLNode] = [
            H.el("h2", text: L("Marge", "Margin")(locale)),
            H.el(
                "p", [("class", margin.margin < 0 ? "badge negative" : "badge positive"), ("id", "margin-result")],
                text: margin.margin < 0 ? L("À perte", "At a loss")(locale) : L("En bénéfice", "In profit")(locale)),
            H.el("dl", [("class", "details")], details),
        ]
        if margin.documents.committed != 0 {
            children.append(
                H.el(
                    "p", [("id", "margin-committed")],
                    text: L(
                        "Commandes fournisseurs non encore facturées : \(money(margin.documents.committed)) HT (hors marge).",
                        "Supplier orders not yet invoiced: \(money(margin.documents.committed)) excl. VAT (out of the margin).")(locale)))
        }
        children.append(
            H.el(
                "p", [("class", "muted")],
                text: L(
                    "Montants hors taxes. Une affaire gagnée cesse de compter dès qu'un document validé lui est lié.",
                    "Amounts excl. VAT. A won deal stops counting once a validated document is linked to it.")(locale)))
        return H.el("section", [("class", "panel"), ("id", "margin")], children)
    }

    /// « Résultat » on the projects list: all, at a loss, in profit.
    @Sendable static func listControls(_ parameters: EntityService.ListParameters, _ request: Request) async throws -> [HTMLNode] {
        guard Policy.allows(request.actor, .read, .sales) else { return [] }
        let locale = request.locale
        return [
            H.el(
                "div", [("class", "field")],
                [
                    H.el("label", [("for", "filter-result")], text: L("Résultat", "Result")(locale)),
                    EntityPagesView.select(
                        id: "filter-result", name: "result",
                        options: [
                            ("", L("Tous", "All")(locale)), ("loss", L("À perte", "At a loss")(locale)),
                            ("profit", L("En bénéfice", "In profit")(locale)),
                        ], selected: parameters.extra["result"] ?? ""),
                ])
        ]
    }
}
