import ComptoirCore
import ComptoirStore
import Foundation

/// What `validate` and `SalesPaymentService.record` derive, for a writer that writes validated documents' rows itself
/// (the benchmark's bulk loader, `comptoir-benchdata --sales`): the mentions copied at validation and the chain's
/// content of a document or a payment, computed by the very functions the services use, from the rows as stored — so
/// that `verify` recomputes the same hashes.
public enum SalesValidatedRows {
    /// The organisation's coordinates as `validate` copies them onto a document (`sales_documents.mentions`).
    public static func mentions(_ context: ServiceContext) async throws -> String {
        let organization = try await OrganizationProfile.current(on: context.db)
        let franchise = try await Settings.string(SalesDocumentService.vatFranchiseSetting, on: context.db) == "true"
        return SalesDocumentService.organizationMentions(organization, franchise: franchise).canonical
    }

    /// The chain's content of a validated invoice or credit note as `verify` reads it back from these rows (no archived
    /// files: a document without `sales_document_files` rows has no `file.*` field); nil when the rows do not make a
    /// document (an unknown kind, state or date).
    public static func chainContent(
        _ record: SalesDocumentRecord, lines: [SalesLineRecord], vat: [SalesVATRecord], creditedReference: String?
    ) -> HashChain.Content? {
        SalesDocument(record, lines: lines, vat: vat)?.chainContent(creditedReference: creditedReference)
    }

    /// The chain's content of a payment.
    public static func chainContent(_ payment: SalesPaymentRecord) -> HashChain.Content {
        SalesPaymentService.chainContent(payment)
    }
}
