import FluentKit
import Foundation
import SQLKit

/// A delivery note's header, as stored.
public struct DeliveryNoteRecord: Sendable, Hashable {
    public var id: UUID
    /// `draft`, `validated` (turned into an outgoing movement, reference given) or `delivered` (that movement validated).
    public var state: String
    public var reference: String?
    public var companyID: UUID
    public var contactID: UUID?
    public var warehouseID: UUID
    public var deliveryAddress: String?
    /// `yyyy-mm-dd`.
    public var noteDate: String
    public var notes: String?
    /// The outgoing movement that fulfils it.
    public var movementID: UUID?
    /// The sales document it comes from (`invoice`, `order`), once the Sales module lands.
    public var sourceType: String?
    public var sourceID: UUID?
    public var createdBy: UUID?
    public var createdAt: Date?
    public var updatedAt: Date?

    public init(
        id: UUID, state: String, reference: String? = nil, companyID: UUID, contactID: UUID? = nil, warehouseID: UUID,
        deliveryAddress: String? = nil, noteDate: String, notes: String? = nil, movementID: UUID? = nil, sourceType: String? = nil,
        sourceID: UUID? = nil, createdBy: UUID? = nil, createdAt: Date? = nil, updatedAt: Date? = nil
    ) {
        self.id = id
        self.state = state
        self.reference = reference
        self.companyID = companyID
        self.contactID = contactID
        self.warehouseID = warehouseID
        self.deliveryAddress = deliveryAddress
        self.noteDate = noteDate
        self.notes = notes
        self.movementID = movementID
        self.sourceType = sourceType
        self.sourceID = sourceID
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// A line of a delivery note.
public struct DeliveryNoteLineRecord: Sendable, Hashable {
    public var id: UUID
    public var position: Int
    public var productID: UUID
    public var quantityMilli: Int64
    public var description: String?
    /// Serial numbers picked, one a line.
    public var serials: String?

    public init(id: UUID, position: Int, productID: UUID, quantityMilli: Int64, description: String? = nil, serials: String? = nil) {
        self.id = id
        self.position = position
        self.productID = productID
        self.quantityMilli = quantityMilli
        self.description = description
        self.serials = serials
    }
}

/// A delivery note in a list.
public struct DeliveryNoteSummary: Sendable, Hashable {
    public var record: DeliveryNoteRecord
    public var companyName: String
    public var warehouseName: String
    public var movementReference: String?
    public var lineCount: Int
}

/// Delivery notes' SQL.
public enum DeliveryNoteStore {
    static let columns = """
        n.id, n.state, n.reference, n.company_id, n.contact_id, n.warehouse_id, n.delivery_address, n.note_date, n.notes, n.movement_id,
        n.source_type, n.source_id, n.created_by, n.created_at, n.updated_at
        """

    static func record(_ row: any SQLRow) throws -> DeliveryNoteRecord {
        DeliveryNoteRecord(
            id: try row.decode(column: "id", as: UUID.self), state: try row.decode(column: "state", as: String.self),
            reference: try row.decode(column: "reference", as: String?.self),
            companyID: try row.decode(column: "company_id", as: UUID.self),
            contactID: try row.decode(column: "contact_id", as: UUID?.self),
            warehouseID: try row.decode(column: "warehouse_id", as: UUID.self),
            deliveryAddress: try row.decode(column: "delivery_address", as: String?.self),
            noteDate: try row.decode(column: "note_date", as: String.self), notes: try row.decode(column: "notes", as: String?.self),
            movementID: try row.decode(column: "movement_id", as: UUID?.self),
            sourceType: try row.decode(column: "source_type", as: String?.self),
            sourceID: try row.decode(column: "source_id", as: UUID?.self), createdBy: try row.decode(column: "created_by", as: UUID?.self),
            createdAt: try row.decode(column: "created_at", as: Date?.self), updatedAt: try row.decode(column: "updated_at", as: Date?.self)
        )
    }

    public static func find(_ id: UUID, on db: any Database) async throws -> DeliveryNoteRecord? {
        try await TableStore.sqlDatabase(db).raw("SELECT \(unsafeRaw: columns) FROM delivery_notes n WHERE n.id = \(bind: id)").first().map(
            record)
    }

    public static func lines(of note: UUID, on db: any Database) async throws -> [DeliveryNoteLineRecord] {
        try await TableStore.sqlDatabase(db).raw(
            """
            SELECT id, position, product_id, quantity_milli, description, serials FROM delivery_note_lines
            WHERE note_id = \(bind: note) ORDER BY position
            """
        ).all().map {
            DeliveryNoteLineRecord(
                id: try $0.decode(column: "id", as: UUID.self), position: Int(try $0.decode(column: "position", as: Int64.self)),
                productID: try $0.decode(column: "product_id", as: UUID.self),
                quantityMilli: try $0.decode(column: "quantity_milli", as: Int64.self),
                description: try $0.decode(column: "description", as: String?.self),
                serials: try $0.decode(column: "serials", as: String?.self))
        }
    }

    public static func insert(_ note: DeliveryNoteRecord, on db: any Database) async throws {
        try await TableStore.sqlDatabase(db).raw(
            """
            INSERT INTO delivery_notes (id, state, reference, company_id, contact_id, warehouse_id, delivery_address, note_date, notes,
            movement_id, source_type, source_id, created_by, created_at, updated_at) VALUES (\(bind: note.id), \(bind: note.state),
            \(bind: note.reference), \(bind: note.companyID), \(bind: note.contactID), \(bind: note.warehouseID), \(bind: note.deliveryAddress),
            \(bind: note.noteDate), \(bind: note.notes), \(bind: note.movementID), \(bind: note.sourceType), \(bind: note.sourceID),
            \(bind: note.createdBy), \(bind: note.createdAt), \(bind: note.updatedAt))
            """
        ).run()
    }

    public static func updateDraft(_ note: DeliveryNoteRecord, on db: any Database) async throws {
        try await TableStore.sqlDatabase(db).raw(
            """
            UPDATE delivery_notes SET company_id = \(bind: note.companyID), contact_id = \(bind: note.contactID),
            warehouse_id = \(bind: note.warehouseID), delivery_address = \(bind: note.deliveryAddress), note_date = \(bind: note.noteDate),
            notes = \(bind: note.notes), updated_at = \(bind: note.updatedAt) WHERE id = \(bind: note.id) AND state = 'draft'
            """
        ).run()
    }

    public static func replaceLines(_ note: UUID, _ lines: [DeliveryNoteLineRecord], on db: any Database) async throws {
        let sql = try TableStore.sqlDatabase(db)
        try await sql.raw("DELETE FROM delivery_note_lines WHERE note_id = \(bind: note)").run()
        for line in lines {
            try await sql.raw(
                """
                INSERT INTO delivery_note_lines (id, note_id, position, product_id, quantity_milli, description, serials)
                VALUES (\(bind: line.id), \(bind: note), \(bind: Int64(line.position)), \(bind: line.productID), \(bind: line.quantityMilli),
                \(bind: line.description), \(bind: line.serials))
                """
            ).run()
        }
    }

    /// Moves a note to `state`, with its reference and movement when given.
    public static func setState(
        _ id: UUID, _ state: String, reference: String? = nil, movement: UUID? = nil, at date: Date, on db: any Database
    ) async throws {
        try await TableStore.sqlDatabase(db).raw(
            """
            UPDATE delivery_notes SET state = \(bind: state), reference = COALESCE(\(bind: reference), reference),
            movement_id = COALESCE(\(bind: movement), movement_id), updated_at = \(bind: date) WHERE id = \(bind: id)
            """
        ).run()
    }

    /// A validated note whose draft movement was deleted: a draft again (its reference kept), free to be turned into a
    /// movement once more.
    public static func reopen(_ id: UUID, at date: Date, on db: any Database) async throws {
        try await TableStore.sqlDatabase(db).raw(
            "UPDATE delivery_notes SET state = 'draft', movement_id = NULL, updated_at = \(bind: date) WHERE id = \(bind: id) AND state = 'validated'"
        ).run()
    }

    public static func deleteDraft(_ id: UUID, on db: any Database) async throws {
        let sql = try TableStore.sqlDatabase(db)
        try await sql.raw("DELETE FROM delivery_note_lines WHERE note_id = \(bind: id)").run()
        try await sql.raw("DELETE FROM delivery_notes WHERE id = \(bind: id) AND state = 'draft'").run()
    }

    /// Notes, newest first, optionally of one customer or state, 50 a page from `offset`.
    public static func list(
        state: String?, company: UUID?, text: String?, limit: Int, offset: Int, on db: any Database
    ) async throws -> [DeliveryNoteSummary] {
        let sql = try TableStore.sqlDatabase(db)
        var conditions: [SQLQueryString] = []
        if let state { conditions.append("n.state = \(bind: state)") }
        if let company { conditions.append("n.company_id = \(bind: company)") }
        if let text, !text.isEmpty {
            let pattern = TableStore.likePattern(text)
            // The customer also through the directory's index, accents and case folded.
            let customer = SearchIndex.matches(text, kind: "companies", column: "n.company_id", on: sql)
            conditions.append(
                """
                (LOWER(COALESCE(n.reference, '')) LIKE \(bind: pattern) ESCAPE '!' OR LOWER(c.name) LIKE \(bind: pattern) ESCAPE '!'\
                \(customer.map { " OR " + $0 } ?? ""))
                """)
        }
        var query: SQLQueryString = """
            SELECT \(unsafeRaw: columns), c.name AS company_name, w.name AS warehouse_name, m.reference AS movement_reference,
            (SELECT COUNT(*) FROM delivery_note_lines l WHERE l.note_id = n.id) AS line_count
            FROM delivery_notes n JOIN companies c ON c.id = n.company_id JOIN warehouses w ON w.id = n.warehouse_id
            LEFT JOIN stock_movements m ON m.id = n.movement_id
            """
        if !conditions.isEmpty { query = query + " WHERE " + conditions.joined(separator: " AND ") }
        query =
            query
            + " ORDER BY n.note_date DESC, n.created_at DESC, n.id LIMIT \(unsafeRaw: String(limit)) OFFSET \(unsafeRaw: String(offset))"
        return try await sql.raw(query).all().map {
            DeliveryNoteSummary(
                record: try record($0), companyName: try $0.decode(column: "company_name", as: String.self),
                warehouseName: try $0.decode(column: "warehouse_name", as: String.self),
                movementReference: try $0.decode(column: "movement_reference", as: String?.self),
                lineCount: Int(try $0.decode(column: "line_count", as: Int64.self)))
        }
    }
}
