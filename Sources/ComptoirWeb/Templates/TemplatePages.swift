import ComptoirCore
import ComptoirDocuments
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// « Modèles de documents » (administration): the list with the upload form, a template's page with its versions, lint
/// issues, « Vérifier le modèle », a new version, rename, archive, and each version's download. Every handler parses,
/// calls `DocumentTemplateService`, renders.
enum TemplatePages {
    static let base = "/admin/document-templates"

    static let fields: [FieldDefinition] = [
        FieldDefinition("name", L("Nom", "Name"), .text(maxLength: 200), required: true),
        FieldDefinition("description", L("Description", "Description"), .longText),
        FieldDefinition(
            "target", L("Entité cible", "Target entity"), .choice(TemplateTarget.allCases.map { FieldChoice($0.rawValue, $0.label) }),
            required: true,
            help: L(
                "La fiche avec laquelle le modèle est fusionné ; elle décide des balises disponibles.",
                "The record the template is merged with; it decides which tags are available.")),
        FieldDefinition(
            "category", L("Catégorie", "Category"), .text(maxLength: 100),
            help: L("Par exemple : Contrats, Attestations, Ordres de mission.", "For example: Contracts, Certificates, Mission orders.")),
    ]

    static func path(_ id: UUID) -> String { "\(base)/\(id.uuidString.lowercased())" }

    static func register(_ app: Application) {
        app.get("admin", "document-templates") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            return try await list(request, values: [:], errors: [:])
        }
        // Streamed: the body is read once the sender may manage templates; the CSRF token rides in the action URL.
        app.on(.POST, "admin", "document-templates", body: .stream) { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            try request.context.authorize(.write, .templates)
            var values: [String: String] = [:]
            do {
                let upload = try await TemplateUpload.read(request)
                values = [
                    "name": upload.name ?? "", "description": upload.description ?? "", "target": upload.target ?? "",
                    "category": upload.category ?? "",
                ]
                let file = try TemplateUpload.data(upload.file)
                let id = try await DocumentTemplateService(request.context).create(
                    DocumentTemplateInput(
                        name: values["name"]!, description: values["description"]!, target: values["target"]!,
                        category: values["category"]!,
                        fileName: file.name, data: file.data))
                let template = try await DocumentTemplateService(request.context).get(id)
                let issues = template.current?.lintCount ?? 0
                let message =
                    issues == 0
                    ? L("Modèle enregistré : aucune anomalie.", "Template saved: no issue found.")
                    : L(
                        "Modèle enregistré, avec \(issues) anomalie(s) à corriger (voir ci-dessous).",
                        "Template saved, with \(issues) issue(s) to fix (see below).")
                return request.redirect(to: path(id), flash: Flash(issues == 0 ? .success : .error, message))
            } catch let error as AppError where [422, 413, 400, 415].contains(error.status.code) {
                var errors = error.fields
                if errors.isEmpty { errors["file"] = [error.message] }
                return try await list(request, values: values, errors: errors, status: .init(statusCode: error.status.code))
            }
        }
        app.get("admin", "document-templates", ":id") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            return try await detail(request, try EntityRoutes.id(request))
        }
        app.post("admin", "document-templates", ":id") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let id = try EntityRoutes.id(request)
            let form = try FormInput.strings(request)
            do {
                try await DocumentTemplateService(request.context).update(
                    id, name: form["name"] ?? "", description: form["description"] ?? "", category: form["category"] ?? "")
            } catch let error as AppError where error.code == "validation_failed" {
                return try await detail(request, id, values: form, errors: error.fields, status: .unprocessableEntity)
            }
            return request.redirect(to: path(id), flash: Flash(.success, L("Modèle enregistré.", "Template saved.")))
        }
        app.on(.POST, "admin", "document-templates", ":id", "versions", body: .stream) { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            try request.context.authorize(.write, .templates)
            let id = try EntityRoutes.id(request)
            do {
                let file = try TemplateUpload.data(try await TemplateUpload.read(request).file)
                let number = try await DocumentTemplateService(request.context).addVersion(id, fileName: file.name, data: file.data)
                return request.redirect(
                    to: path(id), flash: Flash(.success, L("Version \(number) enregistrée.", "Version \(number) saved.")))
            } catch let error as AppError where [422, 413, 400, 415].contains(error.status.code) {
                var errors = error.fields
                if errors.isEmpty { errors["file"] = [error.message] }
                return try await detail(request, id, errors: errors, status: .init(statusCode: error.status.code))
            }
        }
        app.post("admin", "document-templates", ":id", "archive") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let id = try EntityRoutes.id(request)
            let archived = (try FormInput.strings(request)["archived"] ?? "1") != "0"
            try await DocumentTemplateService(request.context).setArchived(id, archived)
            return request.redirect(
                to: path(id),
                flash: Flash(.success, archived ? L("Modèle archivé.", "Template archived.") : L("Modèle réactivé.", "Template restored.")))
        }
        app.post("admin", "document-templates", ":id", "check") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let id = try EntityRoutes.id(request)
            let check = try await DocumentTemplateService(request.context).verify(id)
            return try await detail(request, id, check: check)
        }
        app.get("admin", "document-templates", ":id", "versions", ":version") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let id = try EntityRoutes.id(request)
            guard let number = request.parameters.get("version").flatMap(Int.init) else { throw AppError.notFound }
            let file = try await DocumentTemplateService(request.context).file(id, version: number)
            return FileResponse.download(file.data, name: file.name, type: file.format.mimeType)
        }
    }

    // MARK: - Pages

    static func list(
        _ request: Request, values: [String: String], errors: [String: [Localized]], status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let locale = request.locale
        let showArchived = request.query[String.self, at: "archived"] == "1"
        let templates = try await DocumentTemplateService(request.context).list(includeArchived: showArchived)
        let title = L("Modèles de documents", "Document templates")(locale)
        var content: [HTMLNode] = [
            H.el(
                "div", [("class", "page-header")],
                [
                    H.el("h1", text: title),
                    H.el(
                        "div", [("class", "actions")],
                        [
                            H.link("/merge-tags", L("Balises de fusion", "Merge tags")(locale), [("class", "button")]),
                            H.link(
                                showArchived ? base : base + "?archived=1",
                                showArchived
                                    ? L("Masquer les archivés", "Hide archived")(locale) : L("Voir les archivés", "Show archived")(locale),
                                [("class", "button")]),
                        ]),
                ]),
            H.el(
                "p", [("class", "help")],
                text: L(
                    "Un modèle Word (.docx) ou LibreOffice (.odt) porte des balises comme {{company.name}} ou {{organization.address}} ; « Générer le document » sur une fiche les remplace par ses valeurs.",
                    "A Word (.docx) or LibreOffice (.odt) template carries tags such as {{company.name}} or {{organization.address}}; « Générer le document » on a record replaces them with its values."
                )(locale)),
        ]
        if templates.isEmpty {
            content.append(H.el("p", [("class", "muted")], text: L("Aucun modèle pour l'instant.", "No template yet.")(locale)))
        } else {
            let rows = templates.map { template -> HTMLNode in
                H.el(
                    "tr", [],
                    [
                        H.el("td", [], [H.link(path(template.id), template.name)]),
                        H.el("td", [], text: TemplateTarget(rawValue: template.target)?.label(locale) ?? template.target),
                        H.el("td", [], text: template.category ?? ""),
                        H.el("td", [], text: "v\(template.currentVersion)"),
                        H.el(
                            "td", [],
                            text: template.archived
                                ? L("Archivé", "Archived")(locale) : DateDisplay.date(template.updatedAt, locale: locale)),
                    ])
            }
            content.append(
                table(
                    [
                        L("Nom", "Name"), L("Entité cible", "Target"), L("Catégorie", "Category"), L("Version", "Version"),
                        L("Modifié le", "Updated"),
                    ],
                    rows, locale))
        }
        if request.context.allows(.write, .templates) {
            content.append(uploadForm(request, values: values, errors: errors))
        }
        return Layout.page(request, title: title, status: status, content)
    }

    static func uploadForm(_ request: Request, values: [String: String], errors: [String: [Localized]]) -> HTMLNode {
        let locale = request.locale
        var controls: [HTMLNode] = []
        if let summary = LineEditor.summary(errors, labels: labels, locale: locale) { controls.append(summary) }
        for field in fields {
            controls.append(EntityPagesView.control(field, raw: values[field.key], errors: errors[field.key] ?? [], locale: locale))
        }
        controls.append(fileInput("template-file", errors["file"] ?? [], locale))
        controls.append(
            H.el(
                "button", [("type", "submit"), ("class", "button primary")], text: L("Enregistrer le modèle", "Save the template")(locale)))
        return H.el(
            "section", [("class", "panel")],
            [
                H.el("h2", text: L("Nouveau modèle", "New template")(locale)),
                H.postForm(
                    "\(base)?\(CSRFMiddleware.fieldName)=\(request.csrfToken)", csrf: request.csrfToken,
                    attributes: [("class", "entity-form"), ("novalidate", "novalidate")], multipart: true, controls),
            ])
    }

    static var labels: [String: Localized] {
        var labels: [String: Localized] = [:]
        for field in fields { labels[field.key] = field.label }
        labels["file"] = L("Fichier", "File")
        return labels
    }

    static func fileInput(_ id: String, _ errors: [Localized], _ locale: DisplayLocale) -> HTMLNode {
        var nodes: [HTMLNode] = [
            H.el("label", [("for", id)], text: L("Fichier .docx ou .odt (20 Mo au plus)", ".docx or .odt file (20 MB at most)")(locale)),
            H.void(
                "input",
                [
                    ("id", id), ("name", "file"), ("type", "file"), ("required", "required"),
                    (
                        "accept",
                        ".docx,.odt,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.oasis.opendocument.text"
                    ),
                    ("aria-describedby", errors.isEmpty ? nil : "\(id)-error"), ("aria-invalid", errors.isEmpty ? nil : "true"),
                ]),
        ]
        if !errors.isEmpty {
            nodes.append(
                H.el("p", [("class", "field-error"), ("id", "\(id)-error")], text: errors.map { $0(locale) }.joined(separator: " ")))
        }
        return H.el("div", [("class", "field")], nodes)
    }

    static func detail(
        _ request: Request, _ id: UUID, values: [String: String]? = nil, errors: [String: [Localized]] = [:], check: TemplateCheck? = nil,
        status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let locale = request.locale
        let template = try await DocumentTemplateService(request.context).get(id)
        let record = template.record
        let manages = request.context.allows(.write, .templates)
        var content: [HTMLNode] = [
            H.el("p", [("class", "breadcrumb")], [H.link(base, L("Modèles de documents", "Document templates")(locale))]),
            H.el("h1", text: record.name),
        ]
        var facts: [(Localized, String)] = [
            (L("Entité cible", "Target entity"), template.target.label(locale)),
            (L("Catégorie", "Category"), record.category ?? "—"),
            (L("Version en cours", "Current version"), "v\(record.currentVersion)"),
            (L("État", "Status"), record.archived ? L("Archivé", "Archived")(locale) : L("Actif", "Active")(locale)),
        ]
        if let description = record.description { facts.insert((L("Description", "Description"), description), at: 0) }
        content.append(
            H.el("dl", [("class", "details")], facts.flatMap { [H.el("dt", text: $0.0(locale)), H.el("dd", text: $0.1)] }))

        // Lint issues: the result of « Vérifier le modèle » when just run, else the current version's stored result.
        let issues = check?.issues ?? template.current.map(DocumentTemplateService.issues) ?? []
        var lint: [HTMLNode] = [H.el("h2", text: L("Vérification", "Check")(locale))]
        if issues.isEmpty {
            lint.append(
                H.el(
                    "p", [("class", "lint-ok")],
                    text: L("Aucune anomalie : toutes les balises sont connues.", "No issue: every tag is known.")(locale)))
        } else {
            lint.append(
                H.el(
                    "p", [("class", "lint-issues")],
                    text: L("\(issues.count) anomalie(s) à corriger dans le modèle :", "\(issues.count) issue(s) to fix in the template:")(
                        locale)))
            lint.append(
                H.el(
                    "ul", [("class", "issues")],
                    issues.map { issue in
                        H.el("li", [], text: issue.message + (issue.part.isEmpty ? "" : " (\(issue.part))"))
                    }))
        }
        if let check {
            if let sample = check.sampleRecordID {
                lint.append(
                    H.el(
                        "p", [],
                        [
                            H.text(L("Fusion d'essai avec ", "Test merge with ")(locale)),
                            H.link(
                                "/merge-tags?entity=\(template.target.rawValue)&record=\(sample.uuidString.lowercased())",
                                L("une fiche exemple", "a sample record")(locale)),
                            H.text(
                                check.mergeError.map { " : " + $0 }
                                    ?? (check.missingTags.isEmpty
                                        ? L(" : toutes les balises ont une valeur.", ": every tag has a value.")(locale)
                                        : L(" : balises sans valeur : ", ": tags without a value: ")(locale)
                                            + check.missingTags.joined(separator: ", "))),
                        ]))
            } else {
                lint.append(
                    H.el(
                        "p", [("class", "muted")],
                        text: L("Aucune fiche de cette entité pour une fusion d'essai.", "No record of this entity for a test merge.")(
                            locale)))
            }
        }
        lint.append(
            H.postForm(
                path(id) + "/check", csrf: request.csrfToken, attributes: [("class", "inline-form")],
                [H.el("button", [("type", "submit"), ("class", "button")], text: L("Vérifier le modèle", "Check the template")(locale))]))
        content.append(H.el("section", [("class", "panel"), ("id", "lint")], lint))

        let versionRows = template.versions.map { version -> HTMLNode in
            H.el(
                "tr", [],
                [
                    H.el("td", [], text: "v\(version.version)"),
                    H.el("td", [], [H.link("\(path(id))/versions/\(version.version)", version.originalName)]),
                    H.el("td", [], text: version.format.uppercased()),
                    H.el("td", [], text: NumberDisplay.bytes(Int(version.size), locale: locale)),
                    H.el("td", [], text: String(version.lintCount)),
                    H.el("td", [], text: DateDisplay.dateTime(version.uploadedAt, locale: locale)),
                ])
        }
        content.append(
            H.el(
                "section", [("class", "panel")],
                [
                    H.el("h2", text: L("Versions", "Versions")(locale)),
                    table(
                        [
                            L("Version", "Version"), L("Fichier", "File"), L("Format", "Format"), L("Taille", "Size"),
                            L("Anomalies", "Issues"), L("Déposée le", "Uploaded"),
                        ],
                        versionRows, locale),
                ]
                    + (manages
                        ? [
                            H.postForm(
                                "\(path(id))/versions?\(CSRFMiddleware.fieldName)=\(request.csrfToken)", csrf: request.csrfToken,
                                attributes: [("class", "entity-form")], multipart: true,
                                [
                                    fileInput("version-file", errors["file"] ?? [], locale),
                                    H.el(
                                        "button", [("type", "submit"), ("class", "button")],
                                        text: L("Nouvelle version", "New version")(locale)),
                                ])
                        ] : [])))
        if manages {
            let raw = values ?? ["name": record.name, "description": record.description ?? "", "category": record.category ?? ""]
            content.append(
                H.el(
                    "section", [("class", "panel")],
                    [
                        H.el("h2", text: L("Nom et description", "Name and description")(locale)),
                        H.postForm(
                            path(id), csrf: request.csrfToken, attributes: [("class", "entity-form"), ("novalidate", "novalidate")],
                            fields.filter { $0.key != "target" }.map {
                                EntityPagesView.control($0, raw: raw[$0.key], errors: errors[$0.key] ?? [], locale: locale)
                            } + [H.el("button", [("type", "submit"), ("class", "button primary")], text: L("Enregistrer", "Save")(locale))]),
                        H.postForm(
                            path(id) + "/archive", csrf: request.csrfToken, attributes: [("class", "inline-form")],
                            [
                                H.hidden("archived", record.archived ? "0" : "1"),
                                H.el(
                                    "button", [("type", "submit"), ("class", "button")],
                                    text: record.archived ? L("Réactiver", "Restore")(locale) : L("Archiver", "Archive")(locale)),
                            ]),
                    ]))
        }
        return Layout.page(request, title: record.name, status: status, content)
    }

    static func table(_ headers: [Localized], _ rows: [HTMLNode], _ locale: DisplayLocale) -> HTMLNode {
        H.el(
            "div", [("class", "table-wrap")],
            [
                H.el(
                    "table", [("class", "list")],
                    [
                        H.el("thead", [], [H.el("tr", [], headers.map { H.el("th", [("scope", "col")], text: $0(locale)) })]),
                        H.el("tbody", [], rows),
                    ])
            ])
    }
}
