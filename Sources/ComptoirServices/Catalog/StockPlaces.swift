import ComptoirStore
import FluentKit
import Foundation

/// The locations side of the stock a validation reads: each product's level per location, and which warehouse each
/// location belongs to, so that the stock outside any location (`warehouse level − located`) is known too.
struct StockPlaces {
    var levels: [LocationKey: Int64]
    var warehouseOf: [UUID: UUID]
    var codes: [UUID: String]

    static func load(products: [UUID], on db: any Database) async throws -> StockPlaces {
        let locations = try await WarehouseLocationStore.all(on: db)
        return StockPlaces(
            levels: try await WarehouseLocationStore.levels(of: products, on: db),
            warehouseOf: Dictionary(uniqueKeysWithValues: locations.map { ($0.id, $0.warehouseID) }),
            codes: Dictionary(uniqueKeysWithValues: locations.map { ($0.id, $0.code) }))
    }

    /// What the product has at the warehouse's locations, together.
    func located(_ key: StockKey) -> Int64 {
        levels.reduce(0) { sum, entry in
            entry.key.productID == key.productID && warehouseOf[entry.key.locationID] == key.warehouseID ? sum + entry.value : sum
        }
    }

    /// Whether some of the product sits at one of the warehouse's locations.
    func usesLocations(_ key: StockKey) -> Bool { located(key) != 0 }

    func code(_ location: UUID) -> String { codes[location] ?? "?" }
}
