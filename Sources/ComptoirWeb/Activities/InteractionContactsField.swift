import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// The interactions list's « Contacts » column, and the « Contacts » field of « Nouvelle interaction » (issue #14).
enum InteractionContactsField {
    static let key = InteractionService.contactsKey
    /// Names shown in a list cell before « +N ».
    static let shownInList = 3

    /// « Contacts » after the subject: up to three names (links), then « +N ».
    static let listColumn = ListColumn(header: InteractionService.contactsLabel, after: "subject") { rows, request in
        let summaries = try await InteractionService(request.context).contactSummaries(of: rows.map(\.id), shown: shownInList)
        return summaries.mapValues { summary in
            var nodes: [HTMLNode] = []
            for (index, contact) in summary.contacts.enumerated() {
                if index > 0 { nodes.append(H.text(", ")) }
                nodes.append(H.link("/contacts/\(contact.id.uuidString.lowercased())", contact.name))
            }
            let more = summary.total - summary.contacts.count
            if more > 0 {
                nodes.append(
                    H.el(
                        "span", [("class", "muted"), ("title", L("et \(more) autres", "and \(more) more")(request.locale))],
                        text: " +\(more)"))
            }
            return .group(nodes)
        }
    }

    /// « Date » of a task with a due day and no start is the day alone (« 02/05/2026 »), not its midnight.
    @Sendable static func dateText(_ field: FieldDefinition, _ row: TableRow, _ locale: DisplayLocale) -> String? {
        guard field.column == "occurs_at", row["starts_at"] == .null, let due = row["due_date"].textValue,
            let day = CalendarDay(parsing: due)
        else { return nil }
        return day.formatted(locale: locale)
    }

    static let createExtension = CreateExtension(
        after: "companyId", labels: [key: InteractionService.contactsLabel], controls: controls,
        create: { definition, input, request in
            let contacts = (input.values[key] ?? "").split(separator: "\n").map(String.init)
            var values = input
            values.values.removeValue(forKey: key)
            return try await InteractionService(request.context).create(definition, values, contacts: contacts)
        })

    /// The chosen contacts as checked boxes (unchecking one drops it, with or without scripts) and one input to add
    /// another: with scripts a typeahead over the contacts (`data-picker`) adds a box per pick; without, the name or
    /// e-mail typed is looked up when the form is saved. A rejected form keeps every value it was sent, found or not.
    @Sendable static func controls(_ submitted: [String: String]?, _ errors: [String: [Localized]], _ request: Request) async throws
        -> [HTMLNode]
    {
        let locale = request.locale
        let service = InteractionService(request.context)
        var chosen: [String] = []
        if let submitted {
            chosen = (submitted[key] ?? "").split(separator: "\n").map { String($0).fastTrimmed }.filter { !$0.isEmpty }
        } else if let contact = request.query[String.self, at: "contactId"].flatMap(UUID.init(uuidString:)) {
            // Opened from a contact's page: that contact (a company's page prefills the company only, see DECISIONS.md).
            chosen = [contact.uuidString.lowercased()]
        }
        var seen = Set<String>()
        chosen = chosen.filter { seen.insert($0.lowercased()).inserted }
        let names = try await service.contactNames(chosen.compactMap(UUID.init(uuidString:)))
        if submitted == nil {
            // A prefilled id the actor may not read is dropped, never shown.
            chosen = chosen.filter { UUID(uuidString: $0).map { names[$0] != nil } ?? true }
        }
        let fieldErrors = errors[key] ?? []
        let id = "f-\(key)"
        let errorID = fieldErrors.isEmpty ? nil : "\(id)-error"
        let described = ["\(id)-help", errorID].compactMap { $0 }.joined(separator: " ")
        let boxes: [HTMLNode] = chosen.map { value in
            let label = UUID(uuidString: value).flatMap { names[$0] } ?? value
            return H.el(
                "label", [("class", "checkbox chip")],
                [
                    H.void("input", [("type", "checkbox"), ("name", key + "[]"), ("value", value), ("checked", "checked")]),
                    H.text(" " + label),
                ])
        }
        var nodes: [HTMLNode] = [
            H.el("label", [("for", id)], text: InteractionService.contactsLabel(locale)),
            H.el("div", [("class", "chips"), ("id", "\(id)-chosen"), ("aria-live", "polite")], boxes),
            H.void(
                "input",
                [
                    ("id", id), ("name", key + "[]"), ("type", "text"), ("autocomplete", "off"), ("maxlength", "200"),
                    ("data-picker", "/api/v1/search?kinds=contacts&limit=8"), ("data-picker-add", "\(id)-chosen"),
                    ("data-picker-name", key + "[]"), ("aria-describedby", described),
                    ("aria-invalid", fieldErrors.isEmpty ? nil : "true"),
                ]),
            H.el(
                "p", [("class", "help"), ("id", "\(id)-help")],
                text: L(
                    "Tapez le début d'un nom et choisissez dans la liste ; sans la liste, un nom ou un e-mail par enregistrement.",
                    "Type the start of a name and pick it in the list; without the list, one name or e-mail per save.")(locale)),
        ]
        if let errorID {
            nodes.append(
                H.el("p", [("class", "field-error"), ("id", errorID)], text: fieldErrors.map { $0(locale) }.joined(separator: " ")))
        }
        return [H.el("div", [("class", fieldErrors.isEmpty ? "field" : "field has-error"), ("id", "\(id)-field")], nodes)]
    }
}
