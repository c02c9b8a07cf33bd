import FluentKit
import Foundation
import SQLKit

/// One change of stock left by a validated movement line in one warehouse (a transfer leaves two).
public struct StockLedgerEntry: Sendable, Hashable {
    public var movementID: UUID
    public var lineID: UUID
    public var productID: UUID
    public var warehouseID: UUID
    public var deltaMilli: Int64
    /// Cents per unit of an incoming line (the cost that values the stock).
    public var unitCost: Int64?
    /// `yyyy-mm-dd`: the movement's date, for the stock at a past date.
    public var day: String
    /// The location inside the warehouse, when the line names one.
    public var locationID: UUID?

    public init(
        movementID: UUID, lineID: UUID, productID: UUID, warehouseID: UUID, deltaMilli: Int64, unitCost: Int64?, day: String,
        locationID: UUID? = nil
    ) {
        self.locationID = locationID
        self.movementID = movementID
        self.lineID = lineID
        self.productID = productID
        self.warehouseID = warehouseID
        self.deltaMilli = deltaMilli
        self.unitCost = unitCost
        self.day = day
    }
}

/// The stock ledger (every validated change, never updated) and the levels derived from it (on hand per product and
/// warehouse, updated in the same transaction as the ledger).
public enum StockLedgerStore {
    public static func append(_ entries: [StockLedgerEntry], ids: [UUID], on db: any Database) async throws {
        guard !entries.isEmpty else { return }
        var rows = BulkRows(
            "stock_ledger",
            ["id", "movement_id", "line_id", "product_id", "warehouse_id", "delta_milli", "unit_cost", "day", "location_id"])
        for (entry, id) in zip(entries, ids) {
            rows.append([
                .uuid(id), .uuid(entry.movementID), .uuid(entry.lineID), .uuid(entry.productID), .uuid(entry.warehouseID),
                .int(entry.deltaMilli), entry.unitCost.map { .int($0) } ?? .null, .text(entry.day),
                entry.locationID.map { .uuid($0) } ?? .null,
            ])
        }
        try await rows.insert(on: db)
    }

    /// Adds each delta to its product and warehouse's level (creating the level at zero first).
    public static func adjustLevels(_ deltas: [StockKey: Int64], on db: any Database) async throws {
        let sql = try TableStore.sqlDatabase(db)
        for (key, delta) in deltas.sorted(by: {
            ($0.key.productID.uuidString, $0.key.warehouseID.uuidString) < ($1.key.productID.uuidString, $1.key.warehouseID.uuidString)
        })
        where delta != 0 {
            try await sql.raw(
                """
                INSERT INTO stock_levels (product_id, warehouse_id, on_hand_milli, alert_threshold)
                VALUES (\(bind: key.productID), \(bind: key.warehouseID), \(bind: delta), (SELECT alert_threshold FROM products WHERE id = \(bind: key.productID)))
                ON CONFLICT (product_id, warehouse_id) DO UPDATE SET on_hand_milli = stock_levels.on_hand_milli + excluded.on_hand_milli
                """
            ).run()
        }
        var totals: [UUID: Int64] = [:]
        for (key, delta) in deltas { totals[key.productID, default: 0] += delta }
        for (product, delta) in totals.sorted(by: { $0.key.uuidString < $1.key.uuidString }) where delta != 0 {
            try await sql.raw(
                "UPDATE products SET on_hand_milli = COALESCE(on_hand_milli, 0) + \(bind: delta) WHERE id = \(bind: product)"
            ).run()
        }
    }

    /// Copies the product's alert threshold to its levels (they carry it for the « bientôt hors stock » view of one
    /// warehouse); call in the transaction that changes it.
    public static func copyThreshold(of product: UUID, on db: any Database) async throws {
        try await TableStore.sqlDatabase(db).raw(
            """
            UPDATE stock_levels SET alert_threshold = (SELECT alert_threshold FROM products WHERE id = \(bind: product))
            WHERE product_id = \(bind: product)
            """
        ).run()
    }

    /// On hand per warehouse of each product (only levels that exist; absent means zero).
    public static func levels(of products: [UUID], on db: any Database) async throws -> [StockKey: Int64] {
        guard !products.isEmpty else { return [:] }
        let binds: [any Encodable & Sendable] = products
        var levels: [StockKey: Int64] = [:]
        for row in try await TableStore.sqlDatabase(db).raw(
            "SELECT product_id, warehouse_id, on_hand_milli FROM stock_levels WHERE product_id IN (\(binds: binds))"
        ).all() {
            let key = StockKey(
                productID: try row.decode(column: "product_id", as: UUID.self),
                warehouseID: try row.decode(column: "warehouse_id", as: UUID.self))
            levels[key] = try row.decode(column: "on_hand_milli", as: Int64.self)
        }
        return levels
    }

    /// On hand per product and warehouse at the end of `day` (`yyyy-mm-dd`), summed from the ledger.
    public static func levels(atEndOf day: String, products: [UUID]? = nil, on db: any Database) async throws -> [StockKey: Int64] {
        let sql = try TableStore.sqlDatabase(db)
        var query: SQLQueryString =
            "SELECT product_id, warehouse_id, CAST(SUM(delta_milli) AS BIGINT) AS qty FROM stock_ledger WHERE day <= \(bind: day)"
        if let products {
            guard !products.isEmpty else { return [:] }
            let binds: [any Encodable & Sendable] = products
            query = query + " AND product_id IN (\(binds: binds))"
        }
        query = query + " GROUP BY product_id, warehouse_id"
        var levels: [StockKey: Int64] = [:]
        for row in try await sql.raw(query).all() {
            let key = StockKey(
                productID: try row.decode(column: "product_id", as: UUID.self),
                warehouseID: try row.decode(column: "warehouse_id", as: UUID.self))
            levels[key] = try row.decode(column: "qty", as: Int64.self)
        }
        return levels
    }

    /// The ledger of one product, newest first, with each movement's reference and warehouse name.
    public static func history(of product: UUID, limit: Int, on db: any Database) async throws -> [StockLedgerLine] {
        try await TableStore.sqlDatabase(db).raw(
            """
            SELECT l.day, l.delta_milli, l.unit_cost, l.movement_id, m.reference, m.kind, w.name AS warehouse_name
            FROM stock_ledger l JOIN stock_movements m ON m.id = l.movement_id JOIN warehouses w ON w.id = l.warehouse_id
            WHERE l.product_id = \(bind: product) ORDER BY l.day DESC, m.validated_at DESC LIMIT \(unsafeRaw: String(limit))
            """
        ).all().map {
            StockLedgerLine(
                day: try $0.decode(column: "day", as: String.self), deltaMilli: try $0.decode(column: "delta_milli", as: Int64.self),
                unitCost: try $0.decode(column: "unit_cost", as: Int64?.self),
                movementID: try $0.decode(column: "movement_id", as: UUID.self),
                reference: try $0.decode(column: "reference", as: String?.self) ?? "", kind: try $0.decode(column: "kind", as: String.self),
                warehouseName: try $0.decode(column: "warehouse_name", as: String.self))
        }
    }
}

/// A product in a warehouse.
public struct StockKey: Sendable, Hashable {
    public var productID: UUID
    public var warehouseID: UUID

    public init(productID: UUID, warehouseID: UUID) {
        self.productID = productID
        self.warehouseID = warehouseID
    }
}

/// A line of a product's stock history.
public struct StockLedgerLine: Sendable, Hashable {
    public var day: String
    public var deltaMilli: Int64
    public var unitCost: Int64?
    public var movementID: UUID
    public var reference: String
    public var kind: String
    public var warehouseName: String
}
