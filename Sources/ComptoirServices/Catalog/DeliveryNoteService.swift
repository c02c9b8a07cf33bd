import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation

/// Delivery notes' use cases: drafts, « Transformer en mouvement de stock sortant », returns. The lines are checked with
/// the movement's own parser (one set of rules for products, quantities and serials), and the serials picked are checked
/// against the stock when saved, again when turned into a movement, and a last time when that movement is validated.
public struct DeliveryNoteService: Sendable {
    public let context: ServiceContext

    public init(_ context: ServiceContext) { self.context = context }

    static let entity = "delivery-notes"

    public func find(_ id: UUID) async throws -> DeliveryNote? {
        try context.authorize(.read, .catalog)
        return try await Self.load(id, context)
    }

    static func load(_ id: UUID, _ context: ServiceContext) async throws -> DeliveryNote? {
        guard let record = try await DeliveryNoteStore.find(id, on: context.db) else { return nil }
        return DeliveryNote(record, lines: try await DeliveryNoteStore.lines(of: id, on: context.db))
    }

    public func list(state: String? = nil, company: UUID? = nil, text: String? = nil, limit: Int = 50, offset: Int = 0) async throws
        -> [DeliveryNoteSummary]
    {
        try context.authorize(.read, .catalog)
        return try await DeliveryNoteStore.list(
            state: state, company: company, text: text, limit: min(max(limit, 1), 500), offset: max(offset, 0), on: context.db)
    }

    public func create(_ input: DeliveryNoteInput) async throws -> UUID {
        try context.authorize(.write, .catalog)
        let id = context.newID()
        return try await context.transaction { context in
            try await WriteLock.acquire(StockMovementStore.lockScope, on: context.db)
            let note = try await Self.parse(input, id: id, existing: nil, context)
            try await DeliveryNoteStore.insert(note.record(now: context.now), on: context.db)
            try await DeliveryNoteStore.replaceLines(id, note.lineRecords(), on: context.db)
            try await AuditLog.record(
                .create, entity: Self.entity, id: id.uuidString.lowercased(),
                summary: "Bon de livraison (brouillon), \(note.lines.count) ligne(s)",
                by: context.auditActor, at: context.now, on: context.db)
            return id
        }
    }

    public func update(_ id: UUID, _ input: DeliveryNoteInput) async throws {
        try context.authorize(.write, .catalog)
        try await context.transaction { context in
            try await WriteLock.acquire(StockMovementStore.lockScope, on: context.db)
            guard let existing = try await Self.load(id, context) else { throw AppError.notFound }
            try Self.requireDraft(existing)
            let note = try await Self.parse(input, id: id, existing: existing, context)
            var record = note.record(now: context.now)
            record.createdAt = nil
            try await DeliveryNoteStore.updateDraft(record, on: context.db)
            try await DeliveryNoteStore.replaceLines(id, note.lineRecords(), on: context.db)
            try await AuditLog.record(
                .update, entity: Self.entity, id: id.uuidString.lowercased(), summary: "Brouillon modifié, \(note.lines.count) ligne(s)",
                by: context.auditActor, at: context.now, on: context.db)
        }
    }

    public func delete(_ id: UUID) async throws {
        try context.authorize(.write, .catalog)
        try await context.transaction { context in
            try await WriteLock.acquire(StockMovementStore.lockScope, on: context.db)
            guard let existing = try await Self.load(id, context) else { throw AppError.notFound }
            try Self.requireDraft(existing)
            try await DeliveryNoteStore.deleteDraft(id, on: context.db)
            try await AuditLog.record(
                .delete, entity: Self.entity, id: id.uuidString.lowercased(), summary: "Brouillon supprimé", by: context.auditActor,
                at: context.now,
                on: context.db)
        }
    }

    static func requireDraft(_ note: DeliveryNote) throws {
        guard note.state != .draft else { return }
        throw AppError.conflict(
            L(
                "Le bon de livraison \(note.reference ?? "") est \(note.state.label.fr.lowercased()) : il ne peut plus être modifié.",
                "Delivery note \(note.reference ?? "") is \(note.state.label.en.lowercased()): it can no longer be changed."),
            code: "delivery_note_locked")
    }

    /// « Transformer en mouvement de stock sortant »: gives the note its reference (`BL2026-00003`) and creates the draft
    /// outgoing movement with its lines and serials. Returns the movement's id.
    public func transform(_ id: UUID) async throws -> UUID {
        try context.authorize(.write, .catalog)
        let movementID = context.newID()
        return try await context.transaction { context in
            try await WriteLock.acquire(StockMovementStore.lockScope, on: context.db)
            guard var note = try await Self.load(id, context) else { throw AppError.notFound }
            if note.state != .draft {
                throw AppError.conflict(
                    L(
                        "Le bon de livraison \(note.reference ?? "") a déjà été transformé en mouvement de stock.",
                        "Delivery note \(note.reference ?? "") was already turned into a stock movement."),
                    code: "already_transformed")
            }
            let movement = note.outgoingMovement(id: movementID, lineIDs: { context.newID() }, by: context.actor?.userID)
            let products = try await ProductStore.info(note.lines.map(\.productID), on: context.db)
            var errors = movement.completenessErrors(products)
            errors.merge(try await Self.availabilityErrors(note, products, context)) { $0 + $1 }
            if !errors.isEmpty { throw AppError.validation(errors) }
            var reference = note.reference ?? ""
            if reference.isEmpty { reference = try await DocumentNumbers.next("BL", year: CalendarDay(context.now).year, on: context.db) }
            note.reference = reference
            try await StockMovementService.insertDraft(movement, context)
            try await DeliveryNoteStore.setState(
                id, "validated", reference: reference, movement: movementID, at: context.now, on: context.db)
            try await AuditLog.record(
                .validate, entity: Self.entity, id: id.uuidString.lowercased(),
                summary: "\(reference) transformé en mouvement de stock sortant",
                changes: ["state": (.text("draft"), .text("validated")), "reference": (.null, .text(reference))], by: context.auditActor,
                at: context.now, on: context.db)
            return movementID
        }
    }

    /// A draft incoming movement bringing a delivered note's goods back, to adjust (fewer units, other serials) and validate.
    public func createReturn(_ id: UUID) async throws -> UUID {
        try context.authorize(.write, .catalog)
        let movementID = context.newID()
        return try await context.transaction { context in
            try await WriteLock.acquire(StockMovementStore.lockScope, on: context.db)
            guard let note = try await Self.load(id, context) else { throw AppError.notFound }
            guard note.state == .delivered else {
                throw AppError.conflict(
                    L("Seul un bon de livraison livré peut faire l'objet d'un retour.", "Only a delivered note can be returned."),
                    code: "not_delivered")
            }
            let movement = note.returnMovement(
                id: movementID, lineIDs: { context.newID() }, on: CalendarDay(context.now), by: context.actor?.userID)
            try await StockMovementService.insertDraft(movement, context)
            return movementID
        }
    }

    /// Parses a note with the movement's line rules, then checks the customer.
    static func parse(_ input: DeliveryNoteInput, id: UUID, existing: DeliveryNote?, _ context: ServiceContext) async throws -> DeliveryNote
    {
        var errors: [String: [Localized]] = [:]
        var companyID: UUID?
        let companyText = input.company.fastTrimmed
        if companyText.isEmpty {
            errors["company"] = [L("Choisissez le client.", "Choose the customer.")]
        } else {
            switch try await DirectoryReference.resolve(companyText, .companies, context) {
            case .success(let id): companyID = id
            case .failure(let message): errors["company"] = [message]
            }
        }
        var contactID: UUID?
        if !input.contact.fastTrimmed.isEmpty {
            switch try await DirectoryReference.resolve(input.contact, .contacts, context) {
            case .success(let id): contactID = id
            case .failure(let message): errors["contact"] = [message]
            }
        }
        if input.deliveryAddress.unicodeScalars.count > 1_000 {
            errors["deliveryAddress"] = [L("1 000 caractères au plus.", "At most 1,000 characters.")]
        }
        for (index, line) in input.lines.filter({ !$0.isBlank }).enumerated() where line.description.unicodeScalars.count > 500 {
            errors[StockMovement.lineKey(index, "description")] = [
                StockMovement.linePrefix(index) + L("500 caractères au plus.", "at most 500 characters.")
            ]
        }
        let movementInput = StockMovementInput(
            kind: "outgoing", date: input.date, warehouse: input.warehouse, notes: input.notes,
            lines: input.lines.filter { !$0.isBlank }.map { .init(product: $0.product, quantity: $0.quantity, serials: $0.serials) })
        var movement: StockMovement?
        do {
            movement = try await StockMovementService(context).parse(movementInput, id: id, existing: nil, context)
        } catch let error as AppError where error.code == "validation_failed" {
            errors.merge(error.fields) { $0 + $1 }
        }
        if !errors.isEmpty { throw AppError.validation(errors) }
        guard let movement, let companyID else { throw AppError.validation(errors) }
        let descriptions = input.lines.filter { !$0.isBlank }.map { $0.description.fastTrimmed }
        let note = DeliveryNote(
            id: id, state: .draft, companyID: companyID, contactID: contactID, warehouseID: movement.warehouseID,
            deliveryAddress: input.deliveryAddress.fastTrimmed.isEmpty ? nil : input.deliveryAddress.fastTrimmed, date: movement.date,
            notes: movement.notes, createdBy: existing?.createdBy ?? context.actor?.userID,
            lines: movement.lines.enumerated().map { index, line in
                DeliveryNote.Line(
                    id: existing?.lines.indices.contains(index) == true ? existing!.lines[index].id : line.id, productID: line.productID,
                    quantity: line.quantity, description: descriptions[index].isEmpty ? nil : descriptions[index], serials: line.serials)
            })
        let products = try await ProductStore.info(note.lines.map(\.productID), on: context.db)
        let availability = try await availabilityErrors(note, products, context, quantities: false)
        if !availability.isEmpty { throw AppError.validation(availability) }
        return note
    }

    /// Serials picked must be in stock in the note's warehouse; with `quantities`, the stock must cover each product.
    static func availabilityErrors(
        _ note: DeliveryNote, _ products: [UUID: ProductStockInfo], _ context: ServiceContext, quantities: Bool = true
    ) async throws -> [String: [Localized]] {
        var errors: [String: [Localized]] = [:]
        let warehouses = Dictionary(uniqueKeysWithValues: try await WarehouseStore.all(on: context.db).map { ($0.id, $0.name) })
        for (index, line) in note.lines.enumerated() {
            guard let product = products[line.productID], !line.serials.isEmpty else { continue }
            let found = try await SerialStore.find(product: product.id, serials: line.serials, on: context.db)
            for serial in line.serials {
                let prefix = StockMovement.linePrefix(index)
                let message: Localized?
                if let unit = found[serial], unit.state != "cancelled" {
                    if unit.state == "delivered" {
                        message = L(
                            "le numéro de série « \(serial) » a déjà été livré.", "serial number \"\(serial)\" was already delivered.")
                    } else if unit.warehouseID != note.warehouseID {
                        let place = unit.warehouseID.flatMap { warehouses[$0] } ?? "?"
                        message = L(
                            "le numéro de série « \(serial) » est à l'entrepôt « \(place) ».",
                            "serial number \"\(serial)\" is in warehouse \"\(place)\".")
                    } else {
                        message = nil
                    }
                } else {
                    message = L(
                        "le numéro de série « \(serial) » n'existe pas pour « \(product.reference) ».",
                        "serial number \"\(serial)\" does not exist for \"\(product.reference)\".")
                }
                if let message { errors[StockMovement.lineKey(index, "serials"), default: []].append(prefix + message) }
            }
        }
        guard quantities, !(try await StockMovementService.allowsNegativeStock(context.db)) else { return errors }
        let levels = try await StockLedgerStore.levels(of: Array(products.keys), on: context.db)
        var asked: [UUID: (Int64, Int)] = [:]
        for (index, line) in note.lines.enumerated() {
            let current = asked[line.productID] ?? (0, index)
            asked[line.productID] = (current.0 + line.quantity.milli, current.1)
        }
        for (product, (quantity, index)) in asked {
            let onHand = levels[StockKey(productID: product, warehouseID: note.warehouseID)] ?? 0
            if quantity > onHand {
                errors[StockMovement.lineKey(index, "quantity"), default: []].append(
                    StockMovement.linePrefix(index)
                        + L(
                            "stock insuffisant de « \(products[product]?.reference ?? "?") » : \(Quantity(milli: max(onHand, 0)).formatted()) disponible(s), \(Quantity(milli: quantity).formatted()) demandé(s).",
                            "not enough \"\(products[product]?.reference ?? "?")\": \(Quantity(milli: max(onHand, 0)).formatted(locale: .en)) available, \(Quantity(milli: quantity).formatted(locale: .en)) asked."
                        ))
            }
        }
        return errors
    }
}
