import ComptoirCore
import ComptoirStore
import Foundation

/// A stock movement as a form or the API submits it: strings, parsed and checked by `StockMovementService`.
public struct StockMovementInput: Sendable, Hashable {
    public struct Line: Sendable, Hashable {
        /// The product's id or its reference.
        public var product: String
        public var quantity: String
        /// Cents per unit as typed (« 12,50 »); incoming movements only.
        public var unitCost: String
        /// One serial a line (or comma-separated).
        public var serials: String
        /// The location's code (or id) in the movement's warehouse, or empty.
        public var location: String
        /// A transfer's destination location's code (or id) in the target warehouse, or empty.
        public var targetLocation: String

        public init(
            product: String, quantity: String, unitCost: String = "", serials: String = "", location: String = "",
            targetLocation: String = ""
        ) {
            self.location = location
            self.targetLocation = targetLocation
            self.product = product
            self.quantity = quantity
            self.unitCost = unitCost
            self.serials = serials
        }

        var isBlank: Bool {
            product.fastTrimmed.isEmpty && quantity.fastTrimmed.isEmpty && unitCost.fastTrimmed.isEmpty && serials.fastTrimmed.isEmpty
                && location.fastTrimmed.isEmpty && targetLocation.fastTrimmed.isEmpty
        }
    }

    public var kind: String
    public var label: String
    /// dd/mm/yyyy or yyyy-mm-dd; empty: today.
    public var date: String
    /// Warehouse id; empty: the default warehouse.
    public var warehouse: String
    public var targetWarehouse: String
    /// Company id, or empty.
    public var company: String
    public var notes: String
    /// Outgoing only: empty (a delivery or any exit) or `scrap` (« Mise au rebut »).
    public var reason: String
    public var lines: [Line]

    public init(
        kind: String, label: String = "", date: String = "", warehouse: String = "", targetWarehouse: String = "", company: String = "",
        notes: String = "", reason: String = "", lines: [Line]
    ) {
        self.reason = reason
        self.kind = kind
        self.label = label
        self.date = date
        self.warehouse = warehouse
        self.targetWarehouse = targetWarehouse
        self.company = company
        self.notes = notes
        self.lines = lines
    }
}

extension StockMovementService {
    /// Parses and checks a draft under the stock lock: every problem named by its field or line; nothing is written.
    func parse(
        _ input: StockMovementInput, id: UUID, existing: StockMovement?, _ context: ServiceContext
    ) async throws -> StockMovement {
        var errors: [String: [Localized]] = [:]
        func fail(_ key: String, _ message: Localized) { errors[key, default: []].append(message) }

        let kind = StockMovement.Kind(rawValue: input.kind.fastTrimmed)
        if kind == nil { fail("kind", L("Choisissez le type de mouvement.", "Choose the kind of movement.")) }
        var date = CalendarDay(context.now)
        if !input.date.fastTrimmed.isEmpty {
            if let parsed = CalendarDay(parsing: input.date.fastTrimmed) {
                date = parsed
            } else {
                fail("date", L("Date invalide (jj/mm/aaaa).", "Invalid date (dd/mm/yyyy)."))
            }
        }
        let label = input.label.fastTrimmed
        if label.unicodeScalars.count > 200 { fail("label", L("200 caractères au plus.", "At most 200 characters.")) }
        if input.notes.unicodeScalars.count > 20_000 { fail("notes", L("20 000 caractères au plus.", "At most 20,000 characters.")) }

        let warehouses = try await WarehouseStore.all(on: context.db)
        func warehouse(_ text: String, key: String, required: Bool) -> UUID? {
            let trimmed = text.fastTrimmed
            if trimmed.isEmpty {
                if required { fail(key, FieldParsing.requiredMessage) }
                return nil
            }
            guard let id = UUID(uuidString: trimmed), let found = warehouses.first(where: { $0.id == id }) else {
                fail(key, L("Cet entrepôt n'existe pas.", "This warehouse does not exist."))
                return nil
            }
            if !found.active && existing?.warehouseID != id && existing?.targetWarehouseID != id {
                fail(key, L("Cet entrepôt est désactivé.", "This warehouse is deactivated."))
            }
            return id
        }
        var source: UUID?
        if input.warehouse.fastTrimmed.isEmpty, let defaultID = try await WarehouseStore.defaultID(on: context.db) {
            source = defaultID
        } else {
            source = warehouse(input.warehouse, key: "warehouse", required: true)
        }
        if source == nil && errors["warehouse"] == nil {
            fail("warehouse", L("Créez d'abord un entrepôt.", "Create a warehouse first."))
        }
        var target: UUID?
        if kind == .transfer {
            target = warehouse(input.targetWarehouse, key: "targetWarehouse", required: true)
        }
        var reason: StockMovement.Reason?
        let reasonText = input.reason.fastTrimmed
        if !reasonText.isEmpty {
            if let parsed = StockMovement.Reason(rawValue: reasonText), kind == .outgoing || kind == nil {
                reason = parsed
            } else {
                fail(
                    "reason",
                    L("Motif inconnu ou réservé aux mouvements sortants.", "Unknown reason, or one for outgoing movements only."))
            }
        }
        let locations = try await WarehouseLocationStore.all(on: context.db)
        /// The location typed on a line (its code, or its id) among `warehouse`'s.
        func location(_ text: String, in warehouse: UUID?, key: String, prefix: Localized, current: UUID?) -> UUID? {
            let trimmed = text.fastTrimmed
            guard !trimmed.isEmpty, let warehouse else { return nil }
            let place = warehouses.first(where: { $0.id == warehouse })?.name ?? "?"
            let id = UUID(uuidString: trimmed)
            guard
                let found = locations.first(where: {
                    $0.warehouseID == warehouse && ($0.id == id || $0.code.lowercased() == trimmed.lowercased())
                })
            else {
                fail(
                    key,
                    prefix
                        + L(
                            "l'emplacement « \(trimmed) » n'existe pas dans l'entrepôt « \(place) ».",
                            "location \"\(trimmed)\" does not exist in warehouse \"\(place)\"."))
                return nil
            }
            if !found.active && found.id != current {
                fail(key, prefix + L("l'emplacement « \(found.code) » est désactivé.", "location \"\(found.code)\" is deactivated."))
            }
            return found.id
        }
        var company: UUID?
        if !input.company.fastTrimmed.isEmpty {
            switch try await DirectoryReference.resolve(input.company, .companies, context) {
            case .success(let id): company = id
            case .failure(let message): fail("company", message)
            }
        }

        // Lines: products by id or reference, quantities, costs and serials.
        var lines: [StockMovement.Line] = []
        var productIDs: [UUID?] = []
        let submitted = input.lines.filter { !$0.isBlank }
        if submitted.count > 1_000 { fail("lines", L("1 000 lignes au plus.", "At most 1,000 lines.")) }
        for line in submitted.prefix(1_000) {
            let text = line.product.fastTrimmed
            if let id = UUID(uuidString: text) {
                productIDs.append(id)
            } else if text.isEmpty {
                productIDs.append(nil)
            } else {
                productIDs.append(try await ProductStore.id(reference: text, on: context.db))
            }
        }
        let products = try await ProductStore.info(productIDs.compactMap { $0 }, on: context.db)
        var seenSerials: [UUID: Set<String>] = [:]
        for (index, line) in submitted.prefix(1_000).enumerated() {
            let prefix = StockMovement.linePrefix(index)
            let key = { StockMovement.lineKey(index, $0) }
            var product: ProductStockInfo?
            if line.product.fastTrimmed.isEmpty {
                fail(key("product"), prefix + L("choisissez un produit.", "choose a product."))
            } else if let id = productIDs[index], let found = products[id] {
                product = found
                if !found.stockManaged {
                    fail(
                        key("product"),
                        prefix
                            + L(
                                "« \(found.reference) » n'a pas la gestion de stock (à activer sur la fiche produit).",
                                "\"\(found.reference)\" does not manage stock (tick it on the product)."))
                }
                if found.serialTracked && kind == .inventory {
                    fail(
                        key("product"),
                        prefix
                            + L(
                                "« \(found.reference) » est suivi par numéro de série : corrigez son stock par un mouvement entrant ou sortant.",
                                "\"\(found.reference)\" is serial-tracked: correct its stock with an incoming or outgoing movement."))
                }
            } else {
                fail(
                    key("product"),
                    prefix + L("produit introuvable : « \(line.product.fastTrimmed) ».", "no product \"\(line.product.fastTrimmed)\"."))
            }
            var quantity = Quantity.zero
            if let parsed = Quantity(parsing: line.quantity), parsed <= .maximum, parsed.milli >= 0 {
                quantity = parsed
                if parsed.milli == 0 && kind != .inventory {
                    fail(key("quantity"), prefix + L("la quantité doit être supérieure à zéro.", "the quantity must be above zero."))
                }
            } else if line.quantity.fastTrimmed.isEmpty {
                fail(key("quantity"), prefix + L("indiquez la quantité.", "enter the quantity."))
            } else {
                fail(
                    key("quantity"),
                    prefix
                        + L(
                            "quantité invalide « \(line.quantity.fastTrimmed) » (exemple : 12 ou 1,5).",
                            "invalid quantity \"\(line.quantity.fastTrimmed)\" (e.g. 12 or 1.5)."))
            }
            var unitCost: Int64?
            if !line.unitCost.fastTrimmed.isEmpty {
                if let money = Money(parsing: line.unitCost.fastTrimmed), money.minorUnits >= 0 {
                    unitCost = money.minorUnits
                } else {
                    fail(key("unitCost"), prefix + L("coût unitaire invalide (exemple : 12,50).", "invalid unit cost (e.g. 12.50)."))
                }
            }
            let serials = StockMovement.serialList(line.serials)
            if let product, !serials.isEmpty {
                if !product.serialTracked {
                    fail(
                        key("serials"),
                        prefix
                            + L(
                                "« \(product.reference) » n'est pas suivi par numéro de série.",
                                "\"\(product.reference)\" is not serial-tracked."))
                } else {
                    for serial in serials {
                        if serial.unicodeScalars.count > 100 {
                            fail(
                                key("serials"),
                                prefix
                                    + L(
                                        "numéro de série trop long (100 caractères au plus).",
                                        "serial number too long (100 characters at most)."))
                            break
                        }
                        if !seenSerials[product.id, default: []].insert(serial).inserted {
                            fail(
                                key("serials"),
                                prefix
                                    + L(
                                        "le numéro de série « \(serial) » est saisi deux fois.",
                                        "serial number \"\(serial)\" is entered twice."))
                        }
                    }
                    if let units = quantity.wholeUnits, serials.count > units {
                        fail(
                            key("serials"),
                            prefix
                                + L(
                                    "\(serials.count) numéros de série pour \(units) unité(s).",
                                    "\(serials.count) serial numbers for \(units) unit(s)."))
                    }
                }
            }
            if let product, product.serialTracked, !quantity.isWhole {
                fail(
                    key("quantity"),
                    prefix
                        + L(
                            "un produit suivi par numéro de série se compte en unités entières.",
                            "a serial-tracked product counts whole units."))
            }
            let previous = existing?.lines.indices.contains(index) == true ? existing!.lines[index] : nil
            let locationID = location(
                line.location, in: source, key: key("location"), prefix: prefix, current: previous?.locationID)
            var targetLocationID: UUID?
            if kind == .transfer {
                targetLocationID = location(
                    line.targetLocation, in: target, key: key("targetLocation"), prefix: prefix, current: previous?.targetLocationID)
            }
            if kind == .inventory, let product,
                lines.contains(where: { $0.productID == product.id && $0.locationID == locationID })
            {
                fail(
                    key("product"),
                    prefix + L("ce produit est déjà compté sur une autre ligne.", "this product is already counted on another line."))
            }
            lines.append(
                StockMovement.Line(
                    id: previous?.id ?? context.newID(), productID: product?.id ?? UUID(), quantity: quantity,
                    unitCost: kind == .incoming ? unitCost : nil, serials: serials, locationID: locationID,
                    targetLocationID: targetLocationID))
        }
        if submitted.isEmpty { fail("lines", L("Ajoutez au moins une ligne.", "Add at least one line.")) }
        // A transfer inside one warehouse moves goods between its locations: every line names two different ones.
        if kind == .transfer, let target, target == source, errors["targetWarehouse"] == nil,
            lines.isEmpty || lines.contains(where: { $0.locationID == $0.targetLocationID })
        {
            fail(
                "targetWarehouse",
                L(
                    "Choisissez un autre entrepôt que celui de départ, ou, dans le même entrepôt, un emplacement d'arrivée différent de celui de départ sur chaque ligne.",
                    "Choose a warehouse other than the source, or, within one warehouse, a destination location other than the source one on every line."
                ))
        }
        if !errors.isEmpty { throw AppError.validation(errors) }
        return StockMovement(
            id: id, kind: kind!, label: label.isEmpty ? nil : label, date: date, warehouseID: source!, targetWarehouseID: target,
            companyID: company, reversesID: existing?.reversesID, deliveryNoteID: existing?.deliveryNoteID,
            notes: input.notes.fastTrimmed.isEmpty ? nil : input.notes.fastTrimmed, reason: reason,
            createdBy: existing?.createdBy ?? context.actor?.userID,
            lines: lines)
    }
}

/// A company or contact named in a document form: by id, or by what the lookup fields accept (name, SIRET, e-mail).
enum DirectoryReference {
    static func resolve(_ text: String, _ kind: DirectoryKind, _ context: ServiceContext) async throws -> Result<UUID, Localized> {
        let trimmed = text.fastTrimmed
        if let id = UUID(uuidString: trimmed) {
            return try await TableStore.exists(kind.rawValue, id: id, on: context.db)
                ? .success(id) : .failure(L("Cette fiche n'existe pas.", "This record does not exist."))
        }
        switch try await DirectoryLookup.resolve(trimmed, kind, context) {
        case .one(let id): return .success(id)
        case .none: return .failure(L("Aucune fiche ne correspond à « \(trimmed) ».", "No record matches \"\(trimmed)\"."))
        case .many(let found):
            let names = found.prefix(3).map(\.title).joined(separator: ", ")
            return .failure(
                L(
                    "Plusieurs fiches correspondent (\(names)…) : précisez, par exemple avec le SIRET ou l'e-mail.",
                    "Several records match (\(names)…): be more precise, e.g. with the SIRET or e-mail."))
        }
    }
}
