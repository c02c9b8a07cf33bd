import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// `/api/v1/warehouses/{id}/locations`, `/api/v1/warehouse-locations/{id}`, `/api/v1/stock/locations` (what sits at
/// each location) and `/api/v1/serial-numbers/{id}/scrap` (a draft « Mise au rebut » of one unit).
enum LocationAPI {
    static let locationSchema: JSONValue = [
        "type": "object", "required": ["id", "warehouseId", "code", "name", "active"],
        "properties": [
            "id": CatalogAPI.uuid, "warehouseId": CatalogAPI.uuid, "code": ["type": "string"], "name": ["type": ["string", "null"]],
            "active": ["type": "boolean"],
        ],
    ]
    static let locationInput: JSONValue = [
        "type": "object", "required": ["code"], "additionalProperties": false,
        "properties": [
            "code": ["type": "string", "minLength": 1, "maxLength": 30], "name": ["type": "string", "maxLength": 120],
            "active": ["type": "boolean"],
        ],
    ]
    static let levelSchema: JSONValue = [
        "type": "object", "required": ["locationId", "code", "warehouseId", "productId", "reference", "onHand"],
        "properties": [
            "locationId": CatalogAPI.uuid, "code": ["type": "string"], "warehouseId": CatalogAPI.uuid, "productId": CatalogAPI.uuid,
            "reference": ["type": "string"], "onHand": ["type": "string"],
        ],
    ]

    static func json(_ location: WarehouseLocationRecord) -> JSONValue {
        [
            "id": CatalogAPI.id(location.id), "warehouseId": CatalogAPI.id(location.warehouseID), "code": .string(location.code),
            "name": CatalogAPI.text(location.name), "active": .bool(location.active),
        ]
    }

    /// The body of a create or a change; `existing` gives the members left out of a change.
    static func input(_ request: Request, existing: WarehouseLocationRecord?) throws -> WarehouseLocationService.Input {
        var body = try CatalogAPI.Body(request, allowed: ["code", "name", "active"], required: existing == nil ? ["code"] : [])
        var input = WarehouseLocationService.Input(
            code: existing?.code ?? "", name: existing?.name ?? "", active: existing?.active ?? true)
        if body.object["code"] != nil { input.code = body.string("code", maxLength: 30) }
        if body.object["name"] != nil { input.name = body.string("name", maxLength: 120) }
        switch body.object["active"] {
        case nil: break
        case .bool(let flag)?: input.active = flag
        default: body.errors["active", default: []].append(L("Booléen attendu.", "A boolean is expected."))
        }
        try body.check()
        return input
    }

    static func register(_ api: APIRoutes) {
        let tag = "Catalog"
        api.on(
            .GET, "warehouses/:id/locations", summary: "A warehouse's locations, by code", tag: tag,
            response: ["type": "object", "required": ["items"], "properties": ["items": ["type": "array", "items": locationSchema]]]
        ) { request in
            let warehouse = try EntityRoutes.id(request)
            let service = WarehouseLocationService(request.context)
            guard try await StockStateService(request.context).warehouses().contains(where: { $0.id == warehouse }) else {
                throw AppError.notFound
            }
            return JSONValue.object(["items": .array(try await service.list(warehouse: warehouse).map(json))]).response()
        }
        api.on(
            .POST, "warehouses/:id/locations", summary: "Add a location to a warehouse (code unique in it)", tag: tag,
            request: locationInput, response: locationSchema, status: 201
        ) { request in
            let warehouse = try EntityRoutes.id(request)
            let service = WarehouseLocationService(request.context)
            let id = try await service.create(warehouse: warehouse, try input(request, existing: nil))
            return json(try await service.find(id)!).response(.created)
        }
        api.on(.GET, "warehouse-locations/:id", summary: "A location", tag: tag, response: locationSchema) { request in
            guard let location = try await WarehouseLocationService(request.context).find(try EntityRoutes.id(request)) else {
                throw AppError.notFound
            }
            return json(location).response()
        }
        api.on(
            .PATCH, "warehouse-locations/:id", summary: "Rename or (de)activate a location", tag: tag,
            request: [
                "type": "object", "additionalProperties": false,
                "properties": [
                    "code": ["type": "string", "minLength": 1, "maxLength": 30], "name": ["type": "string", "maxLength": 120],
                    "active": ["type": "boolean"],
                ],
            ],
            response: locationSchema
        ) { request in
            let id = try EntityRoutes.id(request)
            let service = WarehouseLocationService(request.context)
            guard let existing = try await service.find(id) else { throw AppError.notFound }
            try await service.update(id, try input(request, existing: existing))
            return json(try await service.find(id)!).response()
        }
        api.on(
            .GET, "stock/locations", summary: "What sits at each location (non-zero levels), by warehouse, location and product",
            tag: tag,
            response: ["type": "object", "required": ["items"], "properties": ["items": ["type": "array", "items": levelSchema]]],
            query: [
                ("warehouseId", ["type": "string", "format": "uuid"], "Only this warehouse's locations"),
                ("productId", ["type": "string", "format": "uuid"], "Only this product"),
                ("limit", ["type": "integer", "minimum": 1, "maximum": 5000, "default": 500], "At most this many levels"),
            ]
        ) { request in
            func uuid(_ name: String) throws -> UUID? {
                guard let raw = request.query[String.self, at: name] else { return nil }
                guard let id = UUID(uuidString: raw) else {
                    throw AppError.validation([name: [L("Identifiant attendu.", "An id is expected.")]])
                }
                return id
            }
            let limit = try ListLimit.of(request, default: 500, range: 1...5_000)
            let levels = try await WarehouseLocationService(request.context).levels(
                warehouse: try uuid("warehouseId"), product: try uuid("productId"), limit: limit)
            return JSONValue.object([
                "items": .array(
                    levels.map {
                        [
                            "locationId": CatalogAPI.id($0.locationID), "code": .string($0.code),
                            "warehouseId": CatalogAPI.id($0.warehouseID),
                            "productId": CatalogAPI.id($0.productID), "reference": .string($0.productReference),
                            "onHand": .string(Quantity(milli: $0.onHandMilli).decimalString),
                        ]
                    })
            ]).response()
        }
        api.on(
            .POST, "serial-numbers/:id/scrap", summary: "A draft outgoing movement scrapping this unit (« Mise au rebut »), to validate",
            tag: tag, response: CatalogAPI.movementSchema, status: 201
        ) { request in
            let service = StockMovementService(request.context)
            let movement = try await service.draftScrap(serial: try EntityRoutes.id(request))
            return CatalogAPI.json(try await service.find(movement)!).response(.created)
        }
    }
}
