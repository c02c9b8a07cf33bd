import ComptoirCore
import ComptoirStore
import Foundation

extension SalesDocumentService {
    /// What a document's pages show beside its ids: the company, contact and project names, each line's product reference.
    public struct Names: Sendable {
        public var company: String?
        public var contact: String?
        public var project: String?
        /// Product references by id.
        public var products: [UUID: String]
    }

    public func names(of document: SalesDocument) async throws -> Names {
        try context.authorize(.read, .sales)
        let db = context.db
        func title(_ table: String, _ column: String, _ id: UUID?) async throws -> String? {
            guard let id else { return nil }
            return try await TableStore.titles(table, column: column, ids: [id], on: db)[id]
        }
        let products = document.lines.compactMap(\.productID)
        return Names(
            company: try await title("companies", "name", document.companyID),
            contact: try await title("contacts", "display_name", document.contactID),
            project: try await title("projects", "title", document.projectID),
            products: try await ProductStore.info(products, on: db).mapValues(\.reference))
    }
}
