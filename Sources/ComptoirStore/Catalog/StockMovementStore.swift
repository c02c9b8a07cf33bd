import FluentKit
import Foundation
import SQLKit

/// A stock movement's header, as stored.
public struct StockMovementRecord: Sendable, Hashable {
    public var id: UUID
    /// `incoming`, `outgoing`, `transfer` or `inventory`.
    public var kind: String
    /// `draft` or `validated`.
    public var state: String
    public var reference: String?
    public var label: String?
    /// `yyyy-mm-dd`.
    public var movementDate: String
    public var warehouseID: UUID
    public var targetWarehouseID: UUID?
    public var companyID: UUID?
    public var reversesID: UUID?
    public var deliveryNoteID: UUID?
    public var notes: String?
    /// Why an outgoing movement takes stock out when it is not a delivery: `scrap` (« Mise au rebut »).
    public var reason: String?
    public var validatedAt: Date?
    public var validatedBy: UUID?
    public var createdBy: UUID?
    public var createdAt: Date?
    public var updatedAt: Date?

    public init(
        id: UUID, kind: String, state: String, reference: String? = nil, label: String? = nil, movementDate: String,
        warehouseID: UUID, targetWarehouseID: UUID? = nil, companyID: UUID? = nil, reversesID: UUID? = nil,
        deliveryNoteID: UUID? = nil, notes: String? = nil, reason: String? = nil, validatedAt: Date? = nil, validatedBy: UUID? = nil,
        createdBy: UUID? = nil, createdAt: Date? = nil, updatedAt: Date? = nil
    ) {
        self.reason = reason
        self.id = id
        self.kind = kind
        self.state = state
        self.reference = reference
        self.label = label
        self.movementDate = movementDate
        self.warehouseID = warehouseID
        self.targetWarehouseID = targetWarehouseID
        self.companyID = companyID
        self.reversesID = reversesID
        self.deliveryNoteID = deliveryNoteID
        self.notes = notes
        self.validatedAt = validatedAt
        self.validatedBy = validatedBy
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// One line of a stock movement, as stored.
public struct StockMovementLineRecord: Sendable, Hashable {
    public var id: UUID
    public var position: Int
    public var productID: UUID
    /// Thousandths of a unit; for an inventory, the quantity counted.
    public var quantityMilli: Int64
    /// Cents per unit (incoming movements: the purchase cost that values the stock).
    public var unitCost: Int64?
    /// What validation did to the stock (an inventory's difference); nil on a draft.
    public var deltaMilli: Int64?
    /// Serial numbers, one a line.
    public var serials: String?
    /// The location the line takes from (outgoing, transfer, inventory) or puts into (incoming), if any.
    public var locationID: UUID?
    /// A transfer's destination location, if any.
    public var targetLocationID: UUID?

    public init(
        id: UUID, position: Int, productID: UUID, quantityMilli: Int64, unitCost: Int64? = nil, deltaMilli: Int64? = nil,
        serials: String? = nil, locationID: UUID? = nil, targetLocationID: UUID? = nil
    ) {
        self.locationID = locationID
        self.targetLocationID = targetLocationID
        self.id = id
        self.position = position
        self.productID = productID
        self.quantityMilli = quantityMilli
        self.unitCost = unitCost
        self.deltaMilli = deltaMilli
        self.serials = serials
    }
}

/// A movement in a list: its header with the names a list shows.
public struct StockMovementSummary: Sendable, Hashable {
    public var record: StockMovementRecord
    public var warehouseName: String
    public var targetWarehouseName: String?
    public var companyName: String?
    public var lineCount: Int
}

/// What a movement list is filtered by.
public struct StockMovementFilter: Sendable {
    public var kind: String?
    public var state: String?
    public var productID: UUID?
    public var warehouseID: UUID?
    /// Reference or label contains.
    public var text: String?
    public var deliveryNoteID: UUID?

    public init(
        kind: String? = nil, state: String? = nil, productID: UUID? = nil, warehouseID: UUID? = nil, text: String? = nil,
        deliveryNoteID: UUID? = nil
    ) {
        self.kind = kind
        self.state = state
        self.productID = productID
        self.warehouseID = warehouseID
        self.text = text
        self.deliveryNoteID = deliveryNoteID
    }
}

/// Stock movements' SQL: headers and lines, the validation mark, lists.
public enum StockMovementStore {
    /// The scope of `WriteLock` every stock writer takes: validations, reversals, serial entries, delivery notes.
    public static let lockScope = "stock"

    static let columns = """
        m.id, m.kind, m.state, m.reference, m.label, m.movement_date, m.warehouse_id, m.target_warehouse_id, m.company_id,
        m.reverses_id, m.delivery_note_id, m.notes, m.reason, m.validated_at, m.validated_by, m.created_by, m.created_at, m.updated_at
        """

    static func record(_ row: any SQLRow) throws -> StockMovementRecord {
        StockMovementRecord(
            id: try row.decode(column: "id", as: UUID.self), kind: try row.decode(column: "kind", as: String.self),
            state: try row.decode(column: "state", as: String.self), reference: try row.decode(column: "reference", as: String?.self),
            label: try row.decode(column: "label", as: String?.self),
            movementDate: try row.decode(column: "movement_date", as: String.self),
            warehouseID: try row.decode(column: "warehouse_id", as: UUID.self),
            targetWarehouseID: try row.decode(column: "target_warehouse_id", as: UUID?.self),
            companyID: try row.decode(column: "company_id", as: UUID?.self),
            reversesID: try row.decode(column: "reverses_id", as: UUID?.self),
            deliveryNoteID: try row.decode(column: "delivery_note_id", as: UUID?.self),
            notes: try row.decode(column: "notes", as: String?.self), reason: try row.decode(column: "reason", as: String?.self),
            validatedAt: try row.decode(column: "validated_at", as: Date?.self),
            validatedBy: try row.decode(column: "validated_by", as: UUID?.self),
            createdBy: try row.decode(column: "created_by", as: UUID?.self),
            createdAt: try row.decode(column: "created_at", as: Date?.self),
            updatedAt: try row.decode(column: "updated_at", as: Date?.self))
    }

    public static func find(_ id: UUID, on db: any Database) async throws -> StockMovementRecord? {
        let sql = try TableStore.sqlDatabase(db)
        return try await sql.raw("SELECT \(unsafeRaw: columns) FROM stock_movements m WHERE m.id = \(bind: id)").first().map(record)
    }

    public static func lines(of movement: UUID, on db: any Database) async throws -> [StockMovementLineRecord] {
        try await TableStore.sqlDatabase(db).raw(
            """
            SELECT id, position, product_id, quantity_milli, unit_cost, delta_milli, serials, location_id, target_location_id
            FROM stock_movement_lines
            WHERE movement_id = \(bind: movement) ORDER BY position
            """
        ).all().map(line)
    }

    static func line(_ row: any SQLRow) throws -> StockMovementLineRecord {
        StockMovementLineRecord(
            id: try row.decode(column: "id", as: UUID.self), position: Int(try row.decode(column: "position", as: Int64.self)),
            productID: try row.decode(column: "product_id", as: UUID.self),
            quantityMilli: try row.decode(column: "quantity_milli", as: Int64.self),
            unitCost: try row.decode(column: "unit_cost", as: Int64?.self),
            deltaMilli: try row.decode(column: "delta_milli", as: Int64?.self),
            serials: try row.decode(column: "serials", as: String?.self),
            locationID: try row.decode(column: "location_id", as: UUID?.self),
            targetLocationID: try row.decode(column: "target_location_id", as: UUID?.self))
    }

    public static func insert(_ movement: StockMovementRecord, on db: any Database) async throws {
        try await TableStore.sqlDatabase(db).raw(
            """
            INSERT INTO stock_movements (id, kind, state, reference, label, movement_date, warehouse_id, target_warehouse_id, company_id,
            reverses_id, delivery_note_id, notes, reason, validated_at, validated_by, created_by, created_at, updated_at) VALUES (
            \(bind: movement.id), \(bind: movement.kind), \(bind: movement.state), \(bind: movement.reference), \(bind: movement.label),
            \(bind: movement.movementDate), \(bind: movement.warehouseID), \(bind: movement.targetWarehouseID), \(bind: movement.companyID),
            \(bind: movement.reversesID), \(bind: movement.deliveryNoteID), \(bind: movement.notes), \(bind: movement.reason),
            \(bind: movement.validatedAt),
            \(bind: movement.validatedBy), \(bind: movement.createdBy), \(bind: movement.createdAt), \(bind: movement.updatedAt))
            """
        ).run()
    }

    /// A draft's header fields (never a validated movement's: the service checks, the `state` condition makes sure).
    public static func updateDraft(_ movement: StockMovementRecord, on db: any Database) async throws {
        try await TableStore.sqlDatabase(db).raw(
            """
            UPDATE stock_movements SET kind = \(bind: movement.kind), label = \(bind: movement.label),
            movement_date = \(bind: movement.movementDate), warehouse_id = \(bind: movement.warehouseID),
            target_warehouse_id = \(bind: movement.targetWarehouseID), company_id = \(bind: movement.companyID),
            notes = \(bind: movement.notes), reason = \(bind: movement.reason), updated_at = \(bind: movement.updatedAt)
            WHERE id = \(bind: movement.id) AND state = 'draft'
            """
        ).run()
    }

    /// Replaces a draft's lines.
    public static func replaceLines(_ movement: UUID, _ lines: [StockMovementLineRecord], on db: any Database) async throws {
        let sql = try TableStore.sqlDatabase(db)
        try await sql.raw("DELETE FROM stock_movement_lines WHERE movement_id = \(bind: movement)").run()
        for line in lines {
            try await sql.raw(
                """
                INSERT INTO stock_movement_lines (id, movement_id, position, product_id, quantity_milli, unit_cost, delta_milli, serials,
                location_id, target_location_id)
                VALUES (\(bind: line.id), \(bind: movement), \(bind: Int64(line.position)), \(bind: line.productID), \(bind: line.quantityMilli),
                \(bind: line.unitCost), \(bind: line.deltaMilli), \(bind: line.serials), \(bind: line.locationID), \(bind: line.targetLocationID))
                """
            ).run()
        }
    }

    public static func deleteDraft(_ id: UUID, on db: any Database) async throws {
        let sql = try TableStore.sqlDatabase(db)
        try await sql.raw("DELETE FROM stock_movement_lines WHERE movement_id = \(bind: id)").run()
        try await sql.raw("DELETE FROM stock_movements WHERE id = \(bind: id) AND state = 'draft'").run()
    }

    /// Marks a draft validated with its reference; each line gets what it did to the stock.
    public static func markValidated(
        _ id: UUID, reference: String, at date: Date, by user: UUID?, deltas: [UUID: Int64], on db: any Database
    ) async throws {
        let sql = try TableStore.sqlDatabase(db)
        try await sql.raw(
            """
            UPDATE stock_movements SET state = 'validated', reference = \(bind: reference), validated_at = \(bind: date),
            validated_by = \(bind: user), updated_at = \(bind: date) WHERE id = \(bind: id) AND state = 'draft'
            """
        ).run()
        for (line, delta) in deltas {
            try await sql.raw("UPDATE stock_movement_lines SET delta_milli = \(bind: delta) WHERE id = \(bind: line)").run()
        }
    }

    /// Adds serial numbers to a validated incoming line (entered after validation).
    public static func setLineSerials(_ line: UUID, _ serials: String, on db: any Database) async throws {
        try await TableStore.sqlDatabase(db).raw("UPDATE stock_movement_lines SET serials = \(bind: serials) WHERE id = \(bind: line)")
            .run()
    }

    /// The movement that reverses `id`, if any.
    public static func reversal(of id: UUID, on db: any Database) async throws -> UUID? {
        try await TableStore.sqlDatabase(db).raw("SELECT id FROM stock_movements WHERE reverses_id = \(bind: id)").first()?
            .decode(column: "id", as: UUID.self)
    }

    /// Movements by most recent date first (drafts have no reference yet), 50 per page from `offset`.
    public static func list(_ filter: StockMovementFilter, limit: Int, offset: Int, on db: any Database) async throws
        -> [StockMovementSummary]
    {
        let sql = try TableStore.sqlDatabase(db)
        var conditions: [SQLQueryString] = []
        if let kind = filter.kind { conditions.append("m.kind = \(bind: kind)") }
        if let state = filter.state { conditions.append("m.state = \(bind: state)") }
        if let warehouse = filter.warehouseID {
            conditions.append("(m.warehouse_id = \(bind: warehouse) OR m.target_warehouse_id = \(bind: warehouse))")
        }
        if let product = filter.productID {
            conditions.append(
                "EXISTS (SELECT 1 FROM stock_movement_lines l WHERE l.movement_id = m.id AND l.product_id = \(bind: product))")
        }
        if let note = filter.deliveryNoteID { conditions.append("m.delivery_note_id = \(bind: note)") }
        if let text = filter.text, !text.isEmpty {
            let pattern = TableStore.likePattern(text)
            conditions.append(
                "(LOWER(COALESCE(m.reference, '')) LIKE \(bind: pattern) ESCAPE '!' OR LOWER(COALESCE(m.label, '')) LIKE \(bind: pattern) ESCAPE '!')"
            )
        }
        var query: SQLQueryString = """
            SELECT \(unsafeRaw: columns), w.name AS warehouse_name, t.name AS target_name, c.name AS company_name,
            (SELECT COUNT(*) FROM stock_movement_lines l WHERE l.movement_id = m.id) AS line_count
            FROM stock_movements m JOIN warehouses w ON w.id = m.warehouse_id LEFT JOIN warehouses t ON t.id = m.target_warehouse_id
            LEFT JOIN companies c ON c.id = m.company_id
            """
        if !conditions.isEmpty { query = query + " WHERE " + conditions.joined(separator: " AND ") }
        query =
            query
            + " ORDER BY m.movement_date DESC, m.created_at DESC, m.id LIMIT \(unsafeRaw: String(limit)) OFFSET \(unsafeRaw: String(offset))"
        return try await sql.raw(query).all().map {
            StockMovementSummary(
                record: try record($0), warehouseName: try $0.decode(column: "warehouse_name", as: String.self),
                targetWarehouseName: try $0.decode(column: "target_name", as: String?.self),
                companyName: try $0.decode(column: "company_name", as: String?.self),
                lineCount: Int(try $0.decode(column: "line_count", as: Int64.self)))
        }
    }
}

extension StockMovementStore {
    /// Whether any movement line names the product (its stock settings are then fixed).
    public static func hasLines(product: UUID, on db: any Database) async throws -> Bool {
        try await TableStore.sqlDatabase(db).raw("SELECT 1 AS one FROM stock_movement_lines WHERE product_id = \(bind: product) LIMIT 1")
            .first() != nil
    }
}
