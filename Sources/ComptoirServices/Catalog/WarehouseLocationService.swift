import ComptoirCore
import ComptoirStore
import Foundation

/// Locations inside a warehouse (« Emplacements »: `A-01-02`, « Réserve »): optional, created from the warehouse's page or
/// the API, renamed or deactivated, never deleted once stock went through them (the ledger names them).
public struct WarehouseLocationService: Sendable {
    public let context: ServiceContext

    public init(_ context: ServiceContext) { self.context = context }

    static let entity = "warehouse-locations"

    /// What a form or the API submits.
    public struct Input: Sendable, Hashable {
        public var code: String
        public var name: String
        public var active: Bool

        public init(code: String, name: String = "", active: Bool = true) {
            self.code = code
            self.name = name
            self.active = active
        }
    }

    /// A warehouse's locations, by code.
    public func list(warehouse: UUID) async throws -> [WarehouseLocationRecord] {
        try context.authorize(.read, .catalog)
        return try await WarehouseLocationStore.all(warehouse: warehouse, on: context.db)
    }

    /// Every location, by warehouse and code.
    public func all() async throws -> [WarehouseLocationRecord] {
        try context.authorize(.read, .catalog)
        return try await WarehouseLocationStore.all(on: context.db)
    }

    public func find(_ id: UUID) async throws -> WarehouseLocationRecord? {
        try context.authorize(.read, .catalog)
        return try await WarehouseLocationStore.find(id, on: context.db)
    }

    /// What sits at the warehouse's locations (or at the product's), non-zero levels only.
    public func levels(warehouse: UUID? = nil, product: UUID? = nil, limit: Int = 500) async throws -> [LocationLevel] {
        try context.authorize(.read, .catalog)
        return try await WarehouseLocationStore.levels(
            product: product, warehouse: warehouse, limit: min(max(limit, 1), 5_000), on: context.db)
    }

    /// Adds a location to a warehouse; its code is unique in the warehouse (any case).
    public func create(warehouse: UUID, _ input: Input) async throws -> UUID {
        try context.authorize(.write, .catalog)
        let id = context.newID()
        return try await context.transaction { context in
            try await WriteLock.acquire(StockMovementStore.lockScope, on: context.db)
            guard try await WarehouseStore.all(on: context.db).contains(where: { $0.id == warehouse }) else { throw AppError.notFound }
            let record = try await Self.check(input, id: id, warehouse: warehouse, context)
            try await WarehouseLocationStore.insert(record, at: context.now, on: context.db)
            try await AuditLog.record(
                .create, entity: Self.entity, id: id.uuidString.lowercased(), summary: "Emplacement \(record.code) créé",
                changes: ["code": (.null, .text(record.code)), "name": (.null, record.name.map { .text($0) } ?? .null)],
                by: context.auditActor, at: context.now, on: context.db)
            return id
        }
    }

    /// Renames or (de)activates a location.
    public func update(_ id: UUID, _ input: Input) async throws {
        try context.authorize(.write, .catalog)
        try await context.transaction { context in
            try await WriteLock.acquire(StockMovementStore.lockScope, on: context.db)
            guard let existing = try await WarehouseLocationStore.find(id, on: context.db) else { throw AppError.notFound }
            let record = try await Self.check(input, id: id, warehouse: existing.warehouseID, context)
            try await WarehouseLocationStore.update(record, at: context.now, on: context.db)
            var changes: [String: (before: FieldValue, after: FieldValue)] = [:]
            if existing.code != record.code { changes["code"] = (.text(existing.code), .text(record.code)) }
            if existing.name != record.name {
                changes["name"] = (existing.name.map { .text($0) } ?? .null, record.name.map { .text($0) } ?? .null)
            }
            if existing.active != record.active { changes["active"] = (.bool(existing.active), .bool(record.active)) }
            try await AuditLog.record(
                .update, entity: Self.entity, id: id.uuidString.lowercased(), summary: "Emplacement \(record.code) modifié",
                changes: changes, by: context.auditActor, at: context.now, on: context.db)
        }
    }

    static func check(_ input: Input, id: UUID, warehouse: UUID, _ context: ServiceContext) async throws -> WarehouseLocationRecord {
        var errors: [String: [Localized]] = [:]
        let code = input.code.fastTrimmed
        let name = input.name.fastTrimmed
        if code.isEmpty {
            errors["code"] = [FieldParsing.requiredMessage]
        } else if code.unicodeScalars.count > 30 {
            errors["code"] = [L("30 caractères au plus.", "At most 30 characters.")]
        } else if code.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) {
            errors["code"] = [L("Caractères de contrôle refusés.", "Control characters are not allowed.")]
        } else if let other = try await WarehouseLocationStore.find(code: code, warehouse: warehouse, on: context.db), other.id != id {
            errors["code"] = [
                L("Cet entrepôt a déjà un emplacement « \(other.code) ».", "This warehouse already has a location \"\(other.code)\".")
            ]
        }
        if name.unicodeScalars.count > 120 { errors["name"] = [L("120 caractères au plus.", "At most 120 characters.")] }
        if !errors.isEmpty { throw AppError.validation(errors) }
        return WarehouseLocationRecord(id: id, warehouseID: warehouse, code: code, name: name.isEmpty ? nil : name, active: input.active)
    }
}
