import FluentKit
import Foundation
import SQLKit

/// A location inside a warehouse (« Emplacement »: an aisle, a shelf, a bin), as stored.
public struct WarehouseLocationRecord: Sendable, Hashable {
    public var id: UUID
    public var warehouseID: UUID
    /// Unique in its warehouse (`A-01-02`).
    public var code: String
    public var name: String?
    public var active: Bool

    public init(id: UUID, warehouseID: UUID, code: String, name: String? = nil, active: Bool = true) {
        self.id = id
        self.warehouseID = warehouseID
        self.code = code
        self.name = name
        self.active = active
    }
}

/// A product at a location.
public struct LocationKey: Sendable, Hashable {
    public var productID: UUID
    public var locationID: UUID

    public init(productID: UUID, locationID: UUID) {
        self.productID = productID
        self.locationID = locationID
    }
}

/// On hand at one location, with the names a page shows.
public struct LocationLevel: Sendable, Hashable {
    public var locationID: UUID
    public var code: String
    public var locationName: String?
    public var warehouseID: UUID
    public var warehouseName: String
    public var productID: UUID
    public var productReference: String
    public var productName: String
    public var onHandMilli: Int64
}

/// Warehouse locations' SQL and the levels per location (kept with the warehouse levels by the ledger's writer).
public enum WarehouseLocationStore {
    static let columns = "l.id, l.warehouse_id, l.code, l.name, l.active"

    static func record(_ row: any SQLRow) throws -> WarehouseLocationRecord {
        WarehouseLocationRecord(
            id: try row.decode(column: "id", as: UUID.self), warehouseID: try row.decode(column: "warehouse_id", as: UUID.self),
            code: try row.decode(column: "code", as: String.self), name: try row.decode(column: "name", as: String?.self),
            active: try row.decode(column: "active", as: Bool.self))
    }

    /// The locations of `warehouse` (of every warehouse when nil), by warehouse and code.
    public static func all(warehouse: UUID? = nil, on db: any Database) async throws -> [WarehouseLocationRecord] {
        var query: SQLQueryString = "SELECT \(unsafeRaw: columns) FROM warehouse_locations l"
        if let warehouse { query = query + " WHERE l.warehouse_id = \(bind: warehouse)" }
        query = query + " ORDER BY l.warehouse_id, l.code"
        return try await TableStore.sqlDatabase(db).raw(query).all().map(record)
    }

    public static func find(_ id: UUID, on db: any Database) async throws -> WarehouseLocationRecord? {
        try await TableStore.sqlDatabase(db).raw("SELECT \(unsafeRaw: columns) FROM warehouse_locations l WHERE l.id = \(bind: id)")
            .first().map(record)
    }

    /// The location of `warehouse` coded `code` (any case).
    public static func find(code: String, warehouse: UUID, on db: any Database) async throws -> WarehouseLocationRecord? {
        try await TableStore.sqlDatabase(db).raw(
            """
            SELECT \(unsafeRaw: columns) FROM warehouse_locations l
            WHERE l.warehouse_id = \(bind: warehouse) AND LOWER(l.code) = \(bind: code.lowercased())
            """
        ).first().map(record)
    }

    public static func insert(_ location: WarehouseLocationRecord, at date: Date, on db: any Database) async throws {
        try await TableStore.sqlDatabase(db).raw(
            """
            INSERT INTO warehouse_locations (id, warehouse_id, code, name, active, created_at, updated_at) VALUES (\(bind: location.id),
            \(bind: location.warehouseID), \(bind: location.code), \(bind: location.name), \(bind: location.active), \(bind: date), \(bind: date))
            """
        ).run()
    }

    public static func update(_ location: WarehouseLocationRecord, at date: Date, on db: any Database) async throws {
        try await TableStore.sqlDatabase(db).raw(
            """
            UPDATE warehouse_locations SET code = \(bind: location.code), name = \(bind: location.name), active = \(bind: location.active),
            updated_at = \(bind: date) WHERE id = \(bind: location.id)
            """
        ).run()
    }

    /// Adds each delta to its product and location's level (creating the level at zero first).
    public static func adjustLevels(_ deltas: [LocationKey: Int64], on db: any Database) async throws {
        let sql = try TableStore.sqlDatabase(db)
        for (key, delta) in deltas.sorted(by: {
            ($0.key.productID.uuidString, $0.key.locationID.uuidString) < ($1.key.productID.uuidString, $1.key.locationID.uuidString)
        })
        where delta != 0 {
            try await sql.raw(
                """
                INSERT INTO stock_location_levels (product_id, location_id, on_hand_milli)
                VALUES (\(bind: key.productID), \(bind: key.locationID), \(bind: delta))
                ON CONFLICT (product_id, location_id) DO UPDATE SET on_hand_milli = stock_location_levels.on_hand_milli + excluded.on_hand_milli
                """
            ).run()
        }
    }

    /// On hand per location of each product (only levels that exist; absent means zero).
    public static func levels(of products: [UUID], on db: any Database) async throws -> [LocationKey: Int64] {
        guard !products.isEmpty else { return [:] }
        let binds: [any Encodable & Sendable] = products
        var levels: [LocationKey: Int64] = [:]
        for row in try await TableStore.sqlDatabase(db).raw(
            "SELECT product_id, location_id, on_hand_milli FROM stock_location_levels WHERE product_id IN (\(binds: binds))"
        ).all() {
            let key = LocationKey(
                productID: try row.decode(column: "product_id", as: UUID.self),
                locationID: try row.decode(column: "location_id", as: UUID.self))
            levels[key] = try row.decode(column: "on_hand_milli", as: Int64.self)
        }
        return levels
    }

    /// The non-zero levels of a product (every location) or of a warehouse's locations (every product), by warehouse,
    /// location and product reference, at most `limit`.
    public static func levels(product: UUID? = nil, warehouse: UUID? = nil, limit: Int, on db: any Database) async throws
        -> [LocationLevel]
    {
        var query: SQLQueryString = """
            SELECT s.location_id, l.code, l.name AS location_name, l.warehouse_id, w.name AS warehouse_name, s.product_id,
            p.reference, p.name AS product_name, s.on_hand_milli
            FROM stock_location_levels s JOIN warehouse_locations l ON l.id = s.location_id JOIN warehouses w ON w.id = l.warehouse_id
            JOIN products p ON p.id = s.product_id WHERE s.on_hand_milli <> 0
            """
        if let product { query = query + " AND s.product_id = \(bind: product)" }
        if let warehouse { query = query + " AND l.warehouse_id = \(bind: warehouse)" }
        query = query + " ORDER BY w.name, l.code, p.reference LIMIT \(unsafeRaw: String(limit))"
        return try await TableStore.sqlDatabase(db).raw(query).all().map {
            LocationLevel(
                locationID: try $0.decode(column: "location_id", as: UUID.self), code: try $0.decode(column: "code", as: String.self),
                locationName: try $0.decode(column: "location_name", as: String?.self),
                warehouseID: try $0.decode(column: "warehouse_id", as: UUID.self),
                warehouseName: try $0.decode(column: "warehouse_name", as: String.self),
                productID: try $0.decode(column: "product_id", as: UUID.self),
                productReference: try $0.decode(column: "reference", as: String.self),
                productName: try $0.decode(column: "product_name", as: String.self),
                onHandMilli: try $0.decode(column: "on_hand_milli", as: Int64.self))
        }
    }
}
