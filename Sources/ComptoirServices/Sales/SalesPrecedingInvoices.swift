import ComptoirCore
import ComptoirDocuments
import ComptoirStore
import FluentKit
import Foundation

extension SalesDocumentService {
    /// The invoices a balance invoice (« Facture de solde ») settles the rest of: the deposit and intermediate invoices of
    /// the same order, validated before it and not cancelled, by date then number (`SalesPrint.previousInstallments`).
    /// What its page lists and what its PDF and Factur-X print as preceding invoices (EN 16931 BG-3). Empty for any other
    /// document.
    public func precedingInvoices(of document: SalesDocument) async throws -> [InvoiceDocument.Reference] {
        try context.authorize(.read, .sales)
        guard document.kind == .invoice, document.subtype == .balance, let order = document.sourceID else { return [] }
        return try await SalesPrint.previousInstallments(document, order: order, context).map {
            InvoiceDocument.Reference(
                number: $0.reference ?? "", issueDate: CalendarDay(parsing: $0.issueDate),
                amount: Money(minorUnits: $0.totalGross, currency: document.currency))
        }
    }
}
