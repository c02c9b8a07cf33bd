import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import SQLKit

/// Loads a large generated catalogue fast, for the Catalog benchmark (`comptoir-benchdata --catalog`): products,
/// warehouses, validated stock movements over two years with their lines, and everything their validation leaves
/// behind, consistent with each other as `StockValidation` writes it: one ledger row per line and warehouse touched
/// (two for a transfer), `stock_levels` and `products.on_hand_milli` equal to the ledger's sums, the weighted average
/// cost of receptions, serial numbers received, transferred and delivered with their events and deliveries, the
/// references `MVyyyy-nnnnn` and their `document_numbers`. The search rows of products come from
/// `ProductsEntity.document`, folded by `SearchIndex`'s bulk writer. Works on SQLite and PostgreSQL.
///
/// The movements are simulated first, in memory and in date order (stock never goes below zero on the way), then
/// written with `BulkRows`. The last movements empty a few % of the products (« Hors stock ») and take a few below zero
/// (so the negative view holds rows; the setting that allows it is switched on); alert thresholds and desired stocks
/// are then set from the final stock so that every view holds products. Writes no audit entries and refuses a database
/// that already holds products.
public enum CatalogBulkLoad {
    public struct Summary: Sendable {
        /// Rows inserted per table, in loading order, with the seconds spent writing each.
        public var tables: [(table: String, rows: Int, seconds: Double)]
        /// Seconds of the in-memory simulation (before the first INSERT).
        public var simulationSeconds: Double
        /// Wall-clock seconds of the load, from the first INSERT to the last commit (maintenance excluded).
        public var seconds: Double
        /// Seconds of the closing maintenance (PostgreSQL `VACUUM ANALYZE`, SQLite WAL checkpoint).
        public var maintenanceSeconds: Double
        /// References for the benchmark's cases: a product in the middle, an existing serial number.
        public var middleReference: String
        public var sampleSerial: String

        public var totalRows: Int { tables.reduce(0) { $0 + $1.rows } }
    }

    public enum LoadError: Error, CustomStringConvertible {
        case notEmpty(products: Int)
        case badSizes(String)

        public var description: String {
            switch self {
            case .notEmpty(let products): return "the database already holds \(products) products; load into an empty one"
            case .badSizes(let why): return why
            }
        }
    }

    static let categories = [
        "Informatique", "Impression", "Réseau", "Téléphonie", "Fournitures de bureau", "Mobilier", "Consommables", "Électricité",
        "Outillage", "Emballage", "Hygiène", "Entretien", "Sécurité", "Éclairage", "Quincaillerie", "Jardin", "Alimentation",
        "Boissons", "Papeterie", "Textile",
    ]
    static let nouns = [
        "Câble", "Cartouche", "Classeur", "Écran", "Lampe", "Gants", "Boîte", "Rouleau", "Chaise", "Clavier", "Souris", "Vis",
        "Ruban", "Carton", "Serrure", "Projecteur", "Savon", "Bouteille", "Sac", "Étiquette",
    ]
    static let qualifiers = ["standard", "renforcé", "pro", "éco", "compact", "grand format", "noir", "blanc", "inox", "recyclé"]
    static let warehouseNames = [
        ("Entrepôt Lyon", "LYO"), ("Entrepôt Marseille", "MRS"), ("Dépôt Paris", "PAR"), ("Magasin Lille", "LIL"),
        ("Entrepôt Nantes", "NTE"), ("Dépôt Bordeaux", "BOD"),
    ]
    static let serialCodes = ["CN", "HP", "LX", "DL", "SM", "AP", "TP", "NX"]

    // MARK: - The simulation

    enum Kind: UInt8 {
        case incoming, outgoing, transfer

        var name: String {
            switch self {
            case .incoming: return "incoming"
            case .outgoing: return "outgoing"
            case .transfer: return "transfer"
            }
        }
    }

    struct Move {
        var kind: Kind
        var source: Int
        var target: Int
        var day: Int
        var lines: Range<Int>
    }

    struct Line {
        var product: Int32
        var milli: Int64
        /// Cents, receptions only.
        var unitCost: Int64?
        var serials: Range<Int>
    }

    struct SerialUnit {
        var product: Int32
        var number: Int32
        var receivedLine: Int32
        var receivedDay: Int32
        /// The warehouse it is in, or -1 once delivered.
        var warehouse: Int16
        var lastDay: Int32
    }

    struct Product {
        var serialTracked: Bool
        var stockManaged: Bool
        var purchasePrice: Int64
        var unitMilli: Int64
        var averageCost: Int64?
    }

    /// The whole history, compact: moves in date order, their lines, the serial numbers each line carries.
    struct History {
        var products: [Product] = []
        var moves: [Move] = []
        var lines: [Line] = []
        var lineSerials: [Int32] = []
        var serials: [SerialUnit] = []
        /// On hand per product and warehouse (`product * warehouses + warehouse`).
        var levels: [Int64] = []
    }

    static func simulate(products productCount: Int, lines lineTarget: Int, serials serialTarget: Int, warehouses: Int, seed: UInt64)
        -> History
    {
        var random = SampleRandom(seed: seed, stream: 0xCA7A, index: 0)
        var history = History()
        history.levels = Array(repeating: 0, count: productCount * warehouses)
        // Every product's stock managed (the export's first sheet holds them all); one in 20 tracked by serial.
        let serialProducts = serialTarget > 0 ? max(1, productCount / 20) : 0
        for index in 0..<productCount {
            let serial = serialProducts > 0 && index % 20 == 7
            let managed = true
            let kilos = !serial && random.below(10) == 0
            history.products.append(
                Product(
                    serialTracked: serial && managed, stockManaged: managed, purchasePrice: Int64(random.int(in: 50...50_000)),
                    unitMilli: kilos ? 1 : 1000, averageCost: nil))
        }
        let managed = (0..<productCount).filter { history.products[$0].stockManaged && !history.products[$0].serialTracked }
        let tracked = (0..<productCount).filter { history.products[$0].serialTracked }
        var inStock: [[Int32]] = Array(repeating: [], count: productCount * warehouses)
        var serialsLeft = serialTarget
        var onHandTotal = Array(repeating: Int64(0), count: productCount)
        var serialNumbers = 0

        func receive(_ product: Int, _ milli: Int64, _ cost: Int64) {
            // What `StockValidation` computes for a plain reception, line after line.
            var state = history.products[product]
            let before = max(onHandTotal[product], 0)
            let total = before + milli
            if before == 0 || state.averageCost == nil || total == 0 {
                state.averageCost = cost
            } else {
                let value = Double(before) * Double(state.averageCost ?? 0) + Double(milli) * Double(cost)
                state.averageCost = Int64((value / Double(total)).rounded())
            }
            history.products[product] = state
        }

        func addLine(_ move: inout Move, product: Int, milli: Int64, serials: [Int32]) {
            let w = move.source
            let key = product * warehouses + w
            var cost: Int64?
            switch move.kind {
            case .incoming:
                let price = history.products[product].purchasePrice
                cost = price + Int64(random.int(in: -10...10)) * price / 100
                receive(product, milli, cost!)
                history.levels[key] += milli
                onHandTotal[product] += milli
            case .outgoing:
                history.levels[key] -= milli
                onHandTotal[product] -= milli
            case .transfer:
                history.levels[key] -= milli
                history.levels[product * warehouses + move.target] += milli
            }
            let start = history.lineSerials.count
            history.lineSerials += serials
            history.lines.append(
                Line(product: Int32(product), milli: milli, unitCost: cost, serials: start..<history.lineSerials.count))
        }

        func newMove(_ kind: Kind, day: Int) -> Move {
            let source = random.below(warehouses)
            var target = source
            if kind == .transfer { target = (source + 1 + random.below(max(warehouses - 1, 1))) % warehouses }
            return Move(kind: kind, source: source, target: target, day: day, lines: history.lines.count..<history.lines.count)
        }

        // Regular movements over 2 years (days 0...726), about 20 lines each; the closing ones on the last days.
        let closingReserve = managed.isEmpty ? 0 : productCount / 20 * warehouses
        let regularLines = max(lineTarget - closingReserve, 0)
        let moveCount = max(1, regularLines / 20)
        for number in 0..<moveCount {
            let roll = random.below(100)
            let kind: Kind = number < max(moveCount / 20, 1) || roll < 50 ? .incoming : roll < 85 ? .outgoing : .transfer
            var move = newMove(kind, day: number * 727 / moveCount)
            let wanted = min(random.int(in: 15...25), regularLines - history.lines.count)
            var attempts = 0
            while history.lines.count - move.lines.lowerBound < wanted && attempts < wanted * 4 {
                attempts += 1
                // A line on a serial-tracked product as often as the serials still to receive need it.
                let serialShare = tracked.isEmpty ? 0 : max(1, serialTarget * 550 / max(lineTarget, 1))
                let useSerial = !tracked.isEmpty && random.below(1000) < serialShare
                if useSerial {
                    let product = tracked[random.below(tracked.count)]
                    let key = product * warehouses + move.source
                    if move.kind == .incoming {
                        guard serialsLeft > 0 else { continue }
                        let count = min(random.int(in: 1...10), serialsLeft)
                        var received: [Int32] = []
                        for _ in 0..<count {
                            let unit = Int32(history.serials.count)
                            history.serials.append(
                                SerialUnit(
                                    product: Int32(product), number: Int32(serialNumbers), receivedLine: Int32(history.lines.count),
                                    receivedDay: Int32(move.day), warehouse: Int16(move.source), lastDay: Int32(move.day)))
                            serialNumbers += 1
                            received.append(unit)
                            inStock[key].append(unit)
                        }
                        serialsLeft -= count
                        addLine(&move, product: product, milli: Int64(count) * 1000, serials: received)
                    } else {
                        guard !inStock[key].isEmpty else { continue }
                        let count = min(random.int(in: 1...5), inStock[key].count)
                        var moved: [Int32] = []
                        for _ in 0..<count {
                            let unit = inStock[key].remove(at: random.below(inStock[key].count))
                            moved.append(unit)
                            history.serials[Int(unit)].lastDay = Int32(move.day)
                            if move.kind == .outgoing {
                                history.serials[Int(unit)].warehouse = -1
                            } else {
                                history.serials[Int(unit)].warehouse = Int16(move.target)
                                inStock[product * warehouses + move.target].append(unit)
                            }
                        }
                        addLine(&move, product: product, milli: Int64(count) * 1000, serials: moved)
                    }
                } else {
                    guard !managed.isEmpty else { break }
                    let product = managed[random.below(managed.count)]
                    let unit = history.products[product].unitMilli
                    if move.kind == .incoming {
                        let milli = unit == 1 ? Int64(random.int(in: 500...80_000)) : Int64(random.int(in: 1...100)) * 1000
                        addLine(&move, product: product, milli: milli, serials: [])
                    } else {
                        let level = history.levels[product * warehouses + move.source]
                        guard level > 0 else { continue }
                        let most = unit == 1 ? level : level / 1000
                        guard most > 0 else { continue }
                        let amount = Int64(random.int(in: 1...Int(min(most, 60_000))))
                        addLine(&move, product: product, milli: unit == 1 ? amount : amount * 1000, serials: [])
                    }
                }
            }
            move.lines = move.lines.lowerBound..<history.lines.count
            if !move.lines.isEmpty { history.moves.append(move) }
            if history.lines.count >= regularLines { break }
        }

        // Serial numbers still to receive: receptions a few days before the end.
        var lastDay = 727
        while serialsLeft > 0, !tracked.isEmpty {
            var move = newMove(.incoming, day: lastDay)
            while serialsLeft > 0 && history.lines.count - move.lines.lowerBound < 20 {
                let product = tracked[random.below(tracked.count)]
                let count = min(random.int(in: 1...10), serialsLeft)
                var received: [Int32] = []
                for _ in 0..<count {
                    let unit = Int32(history.serials.count)
                    history.serials.append(
                        SerialUnit(
                            product: Int32(product), number: Int32(serialNumbers), receivedLine: Int32(history.lines.count),
                            receivedDay: Int32(lastDay), warehouse: Int16(move.source), lastDay: Int32(lastDay)))
                    serialNumbers += 1
                    received.append(unit)
                    inStock[product * warehouses + move.source].append(unit)
                }
                serialsLeft -= count
                addLine(&move, product: product, milli: Int64(count) * 1000, serials: received)
            }
            move.lines = move.lines.lowerBound..<history.lines.count
            history.moves.append(move)
        }

        // Closing: 4 % of the managed products emptied in every warehouse, 1 % taken below zero in the first one.
        lastDay = 729
        var closing: [(product: Int, negative: Bool)] = []
        for product in 0..<productCount where history.products[product].stockManaged {
            var draw = SampleRandom(seed: seed, stream: 0xC105, index: product)
            let roll = draw.below(100)
            if roll < 4 || (roll == 4 && !history.products[product].serialTracked) { closing.append((product, roll == 4)) }
        }
        var warehouse = 0
        while warehouse < warehouses {
            var move = newMove(.outgoing, day: lastDay)
            move.source = warehouse
            move.target = warehouse
            move.lines = history.lines.count..<history.lines.count
            for (product, negative) in closing {
                let key = product * warehouses + warehouse
                let level = history.levels[key]
                if history.products[product].serialTracked {
                    let units = inStock[key]
                    guard !units.isEmpty else { continue }
                    for unit in units {
                        history.serials[Int(unit)].warehouse = -1
                        history.serials[Int(unit)].lastDay = Int32(lastDay)
                    }
                    inStock[key] = []
                    addLine(&move, product: product, milli: Int64(units.count) * 1000, serials: units)
                } else {
                    let extra: Int64 = negative && warehouse == 0 ? Int64(random.int(in: 1...20)) * 1000 : 0
                    guard level + extra > 0 else { continue }
                    addLine(&move, product: product, milli: max(level, 0) + extra, serials: [])
                }
                if history.lines.count - move.lines.lowerBound >= 20 {
                    move.lines = move.lines.lowerBound..<history.lines.count
                    history.moves.append(move)
                    move.lines = history.lines.count..<history.lines.count
                }
            }
            move.lines = move.lines.lowerBound..<history.lines.count
            if !move.lines.isEmpty { history.moves.append(move) }
            warehouse += 1
        }
        return history
    }

    // MARK: - Loading

    /// Records per transaction: movements (each brings ~20 lines, ~23 ledger rows and its serial rows).
    static let movesPerTransaction = 500

    /// Loads `products` products, about `movementLines` validated movement lines and `serials` serial numbers in
    /// `warehouses` warehouses, drawn from `seed`, on the context's database with its ids and clock (the history ends on
    /// the clock's day).
    @discardableResult
    public static func load(
        context: ServiceContext, products productCount: Int, movementLines: Int, serials: Int, warehouses warehouseCount: Int,
        seed: UInt64, progress: (String) -> Void
    ) async throws -> Summary {
        guard productCount >= 1, warehouseCount >= 1, warehouseCount <= 6, movementLines >= 0, serials >= 0 else {
            throw LoadError.badSizes("products ≥ 1, 1 ≤ warehouses ≤ 6, movement lines and serials ≥ 0")
        }
        guard serials < 10_000_000 else { throw LoadError.badSizes("fewer than 10 000 000 serial numbers") }
        let database = context.db
        let sql = try TableStore.sqlDatabase(database)
        let isPostgres = sql.dialect.name == "postgresql"
        let existing = try await sql.raw("SELECT COUNT(*) AS n FROM products").first()?.decode(column: "n", as: Int.self) ?? 0
        guard existing == 0 else { throw LoadError.notEmpty(products: existing) }

        let stopwatch = ContinuousClock()
        let simulationStart = stopwatch.now
        let history = simulate(products: productCount, lines: movementLines, serials: serials, warehouses: warehouseCount, seed: seed)
        let simulationSeconds = elapsedSeconds(stopwatch.now - simulationStart)
        progress(
            String(
                format: "simulated %d movements, %d lines, %d serial numbers in %.1f s", history.moves.count, history.lines.count,
                history.serials.count, simulationSeconds))

        let ids = context.ids
        let now = context.now
        let today = CalendarDay(now)
        let firstDay = today.adding(days: -729)
        // Each movement validated on its day at 10:00 UTC plus a few seconds per movement of the day (so the serial
        // events of one unit stay in order).
        func validatedAt(_ day: Int, _ order: Int) -> Date {
            firstDay.adding(days: day).startDate().addingTimeInterval(36_000 + Double(order % 20_000))
        }
        let started = stopwatch.now
        var tally = BulkLoadTally()
        func insert(_ tables: [BulkRows]) async throws {
            tally.add(tables, seconds: try await BulkLoadSupport.insert(tables, on: database, isPostgres: isPostgres))
        }

        // Warehouses.
        let warehouseIDs = (0..<warehouseCount).map { _ in ids.next() }
        var warehouses = BulkRows("warehouses", ["id", "name", "code", "address", "is_default", "active", "created_at", "updated_at"])
        for (index, id) in warehouseIDs.enumerated() {
            let (name, code) = warehouseNames[index]
            warehouses.append([
                .uuid(id), .text(name), .text(code), .null, .bool(index == 0), .bool(true), .date(validatedAt(0, 0)), .date(now),
            ])
        }
        try await insert([warehouses])

        // Products with their final stock, thresholds and desired stocks, and their search rows.
        let productIDs = (0..<productCount).map { _ in ids.next() }
        var onHand = Array(repeating: Int64(0), count: productCount)
        for product in 0..<productCount {
            for w in 0..<warehouseCount { onHand[product] += history.levels[product * warehouseCount + w] }
        }
        func reference(_ product: Int) -> String { String(format: "P%06d", product + 1) }
        // Each product's alert threshold, which its levels carry too (written below with them).
        var thresholds = [Int64?](repeating: nil, count: productCount)
        for range in stride(from: 0, to: productCount, by: 10_000).map({ $0..<min($0 + 10_000, productCount) }) {
            var rows = BulkRows("products", productColumns)
            var documents = SearchIndex.bulkDocuments()
            for product in range {
                var random = SampleRandom(seed: seed, stream: 0x9F0D, index: product)
                let state = history.products[product]
                let category = categories[product % categories.count]
                let name =
                    "\(nouns[random.below(nouns.count)]) \(qualifiers[random.below(qualifiers.count)]) \(category.lowercased()) "
                    + String(format: "%03d", product % 1000)
                let stock = onHand[product]
                var threshold: Int64?
                var desired: Int64?
                if state.stockManaged {
                    // The views' share: 8 % below their alert threshold, 8 % over their desired stock, the rest between.
                    let unit = state.unitMilli == 1 ? Int64(1) : 1000
                    let roll = random.below(100)
                    if stock > 0 && roll < 8 {
                        threshold = (stock / unit + Int64(random.int(in: 1...50))) * unit
                        desired = threshold.map { $0 * 2 }
                    } else if stock > 0 && roll < 16 {
                        threshold = stock / 8 / unit * unit
                        desired = max(stock / 2 / unit * unit, 0)
                    } else {
                        threshold = max(stock, 0) / 4 / unit * unit
                        desired = (max(stock, 0) * 2 / unit + 10) * unit
                    }
                }
                thresholds[product] = threshold
                let salePrice = state.purchasePrice * Int64(random.int(in: 120...180)) / 100
                let twelve = String(format: "376%09d", product + 1)
                var values: [String: FieldValue] = [
                    "reference": .text(reference(product)), "name": .text(name),
                    "description": random.below(3) == 0 ? .text("Conditionnement : \(random.int(in: 1...12)) unité(s).") : .null,
                    "unit": .text(state.unitMilli == 1 ? "kg" : "unit"), "sale_price": .int(salePrice),
                    "purchase_price": .int(state.purchasePrice), "vat_rate": .text(random.below(10) == 0 ? "5.5" : "20"),
                    "category": .text(category), "stock_managed": .bool(state.stockManaged), "serial_tracked": .bool(state.serialTracked),
                    "alert_threshold": threshold.map { .int($0) } ?? .null, "desired_stock": desired.map { .int($0) } ?? .null,
                    "ean13": .text(EAN13.complete(twelve)), "active": .bool(true),
                    "average_cost": state.averageCost.map { .int($0) } ?? .null,
                    "on_hand_milli": state.stockManaged ? .int(stock) : .null,
                    "created_at": .date(validatedAt(0, product)), "updated_at": .date(now),
                ]
                // The name's sort key, as `TableStore.insert` writes it.
                SortKeys.complete("products", &values)
                rows.append(values, id: productIDs[product])
                SearchIndex.append(ProductsEntity.document(TableRow(id: productIDs[product], values: values)), to: &documents)
            }
            try await insert([rows, documents])
            progress("products \(range.upperBound)/\(productCount)")
        }

        // Movement ids, line ids and serial ids drawn up front (serial rows name the line that received them).
        let moveIDs = history.moves.map { _ in ids.next() }
        let lineIDs = history.lines.map { _ in ids.next() }
        let serialIDs = history.serials.map { _ in ids.next() }
        var lineMove = Array(repeating: Int32(0), count: history.lines.count)
        for (index, move) in history.moves.enumerated() {
            for line in move.lines { lineMove[line] = Int32(index) }
        }
        func serialText(_ unit: SerialUnit) -> String {
            let scrambled = Int(unit.number) &* 7919 % 10_000_000
            let year = firstDay.adding(days: Int(unit.receivedDay)).year % 100
            return serialCodes[Int(unit.product) % serialCodes.count] + String(format: "%02d%07d", year, scrambled)
        }
        // Every movement's order in its day, for `validatedAt`.
        var dayOrder = Array(repeating: 0, count: history.moves.count)
        var previousDay = -1
        var orderInDay = 0
        for (index, move) in history.moves.enumerated() {
            orderInDay = move.day == previousDay ? orderInDay + 1 : 0
            previousDay = move.day
            dayOrder[index] = orderInDay
        }
        func moveDate(_ index: Int) -> Date { validatedAt(history.moves[index].day, dayOrder[index]) }

        // Movements in date order with their lines, ledger rows, serial events and deliveries. Serial rows go first
        // (the events point at them), written in their final state.
        for range in stride(from: 0, to: history.serials.count, by: 10_000).map({ $0..<min($0 + 10_000, history.serials.count) }) {
            var rows = BulkRows(
                "serial_numbers",
                ["id", "product_id", "serial", "state", "warehouse_id", "customer_id", "cycle", "line_id", "created_at", "updated_at"])
            for index in range {
                let unit = history.serials[index]
                let received = Int(lineMove[Int(unit.receivedLine)])
                let delivered = unit.warehouse < 0
                rows.append([
                    .uuid(serialIDs[index]), .uuid(productIDs[Int(unit.product)]), .text(serialText(unit)),
                    .text(delivered ? "delivered" : "in_stock"), delivered ? .null : .uuid(warehouseIDs[Int(unit.warehouse)]), .null,
                    .int(0), .uuid(lineIDs[Int(unit.receivedLine)]), .date(moveDate(received)), .date(now),
                ])
            }
            try await insert([rows])
        }
        progress("serial numbers \(history.serials.count)")

        var numbers: [Int: Int64] = [:]
        var lastProgress = 0
        for range in stride(from: 0, to: history.moves.count, by: movesPerTransaction).map({
            $0..<min($0 + movesPerTransaction, history.moves.count)
        }) {
            var moves = BulkRows("stock_movements", movementColumns)
            var lines = BulkRows(
                "stock_movement_lines",
                ["id", "movement_id", "position", "product_id", "quantity_milli", "unit_cost", "delta_milli", "serials"])
            var ledger = BulkRows(
                "stock_ledger", ["id", "movement_id", "line_id", "product_id", "warehouse_id", "delta_milli", "unit_cost", "day"])
            var deliveries = BulkRows(
                "serial_deliveries", ["id", "serial_id", "cycle", "movement_id", "delivery_note_id", "customer_id", "delivered_at"])
            var events = BulkRows(
                "serial_events", ["id", "serial_id", "at", "kind", "movement_id", "delivery_note_id", "warehouse_id", "company_id"])
            for index in range {
                let move = history.moves[index]
                let date = moveDate(index)
                let day = firstDay.adding(days: move.day)
                let number = (numbers[day.year] ?? 0) + 1
                numbers[day.year] = number
                let reference = DocumentNumbers.format("MV", year: day.year, number: number)
                let moveID = moveIDs[index]
                let source = warehouseIDs[move.source]
                let target = warehouseIDs[move.target]
                moves.append([
                    .uuid(moveID), .text(move.kind.name), .text("validated"), .text(reference),
                    .text(
                        move.kind == .incoming ? "Réception fournisseur" : move.kind == .outgoing ? "Expédition client" : "Réassort"),
                    .text(day.isoString), .uuid(source), move.kind == .transfer ? .uuid(target) : .null, .date(date), .date(date),
                    .date(date),
                ])
                for (position, lineIndex) in move.lines.enumerated() {
                    let line = history.lines[lineIndex]
                    let lineID = lineIDs[lineIndex]
                    let product = productIDs[Int(line.product)]
                    let units = history.lineSerials[line.serials]
                    let texts = units.map { serialText(history.serials[Int($0)]) }
                    let delta = move.kind == .outgoing ? -line.milli : line.milli
                    lines.append([
                        .uuid(lineID), .uuid(moveID), .int(Int64(position)), .uuid(product), .int(line.milli),
                        line.unitCost.map { .int($0) } ?? .null, .int(delta), texts.isEmpty ? .null : .text(texts.joined(separator: "\n")),
                    ])
                    let dayText = FieldValue.text(day.isoString)
                    switch move.kind {
                    case .incoming:
                        ledger.append([
                            .uuid(ids.next()), .uuid(moveID), .uuid(lineID), .uuid(product), .uuid(source), .int(line.milli),
                            line.unitCost.map { .int($0) } ?? .null, dayText,
                        ])
                    case .outgoing:
                        ledger.append([
                            .uuid(ids.next()), .uuid(moveID), .uuid(lineID), .uuid(product), .uuid(source), .int(-line.milli), .null,
                            dayText,
                        ])
                    case .transfer:
                        ledger.append([
                            .uuid(ids.next()), .uuid(moveID), .uuid(lineID), .uuid(product), .uuid(source), .int(-line.milli), .null,
                            dayText,
                        ])
                        ledger.append([
                            .uuid(ids.next()), .uuid(moveID), .uuid(lineID), .uuid(product), .uuid(target), .int(line.milli), .null,
                            dayText,
                        ])
                    }
                    // What `SerialWork.write` records for each unit of the line.
                    for unit in units {
                        let serialID = serialIDs[Int(unit)]
                        switch move.kind {
                        case .incoming:
                            events.append([
                                .uuid(ids.next()), .uuid(serialID), .date(date), .text("received"), .uuid(moveID), .null, .uuid(source),
                                .null,
                            ])
                        case .outgoing:
                            deliveries.append([.uuid(ids.next()), .uuid(serialID), .int(0), .uuid(moveID), .null, .null, .date(date)])
                            events.append([
                                .uuid(ids.next()), .uuid(serialID), .date(date), .text("delivered"), .uuid(moveID), .null, .uuid(source),
                                .null,
                            ])
                        case .transfer:
                            events.append([
                                .uuid(ids.next()), .uuid(serialID), .date(date), .text("transferred"), .uuid(moveID), .null, .uuid(target),
                                .null,
                            ])
                        }
                    }
                }
            }
            try await insert([moves, lines, ledger, deliveries, events])
            if range.upperBound - lastProgress >= 10_000 || range.upperBound == history.moves.count {
                lastProgress = range.upperBound
                let elapsed = elapsedSeconds(stopwatch.now - started)
                let rows = tally.rows
                progress(
                    String(
                        format: "movements %d/%d — %d rows in %.1f s (%.0f rows/s)", range.upperBound, history.moves.count, rows, elapsed,
                        Double(rows) / max(elapsed, 0.001)))
            }
        }

        // The levels (the ledger's sums), the document numbers, and the setting the negative stock needed.
        var levels = BulkRows("stock_levels", ["product_id", "warehouse_id", "on_hand_milli", "alert_threshold"])
        var touched = Array(repeating: false, count: productCount * warehouseCount)
        for move in history.moves {
            for lineIndex in move.lines {
                let product = Int(history.lines[lineIndex].product)
                touched[product * warehouseCount + move.source] = true
                if move.kind == .transfer { touched[product * warehouseCount + move.target] = true }
            }
        }
        var negative = false
        for key in touched.indices where touched[key] {
            levels.append([
                .uuid(productIDs[key / warehouseCount]), .uuid(warehouseIDs[key % warehouseCount]), .int(history.levels[key]),
                thresholds[key / warehouseCount].map { .int($0) } ?? .null,
            ])
            negative = negative || history.levels[key] < 0
        }
        var documentNumbers = BulkRows("document_numbers", ["prefix", "year", "last_number"])
        for (year, last) in numbers.sorted(by: { $0.key < $1.key }) {
            documentNumbers.append([.text("MV"), .int(Int64(year)), .int(last)])
        }
        try await insert([levels, documentNumbers])
        if negative { try await Settings.set(StockMovementService.negativeStockSetting, "true", on: database) }
        let loadSeconds = elapsedSeconds(stopwatch.now - started)

        let maintenanceSeconds = try await BulkLoadSupport.closingMaintenance(on: sql, isPostgres: isPostgres, progress: progress)
        let sample = history.serials.isEmpty ? "" : serialText(history.serials[history.serials.count / 2])
        return Summary(
            tables: tally.tables, simulationSeconds: simulationSeconds, seconds: loadSeconds, maintenanceSeconds: maintenanceSeconds,
            middleReference: reference(productCount / 2), sampleSerial: sample)
    }

    static let productColumns = [
        "id", "reference", "name", "name_sort", "description", "unit", "sale_price", "purchase_price", "vat_rate", "category",
        "stock_managed",
        "serial_tracked", "alert_threshold", "desired_stock", "ean13", "active", "average_cost", "on_hand_milli", "created_at",
        "updated_at",
    ]
    static let movementColumns = [
        "id", "kind", "state", "reference", "label", "movement_date", "warehouse_id", "target_warehouse_id", "validated_at", "created_at",
        "updated_at",
    ]
}
