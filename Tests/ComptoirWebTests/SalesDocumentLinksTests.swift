import ComptoirServices
import ComptoirStore
import Foundation
import Testing
import Vapor

@testable import ComptoirWeb

/// What a new user met walking through Sales in a browser (docs/DECISIONS.md, « Sales pages as a new user meets them »):
/// every document page links its related documents (« Documents liés »), the messages agree in gender and name the
/// source, an order invoiced in installments no longer offers to be invoiced again, a supplier order becomes a supplier
/// invoice, and a refused validation names each missing mention once.
@Suite("Sales pages: related documents and the walk's fixes")
struct SalesDocumentLinksTests {
    @Test func quoteOrderInvoicesAndCreditNoteLinkToEachOther() async throws {
        try await TestApp.run { t in
            // setup
            let (_, customer) = try await SalesAPITests().setup(t)
            try await SalesAPITests().completeProfile(t)
            try await Settings.set(SalesDocumentService.depositsSetting, "true", on: t.db)
            var (user, _) = try await t.signedIn()
            let saved = try await user.post(
                "/quotes",
                [
                    "company": customer, "nature": "both", "l0-description": "Audit", "l0-quantity": "2", "l0-unitPrice": "1 234,50",
                    "l0-vatRate": "20", "l1-description": "Formation", "l1-quantity": "1", "l1-unitPrice": "350", "l1-vatRate": "5,5",
                ])
            let quote = try #require(saved.location, "\(SalesPagesTests.summary(saved.body))")
            // act: validate, accept, convert
            #expect(try await user.post(quote + "/validation", [:]).status == .seeOther)
            let validatedPage = try await user.get(quote)
            // validate: the participle agrees with « Devis »
            #expect(validatedPage.body.contains("Devis DE2026-00001 validé."), "\(validatedPage.body)")
            #expect(!validatedPage.body.contains("validé(e)"))
            #expect(try await user.post(quote + "/decision", ["decision": "accepted"]).status == .seeOther)
            let converted = try await user.post(quote + "/conversion", [:])
            let order = try #require(converted.location)
            let orderDraft = try await user.get(order)
            #expect(orderDraft.body.contains("Bon de commande préparé à partir du devis DE2026-00001"), "\(orderDraft.body)")
            #expect(orderDraft.body.contains("Documents liés"))
            #expect(orderDraft.body.contains("href=\"\(quote)\""), "the order links its quote")
            let quotePage = try await user.get(quote)
            #expect(quotePage.body.contains("href=\"\(order)\""), "the quote links its order")
            #expect(quotePage.body.contains("Bon de commande (brouillon)"))
            #expect(!quotePage.body.contains("Créer le bon de commande"), "the quote offers a second order")
            let twice = try await user.post(quote + "/conversion", [:])
            #expect(twice.status == .conflict, "\(twice.status)")
            #expect(twice.body.contains("a déjà son bon de commande"))

            // act: the order validated then invoiced in three installments
            #expect(try await user.post(order + "/validation", [:]).status == .seeOther)
            let beforePlan = try await user.get(order)
            #expect(beforePlan.body.contains("Facturer la commande"))
            #expect(beforePlan.body.contains("Facturer en plusieurs fois"))
            let generated = try await user.post(
                order + "/installments",
                [
                    "count": "3", "i0-template": "deposit", "i0-percentage": "30", "i1-template": "intermediate", "i1-percentage": "35",
                    "i2-template": "balance",
                ])
            #expect(generated.status == .seeOther, "\(SalesPagesTests.summary(generated.body))")
            let afterPlan = try await user.get(order)
            // validate: invoicing again would only be refused, so it is no longer offered
            #expect(!afterPlan.body.contains("Facturer la commande"), "an invoiced order still offers « Facturer la commande »")
            #expect(!afterPlan.body.contains(">Facturer en plusieurs fois<"))
            let orderID = try #require(order.split(separator: "/").last.map(String.init))
            let invoices = try await SalesDocumentService(t.app.systemContext("test")).list(SalesDocumentFilter(kinds: ["invoice"]))
            let deposit = try #require(invoices.first { $0.subtype == "deposit" && $0.sourceID?.uuidString.lowercased() == orderID })
            let invoice = "/invoices/\(deposit.id.uuidString.lowercased())"
            let depositPage = try await user.get(invoice)
            #expect(depositPage.body.contains("Document d&#39;origine") || depositPage.body.contains("Document d'origine"))
            #expect(depositPage.body.contains("href=\"\(order)\""), "the installment invoice links its order")
            #expect(!depositPage.body.contains("Préparer la livraison"), "an installment invoice delivers nothing")

            // act: validate the deposit, cancel it by a credit note
            let validated = try await user.post(invoice + "/validation", [:])
            #expect(validated.status == .seeOther, "\(SalesPagesTests.summary(validated.body))")
            #expect(try await user.get(invoice).body.contains("Facture FA2026-00001 validée."))
            let credit = try await user.post(invoice + "/credit-note", [:])
            let creditNote = try #require(credit.location)
            #expect(try await user.post(creditNote + "/validation", [:]).status == .seeOther)
            // validate: each names the other
            let creditPage = try await user.get(creditNote)
            #expect(creditPage.body.contains("Avoir AV2026-00002 validé."), "\(creditPage.body)")
            #expect(creditPage.body.contains("Facture annulée"))
            #expect(creditPage.body.contains("href=\"\(invoice)\""))
            let cancelled = try await user.get(invoice)
            #expect(cancelled.body.contains("Annulée par l&#39;avoir") || cancelled.body.contains("Annulée par l'avoir"))
            #expect(cancelled.body.contains("href=\"\(creditNote)\""))
        }
    }

    @Test func aSupplierOrderBecomesASupplierInvoiceWithoutOurTerms() async throws {
        try await TestApp.run { t in
            // setup: our own default terms are set (« 30 jours »)
            let (api, supplier) = try await SalesAPITests().setup(t)
            var (user, _) = try await t.signedIn()
            let saved = try await user.post(
                "/supplier-orders",
                ["company": supplier, "l0-description": "Cartouches", "l0-quantity": "10", "l0-unitPrice": "12,50", "l0-vatRate": "20"])
            let order = try #require(saved.location, "\(SalesPagesTests.summary(saved.body))")
            #expect(try await user.post(order + "/validation", [:]).status == .seeOther)
            let orderPage = try await user.get(order)
            #expect(orderPage.body.contains("Commande fournisseur CF2026-00001 validée."), "\(orderPage.body)")
            #expect(orderPage.body.contains("Créer la facture fournisseur"))
            #expect(!orderPage.body.contains("30 jours"), "a supplier order took our own payment terms")
            // act
            let converted = try await user.post(order + "/conversion", [:])
            let invoice = try #require(converted.location)
            // validate
            #expect(invoice.hasPrefix("/supplier-invoices/"))
            let invoicePage = try await user.get(invoice)
            #expect(invoicePage.body.contains("Facture fournisseur préparée à partir de la commande fournisseur CF2026-00001"))
            #expect(invoicePage.body.contains("125,00\u{00A0}€"))
            #expect(invoicePage.body.contains("href=\"\(order)\""))
            #expect(!(try await user.get(order)).body.contains("Créer la facture fournisseur"), "offered twice")
            let again = try await user.post(order + "/conversion", [:])
            #expect(again.status == .conflict, "\(again.status)")
            // The supplier invoice is validated, then paid from its page (a payment sent).
            #expect(try await user.post(invoice + "/validation", [:]).status == .seeOther)
            let toPay = try await user.get(invoice)
            #expect(toPay.body.contains("Enregistrer un versement"), "a supplier invoice cannot be paid from its page")
            #expect(toPay.body.contains("Reste à payer"))
            let invoiceID = try #require(invoice.split(separator: "/").last.map(String.init))
            let paymentForm = try await user.get("/payments/new?invoice=\(invoiceID)")
            #expect(paymentForm.status == .ok)
            #expect(paymentForm.body.contains("Reste à payer : 150,00\u{00A0}€"), "\(paymentForm.body)")
            #expect(!paymentForm.body.contains("keepCredit"), "a payment sent offers to keep a customer credit")
            let paid = try await user.post(
                "/payments", ["invoice": invoiceID, "wording": "Virement fournisseur", "amount": "50", "method": "transfer"])
            #expect(paid.status == .seeOther, "\(SalesPagesTests.summary(paid.body))")
            #expect(paid.location == invoice)
            let partly = try await user.get(invoice)
            #expect(partly.body.contains("Partiellement payé"))
            #expect(partly.body.contains("100,00\u{00A0}€"))
            let payments = try await user.get("/payments")
            #expect(payments.body.contains("href=\"\(invoice)\">FF2026-00001</a>"), "\(payments.body)")
            // The API's resource for the same transition: refused once invoiced, 201 on another order.
            let orderID = try #require(order.split(separator: "/").last.map(String.init))
            #expect(try await api.send(.POST, "/api/v1/supplier-orders/\(orderID)/invoice").status == .conflict)
            let second = try await api.send(
                .POST, "/api/v1/supplier-orders",
                json: #"{"companyId":"\#(supplier)","lines":[{"description":"Papier","quantity":"5","unitPrice":"4.20","vatRate":"20"}]}"#)
            let secondID = try #require(second.json?["id"]?.string, "\(second.body)")
            #expect(try await api.send(.POST, "/api/v1/supplier-orders/\(secondID)/invoice").status == .conflict, "a draft")
            #expect(try await api.send(.POST, "/api/v1/supplier-orders/\(secondID)/validation").status == .ok)
            let made = try await api.send(.POST, "/api/v1/supplier-orders/\(secondID)/invoice")
            #expect(made.status == .created, "\(made.body)")
            #expect(made.json?["kind"]?.string == "supplier_invoice" || made.body.contains("supplier_invoice"), "\(made.body)")
            // A read-only user sees the link, never the action.
            var (reader, _) = try await t.signedIn(role: .user, readOnly: true, email: "lecteur@example.fr")
            #expect(try await reader.post("/supplier-orders/\(secondID)/conversion", [:]).status == .forbidden)
        }
    }

    @Test func aRefusedValidationNamesEachMissingMentionOnce() async throws {
        try await TestApp.run { t in
            // setup: no organisation coordinates, no nature
            let (_, customer) = try await SalesAPITests().setup(t)
            var (user, _) = try await t.signedIn()
            let saved = try await user.post(
                "/invoices", ["company": customer, "l0-description": "Pose", "l0-quantity": "1", "l0-unitPrice": "100", "l0-vatRate": "20"])
            let invoice = try #require(saved.location)
            // act
            let refused = try await user.post(invoice + "/validation", [:])
            // validate
            #expect(refused.status == .unprocessableEntity || refused.status == .conflict)
            let body = refused.body.replacingOccurrences(of: "&#39;", with: "'")
            let count = body.components(separatedBy: "nature de l'opération (biens").count - 1
            #expect(count == 1, "the nature is named \(count) times: \(SalesPagesTests.summary(refused.body))")
            #expect(refused.body.contains("Mentions obligatoires manquantes"))
        }
    }
    @Test func unitsStatesAndPaymentsReadAsAUserExpects() async throws {
        try await TestApp.run { t in
            // setup: an invoice of 3 hours and 1,5 hour, validated and paid in part
            let (_, customer) = try await SalesAPITests().setup(t)
            try await SalesAPITests().completeProfile(t)
            var (user, _) = try await t.signedIn()
            let saved = try await user.post(
                "/invoices",
                [
                    "company": customer, "nature": "services", "dueDate": "31/12/2026", "l0-description": "Conseil", "l0-quantity": "3",
                    "l0-unit": "h", "l0-unitPrice": "100", "l0-vatRate": "20", "l1-description": "Suivi", "l1-quantity": "1,5",
                    "l1-unit": "h", "l1-unitPrice": "100", "l1-vatRate": "20", "l2-description": "Dalles", "l2-quantity": "2",
                    "l2-unit": "m2", "l2-unitPrice": "10", "l2-vatRate": "20",
                ])
            let invoice = try #require(saved.location, "\(SalesPagesTests.summary(saved.body))")
            #expect(try await user.post(invoice + "/validation", [:]).status == .seeOther)
            let id = try #require(invoice.split(separator: "/").last.map(String.init))
            #expect(
                try await user.post("/payments", ["invoice": id, "wording": "Acompte", "amount": "100", "method": "cheque"]).status
                    == .seeOther)
            // act, validate: the units agree with their quantity
            let page = try await user.get(invoice)
            #expect(page.body.contains("3 heures"), "\(page.body)")
            #expect(page.body.contains("1,5 heure<"))
            #expect(page.body.contains("2 mètres carrés"))
            // the state filter offers the kind's states only
            let quotes = try await user.get("/quotes")
            #expect(quotes.body.contains(">Accepté<"))
            #expect(!quotes.body.contains(">Partiellement payé<"), "a quote is never partially paid")
            #expect(try await user.get("/invoices").body.contains(">Partiellement payé<"))
            // « Versements » links the customer and the invoice settled, straight to its page
            let payments = try await user.get("/payments")
            #expect(payments.body.contains("href=\"\(invoice)\">FA2026-00001</a>"), "\(payments.body)")
            #expect(payments.body.contains("href=\"/companies/\(customer.lowercased())\""))
        }
    }
}
