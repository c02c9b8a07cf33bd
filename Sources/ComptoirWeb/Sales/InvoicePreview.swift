import ComptoirCore
import ComptoirDocuments
import ComptoirServices
import Foundation

/// « Aperçu »: an invoice or a credit note as it prints, in HTML — the same `InvoiceDocument` the PDF and the XML are
/// written from, so what the user reads here is what the customer receives.
enum InvoicePreview {
    static func render(_ invoice: InvoiceDocument, draft: Bool, locale: DisplayLocale) -> HTMLNode {
        func money(_ amount: Money) -> String { amount.formatted(locale: locale) }
        func rate(_ basisPoints: Int) -> String { SalesPages.rate(VATRate(basisPoints: Int64(basisPoints))?.decimalString ?? "", locale) }
        func party(_ label: Localized, _ party: InvoiceParty) -> HTMLNode {
            var lines =
                [party.name] + party.address.lines + [
                    [party.address.postcode, party.address.city].filter { !$0.isEmpty }.joined(separator: " ")
                ]
            if party.address.countryCode != "FR" { lines.append(party.address.countryCode) }
            if let siret = party.siret { lines.append("SIRET " + siret) } else if let siren = party.siren { lines.append("SIREN " + siren) }
            if let vat = party.vatNumber { lines.append(L("N° TVA ", "VAT no. ")(locale) + vat) }
            return H.el(
                "section", [("class", "preview-party")],
                [
                    H.el("h2", text: label(locale)),
                    H.el("p", [("class", "multiline")], text: lines.filter { !$0.isEmpty }.joined(separator: "\n")),
                ])
        }
        var nodes: [HTMLNode] = []
        if draft {
            nodes.append(
                H.el(
                    "p", [("class", "flash flash-info"), ("role", "status")],
                    text: L(
                        "Brouillon : le numéro sera attribué à la validation.", "Draft: the number is assigned at validation.")(locale)))
        }
        nodes.append(
            H.el(
                "div", [("class", "preview-parties")],
                [party(L("Émetteur", "Seller"), invoice.seller), party(L("Client", "Customer"), invoice.buyer)]))
        var facts: [(Localized, String)] = [
            (L("Numéro", "Number"), invoice.number), (L("Date", "Date"), invoice.issueDate.formatted(locale: locale)),
        ]
        if let due = invoice.dueDate { facts.append((L("Échéance", "Due date"), due.formatted(locale: locale))) }
        if let delivery = invoice.deliveryDate {
            facts.append((L("Livraison / prestation", "Delivery / service"), delivery.formatted(locale: locale)))
        }
        if let order = invoice.orderReference { facts.append((L("Commande", "Order"), order)) }
        if !invoice.precedingInvoices.isEmpty {
            facts.append(
                (
                    invoice.typeCode == .creditNote
                        ? L("Facture annulée", "Cancelled invoice") : L("Factures antérieures", "Preceding invoices"),
                    invoice.precedingInvoices.map(\.number).joined(separator: ", ")
                ))
        }
        nodes.append(H.el("h2", text: invoice.title))
        nodes.append(
            H.el("dl", [("class", "details")], facts.map { H.el("div", [], [H.el("dt", text: $0.0(locale)), H.el("dd", text: $0.1)]) }))

        let headers = [
            L("Désignation", "Description"), L("Quantité", "Quantity"), L("Prix unitaire HT", "Unit price excl. VAT"), L("TVA", "VAT"),
            L("Total HT", "Total excl. VAT"),
        ]
        nodes.append(
            H.el(
                "table", [("class", "list")],
                [
                    H.el("thead", [], [H.el("tr", [], headers.map { H.el("th", [("scope", "col")], text: $0(locale)) })]),
                    H.el(
                        "tbody", [],
                        invoice.lines.map { line in
                            H.el(
                                "tr", [],
                                [
                                    H.el(
                                        "td", [("data-label", headers[0](locale)), ("class", "multiline")],
                                        text: [line.name, line.description ?? ""].filter { !$0.isEmpty }.joined(separator: "\n")),
                                    H.el(
                                        "td", [("class", "number"), ("data-label", headers[1](locale))],
                                        text: line.quantity.formatted(locale: locale)),
                                    H.el("td", [("class", "number"), ("data-label", headers[2](locale))], text: money(line.netUnitPrice)),
                                    H.el("td", [("class", "number"), ("data-label", headers[3](locale))], text: rate(line.vatRate)),
                                    H.el("td", [("class", "number"), ("data-label", headers[4](locale))], text: money(line.netAmount)),
                                ])
                        }),
                ]))
        var totals: [(String, String, Bool)] = [(L("Total HT", "Total excl. VAT")(locale), money(invoice.totals.taxBasis), false)]
        for part in invoice.vatBreakdown {
            totals.append(
                (
                    L("TVA \(rate(part.rate)) sur \(money(part.taxableAmount))", "VAT \(rate(part.rate)) on \(money(part.taxableAmount))")(
                        locale), money(part.taxAmount), false
                ))
        }
        totals.append((L("Total TVA", "Total VAT")(locale), money(invoice.totals.taxTotal), false))
        totals.append((L("Total TTC", "Total incl. VAT")(locale), money(invoice.totals.grandTotal), true))
        if invoice.totals.prepaid.minorUnits != 0 {
            totals.append((L("Déjà facturé et déduit", "Already invoiced, deducted")(locale), "− " + money(invoice.totals.prepaid), false))
            totals.append((L("Net à payer", "Amount due")(locale), money(invoice.totals.duePayable), true))
        }
        nodes.append(
            H.el(
                "dl", [("class", "details totals")],
                totals.map {
                    H.el(
                        "div", $0.2 ? [("class", "grand-total")] : [],
                        [H.el("dt", text: $0.0), H.el("dd", [("class", "number")], text: $0.1)])
                }))
        for remark in invoice.remarks { nodes.append(H.el("p", [("class", "notes multiline")], text: remark)) }
        var terms: [String] = []
        if let paymentTerms = invoice.paymentTerms {
            terms.append(L("Conditions de paiement : ", "Payment terms: ")(locale) + paymentTerms)
        }
        if let payment = invoice.payment {
            terms.append("IBAN " + payment.iban + (payment.bic.map { " — BIC " + $0 } ?? ""))
        }
        terms += invoice.notes.filter { $0.subject != "BAR" }.map(\.text)
        nodes.append(H.el("ul", [("class", "preview-terms")], terms.map { H.el("li", text: $0) }))
        nodes.append(H.el("footer", [("class", "preview-footer help")], invoice.legalMentions.map { H.el("p", text: $0) }))
        return H.el("article", [("class", "invoice-preview")], nodes)
    }
}
