import ComptoirCore
import ComptoirDocuments
import ComptoirServices
import Foundation

/// « Aperçu »: a sales document as it prints, in HTML — the same `InvoiceDocument` or `CommercialDocument` the PDF (and
/// for invoices the XML) is written from, so what the user reads here is what the customer receives.
enum InvoicePreview {
    /// What both kinds of printed document show, in display order.
    struct Sheet {
        var title: String
        var parties: [(Localized, InvoiceParty)]
        var facts: [(Localized, String)]
        var lines: [(text: String, quantity: String, unitPrice: String, rate: Int, net: String)]
        var vat: [InvoiceDocument.VATBreakdown]
        var totals: [(label: Localized, amount: String, grand: Bool)]
        var remarks: [String]
        var terms: [String]
        var mentions: [String]
    }

    static func render(_ printable: SalesFileService.Printable, draft: Bool, locale: DisplayLocale) -> HTMLNode {
        render(sheet(printable, locale), draft: draft, locale: locale)
    }

    static func sheet(_ printable: SalesFileService.Printable, _ locale: DisplayLocale) -> Sheet {
        func money(_ amount: Money) -> String { amount.formatted(locale: locale) }
        func day(_ day: CalendarDay) -> String { day.formatted(locale: locale) }
        switch printable {
        case .invoice(let invoice):
            var facts: [(Localized, String)] = [(L("Numéro", "Number"), invoice.number), (L("Date", "Date"), day(invoice.issueDate))]
            if let due = invoice.dueDate { facts.append((L("Échéance", "Due date"), day(due))) }
            if let delivery = invoice.deliveryDate { facts.append((L("Livraison / prestation", "Delivery / service"), day(delivery))) }
            if let order = invoice.orderReference { facts.append((L("Commande", "Order"), order)) }
            if !invoice.precedingInvoices.isEmpty {
                facts.append(
                    (
                        invoice.typeCode == .creditNote
                            ? L("Facture annulée", "Cancelled invoice") : L("Factures antérieures", "Preceding invoices"),
                        invoice.precedingInvoices.map { reference in
                            reference.number + (reference.amount.map { " (" + money($0) + ")" } ?? "")
                        }.joined(separator: ", ")
                    ))
            }
            var totals: [(label: Localized, amount: String, grand: Bool)] = [
                (L("Total TTC", "Total incl. VAT"), money(invoice.totals.grandTotal), true)
            ]
            if invoice.totals.prepaid.minorUnits != 0 {
                totals.append((L("Déjà facturé et déduit", "Already invoiced, deducted"), "− " + money(invoice.totals.prepaid), false))
                totals.append((L("Net à payer", "Amount due"), money(invoice.totals.duePayable), true))
            }
            if let remaining = invoice.remainingToInvoice {
                totals.append((L("Reste à facturer sur la commande", "Left to invoice on the order"), money(remaining), false))
            }
            var terms: [String] = []
            if let paymentTerms = invoice.paymentTerms {
                terms.append(L("Conditions de paiement : ", "Payment terms: ")(locale) + paymentTerms)
            }
            if let payment = invoice.payment { terms.append("IBAN " + payment.iban + (payment.bic.map { " — BIC " + $0 } ?? "")) }
            terms += invoice.notes.filter { $0.subject != "BAR" }.map(\.text)
            return Sheet(
                title: invoice.title, parties: [(L("Émetteur", "Seller"), invoice.seller), (L("Client", "Customer"), invoice.buyer)],
                facts: facts,
                lines: invoice.lines.map {
                    (
                        [$0.name, $0.description ?? ""].filter { !$0.isEmpty }.joined(separator: "\n"),
                        $0.quantity.formatted(locale: locale),
                        money($0.netUnitPrice), $0.vatRate, money($0.netAmount)
                    )
                }, vat: invoice.vatBreakdown,
                totals: [(L("Total HT", "Total excl. VAT"), money(invoice.totals.taxBasis), false)] + [
                    (L("Total TVA", "Total VAT"), money(invoice.totals.taxTotal), false)
                ] + totals, remarks: invoice.remarks, terms: terms, mentions: invoice.legalMentions)
        case .commercial(let document):
            var facts: [(Localized, String)] = [(L("Numéro", "Number"), document.number), (L("Date", "Date"), day(document.issueDate))]
            if let until = document.validUntil { facts.append((L("Valable jusqu'au", "Valid until"), day(until))) }
            if let delivery = document.deliveryDate { facts.append((L("Livraison", "Delivery"), day(delivery))) }
            if let quote = document.quote { facts.append((L("Devis", "Quote"), quote.number)) }
            if let reference = document.partnerReference {
                facts.append((L("Référence du fournisseur", "Supplier's reference"), reference))
            }
            var terms: [String] = []
            if let paymentTerms = document.paymentTerms {
                terms.append(L("Conditions de paiement : ", "Payment terms: ")(locale) + paymentTerms)
            }
            if document.kind == .quote {
                terms.append(L("Bon pour accord — date, signature, « lu et approuvé »", "Approved — date, signature")(locale))
            }
            return Sheet(
                title: document.title,
                parties: [
                    (L("Émetteur", "Issuer"), document.organisation),
                    (document.kind.isPurchase ? L("Fournisseur", "Supplier") : L("Client", "Customer"), document.partner),
                ], facts: facts,
                lines: document.lines.map { line in
                    let discount = line.discount == .none ? "" : " (−" + SalesPages.rate(line.discount.decimalString, locale) + ")"
                    return (
                        [line.name, line.description ?? ""].filter { !$0.isEmpty }.joined(separator: "\n"),
                        line.quantity.formatted(locale: locale) + (line.unit.isEmpty ? "" : " " + line.unit),
                        money(line.unitPrice) + discount,
                        line.vatRate, money(line.netAmount)
                    )
                }, vat: document.vatBreakdown,
                totals: [
                    (L("Total HT", "Total excl. VAT"), money(document.totals.taxBasis), false),
                    (L("Total TVA", "Total VAT"), money(document.totals.taxTotal), false),
                    (L("Total TTC", "Total incl. VAT"), money(document.totals.grandTotal), true),
                ], remarks: document.notes, terms: terms, mentions: document.legalMentions)
        }
    }

    static func render(_ sheet: Sheet, draft: Bool, locale: DisplayLocale) -> HTMLNode {
        func rate(_ basisPoints: Int) -> String { SalesPages.rate(VATRate(basisPoints: Int64(basisPoints))?.decimalString ?? "", locale) }
        func party(_ label: Localized, _ party: InvoiceParty) -> HTMLNode {
            var lines =
                [party.name] + party.address.lines + [
                    [party.address.postcode, party.address.city].filter { !$0.isEmpty }.joined(separator: " ")
                ]
            if party.address.countryCode != "FR" { lines.append(party.address.countryCode) }
            // Grouped as the footer prints them (« 843 217 654 00014 »).
            if let siret = party.siret {
                lines.append("SIRET " + SalesPrint.grouped(siret))
            } else if let siren = party.siren {
                lines.append("SIREN " + SalesPrint.grouped(siren))
            }
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
                    text: L("Brouillon : le numéro sera attribué à la validation.", "Draft: the number is assigned at validation.")(locale))
            )
        }
        nodes.append(H.el("div", [("class", "preview-parties")], sheet.parties.map { party($0.0, $0.1) }))
        nodes.append(H.el("h2", text: sheet.title))
        nodes.append(
            H.el(
                "dl", [("class", "details")], sheet.facts.map { H.el("div", [], [H.el("dt", text: $0.0(locale)), H.el("dd", text: $0.1)]) })
        )
        let headers = [
            L("Désignation", "Description"), L("Quantité", "Quantity"), L("Prix unitaire HT", "Unit price excl. VAT"), L("TVA", "VAT"),
            L("Total HT", "Total excl. VAT"),
        ]
        nodes.append(
            H.listTable(
                headers, locale,
                rows: sheet.lines.map { line -> [ListCell] in
                    [
                        .text(line.text, "multiline"), .text(line.quantity, "number"), .text(line.unitPrice, "number"),
                        .text(rate(line.rate), "number"), .text(line.net, "number"),
                    ]
                }))
        var totals = sheet.totals
        for (index, part) in sheet.vat.enumerated() {
            let amount = part.taxableAmount.formatted(locale: locale)
            totals.insert(
                (
                    L("TVA \(rate(part.rate)) sur \(amount)", "VAT \(rate(part.rate)) on \(amount)"),
                    part.taxAmount.formatted(locale: locale), false
                ),
                at: 1 + index)
        }
        nodes.append(
            H.el(
                "dl", [("class", "details totals")],
                totals.map {
                    H.el(
                        "div", $0.grand ? [("class", "grand-total")] : [],
                        [H.el("dt", text: $0.label(locale)), H.el("dd", [("class", "number")], text: $0.amount)])
                }))
        for remark in sheet.remarks { nodes.append(H.el("p", [("class", "notes multiline")], text: remark)) }
        nodes.append(H.el("ul", [("class", "preview-terms")], sheet.terms.map { H.el("li", text: $0) }))
        nodes.append(H.el("footer", [("class", "preview-footer help")], sheet.mentions.map { H.el("p", text: $0) }))
        return H.el("article", [("class", "invoice-preview")], nodes)
    }
}
