import ComptoirCore
import ComptoirDocuments
import ComptoirStore
import FluentKit
import Foundation

extension SalesDocumentService {
    /// The invoices a balance invoice (« Facture de solde ») settles the rest of: the deposit and intermediate invoices of
    /// the same order, validated and not cancelled, in the order of their numbers. What its page lists and what its PDF
    /// and Factur-X print as preceding invoices (EN 16931 BG-3). Empty for any other document.
    public func precedingInvoices(of document: SalesDocument) async throws -> [InvoiceDocument.Reference] {
        try context.authorize(.read, .sales)
        guard document.kind == .invoice, document.subtype == .balance, let order = document.sourceID else { return [] }
        return try await SalesDocumentStore.derived(from: order, on: context.db)
            .filter {
                $0.id != document.id && $0.kind == SalesDocument.Kind.invoice.rawValue && $0.reference != nil
                    && [SalesDocument.Subtype.deposit.rawValue, SalesDocument.Subtype.intermediate.rawValue].contains($0.subtype)
                    && $0.state != SalesDocument.State.cancelled.rawValue
            }
            .sorted { ($0.reference ?? "") < ($1.reference ?? "") }
            .map { InvoiceDocument.Reference(number: $0.reference ?? "", issueDate: CalendarDay(parsing: $0.issueDate)) }
    }
}
