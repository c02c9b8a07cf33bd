import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Testing

@Suite("Catalogue: warehouse locations and scrapping, without HTTP")
struct StockLocationTests {
    /// Locations: stock put at a location, moved between two locations of one warehouse, taken from one; the location
    /// levels follow the ledger and stay inside the warehouse's level; counting a location sets that location only.
    @Test func locationsFollowTheLedger() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let f = try await CatalogFixture.make(test)
            let locations = WarehouseLocationService(f.context)
            let shelf = try await locations.create(warehouse: f.main, .init(code: "A-01", name: "Allée A, étagère 1"))
            let reserve = try await locations.create(warehouse: f.main, .init(code: "R-01"))
            let cable = try await f.product("CAB-2M")
            func at(_ location: UUID) async throws -> Int64 {
                try await WarehouseLocationStore.levels(of: [cable], on: test.db)[LocationKey(productID: cable, locationID: location)] ?? 0
            }
            // act: 10 received at A-01 (by its code, any case), 4 moved to R-01 inside the warehouse, 3 taken from R-01
            let received = try await f.validated("incoming", [.init(product: "CAB-2M", quantity: "10", location: "a-01")])
            let moved = try await f.validated(
                "transfer", [.init(product: "CAB-2M", quantity: "4", location: "A-01", targetLocation: "R-01")], target: f.main)
            try await f.validated("outgoing", [.init(product: "CAB-2M", quantity: "3", location: "R-01")])
            // validate
            #expect(try await f.onHand(cable, in: f.main) == 7_000)
            #expect(try await at(shelf) == 6_000)
            #expect(try await at(reserve) == 1_000)
            #expect(try await f.movements.find(received)?.lines.first?.locationID == shelf)
            #expect(try await test.count("stock_ledger", where: "location_id IS NOT NULL") == 4)

            // act: taking more than a location holds is refused, naming the location; nothing moves
            let draft = try await f.movements.createDraft(
                StockMovementInput(kind: "outgoing", lines: [.init(product: "CAB-2M", quantity: "2", location: "R-01")]))
            let errors = await validationErrors { try await f.movements.validate(draft) }
            // validate
            #expect(errors["lines[0].quantity"]?.first?.contains("à l'emplacement « R-01 »") == true, "\(errors)")
            #expect(try await at(reserve) == 1_000)

            // act: count 5 at A-01 (an inventory of one location), then reverse the in-warehouse transfer
            try await f.validated("inventory", [.init(product: "CAB-2M", quantity: "5", location: "A-01")])
            #expect(try await at(shelf) == 5_000)
            #expect(try await f.onHand(cable, in: f.main) == 6_000)
            // R-01 no longer holds the 4 the transfer brought: undoing it is refused, naming the location.
            let tooLate = await validationErrors { _ = try await f.movements.reverse(moved) }
            #expect(tooLate["lines[0].quantity"]?.first?.contains("« R-01 » : 1 disponible(s), 4 demandé(s)") == true, "\(tooLate)")
            let small = try await f.validated(
                "transfer", [.init(product: "CAB-2M", quantity: "2", location: "A-01", targetLocation: "R-01")], target: f.main)
            #expect(try await at(reserve) == 3_000)
            let reversal = try await f.movements.reverse(small)
            let undone = try #require(try await f.movements.find(reversal))
            // validate: the reversal swaps the locations, so R-01 gives back what it received
            #expect(undone.lines.first?.locationID == reserve)
            #expect(undone.lines.first?.targetLocationID == shelf)
            #expect(try await at(reserve) == 1_000)
            #expect(try await at(shelf) == 5_000)
            #expect(try await f.onHand(cable, in: f.main) == 6_000, "a move inside one warehouse leaves its level as it is")
            #expect(try await test.count("stock_movements", where: "reverses_id IS NOT NULL") == 1)
        }
    }

    /// The stock outside any location is known (warehouse level − located); a line without a location cannot take what only
    /// sits at locations.
    @Test func unlocatedStockIsCheckedApart() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let f = try await CatalogFixture.make(test)
            _ = try await WarehouseLocationService(f.context).create(warehouse: f.main, .init(code: "B-02"))
            let toner = try await f.product("TON-01")
            try await f.validated("incoming", [.init(product: "TON-01", quantity: "5", location: "B-02")])
            try await f.validated("incoming", [.init(product: "TON-01", quantity: "2")])
            // act: 3 without a location, when 2 sit outside any location
            let draft = try await f.movements.createDraft(
                StockMovementInput(kind: "outgoing", lines: [.init(product: "TON-01", quantity: "3")]))
            let errors = await validationErrors { try await f.movements.validate(draft) }
            // validate
            #expect(errors["lines[0].quantity"]?.first?.contains("hors emplacement") == true, "\(errors)")
            #expect(try await f.onHand(toner) == 7_000)
            // act: 2 without a location pass
            try await f.validated("outgoing", [.init(product: "TON-01", quantity: "2")])
            #expect(try await f.onHand(toner) == 5_000)
        }
    }

    /// Bad locations: unknown, of another warehouse, deactivated, a duplicate code, a transfer inside one warehouse without
    /// two different locations — each named; nothing written.
    @Test func badLocationsAreNamed() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let f = try await CatalogFixture.make(test)
            let locations = WarehouseLocationService(f.context)
            let shelf = try await locations.create(warehouse: f.main, .init(code: "A-01"))
            _ = try await locations.create(warehouse: f.annex, .init(code: "V-01"))
            _ = try await f.product("CAB-2M")
            // act + validate
            let unknown = await validationErrors {
                _ = try await f.movements.createDraft(
                    StockMovementInput(
                        kind: "incoming",
                        lines: [
                            .init(product: "CAB-2M", quantity: "1", location: "Z-99"),
                            .init(product: "CAB-2M", quantity: "1", location: "V-01"),
                        ]
                    ))
            }
            #expect(unknown["lines[0].location"]?.first?.contains("« Z-99 » n'existe pas dans l'entrepôt « Lyon — Gerland »") == true)
            #expect(unknown["lines[1].location"]?.first?.contains("« V-01 » n'existe pas") == true, "another warehouse's location")
            let duplicate = await validationErrors { _ = try await locations.create(warehouse: f.main, .init(code: "a-01")) }
            #expect(duplicate["code"]?.first?.contains("déjà un emplacement « A-01 »") == true)
            let blank = await validationErrors { _ = try await locations.create(warehouse: f.main, .init(code: "  ")) }
            #expect(blank["code"] != nil)
            try await locations.update(shelf, .init(code: "A-01", active: false))
            let inactive = await validationErrors {
                _ = try await f.movements.createDraft(
                    StockMovementInput(kind: "incoming", lines: [.init(product: "CAB-2M", quantity: "1", location: "A-01")]))
            }
            #expect(inactive["lines[0].location"]?.first?.contains("désactivé") == true)
            let sameWarehouse = await validationErrors {
                _ = try await f.movements.createDraft(
                    StockMovementInput(
                        kind: "transfer", warehouse: f.main.uuidString, targetWarehouse: f.main.uuidString,
                        lines: [.init(product: "CAB-2M", quantity: "1")]))
            }
            #expect(sameWarehouse["targetWarehouse"]?.first?.contains("emplacement d'arrivée différent de celui de départ") == true)
            #expect(try await test.count("stock_movements") == 0)
            #expect(try await test.count("warehouse_locations") == 2)
            #expect(try await test.count("audit_entries", where: "entity = 'warehouse-locations'") == 3)
        }
    }

    /// « Mettre au rebut »: a serial in stock at a location is scrapped through a draft outgoing movement; validated, the
    /// unit is `scrapped` (never delivered: no delivery row, no customer) and leaves its location; reversing brings it back
    /// to the same location; a scrapped unit cannot be scrapped or delivered again.
    @Test func scrappingASerial() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let f = try await CatalogFixture.make(test)
            let bin = try await WarehouseLocationService(f.context).create(warehouse: f.main, .init(code: "C-03"))
            let laptop = try await f.product("PC-14", serials: true)
            try await f.validated("incoming", [.init(product: "PC-14", quantity: "2", serials: "SN-1\nSN-2", location: "C-03")])
            let unit = try #require(try await f.serial(laptop, "SN-1"))
            #expect(unit.locationID == bin)
            // act
            let draft = try await f.movements.draftScrap(serial: unit.id)
            let movement = try #require(try await f.movements.find(draft))
            #expect(movement.kind == .outgoing)
            #expect(movement.reason == .scrap)
            #expect(movement.lines.first?.serials == ["SN-1"])
            #expect(movement.lines.first?.locationID == bin)
            #expect(try await f.serial(laptop, "SN-1")?.state == "in_stock", "a draft changes nothing")
            try await f.movements.validate(draft)
            // validate
            let scrapped = try #require(try await f.serial(laptop, "SN-1"))
            #expect(scrapped.state == "scrapped")
            #expect(scrapped.customerID == nil)
            #expect(scrapped.warehouseID == nil)
            #expect(scrapped.locationID == nil)
            #expect(try await test.count("serial_deliveries") == 0)
            #expect(try await f.onHand(laptop) == 1_000)
            #expect(
                try await WarehouseLocationStore.levels(of: [laptop], on: test.db)[LocationKey(productID: laptop, locationID: bin)] == 1_000
            )
            let history = try #require(try await f.stock.serial(unit.id)).1
            #expect(history.map(\.kind) == ["received", "scrapped"])
            #expect(await refusalCode { _ = try await f.movements.draftScrap(serial: unit.id) } == "serial_not_in_stock")
            let deliver = try await f.movements.createDraft(
                StockMovementInput(kind: "outgoing", lines: [.init(product: "PC-14", quantity: "1", serials: "SN-1")]))
            let errors = await validationErrors { try await f.movements.validate(deliver) }
            #expect(errors["lines[0].serials"]?.first?.contains("n'est pas en stock") == true, "\(errors)")
            // act: undo the scrapping
            _ = try await f.movements.reverse(draft)
            // validate
            let back = try #require(try await f.serial(laptop, "SN-1"))
            #expect(back.state == "in_stock")
            #expect(back.locationID == bin)
            #expect(back.cycle == 0, "never delivered: same cycle")
            #expect(try await f.onHand(laptop) == 2_000)
        }
    }

    /// A reason is for outgoing movements only.
    @Test func reasonOnlyOnOutgoing() async throws {
        try await ServiceTestDatabase.run { test in
            let f = try await CatalogFixture.make(test)
            _ = try await f.product("CAB-2M")
            let errors = await validationErrors {
                _ = try await f.movements.createDraft(
                    StockMovementInput(kind: "incoming", reason: "scrap", lines: [.init(product: "CAB-2M", quantity: "1")]))
            }
            #expect(errors["reason"] != nil)
            let unknown = await validationErrors {
                _ = try await f.movements.createDraft(
                    StockMovementInput(kind: "outgoing", reason: "gift", lines: [.init(product: "CAB-2M", quantity: "1")]))
            }
            #expect(unknown["reason"] != nil)
            #expect(try await test.count("stock_movements") == 0)
        }
    }
}

/// The stock views' search finds a product as users type it: without accents, in any case (« cafe », « CAFÉ » for
/// « Café moulu »), through the search index, on both databases.
@Suite struct StockSearchTests {
    @Test func productsAreFoundWithoutAccentsOrCase() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let fixture = try await CatalogFixture.make(test)
            let coffee = try await EntityService(ProductsEntity.definition, fixture.context).create(
                EntityInput(
                    values: ["reference": "CAF-1", "name": "Café moulu Éthiopie", "stockManaged": "true"], isPartial: false,
                    omittedMeansDefault: true)
            ).id
            _ = try await fixture.product("TEA-1")
            // act + validate
            for typed in ["cafe", "CAFÉ", "ethiopie", "Café moulu", "caf-1"] {
                #expect(try await fixture.stock.page(.all, text: typed).map(\.productID) == [coffee], "« \(typed) »")
                #expect(try await fixture.stock.count(.all, text: typed) == 1, "« \(typed) »")
            }
            #expect(try await fixture.stock.page(.all, text: "moulin").isEmpty)
            #expect(try await fixture.stock.page(.all, text: "TEA").map(\.reference) == ["TEA-1"])
        }
    }
}

/// Delivery notes are found by their customer typed without accents, through the directory's index.
@Suite struct DeliveryNoteSearchTests {
    @Test func notesAreFoundByTheirCustomerWithoutAccents() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let fixture = try await CatalogFixture.make(test)
            let accented = try await EntityService(CompaniesEntity.definition, fixture.context).create(
                EntityInput(values: ["name": "Société Générale d'Électricité"], isPartial: false, omittedMeansDefault: true)
            ).id
            _ = try await fixture.product("CAB-1")
            let theirs = try await fixture.notes.create(
                DeliveryNoteInput(company: accented.uuidString, lines: [.init(product: "CAB-1", quantity: "1")]))
            _ = try await fixture.notes.create(
                DeliveryNoteInput(company: fixture.customer.uuidString, lines: [.init(product: "CAB-1", quantity: "2")]))
            // act + validate
            for typed in ["electricite", "SOCIÉTÉ GÉNÉRALE", "generale elec"] {
                #expect(try await fixture.notes.list(text: typed).map(\.record.id) == [theirs], "« \(typed) »")
            }
            #expect(try await fixture.notes.list(text: "plomberie").isEmpty)
        }
    }
}
