import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Testing
import Vapor

@testable import ComptoirWeb

@Suite("Catalogue pages and the stock export")
struct CatalogTests {
    /// Products, one below its threshold and one out of stock, with a reception: what the stock views and export show.
    static func stock(_ t: TestApp) async throws {
        let context = t.app.systemContext("test")
        _ = try await EntityService(WarehousesEntity.definition, context).create(
            EntityInput(values: ["name": "Lyon"], isPartial: false, omittedMeansDefault: true))
        let products = EntityService(ProductsEntity.definition, context)
        for (reference, name, category, threshold) in [
            ("CAB-1", "Câble HDMI 2 m", "Connectique", "10"), ("ECR-27", "Écran 27\" <pro> & co", "Écrans", "2"),
            ("=1+1", "Formule", "Divers", ""),
        ] {
            _ = try await products.create(
                EntityInput(
                    values: [
                        "reference": reference, "name": name, "category": category, "stockManaged": "true", "alertThreshold": threshold,
                    ],
                    isPartial: false, omittedMeansDefault: true))
        }
        let movements = StockMovementService(context)
        let id = try await movements.createDraft(
            StockMovementInput(
                kind: "incoming",
                lines: [
                    .init(product: "CAB-1", quantity: "4", unitCost: "2,50"), .init(product: "ECR-27", quantity: "5,5", unitCost: "150"),
                ]))
        try await movements.validate(id)
    }

    @Test(.enabled(if: PythonChecker.available("openpyxl"))) func stockExportIsReadByOpenpyxl() async throws {
        try await TestApp.run { t in
            // setup
            try await Self.stock(t)
            var (user, _) = try await t.signedIn()
            // act
            let page = try await user.get("/stock/export.xlsx")
            // validate
            #expect(page.status == .ok)
            let disposition = page.headers.first(name: .contentDisposition) ?? ""
            #expect(disposition.hasPrefix("attachment; filename=\"etat-des-stocks-"), "\(disposition)")
            #expect(disposition.contains(".xlsx\""), "\(disposition)")
            let report = try PythonChecker.run(
                """
                import io, json, sys, openpyxl
                data = sys.stdin.buffer.read()
                book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
                formulas = openpyxl.load_workbook(io.BytesIO(data))
                out = {"sheets": book.sheetnames}
                main = book["État des stocks"]
                out["header"] = [c.value for c in main[1]]
                out["bold"] = main["A1"].font.bold
                out["filter"] = main.auto_filter.ref
                out["freeze"] = main.freeze_panes
                out["rows"] = [[c.value for c in row] for row in main.iter_rows(min_row=2)]
                out["types"] = [type(c.value).__name__ for c in main[3]]
                out["out"] = [[c.value for c in row] for row in book["Hors stock"].iter_rows(min_row=2)]
                out["below"] = [[c.value for c in row] for row in book["Bientôt hors stock"].iter_rows(min_row=2)]
                out["value"] = [[c.value for c in row] for row in book["Valorisation"].iter_rows(min_row=2)]
                out["formula"] = formulas["État des stocks"]["E5"].value
                print(json.dumps(out, default=str))
                """, input: page.bytes)
            let json = try JSONDecoder().decode(JSONValue.self, from: Data(report.utf8))
            #expect(json["sheets"] == ["État des stocks", "Hors stock", "Bientôt hors stock", "Valorisation"])
            #expect(json["header"]?[0] == "Référence")
            #expect(json["header"]?[11] == "Valeur")
            #expect(json["bold"] == .bool(true))
            #expect(json["filter"] == "A1:L4")
            #expect(json["freeze"] == "A2")
            // Rows by reference: « =1+1 » stays text, quantities are numbers, values are amounts.
            #expect(json["rows"]?[0]?[0] == "=1+1")
            #expect(json["rows"]?[1]?[0] == "CAB-1")
            #expect(json["rows"]?[1]?[4]?.number == 4)
            #expect(json["rows"]?[1]?[11]?.number == 10)
            #expect(json["rows"]?[2]?[1] == .string("Écran 27\" <pro> & co"))
            #expect(json["rows"]?[2]?[4]?.number == 5.5)
            #expect(json["rows"]?[2]?[11]?.number == 825)
            #expect(json["types"]?[4] == "int")
            // The total row sums the data rows.
            #expect(json["rows"]?[3]?[0] == "Total")
            #expect(json["rows"]?[3]?[4]?.number == 9.5)
            #expect(json["formula"] == "=SUM(E2:E4)")
            #expect(json["out"]?[0]?[0] == "=1+1")
            #expect(json["below"]?.arrayValue?.compactMap { $0[0] }.filter { $0 != "Total" } == ["CAB-1"])
            #expect(json["value"]?.arrayValue?.last?[0] == "Total")
            #expect(json["value"]?.arrayValue?.last?[2]?.number == 835)
        }
    }

    /// A product takes attachments (a data sheet), shown on its page; a read-only user cannot add one.
    @Test func productAttachments() async throws {
        try await TestApp.run { t in
            // setup
            try await Self.stock(t)
            let product = try #require(try await ProductStore.id(reference: "CAB-1", on: t.db))
            var (browser, _) = try await t.signedIn(role: .user)
            try await browser.open("/products/\(product.uuidString.lowercased())")
            // act
            let uploaded = try await browser.upload(
                "products", product, Array("%PDF-1.7 fiche technique".utf8), name: "fiche technique.pdf")
            // validate
            #expect(uploaded.status == .seeOther)
            let page = try await browser.get("/products/\(product.uuidString.lowercased())")
            #expect(page.body.contains("fiche technique.pdf"))
            #expect(try await AttachmentStore.list(ownerKind: "products", ownerID: product, on: t.db).count == 1)
            var (reader, _) = try await t.signedIn(role: .user, readOnly: true, email: "lecture@example.fr")
            try await reader.open("/products/\(product.uuidString.lowercased())")
            let refused = try await reader.upload("products", product, Array("%PDF-1.7 autre".utf8), name: "autre.pdf")
            #expect(refused.status == .forbidden || refused.status == .seeOther)
            #expect(try await AttachmentStore.list(ownerKind: "products", ownerID: product, on: t.db).count == 1)
        }
    }

    @Test func movementFormKeepsInputAndNamesTheLine() async throws {
        try await TestApp.run { t in
            // setup
            try await Self.stock(t)
            var (user, _) = try await t.signedIn()
            let form = try await user.get("/stock-movements/new?kind=outgoing")
            #expect(form.status == .ok)
            // act: too many cables, a product that does not exist
            let page = try await user.post(
                "/stock-movements",
                ["kind": "outgoing", "l0-product": "CAB-1", "l0-quantity": "abc", "l1-product": "<script>x</script>", "l1-quantity": "1"])
            // validate
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("Ligne 1 : quantité invalide « abc »"))
            #expect(page.body.contains("Ligne 2 : produit introuvable : « &lt;script&gt;x&lt;/script&gt; »"))
            #expect(page.body.contains("value=\"CAB-1\""), "the input is kept")
            #expect(!page.body.contains("<script>x"))
            // act: a valid draft, then its validation refused for lack of stock
            let saved = try await user.post("/stock-movements", ["kind": "outgoing", "l0-product": "CAB-1", "l0-quantity": "9"])
            #expect(saved.status == .seeOther)
            let path = try #require(saved.location)
            let detail = try await user.get(path)
            #expect(detail.body.contains("Brouillon"))
            let refused = try await user.post(path + "/validation", [:])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("stock insuffisant de « CAB-1 »"))
            let stock = try await user.get("/stock?view=below-threshold")
            #expect(stock.body.contains("CAB-1"))
            #expect(!stock.body.contains("ECR-27"))
        }
    }
}

extension JSONValue {
    subscript(_ index: Int) -> JSONValue? {
        guard case .array(let items) = self, items.indices.contains(index) else { return nil }
        return items[index]
    }

    var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    var number: Double? {
        switch self {
        case .int(let value): return Double(value)
        case .double(let value): return value
        default: return nil
        }
    }
}

@Suite("Catalogue API")
struct CatalogAPITests {
    @Test func movementsThroughTheAPI() async throws {
        try await TestApp.run { t in
            // setup
            try await CatalogTests.stock(t)
            let (_, user) = try await t.signedIn()
            let api = APIClient(app: t.app, token: try await t.token(for: user))
            // act: a draft with a serial-free product, validated, then refused edits
            let created = try await api.send(
                .POST, "/api/v1/stock-movements", json: #"{"kind":"outgoing","lines":[{"product":"CAB-1","quantity":"1.5"}]}"#)
            // validate
            #expect(created.status == .created, "\(created.body)")
            let id = try #require(created.json?["id"]?.string)
            #expect(created.json?["state"] == "draft")
            #expect(created.json?["lines"]?[0]?["quantity"] == "1.5")
            let validated = try await api.send(.POST, "/api/v1/stock-movements/\(id)/validation", json: nil)
            #expect(validated.status == .ok, "\(validated.body)")
            #expect(validated.json?["reference"] == "MV2026-00002")
            #expect(validated.json?["lines"]?[0]?["delta"] == "-1.5")
            let patch = try await api.send(
                .PATCH, "/api/v1/stock-movements/\(id)", json: #"{"kind":"outgoing","lines":[{"product":"CAB-1","quantity":"1"}]}"#)
            #expect(patch.status == .conflict)
            #expect(patch.json?["error"]?["code"] == "movement_validated")
            #expect(try await api.send(.DELETE, "/api/v1/stock-movements/\(id)", json: nil).status == .conflict)
            #expect(try await api.send(.POST, "/api/v1/stock-movements/\(id)/validation", json: nil).status == .conflict)
            // Bad bodies: unknown member, a quantity outside its pattern, a number for a text.
            for body in [
                #"{"kind":"incoming","lines":[{"product":"CAB-1","quantity":"1"}],"extra":1}"#,
                #"{"kind":"incoming","lines":[{"product":"CAB-1","quantity":"1 000"}]}"#,
                #"{"kind":"incoming","lines":[{"product":12,"quantity":"1"}]}"#, #"{"kind":"incoming","lines":[]}"#,
            ] {
                let refused = try await api.send(.POST, "/api/v1/stock-movements", json: body)
                #expect(refused.status == .unprocessableEntity, "\(body): \(refused.status) \(refused.body)")
            }
            // The stock, paged with an opaque cursor.
            let first = try await api.send(.GET, "/api/v1/stock?limit=1", json: nil)
            #expect(first.json?["items"]?[0]?["reference"] == "=1+1")
            let cursor = try #require(first.json?["nextCursor"]?.string)
            let second = try await api.send(.GET, "/api/v1/stock?limit=1&cursor=\(cursor)", json: nil)
            #expect(second.json?["items"]?[0]?["reference"] == "CAB-1")
            #expect(second.json?["items"]?[0]?["onHand"] == "2.5")
            #expect(try await api.send(.GET, "/api/v1/stock?cursor=pas+un+curseur", json: nil).status == .badRequest)
            #expect(try await api.send(.GET, "/api/v1/stock?view=tout", json: nil).status == .unprocessableEntity)
        }
    }
}
