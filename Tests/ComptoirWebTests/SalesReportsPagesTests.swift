import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import SQLKit
import Testing
import Vapor

@testable import ComptoirWeb

/// The Sales reports in pages and the API: a project's « Marge » panel and the projects list filtered by result.
@Suite("Sales reports: project margin")
struct SalesReportsPagesTests {
    /// A validated document of `path` for `project`; one line of `price` € excl. VAT at 20 %.
    @Test func theMarginPanelAndTheListFilter() async throws {
        try await TestApp.run { t in
            // setup: a project with an invoice of 1 000 € and a supplier invoice of 1 500 € (a loss), another in profit
            let (api, customer) = try await SalesAPITests().setup(t)
            try await SalesAPITests().completeProfile(t)
            let lossProject = try #require(
                try await api.send(.POST, "/api/v1/projects", json: #"{"title":"Chantier <i>perdu</i>"}"#).json?["id"]?.string)
            let profitProject = try #require(
                try await api.send(.POST, "/api/v1/projects", json: #"{"title":"Chantier gagné"}"#).json?["id"]?.string)
            try await SalesAPITests().validated(api, "invoices", customer: customer, project: lossProject, price: "1000")
            try await SalesAPITests().validated(api, "supplier-invoices", customer: customer, project: lossProject, price: "1500")
            try await SalesAPITests().validated(api, "supplier-orders", customer: customer, project: lossProject, price: "80")
            try await SalesAPITests().validated(api, "invoices", customer: customer, project: profitProject, price: "900")
            var (user, _) = try await t.signedIn(role: .user)
            // act
            let page = try await user.get("/projects/\(lossProject)")
            // validate
            #expect(page.status == .ok)
            #expect(page.body.contains("<h2>Marge</h2>"), "\(page.body)")
            #expect(page.body.contains("À perte"))
            #expect(page.body.contains("1\u{202F}000,00\u{00A0}€") || page.body.contains("1\u{00A0}000,00\u{00A0}€"))
            #expect(page.body.contains("-500,00") || page.body.contains("−500,00"))
            #expect(page.body.contains("Commandes fournisseurs non encore facturées : 80,00"))
            let losses = try await user.get("/projects?result=loss")
            #expect(losses.body.contains("Chantier &lt;i&gt;perdu&lt;/i&gt;"))
            #expect(!losses.body.contains("Chantier gagné"))
            let profits = try await user.get("/projects?result=profit")
            #expect(profits.body.contains("Chantier gagné"))
            #expect(!profits.body.contains("perdu"))
            #expect(try await user.get("/projects?result=nimporte").status == .badRequest)
            // the API
            let margin = try await api.send(.GET, "/api/v1/projects/\(lossProject)/margin")
            #expect(margin.json?["invoiced"] == "1000.00", "\(margin.body)")
            #expect(margin.json?["purchases"] == "1500.00")
            #expect(margin.json?["margin"] == "-500.00")
            #expect(margin.json?["marginRate"] == "-50.00")
            #expect(margin.json?["committedPurchases"] == "80.00")
            let sorted = try await api.send(.GET, "/api/v1/projects?sort=margin")
            #expect(sorted.json?["items"]?[0]?["id"]?.string == lossProject, "\(sorted.body)")
        }
    }

    @Test func aPrivateProjectsMarginIsNotFoundForANonMember() async throws {
        try await TestApp.run { t in
            let (api, _) = try await SalesAPITests().setup(t)
            let owner = try await t.createUser("claire@example.fr", role: .user)
            let ownerAPI = APIClient(app: t.app, token: try await t.token(for: owner))
            let secret = try #require(
                try await ownerAPI.send(.POST, "/api/v1/projects", json: #"{"title":"Succession","visibility":"private"}"#).json?["id"]?
                    .string)
            var (reader, other) = try await t.signedIn(role: .user, email: "marc@example.fr")
            let otherAPI = APIClient(app: t.app, token: try await t.token(for: other))
            #expect(try await otherAPI.send(.GET, "/api/v1/projects/\(secret)/margin").status == .notFound)
            #expect(try await ownerAPI.send(.GET, "/api/v1/projects/\(secret)/margin").status == .ok)
            #expect(try await api.send(.GET, "/api/v1/projects/\(UUID().uuidString)/margin").status == .notFound)
            #expect(try await reader.get("/projects/\(secret)").status == .notFound)
        }
    }
}

@Suite("Sales reports: dashboard")
struct SalesDashboardPagesTests {
    @Test func theDashboardAndTheHomeCard() async throws {
        try await TestApp.run { t in
            // setup: an overdue invoice of a hostile customer name, a quote expiring soon
            let (api, customer) = try await SalesAPITests().setup(t)
            try await SalesAPITests().completeProfile(t)
            let invoice = try await SalesAPITests().validated(api, customer: customer, issueDate: "2026-09-01", dueDate: "2026-10-01")
            let quote = try #require(
                try await api.send(
                    .POST, "/api/v1/quotes",
                    json: """
                        {"companyId":"\(customer)","issueDate":"2026-11-18","validUntil":"2026-11-20",
                         "lines":[{"description":"Étude","quantity":"1","unitPrice":"300","vatRate":"20"}]}
                        """
                ).json?["id"]?.string)
            #expect(try await api.send(.POST, "/api/v1/quotes/\(quote)/validation").status == .ok)
            var (user, _) = try await t.signedIn(role: .user, readOnly: true)
            // act
            let page = try await user.get("/sales")
            // validate
            #expect(page.status == .ok)
            #expect(page.body.contains("<h1>Tableau de bord ventes</h1>"))
            #expect(page.body.contains("<svg"))
            #expect(page.body.contains("<desc>"))
            #expect(page.body.contains("sept. 2026") || page.body.contains("sep. 2026"), "the table of figures")
            #expect(page.body.contains("1\u{202F}000,00\u{00A0}€") || page.body.contains("1\u{00A0}000,00\u{00A0}€"))
            #expect(page.body.contains("31 à 60 jours"))
            #expect(page.body.contains("48 j"), "01/10 → 18/11")
            #expect(page.body.contains("Garage &lt;b&gt;Martin&lt;/b&gt;"))
            #expect(!page.body.contains("Garage <b>Martin"))
            #expect(page.body.contains("expire bientôt"))
            let home = try await user.get("/")
            #expect(home.body.contains("id=\"home-sales\""))
            #expect(home.body.contains("1\u{202F}200,00\u{00A0}€") || home.body.contains("1\u{00A0}200,00\u{00A0}€"), "due incl. VAT")
        }
    }
}

@Suite("Sales lifecycle pages: sent, supplier order, delivery")
struct SalesLifecyclePagesTests {
    @Test func anOrderIsSentDeliveredAndBought() async throws {
        try await TestApp.run { t in
            // setup: a stock-managed product, a warehouse, a validated order
            let (api, customer) = try await SalesAPITests().setup(t)
            try await SalesAPITests().completeProfile(t)
            #expect(try await api.send(.POST, "/api/v1/warehouses", json: #"{"name":"Lyon"}"#).status == .created)
            let product = try await api.send(
                .POST, "/api/v1/products",
                json:
                    #"{"reference":"PC-PRO","name":"Portable","unit":"unit","salePrice":"650","purchasePrice":"400","vatRate":"20","stockManaged":true}"#
            )
            #expect(product.status == .created, "\(product.body)")
            let supplier = try #require(
                try await api.send(.POST, "/api/v1/companies", json: #"{"name":"Grossiste <i>Info</i>"}"#).json?["id"]?.string)
            let order = try #require(
                try await api.send(
                    .POST, "/api/v1/orders",
                    json: """
                        {"companyId":"\(customer)","issueDate":"2026-11-18","lines":[{"product":"PC-PRO","quantity":"2"}]}
                        """
                ).json?["id"]?.string)
            let draftPage = try await api.send(.POST, "/api/v1/orders/\(order)/sending")
            #expect(draftPage.status == .conflict, "a draft is not sent")
            #expect(try await api.send(.POST, "/api/v1/orders/\(order)/validation").status == .ok)
            var (user, _) = try await t.signedIn(role: .user)
            // act: the page offers « Marquer comme envoyé »
            var page = try await user.get("/orders/\(order)")
            #expect(page.body.contains("Marquer comme envoyé"))
            #expect(page.body.contains("Créer la commande fournisseur"))
            #expect(page.body.contains("Préparer la livraison"))
            let sent = try await user.post("/orders/\(order)/sending", [:])
            #expect(sent.status == .seeOther)
            page = try await user.get("/orders/\(order)")
            #expect(page.body.contains("Envoyé"))
            #expect(!page.body.contains("Marquer comme envoyé"))
            #expect(try await user.post("/orders/\(order)/sending", [:]).status == .conflict)
            // the supplier order: without a supplier, the page names the field
            let missing = try await user.post("/orders/\(order)/supplier-order", ["supplier": ""])
            #expect(missing.status == .unprocessableEntity)
            #expect(missing.body.contains("Choisissez le fournisseur"))
            let bought = try await user.post("/orders/\(order)/supplier-order", ["supplier": supplier])
            #expect(bought.status == .seeOther)
            let purchase = try await user.get(try #require(bought.location))
            #expect(purchase.body.contains("Grossiste &lt;i&gt;Info&lt;/i&gt;"))
            #expect(purchase.body.contains("800,00\u{00A0}€"), "2 × 400 €")
            // the delivery: a draft outgoing movement, listed on the order's page
            let delivered = try await user.post("/orders/\(order)/delivery", [:])
            #expect(delivered.status == .seeOther)
            #expect(delivered.location?.hasPrefix("/stock-movements/") == true)
            page = try await user.get("/orders/\(order)")
            #expect(page.body.contains("id=\"linked-movements\""))
            #expect(page.body.contains(try #require(delivered.location)))
            // the API: a quote is not delivered (404 under the orders' path), a bad supplier id is 422
            let bad = try await api.send(.POST, "/api/v1/orders/\(order)/supplier-order", json: #"{"supplierId":"x"}"#)
            #expect(bad.status == .unprocessableEntity)
            // a read-only user sees no action and is refused
            var (reader, _) = try await t.signedIn(role: .user, readOnly: true, email: "lecteur@example.fr")
            #expect(!(try await reader.get("/orders/\(order)").body.contains("Préparer la livraison")))
            #expect(try await reader.post("/orders/\(order)/delivery", [:]).status == .forbidden)
        }
    }
}

@Suite("Sales payments list")
struct SalesPaymentListPagesTests {
    @Test func theListFiltersAndExports() async throws {
        try await TestApp.run { t in
            // setup: a validated invoice of 1 200 € paid 1 000 € by cheque (wording hostile)
            let (api, customer) = try await SalesAPITests().setup(t)
            try await SalesAPITests().completeProfile(t)
            let invoice = try await SalesAPITests().validated(api, customer: customer)
            let paid = try await api.send(
                .POST, "/api/v1/payments",
                json: """
                    {"wording":"Chèque <b>n°1</b>","amount":"1000.00","date":"2026-11-18","method":"cheque",
                     "allocations":[{"documentId":"\(invoice)"}]}
                    """)
            #expect(paid.status == .created, "\(paid.body)")
            var (user, _) = try await t.signedIn(role: .user, readOnly: true)
            // act, validate
            let page = try await user.get("/payments")
            #expect(page.status == .ok)
            #expect(page.body.contains("<h1>Versements</h1>"))
            #expect(page.body.contains("Chèque &lt;b&gt;n°1&lt;/b&gt;"))
            #expect(page.body.contains("FA2026-00001"))
            #expect(page.body.contains("href=\"/invoices/\(invoice.lowercased())\">FA2026-00001</a>"), "a direct link to the invoice")
            #expect(page.body.contains("Garage &lt;b&gt;Martin&lt;/b&gt;"))
            #expect(!(try await user.get("/payments?method=card").body.contains("FA2026-00001")))
            #expect(try await user.get("/payments?from=19/11/2026").body.contains("Aucun versement"))
            let bad = try await user.get("/payments?from=hier&method=troc")
            #expect(bad.status == .badRequest)
            #expect(bad.body.contains("value=\"hier\""), "the input is kept")
            let csv = try await user.get("/payments/export?method=cheque")
            #expect(csv.status == .ok)
            #expect(csv.headers.contentType?.description.contains("text/csv") == true)
            #expect(csv.body.contains("18/11/2026;reçu;Chèque <b>n°1</b>;Garage <b>Martin</b>;Chèque;;1000,00;EUR;FA2026-00001"))
            let json = try await api.send(.GET, "/api/v1/payments?method=cheque")
            #expect(json.json?["items"]?[0]?["settled"]?[0]?["reference"] == "FA2026-00001", "\(json.body)")
            #expect(json.json?["items"]?[0]?["settled"]?[0]?["documentId"] == .string(invoice.lowercased()))
            #expect(try await api.send(.GET, "/api/v1/payments?from=x").status == .badRequest)
        }
    }
}

@Suite("Sales chain page")
struct SalesChainPageTests {
    @Test func theChainPageNamesTheFirstBrokenLink() async throws {
        try await TestApp.run { t in
            // setup: two validated invoices
            let (api, customer) = try await SalesAPITests().setup(t)
            try await SalesAPITests().completeProfile(t)
            for _ in 0..<2 {
                try await SalesAPITests().validated(api, customer: customer)
            }
            var (admin, _) = try await t.signedIn(role: .admin)
            // act, validate: intact
            var page = try await admin.get("/admin/sales-chain")
            #expect(page.status == .ok)
            #expect(page.body.contains("Chaîne intègre : 2 maillon(s) vérifié(s)."))
            #expect(page.body.contains("FA2026-00002"), "the last link")
            // act: a total changed directly in the database
            try await (t.db as! any SQLDatabase).raw(
                "UPDATE sales_documents SET total_net = 99900, total_gross = 99900 + total_tax WHERE reference = 'FA2026-00001'"
            ).run()
            page = try await admin.get("/admin/sales-chain")
            #expect(page.body.contains("Chaîne rompue : 1 maillon(s) vérifié(s), le n° 1 est le premier en défaut."))
            #expect(page.body.contains("<dd id=\"chain-broken-record\">FA2026-00001</dd>"))
            #expect(page.body.contains("<dd id=\"chain-changed-fields\">totalGross, totalNet</dd>"))
            // who is not an administrator does not get it
            var (user, _) = try await t.signedIn(role: .user, email: "bob@example.fr")
            #expect(try await user.get("/admin/sales-chain").status == .forbidden)
        }
    }
}

@Suite("Sales balance invoice page")
struct SalesBalancePageTests {
    @Test func theBalanceInvoiceListsTheDepositInvoices() async throws {
        try await TestApp.run { t in
            let (api, customer) = try await SalesAPITests().setup(t)
            try await SalesAPITests().completeProfile(t)
            try await Settings.set(SalesDocumentService.depositsSetting, "true", on: t.db)
            let order = try await SalesAPITests().validated(api, "orders", customer: customer, dueDate: nil)
            let plan = try await api.send(
                .POST, "/api/v1/orders/\(order)/installments",
                json: """
                    {"installments":[{"template":"deposit","percentage":"40","issueDate":"2026-11-18","dueDate":"2026-11-18"},
                                     {"template":"balance","issueDate":"2026-11-18","dueDate":"2026-12-18"}]}
                    """)
            #expect(plan.status == .created, "\(plan.body)")
            var ids: [String] = []
            if case .array(let items)? = plan.json { ids = items.compactMap { $0["id"]?.string } }
            try #require(ids.count == 2, "\(plan.body)")
            #expect(try await api.send(.POST, "/api/v1/invoices/\(ids[0])/validation").status == .ok)
            var (user, _) = try await t.signedIn(role: .user)
            let page = try await user.get("/invoices/\(ids[1])")
            #expect(page.body.contains("Factures d'acompte précédentes") || page.body.contains("Factures d&#39;acompte précédentes"))
            #expect(page.body.contains("FA2026-00001 du 18/11/2026"))
        }
    }
}

extension SalesAPITests {
    /// One line « Étude » of `price` € excl. VAT at 20 % for `customer` (and `project`), created at `path` (`invoices`,
    /// `orders`, `supplier-invoices`…) and validated; its id.
    @discardableResult
    func validated(
        _ api: APIClient, _ path: String = "invoices", customer: String, project: String? = nil, price: String = "1000",
        issueDate: String = "2026-11-18", dueDate: String? = "2026-12-18"
    ) async throws -> String {
        let due = dueDate.map { #""dueDate":"\#($0)","# } ?? ""
        let inProject = project.map { #""projectId":"\#($0)","# } ?? ""
        let created = try await api.send(
            .POST, "/api/v1/\(path)",
            json: """
                {"companyId":"\(customer)",\(inProject)"issueDate":"\(issueDate)",\(due)"nature":"services",
                 "lines":[{"description":"Étude","quantity":"1","unitPrice":"\(price)","vatRate":"20"}]}
                """)
        let id = try #require(created.json?["id"]?.string, "\(created.body)")
        let validated = try await api.send(.POST, "/api/v1/\(path)/\(id)/validation")
        #expect(validated.status == .ok, "\(validated.body)")
        return id
    }
}
