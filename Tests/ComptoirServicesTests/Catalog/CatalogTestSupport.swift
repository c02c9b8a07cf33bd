import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Testing

/// Master data the catalogue tests start from: warehouses, a customer, products.
struct CatalogFixture {
    let test: ServiceTestDatabase
    let context: ServiceContext
    var main: UUID
    var annex: UUID
    var customer: UUID

    static func make(_ test: ServiceTestDatabase, context: ServiceContext? = nil) async throws -> CatalogFixture {
        let context = context ?? test.system()
        let warehouses = EntityService(WarehousesEntity.definition, context)
        let main = try await warehouses.create(EntityInput(values: ["name": "Lyon — Gerland"], isPartial: false, omittedMeansDefault: true))
            .id
        let annex = try await warehouses.create(EntityInput(values: ["name": "Villeurbanne"], isPartial: false, omittedMeansDefault: true))
            .id
        let customer = try await EntityService(CompaniesEntity.definition, context)
            .create(EntityInput(values: ["name": "Garage Martin"], isPartial: false, omittedMeansDefault: true)).id
        return CatalogFixture(test: test, context: context, main: main, annex: annex, customer: customer)
    }

    /// A product with stock (and serials if asked).
    func product(_ reference: String, serials: Bool = false, purchasePrice: String = "", threshold: String = "") async throws -> UUID {
        var values = [
            "reference": reference, "name": "Produit \(reference)", "stockManaged": "true", "serialTracked": serials ? "true" : "false",
        ]
        if !purchasePrice.isEmpty { values["purchasePrice"] = purchasePrice }
        if !threshold.isEmpty { values["alertThreshold"] = threshold }
        return try await EntityService(ProductsEntity.definition, context).create(
            EntityInput(values: values, isPartial: false, omittedMeansDefault: true)
        ).id
    }

    var movements: StockMovementService { StockMovementService(context) }
    var notes: DeliveryNoteService { DeliveryNoteService(context) }
    var stock: StockStateService { StockStateService(context) }

    /// Creates and validates a movement; returns its id.
    @discardableResult
    func validated(
        _ kind: String, _ lines: [StockMovementInput.Line], warehouse: UUID? = nil, target: UUID? = nil, date: String = "",
        company: UUID? = nil
    ) async throws -> UUID {
        let id = try await movements.createDraft(
            StockMovementInput(
                kind: kind, date: date, warehouse: (warehouse ?? main).uuidString, targetWarehouse: target?.uuidString ?? "",
                company: company?.uuidString ?? "", lines: lines))
        try await movements.validate(id)
        return id
    }

    func onHand(_ product: UUID, in warehouse: UUID? = nil) async throws -> Int64 {
        let levels = try await StockLedgerStore.levels(of: [product], on: test.db)
        if let warehouse { return levels[StockKey(productID: product, warehouseID: warehouse)] ?? 0 }
        return levels.filter { $0.key.productID == product }.values.reduce(0, +)
    }

    func serial(_ product: UUID, _ serial: String) async throws -> SerialRecord? {
        try await SerialStore.find(product: product, serials: [serial], on: test.db)[serial]
    }
}

/// The field errors of a refused write, or a failed expectation.
func validationErrors(_ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) async -> [String: [String]] {
    do {
        try await body()
        Issue.record("expected a validation error", sourceLocation: sourceLocation)
        return [:]
    } catch let error as AppError {
        #expect(error.code == "validation_failed", "\(error.code): \(error.message.fr)", sourceLocation: sourceLocation)
        return error.fields.mapValues { $0.map(\.fr) }
    } catch {
        Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        return [:]
    }
}

/// The code of a refused write (`already_validated`…), or nil when it succeeded.
func refusalCode(_ body: () async throws -> Void) async -> String? {
    do {
        try await body()
        return nil
    } catch let error as AppError {
        return error.code
    } catch {
        return "\(error)"
    }
}
