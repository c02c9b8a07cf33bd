import FluentKit
import Foundation
import SQLKit

/// A view of the stock state (« État des stocks »): which products a page shows.
public enum StockView: String, Sendable, CaseIterable {
    /// Every product whose stock is managed.
    case all
    /// On hand zero or less (« Hors stock »).
    case outOfStock = "out-of-stock"
    /// On hand above zero but below the alert threshold (« Bientôt hors stock »).
    case belowThreshold = "below-threshold"
    /// On hand below zero (allowed only by the setting).
    case negative
    /// On hand above the desired stock (« Surstock »).
    case overstock
}

/// One product's stock, over every warehouse or in one.
public struct StockStateRow: Sendable, Hashable {
    public var productID: UUID
    public var reference: String
    public var name: String
    public var category: String?
    public var unit: String
    public var onHandMilli: Int64
    /// Draft incoming (and the target side of draft transfers) not yet in stock.
    public var incomingMilli: Int64
    /// Draft outgoing (and the source side of draft transfers) not yet out of stock.
    public var outgoingMilli: Int64
    public var thresholdMilli: Int64?
    public var desiredMilli: Int64?
    /// Cents per unit.
    public var averageCost: Int64?

    public var availableMilli: Int64 { onHandMilli - outgoingMilli }
}

/// The stock value of one category.
public struct StockCategoryValue: Sendable, Hashable {
    public var category: String?
    public var products: Int
    public var onHandMilli: Int64
    /// Cents.
    public var value: Int64
}

/// The stock state's SQL: one page of a view, ordered by reference (keyset), the drafts' quantities, the valuation.
public enum StockStateStore {
    /// The FROM and WHERE of a view: products whose stock is managed, with their on hand over every warehouse or in one.
    static func selection(_ view: StockView, warehouse: UUID?, category: String?, text: String?, on sql: any SQLDatabase) -> (
        from: SQLQueryString, onHand: SQLQueryString, conditions: [SQLQueryString]
    ) {
        if let warehouse, view == .belowThreshold {
            // Below the threshold in one warehouse: the levels carry their product's threshold, and a partial index holds
            // exactly the levels below it (`stock_levels_below_idx`; its condition is written here literally, or the
            // planners would not use it). A level exists wherever the stock is above zero, so the join loses nothing.
            var conditions: [SQLQueryString] = [
                "l.warehouse_id = \(bind: warehouse)",
                "l.alert_threshold IS NOT NULL AND l.on_hand_milli > 0 AND l.on_hand_milli < l.alert_threshold",
                "p.stock_managed = \(bind: true)",
            ]
            if let category { conditions.append("p.category = \(bind: category)") }
            if let text, !text.isEmpty {
                conditions.append(ProductStore.textCondition(text, on: sql))
            }
            return ("FROM stock_levels l JOIN products p ON p.id = l.product_id", "l.on_hand_milli", conditions)
        }
        let onHand: SQLQueryString = warehouse == nil ? "COALESCE(p.on_hand_milli, 0)" : "COALESCE(l.on_hand_milli, 0)"
        var from: SQLQueryString = "FROM products p"
        if let warehouse {
            from = from + " LEFT JOIN stock_levels l ON l.product_id = p.id AND l.warehouse_id = \(bind: warehouse)"
        }
        var conditions: [SQLQueryString] = ["p.stock_managed = \(bind: true)"]
        switch view {
        case .all: break
        case .outOfStock: conditions.append("\(onHand) <= 0")
        case .belowThreshold: conditions.append("\(onHand) > 0 AND p.alert_threshold IS NOT NULL AND \(onHand) < p.alert_threshold")
        case .negative: conditions.append("\(onHand) < 0")
        case .overstock: conditions.append("p.desired_stock IS NOT NULL AND \(onHand) > p.desired_stock")
        }
        if let category { conditions.append("p.category = \(bind: category)") }
        if let text, !text.isEmpty {
            conditions.append(ProductStore.textCondition(text, on: sql))
        }
        return (from, onHand, conditions)
    }

    /// One page of `view` after `afterReference` (nil: from the start), over every warehouse or `warehouse`.
    public static func page(
        _ view: StockView, warehouse: UUID?, category: String?, text: String?, afterReference: String?, limit: Int, on db: any Database
    ) async throws -> [StockStateRow] {
        let sql = try TableStore.sqlDatabase(db)
        var (from, onHand, conditions) = selection(view, warehouse: warehouse, category: category, text: text, on: sql)
        if let afterReference { conditions.append("p.reference > \(bind: afterReference)") }
        let query: SQLQueryString = """
            SELECT p.id, p.reference, p.name, p.category, p.unit, \(onHand) AS on_hand, p.alert_threshold, p.desired_stock, p.average_cost
            \(from) WHERE \(conditions.joined(separator: " AND ")) ORDER BY p.reference LIMIT \(unsafeRaw: String(limit))
            """
        var rows = try await sql.raw(query).all().map {
            StockStateRow(
                productID: try $0.decode(column: "id", as: UUID.self), reference: try $0.decode(column: "reference", as: String.self),
                name: try $0.decode(column: "name", as: String.self), category: try $0.decode(column: "category", as: String?.self),
                unit: try $0.decode(column: "unit", as: String.self), onHandMilli: try $0.decode(column: "on_hand", as: Int64.self),
                incomingMilli: 0, outgoingMilli: 0, thresholdMilli: try $0.decode(column: "alert_threshold", as: Int64?.self),
                desiredMilli: try $0.decode(column: "desired_stock", as: Int64?.self),
                averageCost: try $0.decode(column: "average_cost", as: Int64?.self))
        }
        let pending = try await drafts(of: rows.map(\.productID), warehouse: warehouse, on: db)
        for index in rows.indices {
            rows[index].incomingMilli = pending[rows[index].productID]?.incoming ?? 0
            rows[index].outgoingMilli = pending[rows[index].productID]?.outgoing ?? 0
        }
        return rows
    }

    /// Quantities of draft movements per product: coming in, going out (transfers count on both sides of a warehouse
    /// filter, and not at all over every warehouse).
    public static func drafts(of products: [UUID], warehouse: UUID?, on db: any Database) async throws -> [UUID: (
        incoming: Int64, outgoing: Int64
    )] {
        guard !products.isEmpty else { return [:] }
        let binds: [any Encodable & Sendable] = products
        var query: SQLQueryString = """
            SELECT l.product_id, m.kind, m.warehouse_id, m.target_warehouse_id, CAST(SUM(l.quantity_milli) AS BIGINT) AS qty
            FROM stock_movement_lines l JOIN stock_movements m ON m.id = l.movement_id
            WHERE m.state = 'draft' AND m.kind <> 'inventory' AND l.product_id IN (\(binds: binds))
            """
        if let warehouse { query = query + " AND (m.warehouse_id = \(bind: warehouse) OR m.target_warehouse_id = \(bind: warehouse))" }
        query = query + " GROUP BY l.product_id, m.kind, m.warehouse_id, m.target_warehouse_id"
        var result: [UUID: (incoming: Int64, outgoing: Int64)] = [:]
        for row in try await TableStore.sqlDatabase(db).raw(query).all() {
            let product = try row.decode(column: "product_id", as: UUID.self)
            let quantity = try row.decode(column: "qty", as: Int64.self)
            let source = try row.decode(column: "warehouse_id", as: UUID.self)
            let target = try row.decode(column: "target_warehouse_id", as: UUID?.self)
            var entry = result[product] ?? (0, 0)
            switch try row.decode(column: "kind", as: String.self) {
            case "incoming": entry.incoming += quantity
            case "outgoing": entry.outgoing += quantity
            default:
                // A transfer moves stock between two warehouses: nothing changes over all of them.
                if let warehouse, warehouse == source { entry.outgoing += quantity }
                if let warehouse, warehouse == target { entry.incoming += quantity }
            }
            result[product] = entry
        }
        return result
    }

    /// How many products a view holds, counting at most `cap + 1` (the list says « plus de … » beyond).
    public static func count(
        _ view: StockView, warehouse: UUID?, category: String?, text: String?, upTo cap: Int, on db: any Database
    ) async throws -> Int {
        let sql = try TableStore.sqlDatabase(db)
        let (from, _, conditions) = selection(view, warehouse: warehouse, category: category, text: text, on: sql)
        return Int(
            try await sql.raw(
                """
                SELECT COUNT(*) AS n FROM (SELECT 1 AS one \(from) WHERE \(conditions.joined(separator: " AND "))
                LIMIT \(unsafeRaw: String(cap + 1))) AS limited
                """
            ).first()?.decode(column: "n", as: Int64.self) ?? 0)
    }

    /// The stock's value per category (on hand × weighted average cost), over every warehouse.
    public static func valueByCategory(on db: any Database) async throws -> [StockCategoryValue] {
        try await TableStore.sqlDatabase(db).raw(
            """
            SELECT category, COUNT(*) AS products, CAST(COALESCE(SUM(COALESCE(on_hand_milli, 0)), 0) AS BIGINT) AS qty,
            CAST(COALESCE(SUM(COALESCE(on_hand_milli, 0) * COALESCE(average_cost, 0)), 0) AS BIGINT) AS value_milli
            FROM products WHERE stock_managed = \(bind: true) GROUP BY category ORDER BY category
            """
        ).all().map {
            StockCategoryValue(
                category: try $0.decode(column: "category", as: String?.self),
                products: Int(try $0.decode(column: "products", as: Int64.self)),
                onHandMilli: try $0.decode(column: "qty", as: Int64.self),
                value: (try $0.decode(column: "value_milli", as: Int64.self) + 500) / 1000)
        }
    }
}
