import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation

extension SalesDocumentService {
    /// Prepares the credit note (« Avoir ») that cancels a validated invoice: a draft with the invoice's lines and totals,
    /// linked to it; validating it cancels the invoice. An invoice has one credit note at most. Returns its id.
    public func createCreditNote(for invoiceID: UUID) async throws -> UUID {
        try context.authorize(.write, .sales)
        let id = context.newID()
        return try await context.transaction { context in
            try await WriteLock.acquire(SalesDocumentStore.lockScope, on: context.db)
            guard let invoice = try await Self.load(invoiceID, context) else { throw AppError.notFound }
            guard invoice.kind == .invoice, let reference = invoice.reference else {
                throw AppError.conflict(
                    L(
                        "Un avoir annule une facture validée ; un brouillon se modifie ou se supprime.",
                        "A credit note cancels a validated invoice; a draft is edited or deleted."),
                    code: "not_a_validated_invoice")
            }
            if let existing = try await SalesDocumentStore.creditNote(of: invoiceID, on: context.db) {
                throw AppError.conflict(
                    L(
                        "La facture \(reference) a déjà son avoir (\(existing.reference ?? "brouillon")).",
                        "Invoice \(reference) already has its credit note (\(existing.reference ?? "draft"))."),
                    code: "already_credited")
            }
            var note = Self.copy(invoice, as: .creditNote, id: id, context)
            note.creditedID = invoice.id
            note.totals = invoice.totals
            note.notes = "Avoir sur la facture \(reference) du \(invoice.issueDate.formatted())"
            try await Self.insertDraft(note, context)
            return id
        }
    }

    /// A validated quote accepted or refused by the customer.
    public func decideQuote(_ id: UUID, accepted: Bool) async throws {
        try context.authorize(.write, .sales)
        try await context.transaction { context in
            try await WriteLock.acquire(SalesDocumentStore.lockScope, on: context.db)
            guard let quote = try await Self.load(id, context), quote.kind == .quote else { throw AppError.notFound }
            guard let reference = quote.reference, quote.state == .validated || quote.state == .sent else {
                throw AppError.conflict(
                    quote.isDraft
                        ? L("Validez le devis avant de l'accepter ou le refuser.", "Validate the quote before accepting or refusing it.")
                        : L(
                            "Le devis est déjà \(quote.state.label.fr.lowercased()).",
                            "The quote is already \(quote.state.label.en.lowercased())."),
                    code: "quote_not_pending")
            }
            let state: SalesDocument.State = accepted ? .accepted : .refused
            try await SalesDocumentStore.setState(id, state.rawValue, at: context.now, on: context.db)
            try await AuditLog.record(
                .update, entity: Self.entity, id: id.uuidString.lowercased(),
                summary: "Devis \(reference) : \(state.label.fr.lowercased())",
                by: context.auditActor, at: context.now, on: context.db)
        }
    }

    /// What `convert` makes of a kind: a quote an order, an order an invoice, a supplier order a supplier invoice.
    public static func conversionTarget(of kind: SalesDocument.Kind) -> SalesDocument.Kind? {
        switch kind {
        case .quote: .order
        case .order: .invoice
        case .supplierOrder: .supplierInvoice
        default: nil
        }
    }

    /// Converts a validated quote into a draft order, a validated order into a draft invoice (the whole order; an
    /// order invoiced in installments goes through « Facturer en plusieurs fois »), or a validated supplier order into a
    /// draft supplier invoice (its lines at the order's prices, to check against the invoice received). Returns the new
    /// draft's id.
    public func convert(_ id: UUID) async throws -> UUID {
        try context.authorize(.write, .sales)
        let newID = context.newID()
        return try await context.transaction { context in
            try await WriteLock.acquire(SalesDocumentStore.lockScope, on: context.db)
            guard let source = try await Self.load(id, context) else { throw AppError.notFound }
            guard let reference = source.reference else {
                throw AppError.conflict(
                    L("Validez le document avant de le transformer.", "Validate the document before converting it."), code: "document_draft"
                )
            }
            let target: SalesDocument.Kind
            switch (source.kind, source.state) {
            case (.quote, .validated), (.quote, .sent), (.quote, .accepted):
                target = .order
                // Once: a second click on « Créer le bon de commande » must not make a second order.
                if let order = try await SalesDocumentStore.derived(from: id, on: context.db).first(where: { $0.kind == "order" }) {
                    throw AppError.conflict(
                        L(
                            "Le devis \(reference) a déjà son bon de commande (\(order.reference ?? "brouillon")).",
                            "Quote \(reference) already has its order (\(order.reference ?? "draft"))."),
                        code: "already_converted")
                }
            case (.order, .validated), (.order, .sent), (.supplierOrder, .validated):
                target = source.kind == .order ? .invoice : .supplierInvoice
                if try await SalesDocumentStore.derived(from: id, on: context.db).contains(where: { $0.kind == target.rawValue }) {
                    throw AppError.conflict(
                        L("La commande \(reference) est déjà facturée.", "Order \(reference) is already invoiced."),
                        code: "already_invoiced")
                }
            default:
                throw AppError.conflict(
                    L(
                        "\(source.kind.label.fr) \(reference) (\(source.state.label.fr.lowercased())) ne se transforme pas.",
                        "\(source.kind.label.en) \(reference) (\(source.state.label.en.lowercased())) cannot be converted."),
                    code: "not_convertible")
            }
            var document = Self.copy(source, as: target, id: newID, context)
            document.dueDate = try await Self.defaultDueDate(document, context)
            document.sourceID = source.id
            document.notes = "Selon \(source.kind.label.fr.lowercased()) \(reference)"
            try await Self.insertDraft(document, context)
            if source.kind == .quote && source.state != .accepted {
                try await SalesDocumentStore.setState(id, SalesDocument.State.accepted.rawValue, at: context.now, on: context.db)
            }
            return newID
        }
    }

    /// A new draft of `kind` with `source`'s party, addresses, project, terms and lines, dated today.
    static func copy(_ source: SalesDocument, as kind: SalesDocument.Kind, id: UUID, _ context: ServiceContext) -> SalesDocument {
        var document = SalesDocument(
            id: id, kind: kind, issueDate: CalendarDay(context.now), currency: source.currency,
            lines: source.lines.map {
                SalesDocument.Line(
                    id: context.newID(), productID: $0.productID, description: $0.description, quantity: $0.quantity, unit: $0.unit,
                    unitPrice: $0.unitPrice, discount: $0.discount, vatRate: $0.vatRate)
            })
        document.companyID = source.companyID
        document.contactID = source.contactID
        document.billingAddress = source.billingAddress
        document.deliveryAddress = source.deliveryAddress
        document.projectID = source.projectID
        document.interactionID = source.interactionID
        document.paymentTerms = source.paymentTerms
        document.latePenaltyRate = source.latePenaltyRate
        document.earlyPaymentDiscount = source.earlyPaymentDiscount
        document.nature = source.nature
        document.sourceID = source.id
        document.createdBy = context.actor?.userID
        if let days = source.dueDate.map({ source.issueDate.days(to: $0) }) { document.dueDate = document.issueDate.adding(days: days) }
        return document
    }
}
