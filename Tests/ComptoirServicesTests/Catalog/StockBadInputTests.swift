import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Testing

@Suite("Catalogue: bad input is refused with the line and the serial named, and nothing is half-validated")
struct StockBadInputTests {
    @Test func movementLinesAreCheckedOneByOne() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let f = try await CatalogFixture.make(test)
            _ = try await f.product("PC-14", serials: true)
            _ = try await f.product("CAB-1")
            _ = try await EntityService(ProductsEntity.definition, f.context).create(
                EntityInput(values: ["reference": "SERV-1", "name": "Installation"], isPartial: false, omittedMeansDefault: true))
            // act
            let errors = await validationErrors {
                _ = try await f.movements.createDraft(
                    StockMovementInput(
                        kind: "incoming",
                        lines: [
                            .init(product: "CAB-1", quantity: "0"),
                            .init(product: "CAB-1", quantity: "-2"),
                            .init(product: "PC-14", quantity: "1,5"),
                            .init(product: "INCONNU", quantity: "1"),
                            .init(product: "SERV-1", quantity: "1"),
                            .init(product: "CAB-1", quantity: "2", serials: "X1"),
                            .init(product: "PC-14", quantity: "2", serials: "S1\nS1"),
                            .init(product: "PC-14", quantity: "1", serials: "S2, S3"),
                            .init(product: "CAB-1", quantity: "1", unitCost: "douze"),
                        ]))
            }
            // validate
            #expect(errors["lines[0].quantity"]?.first == "Ligne 1 : la quantité doit être supérieure à zéro.")
            #expect(errors["lines[1].quantity"]?.first?.hasPrefix("Ligne 2 : quantité invalide « -2 »") == true)
            #expect(errors["lines[2].quantity"]?.first == "Ligne 3 : un produit suivi par numéro de série se compte en unités entières.")
            #expect(errors["lines[3].product"]?.first == "Ligne 4 : produit introuvable : « INCONNU ».")
            #expect(errors["lines[4].product"]?.first?.contains("n'a pas la gestion de stock") == true)
            #expect(errors["lines[5].serials"]?.first == "Ligne 6 : « CAB-1 » n'est pas suivi par numéro de série.")
            #expect(errors["lines[6].serials"]?.first == "Ligne 7 : le numéro de série « S1 » est saisi deux fois.")
            #expect(errors["lines[7].serials"]?.first == "Ligne 8 : 2 numéros de série pour 1 unité(s).")
            #expect(errors["lines[8].unitCost"]?.first == "Ligne 9 : coût unitaire invalide (exemple : 12,50).")
            #expect(try await test.count("stock_movements") == 0)
            let empty = await validationErrors { _ = try await f.movements.createDraft(StockMovementInput(kind: "incoming", lines: [])) }
            #expect(empty["lines"] == ["Ajoutez au moins une ligne."])
            let transfer = await validationErrors {
                _ = try await f.movements.createDraft(
                    StockMovementInput(
                        kind: "transfer", warehouse: f.main.uuidString, targetWarehouse: f.main.uuidString,
                        lines: [.init(product: "CAB-1", quantity: "1")]))
            }
            #expect(
                transfer["targetWarehouse"] == [
                    "Choisissez un autre entrepôt que celui de départ, ou, dans le même entrepôt, un emplacement d'arrivée différent de celui de départ sur chaque ligne."
                ])
            let kind = await validationErrors {
                _ = try await f.movements.createDraft(StockMovementInput(kind: "vol", lines: [.init(product: "CAB-1", quantity: "1")]))
            }
            #expect(kind["kind"] == ["Choisissez le type de mouvement."])
        }
    }

    /// Validation re-checks everything against the stock under the lock; a refused validation leaves no trace.
    @Test func validationRefusesWhatTheStockCannotCover() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let f = try await CatalogFixture.make(test)
            let laptop = try await f.product("PC-14", serials: true)
            let other = try await f.product("PC-15", serials: true)
            _ = try await f.product("CAB-1")
            try await f.validated("incoming", [.init(product: "PC-14", quantity: "2", serials: "S1\nS2")])
            try await f.validated("incoming", [.init(product: "PC-15", quantity: "1", serials: "T1")])
            try await f.validated("incoming", [.init(product: "CAB-1", quantity: "3")])
            let ledgerBefore = try await test.count("stock_ledger")
            // act + validate: too many cables, a serial count short, a serial of another product, one not in this warehouse
            let draft = try await f.movements.createDraft(
                StockMovementInput(
                    kind: "outgoing",
                    lines: [
                        .init(product: "CAB-1", quantity: "5"),
                        .init(product: "PC-14", quantity: "2", serials: "S1"),
                    ]))
            var errors = await validationErrors { try await f.movements.validate(draft) }
            #expect(errors["lines[1].serials"]?.first?.hasPrefix("Ligne 2 : 1 numéro(s) de série pour 2 unité(s) de « PC-14 »") == true)
            try await f.movements.updateDraft(
                draft,
                StockMovementInput(
                    kind: "outgoing",
                    lines: [
                        .init(product: "CAB-1", quantity: "5"),
                        .init(product: "PC-14", quantity: "1", serials: "T1"),
                    ]))
            errors = await validationErrors { try await f.movements.validate(draft) }
            #expect(
                errors["lines[0].quantity"]?.first
                    == "Ligne 1 : stock insuffisant de « CAB-1 » à l'entrepôt « Lyon — Gerland » : 3 disponible(s), 5 demandé(s).")
            #expect(errors["lines[1].serials"]?.first == "Ligne 2 : le numéro de série « T1 » n'existe pas pour « PC-14 ».")
            #expect(try await test.count("stock_ledger") == ledgerBefore)
            #expect(try await test.count("stock_movements", where: "state = 'validated'") == 3)
            #expect(try await f.serial(other, "T1")?.state == "in_stock")
            // A serial already received for the product cannot be received again.
            let again = await validationErrors {
                try await f.validated("incoming", [.init(product: "PC-14", quantity: "1", serials: "S2")])
            }
            #expect(again["lines[0].serials"]?.first == "Ligne 1 : le numéro de série « S2 » est déjà utilisé pour « PC-14 ».")
            // Serials entered after validation: never more than the line's units.
            let reception = try await f.validated("incoming", [.init(product: "PC-14", quantity: "2")])
            let line = try #require(try await f.movements.find(reception)?.lines.first)
            let tooMany = await validationErrors {
                try await f.movements.addSerials(movement: reception, line: line.id, serials: ["S3", "S4", "S5"])
            }
            #expect(tooMany["serials"]?.first?.contains("2 numéro(s) au plus, 3 saisi(s)") == true)
            try await f.movements.addSerials(movement: reception, line: line.id, serials: ["S3"])
            try await f.movements.addSerials(movement: reception, line: line.id, serials: ["S4"])
            #expect(try await f.serial(laptop, "S4")?.state == "in_stock")
            // With the setting on, stock may go below zero.
            try await f.movements.setAllowsNegativeStock(true)
            try await f.validated("outgoing", [.init(product: "CAB-1", quantity: "5")])
            #expect(try await f.onHand(try #require(try await ProductStore.id(reference: "CAB-1", on: test.db))) == -2_000)
            #expect(try await f.stock.page(.negative).map(\.reference) == ["CAB-1"])
        }
    }

    /// Products: reference unique (ignoring case), a valid EAN-13, serial numbers only with stock, and stock settings fixed
    /// once stock moved.
    @Test func productRules() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let f = try await CatalogFixture.make(test)
            let products = EntityService(ProductsEntity.definition, f.context)
            let cable = try await f.product("CAB-1")
            // act + validate
            let errors = await validationErrors {
                _ = try await products.create(
                    EntityInput(
                        values: [
                            "reference": "cab-1", "name": "Câble", "ean13": "4006381333932", "serialTracked": "true",
                            "alertThreshold": "-1",
                        ],
                        isPartial: false, omittedMeansDefault: true))
            }
            #expect(errors["reference"] == ["Un autre produit porte déjà cette référence."])
            #expect(errors["ean13"]?.first?.hasPrefix("Le code EAN-13 n'est pas valide") == true)
            #expect(errors["ean13"]?.first?.contains("la clé de contrôle ne correspond pas") == true)
            #expect(errors["alertThreshold"] == ["Quantité invalide (exemple : 12 ou 1,5)."])
            let valid = try await products.create(
                EntityInput(
                    values: ["reference": "CAB-2", "name": "Câble 2 m", "ean13": "400638133393 1", "alertThreshold": "2,5"],
                    isPartial: false, omittedMeansDefault: true))
            #expect(valid["ean13"] == .text("4006381333931"))
            #expect(valid["alert_threshold"] == .int(2_500))
            let serialsWithoutStock = await validationErrors {
                _ = try await products.update(
                    valid.id, EntityInput(values: ["serialTracked": "true"], isPartial: true, omittedMeansDefault: false))
            }
            #expect(serialsWithoutStock["serialTracked"]?.first?.hasPrefix("Les numéros de série demandent la gestion de stock") == true)
            try await f.validated("incoming", [.init(product: "CAB-1", quantity: "1")])
            let fixed = await validationErrors {
                _ = try await products.update(
                    cable, EntityInput(values: ["stockManaged": "false"], isPartial: true, omittedMeansDefault: false))
            }
            #expect(fixed["stockManaged"]?.first?.hasPrefix("Des mouvements de stock existent pour ce produit") == true)
            let hits = try await SearchService(f.context).search("4006381333931")
            #expect(hits.first?.hits.first?.title == "CAB-2 — Câble 2 m")
        }
    }
}
