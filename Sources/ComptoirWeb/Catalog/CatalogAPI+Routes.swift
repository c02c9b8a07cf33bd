import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

extension CatalogAPI {
    /// A JSON body checked against what the schema allows: known members only, each of its type.
    struct Body {
        var object: [String: JSONValue]
        var errors: [String: [Localized]] = [:]

        init(_ request: Request, allowed: Set<String>, required: Set<String>) throws {
            object = try APIInput.object(request)
            for key in object.keys where !allowed.contains(key) {
                errors[key, default: []].append(L("Membre inconnu.", "Unknown member."))
            }
            for key in required where object[key] == nil {
                errors[key, default: []].append(L("Membre obligatoire.", "Required member."))
            }
        }

        mutating func string(_ key: String, maxLength: Int = 200) -> String {
            switch object[key] {
            case nil: return ""
            case .string(let text)?:
                if text.unicodeScalars.count > maxLength { errors[key, default: []].append(L("Trop long.", "Too long.")) }
                return text
            default:
                errors[key, default: []].append(APIInput.stringExpected)
                return ""
            }
        }

        /// The lines: objects with `product`, `quantity` and the other members named in `extra`.
        mutating func lines(extra: [String: String?]) -> [[String: String]] {
            guard case .array(let items)? = object["lines"] else {
                if object["lines"] != nil {
                    errors["lines", default: []].append(L("Liste de lignes attendue.", "An array of lines is expected."))
                }
                return []
            }
            if items.isEmpty { errors["lines", default: []].append(L("Ajoutez au moins une ligne.", "Add at least one line.")) }
            if items.count > 1_000 { errors["lines", default: []].append(L("1 000 lignes au plus.", "At most 1,000 lines.")) }
            var lines: [[String: String]] = []
            for (index, item) in items.prefix(1_000).enumerated() {
                func key(_ name: String) -> String { "lines[\(index)].\(name)" }
                guard case .object(let members) = item else {
                    errors["lines[\(index)]", default: []].append(L("Objet attendu.", "An object is expected."))
                    continue
                }
                var line: [String: String] = [:]
                for (name, value) in members {
                    switch (name, value) {
                    case ("product", .string(let text)):
                        if text.isEmpty || text.unicodeScalars.count > 100 {
                            errors[key(name), default: []].append(L("1 à 100 caractères.", "1 to 100 characters."))
                        }
                        line[name] = text
                    case ("quantity", .string(let text)):
                        if text.range(of: CatalogAPI.quantityPattern, options: .regularExpression) == nil {
                            errors[key(name), default: []].append(
                                L("Quantité invalide (exemple : \"1.5\").", "Invalid quantity (e.g. \"1.5\")."))
                        }
                        line[name] = text
                    case ("serials", .array(let serials)):
                        var list: [String] = []
                        for serial in serials {
                            guard case .string(let text) = serial, !text.isEmpty, text.unicodeScalars.count <= 100,
                                !text.contains(where: \.isNewline)
                            else {
                                errors[key(name), default: []].append(
                                    L(
                                        "Numéros de série : textes d'une ligne, 100 caractères au plus.",
                                        "Serials: one-line strings, at most 100 characters."))
                                break
                            }
                            list.append(text)
                        }
                        if serials.count > 10_000 { errors[key(name), default: []].append(L("10 000 au plus.", "At most 10,000.")) }
                        line[name] = list.joined(separator: "\n")
                    case (let other, .string(let text)) where extra.keys.contains(other):
                        if let pattern = extra[other] ?? nil, text.range(of: pattern, options: .regularExpression) == nil {
                            errors[key(other), default: []].append(L("Valeur invalide.", "Invalid value."))
                        }
                        if text.unicodeScalars.count > 500 { errors[key(other), default: []].append(L("Trop long.", "Too long.")) }
                        line[other] = text
                    default:
                        errors[key(name), default: []].append(L("Membre inconnu ou de mauvais type.", "Unknown member or wrong type."))
                    }
                }
                for name in ["product", "quantity"] where line[name] == nil {
                    errors[key(name), default: []].append(L("Membre obligatoire.", "Required member."))
                }
                lines.append(line)
            }
            return lines
        }

        func check() throws {
            if !errors.isEmpty { throw AppError.validation(errors) }
        }
    }

    static func movementInput(_ request: Request) throws -> StockMovementInput {
        var body = try Body(
            request, allowed: ["kind", "label", "date", "warehouseId", "targetWarehouseId", "companyId", "notes", "reason", "lines"],
            required: ["kind", "lines"])
        let input = StockMovementInput(
            kind: body.string("kind"), label: body.string("label"), date: body.string("date"), warehouse: body.string("warehouseId"),
            targetWarehouse: body.string("targetWarehouseId"), company: body.string("companyId"),
            notes: body.string("notes", maxLength: 20_000), reason: body.string("reason"),
            lines: body.lines(extra: ["unitCost": moneyPattern, "location": nil, "targetLocation": nil]).map {
                .init(
                    product: $0["product"] ?? "", quantity: $0["quantity"] ?? "", unitCost: $0["unitCost"] ?? "",
                    serials: $0["serials"] ?? "", location: $0["location"] ?? "", targetLocation: $0["targetLocation"] ?? "")
            })
        try body.check()
        return input
    }

    static func noteInput(_ request: Request) throws -> DeliveryNoteInput {
        var body = try Body(
            request, allowed: ["companyId", "contactId", "warehouseId", "deliveryAddress", "date", "notes", "lines"],
            required: ["companyId", "lines"])
        let input = DeliveryNoteInput(
            company: body.string("companyId"), contact: body.string("contactId"), warehouse: body.string("warehouseId"),
            deliveryAddress: body.string("deliveryAddress", maxLength: 1_000), date: body.string("date"),
            notes: body.string("notes", maxLength: 20_000),
            lines: body.lines(extra: ["description": nil]).map {
                .init(
                    product: $0["product"] ?? "", quantity: $0["quantity"] ?? "", description: $0["description"] ?? "",
                    serials: $0["serials"] ?? "")
            })
        try body.check()
        return input
    }

    /// An offset cursor (`o123`) of the movement and note lists.
    static func offset(_ request: Request) throws -> Int {
        guard let raw = request.query[String.self, at: "cursor"], !raw.isEmpty else { return 0 }
        guard raw.hasPrefix("o"), let offset = Int(raw.dropFirst()), offset >= 0, offset <= 10_000_000 else {
            throw AppError(.badRequest, code: "invalid_cursor", L("Curseur inconnu.", "Unknown cursor."))
        }
        return offset
    }

    static func list(_ items: [JSONValue], limit: Int, offset: Int, more: Bool) -> Response {
        JSONValue.object(["items": .array(items), "nextCursor": more ? .string("o\(offset + limit)") : .null]).response()
    }

    static let cursorQuery: [(name: String, schema: JSONValue, description: String)] = [
        ("limit", ["type": "integer", "minimum": 1, "maximum": 500, "default": 50], "Page size"),
        (
            "cursor", ["type": "string", "pattern": "^[A-Za-z0-9_-]*$"],
            "The nextCursor of the previous page, as is (an unknown cursor is a 400)"
        ),
    ]

    static func register(_ api: APIRoutes) {
        let tag = "Catalog"
        CatalogFilePages.register(api)
        api.on(
            .GET, "stock-movements", summary: "Stock movements, newest first", tag: tag, response: APISchemas.list(of: movementSchema),
            query: cursorQuery + [
                ("kind", ["type": "string", "enum": ["incoming", "outgoing", "transfer", "inventory"]], "Only this kind"),
                ("state", ["type": "string", "enum": ["draft", "validated"]], "Only this state"),
                ("productId", ["type": "string", "format": "uuid"], "Only movements with this product"),
                ("q", ["type": "string"], "Reference or label contains"),
            ]
        ) { request in
            let limit = try ListLimit.of(request, default: 50, range: 1...500)
            let offset = try offset(request)
            var filter = StockMovementFilter(text: request.query[String.self, at: "q"])
            if let kind = request.query[String.self, at: "kind"] {
                guard StockMovement.Kind(rawValue: kind) != nil else {
                    throw AppError.validation(["kind": [L("Type inconnu.", "Unknown kind.")]])
                }
                filter.kind = kind
            }
            if let state = request.query[String.self, at: "state"] {
                guard ["draft", "validated"].contains(state) else {
                    throw AppError.validation(["state": [L("État inconnu.", "Unknown state.")]])
                }
                filter.state = state
            }
            if let product = request.query[String.self, at: "productId"] {
                guard let id = UUID(uuidString: product) else {
                    throw AppError.validation(["productId": [L("Identifiant attendu.", "An id is expected.")]])
                }
                filter.productID = id
            }
            let service = StockMovementService(request.context)
            let rows = try await service.list(filter, limit: limit + 1, offset: offset)
            var items: [JSONValue] = []
            for row in rows.prefix(limit) { if let movement = try await service.find(row.record.id) { items.append(json(movement)) } }
            return list(items, limit: limit, offset: offset, more: rows.count > limit)
        }
        api.on(
            .POST, "stock-movements", summary: "Create a draft stock movement (nothing touches stock until validation)", tag: tag,
            request: movementInput, response: movementSchema, status: 201
        ) {
            request in
            let service = StockMovementService(request.context)
            let id = try await service.createDraft(try movementInput(request))
            return json(try await service.find(id)!).response(.created)
        }
        api.on(.GET, "stock-movements/:id", summary: "A stock movement with its lines", tag: tag, response: movementSchema) { request in
            guard let movement = try await StockMovementService(request.context).find(try EntityRoutes.id(request)) else {
                throw AppError.notFound
            }
            return json(movement).response()
        }
        api.on(
            .PATCH, "stock-movements/:id", summary: "Replace a draft's header and lines (a validated movement: 409)", tag: tag,
            request: movementInput, response: movementSchema
        ) {
            request in
            let service = StockMovementService(request.context)
            let id = try EntityRoutes.id(request)
            guard try await service.find(id) != nil else { throw AppError.notFound }
            try await service.updateDraft(id, try movementInput(request))
            return json(try await service.find(id)!).response()
        }
        api.on(.DELETE, "stock-movements/:id", summary: "Delete a draft (a validated movement: 409, reverse it)", tag: tag, status: 204) {
            request in
            try await StockMovementService(request.context).deleteDraft(try EntityRoutes.id(request))
            return Response(status: .noContent)
        }
        api.on(
            .POST, "stock-movements/:id/validation", summary: "Validate a draft: stock, serials and reference change together", tag: tag,
            response: movementSchema
        ) {
            request in
            let service = StockMovementService(request.context)
            let id = try EntityRoutes.id(request)
            try await service.validate(id)
            return json(try await service.find(id)!).response()
        }
        api.on(
            .POST, "stock-movements/:id/reversal", summary: "Create and validate the movement that undoes this one", tag: tag,
            response: movementSchema, status: 201
        ) {
            request in
            let service = StockMovementService(request.context)
            let reversal = try await service.reverse(try EntityRoutes.id(request))
            return json(try await service.find(reversal)!).response(.created)
        }
        api.on(
            .POST, "stock-movements/:id/lines/:line/serials", summary: "Enter serial numbers of a validated reception's line", tag: tag,
            request: [
                "type": "object", "required": ["serials"], "additionalProperties": false,
                "properties": [
                    "serials": [
                        "type": "array", "minItems": 1, "maxItems": 10_000, "items": ["type": "string", "minLength": 1, "maxLength": 100],
                    ]
                ],
            ],
            response: movementSchema
        ) { request in
            let object = try APIInput.object(request)
            guard object.keys.allSatisfy({ $0 == "serials" }), case .array(let items)? = object["serials"], !items.isEmpty else {
                throw AppError.validation(["serials": [L("Liste de numéros de série attendue.", "An array of serial numbers is expected.")]]
                )
            }
            var serials: [String] = []
            for item in items {
                guard case .string(let text) = item, !text.isEmpty, text.unicodeScalars.count <= 100, !text.contains(where: \.isNewline)
                else {
                    throw AppError.validation([
                        "serials": [
                            L(
                                "Numéros de série : textes d'une ligne, 100 caractères au plus.",
                                "Serials: one-line strings, at most 100 characters.")
                        ]
                    ])
                }
                serials.append(text)
            }
            guard let line = request.parameters.get("line").flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
            let service = StockMovementService(request.context)
            let id = try EntityRoutes.id(request)
            try await service.addSerials(movement: id, line: line, serials: serials)
            return json(try await service.find(id)!).response()
        }

        api.on(
            .GET, "delivery-notes", summary: "Delivery notes, newest first", tag: tag, response: APISchemas.list(of: noteSchema),
            query: cursorQuery + [
                ("state", ["type": "string", "enum": ["draft", "validated", "delivered", "returned"]], "Only this state"),
                ("companyId", ["type": "string", "format": "uuid"], "Only this customer's"),
                ("q", ["type": "string"], "Reference or customer contains"),
            ]
        ) { request in
            let limit = try ListLimit.of(request, default: 50, range: 1...500)
            let offset = try offset(request)
            let state = request.query[String.self, at: "state"]
            if let state, DeliveryNote.State(rawValue: state) == nil {
                throw AppError.validation(["state": [L("État inconnu.", "Unknown state.")]])
            }
            var company: UUID?
            if let raw = request.query[String.self, at: "companyId"] {
                guard let id = UUID(uuidString: raw) else {
                    throw AppError.validation(["companyId": [L("Identifiant attendu.", "An id is expected.")]])
                }
                company = id
            }
            let service = DeliveryNoteService(request.context)
            let rows = try await service.list(
                state: state, company: company, text: request.query[String.self, at: "q"], limit: limit + 1, offset: offset)
            var items: [JSONValue] = []
            for row in rows.prefix(limit) { if let note = try await service.find(row.record.id) { items.append(json(note)) } }
            return list(items, limit: limit, offset: offset, more: rows.count > limit)
        }
        api.on(
            .POST, "delivery-notes", summary: "Create a delivery note (draft), serials picked per line", tag: tag, request: noteInput,
            response: noteSchema, status: 201
        ) {
            request in
            let service = DeliveryNoteService(request.context)
            let id = try await service.create(try noteInput(request))
            return json(try await service.find(id)!).response(.created)
        }
        api.on(.GET, "delivery-notes/:id", summary: "A delivery note with its lines", tag: tag, response: noteSchema) { request in
            guard let note = try await DeliveryNoteService(request.context).find(try EntityRoutes.id(request)) else {
                throw AppError.notFound
            }
            return json(note).response()
        }
        api.on(
            .PATCH, "delivery-notes/:id", summary: "Replace a draft note's header and lines", tag: tag, request: noteInput,
            response: noteSchema
        ) { request in
            let service = DeliveryNoteService(request.context)
            let id = try EntityRoutes.id(request)
            guard try await service.find(id) != nil else { throw AppError.notFound }
            try await service.update(id, try noteInput(request))
            return json(try await service.find(id)!).response()
        }
        api.on(.DELETE, "delivery-notes/:id", summary: "Delete a draft note", tag: tag, status: 204) { request in
            try await DeliveryNoteService(request.context).delete(try EntityRoutes.id(request))
            return Response(status: .noContent)
        }
        api.on(
            .POST, "delivery-notes/:id/stock-movement", summary: "Turn the note into an outgoing stock movement (a draft to validate)",
            tag: tag,
            response: movementSchema, status: 201
        ) { request in
            let movement = try await DeliveryNoteService(request.context).transform(try EntityRoutes.id(request))
            return json(try await StockMovementService(request.context).find(movement)!).response(.created)
        }
        api.on(
            .POST, "delivery-notes/:id/return", summary: "A draft incoming movement bringing a delivered note's goods back", tag: tag,
            response: movementSchema, status: 201
        ) {
            request in
            let movement = try await DeliveryNoteService(request.context).createReturn(try EntityRoutes.id(request))
            return json(try await StockMovementService(request.context).find(movement)!).response(.created)
        }

        api.on(
            .GET, "serial-numbers", summary: "Serial numbers equal to or starting with q", tag: tag,
            response: ["type": "object", "required": ["items"], "properties": ["items": ["type": "array", "items": serialSchema]]],
            query: [
                ("q", ["type": "string", "minLength": 1, "maxLength": 100], "The serial or its beginning"),
                ("limit", ["type": "integer", "minimum": 1, "maximum": 500, "default": 50], "At most"),
            ],
            requiredQuery: ["q"]
        ) { request in
            guard let q = request.query[String.self, at: "q"], !q.isEmpty, q.unicodeScalars.count <= 100 else {
                throw AppError.validation(["q": [L("Saisissez un numéro de série.", "Enter a serial number.")]])
            }
            let limit = try ListLimit.of(request, default: 50, range: 1...500)
            let hits = try await StockStateService(request.context).searchSerials(q, limit: limit)
            return JSONValue.object([
                "items": .array(
                    hits.map {
                        [
                            "id": id($0.serial.id), "productId": id($0.serial.productID), "productReference": .string($0.productReference),
                            "serial": .string($0.serial.serial), "state": .string($0.serial.state),
                            "warehouseId": id($0.serial.warehouseID), "locationId": id($0.serial.locationID),
                            "customerId": id($0.serial.customerID),
                        ]
                    })
            ]).response()
        }
        api.on(.GET, "serial-numbers/:id", summary: "A serial number and its whole history", tag: tag, response: serialSchema) { request in
            guard let (serial, history) = try await StockStateService(request.context).serial(try EntityRoutes.id(request)) else {
                throw AppError.notFound
            }
            return JSONValue.object([
                "id": id(serial.id), "productId": id(serial.productID), "serial": .string(serial.serial), "state": .string(serial.state),
                "warehouseId": id(serial.warehouseID), "locationId": id(serial.locationID), "customerId": id(serial.customerID),
                "history": .array(
                    history.map {
                        [
                            "at": .string(ISO8601.string($0.at)), "kind": .string($0.kind), "movementId": id($0.movementID),
                            "movementReference": text($0.movementReference), "deliveryNoteId": id($0.deliveryNoteID),
                            "deliveryNoteReference": text($0.deliveryNoteReference), "companyId": id($0.companyID),
                        ]
                    }),
            ]).response()
        }

        api.on(
            .GET, "stock", summary: "The stock state by product (views: all, out-of-stock, below-threshold, negative, overstock)", tag: tag,
            response: APISchemas.list(of: stockRowSchema),
            query: [
                ("view", ["type": "string", "enum": .array(StockView.allCases.map { .string($0.rawValue) })], "The view (default all)"),
                ("warehouseId", ["type": "string", "format": "uuid"], "Stock in this warehouse only"),
                ("category", ["type": "string"], "Products of this category"), ("q", ["type": "string"], "Reference or name contains"),
                ("limit", ["type": "integer", "minimum": 1, "maximum": 500, "default": 50], "Page size"),
                (
                    "cursor", ["type": "string", "pattern": "^[A-Za-z0-9_-]*$"],
                    "The nextCursor of the previous page, as is (an unknown cursor is a 400)"
                ),
            ]
        ) { request in
            let limit = try ListLimit.of(request, default: 50, range: 1...500)
            let view =
                try request.query[String.self, at: "view"].map { raw -> StockView in
                    guard let view = StockView(rawValue: raw) else {
                        throw AppError.validation(["view": [L("Vue inconnue.", "Unknown view.")]])
                    }
                    return view
                } ?? .all
            var warehouse: UUID?
            if let raw = request.query[String.self, at: "warehouseId"] {
                guard let id = UUID(uuidString: raw) else {
                    throw AppError.validation(["warehouseId": [L("Identifiant attendu.", "An id is expected.")]])
                }
                warehouse = id
            }
            var after: String?
            if let cursor = request.query[String.self, at: "cursor"], !cursor.isEmpty {
                guard let data = Data(base64URL: cursor), let reference = String(data: data, encoding: .utf8) else {
                    throw AppError(.badRequest, code: "invalid_cursor", L("Curseur inconnu.", "Unknown cursor."))
                }
                after = reference
            }
            let rows = try await StockStateService(request.context).page(
                view, warehouse: warehouse, category: request.query[String.self, at: "category"], text: request.query[String.self, at: "q"],
                afterReference: after, limit: limit + 1)
            let next: JSONValue = rows.count > limit ? .string(Data(rows[limit - 1].reference.utf8).base64URLEncoded) : .null
            return JSONValue.object(["items": .array(rows.prefix(limit).map(json)), "nextCursor": next]).response()
        }
        api.on(
            .GET, "stock/export.xlsx", summary: "The stock state as an Excel workbook (state, out of stock, soon out of stock, valuation)",
            tag: tag
        ) { request in
            try await StockPage.export(request, xlsx: true)
        }
    }
}

extension Data {
    /// Base64url without padding (cursors).
    var base64URLEncoded: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(
            of: "=", with: "")
    }

    init?(base64URL text: String) {
        guard text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        self.init(base64Encoded: base64)
    }
}
