import ComptoirBulkLoad
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import SQLKit
import Testing
import Vapor

@testable import ComptoirWeb

/// The Sales API: a draft invoice, its validation (mentions, number), what a validated invoice refuses, payments and the
/// chain's verification, through HTTP.
@Suite("Sales API: invoices, validation, payments, chain")
struct SalesAPITests {
    func setup(_ t: TestApp) async throws -> (api: APIClient, customer: String) {
        let admin = try await t.createUser("admin@example.fr", role: .admin, name: "Admin")
        let api = APIClient(app: t.app, token: try await t.token(for: admin))
        let company = try await api.send(
            .POST, "/api/v1/companies",
            json:
                #"{"name":"Garage <b>Martin</b>","siren":"552100554","billingLine1":"3 avenue Foch","billingPostcode":"69006","billingCity":"Lyon"}"#
        )
        let customer = try #require(company.json?["id"]?.string, "company: \(company.body)")
        for (key, value) in [
            (SalesDocumentService.paymentTermsSetting, "30 jours"), (SalesDocumentService.latePenaltyRateSetting, "3 fois le taux légal"),
            (SalesDocumentService.earlyPaymentDiscountSetting, "Néant"),
        ] {
            try await Settings.set(key, value, on: t.db)
        }
        return (api, customer)
    }

    func completeProfile(_ t: TestApp) async throws {
        let profile = try await OrganizationProfile.current(on: t.db)
        profile.legalName = "Atelier Dupont"
        profile.legalForm = "SAS"
        profile.shareCapital = 500_000
        profile.addressLine1 = "12 rue de la Paix"
        profile.postcode = "75002"
        profile.city = "Paris"
        profile.siren = "732829320"
        profile.vatNumber = "FR44732829320"
        try await profile.update(on: t.db)
    }

    @Test func anInvoiceIsDraftedValidatedPaidAndChained() async throws {
        try await TestApp.run { t in
            // setup
            let (api, customer) = try await setup(t)
            // act: a draft
            let created = try await api.send(
                .POST, "/api/v1/invoices",
                json: """
                    {"companyId":"\(customer)","issueDate":"2026-11-18","dueDate":"2026-12-18","nature":"services",
                     "lines":[{"description":"Étude","quantity":"1.5","unitPrice":"0.33","vatRate":"20"},
                              {"description":"Pose","quantity":"3","unitPrice":"45.50","vatRate":"10"}]}
                    """)
            // validate
            #expect(created.status == .created, "\(created.body)")
            let id = try #require(created.json?["id"]?.string)
            #expect(created.json?["state"] == "draft")
            #expect(created.json?["reference"] == .null)
            #expect(created.json?["totalNet"] == "137.00")
            #expect(created.json?["totalTax"] == "13.75")
            #expect(created.json?["totalGross"] == "150.75")
            #expect(created.json?["paymentTerms"] == "30 jours")
            // act: validation refused while the organisation's coordinates are missing
            let refused = try await api.send(.POST, "/api/v1/invoices/\(id)/validation")
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.json?["error"]?["fields"]?["mentions"] != nil, "\(refused.body)")
            #expect(refused.body.contains("SIREN ou SIRET du vendeur"))
            // act: once complete, it is numbered
            try await completeProfile(t)
            let validated = try await api.send(.POST, "/api/v1/invoices/\(id)/validation")
            #expect(validated.status == .ok, "\(validated.body)")
            #expect(validated.json?["reference"] == "FA2026-00001")
            #expect(validated.json?["customerName"] == "Garage <b>Martin</b>")
            // a validated invoice is neither edited nor deleted; another kind's path does not find it
            let patch = try await api.send(.PATCH, "/api/v1/invoices/\(id)", json: #"{"notes":"x"}"#)
            #expect(patch.status == .conflict)
            #expect(patch.json?["error"]?["code"] == "document_validated")
            #expect(try await api.send(.DELETE, "/api/v1/invoices/\(id)").status == .conflict)
            #expect(try await api.send(.GET, "/api/v1/quotes/\(id)").status == .notFound)
            // payments: beyond what is due only with keepCredit
            let over = try await api.send(
                .POST, "/api/v1/payments",
                json: #"{"wording":"Virement","amount":"200","method":"transfer","allocations":[{"documentId":"\#(id)"}]}"#)
            #expect(over.status == .unprocessableEntity)
            #expect(over.json?["error"]?["fields"]?["amount"] != nil)
            let paid = try await api.send(
                .POST, "/api/v1/payments",
                json:
                    #"{"wording":"Virement","amount":"200","method":"transfer","keepCredit":true,"allocations":[{"documentId":"\#(id)"}]}"#)
            #expect(paid.status == .created, "\(paid.body)")
            #expect(paid.json?["creditLeft"] == "49.25")
            #expect(try await api.send(.GET, "/api/v1/invoices/\(id)").json?["state"] == "paid")
            // the chain
            let intact = try await api.send(.GET, "/api/v1/sales-chain/verification")
            #expect(intact.json?["intact"] == .bool(true))
            #expect(intact.json?["checked"] == .int(2))
            try await (t.db as! any SQLDatabase).raw("UPDATE sales_payments SET amount = 20000 + 1").run()
            let broken = try await api.send(.GET, "/api/v1/sales-chain/verification")
            #expect(broken.json?["intact"] == .bool(false))
            #expect(broken.json?["broken"]?["sequence"] == .int(2))
            #expect(broken.json?["broken"]?["changedFields"] == ["amount"])
            // a list by kind
            let list = try await api.send(.GET, "/api/v1/invoices?state=paid")
            #expect(list.json?["items"]?[0]?["id"]?.string == id)
            #expect(try await api.send(.GET, "/api/v1/quotes").json?["items"] == [])
        }
    }

    @Test func theInvoicesListFiltersByProductOnTheAPIAndThePage() async throws {
        try await TestApp.run { t in
            // setup: a loaded sales history
            let summary = try await SalesBulkLoad.load(
                context: t.app.systemContext("benchdata"), invoices: 120, linesPerInvoice: 3, customers: 15, projects: 1, products: 50,
                orders: 2, years: 1, seed: 21, rawComparison: false
            ) { _ in }
            let admin = try await t.createUser("admin@example.fr", role: .admin, name: "Admin")
            let api = APIClient(app: t.app, token: try await t.token(for: admin))
            let sql = t.db as! any SQLDatabase
            let product = summary.fixtures.product
            let reference = try #require(
                try await sql.raw("SELECT reference FROM products WHERE id = \(bind: product)").first()?.decode(
                    column: "reference", as: String.self))
            let expected = try await sql.raw(
                """
                SELECT DISTINCT d.id, d.reference FROM sales_documents d JOIN sales_document_lines l ON l.document_id = d.id
                WHERE d.kind = 'invoice' AND l.product_id = \(bind: product)
                """
            ).all().map {
                (try $0.decode(column: "id", as: UUID.self).uuidString.lowercased(), try $0.decode(column: "reference", as: String.self))
            }
            #expect(!expected.isEmpty)

            // act
            let byReference = try await api.send(.GET, "/api/v1/invoices?product=\(reference)&limit=500")
            let byID = try await api.send(.GET, "/api/v1/invoices?product=\(product.uuidString.lowercased())&limit=500")
            let unknown = try await api.send(.GET, "/api/v1/invoices?product=NOPE-404")

            // validate: exactly the invoices with a line of the product, each with its lines
            #expect(byReference.status == .ok, "\(byReference.body)")
            guard case .array(let items)? = byReference.json?["items"] else {
                Issue.record("no items: \(byReference.body)")
                return
            }
            #expect(Set(items.compactMap { $0["id"]?.string }) == Set(expected.map(\.0)))
            #expect(items.count == expected.count)
            #expect(
                items.allSatisfy { item in
                    guard case .array(let lines)? = item["lines"] else { return false }
                    return lines.contains { $0["productId"]?.string == product.uuidString.lowercased() }
                })
            #expect(byID.json?["items"] == byReference.json?["items"])
            #expect(unknown.status == .unprocessableEntity)
            #expect(unknown.json?["error"]?["fields"]?["product"] != nil)
            // the OpenAPI document states the parameter
            let openAPI = try await api.send(.GET, "/api/v1/openapi.json")
            #expect(openAPI.body.contains("Only documents with a line of this product (its id or reference)"))

            // validate: the page filters the same way, and an unknown product is named with the input kept
            var (user, _) = try await t.signedIn(email: "bob@example.fr")
            let page = try await user.get("/invoices?product=\(reference)")
            #expect(page.status == .ok)
            #expect(page.body.contains(expected[0].1))
            let others = try await sql.raw(
                """
                SELECT d.reference FROM sales_documents d WHERE d.kind = 'invoice' AND d.reference IS NOT NULL AND NOT EXISTS
                (SELECT 1 FROM sales_document_lines l WHERE l.document_id = d.id AND l.product_id = \(bind: product))
                """
            ).all().map { try $0.decode(column: "reference", as: String.self) }
            #expect(!others.isEmpty)
            #expect(!others.contains { page.body.contains(">\($0)<") })
            // chosen in the typeahead, the product's id comes back: the field shows the product, not the id
            let chosen = try await user.get("/invoices?product=\(product.uuidString.lowercased())")
            #expect(chosen.body.contains(expected[0].1))
            #expect(!chosen.body.contains("value=\"\(product.uuidString.lowercased())\""))
            #expect(chosen.body.contains("value=\"\(reference) — "))
            let bad = try await user.get("/invoices?product=%3Cb%3ENOPE")
            #expect(bad.status == .ok)
            #expect(bad.body.contains("Ce produit n'existe pas") || bad.body.contains("Ce produit n&#39;existe pas"))
            #expect(bad.body.contains("&lt;b&gt;NOPE"))
            #expect(!bad.body.contains("<b>NOPE"))
        }
    }

    @Test func badBodiesAre422AndNothingIsWritten() async throws {
        try await TestApp.run { t in
            let (api, customer) = try await setup(t)
            let wrongTypes = try await api.send(.POST, "/api/v1/quotes", json: #"{"companyId":42,"lines":[{"quantity":3}],"extra":"x"}"#)
            #expect(wrongTypes.status == .unprocessableEntity)
            #expect(wrongTypes.json?["error"]?["fields"]?["companyId"] != nil)
            #expect(wrongTypes.json?["error"]?["fields"]?["extra"] != nil)
            #expect(wrongTypes.json?["error"]?["fields"]?["lines[0].quantity"] != nil)
            let badRate = try await api.send(
                .POST, "/api/v1/quotes",
                json: #"{"companyId":"\#(customer)","lines":[{"description":"x","quantity":"-1","unitPrice":"10","vatRate":"19.6"}]}"#)
            #expect(badRate.status == .unprocessableEntity)
            #expect(badRate.json?["error"]?["fields"]?["lines[0].vatRate"] != nil)
            #expect(badRate.json?["error"]?["fields"]?["lines[0].quantity"] != nil)
            let badPayment = try await api.send(
                .POST, "/api/v1/payments", json: #"{"wording":"x","amount":"1","method":"bitcoin","keepCredit":"yes"}"#)
            #expect(badPayment.status == .unprocessableEntity)
            #expect(badPayment.json?["error"]?["fields"]?["keepCredit"] != nil)
            #expect(try await api.send(.POST, "/api/v1/invoices/\(UUID())/validation").status == .notFound)
            #expect(
                try await (t.db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM sales_documents").first()?.decode(
                    column: "n", as: Int.self) == 0)
        }
    }

    @Test func anOrderIsInvoicedInInstallmentsAndItsLedgerFollows() async throws {
        try await TestApp.run { t in
            // setup: a validated order of 150,75 € incl. VAT at two rates, deposits on
            let (api, customer) = try await setup(t)
            try await completeProfile(t)
            try await Settings.set(SalesDocumentService.depositsSetting, "true", on: t.db)
            let order = try await api.send(
                .POST, "/api/v1/orders",
                json: """
                    {"companyId":"\(customer)","issueDate":"2026-11-18","lines":[{"description":"Étude","quantity":"1.5","unitPrice":"0.33","vatRate":"20"},
                     {"description":"Pose","quantity":"3","unitPrice":"45.50","vatRate":"10"}]}
                    """)
            let id = try #require(order.json?["id"]?.string, "\(order.body)")
            #expect(try await api.send(.POST, "/api/v1/orders/\(id)/validation").json?["reference"] == "CO2026-00001")
            // act
            let plan = try await api.send(
                .POST, "/api/v1/orders/\(id)/installments",
                json: #"{"installments":[{"template":"deposit","percentage":"30"},{"template":"balance","dueDate":"2026-12-31"}]}"#)
            // validate
            #expect(plan.status == .created, "\(plan.body)")
            #expect(plan.json?[0]?["subtype"] == "deposit")
            #expect(plan.json?[0]?["totalNet"] == "41.10")
            #expect(plan.json?[1]?["subtype"] == "balance")
            #expect(plan.json?[1]?["totalNet"] == "95.90")
            let billing = try await api.send(.GET, "/api/v1/orders/\(id)/billing")
            #expect(billing.json?["ordered"] == "150.75")
            #expect(billing.json?["planned"] == "150.75")
            #expect(billing.json?["remainingToInvoice"] == "150.75")
            let exceeding = try await api.send(
                .POST, "/api/v1/orders/\(id)/installments",
                json: #"{"installments":[{"template":"deposit","amount":"500"},{"template":"balance"}]}"#)
            #expect(exceeding.status == .conflict)
            #expect(exceeding.json?["error"]?["code"] == "already_invoiced")
        }
    }
}
