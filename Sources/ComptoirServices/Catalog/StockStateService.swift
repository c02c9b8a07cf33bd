import ComptoirCore
import ComptoirStore
import Foundation

/// The stock state (« État des stocks ») and serial numbers, read side: views, counts, valuation, stock at a past date,
/// a product's stock by warehouse and its history, serial search.
public struct StockStateService: Sendable {
    public let context: ServiceContext

    public init(_ context: ServiceContext) { self.context = context }

    /// One page of a view, by reference after `afterReference`.
    public func page(
        _ view: StockView, warehouse: UUID? = nil, category: String? = nil, text: String? = nil, afterReference: String? = nil,
        limit: Int = 50
    ) async throws -> [StockStateRow] {
        try context.authorize(.read, .catalog)
        return try await StockStateStore.page(
            view, warehouse: warehouse, category: category, text: text, afterReference: afterReference, limit: min(max(limit, 1), 1_000),
            on: context.db)
    }

    /// How many products the view holds, up to `cap` (nil beyond: « plus de … »).
    public func count(_ view: StockView, warehouse: UUID? = nil, category: String? = nil, text: String? = nil, upTo cap: Int = 10_000)
        async throws -> Int?
    {
        try context.authorize(.read, .catalog)
        let count = try await StockStateStore.count(view, warehouse: warehouse, category: category, text: text, upTo: cap, on: context.db)
        return count > cap ? nil : count
    }

    public func valueByCategory() async throws -> [StockCategoryValue] {
        try context.authorize(.read, .catalog)
        return try await StockStateStore.valueByCategory(on: context.db)
    }

    /// On hand at the end of `day` of these products (over every warehouse, or in `warehouse`), from the ledger.
    public func onHand(atEndOf day: CalendarDay, products: [UUID], warehouse: UUID? = nil) async throws -> [UUID: Quantity] {
        try context.authorize(.read, .catalog)
        let levels = try await StockLedgerStore.levels(atEndOf: day.isoString, products: products, on: context.db)
        var result: [UUID: Quantity] = [:]
        for (key, quantity) in levels where warehouse == nil || key.warehouseID == warehouse {
            result[key.productID, default: .zero] += Quantity(milli: quantity)
        }
        return result
    }

    /// A product's on hand per warehouse (warehouses without stock left out).
    public func levels(of product: UUID) async throws -> [(warehouseID: UUID, name: String, onHand: Quantity)] {
        try context.authorize(.read, .catalog)
        let levels = try await StockLedgerStore.levels(of: [product], on: context.db)
        return try await WarehouseStore.all(on: context.db).compactMap { warehouse in
            guard let quantity = levels[StockKey(productID: product, warehouseID: warehouse.id)], quantity != 0 else { return nil }
            return (warehouse.id, warehouse.name, Quantity(milli: quantity))
        }
    }

    /// A product's validated stock changes, newest first.
    public func history(of product: UUID, limit: Int = 50) async throws -> [StockLedgerLine] {
        try context.authorize(.read, .catalog)
        return try await StockLedgerStore.history(of: product, limit: limit, on: context.db)
    }

    /// Units whose serial is `text` or starts with it.
    public func searchSerials(_ text: String, limit: Int = 50) async throws -> [SerialHit] {
        try context.authorize(.read, .catalog)
        let trimmed = text.fastTrimmed
        guard !trimmed.isEmpty else { return [] }
        return try await SerialStore.search(trimmed, limit: min(max(limit, 1), 500), on: context.db)
    }

    /// A unit and its life, oldest first.
    public func serial(_ id: UUID) async throws -> (SerialRecord, [SerialEventRecord])? {
        try context.authorize(.read, .catalog)
        guard let serial = try await SerialStore.find(id, on: context.db) else { return nil }
        return (serial, try await SerialStore.history(of: id, on: context.db))
    }

    /// Units of a product in stock (in a warehouse), to pick on a delivery note.
    public func serialsInStock(product: UUID, warehouse: UUID?, limit: Int = 500) async throws -> [SerialRecord] {
        try context.authorize(.read, .catalog)
        return try await SerialStore.inStock(product: product, warehouse: warehouse, limit: limit, on: context.db)
    }

    public func categories() async throws -> [String] {
        try context.authorize(.read, .catalog)
        return try await ProductStore.categories(on: context.db)
    }

    public func warehouses() async throws -> [(id: UUID, name: String, active: Bool, isDefault: Bool)] {
        try context.authorize(.read, .catalog)
        return try await WarehouseStore.all(on: context.db)
    }
}

extension StockStateService {
    /// What the catalogue's pages show beside ids: products, warehouses and companies by id.
    public struct Names: Sendable {
        public var products: [UUID: ProductStockInfo]
        public var warehouses: [UUID: String]
        public var companies: [UUID: String]

        public func product(_ id: UUID) -> String {
            guard let product = products[id] else { return "—" }
            return "\(product.reference) — \(product.name)"
        }
    }

    public func names(products: [UUID], companies: [UUID?]) async throws -> Names {
        try context.authorize(.read, .catalog)
        let ids = companies.compactMap { $0 }
        return Names(
            products: try await ProductStore.info(products, on: context.db),
            warehouses: Dictionary(uniqueKeysWithValues: try await WarehouseStore.all(on: context.db).map { ($0.id, $0.name) }),
            companies: ids.isEmpty ? [:] : try await TableStore.titles("companies", column: "name", ids: ids, on: context.db))
    }
}

extension StockStateService {
    /// The product with this reference (or id), for pages that name products by reference.
    public func product(reference: String) async throws -> ProductStockInfo? {
        try context.authorize(.read, .catalog)
        let id: UUID?
        if let uuid = UUID(uuidString: reference) {
            id = uuid
        } else {
            id = try await ProductStore.id(reference: reference, on: context.db)
        }
        guard let id else { return nil }
        return try await ProductStore.info([id], on: context.db)[id]
    }
}
