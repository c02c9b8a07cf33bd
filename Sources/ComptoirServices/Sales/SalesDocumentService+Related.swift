import ComptoirCore
import ComptoirStore
import Foundation

extension SalesDocumentService {
    /// A document linked to another: where it comes from, what was made from it, the credit note that cancels it.
    public struct RelatedDocument: Sendable, Hashable {
        public enum Relation: String, Sendable {
            /// The document this one was made from (a quote for an order, an order for its invoices).
            case source
            /// A document made from this one (an order from a quote, the invoices of an order).
            case derived
            /// The invoice a credit note cancels.
            case credited
            /// The credit note that cancels an invoice.
            case creditNote
        }

        public var relation: Relation
        public var id: UUID
        public var kind: SalesDocument.Kind
        public var subtype: SalesDocument.Subtype
        public var reference: String?
        public var state: SalesDocument.State
        public var totalGross: Int64
        public var currency: String
    }

    /// « Documents liés » of a document's page: its source, what was made from it, its credit note or the invoice it
    /// cancels — in that order, oldest first within each.
    public func related(to document: SalesDocument) async throws -> [RelatedDocument] {
        try context.authorize(.read, .sales)
        let db = context.db
        func related(_ record: SalesDocumentRecord, _ relation: RelatedDocument.Relation) -> RelatedDocument? {
            guard let kind = SalesDocument.Kind(rawValue: record.kind), let state = SalesDocument.State(rawValue: record.state) else {
                return nil
            }
            return RelatedDocument(
                relation: relation, id: record.id, kind: kind, subtype: SalesDocument.Subtype(rawValue: record.subtype) ?? .standard,
                reference: record.reference, state: state, totalGross: record.totalGross, currency: record.currency)
        }
        // A credit note is also made from its invoice (its source): it is named once, as the credit note.
        var credit: [RelatedDocument] = []
        if let credited = document.creditedID, let record = try await SalesDocumentStore.find(credited, on: db) {
            credit += [related(record, .credited)].compactMap { $0 }
        }
        if document.kind == .invoice, let record = try await SalesDocumentStore.creditNote(of: document.id, on: db) {
            credit += [related(record, .creditNote)].compactMap { $0 }
        }
        let named = Set(credit.map(\.id))
        var found: [RelatedDocument] = []
        if let source = document.sourceID, !named.contains(source), let record = try await SalesDocumentStore.find(source, on: db) {
            found += [related(record, .source)].compactMap { $0 }
        }
        found += try await SalesDocumentStore.derived(from: document.id, on: db).filter { !named.contains($0.id) }.compactMap {
            related($0, .derived)
        }
        found += credit
        return found
    }
}
