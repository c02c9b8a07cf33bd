import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation

/// What validating one movement does, computed and checked before anything is written: the ledger entries and level
/// changes, the serial numbers' moves, the average costs. Runs inside the validating transaction, after the stock lock.
struct StockValidation {
    var movement: StockMovement
    let context: ServiceContext
    /// The validated movement this one undoes: its serials and inventory differences are undone, not recomputed.
    var reversing: StockMovement?

    init(movement: StockMovement, context: ServiceContext, reversing: StockMovement? = nil) {
        self.movement = movement
        self.context = context
        self.reversing = reversing
    }

    func run() async throws -> String {
        let db = context.db
        let products = try await ProductStore.info(movement.lines.map(\.productID), on: db)
        if reversing == nil {
            let errors = movement.completenessErrors(products)
            if !errors.isEmpty { throw AppError.validation(errors) }
        }
        let levels = try await StockLedgerStore.levels(of: Array(products.keys), on: db)
        let places = try await StockPlaces.load(products: Array(products.keys), on: db)
        let day = movement.date.isoString

        // Stock: one ledger entry per line and warehouse it touches (and location, when the line names one).
        var deltas: [StockKey: Int64] = [:]
        var locationDeltas: [LocationKey: Int64] = [:]
        // What lines without a location take from a warehouse's unlocated stock (products without serial numbers: the
        // units of those with serials carry their own location).
        var unlocatedDeltas: [StockKey: Int64] = [:]
        var firstLine: [StockKey: Int] = [:]
        var firstLocationLine: [LocationKey: Int] = [:]
        var ledger: [StockLedgerEntry] = []
        var lineDeltas: [UUID: Int64] = [:]
        for (index, line) in movement.lines.enumerated() {
            let serialTracked = products[line.productID]?.serialTracked ?? false
            func add(_ warehouse: UUID, _ delta: Int64, _ location: UUID?) {
                let key = StockKey(productID: line.productID, warehouseID: warehouse)
                deltas[key, default: 0] += delta
                if firstLine[key] == nil { firstLine[key] = index }
                if let location {
                    let spot = LocationKey(productID: line.productID, locationID: location)
                    locationDeltas[spot, default: 0] += delta
                    if firstLocationLine[spot] == nil { firstLocationLine[spot] = index }
                } else if !serialTracked {
                    unlocatedDeltas[key, default: 0] += delta
                }
                ledger.append(
                    StockLedgerEntry(
                        movementID: movement.id, lineID: line.id, productID: line.productID, warehouseID: warehouse, deltaMilli: delta,
                        unitCost: movement.kind == .incoming ? line.unitCost : nil, day: day, locationID: location))
            }
            let quantity = line.quantity.milli
            switch movement.kind {
            case .incoming:
                add(movement.warehouseID, quantity, line.locationID)
                lineDeltas[line.id] = quantity
            case .outgoing:
                add(movement.warehouseID, -quantity, line.locationID)
                lineDeltas[line.id] = -quantity
            case .transfer:
                add(movement.warehouseID, -quantity, line.locationID)
                add(movement.targetWarehouseID ?? movement.warehouseID, quantity, line.targetLocationID)
                lineDeltas[line.id] = quantity
            case .inventory:
                let delta: Int64
                if let reversing, reversing.lines.indices.contains(index) {
                    delta = -(reversing.lines[index].delta?.milli ?? 0)
                } else {
                    // A count at a location replaces that location's quantity; a count without one, the warehouse's
                    // unlocated quantity (all of it where no location is used).
                    let key = StockKey(productID: line.productID, warehouseID: movement.warehouseID)
                    let counted =
                        line.locationID.map { places.levels[LocationKey(productID: line.productID, locationID: $0)] ?? 0 }
                        ?? (levels[key] ?? 0) - places.located(key)
                    delta = quantity - counted
                }
                if delta != 0 { add(movement.warehouseID, delta, line.locationID) }
                lineDeltas[line.id] = delta
            }
        }
        var errors: [String: [Localized]] = [:]
        // Warehouse names for the messages, read once for the stock and the serial numbers' checks.
        let warehouses = Dictionary(uniqueKeysWithValues: try await WarehouseStore.all(on: db).map { ($0.id, $0.name) })
        if !(try await StockMovementService.allowsNegativeStock(db)) {
            func refuse(_ index: Int, _ productID: UUID, place: Localized, onHand: Int64, delta: Int64) {
                let name = products[productID]?.reference ?? "?"
                let available = Quantity(milli: max(onHand, 0))
                let asked = Quantity(milli: -delta)
                errors[StockMovement.lineKey(index, "quantity"), default: []].append(
                    StockMovement.linePrefix(index)
                        + L(
                            "stock insuffisant de « \(name) » \(place.fr) : \(available.formatted()) disponible(s), \(asked.formatted()) demandé(s).",
                            "not enough \"\(name)\" \(place.en): \(available.formatted(locale: .en)) available, \(asked.formatted(locale: .en)) asked."
                        ))
            }
            for (key, delta) in deltas where delta < 0 {
                let onHand = levels[key] ?? 0
                guard onHand + delta < 0, let index = firstLine[key] else { continue }
                let place = warehouses[key.warehouseID] ?? "?"
                refuse(
                    index, key.productID, place: L("à l'entrepôt « \(place) »", "in warehouse \"\(place)\""), onHand: onHand, delta: delta)
            }
            for (spot, delta) in locationDeltas where delta < 0 {
                let onHand = places.levels[spot] ?? 0
                guard onHand + delta < 0, let index = firstLocationLine[spot] else { continue }
                let code = places.code(spot.locationID)
                refuse(
                    index, spot.productID, place: L("à l'emplacement « \(code) »", "at location \"\(code)\""), onHand: onHand, delta: delta)
            }
            for (key, delta) in unlocatedDeltas where delta < 0 && places.usesLocations(key) {
                let onHand = (levels[key] ?? 0) - places.located(key)
                guard onHand + delta < 0, (levels[key] ?? 0) + (deltas[key] ?? 0) >= 0, let index = firstLine[key] else { continue }
                let place = warehouses[key.warehouseID] ?? "?"
                refuse(
                    index, key.productID,
                    place: L(
                        "hors emplacement à l'entrepôt « \(place) » (précisez l'emplacement)",
                        "outside any location in warehouse \"\(place)\" (name the location)"), onHand: onHand, delta: delta)
            }
        }

        // Serial numbers.
        var work = SerialWork(context: context)
        for (index, line) in movement.lines.enumerated() {
            guard let product = products[line.productID], product.serialTracked, !line.serials.isEmpty else { continue }
            errors.merge(
                try await moveSerials(line, index: index, product: product, warehouses: warehouses, codes: places.codes, work: &work)
            ) { $0 + $1 }
        }
        if !errors.isEmpty { throw AppError.validation(errors) }

        // Weighted average cost of plain receptions (returns and reversals leave it as it is).
        if movement.kind == .incoming && reversing == nil && !movement.isReturn {
            var running: [UUID: (quantity: Int64, cost: Int64?)] = [:]
            for line in movement.lines {
                guard let product = products[line.productID] else { continue }
                var state: (quantity: Int64, cost: Int64?)
                if let known = running[product.id] {
                    state = known
                } else {
                    state = (try await ProductStore.totalOnHand(product.id, on: db), product.averageCost)
                }
                let unitCost = line.unitCost ?? product.purchasePrice ?? product.averageCost
                if let unitCost {
                    let before = max(state.quantity, 0)
                    let total = before + line.quantity.milli
                    if before == 0 || state.cost == nil || total == 0 {
                        state.cost = unitCost
                    } else {
                        let value = Double(before) * Double(state.cost ?? 0) + Double(line.quantity.milli) * Double(unitCost)
                        state.cost = Int64((value / Double(total)).rounded())
                    }
                }
                state.quantity += line.quantity.milli
                running[product.id] = state
            }
            for (product, state) in running where state.cost != products[product]?.averageCost {
                try await ProductStore.setAverageCost(product, state.cost, on: db)
            }
        }

        // Write: reference, ledger, levels, serials, the movement's state, the delivery note's, the audit entry.
        let now = context.now
        let reference = try await DocumentNumbers.next("MV", year: CalendarDay(now).year, on: db)
        try await StockLedgerStore.append(ledger, ids: ledger.map { _ in context.newID() }, on: db)
        try await StockLedgerStore.adjustLevels(deltas, on: db)
        try await WarehouseLocationStore.adjustLevels(locationDeltas, on: db)
        try await work.write(movement: movement.id)
        try await StockMovementStore.markValidated(
            movement.id, reference: reference, at: now, by: context.actor?.userID, deltas: lineDeltas, on: db)
        if let note = movement.deliveryNoteID {
            if movement.kind == .outgoing && reversing == nil {
                try await DeliveryNoteStore.setState(note, "delivered", at: now, on: db)
            } else if reversing?.kind == .outgoing {
                try await DeliveryNoteStore.setState(note, "returned", at: now, on: db)
            }
        }
        let summary =
            reversing.map { "\(reference) annule \($0.reference ?? "")" }
            ?? "\(reference) validé : \(movement.kind.label.fr.lowercased()), \(movement.lines.count) ligne(s)"
        try await AuditLog.record(
            reversing == nil ? .validate : .reverse, entity: StockMovementService.entity, id: movement.id.uuidString.lowercased(),
            summary: summary, changes: ["state": (.text("draft"), .text("validated")), "reference": (.null, .text(reference))],
            by: context.auditActor, at: now, on: db)
        return reference
    }

    /// Checks and plans the moves of one line's serial numbers; the errors name the line and the serial.
    private func moveSerials(
        _ line: StockMovement.Line, index: Int, product: ProductStockInfo, warehouses: [UUID: String], codes: [UUID: String],
        work: inout SerialWork
    ) async throws -> [String: [Localized]] {
        let db = context.db
        var errors: [String: [Localized]] = [:]
        let key = StockMovement.lineKey(index, "serials")
        let prefix = StockMovement.linePrefix(index)
        func fail(_ message: Localized) { errors[key, default: []].append(prefix + message) }
        let found = try await SerialStore.find(product: product.id, serials: line.serials, on: db)
        let source = movement.warehouseID
        let target = movement.targetWarehouseID

        /// The unit must be in stock at `warehouse`; else why not.
        func inStock(_ serial: String, at warehouse: UUID) -> SerialRecord? {
            guard let unit = found[serial], unit.state != "cancelled" else {
                fail(
                    L(
                        "le numéro de série « \(serial) » n'existe pas pour « \(product.reference) ».",
                        "serial number \"\(serial)\" does not exist for \"\(product.reference)\"."))
                return nil
            }
            switch unit.state {
            case "in_stock" where unit.warehouseID == warehouse:
                return unit
            case "in_stock":
                let place = unit.warehouseID.flatMap { warehouses[$0] } ?? "?"
                fail(
                    L(
                        "le numéro de série « \(serial) » est à l'entrepôt « \(place) », pas à « \(warehouses[warehouse] ?? "?") ».",
                        "serial number \"\(serial)\" is in warehouse \"\(place)\", not \"\(warehouses[warehouse] ?? "?")\"."))
            case "delivered":
                fail(L("le numéro de série « \(serial) » a déjà été livré.", "serial number \"\(serial)\" was already delivered."))
            default:
                fail(L("le numéro de série « \(serial) » n'est pas en stock.", "serial number \"\(serial)\" is not in stock."))
            }
            return nil
        }

        /// A unit leaving its place: it must be at the line's location when the line names one; when it does not, the
        /// unit's own location gives up the unit (the ledger could not know it).
        func leave(_ unit: SerialRecord) -> Bool {
            if let wanted = line.locationID {
                guard unit.locationID == wanted else {
                    let here = unit.locationID.flatMap { codes[$0] }
                    fail(
                        L(
                            "le numéro de série « \(unit.serial) » est \(here.map { "à l'emplacement « \($0) »" } ?? "hors emplacement"), pas à « \(codes[wanted] ?? "?") ».",
                            "serial number \"\(unit.serial)\" is \(here.map { "at location \"\($0)\"" } ?? "outside any location"), not at \"\(codes[wanted] ?? "?")\"."
                        ))
                    return false
                }
            } else if let here = unit.locationID {
                work.locationDeltas[LocationKey(productID: unit.productID, locationID: here), default: 0] -= 1_000
            }
            return true
        }

        switch (movement.kind, reversing?.kind, movement.isReturn) {
        case (.incoming, nil, false):
            // A reception: new units (or units of a reversed reception, received again).
            for serial in line.serials {
                if let unit = found[serial], unit.state != "cancelled" {
                    fail(
                        L(
                            "le numéro de série « \(serial) » est déjà utilisé pour « \(product.reference) ».",
                            "serial number \"\(serial)\" is already used for \"\(product.reference)\"."))
                } else {
                    work.receive(
                        serial, existing: found[serial], product: product.id, warehouse: source, location: line.locationID, line: line.id,
                        movement: movement.id)
                }
            }
        case (.incoming, nil, true):
            // A return: delivered units come back into stock and start a new cycle.
            for serial in line.serials {
                guard var unit = found[serial], unit.state == "delivered" else {
                    fail(
                        L(
                            "le numéro de série « \(serial) » n'est pas chez un client : il ne peut pas être retourné.",
                            "serial number \"\(serial)\" is not at a customer: it cannot be returned."))
                    continue
                }
                let customer = unit.customerID
                unit.state = "in_stock"
                unit.warehouseID = source
                unit.locationID = line.locationID
                unit.customerID = nil
                unit.cycle += 1
                work.move(
                    unit, kind: "returned", movement: movement.id, note: movement.deliveryNoteID, warehouse: source, company: customer)
            }
        case (.outgoing, nil, _):
            for serial in line.serials {
                guard var unit = inStock(serial, at: source), leave(unit) else { continue }
                unit.warehouseID = nil
                unit.locationID = nil
                if movement.isScrap {
                    // « Mise au rebut »: out of stock for good, never delivered (no delivery row, no customer).
                    unit.state = "scrapped"
                    work.move(unit, kind: "scrapped", movement: movement.id, note: nil, warehouse: source, company: nil)
                } else {
                    unit.state = "delivered"
                    unit.customerID = movement.companyID
                    work.deliver(unit, movement: movement.id, note: movement.deliveryNoteID, warehouse: source)
                }
            }
        case (.transfer, nil, _):
            for serial in line.serials {
                guard var unit = inStock(serial, at: source), let target, leave(unit) else { continue }
                unit.warehouseID = target
                unit.locationID = line.targetLocationID
                work.move(unit, kind: "transferred", movement: movement.id, note: nil, warehouse: target, company: nil)
            }
        case (.outgoing, .incoming?, _):
            // Undoing a reception (or a return): the units must still be where it put them.
            let wasReturn = reversing?.isReturn ?? false
            for serial in line.serials {
                guard var unit = inStock(serial, at: source), leave(unit) else { continue }
                unit.locationID = nil
                if wasReturn {
                    unit.state = "delivered"
                    unit.warehouseID = nil
                    unit.cycle -= 1
                    unit.customerID = movement.companyID
                } else {
                    unit.state = "cancelled"
                    unit.warehouseID = nil
                }
                work.move(unit, kind: "reversed", movement: movement.id, note: nil, warehouse: source, company: nil)
            }
        case (.incoming, .outgoing?, _):
            // Undoing a delivery: the units come back as from a return (a new cycle). Undoing a « Mise au rebut »: they come
            // back to where they were, in the same cycle (never delivered).
            let scrapped = reversing?.isScrap == true
            for serial in line.serials {
                guard var unit = found[serial], unit.state == (scrapped ? "scrapped" : "delivered") else {
                    fail(
                        scrapped
                            ? L(
                                "le numéro de série « \(serial) » n'est plus au rebut : annulez d'abord ce qui a suivi.",
                                "serial number \"\(serial)\" is no longer scrapped: undo what followed first.")
                            : L(
                                "le numéro de série « \(serial) » n'est plus chez le client : annulez d'abord ce qui a suivi.",
                                "serial number \"\(serial)\" is no longer at the customer: undo what followed first."))
                    continue
                }
                unit.state = "in_stock"
                unit.warehouseID = source
                unit.locationID = line.locationID
                unit.customerID = nil
                if !scrapped { unit.cycle += 1 }
                work.move(
                    unit, kind: "reversed", movement: movement.id, note: scrapped ? nil : movement.deliveryNoteID, warehouse: source,
                    company: nil)
            }
        case (.transfer, .transfer?, _):
            for serial in line.serials {
                guard var unit = inStock(serial, at: source), let target, leave(unit) else { continue }
                unit.warehouseID = target
                unit.locationID = line.targetLocationID
                work.move(unit, kind: "reversed", movement: movement.id, note: nil, warehouse: target, company: nil)
            }
        default:
            break
        }
        return errors
    }
}

/// The serial numbers' rows a validation writes, gathered while checking and written at the end.
struct SerialWork {
    let context: ServiceContext
    private var inserts: [SerialRecord] = []
    private var updates: [SerialRecord] = []
    private var deliveries: [(unit: SerialRecord, note: UUID?)] = []
    private var events: [(serial: UUID, kind: String, note: UUID?, warehouse: UUID?, company: UUID?)] = []
    /// Units that left a location their line did not name: the location levels give them up too.
    var locationDeltas: [LocationKey: Int64] = [:]

    init(context: ServiceContext) { self.context = context }

    /// A unit received: a new row, or a cancelled one revived.
    mutating func receive(
        _ serial: String, existing: SerialRecord?, product: UUID, warehouse: UUID, location: UUID?, line: UUID, movement: UUID
    ) {
        if var unit = existing {
            unit.state = "in_stock"
            unit.warehouseID = warehouse
            unit.locationID = location
            unit.customerID = nil
            unit.lineID = line
            updates.append(unit)
            events.append((unit.id, "received", nil, warehouse, nil))
        } else {
            let unit = SerialRecord(
                id: context.newID(), productID: product, serial: serial, state: "in_stock", warehouseID: warehouse, lineID: line,
                locationID: location)
            inserts.append(unit)
            events.append((unit.id, "received", nil, warehouse, nil))
        }
    }

    mutating func move(_ unit: SerialRecord, kind: String, movement: UUID, note: UUID?, warehouse: UUID?, company: UUID?) {
        updates.append(unit)
        events.append((unit.id, kind, note, warehouse, company))
    }

    mutating func deliver(_ unit: SerialRecord, movement: UUID, note: UUID?, warehouse: UUID) {
        updates.append(unit)
        deliveries.append((unit, note))
        events.append((unit.id, "delivered", note, warehouse, unit.customerID))
    }

    func write(movement: UUID) async throws {
        let db = context.db
        let now = context.now
        try await SerialStore.insert(inserts, at: now, on: db)
        try await WarehouseLocationStore.adjustLevels(locationDeltas, on: db)
        for unit in updates { try await SerialStore.update(unit, at: now, on: db) }
        for (unit, note) in deliveries {
            do {
                try await SerialStore.recordDelivery(
                    id: context.newID(), serial: unit, movement: movement, deliveryNote: note, customer: unit.customerID, at: now, on: db)
            } catch let error as any DatabaseError where error.isConstraintFailure {
                // The database's guarantee: one delivery per serial and cycle, whatever the writers did.
                throw AppError.conflict(
                    L("Le numéro de série « \(unit.serial) » a déjà été livré.", "Serial number \"\(unit.serial)\" was already delivered."),
                    code: "serial_already_delivered")
            }
        }
        for event in events {
            try await SerialStore.recordEvent(
                id: context.newID(), serial: event.serial, kind: event.kind, at: now, movement: movement, deliveryNote: event.note,
                warehouse: event.warehouse, company: event.company, on: db)
        }
    }
}
