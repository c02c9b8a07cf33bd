import ComptoirCore
import ComptoirStore
import Foundation

/// A stock movement (« Mouvement de stock »): a typed document with lines and a state. Nothing touches stock until
/// `StockMovementService.validate`; a validated movement is never edited nor deleted, only reversed by another one.
public struct StockMovement: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case incoming, outgoing, transfer, inventory

        public var label: Localized {
            switch self {
            case .incoming: L("Entrant", "Incoming")
            case .outgoing: L("Sortant", "Outgoing")
            case .transfer: L("Transfert", "Transfer")
            case .inventory: L("Inventaire", "Inventory")
            }
        }

        /// The kind of the movement that undoes this one.
        var reversed: Kind {
            switch self {
            case .incoming: .outgoing
            case .outgoing: .incoming
            case .transfer: .transfer
            case .inventory: .inventory
            }
        }
    }

    /// Why an outgoing movement takes stock out, when it is not a delivery.
    public enum Reason: String, Sendable, CaseIterable {
        /// « Mise au rebut »: broken, obsolete or lost units; their serial numbers end as `scrapped`, never delivered.
        case scrap

        public var label: Localized {
            switch self {
            case .scrap: L("Mise au rebut", "Scrapping")
            }
        }
    }

    public enum State: Sendable, Hashable {
        case draft
        case validated(reference: String, at: Date)
    }

    public struct Line: Sendable, Hashable {
        public var id: UUID
        public var productID: UUID
        /// What moves; for an inventory, the quantity counted.
        public var quantity: Quantity
        /// Cents per unit (incoming: values the stock).
        public var unitCost: Int64?
        public var serials: [String]
        /// What validation did to the stock.
        public var delta: Quantity?
        /// The location inside the warehouse the line takes from (outgoing, transfer, inventory) or puts into (incoming).
        public var locationID: UUID?
        /// A transfer's destination location.
        public var targetLocationID: UUID?

        public init(
            id: UUID, productID: UUID, quantity: Quantity, unitCost: Int64? = nil, serials: [String] = [], delta: Quantity? = nil,
            locationID: UUID? = nil, targetLocationID: UUID? = nil
        ) {
            self.locationID = locationID
            self.targetLocationID = targetLocationID
            self.id = id
            self.productID = productID
            self.quantity = quantity
            self.unitCost = unitCost
            self.serials = serials
            self.delta = delta
        }
    }

    public var id: UUID
    public var kind: Kind
    public var state: State
    public var label: String?
    public var date: CalendarDay
    public var warehouseID: UUID
    /// A transfer's destination.
    public var targetWarehouseID: UUID?
    /// The supplier (incoming) or customer (outgoing).
    public var companyID: UUID?
    /// The movement this one undoes.
    public var reversesID: UUID?
    /// The delivery note this outgoing movement fulfils, or whose goods this incoming movement brings back (a return).
    public var deliveryNoteID: UUID?
    public var notes: String?
    /// Outgoing only: why, when it is not a delivery.
    public var reason: Reason?
    public var createdBy: UUID?
    public var lines: [Line]

    public var isScrap: Bool { kind == .outgoing && reason == .scrap }

    public var isDraft: Bool { state == .draft }

    public var reference: String? {
        if case .validated(let reference, _) = state { return reference }
        return nil
    }

    /// An incoming movement that brings delivered units back.
    public var isReturn: Bool { kind == .incoming && deliveryNoteID != nil && reversesID == nil }

    public init(
        id: UUID, kind: Kind, state: State = .draft, label: String? = nil, date: CalendarDay, warehouseID: UUID,
        targetWarehouseID: UUID? = nil, companyID: UUID? = nil, reversesID: UUID? = nil, deliveryNoteID: UUID? = nil,
        notes: String? = nil, reason: Reason? = nil, createdBy: UUID? = nil, lines: [Line]
    ) {
        self.reason = reason
        self.id = id
        self.kind = kind
        self.state = state
        self.label = label
        self.date = date
        self.warehouseID = warehouseID
        self.targetWarehouseID = targetWarehouseID
        self.companyID = companyID
        self.reversesID = reversesID
        self.deliveryNoteID = deliveryNoteID
        self.notes = notes
        self.createdBy = createdBy
        self.lines = lines
    }

    init?(_ record: StockMovementRecord, lines: [StockMovementLineRecord]) {
        guard let kind = Kind(rawValue: record.kind), let date = CalendarDay(parsing: record.movementDate) else { return nil }
        let state: State
        if record.state == "validated", let reference = record.reference {
            state = .validated(reference: reference, at: record.validatedAt ?? Date(timeIntervalSince1970: 0))
        } else {
            state = .draft
        }
        self.init(
            id: record.id, kind: kind, state: state, label: record.label, date: date, warehouseID: record.warehouseID,
            targetWarehouseID: record.targetWarehouseID, companyID: record.companyID, reversesID: record.reversesID,
            deliveryNoteID: record.deliveryNoteID, notes: record.notes, reason: record.reason.flatMap(Reason.init(rawValue:)),
            createdBy: record.createdBy,
            lines: lines.map {
                Line(
                    id: $0.id, productID: $0.productID, quantity: Quantity(milli: $0.quantityMilli), unitCost: $0.unitCost,
                    serials: Self.serialList($0.serials), delta: $0.deltaMilli.map { Quantity(milli: $0) }, locationID: $0.locationID,
                    targetLocationID: $0.targetLocationID)
            })
    }

    func record(now: Date) -> StockMovementRecord {
        var validatedAt: Date?
        if case .validated(_, let at) = state { validatedAt = at }
        return StockMovementRecord(
            id: id, kind: kind.rawValue, state: isDraft ? "draft" : "validated", reference: reference, label: label,
            movementDate: date.isoString, warehouseID: warehouseID, targetWarehouseID: targetWarehouseID, companyID: companyID,
            reversesID: reversesID, deliveryNoteID: deliveryNoteID, notes: notes, reason: reason?.rawValue, validatedAt: validatedAt,
            createdBy: createdBy,
            createdAt: now, updatedAt: now)
    }

    func lineRecords() -> [StockMovementLineRecord] {
        lines.enumerated().map { index, line in
            StockMovementLineRecord(
                id: line.id, position: index + 1, productID: line.productID, quantityMilli: line.quantity.milli, unitCost: line.unitCost,
                deltaMilli: line.delta?.milli, serials: line.serials.isEmpty ? nil : line.serials.joined(separator: "\n"),
                locationID: line.locationID, targetLocationID: line.targetLocationID)
        }
    }

    /// Serial numbers as typed or pasted: one a line, or separated by commas, semicolons or tabs; blanks dropped.
    public static func serialList(_ text: String?) -> [String] {
        guard let text else { return [] }
        return text.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "," || $0 == ";" || $0 == "\t" })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// `count` serials from `prefix` and a counter starting at `start`, zero-padded to `width` digits (« SN-0001 »…).
    public static func serialRange(prefix: String, start: Int, count: Int, width: Int) -> [String] {
        guard count > 0 else { return [] }
        return (start..<(start + count)).map { number in
            var digits = String(number)
            while digits.count < width { digits = "0" + digits }
            return prefix + digits
        }
    }

    /// « Ligne 2 : » — what every line error starts with.
    static func linePrefix(_ index: Int) -> Localized {
        L("Ligne \(index + 1) : ", "Line \(index + 1): ")
    }

    /// The field key of a line's input in errors (`lines[0].quantity`).
    public static func lineKey(_ index: Int, _ field: String) -> String { "lines[\(index)].\(field)" }

    /// The rules a movement must meet to be validated, without reading the database: lines present, quantities whole for
    /// serial-tracked products, as many serials as units where they are needed.
    func completenessErrors(_ products: [UUID: ProductStockInfo]) -> [String: [Localized]] {
        var errors: [String: [Localized]] = [:]
        if lines.isEmpty { errors["lines"] = [L("Ajoutez au moins une ligne.", "Add at least one line.")] }
        for (index, line) in lines.enumerated() {
            guard let product = products[line.productID], product.serialTracked else { continue }
            let prefix = Self.linePrefix(index)
            guard let units = line.quantity.wholeUnits else {
                errors[Self.lineKey(index, "quantity"), default: []].append(
                    prefix
                        + L(
                            "un produit suivi par numéro de série se compte en unités entières.",
                            "a serial-tracked product counts whole units."))
                continue
            }
            // An incoming movement may be validated before its serials are entered (they are then entered on the line).
            let needsAll = kind != .incoming || isReturn || !line.serials.isEmpty
            if needsAll && line.serials.count != units {
                errors[Self.lineKey(index, "serials"), default: []].append(
                    prefix
                        + L(
                            "\(line.serials.count) numéro(s) de série pour \(units) unité(s) de « \(product.reference) » : il en faut autant que d'unités.",
                            "\(line.serials.count) serial number(s) for \(units) unit(s) of \"\(product.reference)\": there must be one per unit."
                        ))
            }
        }
        return errors
    }
}

extension Localized {
    static func + (lhs: Localized, rhs: Localized) -> Localized { Localized(lhs.fr + rhs.fr, lhs.en + rhs.en) }
}
