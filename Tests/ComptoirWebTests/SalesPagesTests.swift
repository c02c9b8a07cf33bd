import ComptoirServices
import ComptoirStore
import Foundation
import Testing
import Vapor

@testable import ComptoirWeb

/// The Sales pages: an invoice drafted through the form (a bad line named, the input kept, hostile text escaped), its page
/// (lines, VAT per rate, totals in French), a refused validation naming the missing mentions, then validated, paid through
/// « Enregistrer un versement » and cancelled by a credit note; a quote accepted and turned into an order. Read-only
/// users see, never write.
@Suite("Sales pages: forms, document page, transitions, payments")
struct SalesPagesTests {
    @Test func invoiceThroughThePages() async throws {
        try await TestApp.run { t in
            // setup
            let (_, customer) = try await SalesAPITests().setup(t)
            var (user, _) = try await t.signedIn()
            let form = try await user.get("/invoices/new")
            #expect(form.status == .ok)
            #expect(form.body.contains("Nouvelle facture"))
            // act: a bad VAT rate on line 2
            let bad = try await user.post(
                "/invoices",
                [
                    "company": customer, "l0-description": "Pose <script>x</script>", "l0-quantity": "3", "l0-unitPrice": "45,50",
                    "l0-vatRate": "10", "l1-description": "Plinthes", "l1-quantity": "2,5", "l1-unitPrice": "19,99", "l1-vatRate": "7",
                ])
            // validate
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.contains("Ligne 2"), "the line is named")
            #expect(bad.body.contains("value=\"19,99\""), "the input is kept")
            #expect(!bad.body.contains("<script>x"))
            // act: the same, right
            let saved = try await user.post(
                "/invoices",
                [
                    "company": customer, "dueDate": "18/12/2026", "nature": "both", "l0-description": "Pose <script>x</script>",
                    "l0-quantity": "3", "l0-unitPrice": "45,50",
                    "l0-vatRate": "10", "l1-description": "Plinthes", "l1-quantity": "2,5", "l1-unitPrice": "19,99", "l1-discount": "12,5",
                    "l1-vatRate": "5,5",
                ])
            #expect(saved.status == .seeOther, "\(saved.body)")
            let path = try #require(saved.location)
            let page = try await user.get(path)
            // validate: 136,50 € at 10 % and 43,73 € at 5,5 %; VAT 13,65 + 2,41; 196,29 € incl.
            #expect(page.body.contains("136,50\u{00A0}€"), "\(Self.summary(page.body))")
            #expect(page.body.contains("43,73\u{00A0}€"))
            #expect(page.body.contains("TVA 10\u{202F}% sur 136,50\u{00A0}€"))
            #expect(page.body.contains("16,06\u{00A0}€"))
            #expect(page.body.contains("196,29\u{00A0}€"))
            #expect(page.body.contains("Pose &lt;script&gt;x&lt;/script&gt;"))
            #expect(page.body.contains("Garage &lt;b&gt;Martin&lt;/b&gt;"))
            // act: validation without the organisation's coordinates
            let refused = try await user.post(path + "/validation", [:])
            #expect(refused.status == .unprocessableEntity || refused.status == .conflict)
            #expect(refused.body.contains("Rien n'a été fait") || refused.body.contains("Rien n&#39;a été fait"))
            #expect(try await user.get(path).body.contains("(brouillon)"))
            try await SalesAPITests().completeProfile(t)
            let validated = try await user.post(path + "/validation", [:])
            #expect(validated.status == .seeOther, "\(Self.summary(validated.body))")
            let numbered = try await user.get(path)
            #expect(numbered.body.contains("FA2026-00001"), "\(numbered.body)")
            #expect(numbered.body.contains("Enregistrer un versement"))
            #expect(!numbered.body.contains(">Modifier<"), "a validated invoice offers no edit")
            #expect(try await user.post(path, ["company": customer, "l0-description": "x", "l0-quantity": "1"]).status == .seeOther)
            #expect(try await user.get(path).body.contains("FA2026-00001"), "the post to a validated invoice changed nothing")
            // act: a payment of 100 €, then too much without keeping the credit
            let id = String(path.split(separator: "/").last!)
            let paymentForm = try await user.get("/payments/new?invoice=\(id)")
            #expect(paymentForm.body.contains("196,29"))
            let paid = try await user.post(
                "/payments", ["invoice": id, "wording": "Acompte", "amount": "100", "method": "cheque", "date": "04/12/2026"])
            #expect(paid.status == .seeOther, "\(paid.body)")
            let after = try await user.get(path)
            #expect(after.body.contains("Partiellement payé"))
            #expect(after.body.contains("96,29\u{00A0}€"))
            let tooMuch = try await user.post("/payments", ["invoice": id, "wording": "Solde", "amount": "500", "method": "transfer"])
            #expect(tooMuch.status == .unprocessableEntity)
            #expect(tooMuch.body.contains("value=\"500\""))
            // act: cancel by a credit note
            let credit = try await user.post(path + "/credit-note", [:])
            #expect(credit.status == .seeOther)
            #expect(credit.location?.hasPrefix("/credit-notes/") == true)
            // A read-only user reads the invoice, gets no action, and is refused a write.
            var (reader, _) = try await t.signedIn(role: .user, readOnly: true, email: "lecteur@example.fr")
            let read = try await reader.get(path)
            #expect(read.status == .ok)
            #expect(!read.body.contains("Enregistrer un versement"))
            #expect(try await reader.post(path + "/credit-note", [:]).status == .forbidden)
            #expect(try await reader.get("/invoices/new").status == .forbidden)
        }
    }

    /// The error summary of a page, for failure messages.
    static func summary(_ body: String) -> String {
        guard let start = body.range(of: "<div class=\"error-summary\"") else { return "(no error summary)" }
        return String(body[start.lowerBound...].prefix(600))
    }

    @Test func quoteAcceptedBecomesAnOrder() async throws {
        try await TestApp.run { t in
            let (_, customer) = try await SalesAPITests().setup(t)
            try await SalesAPITests().completeProfile(t)
            var (user, _) = try await t.signedIn()
            let saved = try await user.post(
                "/quotes",
                [
                    "company": customer, "validUntil": "31/12/2026", "nature": "services", "l0-description": "Audit", "l0-quantity": "1",
                    "l0-unitPrice": "1200", "l0-vatRate": "20",
                ])
            let path = try #require(saved.location)
            #expect(try await user.post(path + "/validation", [:]).status == .seeOther)
            #expect(try await user.get(path).body.contains("Accepté par le client"))
            #expect(try await user.post(path + "/decision", ["decision": "accepted"]).status == .seeOther)
            let converted = try await user.post(path + "/conversion", [:])
            #expect(converted.status == .seeOther)
            let order = try #require(converted.location)
            #expect(order.hasPrefix("/orders/"))
            let orderPage = try await user.get(order)
            #expect(
                orderPage.body.contains("1\u{202F}440,00\u{00A0}€") || orderPage.body.contains("1\u{00A0}440,00\u{00A0}€"),
                "\(orderPage.body)")
            // The quote's page is not found at another kind's path.
            let quoteID = path.split(separator: "/").last!
            #expect(try await user.get("/invoices/\(quoteID)").status == .notFound)
            let list = try await user.get("/quotes")
            #expect(list.body.contains("DE2026-00001"))
        }
    }

    /// « Paramètres ERP » (a bad pattern named, the input kept), then « Facturer en plusieurs fois » on a validated order:
    /// refused while deposits are off, a plan whose amounts exceed the order refused, then three invoices generated that
    /// add up to the order; the order's page shows what remains to invoice.
    @Test func installmentsThroughThePages() async throws {
        try await TestApp.run { t in
            let (_, customer) = try await SalesAPITests().setup(t)
            try await SalesAPITests().completeProfile(t)
            var (user, _) = try await t.signedIn()
            let saved = try await user.post(
                "/orders",
                [
                    "company": customer, "nature": "both", "l0-description": "Cuisine", "l0-quantity": "1", "l0-unitPrice": "10000",
                    "l0-vatRate": "20", "l1-description": "Pose", "l1-quantity": "1", "l1-unitPrice": "999,99", "l1-vatRate": "10",
                ])
            let order = try #require(saved.location)
            #expect(try await user.post(order + "/validation", [:]).status == .seeOther)
            let off = try await user.post(order + "/installments", ["count": "3", "i0-template": "deposit", "i0-percentage": "30"])
            #expect(off.status == .unprocessableEntity)
            #expect(off.body.contains("Activez la gestion des acomptes"))
            // ERP settings
            let settings = try await user.get("/admin/erp-settings")
            #expect(settings.body.contains("Activer la gestion des acomptes"))
            let bad = try await user.post(
                "/admin/erp-settings",
                [
                    "deposits": "on", "paymentTerms": "À réception", "paymentDays": "trente", "pattern.quote": "DE-sans-compteur",
                    "pattern.order": "CO{yyyy}-{00000}",
                    "pattern.invoice": "FA{yyyy}-{00000}", "pattern.credit_note": "AV{yyyy}-{00000}",
                    "pattern.supplier_order": "CF{yyyy}-{00000}",
                    "pattern.supplier_invoice": "FF{yyyy}-{00000}",
                ])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.contains("value=\"DE-sans-compteur\""))
            #expect(bad.body.contains("Numérotation : Devis"))
            #expect(bad.body.contains("value=\"trente\""))
            #expect(bad.body.contains("Un nombre de jours entre 0 et 365, ou rien."))
            let good = try await user.post(
                "/admin/erp-settings",
                [
                    "deposits": "on", "paymentTerms": "À réception", "pattern.quote": "DE{yyyy}-{00000}",
                    "pattern.order": "CO{yyyy}-{00000}",
                    "pattern.invoice": "FA{yyyy}-{00000}", "pattern.credit_note": "AV{yyyy}-{00000}",
                    "pattern.supplier_order": "CF{yyyy}-{00000}",
                    "pattern.supplier_invoice": "FF{yyyy}-{00000}",
                ])
            #expect(good.status == .seeOther)
            // A plan beyond the order, then the right one.
            let form = try await user.get(order + "/installments")
            #expect(form.body.contains("Générer les factures"))
            let tooMuch = try await user.post(
                order + "/installments",
                [
                    "count": "3", "i0-template": "deposit", "i0-amount": "9000", "i1-template": "intermediate", "i1-amount": "9000",
                    "i2-template": "balance",
                ])
            #expect(tooMuch.status == .unprocessableEntity)
            #expect(tooMuch.body.contains("value=\"9000\""))
            let generated = try await user.post(
                order + "/installments",
                [
                    "count": "3", "i0-template": "deposit", "i0-percentage": "30", "i1-template": "intermediate", "i1-percentage": "40",
                    "i2-template": "balance",
                ])
            #expect(generated.status == .seeOther, "\(Self.summary(generated.body))")
            let page = try await user.get(order)
            #expect(page.body.contains("Reste à facturer"))
            #expect(page.body.contains("Facture d&#39;acompte") || page.body.contains("Facture d'acompte"))
            #expect(page.body.contains("Facture de solde"))
            #expect(page.body.contains("13\u{00A0}099,99\u{00A0}€"), "ordered incl. VAT: 12 000 + 1 099,99")
        }
    }
}
