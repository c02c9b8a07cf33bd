import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// `/api/v1/stock-movements` (+ `/{id}/validation`, `/{id}/reversal`, serials), `/api/v1/delivery-notes`
/// (+ `/{id}/stock-movement`, `/{id}/return`), `/api/v1/serial-numbers`, `/api/v1/stock` and its export. Products and
/// warehouses are generic entities (`EntityAPI`). Bodies are read strictly: unknown members, wrong JSON types and
/// numbers outside their pattern are 422 before the service sees them.
enum CatalogAPI {
    static let uuid: JSONValue = ["type": "string", "format": "uuid"]
    static let nullableUUID: JSONValue = ["type": ["string", "null"], "format": "uuid"]
    static let quantityPattern = "^[0-9]{1,12}([.,][0-9]{1,3})?$"
    static let moneyPattern = "^[0-9]{1,12}([.,][0-9]{1,2})?$"

    static let movementLineSchema: JSONValue = [
        "type": "object", "required": ["id", "productId", "quantity", "unitCost", "serials", "delta", "locationId", "targetLocationId"],
        "properties": [
            "id": uuid, "productId": uuid, "quantity": ["type": "string"], "unitCost": ["type": ["string", "null"]],
            "serials": ["type": "array", "items": ["type": "string"]], "delta": ["type": ["string", "null"]],
            "locationId": nullableUUID, "targetLocationId": nullableUUID,
        ],
    ]
    static let movementSchema: JSONValue = [
        "type": "object",
        "required": [
            "id", "kind", "state", "reference", "label", "date", "warehouseId", "targetWarehouseId", "companyId", "reversesId",
            "deliveryNoteId", "reason", "lines",
        ],
        "properties": [
            "id": uuid, "kind": ["type": "string", "enum": ["incoming", "outgoing", "transfer", "inventory"]],
            "state": ["type": "string", "enum": ["draft", "validated"]], "reference": ["type": ["string", "null"]],
            "label": ["type": ["string", "null"]], "date": ["type": "string", "format": "date"], "warehouseId": uuid,
            "targetWarehouseId": nullableUUID, "companyId": nullableUUID, "reversesId": nullableUUID, "deliveryNoteId": nullableUUID,
            "notes": ["type": ["string", "null"]], "validatedAt": ["type": ["string", "null"], "format": "date-time"],
            "reason": ["type": ["string", "null"], "enum": ["scrap", .null], "description": "Outgoing only: scrap (« Mise au rebut »)"],
            "lines": ["type": "array", "items": movementLineSchema],
        ],
    ]
    static let movementInput: JSONValue = [
        "type": "object", "required": ["kind", "lines"], "additionalProperties": false,
        "properties": [
            "kind": ["type": "string", "enum": ["incoming", "outgoing", "transfer", "inventory"]],
            "label": ["type": "string", "maxLength": 200], "date": ["type": "string", "format": "date"],
            "warehouseId": ["type": "string", "format": "uuid"], "targetWarehouseId": ["type": "string", "format": "uuid"],
            "companyId": ["type": "string", "format": "uuid"], "notes": ["type": "string", "maxLength": 20_000],
            "reason": ["type": "string", "enum": ["scrap"], "description": "Outgoing only: « Mise au rebut »"],
            "lines": [
                "type": "array", "minItems": 1, "maxItems": 1_000,
                "items": [
                    "type": "object", "required": ["product", "quantity"], "additionalProperties": false,
                    "properties": [
                        "product": ["type": "string", "minLength": 1, "maxLength": 100, "description": "The product's id or reference"],
                        "quantity": ["type": "string", "pattern": .string(quantityPattern)],
                        "unitCost": [
                            "type": "string", "pattern": .string(moneyPattern), "description": "Incoming movements: cost per unit",
                        ],
                        "location": [
                            "type": "string", "maxLength": 60,
                            "description": "The location's code or id in the movement's warehouse (taken from, or put into)",
                        ],
                        "targetLocation": [
                            "type": "string", "maxLength": 60, "description": "Transfers: the destination location's code or id",
                        ],
                        "serials": ["type": "array", "maxItems": 10_000, "items": ["type": "string", "minLength": 1, "maxLength": 100]],
                    ],
                ],
            ],
        ],
    ]
    static let noteLineSchema: JSONValue = [
        "type": "object", "required": ["id", "productId", "quantity", "description", "serials"],
        "properties": [
            "id": uuid, "productId": uuid, "quantity": ["type": "string"], "description": ["type": ["string", "null"]],
            "serials": ["type": "array", "items": ["type": "string"]],
        ],
    ]
    static let noteSchema: JSONValue = [
        "type": "object", "required": ["id", "state", "reference", "companyId", "warehouseId", "date", "movementId", "lines"],
        "properties": [
            "id": uuid, "state": ["type": "string", "enum": ["draft", "validated", "delivered", "returned"]],
            "reference": ["type": ["string", "null"]], "companyId": uuid, "contactId": nullableUUID, "warehouseId": uuid,
            "deliveryAddress": ["type": ["string", "null"]], "date": ["type": "string", "format": "date"],
            "notes": ["type": ["string", "null"]], "movementId": nullableUUID, "sourceType": ["type": ["string", "null"]],
            "sourceId": nullableUUID, "lines": ["type": "array", "items": noteLineSchema],
        ],
    ]
    static let noteInput: JSONValue = [
        "type": "object", "required": ["companyId", "lines"], "additionalProperties": false,
        "properties": [
            "companyId": ["type": "string", "format": "uuid"], "contactId": ["type": "string", "format": "uuid"],
            "warehouseId": ["type": "string", "format": "uuid"], "deliveryAddress": ["type": "string", "maxLength": 1_000],
            "date": ["type": "string", "format": "date"], "notes": ["type": "string", "maxLength": 20_000],
            "lines": [
                "type": "array", "minItems": 1, "maxItems": 1_000,
                "items": [
                    "type": "object", "required": ["product", "quantity"], "additionalProperties": false,
                    "properties": [
                        "product": ["type": "string", "minLength": 1, "maxLength": 100],
                        "quantity": ["type": "string", "pattern": .string(quantityPattern)],
                        "description": ["type": "string", "maxLength": 500],
                        "serials": ["type": "array", "maxItems": 10_000, "items": ["type": "string", "minLength": 1, "maxLength": 100]],
                    ],
                ],
            ],
        ],
    ]
    static let stockRowSchema: JSONValue = [
        "type": "object", "required": ["productId", "reference", "name", "onHand", "incoming", "outgoing", "available"],
        "properties": [
            "productId": uuid, "reference": ["type": "string"], "name": ["type": "string"], "category": ["type": ["string", "null"]],
            "unit": ["type": "string"], "onHand": ["type": "string"], "incoming": ["type": "string"], "outgoing": ["type": "string"],
            "available": ["type": "string"], "alertThreshold": ["type": ["string", "null"]], "desiredStock": ["type": ["string", "null"]],
            "averageCost": ["type": ["string", "null"]], "value": ["type": ["string", "null"]], "currency": ["type": "string"],
        ],
    ]
    static let serialSchema: JSONValue = [
        "type": "object", "required": ["id", "productId", "serial", "state"],
        "properties": [
            "id": uuid, "productId": uuid, "productReference": ["type": "string"], "serial": ["type": "string"],
            "state": ["type": "string", "enum": ["in_stock", "delivered", "scrapped", "cancelled"]], "warehouseId": nullableUUID,
            "locationId": nullableUUID, "customerId": nullableUUID,
            "history": [
                "type": "array",
                "items": [
                    "type": "object", "required": ["at", "kind"],
                    "properties": [
                        "at": ["type": "string", "format": "date-time"], "kind": ["type": "string"], "movementId": nullableUUID,
                        "movementReference": ["type": ["string", "null"]], "deliveryNoteId": nullableUUID,
                        "deliveryNoteReference": ["type": ["string", "null"]], "companyId": nullableUUID,
                    ],
                ],
            ],
        ],
    ]

    static func id(_ value: UUID?) -> JSONValue { value.map { .string($0.uuidString.lowercased()) } ?? .null }
    static func text(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }

    static func json(_ movement: StockMovement) -> JSONValue {
        var validatedAt: JSONValue = .null
        if case .validated(_, let at) = movement.state { validatedAt = .string(ISO8601.string(at)) }
        return [
            "id": id(movement.id), "kind": .string(movement.kind.rawValue), "state": .string(movement.isDraft ? "draft" : "validated"),
            "reference": text(movement.reference), "label": text(movement.label), "date": .string(movement.date.isoString),
            "warehouseId": id(movement.warehouseID), "targetWarehouseId": id(movement.targetWarehouseID),
            "companyId": id(movement.companyID),
            "reversesId": id(movement.reversesID), "deliveryNoteId": id(movement.deliveryNoteID), "notes": text(movement.notes),
            "validatedAt": validatedAt, "reason": text(movement.reason?.rawValue),
            "lines": .array(
                movement.lines.map {
                    [
                        "id": id($0.id), "productId": id($0.productID), "quantity": .string($0.quantity.decimalString),
                        "unitCost": $0.unitCost.map { .string(Money(minorUnits: $0).decimalString) } ?? .null,
                        "serials": .array($0.serials.map { .string($0) }), "delta": $0.delta.map { .string($0.decimalString) } ?? .null,
                        "locationId": id($0.locationID), "targetLocationId": id($0.targetLocationID),
                    ]
                }),
        ]
    }

    static func json(_ note: DeliveryNote) -> JSONValue {
        [
            "id": id(note.id), "state": .string(note.state.rawValue), "reference": text(note.reference), "companyId": id(note.companyID),
            "contactId": id(note.contactID), "warehouseId": id(note.warehouseID), "deliveryAddress": text(note.deliveryAddress),
            "date": .string(note.date.isoString), "notes": text(note.notes), "movementId": id(note.movementID),
            "sourceType": text(note.sourceType), "sourceId": id(note.sourceID),
            "lines": .array(
                note.lines.map {
                    [
                        "id": id($0.id), "productId": id($0.productID), "quantity": .string($0.quantity.decimalString),
                        "description": text($0.description), "serials": .array($0.serials.map { .string($0) }),
                    ]
                }),
        ]
    }

    static func json(_ row: StockStateRow) -> JSONValue {
        func quantity(_ milli: Int64?) -> JSONValue { milli.map { .string(Quantity(milli: $0).decimalString) } ?? .null }
        let value = row.averageCost.map { Quantity(milli: max(row.onHandMilli, 0)).cost(unitCents: $0) }
        return [
            "productId": id(row.productID), "reference": .string(row.reference), "name": .string(row.name), "category": text(row.category),
            "unit": .string(row.unit), "onHand": quantity(row.onHandMilli), "incoming": quantity(row.incomingMilli),
            "outgoing": quantity(row.outgoingMilli), "available": quantity(row.availableMilli),
            "alertThreshold": quantity(row.thresholdMilli),
            "desiredStock": quantity(row.desiredMilli),
            "averageCost": row.averageCost.map { .string(Money(minorUnits: $0).decimalString) } ?? .null,
            "value": value.map { .string(Money(minorUnits: $0).decimalString) } ?? .null, "currency": "EUR",
        ]
    }
}
