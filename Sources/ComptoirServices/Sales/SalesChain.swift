import ComptoirCore
import ComptoirStore
import Crypto
import FluentKit
import Foundation

/// The inalterability chain (« inaltérabilité »): every validated invoice, credit note and payment is appended, in the
/// transaction that validates or records it, under the `sales` lock; `verify` recomputes every link from the records
/// as they are now and names the first one that no longer holds.
public enum SalesChain {
    /// SHA-256, the digest of every link.
    public static func digest(_ bytes: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: bytes)) }

    /// Appends the record's link after the last one. Call inside the transaction, after `WriteLock.acquire("sales")`.
    static func append(type: String, id: UUID, content: HashChain.Content, _ context: ServiceContext) async throws {
        let last = try await SalesChainStore.last(on: context.db)
        let previous = last?.hash ?? HashChain.genesis
        try await SalesChainStore.append(
            SalesChainRecord(
                sequence: (last?.sequence ?? 0) + 1, recordType: type, recordID: id, previousHash: previous,
                hash: HashChain.link(previous: previous, content: content, digest: digest), content: content.canonical,
                createdAt: context.now),
            on: context.db)
    }

    /// The first link that no longer holds.
    public struct Broken: Sendable, Hashable {
        public var sequence: Int64
        public var recordType: String
        public var recordID: UUID
        /// The document's reference, or the payment's wording and date.
        public var label: String
        public var reason: Localized
        /// The fields whose values differ from the archived copy taken at validation.
        public var changedFields: [String]
    }

    public struct Report: Sendable, Hashable {
        /// How many links were checked (up to the first broken one).
        public var checked: Int
        public var broken: Broken?
        public var isIntact: Bool { broken == nil }
    }

    /// Recomputes the chain from the start, 500 links at a time.
    public static func verify(_ context: ServiceContext) async throws -> Report {
        try context.authorize(.read, .sales)
        var previous = HashChain.genesis
        var sequence: Int64 = 0
        var checked = 0
        while true {
            let page = try await SalesChainStore.links(after: sequence, limit: 500, on: context.db)
            if page.isEmpty { return Report(checked: checked, broken: nil) }
            var links: [HashChain.Link] = []
            var labels: [Int64: String] = [:]
            for stored in page {
                let (content, label) = try await currentContent(stored, context)
                labels[stored.sequence] = label
                links.append(HashChain.Link(sequence: stored.sequence, previous: stored.previousHash, content: content, hash: stored.hash))
            }
            if let (link, reason) = HashChain.firstBreak(links, after: previous, previousSequence: sequence, digest: digest) {
                let stored = page.first { $0.sequence == link.sequence }!
                let archived = HashChain.Content(canonical: stored.content) ?? HashChain.Content()
                return Report(
                    checked: checked + Int(link.sequence - sequence),
                    broken: Broken(
                        sequence: link.sequence, recordType: stored.recordType, recordID: stored.recordID,
                        label: labels[link.sequence] ?? "",
                        reason: L(reason.message(french: true), reason.message(french: false)),
                        changedFields: link.content.changedFields(comparedTo: archived)))
            }
            checked += page.count
            previous = page.last!.hash
            sequence = page.last!.sequence
        }
    }

    /// The content of a linked record as it is now in the database (empty when the record is gone).
    static func currentContent(_ link: SalesChainRecord, _ context: ServiceContext) async throws -> (HashChain.Content, String) {
        if link.recordType == "payment" {
            guard let payment = try await SalesPaymentStore.find(link.recordID, on: context.db) else { return (HashChain.Content(), "?") }
            return (SalesPaymentService.chainContent(payment), "\(payment.wording) du \(payment.paymentDate)")
        }
        guard let document = try await SalesDocumentService.load(link.recordID, context) else { return (HashChain.Content(), "?") }
        var credited: String?
        if let creditedID = document.creditedID { credited = try await SalesDocumentStore.find(creditedID, on: context.db)?.reference }
        let files = try await SalesArchive.chainFields(of: document.id, context)
        return (document.chainContent(creditedReference: credited, files: files), document.reference ?? "?")
    }
}
