import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation

/// « Intégrité des factures »: the chain recomputed (the same `SalesChain.verify` as `comptoir verify`) with its last link.
public struct SalesChainStatus: Sendable {
    public var report: SalesChain.Report
    /// The last link written: its position, what it records (a document's reference, a payment's wording), its hash, when.
    public var last: (record: SalesChainRecord, label: String)?

    /// Administrators only (what the audit log needs): recomputing reads every invoice.
    public static func check(_ context: ServiceContext) async throws -> SalesChainStatus {
        try context.authorize(.read, .audit)
        let report = try await SalesChain.verify(context)
        var last: (SalesChainRecord, String)?
        if let record = try await SalesChainStore.last(on: context.db) {
            last = (record, try await SalesChain.currentContent(record, context).1)
        }
        return SalesChainStatus(report: report, last: last)
    }
}
