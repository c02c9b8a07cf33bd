import ComptoirCore
import ComptoirDocuments
import ComptoirServices
import ComptoirStore
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import ComptoirWeb

/// « Importer une facture reçue » through HTTP: the API takes the raw body or a multipart `file`, answers 201 with the
/// draft, the supplier and the warnings, 4xx with the error shape for bad files; the page sends to the draft with what
/// was matched, or comes back with the reason.
@Suite("Supplier invoice import: API and page")
struct SupplierInvoiceImportWebTests {
    static func invoice(number: String = "FV-2026-0815") -> InvoiceDocument {
        let euros = { (cents: Int64) in Money(minorUnits: cents) }
        return InvoiceDocument(
            number: number, typeCode: .invoice, title: "Facture", issueDate: CalendarDay(year: 2026, month: 11, day: 10)!,
            seller: InvoiceParty(
                name: "Fournitures <b>Hexagone</b>", siren: "443061841", vatNumber: VATNumber.french(fromSIREN: "443061841"),
                address: .init(lines: ["7 rue des Artisans"], postcode: "31000", city: "Toulouse")),
            buyer: InvoiceParty(name: "Atelier Dupont", address: .init(lines: [], postcode: "75002", city: "Paris")),
            lines: [
                .init(
                    id: "1", name: "Vis inox", quantity: Quantity(units: 3), netUnitPrice: euros(1250), netAmount: euros(3750),
                    vatRate: 2000)
            ],
            vatBreakdown: [.init(rate: 2000, taxableAmount: euros(3750), taxAmount: euros(750))],
            totals: .init(
                lineTotal: euros(3750), taxBasis: euros(3750), taxTotal: euros(750), grandTotal: euros(4500), prepaid: euros(0),
                duePayable: euros(4500)))
    }

    static func pdf(_ number: String = "FV-2026-0815") -> [UInt8] {
        FacturXPDF.render(invoice(number: number), createdAt: Date(timeIntervalSince1970: 1_795_000_000))
    }

    static func multipart(_ bytes: [UInt8], name: String, type: String) -> (HTTPHeaders, ByteBuffer) {
        let boundary = "----comptoir-import"
        var buffer = ByteBuffer()
        buffer.writeString(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\nContent-Type: \(type)\r\n\r\n")
        buffer.writeBytes(bytes)
        buffer.writeString("\r\n--\(boundary)--\r\n")
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        return (headers, buffer)
    }

    static func post(_ t: TestApp, token: String, headers: HTTPHeaders, body: ByteBuffer) async throws -> Page {
        var headers = headers
        headers.replaceOrAdd(name: .authorization, value: "Bearer \(token)")
        let request = TestingHTTPRequest(method: .POST, url: URI(string: "/api/v1/supplier-invoices/import"), headers: headers, body: body)
        let response = try await t.app.testing().performTest(request: request)
        return Page(status: response.status, headers: response.headers, body: String(buffer: response.body))
    }

    static func raw(_ type: String) -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: type)
        return headers
    }

    @Test func theAPIImportsARawPDFAndAMultipartXML() async throws {
        try await TestApp.run { t in
            // setup
            let admin = try await t.createUser("admin@example.fr", role: .admin, name: "Admin")
            let token = try await t.token(for: admin)
            // act: the raw body
            let created = try await Self.post(t, token: token, headers: Self.raw("application/pdf"), body: ByteBuffer(bytes: Self.pdf()))
            // validate: the draft's shape, with the supplier and the warnings
            #expect(created.status == .created, "\(created.body)")
            let json = try #require(created.json)
            let id = try #require(json["id"]?.string)
            #expect(json["kind"]?.string == "supplier_invoice")
            #expect(json["state"]?.string == "draft")
            #expect(json["supplierReference"]?.string == "FV-2026-0815")
            #expect(json["totalGross"]?.string == "45.00")
            #expect(json["supplier"]?["match"]?.string == "created")
            #expect(json["supplier"]?["name"]?.string == "Fournitures <b>Hexagone</b>")
            #expect(json["warnings"] == .array([]))
            let api = APIClient(app: t.app, token: token)
            let read = try await api.send(.GET, "/api/v1/supplier-invoices/\(id)")
            guard case .object(var extended) = json, case .object(let plain) = try #require(read.json) else {
                Issue.record("not objects")
                return
            }
            for key in ["supplier", "warnings", "attachmentId"] { extended.removeValue(forKey: key) }
            #expect(extended == plain, "the same shape as GET /supplier-invoices/{id}")
            // act: a UBL as multipart: the supplier is now matched by its SIREN
            let (headers, body) = Self.multipart(
                Array(UBLInvoice.xml(Self.invoice(number: "FV-2026-0816")).utf8), name: "fv-0816.xml", type: "application/xml")
            let second = try await Self.post(t, token: token, headers: headers, body: body)
            #expect(second.status == .created, "\(second.body)")
            #expect(second.json?["supplier"]?["match"]?.string == "siren")
            #expect(second.json?["supplier"]?["id"] == json["supplier"]?["id"])
            // act: the first again: 409 with the error shape
            let again = try await Self.post(t, token: token, headers: Self.raw("application/pdf"), body: ByteBuffer(bytes: Self.pdf()))
            #expect(again.status == .conflict)
            #expect(again.json?["error"]?["code"]?.string == "already_imported")
        }
    }

    @Test func theAPIRefusesBadFilesWithTheErrorShape() async throws {
        try await TestApp.run { t in
            let admin = try await t.createUser("admin@example.fr", role: .admin, name: "Admin")
            let token = try await t.token(for: admin)
            let reader = try await t.createUser("lecture@example.fr", readOnly: true)
            // A text file, a PDF without invoice, a DOCTYPE, a declared size over the limit, a read-only user.
            let text = try await Self.post(t, token: token, headers: Self.raw("text/plain"), body: ByteBuffer(string: "bonjour"))
            #expect(text.status == .unsupportedMediaType)
            let printed = PDFDocument()
            _ = printed.addPage()
            let plain = printed.write(metadata: PDFMetadata(title: "Facture", date: Date(timeIntervalSince1970: 0)))
            let noXML = try await Self.post(t, token: token, headers: Self.raw("application/pdf"), body: ByteBuffer(bytes: plain))
            #expect(noXML.status == .unprocessableEntity)
            #expect(noXML.json?["error"]?["code"]?.string == "no_invoice_in_pdf")
            #expect(
                noXML.json?["error"]?["fields"]?["file"] == .array([.string("Ce PDF ne contient pas de facture électronique (Factur-X).")]))
            let bomb = try await Self.post(
                t, token: token, headers: Self.raw("text/xml"),
                body: ByteBuffer(string: #"<!DOCTYPE x [<!ENTITY a "a">]><Invoice>&a;</Invoice>"#))
            #expect(bomb.status == .unprocessableEntity)
            #expect(bomb.json?["error"]?["code"]?.string == "malformed_xml")
            let tooLarge = try await Self.post(
                t, token: token, headers: Self.raw("application/pdf"),
                body: ByteBuffer(bytes: Array("%PDF-".utf8) + [UInt8](repeating: 0x20, count: ReceivedInvoiceReader.maxBytes)))
            #expect(tooLarge.status == .payloadTooLarge)
            #expect(tooLarge.json?["error"]?["code"]?.string == "file_too_large")
            let readOnly = try await Self.post(
                t, token: try await t.token(for: reader), headers: Self.raw("application/pdf"), body: ByteBuffer(bytes: Self.pdf()))
            #expect(readOnly.status == .forbidden)
            // Nothing was saved.
            #expect(
                try await SalesDocumentStore.list(SalesDocumentFilter(kinds: ["supplier_invoice"]), limit: 10, offset: 0, on: t.db).isEmpty)
            // The OpenAPI document describes the upload.
            let document = try await APIClient(app: t.app, token: nil).send(.GET, "/api/v1/openapi.json")
            let operation = document.json?["paths"]?["/supplier-invoices/import"]?["post"]
            #expect(operation?["requestBody"]?["content"]?["multipart/form-data"] != nil)
            #expect(operation?["responses"]?["201"] != nil)
        }
    }

    @Test func thePageImportsAndShowsWhatWasMatched() async throws {
        try await TestApp.run { t in
            // setup
            var (user, _) = try await t.signedIn()
            let list = try await user.open("/supplier-invoices")
            #expect(list.body.contains("href=\"/supplier-invoices/import\""))
            #expect(list.body.contains("Importer une facture reçue"))
            let form = try await user.open("/supplier-invoices/import")
            #expect(form.status == .ok)
            #expect(form.body.contains("enctype=\"multipart/form-data\""))
            #expect(form.body.contains("/supplier-invoices/import?_csrf="))
            let token = try #require(user.lastCSRF)
            // act: a file that is not an invoice comes back on the form
            let (badHeaders, badBody) = Self.multipart(Array("bonjour".utf8), name: "lettre.txt", type: "text/plain")
            let bad = try await user.send(.POST, "/supplier-invoices/import?_csrf=\(token)", headers: badHeaders, body: badBody)
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.contains("Rien n'a été importé"))
            #expect(bad.body.contains("ni un PDF ni un XML"))
            // act: without the CSRF token
            let (headers, body) = Self.multipart(Self.pdf(), name: "FV-2026-0815.pdf", type: "application/pdf")
            let forged = try await user.send(.POST, "/supplier-invoices/import", headers: headers, body: body)
            #expect(forged.status == .forbidden)
            // act: the invoice
            let imported = try await user.send(.POST, "/supplier-invoices/import?_csrf=\(token)", headers: headers, body: body)
            // validate: to the draft, with the message, the supplier escaped, the received file attached
            #expect(imported.status == .seeOther, "\(imported.body)")
            let location = try #require(imported.location)
            #expect(location.hasPrefix("/supplier-invoices/"))
            let draft = try await user.open(location)
            #expect(draft.status == .ok)
            #expect(draft.body.contains("Facture FV-2026-0815 importée en brouillon"))
            #expect(draft.body.contains("Fournisseur créé dans l&#39;annuaire") || draft.body.contains("Fournisseur créé dans l'annuaire"))
            #expect(draft.body.contains("Fournitures &lt;b&gt;Hexagone&lt;/b&gt;"))
            #expect(!draft.body.contains("<b>Hexagone</b>"))
            #expect(draft.body.contains("FV-2026-0815.pdf"))
            #expect(draft.body.contains("Vis inox"))
            // act: the same again: back on the form, with a link to the draft
            let again = try await user.send(.POST, "/supplier-invoices/import?_csrf=\(token)", headers: headers, body: body)
            #expect(again.status == .conflict)
            #expect(again.body.contains("déjà importée"))
            #expect(again.body.contains("href=\"\(location)\""))
        }
    }
}
