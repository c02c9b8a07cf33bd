import FluentKit
import Foundation
import SQLKit

/// Warehouses' SQL beyond the generic store: the default one, names for pickers.
public enum WarehouseStore {
    /// The default warehouse (the first created if none is marked).
    public static func defaultID(on db: any Database) async throws -> UUID? {
        try await TableStore.sqlDatabase(db).raw(
            "SELECT id FROM warehouses WHERE active = \(bind: true) ORDER BY CASE WHEN is_default THEN 0 ELSE 1 END, created_at, name LIMIT 1"
        ).first()?.decode(column: "id", as: UUID.self)
    }

    /// Makes `id` the only default warehouse.
    public static func makeDefault(_ id: UUID, on db: any Database) async throws {
        try await TableStore.sqlDatabase(db).raw(
            "UPDATE warehouses SET is_default = \(bind: false) WHERE id <> \(bind: id) AND is_default = \(bind: true)"
        )
        .run()
    }

    public static func count(on db: any Database) async throws -> Int {
        Int(
            try await TableStore.sqlDatabase(db).raw("SELECT COUNT(*) AS n FROM warehouses").first()?.decode(column: "n", as: Int64.self)
                ?? 0)
    }

    /// Every warehouse: id, name, active, default, by name.
    public static func all(on db: any Database) async throws -> [(id: UUID, name: String, active: Bool, isDefault: Bool)] {
        try await TableStore.sqlDatabase(db).raw("SELECT id, name, active, is_default FROM warehouses ORDER BY name").all().map {
            (
                try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "name", as: String.self),
                try $0.decode(column: "active", as: Bool.self), try $0.decode(column: "is_default", as: Bool.self)
            )
        }
    }
}
