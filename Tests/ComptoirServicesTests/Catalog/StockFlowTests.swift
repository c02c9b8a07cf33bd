import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Testing

@Suite("Catalogue: stock movements, serial numbers and delivery notes, without HTTP")
struct StockFlowTests {
    /// The seed's flow: a serial-tracked product, an incoming movement validated then its serials entered, a delivery
    /// note picking two serials, turned into an outgoing movement, validated: the serials are delivered, the note too.
    @Test func seedFlowDeliversSerials() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let f = try await CatalogFixture.make(test)
            let laptop = try await f.product("PC-14", serials: true, purchasePrice: "850,00")
            // act: receive 3, validated before the serials are known, then enter them as a range
            let reception = try await f.validated("incoming", [.init(product: "PC-14", quantity: "3")])
            let receptionMovement = try #require(try await f.movements.find(reception))
            #expect(receptionMovement.reference == "MV2026-00001")
            let line = try #require(receptionMovement.lines.first)
            try await f.movements.addSerials(
                movement: reception, line: line.id, serials: StockMovement.serialRange(prefix: "SN-", start: 1, count: 3, width: 3))
            // validate: stock and serials
            #expect(try await f.onHand(laptop) == 3_000)
            #expect(try await f.serial(laptop, "SN-002")?.state == "in_stock")
            #expect(try await f.serial(laptop, "SN-002")?.warehouseID == f.main)
            // act: deliver two of them
            let note = try await f.notes.create(
                DeliveryNoteInput(
                    company: f.customer.uuidString, warehouse: f.main.uuidString, deliveryAddress: "12 rue de la Gare\n69007 Lyon",
                    lines: [.init(product: laptop.uuidString, quantity: "2", serials: "SN-001\nSN-003")]))
            let outgoing = try await f.notes.transform(note)
            let draft = try #require(try await f.movements.find(outgoing))
            #expect(draft.kind == .outgoing)
            #expect(draft.isDraft)
            #expect(draft.deliveryNoteID == note)
            #expect(draft.lines.map(\.serials) == [["SN-001", "SN-003"]])
            #expect(try await f.onHand(laptop) == 3_000, "a draft movement changes no stock")
            #expect(try await f.notes.find(note)?.state == .validated)
            #expect(try await f.notes.find(note)?.reference == "BL2026-00001")
            let reference = try await f.movements.validate(outgoing)
            // validate
            #expect(reference == "MV2026-00002")
            #expect(try await f.onHand(laptop) == 1_000)
            let delivered = try #require(try await f.serial(laptop, "SN-001"))
            #expect(delivered.state == "delivered")
            #expect(delivered.customerID == f.customer)
            #expect(delivered.warehouseID == nil)
            #expect(try await f.serial(laptop, "SN-002")?.state == "in_stock")
            #expect(try await f.notes.find(note)?.state == .delivered)
            let history = try #require(try await f.stock.serial(delivered.id)).1
            #expect(history.map(\.kind) == ["received", "delivered"])
            #expect(history.last?.movementReference == "MV2026-00002")
            #expect(history.last?.deliveryNoteReference == "BL2026-00001")
            #expect(history.last?.companyName == "Garage Martin")
            let hits = try await f.stock.searchSerials("SN-00")
            #expect(hits.map(\.serial.serial) == ["SN-001", "SN-002", "SN-003"])
            #expect(hits.first?.productReference == "PC-14")
            #expect(try await test.count("audit_entries", where: "action = 'validate'") == 3)
        }
    }

    /// A return brings delivered units back into stock (a new cycle: they may be delivered again); reversing a movement
    /// undoes it exactly once and nothing validated can be edited, deleted or validated twice.
    @Test func returnsAndReversals() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let f = try await CatalogFixture.make(test)
            let printer = try await f.product("IMP-01", serials: true)
            try await f.validated("incoming", [.init(product: "IMP-01", quantity: "2", serials: "A1\nA2")])
            let note = try await f.notes.create(
                DeliveryNoteInput(company: f.customer.uuidString, lines: [.init(product: "IMP-01", quantity: "1", serials: "A1")]))
            let outgoing = try await f.notes.transform(note)
            try await f.movements.validate(outgoing)
            // act: the customer sends A1 back
            let back = try await f.notes.createReturn(note)
            try await f.movements.validate(back)
            // validate
            let returned = try #require(try await f.serial(printer, "A1"))
            #expect(returned.state == "in_stock")
            #expect(returned.cycle == 1)
            #expect(try await f.onHand(printer) == 2_000)
            // A1 may leave again, to another customer.
            let again = try await f.validated("outgoing", [.init(product: "IMP-01", quantity: "1", serials: "A1")], company: f.customer)
            #expect(try await f.serial(printer, "A1")?.state == "delivered")
            #expect(try await test.count("serial_deliveries") == 2)

            // act: reverse that last delivery
            let reversal = try await f.movements.reverse(again)
            // validate
            let undone = try #require(try await f.movements.find(reversal))
            #expect(undone.reversesID == again)
            #expect(undone.kind == .incoming)
            #expect(undone.reference == "MV2026-00005")
            #expect(try await f.serial(printer, "A1")?.state == "in_stock")
            #expect(try await f.onHand(printer) == 2_000)
            #expect(await refusalCode { _ = try await f.movements.reverse(again) } == "already_reversed")
            #expect(await refusalCode { _ = try await f.movements.reverse(reversal) } == "reversal_not_reversible")
            #expect(await refusalCode { try await f.movements.validate(again) } == "already_validated")
            #expect(await refusalCode { try await f.movements.deleteDraft(again) } == "movement_validated")
            #expect(
                await refusalCode {
                    try await f.movements.updateDraft(
                        again, StockMovementInput(kind: "outgoing", lines: [.init(product: "IMP-01", quantity: "2")]))
                } == "movement_validated")
            #expect(
                await refusalCode { try await f.notes.update(note, DeliveryNoteInput(company: f.customer.uuidString, lines: [])) }
                    == "delivery_note_locked")
            #expect(try await test.count("stock_movements", where: "state = 'validated'") == 5)
        }
    }

    /// Two delivery notes pick the same serial and their movements are validated at the same moment: exactly one wins, the
    /// other is refused with a message naming the serial, and the database holds one delivery of it.
    @Test func concurrentDeliveriesOfOneSerialOneWins() async throws {
        try await ServiceTestDatabase.runOnOwnPool { test in
            // setup
            let f = try await CatalogFixture.make(test)
            let phone = try await f.product("TEL-9", serials: true)
            for round in 1...3 {
                let serial = "IMEI-\(round)"
                try await f.validated("incoming", [.init(product: "TEL-9", quantity: "1", serials: serial)])
                var movements: [UUID] = []
                for _ in 0..<2 {
                    let note = try await f.notes.create(
                        DeliveryNoteInput(company: f.customer.uuidString, lines: [.init(product: "TEL-9", quantity: "1", serials: serial)]))
                    movements.append(try await f.notes.transform(note))
                }
                // act
                let results = await withTaskGroup(of: (any Error)?.self) { group in
                    for movement in movements {
                        group.addTask {
                            do {
                                try await StockMovementService(test.system()).validate(movement)
                                return nil
                            } catch {
                                return error
                            }
                        }
                    }
                    var results: [(any Error)?] = []
                    for await result in group { results.append(result) }
                    return results
                }
                // validate
                let failures = results.compactMap { $0 }
                #expect(failures.count == 1, "round \(round): \(failures)")
                let refusal = try #require(failures.first as? AppError, "round \(round): \(String(describing: failures.first))")
                #expect(refusal.code == "validation_failed")
                #expect(refusal.fields.values.flatMap { $0 }.contains { $0.fr.contains("« \(serial) » a déjà été livré") })
                #expect(try await f.serial(phone, serial)?.state == "delivered")
                #expect(try await test.count("serial_deliveries") == round)
                #expect(try await f.onHand(phone) == 0)
            }
        }
    }

    /// Stock at a past date sums the ledger up to that day; the weighted average cost follows receptions only.
    @Test func stockAtPastDateAndWeightedAverageCost() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let f = try await CatalogFixture.make(test)
            let oil = try await f.product("HUILE-5L")
            // act
            try await f.validated("incoming", [.init(product: "HUILE-5L", quantity: "10", unitCost: "10,00")], date: "02/11/2026")
            try await f.validated("incoming", [.init(product: "HUILE-5L", quantity: "10", unitCost: "20,00")], date: "05/11/2026")
            try await f.validated("outgoing", [.init(product: "HUILE-5L", quantity: "5")], date: "10/11/2026")
            let costAfterOutgoing = try await ProductStore.info([oil], on: test.db)[oil]?.averageCost
            try await f.validated("incoming", [.init(product: "HUILE-5L", quantity: "5", unitCost: "30,00")], date: "12/11/2026")
            try await f.validated("transfer", [.init(product: "HUILE-5L", quantity: "2,5")], target: f.annex, date: "14/11/2026")
            // validate
            #expect(costAfterOutgoing == 1_500)
            #expect(try await ProductStore.info([oil], on: test.db)[oil]?.averageCost == 1_875)
            let day = { (text: String) in CalendarDay(parsing: text)! }
            #expect(try await f.stock.onHand(atEndOf: day("01/11/2026"), products: [oil])[oil] == nil)
            #expect(try await f.stock.onHand(atEndOf: day("04/11/2026"), products: [oil])[oil] == Quantity(units: 10))
            #expect(try await f.stock.onHand(atEndOf: day("11/11/2026"), products: [oil])[oil] == Quantity(units: 15))
            #expect(try await f.stock.onHand(atEndOf: day("14/11/2026"), products: [oil])[oil] == Quantity(units: 20))
            #expect(
                try await f.stock.onHand(atEndOf: day("14/11/2026"), products: [oil], warehouse: f.annex)[oil] == Quantity(milli: 2_500))
            #expect(try await f.onHand(oil, in: f.main) == 17_500)
            let row = try #require(try await f.stock.page(.all).first { $0.productID == oil })
            #expect(row.onHandMilli == 20_000)
            let value = try await f.stock.valueByCategory()
            #expect(value.first?.value == 37_500)  // 20 × 18,75 €
        }
    }

    /// Inventory sets the stock to what was counted; the views sort products out by their level.
    @Test func inventoryAndViews() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let f = try await CatalogFixture.make(test)
            let cable = try await f.product("CAB-1", threshold: "10")
            let plug = try await f.product("PRI-1", threshold: "5")
            _ = try await f.product("VIS-1")
            try await f.validated("incoming", [.init(product: "CAB-1", quantity: "20"), .init(product: "PRI-1", quantity: "8")])
            // act: count 7 cables, 8 plugs
            let count = try await f.validated(
                "inventory", [.init(product: "CAB-1", quantity: "7"), .init(product: "PRI-1", quantity: "8")])
            // validate
            #expect(try await f.onHand(cable) == 7_000)
            #expect(try await f.onHand(plug) == 8_000)
            let lines = try #require(try await f.movements.find(count)).lines
            #expect(lines.map { $0.delta?.milli } == [-13_000, 0])
            #expect(try await f.stock.page(.belowThreshold).map(\.reference) == ["CAB-1"])
            #expect(try await f.stock.page(.outOfStock).map(\.reference) == ["VIS-1"])
            #expect(try await f.stock.count(.all) == 3)
            // A draft outgoing shows as outgoing, not in the stock.
            _ = try await f.movements.createDraft(StockMovementInput(kind: "outgoing", lines: [.init(product: "CAB-1", quantity: "2")]))
            let row = try #require(try await f.stock.page(.all).first { $0.reference == "CAB-1" })
            #expect(row.onHandMilli == 7_000)
            #expect(row.outgoingMilli == 2_000)
            #expect(row.availableMilli == 5_000)
            // Reversing the inventory gives the 13 cables back.
            _ = try await f.movements.reverse(count)
            #expect(try await f.onHand(cable) == 20_000)
        }
    }

    /// « Bientôt hors stock » in one warehouse compares that warehouse's level with the product's threshold, which the
    /// levels carry: a level created by a validation takes it, a changed threshold reaches every level.
    @Test func belowThresholdInOneWarehouseFollowsTheProductsThreshold() async throws {
        try await ServiceTestDatabase.run { test in
            // setup: 20 cables in the main warehouse, 3 in the annex; threshold 5
            let f = try await CatalogFixture.make(test)
            let cable = try await f.product("CAB-1", threshold: "5")
            _ = try await f.product("PRI-1", threshold: "5")
            try await f.validated("incoming", [.init(product: "CAB-1", quantity: "20"), .init(product: "PRI-1", quantity: "2")])
            try await f.validated("incoming", [.init(product: "CAB-1", quantity: "3")], warehouse: f.annex)
            // validate: the annex holds 3 < 5; the main warehouse 20 ≥ 5 but PRI-1 2 < 5
            #expect(try await f.stock.page(.belowThreshold, warehouse: f.annex).map(\.reference) == ["CAB-1"])
            #expect(try await f.stock.page(.belowThreshold, warehouse: f.annex).first?.onHandMilli == 3_000)
            #expect(try await f.stock.count(.belowThreshold, warehouse: f.annex) == 1)
            #expect(try await f.stock.page(.belowThreshold, warehouse: f.main).map(\.reference) == ["PRI-1"])
            // act: the threshold goes to 25, then is removed
            _ = try await EntityService(ProductsEntity.definition, f.context).update(
                cable, EntityInput(values: ["alertThreshold": "25"], isPartial: true, omittedMeansDefault: false))
            // validate: both warehouses now hold the cables below 25
            #expect(try await f.stock.page(.belowThreshold, warehouse: f.main).map(\.reference) == ["CAB-1", "PRI-1"])
            #expect(try await f.stock.count(.belowThreshold, warehouse: f.main) == 2)
            #expect(try await f.stock.page(.belowThreshold, warehouse: f.annex, text: "cab").map(\.reference) == ["CAB-1"])
            _ = try await EntityService(ProductsEntity.definition, f.context).update(
                cable, EntityInput(values: ["alertThreshold": ""], isPartial: true, omittedMeansDefault: false))
            #expect(try await f.stock.count(.belowThreshold, warehouse: f.annex) == 0)
            #expect(try await f.stock.page(.belowThreshold, warehouse: f.main).map(\.reference) == ["PRI-1"])
        }
    }
}
