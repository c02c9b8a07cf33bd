import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// The project page: analytics, members (users, contacts, companies with roles), timeline,
/// documents, resources used, and « nouveau projet depuis ce modèle ».
enum ProjectPanels {
    @Sendable static func panels(_ row: TableRow, _ request: Request) async throws -> [HTMLNode] {
        let locale = request.locale
        let base = "/projects/\(row.id.uuidString.lowercased())"
        let canWrite = Policy.allows(request.actor, .write, .projects)
        var panels: [HTMLNode] = []

        if let margin = try await SalesMarginPanel.panel(project: row.id, request) { panels.append(margin) }

        let members = try await ProjectMembers.list(row.id, on: request.db)
        var memberNodes: [HTMLNode] = [H.el("h2", text: L("Membres", "Members")(locale))]
        for kind in ProjectMembers.Kind.allCases {
            let ofKind = members.filter { $0.kind == kind }
            guard !ofKind.isEmpty else { continue }
            memberNodes.append(H.el("h3", text: kind.label(locale) + "s"))
            memberNodes.append(
                H.el(
                    "ul", [("class", "links")],
                    ofKind.map { member in
                        var item: [HTMLNode] = [
                            kind == .users
                                ? H.text(member.name) : H.link("/\(kind.rawValue)/\(member.id.uuidString.lowercased())", member.name),
                            H.el("span", [("class", "muted")], text: member.role.isEmpty ? "" : " — " + member.role),
                        ]
                        if canWrite {
                            item.append(
                                H.postForm(
                                    "\(base)/members/\(kind.rawValue)/\(member.id.uuidString.lowercased())/removal",
                                    csrf: request.csrfToken, attributes: [("class", "inline")],
                                    [
                                        H.el(
                                            "button", [("type", "submit"), ("class", "link-button danger")],
                                            text: L("Retirer", "Remove")(locale))
                                    ]))
                        }
                        return H.el("li", [], item)
                    }))
        }
        if canWrite {
            memberNodes.append(
                H.postForm(
                    "\(base)/members", csrf: request.csrfToken, attributes: [("class", "inline-form")],
                    [
                        // With scripts, one input: the typeahead over users, contacts and companies sets the kind and the id
                        // (the kind's select is hidden). Without, the kind is chosen and the text looked up when added.
                        H.el(
                            "div", [("class", "field picker-fallback")],
                            [
                                H.el("label", [("for", "member-kind")], text: L("Type", "Type")(locale)),
                                EntityPagesView.select(
                                    id: "member-kind", name: "kind",
                                    options: ProjectMembers.Kind.allCases.map { ($0.rawValue, $0.label(locale)) }, selected: "contacts"),
                            ]),
                        H.el(
                            "div", [("class", "field")],
                            [
                                H.el(
                                    "label", [("for", "member-target")],
                                    text: L("Membre : nom, e-mail ou SIRET", "Member: name, e-mail or SIRET")(locale)),
                                H.void(
                                    "input",
                                    [
                                        ("id", "member-target"), ("name", "target"), ("type", "text"), ("required", "required"),
                                        ("autocomplete", "off"), ("maxlength", "200"),
                                        ("data-picker", "\(base)/member-candidates"), ("data-picker-id", "member-id"),
                                        ("data-picker-kind", "member-kind"),
                                    ]),
                                H.void("input", [("type", "hidden"), ("id", "member-id"), ("name", "memberId"), ("value", "")]),
                            ]),
                        H.el(
                            "div", [("class", "field")],
                            [
                                H.el("label", [("for", "member-role")], text: L("Rôle", "Role")(locale)),
                                H.void(
                                    "input",
                                    [
                                        ("id", "member-role"), ("name", "role"), ("type", "text"), ("maxlength", "80"),
                                        ("autocomplete", "off"),
                                    ]),
                            ]),
                        H.el("button", [("type", "submit"), ("class", "button")], text: L("Ajouter", "Add")(locale)),
                    ]))
        }
        panels.append(H.el("section", [("class", "panel")], memberNodes))

        // Timeline and resources used.
        let interactions = try await ProjectOverview.timeline(row.id, request.context)
        panels.append(
            H.el(
                "section", [("class", "panel")],
                [
                    H.el(
                        "div", [("class", "page-head")],
                        [
                            H.el("h2", text: L("Interactions", "Interactions")(locale)),
                            H.link(
                                "/interactions/new?projectId=\(row.id.uuidString.lowercased())",
                                L("Nouvelle interaction", "New interaction")(locale), [("class", "button")]),
                        ]),
                    interactions.isEmpty
                        ? H.el("p", [("class", "muted")], text: L("Aucune interaction.", "No interaction.")(locale))
                        : H.el(
                            "ol", [("class", "timeline")],
                            interactions.map { item in
                                H.el(
                                    "li", [],
                                    [
                                        H.el("time", text: DateDisplay.dateTime(item.date, locale: locale)), H.text(" "),
                                        H.el("span", [("class", "badge")], text: item.type), H.text(" "),
                                        H.link("/interactions/\(item.id.uuidString.lowercased())", item.subject),
                                    ])
                            }),
                ]))
        let resources = try await ProjectOverview.resources(usedBy: row.id, request.context)
        if !resources.isEmpty {
            panels.append(
                H.el(
                    "section", [("class", "panel")],
                    [
                        H.el("h2", text: L("Ressources utilisées", "Resources used")(locale)),
                        H.el(
                            "ul", [("class", "links")],
                            resources.map {
                                H.el("li", [], [H.link("/resources/\($0.0.uuidString.lowercased())", $0.1)])
                            }),
                    ]))
        }
        panels.append(try await AttachmentPages.panel(kind: "projects", id: row.id, request))
        if row["is_template"] == .bool(true), canWrite {
            panels.append(
                H.el(
                    "section", [("class", "panel")],
                    [
                        H.el("h2", text: L("Nouveau projet depuis ce modèle", "New project from this template")(locale)),
                        H.postForm(
                            "\(base)/instances", csrf: request.csrfToken, attributes: [("class", "inline-form")],
                            [
                                H.el(
                                    "div", [("class", "field")],
                                    [
                                        H.el("label", [("for", "instance-title")], text: L("Titre", "Title")(locale)),
                                        H.void(
                                            "input",
                                            [
                                                ("id", "instance-title"), ("name", "title"), ("type", "text"), ("required", "required"),
                                                ("maxlength", "200"), ("autocomplete", "off"),
                                            ]),
                                    ]),
                                H.el(
                                    "div", [("class", "field")],
                                    [
                                        H.el("label", [("for", "instance-start")], text: L("Date de début", "Start date")(locale)),
                                        H.void(
                                            "input",
                                            [
                                                ("id", "instance-start"), ("name", "startsOn"), ("type", "text"), ("required", "required"),
                                                ("placeholder", "jj/mm/aaaa"), ("inputmode", "numeric"),
                                            ]),
                                    ]),
                                H.el(
                                    "button", [("type", "submit"), ("class", "button primary")],
                                    text: L("Créer le projet", "Create the project")(locale)),
                            ]),
                    ]))
        }
        return panels
    }

    /// The « Projets » block of a company or contact page, with the quick link.
    static func recordPanel(_ kind: ProjectMembers.Kind, _ id: UUID, _ request: Request) async throws -> HTMLNode {
        let locale = request.locale
        let projects = try await ProjectMembers.projects(of: kind, id, request.context)
        var nodes: [HTMLNode] = [H.el("h2", text: L("Projets", "Projects")(locale))]
        nodes.append(
            projects.isEmpty
                ? H.el("p", [("class", "muted")], text: L("Aucun projet.", "No project.")(locale))
                : H.el(
                    "ul", [("class", "links")],
                    projects.map { project in
                        H.el(
                            "li", [],
                            [
                                H.link("/projects/\(project.0.uuidString.lowercased())", project.1),
                                H.el("span", [("class", "muted")], text: project.2.isEmpty ? "" : " — " + project.2),
                            ])
                    }))
        if Policy.allows(request.actor, .write, .projects) {
            nodes.append(
                H.postForm(
                    "/\(kind.rawValue)/\(id.uuidString.lowercased())/projects", csrf: request.csrfToken,
                    attributes: [("class", "inline-form")],
                    [
                        H.el(
                            "div", [("class", "field")],
                            [
                                H.el(
                                    "label", [("for", "quick-project")],
                                    text: L("Projet (quelques lettres)", "Project (a few letters)")(locale)),
                                H.void(
                                    "input",
                                    [
                                        ("id", "quick-project"), ("name", "target"), ("type", "text"), ("required", "required"),
                                        ("autocomplete", "off"), ("data-typeahead", "projects"),
                                    ]),
                            ]),
                        H.el(
                            "div", [("class", "field")],
                            [
                                H.el("label", [("for", "quick-role")], text: L("Rôle", "Role")(locale)),
                                H.void(
                                    "input",
                                    [
                                        ("id", "quick-role"), ("name", "role"), ("type", "text"), ("maxlength", "80"),
                                        ("autocomplete", "off"),
                                    ]),
                            ]),
                        H.el("button", [("type", "submit"), ("class", "button")], text: L("Ajouter au projet", "Add to project")(locale)),
                    ]))
        }
        return H.el("section", [("class", "panel")], nodes)
    }
}
