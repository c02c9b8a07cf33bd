import ComptoirCore
import ComptoirDocuments
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// « Générer le document » on a record's page: choose a template of the record's entity → the merged file is filed as an
/// attachment of the record (and of its project) and offered for download, with the tags the record left empty. Bulk:
/// from the companies' and contacts' list selection, one file per record, zipped.
enum GeneratePages {
    static func register(_ app: Application) {
        app.post("document-templates", "generation") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let form = try FormInput.strings(request)
            guard let target = form["target"].flatMap(TemplateTarget.init(rawValue:)),
                let recordID = form["recordId"].flatMap(UUID.init(uuidString:))
            else { throw AppError.notFound }
            let back = recordPath(target, recordID)
            guard let templateID = form["templateId"].flatMap(UUID.init(uuidString:)) else {
                return request.redirect(to: back, flash: Flash(.error, L("Choisissez un modèle.", "Choose a template.")))
            }
            do {
                let document = try await TemplateGeneration(request.context).generate(
                    templateID, recordID: recordID, pdf: form["pdf"] != nil)
                return result(request, document, templateID: templateID, target: target, recordID: recordID, pdf: form["pdf"] != nil)
            } catch let error as AppError where error.status.code == 422 || error.status.code == 413 {
                return request.redirect(to: back, flash: Flash(.error, error.message))
            }
        }
        // The merged file without filing it (a read-only user's download, and the result page's link for them).
        app.get("document-templates", ":id", "download") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let templateID = try EntityRoutes.id(request)
            guard let recordID = request.query[String.self, at: "record"].flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
            let document = try await TemplateGeneration(request.context).download(
                templateID, recordID: recordID, pdf: request.query[String.self, at: "pdf"] == "1")
            let response = FileResponse.download(document.data, name: document.fileName, type: document.contentType)
            response.headers.replaceOrAdd(name: "X-Missing-Tags", value: document.missingTags.joined(separator: ","))
            return response
        }
        app.post("document-templates", "bulk") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let form = try FormInput.lists(request)
            return try await bulk(request, form, back: form["back"]?.last ?? "/")
        }
    }

    static func recordPath(_ target: TemplateTarget, _ id: UUID) -> String {
        let lower = id.uuidString.lowercased()
        if let kind = target.salesKind { return SalesPages.path(kind) + "/" + lower }
        return (target.definition?.htmlPath ?? "/") + "/" + lower
    }

    static func result(
        _ request: Request, _ document: GeneratedDocument, templateID: UUID, target: TemplateTarget, recordID: UUID, pdf: Bool
    ) -> Response {
        let locale = request.locale
        let title = L("Document généré", "Document generated")(locale)
        let download =
            document.attachmentIDs.first.map { "/attachments/\($0.uuidString.lowercased())" }
            ?? "/document-templates/\(templateID.uuidString.lowercased())/download?record=\(recordID.uuidString.lowercased())\(pdf ? "&pdf=1" : "")"
        var content: [HTMLNode] = [
            H.el("h1", text: title),
            H.el(
                "p", [],
                [
                    H.link(
                        download, L("Télécharger « \(document.fileName) »", "Download « \(document.fileName) »")(locale),
                        [("class", "button primary"), ("id", "generated-download")])
                ]),
        ]
        if !document.attachmentIDs.isEmpty {
            content.append(
                H.el(
                    "p", [("class", "muted")],
                    text: document.attachmentIDs.count > 1
                        ? L(
                            "Le document est joint à la fiche et à son projet.",
                            "The document is attached to the record and to its project.")(locale)
                        : L("Le document est joint à la fiche.", "The document is attached to the record.")(locale)))
        }
        if document.missingTags.isEmpty {
            content.append(
                H.el("p", [("class", "lint-ok")], text: L("Toutes les balises ont une valeur.", "Every tag has a value.")(locale)))
        } else {
            content.append(
                H.el(
                    "section", [("class", "panel"), ("id", "missing-tags")],
                    [
                        H.el("h2", text: L("Balises sans valeur", "Tags without a value")(locale)),
                        H.el(
                            "p", [("class", "help")],
                            text: L(
                                "La fiche n'a pas ces données : elles sont restées vides dans le document.",
                                "The record lacks these data: they were left empty in the document.")(locale)),
                        H.el("ul", [], document.missingTags.map { H.el("li", [], [H.el("code", text: "{{\($0)}}")]) }),
                    ]))
        }
        content.append(H.el("p", [], [H.link(recordPath(target, recordID), L("Retour à la fiche", "Back to the record")(locale))]))
        return Layout.page(request, title: title, content)
    }

    static func bulk(_ request: Request, _ form: [String: [String]], back: String) async throws -> Response {
        let safeBack = back.hasPrefix("/") && !back.hasPrefix("//") ? back : "/"
        guard let templateID = form["templateId"]?.last.flatMap(UUID.init(uuidString:)) else {
            throw AppError.validation(["templateId": [L("Choisissez un modèle.", "Choose a template.")]])
        }
        let ids = (form["ids"] ?? []).compactMap { UUID(uuidString: $0) }
        do {
            let bundle = try await TemplateGeneration(request.context).generateBulk(templateID, recordIDs: ids)
            let response = FileResponse.download(bundle.zip, name: bundle.fileName, type: "application/zip")
            response.headers.replaceOrAdd(name: "X-Generated-Count", value: String(bundle.count))
            return response
        } catch let error as AppError where error.status.code == 422 || error.status.code == 413 {
            return request.redirect(to: safeBack, flash: Flash(.error, error.message))
        }
    }

    /// The « Générer le document » panel of a record's page (nothing when no template targets it or the user may not read
    /// templates).
    static func panel(_ target: TemplateTarget, _ recordID: UUID, _ request: Request) async throws -> [HTMLNode] {
        let templates = try await TemplateGeneration(request.context).templates(for: target)
        guard !templates.isEmpty else { return [] }
        let locale = request.locale
        var controls: [HTMLNode] = [
            H.hidden("target", target.rawValue), H.hidden("recordId", recordID.uuidString.lowercased()),
            H.el("label", [("for", "generate-template")], text: L("Modèle", "Template")(locale)),
            EntityPagesView.select(
                id: "generate-template", name: "templateId", options: templates.map { ($0.id.uuidString.lowercased(), $0.name) },
                selected: ""),
        ]
        if target.allowsPDFCopy && PDFConversion.isAvailable {
            controls.append(
                H.el(
                    "label", [("class", "checkbox")],
                    [
                        H.void("input", [("type", "checkbox"), ("name", "pdf"), ("value", "1")]),
                        H.text(L(" Copie PDF", " PDF copy")(locale)),
                    ]))
        }
        controls.append(
            H.el("button", [("type", "submit"), ("class", "button")], text: L("Générer le document", "Generate the document")(locale)))
        return [
            H.el(
                "section", [("class", "panel"), ("id", "generate-document")],
                [
                    H.el("h2", text: L("Générer le document", "Generate a document")(locale)),
                    H.postForm("/document-templates/generation", csrf: request.csrfToken, attributes: [("class", "inline-form")], controls),
                ])
        ]
    }

    /// The bulk controls of the companies' and contacts' lists.
    static func bulkControls(_ target: TemplateTarget, _ request: Request) async throws -> [HTMLNode] {
        let templates = try await TemplateGeneration(request.context).templates(for: target)
        guard !templates.isEmpty else { return [] }
        let locale = request.locale
        return [
            H.el("label", [("for", "bulk-template")], text: L("Modèle", "Template")(locale)),
            EntityPagesView.select(
                id: "bulk-template", name: "templateId", options: templates.map { ($0.id.uuidString.lowercased(), $0.name) }, selected: ""),
            H.el(
                "button", [("type", "submit"), ("name", "action"), ("value", "generate"), ("class", "button")],
                text: L("Générer les documents (ZIP)", "Generate the documents (ZIP)")(locale)),
        ]
    }

    /// The files filed on a sales document (its generated documents), as links.
    static func generatedFiles(ownerKind: String, _ id: UUID, _ request: Request) async throws -> [HTMLNode] {
        let files = try await AttachmentStore.list(ownerKind: ownerKind, ownerID: id, on: request.db)
        guard !files.isEmpty else { return [] }
        let locale = request.locale
        return [
            H.el(
                "section", [("class", "panel")],
                [
                    H.el("h2", text: L("Documents générés", "Generated documents")(locale)),
                    H.el(
                        "ul", [("class", "links")],
                        files.map { file in
                            H.el(
                                "li", [],
                                [
                                    H.link("/attachments/\(file.id.uuidString.lowercased())", file.originalName),
                                    H.el("span", [("class", "muted")], text: " — " + DateDisplay.date(file.createdAt, locale: locale)),
                                ])
                        }),
                ])
        ]
    }
}
