import FluentKit
import Foundation
import SQLKit

/// One unit of a serial-tracked product, as stored.
public struct SerialRecord: Sendable, Hashable {
    public var id: UUID
    public var productID: UUID
    public var serial: String
    /// `in_stock`, `delivered`, `scrapped` (taken out by a « Mise au rebut »), or `cancelled` (its incoming movement was
    /// reversed: the serial may be received again).
    public var state: String
    public var warehouseID: UUID?
    public var customerID: UUID?
    /// Each return starts the next cycle, in which the unit can be delivered once (`serial_deliveries`).
    public var cycle: Int64
    /// The incoming movement line that brought it in.
    public var lineID: UUID?
    /// Where it sits in its warehouse while in stock, when known.
    public var locationID: UUID?

    public init(
        id: UUID, productID: UUID, serial: String, state: String, warehouseID: UUID?, customerID: UUID? = nil, cycle: Int64 = 0,
        lineID: UUID? = nil, locationID: UUID? = nil
    ) {
        self.locationID = locationID
        self.id = id
        self.productID = productID
        self.serial = serial
        self.state = state
        self.warehouseID = warehouseID
        self.customerID = customerID
        self.cycle = cycle
        self.lineID = lineID
    }
}

/// A step in a serial number's life.
public struct SerialEventRecord: Sendable, Hashable {
    public var at: Date
    /// `received`, `delivered`, `returned`, `transferred`, `scrapped`, `counted`, `reversed`.
    public var kind: String
    public var movementID: UUID?
    public var movementReference: String?
    public var deliveryNoteID: UUID?
    public var deliveryNoteReference: String?
    public var warehouseName: String?
    public var companyID: UUID?
    public var companyName: String?
}

/// A serial found by a search, with its product.
public struct SerialHit: Sendable, Hashable {
    public var serial: SerialRecord
    public var productReference: String
    public var productName: String
    public var warehouseName: String?
    public var customerName: String?
}

/// Serial numbers' SQL: units, their deliveries (one per cycle: the unique index is the guarantee) and their history.
public enum SerialStore {
    static func record(_ row: any SQLRow) throws -> SerialRecord {
        SerialRecord(
            id: try row.decode(column: "id", as: UUID.self), productID: try row.decode(column: "product_id", as: UUID.self),
            serial: try row.decode(column: "serial", as: String.self), state: try row.decode(column: "state", as: String.self),
            warehouseID: try row.decode(column: "warehouse_id", as: UUID?.self),
            customerID: try row.decode(column: "customer_id", as: UUID?.self),
            cycle: try row.decode(column: "cycle", as: Int64.self), lineID: try row.decode(column: "line_id", as: UUID?.self),
            locationID: try row.decode(column: "location_id", as: UUID?.self))
    }

    static let columns = "s.id, s.product_id, s.serial, s.state, s.warehouse_id, s.customer_id, s.cycle, s.line_id, s.location_id"

    /// The units of `product` with these serials, by serial.
    public static func find(product: UUID, serials: [String], on db: any Database) async throws -> [String: SerialRecord] {
        guard !serials.isEmpty else { return [:] }
        var found: [String: SerialRecord] = [:]
        let sql = try TableStore.sqlDatabase(db)
        for chunk in stride(from: 0, to: serials.count, by: 500).map({ Array(serials[$0..<min($0 + 500, serials.count)]) }) {
            let binds: [any Encodable & Sendable] = chunk
            for row in try await sql.raw(
                "SELECT \(unsafeRaw: columns) FROM serial_numbers s WHERE s.product_id = \(bind: product) AND s.serial IN (\(binds: binds))"
            ).all() {
                let record = try record(row)
                found[record.serial] = record
            }
        }
        return found
    }

    public static func find(_ id: UUID, on db: any Database) async throws -> SerialRecord? {
        try await TableStore.sqlDatabase(db).raw("SELECT \(unsafeRaw: columns) FROM serial_numbers s WHERE s.id = \(bind: id)").first().map(
            record)
    }

    /// The units an incoming line brought in.
    public static func serials(ofLine line: UUID, on db: any Database) async throws -> [SerialRecord] {
        try await TableStore.sqlDatabase(db).raw(
            "SELECT \(unsafeRaw: columns) FROM serial_numbers s WHERE s.line_id = \(bind: line) ORDER BY s.serial"
        )
        .all().map(record)
    }

    /// Units of `product` in stock (in `warehouse` if given), by serial, at most `limit`.
    public static func inStock(product: UUID, warehouse: UUID?, limit: Int, on db: any Database) async throws -> [SerialRecord] {
        var query: SQLQueryString =
            "SELECT \(unsafeRaw: columns) FROM serial_numbers s WHERE s.product_id = \(bind: product) AND s.state = 'in_stock'"
        if let warehouse { query = query + " AND s.warehouse_id = \(bind: warehouse)" }
        query = query + " ORDER BY s.serial LIMIT \(unsafeRaw: String(limit))"
        return try await TableStore.sqlDatabase(db).raw(query).all().map(record)
    }

    public static func insert(_ serials: [SerialRecord], at date: Date, on db: any Database) async throws {
        guard !serials.isEmpty else { return }
        var rows = BulkRows(
            "serial_numbers",
            [
                "id", "product_id", "serial", "state", "warehouse_id", "customer_id", "cycle", "line_id", "created_at", "updated_at",
                "location_id",
            ])
        for serial in serials {
            rows.append([
                .uuid(serial.id), .uuid(serial.productID), .text(serial.serial), .text(serial.state),
                serial.warehouseID.map { .uuid($0) } ?? .null,
                serial.customerID.map { .uuid($0) } ?? .null, .int(serial.cycle), serial.lineID.map { .uuid($0) } ?? .null, .date(date),
                .date(date), serial.locationID.map { .uuid($0) } ?? .null,
            ])
        }
        try await rows.insert(on: db)
    }

    /// Moves a unit to a new state, warehouse, customer and cycle.
    public static func update(_ serial: SerialRecord, at date: Date, on db: any Database) async throws {
        try await TableStore.sqlDatabase(db).raw(
            """
            UPDATE serial_numbers SET state = \(bind: serial.state), warehouse_id = \(bind: serial.warehouseID),
            customer_id = \(bind: serial.customerID), cycle = \(bind: serial.cycle), line_id = \(bind: serial.lineID),
            location_id = \(bind: serial.locationID), updated_at = \(bind: date)
            WHERE id = \(bind: serial.id)
            """
        ).run()
    }

    /// Records a delivery of a unit in its current cycle. The unique index on (serial, cycle) refuses a second one:
    /// the caller maps that constraint failure to « already delivered ».
    public static func recordDelivery(
        id: UUID, serial: SerialRecord, movement: UUID, deliveryNote: UUID?, customer: UUID?, at date: Date, on db: any Database
    ) async throws {
        try await TableStore.sqlDatabase(db).raw(
            """
            INSERT INTO serial_deliveries (id, serial_id, cycle, movement_id, delivery_note_id, customer_id, delivered_at)
            VALUES (\(bind: id), \(bind: serial.id), \(bind: serial.cycle), \(bind: movement), \(bind: deliveryNote), \(bind: customer), \(bind: date))
            """
        ).run()
    }

    public static func recordEvent(
        id: UUID, serial: UUID, kind: String, at date: Date, movement: UUID?, deliveryNote: UUID?, warehouse: UUID?, company: UUID?,
        on db: any Database
    ) async throws {
        try await TableStore.sqlDatabase(db).raw(
            """
            INSERT INTO serial_events (id, serial_id, at, kind, movement_id, delivery_note_id, warehouse_id, company_id)
            VALUES (\(bind: id), \(bind: serial), \(bind: date), \(bind: kind), \(bind: movement), \(bind: deliveryNote), \(bind: warehouse), \(bind: company))
            """
        ).run()
    }

    /// A unit's life, oldest first.
    public static func history(of serial: UUID, on db: any Database) async throws -> [SerialEventRecord] {
        try await TableStore.sqlDatabase(db).raw(
            """
            SELECT e.at, e.kind, e.movement_id, m.reference AS movement_reference, e.delivery_note_id, n.reference AS note_reference,
            w.name AS warehouse_name, e.company_id, c.name AS company_name
            FROM serial_events e LEFT JOIN stock_movements m ON m.id = e.movement_id LEFT JOIN delivery_notes n ON n.id = e.delivery_note_id
            LEFT JOIN warehouses w ON w.id = e.warehouse_id LEFT JOIN companies c ON c.id = e.company_id
            WHERE e.serial_id = \(bind: serial) ORDER BY e.at, m.reference, e.id
            """
        ).all().map {
            SerialEventRecord(
                at: try $0.decode(column: "at", as: Date.self), kind: try $0.decode(column: "kind", as: String.self),
                movementID: try $0.decode(column: "movement_id", as: UUID?.self),
                movementReference: try $0.decode(column: "movement_reference", as: String?.self),
                deliveryNoteID: try $0.decode(column: "delivery_note_id", as: UUID?.self),
                deliveryNoteReference: try $0.decode(column: "note_reference", as: String?.self),
                warehouseName: try $0.decode(column: "warehouse_name", as: String?.self),
                companyID: try $0.decode(column: "company_id", as: UUID?.self),
                companyName: try $0.decode(column: "company_name", as: String?.self))
        }
    }

    /// Units whose serial is `text` (through the index), then those whose serial starts with it (any case), with their
    /// product, at most `limit`.
    public static func search(_ text: String, limit: Int, on db: any Database) async throws -> [SerialHit] {
        let sql = try TableStore.sqlDatabase(db)
        let select: SQLQueryString = """
            SELECT \(unsafeRaw: columns), p.reference AS product_reference, p.name AS product_name, w.name AS warehouse_name,
            c.name AS customer_name FROM serial_numbers s JOIN products p ON p.id = s.product_id
            LEFT JOIN warehouses w ON w.id = s.warehouse_id LEFT JOIN companies c ON c.id = s.customer_id
            """
        var hits = try await sql.raw(select + " WHERE s.serial = \(bind: text) ORDER BY p.reference LIMIT \(unsafeRaw: String(limit))")
            .all()
            .map(hit)
        if hits.count < limit {
            let prefix = String(TableStore.likePattern(text).dropFirst())
            let more = try await sql.raw(
                select
                    + " WHERE LOWER(s.serial) LIKE \(bind: prefix) ESCAPE '!' AND s.serial <> \(bind: text) ORDER BY s.serial LIMIT \(unsafeRaw: String(limit - hits.count))"
            ).all().map(hit)
            hits += more
        }
        return hits
    }

    static func hit(_ row: any SQLRow) throws -> SerialHit {
        SerialHit(
            serial: try record(row), productReference: try row.decode(column: "product_reference", as: String.self),
            productName: try row.decode(column: "product_name", as: String.self),
            warehouseName: try row.decode(column: "warehouse_name", as: String?.self),
            customerName: try row.decode(column: "customer_name", as: String?.self))
    }
}
