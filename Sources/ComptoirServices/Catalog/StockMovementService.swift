import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation

/// Stock movements' use cases: drafts written freely, then `validate` (the only way stock changes), `reverse` (the only
/// way a validated movement is undone) and serial numbers entered on a validated incoming line. Every write runs as
/// lock (`stock`) → check → write → derived state (ledger, levels, serials, average cost) → audit, in one transaction.
public struct StockMovementService: Sendable {
    public let context: ServiceContext

    public init(_ context: ServiceContext) { self.context = context }

    /// The setting that lets stock go below zero (refused by default).
    public static let negativeStockSetting = "catalog.allowNegativeStock"

    static let entity = "stock-movements"

    /// The movement with its lines, or nil.
    public func find(_ id: UUID) async throws -> StockMovement? {
        try context.authorize(.read, .catalog)
        return try await Self.load(id, context)
    }

    static func load(_ id: UUID, _ context: ServiceContext) async throws -> StockMovement? {
        guard let record = try await StockMovementStore.find(id, on: context.db) else { return nil }
        return StockMovement(record, lines: try await StockMovementStore.lines(of: id, on: context.db))
    }

    public func list(_ filter: StockMovementFilter, limit: Int = 50, offset: Int = 0) async throws -> [StockMovementSummary] {
        try context.authorize(.read, .catalog)
        return try await StockMovementStore.list(filter, limit: min(max(limit, 1), 500), offset: max(offset, 0), on: context.db)
    }

    /// Creates a draft; nothing touches stock.
    public func createDraft(_ input: StockMovementInput) async throws -> UUID {
        try context.authorize(.write, .catalog)
        let id = context.newID()
        return try await context.transaction { context in
            try await WriteLock.acquire(StockMovementStore.lockScope, on: context.db)
            let movement = try await self.parse(input, id: id, existing: nil, context)
            try await Self.insertDraft(movement, context)
            return id
        }
    }

    static func insertDraft(_ movement: StockMovement, _ context: ServiceContext) async throws {
        try await StockMovementStore.insert(movement.record(now: context.now), on: context.db)
        try await StockMovementStore.replaceLines(movement.id, movement.lineRecords(), on: context.db)
        try await AuditLog.record(
            .create, entity: entity, id: movement.id.uuidString.lowercased(),
            summary: "\(movement.kind.label.fr) (brouillon), \(movement.lines.count) ligne(s)", by: context.auditActor, at: context.now,
            on: context.db)
    }

    /// Replaces a draft's header and lines. A validated movement is never edited (409).
    public func updateDraft(_ id: UUID, _ input: StockMovementInput) async throws {
        try context.authorize(.write, .catalog)
        try await context.transaction { context in
            try await WriteLock.acquire(StockMovementStore.lockScope, on: context.db)
            guard let existing = try await Self.load(id, context) else { throw AppError.notFound }
            try Self.requireDraft(existing)
            let movement = try await self.parse(input, id: id, existing: existing, context)
            var record = movement.record(now: context.now)
            record.createdAt = nil
            try await StockMovementStore.updateDraft(record, on: context.db)
            try await StockMovementStore.replaceLines(id, movement.lineRecords(), on: context.db)
            try await AuditLog.record(
                .update, entity: Self.entity, id: id.uuidString.lowercased(),
                summary: "Brouillon modifié, \(movement.lines.count) ligne(s)",
                by: context.auditActor, at: context.now, on: context.db)
        }
    }

    /// Deletes a draft. A validated movement is never deleted: it is reversed.
    public func deleteDraft(_ id: UUID) async throws {
        try context.authorize(.write, .catalog)
        try await context.transaction { context in
            try await WriteLock.acquire(StockMovementStore.lockScope, on: context.db)
            guard let existing = try await Self.load(id, context) else { throw AppError.notFound }
            try Self.requireDraft(existing)
            if let note = existing.deliveryNoteID, existing.kind == .outgoing {
                // The delivery note it came from may be turned into a movement again.
                try await DeliveryNoteStore.reopen(note, at: context.now, on: context.db)
            }
            try await StockMovementStore.deleteDraft(id, on: context.db)
            try await AuditLog.record(
                .delete, entity: Self.entity, id: id.uuidString.lowercased(), summary: "Brouillon supprimé", by: context.auditActor,
                at: context.now, on: context.db)
        }
    }

    static func requireDraft(_ movement: StockMovement) throws {
        guard let reference = movement.reference else { return }
        throw AppError.conflict(
            L(
                "Le mouvement \(reference) est validé : il ne peut plus être modifié ni supprimé. Pour l'annuler, créez son mouvement inverse.",
                "Movement \(reference) is validated: it can no longer be changed or deleted. To undo it, create its reversing movement."),
            code: "movement_validated")
    }

    /// Validates a draft: checks every line against the stock under the lock, then writes the ledger, the levels, the
    /// serial numbers and the reference (`MV2026-00012`) together. Returns the reference.
    @discardableResult
    public func validate(_ id: UUID) async throws -> String {
        try context.authorize(.write, .catalog)
        return try await context.transaction { context in
            try await WriteLock.acquire(StockMovementStore.lockScope, on: context.db)
            guard let movement = try await Self.load(id, context) else { throw AppError.notFound }
            if let reference = movement.reference {
                throw AppError.conflict(
                    L("Le mouvement \(reference) est déjà validé.", "Movement \(reference) is already validated."),
                    code: "already_validated")
            }
            return try await StockValidation(movement: movement, context: context).run()
        }
    }

    /// Creates and validates the movement that undoes a validated one (stock, serial numbers), linked to it. A movement is
    /// reversed at most once, and a reversal is not reversed (create a new movement instead). Returns the new movement's id.
    public func reverse(_ id: UUID) async throws -> UUID {
        try context.authorize(.write, .catalog)
        let newID = context.newID()
        return try await context.transaction { context in
            try await WriteLock.acquire(StockMovementStore.lockScope, on: context.db)
            guard let original = try await Self.load(id, context) else { throw AppError.notFound }
            guard let reference = original.reference else {
                throw AppError.conflict(
                    L(
                        "Un brouillon n'a rien changé au stock : modifiez-le ou supprimez-le.",
                        "A draft changed no stock: edit or delete it."),
                    code: "movement_draft")
            }
            if original.reversesID != nil {
                throw AppError.conflict(
                    L(
                        "\(reference) annule déjà un autre mouvement : créez un nouveau mouvement plutôt que de l'annuler.",
                        "\(reference) already reverses another movement: create a new movement instead."),
                    code: "reversal_not_reversible")
            }
            if let existing = try await StockMovementStore.reversal(of: id, on: context.db),
                let other = try await StockMovementStore.find(existing, on: context.db)
            {
                throw AppError.conflict(
                    L(
                        "\(reference) est déjà annulé par \(other.reference ?? "un autre mouvement").",
                        "\(reference) is already reversed by \(other.reference ?? "another movement")."),
                    code: "already_reversed")
            }
            var reversal = StockMovement(
                id: newID, kind: original.kind.reversed, label: "Annulation de \(reference)", date: CalendarDay(context.now),
                warehouseID: original.kind == .transfer ? (original.targetWarehouseID ?? original.warehouseID) : original.warehouseID,
                targetWarehouseID: original.kind == .transfer ? original.warehouseID : nil, companyID: original.companyID,
                reversesID: original.id,
                deliveryNoteID: original.deliveryNoteID, createdBy: context.actor?.userID,
                lines: original.lines.map {
                    // The goods go back where they came from: a transfer's locations swap.
                    StockMovement.Line(
                        id: context.newID(), productID: $0.productID, quantity: $0.quantity, unitCost: $0.unitCost, serials: $0.serials,
                        locationID: original.kind == .transfer ? $0.targetLocationID : $0.locationID,
                        targetLocationID: original.kind == .transfer ? $0.locationID : nil)
                })
            try await Self.insertDraft(reversal, context)
            reversal.state = .draft
            _ = try await StockValidation(movement: reversal, context: context, reversing: original).run()
            return newID
        }
    }

    /// « Mettre au rebut » from a serial number's page: a draft outgoing movement with the reason `scrap`, holding that
    /// unit at its warehouse and location. Validating it takes the unit out of stock for good (`scrapped`, never
    /// delivered); reversing that movement brings it back. Returns the draft's id.
    public func draftScrap(serial id: UUID) async throws -> UUID {
        try context.authorize(.write, .catalog)
        let newID = context.newID()
        return try await context.transaction { context in
            try await WriteLock.acquire(StockMovementStore.lockScope, on: context.db)
            guard let unit = try await SerialStore.find(id, on: context.db) else { throw AppError.notFound }
            guard unit.state == "in_stock", let warehouse = unit.warehouseID else {
                throw AppError.conflict(
                    L(
                        "Le numéro de série « \(unit.serial) » n'est pas en stock : il ne peut pas être mis au rebut.",
                        "Serial number \"\(unit.serial)\" is not in stock: it cannot be scrapped."),
                    code: "serial_not_in_stock")
            }
            let movement = StockMovement(
                id: newID, kind: .outgoing, label: "Mise au rebut de \(unit.serial)", date: CalendarDay(context.now),
                warehouseID: warehouse, reason: .scrap, createdBy: context.actor?.userID,
                lines: [
                    StockMovement.Line(
                        id: context.newID(), productID: unit.productID, quantity: Quantity(milli: 1_000), serials: [unit.serial],
                        locationID: unit.locationID)
                ])
            try await Self.insertDraft(movement, context)
            return newID
        }
    }

    /// Records serial numbers of units a validated incoming line brought in without them. Their count plus those already
    /// entered may not exceed the line's quantity; each is new for the product.
    public func addSerials(movement id: UUID, line lineID: UUID, serials raw: [String]) async throws {
        try context.authorize(.write, .catalog)
        try await context.transaction { context in
            try await WriteLock.acquire(StockMovementStore.lockScope, on: context.db)
            guard let movement = try await Self.load(id, context), let line = movement.lines.first(where: { $0.id == lineID }) else {
                throw AppError.notFound
            }
            guard movement.reference != nil, movement.kind == .incoming, !movement.isReturn, movement.reversesID == nil else {
                throw AppError.conflict(
                    L(
                        "Les numéros de série se saisissent ici sur une ligne d'un mouvement entrant validé ; sur un brouillon, saisissez-les dans le mouvement.",
                        "Serial numbers are entered here on a line of a validated incoming movement; on a draft, enter them in the movement."
                    ),
                    code: "serials_not_expected")
            }
            guard let product = try await ProductStore.info([line.productID], on: context.db)[line.productID], product.serialTracked else {
                throw AppError.conflict(
                    L("Ce produit n'est pas suivi par numéro de série.", "This product is not serial-tracked."), code: "not_serial_tracked")
            }
            let serials = raw.flatMap { StockMovement.serialList($0) }
            var errors: [String: [Localized]] = [:]
            if serials.isEmpty { errors["serials"] = [L("Saisissez au moins un numéro de série.", "Enter at least one serial number.")] }
            var seen = Set(line.serials)
            for serial in serials where !seen.insert(serial).inserted {
                errors["serials", default: []].append(L("« \(serial) » est saisi deux fois.", "\"\(serial)\" is entered twice."))
            }
            for serial in serials where serial.unicodeScalars.count > 100 {
                errors["serials", default: []].append(
                    L("« \(serial.prefix(20))… » : 100 caractères au plus.", "\"\(serial.prefix(20))…\": at most 100 characters."))
            }
            let units = line.quantity.wholeUnits ?? 0
            if line.serials.count + serials.count > units {
                errors["serials", default: []].append(
                    L(
                        "La ligne compte \(units) unité(s) dont \(line.serials.count) déjà numérotée(s) : \(units - line.serials.count) numéro(s) au plus, \(serials.count) saisi(s).",
                        "The line has \(units) unit(s), \(line.serials.count) already numbered: at most \(units - line.serials.count) serial(s), \(serials.count) entered."
                    ))
            }
            if !errors.isEmpty { throw AppError.validation(errors) }
            let existing = try await SerialStore.find(product: product.id, serials: serials, on: context.db)
            for serial in serials where existing[serial] != nil && existing[serial]?.state != "cancelled" {
                errors["serials", default: []].append(
                    L(
                        "Le numéro de série « \(serial) » est déjà utilisé pour « \(product.reference) ».",
                        "Serial number \"\(serial)\" is already used for \"\(product.reference)\"."))
            }
            if !errors.isEmpty { throw AppError.validation(errors) }
            var work = SerialWork(context: context)
            for serial in serials {
                work.receive(
                    serial, existing: existing[serial], product: product.id, warehouse: movement.warehouseID, location: line.locationID,
                    line: lineID, movement: id)
            }
            try await work.write(movement: id)
            try await StockMovementStore.setLineSerials(lineID, (line.serials + serials).joined(separator: "\n"), on: context.db)
            try await AuditLog.record(
                .update, entity: Self.entity, id: id.uuidString.lowercased(),
                summary: "\(serials.count) numéro(s) de série saisi(s) pour \(product.reference)", by: context.auditActor, at: context.now,
                on: context.db)
        }
    }

    /// Whether stock may go below zero.
    static func allowsNegativeStock(_ db: any Database) async throws -> Bool {
        try await Settings.string(negativeStockSetting, on: db) == "true"
    }

    public func allowsNegativeStock() async throws -> Bool {
        try await Self.allowsNegativeStock(context.db)
    }

    /// Lets stock go below zero, or not (administrators).
    public func setAllowsNegativeStock(_ allowed: Bool) async throws {
        try context.authorize(.write, .settings)
        try await context.transaction { context in
            let before = try await Self.allowsNegativeStock(context.db)
            try await Settings.set(Self.negativeStockSetting, allowed ? "true" : "false", on: context.db)
            try await AuditLog.record(
                .update, entity: "settings", id: Self.negativeStockSetting, summary: "Stock négatif " + (allowed ? "autorisé" : "refusé"),
                changes: ["allow_negative_stock": (.bool(before), .bool(allowed))], by: context.auditActor, at: context.now, on: context.db)
        }
    }
}
