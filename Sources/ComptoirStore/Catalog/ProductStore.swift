import FluentKit
import Foundation
import SQLKit

/// What stock rules need to know of a product.
public struct ProductStockInfo: Sendable, Hashable {
    public var id: UUID
    public var reference: String
    public var name: String
    public var unit: String
    public var stockManaged: Bool
    public var serialTracked: Bool
    public var active: Bool
    /// Weighted average purchase cost, cents per unit.
    public var averageCost: Int64?
    public var purchasePrice: Int64?
    public var category: String?
}

/// Products' SQL beyond the generic store: facts for stock rules, references, categories, the average cost.
public enum ProductStore {
    static let columns = "id, reference, name, unit, stock_managed, serial_tracked, active, average_cost, purchase_price, category"

    static func info(_ row: any SQLRow) throws -> ProductStockInfo {
        ProductStockInfo(
            id: try row.decode(column: "id", as: UUID.self), reference: try row.decode(column: "reference", as: String.self),
            name: try row.decode(column: "name", as: String.self), unit: try row.decode(column: "unit", as: String.self),
            stockManaged: try row.decode(column: "stock_managed", as: Bool.self),
            serialTracked: try row.decode(column: "serial_tracked", as: Bool.self), active: try row.decode(column: "active", as: Bool.self),
            averageCost: try row.decode(column: "average_cost", as: Int64?.self),
            purchasePrice: try row.decode(column: "purchase_price", as: Int64?.self),
            category: try row.decode(column: "category", as: String?.self))
    }

    public static func info(_ ids: [UUID], on db: any Database) async throws -> [UUID: ProductStockInfo] {
        guard !ids.isEmpty else { return [:] }
        let binds: [any Encodable & Sendable] = Array(Set(ids))
        var found: [UUID: ProductStockInfo] = [:]
        for row in try await TableStore.sqlDatabase(db).raw("SELECT \(unsafeRaw: columns) FROM products WHERE id IN (\(binds: binds))")
            .all()
        {
            let product = try info(row)
            found[product.id] = product
        }
        return found
    }

    /// The product with this reference (exact), or nil.
    public static func id(reference: String, on db: any Database) async throws -> UUID? {
        try await TableStore.sqlDatabase(db).raw("SELECT id FROM products WHERE reference = \(bind: reference)").first()?
            .decode(column: "id", as: UUID.self)
    }

    /// Whether another product has this reference.
    public static func referenceTaken(_ reference: String, except id: UUID?, on db: any Database) async throws -> Bool {
        let sql = try TableStore.sqlDatabase(db)
        var query: SQLQueryString = "SELECT id FROM products WHERE LOWER(reference) = \(bind: reference.lowercased())"
        if let id { query = query + " AND id <> \(bind: id)" }
        return try await sql.raw(query + " LIMIT 1").first() != nil
    }

    /// Products (`p`) whose reference or name contains `text`, or whose index entry matches its words with accents and
    /// case folded (« cafe » finds « Café moulu »; SQLite's `LOWER` folds ASCII only).
    static func textCondition(_ text: String, on sql: any SQLDatabase) -> SQLQueryString {
        let pattern = TableStore.likePattern(text)
        let indexed = SearchIndex.matches(text, kind: "products", column: "p.id", on: sql)
        return """
            (LOWER(p.reference) LIKE \(bind: pattern) ESCAPE '!' OR LOWER(p.name) LIKE \(bind: pattern) ESCAPE '!'\
            \(indexed.map { " OR " + $0 } ?? ""))
            """
    }

    /// Every category in use, sorted.
    public static func categories(on db: any Database) async throws -> [String] {
        try await TableStore.sqlDatabase(db).raw("SELECT DISTINCT category FROM products WHERE category IS NOT NULL ORDER BY category")
            .all()
            .compactMap { try $0.decode(column: "category", as: String?.self) }
    }

    public static func setAverageCost(_ id: UUID, _ cost: Int64?, on db: any Database) async throws {
        try await TableStore.sqlDatabase(db).raw("UPDATE products SET average_cost = \(bind: cost) WHERE id = \(bind: id)").run()
    }

    /// Total on hand of a product over every warehouse.
    public static func totalOnHand(_ id: UUID, on db: any Database) async throws -> Int64 {
        try await TableStore.sqlDatabase(db).raw(
            "SELECT CAST(COALESCE(SUM(on_hand_milli), 0) AS BIGINT) AS qty FROM stock_levels WHERE product_id = \(bind: id)"
        )
        .first()?.decode(column: "qty", as: Int64.self) ?? 0
    }
}
