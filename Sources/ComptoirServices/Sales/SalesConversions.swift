import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation

/// The conversions of a validated order or invoice into the documents of other flows: a supplier order (« Commande
/// fournisseur ») and a delivery (a draft outgoing stock movement of the Catalog module, its serials picked on the
/// movement as usual). Each runs in one transaction under the `sales` lock (and the `stock` lock for a movement).
public struct SalesConversions: Sendable {
    public let context: ServiceContext

    public init(_ context: ServiceContext) { self.context = context }

    /// The validated document `id` of `kinds`, or a refusal: 404 when missing, 409 when a draft or cancelled.
    static func source(_ id: UUID, _ kinds: [SalesDocument.Kind], _ context: ServiceContext) async throws -> (SalesDocument, String) {
        guard let source = try await SalesDocumentService.load(id, context) else { throw AppError.notFound }
        guard kinds.contains(source.kind) else {
            throw AppError.conflict(
                L(
                    "\(source.kind.label.fr) ne se transforme pas ainsi.", "\(source.kind.label.en) cannot be converted this way."),
                code: "not_convertible")
        }
        guard let reference = source.reference else {
            throw AppError.conflict(
                L("Validez le document avant de le transformer.", "Validate the document before converting it."), code: "document_draft")
        }
        if source.state == .cancelled {
            throw AppError.conflict(
                L("\(source.kind.label.fr) \(reference) est annulé(e).", "\(source.kind.label.en) \(reference) is cancelled."),
                code: "not_convertible")
        }
        return (source, reference)
    }

    /// A draft supplier order for `supplier` (a company's id or name, as the typeahead gives it) with the order's lines at their purchase prices (the
    /// product's « Prix d'achat HT »; a line without one is copied at 0 € to be filled in). Returns its id.
    public func supplierOrder(from orderID: UUID, supplier: String) async throws -> UUID {
        try context.authorize(.write, .sales)
        let newID = context.newID()
        return try await context.transaction { context in
            try await WriteLock.acquire(SalesDocumentStore.lockScope, on: context.db)
            let (order, reference) = try await Self.source(orderID, [.order], context)
            let supplierID: UUID
            switch supplier.fastTrimmed.isEmpty
                ? .failure(L("Choisissez le fournisseur.", "Choose the supplier."))
                : try await DirectoryReference.resolve(supplier, .companies, context)
            {
            case .success(let id): supplierID = id
            case .failure(let message): throw AppError.validation(["supplier": [message]])
            }
            let prices = try await SalesConversionStore.purchasePrices(order.lines.compactMap(\.productID), on: context.db)
            var document = SalesDocumentService.copy(order, as: .supplierOrder, id: newID, context)
            document.companyID = supplierID
            document.contactID = nil
            document.billingAddress = nil
            document.deliveryAddress = order.deliveryAddress ?? order.billingAddress
            document.interactionID = nil
            document.paymentTerms = nil
            document.latePenaltyRate = nil
            document.earlyPaymentDiscount = nil
            document.dueDate = nil
            for index in document.lines.indices {
                document.lines[index].unitPrice = document.lines[index].productID.flatMap { prices[$0] } ?? 0
                document.lines[index].discount = .none
            }
            document.totals = SalesTotals(lines: document.lines.map(\.amount))
            document.notes = "Pour la commande client \(reference)"
            try await SalesDocumentService.insertDraft(document, context)
            return newID
        }
    }

    /// A draft outgoing stock movement (« Livraison ») of the stock-managed product lines of a validated order or
    /// invoice, for its customer, linked to it. Refused when no line moves stock. Returns the movement's id.
    public func delivery(from documentID: UUID) async throws -> UUID {
        try context.authorize(.write, .sales)
        try context.authorize(.write, .catalog)
        return try await context.transaction { context in
            // The stock's lock before the sales' one, the order every writer takes both in (`WriteLock`): the other
            // way round, a company's deletion (stock, then sales) and this deadlocked on PostgreSQL.
            try await WriteLock.acquire(StockMovementStore.lockScope, on: context.db)
            try await WriteLock.acquire(SalesDocumentStore.lockScope, on: context.db)
            let (document, reference) = try await Self.source(documentID, [.order, .invoice], context)
            let managed = try await SalesConversionStore.stockManaged(document.lines.compactMap(\.productID), on: context.db)
            let lines = document.lines.filter { $0.productID.map(managed.contains) ?? false }
            guard !lines.isEmpty else {
                throw AppError.conflict(
                    L(
                        "\(document.kind.label.fr) \(reference) n'a aucune ligne de produit géré en stock.",
                        "\(document.kind.label.en) \(reference) has no line of a stock-managed product."),
                    code: "nothing_to_deliver")
            }
            let movement = try await StockMovementService(context).createDraft(
                StockMovementInput(
                    kind: "outgoing", label: "Livraison — \(reference)", company: document.companyID?.uuidString ?? "",
                    notes: "Selon \(document.kind.label.fr.lowercased()) \(reference)",
                    lines: lines.map {
                        StockMovementInput.Line(product: $0.productID?.uuidString ?? "", quantity: $0.quantity.decimalString)
                    }
                ))
            try await SalesConversionStore.link(movement: movement, to: documentID, on: context.db)
            try await AuditLog.record(
                .update, entity: SalesDocumentService.entity, id: documentID.uuidString.lowercased(),
                summary: "\(document.kind.label.fr) \(reference) : livraison préparée (mouvement de stock brouillon)",
                by: context.auditActor, at: context.now, on: context.db)
            return movement
        }
    }

    /// The stock movements drafted from a document, for its page.
    public func movements(of documentID: UUID) async throws -> [SalesConversionStore.LinkedMovement] {
        try context.authorize(.read, .sales)
        guard context.allows(.read, .catalog) else { return [] }
        return try await SalesConversionStore.movements(of: documentID, on: context.db)
    }
}
