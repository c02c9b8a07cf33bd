import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// The panels of company and contact pages: links with roles, interest tags, exports and merge.
enum DirectoryPanels {
    @Sendable static func companyPanels(_ row: TableRow, _ request: Request) async throws -> [HTMLNode] {
        try await panels(.companies, row, request)
    }

    @Sendable static func contactPanels(_ row: TableRow, _ request: Request) async throws -> [HTMLNode] {
        try await panels(.contacts, row, request)
    }

    /// Both pages: the other side's links with roles, tags, (vCard for contacts), projects, timeline, merge.
    private static func panels(_ kind: DirectoryKind, _ row: TableRow, _ request: Request) async throws -> [HTMLNode] {
        let locale = request.locale
        let isCompany = kind == .companies
        let links = try await DirectoryService(request).links(of: row.id, kind)
        let canWrite = Policy.allows(request.actor, .write, .directory)
        let base = "/\(kind.rawValue)/\(row.id.uuidString.lowercased())"
        var nodes: [HTMLNode] = [H.el("h2", text: (isCompany ? L("Contacts", "Contacts") : L("Sociétés", "Companies"))(locale))]
        if links.isEmpty {
            let empty =
                isCompany
                ? L("Aucun contact lié.", "No linked contact.")
                : L("Particulier : ce contact n'est lié à aucune société.", "Private client: this contact has no company.")
            nodes.append(H.el("p", [("class", "muted")], text: empty(locale)))
        } else {
            nodes.append(
                H.el(
                    "ul", [("class", "links")],
                    links.map { link in
                        let other =
                            isCompany
                            ? "/contacts/\(link.contactID.uuidString.lowercased())" : "/companies/\(link.companyID.uuidString.lowercased())"
                        var item: [HTMLNode] = [
                            H.link(other, link.otherName),
                            H.el("span", [("class", "muted")], text: link.role.isEmpty ? "" : " — \(link.role)"),
                        ]
                        if canWrite {
                            item.append(unlinkButton(contact: link.contactID, company: link.companyID, back: base, request))
                        }
                        return H.el("li", [], item)
                    }))
        }
        if canWrite {
            nodes.append(
                isCompany
                    ? linkForm(action: "\(base)/contacts", label: L("Contact (nom ou e-mail)", "Contact (name or e-mail)"), request)
                    : linkForm(action: "\(base)/companies", label: L("Société (nom ou SIRET)", "Company (name or SIRET)"), request))
        }
        var result = [H.el("section", [("class", "panel")], nodes), try await tagPanel(row.id, kind, base: base, request)]
        if !isCompany {
            result.append(
                H.el(
                    "section", [("class", "panel")],
                    [
                        H.el("h2", text: L("Exporter", "Export")(locale)),
                        H.link(
                            "\(base)/vcard", L("Télécharger la carte de visite (vCard)", "Download the vCard")(locale),
                            [("class", "button")]),
                    ]))
        }
        return result
            + [try await ProjectPanels.recordPanel(isCompany ? .companies : .contacts, row.id, request)]
            + (try await ActivityTimeline.panels(kind: kind, id: row.id, request))
            + mergePanel(base: base, kind: kind.rawValue, request)
    }

    private static func unlinkButton(contact: UUID, company: UUID, back: String, _ request: Request) -> HTMLNode {
        H.postForm(
            "/contacts/\(contact.uuidString.lowercased())/companies/\(company.uuidString.lowercased())/removal", csrf: request.csrfToken,
            attributes: [("class", "inline")],
            [
                H.hidden("back", back),
                H.el(
                    "button",
                    [
                        ("type", "submit"), ("class", "link-button danger"),
                        ("data-confirm", L("Retirer ce lien ?", "Remove this link?")(request.locale)),
                    ],
                    text: L("Retirer", "Remove")(request.locale)),
            ])
    }

    private static func linkForm(action: String, label: Localized, _ request: Request) -> HTMLNode {
        let locale = request.locale
        return H.postForm(
            action, csrf: request.csrfToken, attributes: [("class", "inline-form")],
            [
                H.el(
                    "div", [("class", "field")],
                    [
                        H.el("label", [("for", "link-target")], text: label(locale)),
                        H.void(
                            "input",
                            [
                                ("id", "link-target"), ("name", "target"), ("type", "text"), ("autocomplete", "off"),
                                ("required", "required"),
                                ("data-typeahead", action.hasSuffix("/companies") ? "companies" : "contacts"),
                            ]),
                    ]),
                H.el(
                    "div", [("class", "field")],
                    [
                        H.el("label", [("for", "link-role")], text: L("Rôle", "Role")(locale)),
                        H.void(
                            "input",
                            [
                                ("id", "link-role"), ("name", "role"), ("type", "text"), ("autocomplete", "off"), ("maxlength", "80"),
                                ("placeholder", L("Gérant, Comptable…", "Manager, Accountant…")(locale)),
                            ]),
                    ]),
                H.el("button", [("type", "submit"), ("class", "button")], text: L("Lier", "Link")(locale)),
            ])
    }

    static func tagPanel(_ id: UUID, _ kind: DirectoryKind, base: String, _ request: Request) async throws -> HTMLNode {
        let locale = request.locale
        let service = DirectoryService(request)
        let tree = try await service.tagTree()
        let current = Set(try await service.tags(of: id, kind))
        var nodes: [HTMLNode] = [H.el("h2", text: L("Centres d'intérêt", "Interest tags")(locale))]
        if tree.isEmpty {
            nodes.append(
                H.el(
                    "p", [("class", "muted")],
                    [
                        H.text(L("Aucun centre d'intérêt défini. ", "No interest tag yet. ")(locale)),
                        H.link("/tags/new", L("En créer un", "Create one")(locale)),
                    ]))
            return H.el("section", [("class", "panel")], nodes)
        }
        if Policy.allows(request.actor, .write, .directory) {
            nodes.append(
                H.postForm(
                    "\(base)/tags", csrf: request.csrfToken,
                    [
                        H.el(
                            "fieldset", [("class", "tag-choices")],
                            [H.el("legend", [("class", "visually-hidden")], text: L("Centres d'intérêt", "Interest tags")(locale))]
                                + tree.map { tag in
                                    H.el(
                                        "label", [("class", "checkbox")],
                                        [
                                            H.void(
                                                "input",
                                                [
                                                    ("type", "checkbox"), ("name", "tags[]"), ("value", tag.id.uuidString.lowercased()),
                                                    H.flag("checked", current.contains(tag.id)),
                                                ]),
                                            H.text(" " + tag.path),
                                        ])
                                }),
                        H.el(
                            "button", [("type", "submit"), ("class", "button")],
                            text: L("Enregistrer les centres d'intérêt", "Save interest tags")(locale)),
                    ]))
        } else {
            let names = tree.filter { current.contains($0.id) }.map(\.path)
            nodes.append(H.el("p", text: names.isEmpty ? "—" : names.joined(separator: ", ")))
        }
        return H.el("section", [("class", "panel")], nodes)
    }

    private static func mergePanel(base: String, kind: String, _ request: Request) -> [HTMLNode] {
        guard Policy.allows(request.actor, .write, .directory) else { return [] }
        let locale = request.locale
        return [
            H.el(
                "section", [("class", "panel")],
                [
                    H.el("h2", text: L("Fusionner un doublon", "Merge a duplicate")(locale)),
                    H.el(
                        "p", [("class", "muted")],
                        text: L(
                            "Les liens, centres d'intérêt et l'historique de la fiche en double sont reportés sur celle-ci ; le doublon est archivé.",
                            "Links, tags and history of the duplicate move to this record; the duplicate is archived.")(locale)),
                    H.postForm(
                        "\(base)/merge", csrf: request.csrfToken, attributes: [("class", "inline-form")],
                        [
                            H.el(
                                "div", [("class", "field")],
                                [
                                    H.el(
                                        "label", [("for", "merge-from")],
                                        text: L("Doublon à absorber (nom, e-mail ou SIRET)", "Duplicate to absorb (name, e-mail or SIRET)")(
                                            locale)),
                                    H.void(
                                        "input",
                                        [
                                            ("id", "merge-from"), ("name", "target"), ("type", "text"), ("autocomplete", "off"),
                                            ("required", "required"), ("data-typeahead", kind),
                                        ]),
                                ]),
                            H.el(
                                "button",
                                [
                                    ("type", "submit"), ("class", "button danger"),
                                    ("data-confirm", L("Fusionner ces deux fiches ?", "Merge these two records?")(locale)),
                                ],
                                text: L("Fusionner", "Merge")(locale)),
                        ]),
                ])
        ]
    }
}
