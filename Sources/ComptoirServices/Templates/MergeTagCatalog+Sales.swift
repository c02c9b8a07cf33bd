import ComptoirCore
import ComptoirDocuments
import ComptoirStore
import Foundation

/// The tags of quotes, orders and invoices: the document (`document.*`), its customer (`customer.*`), `{{#lines}}` and
/// `{{#vat}}`, and the linked company, contact and project.
extension MergeTagCatalog.Builder {
    mutating func buildSales(_ target: TemplateTarget, _ kind: SalesDocument.Kind, _ recordID: UUID?) async throws {
        var document: SalesDocument?
        if let recordID {
            guard let found = try await SalesDocumentService(context).find(recordID), found.kind == kind else { throw AppError.notFound }
            // A document of a private project follows the project, as its files do.
            if let project = found.projectID, !context.seesEverything, !(try await ProjectLookup.canSee(project, context)) {
                throw AppError.notFound
            }
            document = found
        }
        func money(_ cents: Int64?) -> String? {
            cents.map { Money(minorUnits: $0, currency: document?.currency ?? "EUR").formatted(locale: .fr) }
        }
        func day(_ value: CalendarDay?) -> String? { value?.formatted(locale: .fr) }
        func long(_ value: CalendarDay?) -> String? { value.map(MergeTagCatalog.longDate) }
        let d = document
        let l = locale
        var tags: [MergeTagEntry] = [
            MergeTagEntry(name: "document.reference", label: L("Référence", "Reference")(l), value: text(d?.reference)),
            MergeTagEntry(name: "document.title", label: L("Objet", "Subject")(l), value: text(d?.title)),
            MergeTagEntry(
                name: "document.kind", label: L("Nature du document", "Document kind")(l),
                value: text(d.map { $0.subtype.title?(.fr) ?? $0.kind.label(.fr) })),
            MergeTagEntry(name: "document.state", label: L("État", "State")(l), value: text(d?.state.label(.fr))),
        ]
        let days: [(String, Localized, CalendarDay?)] = [
            ("issue_date", L("Date", "Date"), d?.issueDate), ("due_date", L("Échéance", "Due date"), d?.dueDate),
            ("valid_until", L("Valable jusqu'au", "Valid until"), d?.validUntil),
            ("delivery_date", L("Date de livraison", "Delivery date"), d?.deliveryDate),
        ]
        for (key, label, value) in days {
            tags.append(MergeTagEntry(name: "document.\(key)", label: label(l), value: text(day(value))))
            tags.append(
                MergeTagEntry(
                    name: "document.\(key)_long", label: label(l) + L(" (en toutes lettres)", " (long form)")(l), value: text(long(value))))
        }
        tags += [
            MergeTagEntry(
                name: "document.payment_terms", label: L("Conditions de paiement", "Payment terms")(l), value: text(d?.paymentTerms)),
            MergeTagEntry(
                name: "document.late_penalty_rate", label: L("Pénalités de retard", "Late payment penalties")(l),
                value: text(d?.latePenaltyRate)),
            MergeTagEntry(
                name: "document.early_payment_discount", label: L("Escompte", "Early payment discount")(l),
                value: text(d?.earlyPaymentDiscount)),
            MergeTagEntry(name: "document.notes", label: L("Notes", "Notes")(l), value: text(d?.notes)),
            MergeTagEntry(name: "document.total_net", label: L("Total HT", "Total excl. VAT")(l), value: text(money(d?.totals.net))),
            MergeTagEntry(name: "document.total_vat", label: L("Total TVA", "Total VAT")(l), value: text(money(d?.totals.tax))),
            MergeTagEntry(name: "document.total_gross", label: L("Total TTC", "Total incl. VAT")(l), value: text(money(d?.totals.gross))),
            MergeTagEntry(name: "document.currency", label: L("Devise", "Currency")(l), value: text(d?.currency)),
        ]
        addTags(target.label(l), tags)
        addTags(
            L("Client", "Customer")(l),
            [
                MergeTagEntry(name: "customer.name", label: L("Nom du client", "Customer name")(l), value: text(d?.customerName)),
                MergeTagEntry(
                    name: "customer.billing_address", label: L("Adresse de facturation", "Billing address")(l),
                    value: text(d?.billingAddress)),
                MergeTagEntry(
                    name: "customer.delivery_address", label: L("Adresse de livraison", "Delivery address")(l),
                    value: text(d?.deliveryAddress)),
            ])
        let lines: [MergeData] = (d?.lines ?? []).map { line in
            [
                "description": .text(line.description), "quantity": .text(line.quantity.formatted(locale: .fr)),
                "unit": .text(line.unit ?? ""), "unit_price": .text(money(line.unitPrice) ?? ""),
                "discount": .text(
                    line.discount.basisPoints == 0 ? "" : VATRate(basisPoints: line.discount.basisPoints)?.formatted(locale: .fr) ?? ""),
                "vat_rate": .text(line.vatRate.formatted(locale: .fr)), "net": .text(money(line.net) ?? ""),
            ]
        }
        let vat: [MergeData] = (d?.totals.breakdown ?? []).map { part in
            ["rate": .text(part.rate.formatted(locale: .fr)), "base": .text(money(part.base) ?? ""), "tax": .text(money(part.tax) ?? "")]
        }
        addTags(
            L("Lignes et TVA", "Lines and VAT")(l),
            [
                MergeTagEntry(
                    name: "lines", label: L("Lignes (liste)", "Lines (list)")(l),
                    itemFields: [
                        MergeTagField(name: "description", label: L("Désignation", "Description")(l)),
                        MergeTagField(name: "quantity", label: L("Quantité", "Quantity")(l)),
                        MergeTagField(name: "unit", label: L("Unité", "Unit")(l)),
                        MergeTagField(name: "unit_price", label: L("Prix unitaire HT", "Unit price excl. VAT")(l)),
                        MergeTagField(name: "discount", label: L("Remise", "Discount")(l)),
                        MergeTagField(name: "vat_rate", label: L("Taux de TVA", "VAT rate")(l)),
                        MergeTagField(name: "net", label: L("Montant HT", "Net amount")(l)),
                    ],
                    value: withValues ? .list(lines) : nil),
                MergeTagEntry(
                    name: "vat", label: L("TVA par taux (liste)", "VAT per rate (list)")(l),
                    itemFields: [
                        MergeTagField(name: "rate", label: L("Taux", "Rate")(l)),
                        MergeTagField(name: "base", label: L("Base HT", "Base")(l)),
                        MergeTagField(name: "tax", label: L("TVA", "VAT")(l)),
                    ],
                    value: withValues ? .list(vat) : nil),
            ])
        try await addRelated(.company, id: d?.companyID)
        try await addRelated(.contact, id: d?.contactID)
        try await addRelated(.project, id: d?.projectID)
    }
}
