import ComptoirCore
import ComptoirStore
import Foundation

/// Warehouses (« Entrepôts »): where stock sits. One is the default (the first one created, or the last marked so).
public enum WarehousesEntity {
    public static let definition: EntityDefinition = {
        var definition = EntityDefinition(
            name: "warehouses", table: "warehouses", singular: L("Entrepôt", "Warehouse"), plural: L("Entrepôts", "Warehouses"),
            module: .catalog,
            fields: [
                FieldDefinition("name", L("Nom", "Name"), .text(maxLength: 80), required: true, uses: [.standard, .list, .sort, .search]),
                FieldDefinition("code", L("Code", "Code"), .text(maxLength: 20), uses: [.standard, .list]),
                FieldDefinition("address", L("Adresse", "Address"), .longText),
                FieldDefinition("isDefault", L("Entrepôt par défaut", "Default warehouse"), .bool, uses: [.standard, .list]),
                FieldDefinition("active", L("Actif", "Active"), .bool, uses: [.standard, .list, .filter]),
            ],
            htmlPath: "/warehouses", defaultSort: "name", titleColumn: "name",
            rules: EntityRules(prepare: prepare, afterWrite: afterWrite))
        definition.defaults = ["is_default": .bool(false), "active": .bool(true)]
        return definition
    }()

    static func prepare(
        _ values: inout [String: FieldValue], _ raw: [String: String], _ existing: TableRow?, _ context: ServiceContext
    ) async throws -> [String: [Localized]] {
        var errors: [String: [Localized]] = [:]
        if let name = values["name"]?.textValue,
            try await WarehouseStore.all(on: context.db).contains(where: {
                $0.name.lowercased() == name.lowercased() && $0.id != existing?.id
            })
        {
            errors["name"] = [L("Un autre entrepôt porte déjà ce nom.", "Another warehouse already has this name.")]
        }
        // The first warehouse is the default one.
        if existing == nil, try await WarehouseStore.count(on: context.db) == 0 { values["is_default"] = .bool(true) }
        if let existing, existing["is_default"].boolValue == true, values["is_default"]?.boolValue == false {
            errors["isDefault"] = [
                L(
                    "Marquez un autre entrepôt par défaut : il en faut toujours un.",
                    "Mark another warehouse as the default one: there must always be one.")
            ]
        }
        return errors
    }

    static func afterWrite(_ row: TableRow, _ previous: TableRow?, _ context: ServiceContext) async throws {
        if row["is_default"].boolValue == true { try await WarehouseStore.makeDefault(row.id, on: context.db) }
    }
}
