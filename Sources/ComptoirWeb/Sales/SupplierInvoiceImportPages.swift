import ComptoirCore
import ComptoirDocuments
import ComptoirServices
import Foundation
import Vapor

/// « Importer une facture reçue »: the upload form under the supplier invoices, then the draft with a message saying
/// which supplier was matched or created and what to check. A bad file comes back on the form with the reason.
enum SupplierInvoiceImportPages {
    static let path = "/supplier-invoices/import"

    static func register(_ app: Application) {
        app.get("supplier-invoices", "import") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            try request.context.authorize(.write, .sales)
            return form(request, error: nil)
        }
        // Streamed: the body is read only once the sender may write, and never past the limit. The form names its CSRF
        // token in its action URL, so the CSRF check need not read the body.
        app.on(.POST, "supplier-invoices", "import", body: .stream) { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            try request.context.authorize(.write, .sales)
            do {
                let (data, name) = try await SupplierInvoiceImportAPI.upload(request)
                let result = try await SupplierInvoiceImportService(request.context).importFile(data, fileName: name)
                return request.redirect(
                    to: "/supplier-invoices/\(result.documentID.uuidString.lowercased())", flash: Flash(.success, summary(result)))
            } catch let error as AppError where error.status != .forbidden && error.status != .unauthorized {
                return form(request, error: error)
            }
        }
    }

    /// What the flash says: the draft, the supplier, then the first warnings (a flash is a cookie: kept short).
    static func summary(_ result: SupplierInvoiceImportResult) -> Localized {
        var fr = "Facture \(result.number) importée en brouillon : vérifiez-la puis validez-la. " + result.supplierSummary.fr
        var en = "Invoice \(result.number) imported as a draft: check it, then validate it. " + result.supplierSummary.en
        if !result.warnings.isEmpty {
            fr += " À vérifier : " + result.warnings.prefix(4).map { String($0.fr.prefix(180)) }.joined(separator: " ")
            en += " To check: " + result.warnings.prefix(4).map { String($0.en.prefix(180)) }.joined(separator: " ")
            if result.warnings.count > 4 {
                fr += " (et \(result.warnings.count - 4) autre(s) point(s), voir les notes du brouillon)"
                en += " (and \(result.warnings.count - 4) more, see the draft's notes)"
            }
        }
        return L(fr, en)
    }

    static func form(_ request: Request, error: AppError?) -> Response {
        let locale = request.locale
        let title = L("Importer une facture reçue", "Import a received invoice")(locale)
        var content: [HTMLNode] = [H.el("h1", text: title), SalesNav.bar(request, current: "/supplier-invoices")]
        if let error {
            var messages = [error.message(locale)]
            for message in error.fields["file"] ?? [] where message(locale) != error.message(locale) { messages.append(message(locale)) }
            var items = messages.map { H.el("li", text: $0) }
            for related in error.related {
                items.append(H.el("li", [], [H.link(related.path, L("Ouvrir ", "Open ")(locale) + related.title)]))
            }
            content.append(
                H.el(
                    "div", [("class", "error-summary"), ("role", "alert"), ("tabindex", "-1")],
                    [H.el("p", text: L("Rien n'a été importé :", "Nothing was imported:")(locale)), H.el("ul", [], items)]))
        }
        content.append(
            H.el(
                "p", [("class", "help")],
                text: L(
                    "Une facture électronique reçue d'un fournisseur : PDF Factur-X (ou ZUGFeRD), ou XML CII ou UBL. Elle devient une facture fournisseur en brouillon, avec ses lignes ; le fournisseur est retrouvé par son SIREN, son SIRET ou son n° de TVA, ou créé. Le fichier reçu est joint au brouillon.",
                    "An electronic invoice received from a supplier: Factur-X (or ZUGFeRD) PDF, or CII or UBL XML. It becomes a draft supplier invoice with its lines; the supplier is found by SIREN, SIRET or VAT number, or created. The received file is attached to the draft."
                )(locale)))
        let action = "\(path)?\(CSRFMiddleware.fieldName)=\(request.csrfToken)"
        content.append(
            H.postForm(
                action, csrf: request.csrfToken, attributes: [("class", "entity-form")], multipart: true,
                [
                    H.el(
                        "div", [("class", "field")],
                        [
                            H.el(
                                "label", [("for", "f-file")],
                                text: L(
                                    "Fichier PDF ou XML (\(ReceivedInvoiceReader.maxBytes / 1024 / 1024) Mo au plus)",
                                    "PDF or XML file (\(ReceivedInvoiceReader.maxBytes / 1024 / 1024) MB at most)")(locale)),
                            H.void(
                                "input",
                                [
                                    ("id", "f-file"), ("name", "file"), ("type", "file"), ("required", "required"),
                                    ("accept", "application/pdf,.pdf,application/xml,text/xml,.xml"),
                                    ("aria-invalid", error == nil ? nil : "true"),
                                ]),
                        ]),
                    H.el(
                        "p", [("class", "actions")],
                        [
                            H.el("button", [("type", "submit"), ("class", "button primary")], text: L("Importer", "Import")(locale)),
                            H.link("/supplier-invoices", L("Annuler", "Cancel")(locale), [("class", "button")]),
                        ]),
                ]))
        let response = Layout.page(request, title: title, content)
        if let error { response.status = error.status.http }
        return response
    }
}
