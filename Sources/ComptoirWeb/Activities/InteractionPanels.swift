import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import Vapor

/// The panels of an interaction page: completion and follow-up, contacts, participants, resources,
/// attachments and the stage history.
enum InteractionPanels {
    @Sendable static func panels(_ row: TableRow, _ request: Request) async throws -> [HTMLNode] {
        let locale = request.locale
        let canWrite = request.context.allows(.write, .activities)
        let base = "/interactions/\(row.id.uuidString.lowercased())"
        let service = InteractionService(request.context)
        var panels: [HTMLNode] = []

        if canWrite {
            let done = row["done"].boolValue ?? false
            panels.append(
                H.el(
                    "section", [("class", "panel")],
                    [
                        H.el("h2", text: L("Suite", "Next steps")(locale)),
                        H.postForm(
                            "\(base)/completion", csrf: request.csrfToken, attributes: [("class", "inline-form")],
                            [
                                H.hidden("done", done ? "false" : "true"),
                                H.el(
                                    "button", [("type", "submit"), ("class", "button")],
                                    text: done ? L("Rouvrir", "Reopen")(locale) : L("Marquer comme terminée", "Mark as done")(locale)),
                            ]),
                        H.postForm(
                            "\(base)/follow-up", csrf: request.csrfToken, attributes: [("class", "inline-form")],
                            [
                                H.el(
                                    "div", [("class", "field")],
                                    [
                                        H.el(
                                            "label", [("for", "follow-at")],
                                            text: L("Planifier un suivi le", "Schedule a follow-up on")(locale)),
                                        H.void(
                                            "input",
                                            [
                                                ("id", "follow-at"), ("name", "startsAt"), ("type", "datetime-local"),
                                                ("required", "required"), ("autocomplete", "off"),
                                            ]),
                                    ]),
                                H.el(
                                    "div", [("class", "field")],
                                    [
                                        H.el("label", [("for", "follow-subject")], text: L("Objet", "Subject")(locale)),
                                        H.void(
                                            "input",
                                            [
                                                ("id", "follow-subject"), ("name", "subject"), ("type", "text"), ("maxlength", "200"),
                                                ("autocomplete", "off"),
                                                ("placeholder", "Suivi : " + (row["subject"].textValue ?? "")),
                                            ]),
                                    ]),
                                H.el(
                                    "button", [("type", "submit"), ("class", "button")],
                                    text: L("Planifier le suivi", "Schedule follow-up")(locale)),
                            ]),
                    ]))
        }

        // Contacts
        let contacts = try await service.contacts(of: row.id)
        var contactNodes: [HTMLNode] = [H.el("h2", text: L("Contacts", "Contacts")(locale))]
        if contacts.isEmpty {
            contactNodes.append(H.el("p", [("class", "muted")], text: L("Aucun contact.", "No contact.")(locale)))
        } else {
            contactNodes.append(
                H.el(
                    "ul", [("class", "links")],
                    contacts.map { contact in
                        let id = contact.id.uuidString.lowercased()
                        var item: [HTMLNode] = [H.link("/contacts/\(id)", contact.name)]
                        if canWrite {
                            item.append(
                                H.postForm(
                                    "\(base)/contacts/\(id)/removal", csrf: request.csrfToken, attributes: [("class", "inline")],
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
            contactNodes.append(
                H.postForm(
                    "\(base)/contacts", csrf: request.csrfToken, attributes: [("class", "inline-form")],
                    [
                        H.el(
                            "div", [("class", "field")],
                            [
                                H.el(
                                    "label", [("for", "contact-target")],
                                    text: L("Contact (nom ou e-mail)", "Contact (name or e-mail)")(locale)),
                                H.void(
                                    "input",
                                    [
                                        ("id", "contact-target"), ("name", "target"), ("type", "text"), ("required", "required"),
                                        ("autocomplete", "off"), ("data-typeahead", "contacts"),
                                    ]),
                            ]),
                        H.el("button", [("type", "submit"), ("class", "button")], text: L("Ajouter", "Add")(locale)),
                    ]))
        }
        panels.append(H.el("section", [("class", "panel")], contactNodes))

        // Participants and resources: checkbox sets.
        let users = try await User.query(on: request.db).filter(\.$active == true).sort(\.$name).all()
        let participants = Set(try await service.links(row.id, .participants))
        panels.append(
            checkboxPanel(
                L("Participants", "Participants"), action: "\(base)/participants", name: "users",
                options: users.compactMap { user in user.id.map { ($0, user.name) } }, selected: participants, canWrite: canWrite, request))
        let resources = try await ResourceService(request.context).active().map { ($0.id, $0.name) }
        let booked = Set(try await service.links(row.id, .resources))
        panels.append(
            checkboxPanel(
                L("Ressources réservées", "Booked resources"), action: "\(base)/resources", name: "resources",
                options: resources, selected: booked, canWrite: canWrite && row["starts_at"] != .null, request,
                help: row["starts_at"] == .null
                    ? L("Indiquez un début et une fin pour réserver une ressource.", "Give a start and an end to book a resource.") : nil))

        panels += try await RecurrencePanel.panel(row, request)
        panels.append(try await AttachmentPages.panel(kind: "interactions", id: row.id, request))
        panels.append(try await stageHistory(row, request))
        return panels
    }

    private static func checkboxPanel(
        _ title: Localized, action: String, name: String, options: [(UUID, String)], selected: Set<UUID>, canWrite: Bool,
        _ request: Request, help: Localized? = nil
    ) -> HTMLNode {
        let locale = request.locale
        var nodes: [HTMLNode] = [H.el("h2", text: title(locale))]
        if let help { nodes.append(H.el("p", [("class", "muted")], text: help(locale))) }
        if options.isEmpty {
            nodes.append(H.el("p", [("class", "muted")], text: L("Aucun choix disponible.", "Nothing to choose from.")(locale)))
        } else if canWrite {
            nodes.append(
                H.postForm(
                    action, csrf: request.csrfToken,
                    [
                        H.el(
                            "fieldset", [("class", "tag-choices")],
                            [H.el("legend", [("class", "visually-hidden")], text: title(locale))]
                                + options.map { id, label in
                                    H.el(
                                        "label", [("class", "checkbox")],
                                        [
                                            H.void(
                                                "input",
                                                [
                                                    ("type", "checkbox"), ("name", name + "[]"), ("value", id.uuidString.lowercased()),
                                                    H.flag("checked", selected.contains(id)),
                                                ]),
                                            H.text(" " + label),
                                        ])
                                }),
                        H.el("button", [("type", "submit"), ("class", "button")], text: L("Enregistrer", "Save")(locale)),
                    ]))
        } else {
            let names = options.filter { selected.contains($0.0) }.map(\.1)
            nodes.append(H.el("p", text: names.isEmpty ? "—" : names.joined(separator: ", ")))
        }
        return H.el("section", [("class", "panel")], nodes)
    }

    /// How long the interaction stayed in each stage.
    private static func stageHistory(_ row: TableRow, _ request: Request) async throws -> HTMLNode {
        let locale = request.locale
        let history = try await InteractionService(request.context).stageHistory(of: row.id)
        guard !history.isEmpty else { return .empty }
        let rows: [HTMLNode] = history.map { entry in
            let entered = entry.enteredAt
            let left = entry.leftAt
            let days = Int(((left ?? request.now).timeIntervalSince(entered) / 86_400).rounded(.down))
            return H.el(
                "tr", [],
                [
                    H.el("td", text: entry.stage),
                    H.el("td", text: DateDisplay.dateTime(entered, locale: locale)),
                    H.el("td", text: left.map { DateDisplay.dateTime($0, locale: locale) } ?? L("en cours", "current")(locale)),
                    H.el("td", text: L("\(days) j", "\(days) d")(locale)),
                ])
        }
        return H.el(
            "section", [("class", "panel")],
            [
                H.el("h2", text: L("Historique des étapes", "Stage history")(locale)),
                H.el(
                    "table", [("class", "list")],
                    [
                        H.el(
                            "thead", [],
                            [
                                H.el(
                                    "tr", [],
                                    [L("Étape", "Stage"), L("Entrée", "Entered"), L("Sortie", "Left"), L("Durée", "Duration")].map {
                                        H.el("th", [("scope", "col")], text: $0(locale))
                                    })
                            ]),
                        H.el("tbody", [], rows),
                    ]),
            ])
    }
}
