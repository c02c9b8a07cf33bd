import ComptoirCore
import ComptoirStore
import Foundation

/// A delivery note (« Bon de livraison »): what goes to a customer, with the serial numbers picked for each unit. It is
/// turned into an outgoing stock movement (« Transformer en mouvement de stock sortant »), whose validation delivers it.
public struct DeliveryNote: Sendable, Hashable {
    public enum State: String, Sendable, CaseIterable {
        /// Being prepared: lines and serials may change.
        case draft
        /// Turned into an outgoing movement (a draft); the note has its reference and no longer changes.
        case validated
        /// Its movement was validated: the goods left.
        case delivered
        /// Its movement was reversed: the goods came back.
        case returned

        public var label: Localized {
            switch self {
            case .draft: L("Brouillon", "Draft")
            case .validated: L("À expédier", "To ship")
            case .delivered: L("Livré", "Delivered")
            case .returned: L("Retourné", "Returned")
            }
        }
    }

    public struct Line: Sendable, Hashable {
        public var id: UUID
        public var productID: UUID
        public var quantity: Quantity
        public var description: String?
        public var serials: [String]
    }

    public var id: UUID
    public var state: State
    public var reference: String?
    public var companyID: UUID
    public var contactID: UUID?
    public var warehouseID: UUID
    public var deliveryAddress: String?
    public var date: CalendarDay
    public var notes: String?
    public var movementID: UUID?
    /// The sales document it was made from (`invoice` or `order`), when the Sales module makes one.
    public var sourceType: String?
    public var sourceID: UUID?
    public var createdBy: UUID?
    public var lines: [Line]

    init?(_ record: DeliveryNoteRecord, lines: [DeliveryNoteLineRecord]) {
        guard let state = State(rawValue: record.state), let date = CalendarDay(parsing: record.noteDate) else { return nil }
        self.id = record.id
        self.state = state
        self.reference = record.reference
        self.companyID = record.companyID
        self.contactID = record.contactID
        self.warehouseID = record.warehouseID
        self.deliveryAddress = record.deliveryAddress
        self.date = date
        self.notes = record.notes
        self.movementID = record.movementID
        self.sourceType = record.sourceType
        self.sourceID = record.sourceID
        self.createdBy = record.createdBy
        self.lines = lines.map {
            Line(
                id: $0.id, productID: $0.productID, quantity: Quantity(milli: $0.quantityMilli), description: $0.description,
                serials: StockMovement.serialList($0.serials))
        }
    }

    init(
        id: UUID, state: State, companyID: UUID, contactID: UUID?, warehouseID: UUID, deliveryAddress: String?, date: CalendarDay,
        notes: String?, createdBy: UUID?, lines: [Line]
    ) {
        self.id = id
        self.state = state
        self.companyID = companyID
        self.contactID = contactID
        self.warehouseID = warehouseID
        self.deliveryAddress = deliveryAddress
        self.date = date
        self.notes = notes
        self.createdBy = createdBy
        self.lines = lines
    }

    func record(now: Date) -> DeliveryNoteRecord {
        DeliveryNoteRecord(
            id: id, state: state.rawValue, reference: reference, companyID: companyID, contactID: contactID, warehouseID: warehouseID,
            deliveryAddress: deliveryAddress, noteDate: date.isoString, notes: notes, movementID: movementID, sourceType: sourceType,
            sourceID: sourceID, createdBy: createdBy, createdAt: now, updatedAt: now)
    }

    func lineRecords() -> [DeliveryNoteLineRecord] {
        lines.enumerated().map { index, line in
            DeliveryNoteLineRecord(
                id: line.id, position: index + 1, productID: line.productID, quantityMilli: line.quantity.milli,
                description: line.description,
                serials: line.serials.isEmpty ? nil : line.serials.joined(separator: "\n"))
        }
    }

    /// The outgoing movement that delivers this note: same warehouse, customer, lines and serials.
    func outgoingMovement(id: UUID, lineIDs: () -> UUID, by user: UUID?) -> StockMovement {
        StockMovement(
            id: id, kind: .outgoing, label: "Livraison \(reference ?? "")", date: date, warehouseID: warehouseID, companyID: companyID,
            deliveryNoteID: self.id, createdBy: user,
            lines: lines.map { StockMovement.Line(id: lineIDs(), productID: $0.productID, quantity: $0.quantity, serials: $0.serials) })
    }

    /// The incoming movement that brings the delivered goods back (a return), to adjust and validate.
    func returnMovement(id: UUID, lineIDs: () -> UUID, on day: CalendarDay, by user: UUID?) -> StockMovement {
        StockMovement(
            id: id, kind: .incoming, label: "Retour \(reference ?? "")", date: day, warehouseID: warehouseID, companyID: companyID,
            deliveryNoteID: self.id, createdBy: user,
            lines: lines.map { StockMovement.Line(id: lineIDs(), productID: $0.productID, quantity: $0.quantity, serials: $0.serials) })
    }
}

/// A delivery note as a form or the API submits it.
public struct DeliveryNoteInput: Sendable, Hashable {
    public struct Line: Sendable, Hashable {
        public var product: String
        public var quantity: String
        public var description: String
        public var serials: String

        public init(product: String, quantity: String, description: String = "", serials: String = "") {
            self.product = product
            self.quantity = quantity
            self.description = description
            self.serials = serials
        }

        var isBlank: Bool {
            product.fastTrimmed.isEmpty && quantity.fastTrimmed.isEmpty && serials.fastTrimmed.isEmpty && description.fastTrimmed.isEmpty
        }
    }

    public var company: String
    public var contact: String
    public var warehouse: String
    public var deliveryAddress: String
    public var date: String
    public var notes: String
    public var lines: [Line]

    public init(
        company: String, contact: String = "", warehouse: String = "", deliveryAddress: String = "", date: String = "", notes: String = "",
        lines: [Line]
    ) {
        self.company = company
        self.contact = contact
        self.warehouse = warehouse
        self.deliveryAddress = deliveryAddress
        self.date = date
        self.notes = notes
        self.lines = lines
    }
}
