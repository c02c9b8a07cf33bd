import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// A person's rights on the contact page: « Exporter ses données » (one JSON file with every record about them) and
/// « Effacer les données personnelles » (confirmation, then `PersonalDataService.erase`), with their API.
enum PersonalDataPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get("contacts", ":id", "personal-data.json") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let id = try EntityRoutes.id(request)
            return download(try await PersonalDataService(request.context).export(id), id: id)
        }
        routes.get("contacts", ":id", "personal-data.html") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let id = try EntityRoutes.id(request)
            return PersonalDataDocument.download(
                try await PersonalDataService(request.context).exportRecords(id), id: id, locale: request.locale)
        }
        routes.get("contacts", ":id", "erasure") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            try request.context.authorizeDeletion(.directory)
            let id = try EntityRoutes.id(request)
            let row = try await EntityService(ContactsEntity.definition, request).get(id)
            return confirmation(row, request)
        }
        routes.post("contacts", ":id", "erasure") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let id = try EntityRoutes.id(request)
            let report = try await PersonalDataService(request.context).erase(id)
            return request.redirect(
                to: "/contacts/\(id.uuidString.lowercased())",
                flash: Flash(
                    .success,
                    L(
                        "Données personnelles effacées (\(report.contacts) fiche(s), \(report.interactions) interaction(s), \(report.attachments) pièce(s) jointe(s)).",
                        "Personal data erased (\(report.contacts) record(s), \(report.interactions) interaction(s), \(report.attachments) attachment(s))."
                    )))
        }
    }

    static func registerAPI(_ api: APIRoutes) {
        api.on(
            .GET, "contacts/:id/personal-data",
            summary: "Everything recorded about a contact, as one document (GDPR access and portability)",
            tag: "Directory", response: ["type": "object"]
        ) { request in
            try await PersonalDataService(request.context).export(try EntityRoutes.id(request)).response()
        }
        api.on(
            .POST, "contacts/:id/erasure",
            summary: "Erase a contact's personal data everywhere it appears (GDPR erasure; 409 if done already)",
            tag: "Directory", response: erasureSchema
        ) { request in
            let report = try await PersonalDataService(request.context).erase(try EntityRoutes.id(request))
            return JSONValue.object([
                "contacts": .int(Int64(report.contacts)), "interactions": .int(Int64(report.interactions)),
                "attachments": .int(Int64(report.attachments)), "auditEntries": .int(Int64(report.auditEntries)),
            ]).response()
        }
    }

    static let erasureSchema: JSONValue = [
        "type": "object", "required": ["contacts", "interactions", "attachments", "auditEntries"],
        "properties": [
            "contacts": ["type": "integer"], "interactions": ["type": "integer"], "attachments": ["type": "integer"],
            "auditEntries": ["type": "integer"],
        ],
    ]

    /// The file a person receives: JSON, downloaded (never shown as a page of the app).
    static func download(_ document: JSONValue, id: UUID) -> Response {
        let response = document.response()
        response.headers.replaceOrAdd(
            name: .contentDisposition, value: "attachment; filename=\"donnees-personnelles-\(id.uuidString.lowercased()).json\"")
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        return response
    }

    /// The contact page's « Données personnelles (RGPD) » panel.
    @Sendable static func panel(_ row: TableRow, _ request: Request) async throws -> [HTMLNode] {
        let locale = request.locale
        let base = "/contacts/\(row.id.uuidString.lowercased())"
        var actions: [HTMLNode] = [
            H.el(
                "a", [("class", "button"), ("href", base + "/personal-data.json")],
                text: L("Exporter ses données (JSON)", "Export their data (JSON)")(locale)),
            H.el(
                "a", [("class", "button"), ("href", base + "/personal-data.html")],
                text: L("Version lisible (HTML, imprimable)", "Readable version (HTML, printable)")(locale)),
        ]
        if request.context.allowsDeletion(.directory), row["erased_at"].dateValue == nil {
            actions.append(
                H.el(
                    "a", [("class", "button danger"), ("href", base + "/erasure")],
                    text: L("Effacer les données personnelles", "Erase personal data")(locale)))
        }
        var nodes: [HTMLNode] = [H.el("h2", text: L("Données personnelles (RGPD)", "Personal data (GDPR)")(locale))]
        if let erased = row["erased_at"].dateValue {
            nodes.append(
                H.el(
                    "p", [("class", "muted")],
                    text: L("Données personnelles effacées le ", "Personal data erased on ")(locale)
                        + DateDisplay.date(erased, locale: locale)))
        }
        nodes.append(H.el("div", [("class", "form-actions")], actions))
        return [H.el("section", [("class", "panel"), ("id", "personal-data")], nodes)]
    }

    static func confirmation(_ row: TableRow, _ request: Request) -> Response {
        let locale = request.locale
        let name = row["display_name"].textValue ?? ""
        let base = "/contacts/\(row.id.uuidString.lowercased())"
        let title = L("Effacer les données personnelles de « \(name) »", "Erase the personal data of \"\(name)\"")(locale)
        let items: [Localized] = [
            L(
                "la fiche devient « \(PersonalDataService.placeholder) » : nom, prénom, civilité, fonction, e-mails, téléphones, adresse, date de naissance, notes et référence externe sont effacés, ainsi que les fiches fusionnées dans celle-ci",
                "the record becomes \"\(PersonalDataService.placeholder)\": names, title, job, e-mails, phones, address, birth date, notes and external reference are erased, and so are the records merged into it"
            ),
            L(
                "ses champs spécifiques, ses centres d'intérêt et les pièces jointes qui le concernent",
                "their custom fields, interest tags and the attachments about them"),
            L(
                "son nom, ses e-mails et téléphones dans les interactions auxquelles la personne a participé et dans le journal d'audit",
                "their name, e-mails and phones in the interactions they took part in and in the audit log"),
            L("son entrée de la recherche et des exports", "their entry in search and exports"),
        ]
        let kept: [Localized] = [
            L(
                "les liens avec les sociétés, interactions et projets, vers la fiche anonyme ; les interactions elles-mêmes",
                "links with companies, interactions and projects, to the anonymous record; the interactions themselves"),
            L(
                "qui a fait quoi et quand, dans le journal d'audit (sans les valeurs)",
                "who did what and when, in the audit log (without values)"),
        ]
        let content: [HTMLNode] = [
            H.el("p", [("class", "breadcrumb")], [H.link(base, "← " + name)]),
            H.el("h1", text: title),
            H.el(
                "p",
                text: L(
                    "Pour une demande d'effacement (droit à l'oubli). L'effacement est définitif ; pensez à exporter ses données d'abord si la personne les demande.",
                    "For an erasure request (right to be forgotten). Erasure cannot be undone; export their data first if the person asks for it."
                )(locale)),
            H.el(
                "section", [("class", "panel")],
                [
                    H.el("h2", text: L("Ce qui est effacé", "What is erased")(locale)),
                    H.el("ul", [], items.map { H.el("li", text: $0(locale)) }),
                ]),
            H.el(
                "section", [("class", "panel")],
                [
                    H.el("h2", text: L("Ce qui reste", "What stays")(locale)), H.el("ul", [], kept.map { H.el("li", text: $0(locale)) }),
                ]),
            H.postForm(
                base + "/erasure", csrf: request.csrfToken, attributes: [("class", "inline-form")],
                [
                    H.el(
                        "div", [("class", "form-actions")],
                        [
                            H.el(
                                "button", [("type", "submit"), ("class", "button danger")],
                                text: L("Effacer définitivement", "Erase for good")(locale)),
                            H.link(base, L("Annuler", "Cancel")(locale)),
                        ])
                ]),
        ]
        return Layout.page(request, title: title, content)
    }
}
