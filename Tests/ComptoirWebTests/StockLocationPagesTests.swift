import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Testing
import Vapor

@testable import ComptoirWeb

@Suite("Warehouse locations and scrapping: pages and API")
struct StockLocationPagesTests {
    /// The location form round trip (the field named, the input kept, hostile text escaped), the warehouse's panel, a
    /// movement form offering the locations and its page showing them.
    @Test func locationPages() async throws {
        try await TestApp.run { t in
            // setup
            try await CatalogTests.stock(t)
            var (user, _) = try await t.signedIn()
            let warehouse = try #require(try await WarehouseStore.defaultID(on: t.app.db)).uuidString.lowercased()
            let form = try await user.get("/warehouses/\(warehouse)/locations/new")
            #expect(form.status == .ok)
            #expect(form.body.contains("Nouvel emplacement — Lyon"))
            // act
            let created = try await user.post(
                "/warehouses/\(warehouse)/locations", ["code": "A-01", "name": "Allée A <b>1</b>", "active": "on"])
            #expect(created.status == .seeOther)
            let duplicate = try await user.post("/warehouses/\(warehouse)/locations", ["code": "a-01", "name": "Gardé"])
            // validate
            #expect(duplicate.status == .unprocessableEntity)
            #expect(duplicate.body.contains("Cet entrepôt a déjà un emplacement « A-01 »."))
            #expect(duplicate.body.contains("value=\"Gardé\""), "the input is kept")
            let panel = try await user.get("/warehouses/\(warehouse)")
            #expect(panel.body.contains("Emplacements"))
            #expect(panel.body.contains("Allée A &lt;b&gt;1&lt;/b&gt;"))
            #expect(!panel.body.contains("<b>1</b>"))
            // act: a reception at A-01 through the form
            let movementForm = try await user.get("/stock-movements/new?kind=incoming")
            #expect(movementForm.body.contains("<datalist id=\"stock-locations\">"))
            #expect(movementForm.body.contains("list=\"stock-locations\""))
            let wrong = try await user.post(
                "/stock-movements", ["kind": "incoming", "l0-product": "CAB-1", "l0-quantity": "2", "l0-location": "Z-9"])
            #expect(wrong.status == .unprocessableEntity)
            #expect(
                wrong.body.contains("l&#39;emplacement « Z-9 » n&#39;existe pas")
                    || wrong.body.contains("l'emplacement « Z-9 » n'existe pas"))
            #expect(wrong.body.contains("value=\"Z-9\""))
            let saved = try await user.post(
                "/stock-movements", ["kind": "incoming", "l0-product": "CAB-1", "l0-quantity": "2", "l0-location": "A-01"])
            let path = try #require(saved.location)
            #expect(try await user.post(path + "/validation", [:]).status == .seeOther)
            let detail = try await user.get(path)
            #expect(detail.body.contains("<td data-label=\"Emplacement\">A-01</td>"), "\(detail.body)")
            let stocked = try await user.get("/warehouses/\(warehouse)")
            #expect(stocked.body.contains("Stock par emplacement"))
        }
    }

    /// The API: create and rename a location, move stock to it, read the levels; a read-only user may read, not write;
    /// « Mise au rebut » of a serial through the API.
    @Test func locationsAndScrapThroughTheAPI() async throws {
        try await TestApp.run { t in
            // setup
            try await CatalogTests.stock(t)
            let (_, user) = try await t.signedIn()
            let api = APIClient(app: t.app, token: try await t.token(for: user))
            let warehouse = try #require(try await WarehouseStore.defaultID(on: t.app.db)).uuidString.lowercased()
            // act
            let created = try await api.send(.POST, "/api/v1/warehouses/\(warehouse)/locations", json: #"{"code":"B-02","name":"Réserve"}"#)
            // validate
            #expect(created.status == .created, "\(created.body)")
            let location = try #require(created.json?["id"]?.string)
            #expect(created.json?["active"] == true)
            let again = try await api.send(.POST, "/api/v1/warehouses/\(warehouse)/locations", json: #"{"code":"b-02"}"#)
            #expect(again.status == .unprocessableEntity)
            #expect(again.json?["error"]?["fields"]?["code"] != nil)
            #expect(
                try await api.send(.POST, "/api/v1/warehouses/\(warehouse)/locations", json: #"{"code":"X","color":"red"}"#).status
                    == .unprocessableEntity)
            let renamed = try await api.send(.PATCH, "/api/v1/warehouse-locations/\(location)", json: #"{"name":"Réserve haute"}"#)
            #expect(renamed.json?["name"] == "Réserve haute")
            #expect(renamed.json?["code"] == "B-02")
            let moved = try await api.send(
                .POST, "/api/v1/stock-movements",
                json:
                    #"{"kind":"transfer","targetWarehouseId":"\#(warehouse)","lines":[{"product":"CAB-1","quantity":"1","location":"nowhere","targetLocation":"B-02"}]}"#
            )
            #expect(moved.status == .unprocessableEntity, "\(moved.body)")
            let incoming = try await api.send(
                .POST, "/api/v1/stock-movements",
                json: #"{"kind":"incoming","lines":[{"product":"CAB-1","quantity":"3","location":"B-02"}]}"#)
            #expect(incoming.json?["lines"]?[0]?["locationId"]?.string == location)
            let id = try #require(incoming.json?["id"]?.string)
            #expect(try await api.send(.POST, "/api/v1/stock-movements/\(id)/validation", json: nil).status == .ok)
            let levels = try await api.send(.GET, "/api/v1/stock/locations?warehouseId=\(warehouse)", json: nil)
            #expect(levels.json?["items"]?[0]?["code"] == "B-02")
            #expect(levels.json?["items"]?[0]?["onHand"] == "3")
            #expect(try await api.send(.GET, "/api/v1/stock/locations?productId=nope", json: nil).status == .unprocessableEntity)

            // A read-only user reads, never writes.
            let reader = try await t.createUser("lecteur@example.fr", role: .user, readOnly: true)
            let readOnly = APIClient(app: t.app, token: try await t.token(for: reader))
            #expect(try await readOnly.send(.GET, "/api/v1/warehouses/\(warehouse)/locations", json: nil).status == .ok)
            #expect(
                try await readOnly.send(.POST, "/api/v1/warehouses/\(warehouse)/locations", json: #"{"code":"C"}"#).status == .forbidden)
            #expect(
                try await readOnly.send(.PATCH, "/api/v1/warehouse-locations/\(location)", json: #"{"active":false}"#).status == .forbidden)

            // « Mise au rebut » of a serial.
            let context = t.app.systemContext("test")
            _ = try await EntityService(ProductsEntity.definition, context).create(
                EntityInput(
                    values: ["reference": "PC-1", "name": "Portable", "stockManaged": "true", "serialTracked": "true"], isPartial: false,
                    omittedMeansDefault: true))
            let reception = try await StockMovementService(context).createDraft(
                StockMovementInput(kind: "incoming", lines: [.init(product: "PC-1", quantity: "1", serials: "SN-9")]))
            try await StockMovementService(context).validate(reception)
            let serial = try #require(
                try await api.send(.GET, "/api/v1/serial-numbers?q=SN-9", json: nil).json?["items"]?[0]?["id"]?.string)
            #expect(try await readOnly.send(.POST, "/api/v1/serial-numbers/\(serial)/scrap", json: nil).status == .forbidden)
            let scrap = try await api.send(.POST, "/api/v1/serial-numbers/\(serial)/scrap", json: nil)
            #expect(scrap.status == .created, "\(scrap.body)")
            #expect(scrap.json?["reason"] == "scrap")
            #expect(scrap.json?["kind"] == "outgoing")
            let scrapID = try #require(scrap.json?["id"]?.string)
            #expect(try await api.send(.POST, "/api/v1/stock-movements/\(scrapID)/validation", json: nil).status == .ok)
            let unit = try await api.send(.GET, "/api/v1/serial-numbers/\(serial)", json: nil)
            #expect(unit.json?["state"] == "scrapped")
            #expect(unit.json?["history"]?[1]?["kind"] == "scrapped")
            #expect(try await api.send(.POST, "/api/v1/serial-numbers/\(serial)/scrap", json: nil).status == .conflict)
        }
    }
}
