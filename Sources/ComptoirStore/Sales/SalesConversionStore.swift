import FluentKit
import Foundation
import SQLKit

/// What the conversions of an order read from the catalogue, and the stock movements drafted from a sales document.
public enum SalesConversionStore {
    /// A stock movement made from a sales document, as its page lists it.
    public struct LinkedMovement: Sendable, Hashable {
        public var id: UUID
        public var reference: String?
        public var state: String
        public var date: String
    }

    /// The purchase price (cents excl. VAT) of each of `products` that has one.
    public static func purchasePrices(_ products: [UUID], on db: any Database) async throws -> [UUID: Int64] {
        guard !products.isEmpty else { return [:] }
        let list = products.map { "\(bind: $0)" as SQLQueryString }.joined(separator: ", ")
        var result: [UUID: Int64] = [:]
        for row in try await TableStore.sqlDatabase(db).raw(
            "SELECT id, purchase_price FROM products WHERE purchase_price IS NOT NULL AND id IN (" + list + ")"
        ).all() {
            result[try row.decode(column: "id", as: UUID.self)] = try row.decode(column: "purchase_price", as: Int64.self)
        }
        return result
    }

    /// Which of `products` have their stock managed (« Activer la gestion de stock »).
    public static func stockManaged(_ products: [UUID], on db: any Database) async throws -> Set<UUID> {
        guard !products.isEmpty else { return [] }
        let list = products.map { "\(bind: $0)" as SQLQueryString }.joined(separator: ", ")
        return Set(
            try await TableStore.sqlDatabase(db).raw(
                "SELECT id FROM products WHERE stock_managed = \(bind: true) AND id IN (" + list + ")"
            ).all().map { try $0.decode(column: "id", as: UUID.self) })
    }

    /// Records that `movement` was drafted from `document`.
    public static func link(movement: UUID, to document: UUID, on db: any Database) async throws {
        try await TableStore.sqlDatabase(db).raw(
            "UPDATE stock_movements SET sales_document_id = \(bind: document) WHERE id = \(bind: movement)"
        ).run()
    }

    /// The stock movements drafted from `document`, oldest first.
    public static func movements(of document: UUID, on db: any Database) async throws -> [LinkedMovement] {
        try await TableStore.sqlDatabase(db).raw(
            """
            SELECT id, reference, state, movement_date FROM stock_movements WHERE sales_document_id = \(bind: document)
            ORDER BY created_at, id
            """
        ).all().map {
            LinkedMovement(
                id: try $0.decode(column: "id", as: UUID.self), reference: try $0.decode(column: "reference", as: String?.self),
                state: try $0.decode(column: "state", as: String.self), date: try $0.decode(column: "movement_date", as: String.self))
        }
    }
}
