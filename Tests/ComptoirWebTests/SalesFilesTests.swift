import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import Testing
import Vapor

@testable import ComptoirWeb

/// The files of sales documents (#17 wired to Sales): at validation the Factur-X PDF, the CII and the UBL are archived and
/// chained; downloads serve those bytes; the independent checkers accept what real invoices of each kind produce.
@Suite("Sales files: archived PDF, Factur-X and UBL")
struct SalesFilesTests {
    static let checkersAvailable =
        PythonChecker.available("facturx") && PythonChecker.available("saxonche") && PythonChecker.available("pikepdf")

    /// The shared checker (`FACTURX_CHECK`, or `shared/tools` beside the checkout), else the copy in `scripts/checks`.
    static func checker(_ name: String) -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        if name == "facturx_check.py", let path = ProcessInfo.processInfo.environment["FACTURX_CHECK"], !path.isEmpty { return path }
        let shared = root.deletingLastPathComponent().appendingPathComponent("shared/tools/" + name).path
        if FileManager.default.fileExists(atPath: shared) { return shared }
        return root.appendingPathComponent("scripts/checks/" + name).path
    }

    /// Runs a checker script on `file` with `arguments`; its summary line (the last of its output).
    static func check(_ script: String, _ file: URL, _ arguments: [String] = []) throws -> String {
        let argv = ([script, file.path] + arguments).map { "'" + $0 + "'" }.joined(separator: ", ")
        let output = try PythonChecker.run(
            "import runpy, sys; sys.argv = [\(argv)]; runpy.run_path(sys.argv[0], run_name='__main__')", input: Data())
        return output.split(separator: "\n").last.map(String.init) ?? ""
    }

    /// A validated order of two VAT rates invoiced as a 30 % deposit and its balance, plus a standard invoice and its
    /// credit note, all validated: their ids by name.
    func documents(_ t: TestApp) async throws -> (api: APIClient, ids: [String: String]) {
        let (api, customer) = try await SalesAPITests().setup(t)
        try await SalesAPITests().completeProfile(t)
        try await Settings.set(SalesDocumentService.depositsSetting, "true", on: t.db)
        let lines = """
            "lines":[{"description":"Étude « préalable »","quantity":"1.5","unitPrice":"0.33","vatRate":"20"},
                     {"description":"Pose","quantity":"3","unitPrice":"45.50","vatRate":"10","unit":"h","discount":"10"}]
            """
        let order = try await api.send(
            .POST, "/api/v1/orders", json: #"{"companyId":"\#(customer)","issueDate":"2026-11-18","nature":"services",\#(lines)}"#)
        let orderID = try #require(order.json?["id"]?.string, "\(order.body)")
        #expect(try await api.send(.POST, "/api/v1/orders/\(orderID)/validation").status == .ok)
        let plan = try await api.send(
            .POST, "/api/v1/orders/\(orderID)/installments",
            json:
                #"{"installments":[{"template":"deposit","percentage":"30","issueDate":"2026-11-18","dueDate":"2026-11-18"},{"template":"balance","issueDate":"2026-11-18","dueDate":"2026-12-31"}]}"#
        )
        let deposit = try #require(plan.json?[0]?["id"]?.string, "\(plan.body)")
        let balance = try #require(plan.json?[1]?["id"]?.string)
        let invoice = try await api.send(
            .POST, "/api/v1/invoices",
            json: #"{"companyId":"\#(customer)","issueDate":"2026-11-18","dueDate":"2026-12-18","nature":"services",\#(lines)}"#)
        let invoiceID = try #require(invoice.json?["id"]?.string, "\(invoice.body)")
        for id in [deposit, balance, invoiceID] {
            let validated = try await api.send(.POST, "/api/v1/invoices/\(id)/validation")
            #expect(validated.status == .ok, "\(validated.body)")
        }
        let credit = try await api.send(.POST, "/api/v1/invoices/\(invoiceID)/credit-note")
        let creditID = try #require(credit.json?["id"]?.string, "\(credit.body)")
        let creditValidated = try await api.send(.POST, "/api/v1/credit-notes/\(creditID)/validation")
        #expect(creditValidated.status == .ok, "\(creditValidated.body)")
        return (api, ["deposit": deposit, "balance": balance, "invoice": invoiceID, "credit": creditID, "order": orderID])
    }

    @Test func validationArchivesTheFilesAndDownloadsServeThem() async throws {
        try await TestApp.run { t in
            // setup
            let (api, ids) = try await documents(t)
            // act: download, then change the organisation's name (the archive must not follow)
            let pdf = try await api.send(.GET, "/api/v1/invoices/\(ids["invoice"]!)/pdf")
            let cii = try await api.send(.GET, "/api/v1/invoices/\(ids["invoice"]!)/facturx.xml")
            let profile = try await OrganizationProfile.current(on: t.db)
            profile.legalName = "Nouveau Nom SAS"
            try await profile.update(on: t.db)
            let again = try await api.send(.GET, "/api/v1/invoices/\(ids["invoice"]!)/pdf")
            let ciiAgain = try await api.send(.GET, "/api/v1/invoices/\(ids["invoice"]!)/facturx.xml")
            // validate
            #expect(pdf.status == .ok)
            #expect(pdf.headers.first(name: .contentType) == "application/pdf")
            #expect(pdf.bytes.starts(with: Array("%PDF-".utf8)))
            #expect(again.bytes == pdf.bytes, "the archived bytes, not a new rendering")
            #expect(ciiAgain.body == cii.body)
            #expect(cii.body.contains("<ram:ID>FA2026-00003</ram:ID>"), "the standard invoice is the third of the series")
            #expect(cii.body.contains("Atelier Dupont"))
            #expect(!ciiAgain.body.contains("Nouveau Nom"))
            // the files are recorded and their hashes chained
            let files = try await SalesFileStore.files(of: UUID(uuidString: ids["invoice"]!)!, on: t.db)
            #expect(Set(files.keys) == ["pdf", "cii", "ubl"])
            #expect(files["pdf"]?.sha256 == BlobStore.sha256(pdf.bytes))
            let links = try await SalesChainStore.links(after: 0, limit: 50, on: t.db)
            let link = try #require(links.first { $0.recordID == UUID(uuidString: ids["invoice"]!)! })
            #expect(link.content.contains(files["pdf"]!.sha256))
            // types: 386 deposit, 380 balance with the deposit deducted, 381 credit note referencing the invoice
            let depositXML = try await api.send(.GET, "/api/v1/invoices/\(ids["deposit"]!)/facturx.xml").body
            #expect(depositXML.contains("<ram:TypeCode>386</ram:TypeCode>"))
            let balanceXML = try await api.send(.GET, "/api/v1/invoices/\(ids["balance"]!)/facturx.xml").body
            #expect(balanceXML.contains("<ram:TypeCode>380</ram:TypeCode>"))
            #expect(balanceXML.contains("<ram:IssuerAssignedID>FA2026-00001</ram:IssuerAssignedID>"), "references the deposit")
            // The order: 0,50 € at 20 % and 3 × 45,50 −10 % = 122,85 € at 10 % → VAT 0,10 + 12,29 (12,285) = 135,74 € incl.;
            // the deposit: 30 % of it, 40,72 € incl.
            #expect(balanceXML.contains("<ram:GrandTotalAmount>135.74</ram:GrandTotalAmount>"), "the whole order")
            let depositGross = try #require(try await api.send(.GET, "/api/v1/invoices/\(ids["deposit"]!)").json?["totalGross"]?.string)
            #expect(balanceXML.contains("<ram:TotalPrepaidAmount>\(depositGross)</ram:TotalPrepaidAmount>"))
            let creditXML = try await api.send(.GET, "/api/v1/credit-notes/\(ids["credit"]!)/facturx.xml").body
            #expect(creditXML.contains("<ram:TypeCode>381</ram:TypeCode>"))
            #expect(creditXML.contains("<ram:IssuerAssignedID>FA2026-00003</ram:IssuerAssignedID>"))
            let ubl = try await api.send(.GET, "/api/v1/credit-notes/\(ids["credit"]!)/ubl.xml")
            #expect(ubl.status == .ok)
            #expect(ubl.body.contains("CreditNote"))
            #expect(try await api.send(.GET, "/api/v1/sales-chain/verification").json?["intact"] == true)
        }
    }

    @Test func draftsArePreviewedAndAChangedArchiveIsRefusedAndNamed() async throws {
        try await TestApp.run { t in
            // setup
            let (api, ids) = try await documents(t)
            let (_, customer) = (
                api, try #require(try await api.send(.GET, "/api/v1/invoices/\(ids["invoice"]!)").json?["companyId"]?.string)
            )
            let draft = try await api.send(
                .POST, "/api/v1/invoices",
                json:
                    #"{"companyId":"\#(customer)","issueDate":"2026-11-19","lines":[{"description":"Essai","quantity":"1","unitPrice":"10","vatRate":"20"}]}"#
            )
            let draftID = try #require(draft.json?["id"]?.string)
            // act + validate: a draft's PDF is a preview, its XML does not exist yet, nothing is archived
            let preview = try await api.send(.GET, "/api/v1/invoices/\(draftID)/pdf")
            #expect(preview.status == .ok)
            #expect(preview.bytes.starts(with: Array("%PDF-".utf8)))
            let xml = try await api.send(.GET, "/api/v1/invoices/\(draftID)/facturx.xml")
            #expect(xml.status == .conflict)
            #expect(xml.json?["error"]?["code"] == "not_validated")
            #expect(try await SalesFileStore.files(of: UUID(uuidString: draftID)!, on: t.db).isEmpty)
            // an invoice id under the credit notes' path, an unknown id: 404
            #expect(try await api.send(.GET, "/api/v1/credit-notes/\(ids["invoice"]!)/pdf").status == .notFound)
            #expect(try await api.send(.GET, "/api/v1/invoices/\(UUID())/pdf").status == .notFound)
            // act: the archived PDF changed on disk
            let record = try #require(try await SalesFileStore.files(of: UUID(uuidString: ids["invoice"]!)!, on: t.db)["pdf"])
            try Data("%PDF-1.7 forged".utf8).write(to: URL(fileURLWithPath: t.app.blobStore.path(record.sha256)))
            // validate: refused, and the chain names the document and the file
            let forged = try await api.send(.GET, "/api/v1/invoices/\(ids["invoice"]!)/pdf")
            #expect(forged.status == .conflict)
            #expect(forged.json?["error"]?["code"] == "archive_altered")
            let verification = try await api.send(.GET, "/api/v1/sales-chain/verification")
            #expect(verification.json?["intact"] == false, "\(verification.body)")
            #expect(verification.body.contains("FA2026-00003"))
            #expect(verification.body.contains("file.pdf"))
        }
    }

    @Test func pagesLeadToThePreviewThePDFAndTheEInvoice() async throws {
        try await TestApp.run { t in
            let (_, ids) = try await documents(t)
            var (user, _) = try await t.signedIn()
            let page = try await user.get("/invoices/\(ids["balance"]!)")
            #expect(page.body.contains("Télécharger le PDF"))
            #expect(page.body.contains("Facture électronique (Factur-X)"))
            let preview = try await user.get("/invoices/\(ids["balance"]!)/preview")
            #expect(preview.status == .ok)
            #expect(preview.body.contains("Facture de solde"))
            #expect(preview.body.contains("Net à payer"))
            #expect(preview.body.contains("FA2026-00001"), "the deposit, deducted")
            #expect(preview.body.contains("135,74\u{00A0}€"), "the whole order incl. VAT")
            let deposit = try await user.get("/invoices/\(ids["deposit"]!)/preview")
            #expect(deposit.body.contains("Facture d&#39;acompte") || deposit.body.contains("Facture d'acompte"))
            // 135,74 € ordered, 30 % of each rate's part in this deposit (40,73 € incl.): 95,01 € left to invoice
            let depositGross = try #require(try await SalesDocumentStore.find(UUID(uuidString: ids["deposit"]!)!, on: t.db)?.totalGross)
            #expect(depositGross == 4_073)
            #expect(deposit.body.contains("Reste à facturer sur la commande</dt><dd class=\"number\">95,01\u{00A0}€"))
            let eInvoice = try await user.get("/invoices/\(ids["invoice"]!)/e-invoice")
            #expect(eInvoice.status == .ok)
            #expect(eInvoice.body.contains("Conforme"))
            #expect(eInvoice.body.components(separatedBy: "Intact").count - 1 == 3)
            let pdf = try await user.get("/invoices/\(ids["invoice"]!)/pdf")
            #expect(pdf.headers.first(name: .contentType) == "application/pdf")
            #expect(pdf.headers.first(name: .contentDisposition)?.hasPrefix("inline") == true)
            let xml = try await user.get("/credit-notes/\(ids["credit"]!)/facturx.xml")
            let creditReference = try #require(
                try await SalesDocumentStore.find(UUID(uuidString: ids["credit"]!)!, on: t.db)?.reference)
            #expect(xml.headers.first(name: .contentDisposition)?.contains("\(creditReference)-factur-x.xml") == true, "\(xml.headers)")
            #expect(xml.headers.first(name: .contentDisposition)?.hasPrefix("attachment") == true)
            // a draft: « Générer le PDF (aperçu) », no e-invoice link
            let customer = try #require(try await SalesDocumentStore.find(UUID(uuidString: ids["invoice"]!)!, on: t.db)?.companyID)
            let draft = try await user.post(
                "/invoices",
                ["company": customer.uuidString, "l0-description": "Essai", "l0-quantity": "1", "l0-unitPrice": "10", "l0-vatRate": "20"])
            let draftPage = try await user.get(try #require(draft.location))
            #expect(draftPage.body.contains("Générer le PDF (aperçu)"))
            #expect(!draftPage.body.contains("/e-invoice"))
        }
    }

    @Test(.enabled(if: checkersAvailable))
    func theIndependentCheckersAcceptEveryKind() async throws {
        try await TestApp.run { t in
            let (api, ids) = try await documents(t)
            for (name, path, type) in [
                ("invoice", "invoices", "380"), ("deposit", "invoices", "386"), ("balance", "invoices", "380"),
                ("credit", "credit-notes", "381"),
            ] {
                let pdf = try await api.send(.GET, "/api/v1/\(path)/\(ids[name]!)/pdf")
                let file = FileManager.default.temporaryDirectory.appendingPathComponent("comptoir-\(UUID().uuidString).pdf")
                try pdf.bytes.write(to: file)
                defer { try? FileManager.default.removeItem(at: file) }
                let summary = try Self.check(Self.checker("facturx_check.py"), file, ["--expect-type", type])
                #expect(summary.hasSuffix(" passed, 0 failed"), "\(name): \(summary)")
                // what factur-x extracts from the PDF is the XML served alone
                let cii = try await api.send(.GET, "/api/v1/\(path)/\(ids[name]!)/facturx.xml")
                let extracted = try PythonChecker.run(
                    "import sys, facturx; name, xml = facturx.get_xml_from_pdf(open(sys.argv[1], 'rb').read(), check_xsd=False); sys.stdout.buffer.write(xml)"
                        .replacingOccurrences(of: "sys.argv[1]", with: "'\(file.path)'"), input: Data())
                #expect(extracted == cii.body, "\(name): embedded XML")
                let ubl = try await api.send(.GET, "/api/v1/\(path)/\(ids[name]!)/ubl.xml")
                let ublFile = FileManager.default.temporaryDirectory.appendingPathComponent("comptoir-\(UUID().uuidString).xml")
                try ubl.bytes.write(to: ublFile)
                defer { try? FileManager.default.removeItem(at: ublFile) }
                let ublSummary = try Self.check(Self.checker("ubl_check.py"), ublFile)
                #expect(ublSummary.contains("0 failed"), "\(name) UBL: \(ublSummary)")
            }
        }
    }

    @Test func quotesAndOrdersArePrintedAndArchivedWithoutXML() async throws {
        try await TestApp.run { t in
            // setup
            let (api, customer) = try await SalesAPITests().setup(t)
            try await SalesAPITests().completeProfile(t)
            let quote = try await api.send(
                .POST, "/api/v1/quotes",
                json:
                    #"{"companyId":"\#(customer)","issueDate":"2026-11-18","validUntil":"2026-12-18","lines":[{"description":"Audit « flash »","quantity":"2","unitPrice":"450","vatRate":"20"}]}"#
            )
            let id = try #require(quote.json?["id"]?.string, "\(quote.body)")
            // act
            let validated = try await api.send(.POST, "/api/v1/quotes/\(id)/validation")
            let pdf = try await api.send(.GET, "/api/v1/quotes/\(id)/pdf")
            // validate: the PDF archived once, no XML for a quote
            #expect(validated.status == .ok, "\(validated.body)")
            #expect(pdf.status == .ok)
            #expect(pdf.bytes.starts(with: Array("%PDF-".utf8)))
            let files = try await SalesFileStore.files(of: UUID(uuidString: id)!, on: t.db)
            #expect(Set(files.keys) == ["pdf"])
            #expect(files["pdf"]?.sha256 == BlobStore.sha256(pdf.bytes))
            #expect(try await api.send(.GET, "/api/v1/quotes/\(id)/facturx.xml").status == .notFound)
            var (user, _) = try await t.signedIn()
            let preview = try await user.get("/quotes/\(id)/preview")
            #expect(preview.status == .ok)
            #expect(preview.body.contains("Devis"))
            #expect(preview.body.contains("Valable jusqu&#39;au") || preview.body.contains("Valable jusqu'au"))
            #expect(preview.body.contains("1\u{00A0}080,00\u{00A0}€"), "900,00 € + 20 %")
            #expect(preview.body.contains("Audit « flash »"))
            let page = try await user.get("/quotes/\(id)")
            #expect(page.body.contains("Télécharger le PDF"))
            #expect(!page.body.contains("/e-invoice"))
            if FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext") || ProcessInfo.processInfo.environment["CI"] != nil {
                let text = try PythonChecker.run(
                    "import subprocess, sys; sys.stdout.write(subprocess.run(['pdftotext', '-layout', '-', '-'], input=sys.stdin.buffer.read(), capture_output=True, check=True).stdout.decode())",
                    input: pdf.bytes)
                #expect(text.contains("Devis"))
                #expect(text.contains("Audit « flash »"))
                #expect(text.contains("Bon pour accord"), "\(text)")
            }
        }
    }
}
