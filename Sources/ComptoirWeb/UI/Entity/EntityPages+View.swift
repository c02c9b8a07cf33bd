import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import Vapor

/// How the generic list, detail and form pages look.
enum EntityPagesView {
    // MARK: - List

    /// Lists count their matches exactly up to this many, then say « plus de 10 000 ».
    static let countCap = 10_000

    /// « 1 société », « 12 sociétés », « plus de 10 000 sociétés ».
    static func countText(_ count: Int?, _ definition: EntityDefinition, _ locale: DisplayLocale) -> String {
        guard let count else {
            return L("plus de \(NumberDisplay.integer(countCap)) ", "more than \(NumberDisplay.integer(countCap)) ")(locale)
                + definition.plural(locale).lowercased()
        }
        let noun = count == 1 ? definition.singular(locale) : definition.plural(locale)
        return "\(NumberDisplay.integer(count)) " + noun.prefix(1).lowercased() + noun.dropFirst()
    }

    static func list(
        _ definition: EntityDefinition, _ request: Request, page: ListPage, parameters: EntityService.ListParameters, count: Int?
    ) async throws -> Response {
        let locale = request.locale
        var content: [HTMLNode] = []
        var actions: [HTMLNode] = []
        if definition.operations.contains(.create), Policy.allows(request.actor, .write, definition.module) {
            actions.append(
                H.el(
                    "a", [("class", "button primary"), ("href", "\(definition.htmlPath)/new")],
                    [
                        H.icon("plus"), H.text(EntityPresentation.newTitle(definition)(locale)),
                    ]))
        }
        if definition.exportable {
            actions.append(
                H.el(
                    "a",
                    [
                        ("class", "button"),
                        ("href", listURL(definition, parameters, cursor: nil, path: definition.htmlPath + "/export.csv")),
                    ],
                    text: L("Exporter (CSV)", "Export (CSV)")(locale)))
        }
        content.append(
            H.el(
                "div", [("class", "page-head")],
                [H.el("h1", text: definition.plural(locale)), H.el("div", [("class", "actions")], actions)]))
        let extraControls = try await definition.hooks.listControls?(parameters, request) ?? []
        content.append(filterForm(definition, request, parameters, extra: extraControls))
        var bulk = try await definition.hooks.bulkActions?(request)
        if bulk?.isEmpty == true { bulk = nil }

        var columns = definition.fields(.list)
        if definition.listLeadsWithTitle, let index = columns.firstIndex(where: { $0.column == definition.titleColumn }) {
            columns.insert(columns.remove(at: index), at: 0)
        }
        // Columns that are not fields (hooks), each after the field it names.
        let extraColumns = definition.hooks.listColumns
        var extraCells: [[UUID: HTMLNode]] = []
        for column in extraColumns { extraCells.append(try await column.cells(page.rows, request)) }
        func position(_ column: ListColumn) -> Int { columns.firstIndex { $0.key == column.after } ?? 0 }
        var headerCells: [HTMLNode] = []
        for (index, field) in columns.enumerated() {
            headerCells.append(H.el("th", [("scope", "col")], [sortLink(definition, request, field, parameters)]))
            for column in extraColumns where position(column) == index {
                headerCells.append(H.el("th", [("scope", "col")], text: column.header(locale)))
            }
        }
        if bulk != nil {
            headerCells.insert(
                H.el(
                    "th", [("scope", "col"), ("class", "select")],
                    [
                        H.el("span", [("class", "visually-hidden")], text: L("Sélection", "Selection")(locale))
                    ]), at: 0)
        }
        let header = H.el("tr", [], headerCells)
        let rows: [HTMLNode] = page.rows.map { row in
            var cells: [HTMLNode] =
                bulk == nil
                ? []
                : [
                    H.el(
                        "td", [("class", "select")],
                        [
                            H.void(
                                "input",
                                [
                                    ("type", "checkbox"), ("name", "ids[]"), ("value", row.id.uuidString.lowercased()),
                                    ("form", "bulk-form"),
                                    ("aria-label", L("Sélectionner", "Select")(locale)),
                                ])
                        ])
                ]
            for (index, field) in columns.enumerated() {
                if index > 0, let link = LookupSupport.link(field, row) {
                    cells.append(H.el("td", [("data-label", field.label(locale))], [link]))
                } else {
                    let text =
                        definition.hooks.listCellText?(field, row, locale) ?? FieldParsing.display(field, row[field.column], locale)
                    if index == 0 {
                        cells.append(
                            H.el(
                                "td", [("data-label", field.label(locale))],
                                [H.link(definition.path(row.id), text == "—" ? "(sans nom)" : text)]))
                    } else {
                        cells.append(H.el("td", [("data-label", field.label(locale))], text: text))
                    }
                }
                for (extraIndex, column) in extraColumns.enumerated() where position(column) == index {
                    cells.append(H.el("td", [("data-label", column.header(locale))], [extraCells[extraIndex][row.id] ?? .empty]))
                }
            }
            return H.el("tr", [], cells)
        }
        if rows.isEmpty {
            content.append(H.el("p", [("class", "empty")], text: L("Aucun résultat.", "No results.")(locale)))
        } else {
            content.append(H.el("p", [("class", "match-count muted"), ("role", "status")], text: countText(count, definition, locale)))
            content.append(
                H.el(
                    "div", [("class", "table-wrap")],
                    [
                        H.el("table", [("class", "list")], [H.el("thead", [], [header]), H.el("tbody", [], rows)])
                    ]))
        }
        var pager: [HTMLNode] = []
        if parameters.cursor != nil {
            pager.append(
                H.link(listURL(definition, parameters, cursor: nil), L("« Première page", "« First page")(locale), [("class", "button")]))
        }
        if let next = page.nextCursor {
            pager.append(
                H.link(
                    listURL(definition, parameters, cursor: next), L("Page suivante »", "Next page »")(locale),
                    [("class", "button"), ("rel", "next")]))
        }
        if !pager.isEmpty { content.append(H.el("nav", [("class", "pager"), ("aria-label", "Pagination")], pager)) }
        if let footer = definition.hooks.listFooter {
            content += try await footer(request)
        }
        if let bulk, !rows.isEmpty {
            content.append(
                H.postForm(
                    "\(definition.htmlPath)/selection", csrf: request.csrfToken,
                    attributes: [("id", "bulk-form"), ("class", "bulk-actions")],
                    [
                        H.el("p", [("class", "muted")], text: L("Pour la sélection :", "For the selection:")(locale))
                    ] + bulk))
        }
        return Layout.page(request, title: definition.plural(locale), content)
    }

    static func listURL(
        _ definition: EntityDefinition, _ parameters: EntityService.ListParameters, cursor: String?, sort: String? = nil,
        path: String? = nil
    ) -> String {
        var items: [URLQueryItem] = []
        if let q = parameters.q, !q.isEmpty { items.append(URLQueryItem(name: "q", value: q)) }
        for (key, value) in parameters.filters.sorted(by: { $0.key < $1.key }) { items.append(URLQueryItem(name: key, value: value)) }
        for (key, value) in parameters.extra.sorted(by: { $0.key < $1.key }) { items.append(URLQueryItem(name: key, value: value)) }
        // A default filter the user cleared stays cleared on the next page.
        for key in definition.defaultFilters.keys.sorted() where parameters.filters[key] == nil {
            items.append(URLQueryItem(name: key, value: ""))
        }
        if let sort = sort ?? parameters.sort { items.append(URLQueryItem(name: "sort", value: sort)) }
        if let limit = parameters.limit { items.append(URLQueryItem(name: "limit", value: String(limit))) }
        if let cursor { items.append(URLQueryItem(name: "cursor", value: cursor)) }
        var components = URLComponents()
        components.path = path ?? definition.htmlPath
        components.queryItems = items.isEmpty ? nil : items
        return components.string ?? definition.htmlPath
    }

    private static func sortLink(
        _ definition: EntityDefinition, _ request: Request, _ field: FieldDefinition, _ parameters: EntityService.ListParameters
    ) -> HTMLNode {
        let locale = request.locale
        guard field.uses.contains(.sort) else { return H.text(field.label(locale)) }
        let current =
            parameters.sort ?? ((definition.defaultDescending ? "-" : "") + (definition.field(column: definition.defaultSort)?.key ?? ""))
        let ascending = current == field.key
        let descending = current == "-" + field.key
        let next = ascending ? "-" + field.key : field.key
        let marker = ascending ? " ▲" : (descending ? " ▼" : "")
        return H.el(
            "a",
            [
                ("href", listURL(definition, parameters, cursor: nil, sort: next)),
                ("aria-sort", ascending ? "ascending" : (descending ? "descending" : nil)),
            ],
            text: field.label(locale) + marker)
    }

    private static func filterForm(
        _ definition: EntityDefinition, _ request: Request, _ parameters: EntityService.ListParameters, extra: [HTMLNode]
    ) -> HTMLNode {
        let locale = request.locale
        var search: [HTMLNode] = []
        var controls: [HTMLNode] = []
        if !definition.fields(.search).isEmpty {
            search.append(
                H.el(
                    "div", [("class", "field")],
                    [
                        H.el("label", [("for", "filter-q")], text: L("Recherche", "Search")(locale)),
                        H.void(
                            "input",
                            [("id", "filter-q"), ("type", "search"), ("name", "q"), ("value", parameters.q), ("autocomplete", "off")]),
                    ]))
        }
        for field in definition.fields(.filter) {
            let id = "filter-\(field.key)"
            switch field.kind {
            case .bool, .choice, .reference, .multiChoice:
                var options: [(String, String)] = [("", L("Tous", "All")(locale))]
                if case .bool = field.kind {
                    options += [("true", L("Oui", "Yes")(locale)), ("false", L("Non", "No")(locale))]
                } else {
                    options += field.choices.map { ($0.value, $0.label(locale)) }
                }
                controls.append(
                    H.el(
                        "div", [("class", "field")],
                        [
                            H.el("label", [("for", id)], text: field.label(locale)),
                            select(id: id, name: field.key, options: options, selected: parameters.filters[field.key] ?? ""),
                        ]))
            case .dateTime:
                for (suffix, label) in [("From", L("du", "from")), ("To", L("au", "to"))] {
                    controls.append(
                        H.el(
                            "div", [("class", "field")],
                            [
                                H.el("label", [("for", id + suffix)], text: "\(field.label(locale)) \(label(locale))"),
                                H.void(
                                    "input",
                                    [
                                        ("id", id + suffix), ("name", field.key + suffix), ("type", "text"), ("inputmode", "numeric"),
                                        ("placeholder", "jj/mm/aaaa"), ("value", parameters.filters[field.key + suffix]),
                                        ("autocomplete", "off"),
                                    ]),
                            ]))
                }
            default:
                controls.append(
                    H.el(
                        "div", [("class", "field")],
                        [
                            H.el("label", [("for", id)], text: field.label(locale)),
                            H.void(
                                "input",
                                [
                                    ("id", id), ("name", field.key), ("type", "text"), ("value", parameters.filters[field.key]),
                                    ("autocomplete", "off"),
                                ]),
                        ]))
            }
        }
        controls += extra
        guard !controls.isEmpty || !search.isEmpty else { return .empty }
        // Field filters fold away (open when one is set beyond the defaults), so the list stays in view on a phone.
        let active = parameters.filters.filter { definition.defaultFilters[$0.key] != $0.value }.count + parameters.extra.count
        var nodes = search
        if !controls.isEmpty {
            let summary =
                active == 0 ? L("Filtres", "Filters")(locale) : L("Filtres (\(active) actifs)", "Filters (\(active) active)")(locale)
            nodes.append(
                H.el(
                    "details", [("class", "more-filters"), H.flag("open", active > 0)],
                    [
                        H.el("summary", text: summary), H.el("div", [("class", "filter-grid")], controls),
                    ]))
        }
        if let sort = parameters.sort { nodes.append(H.hidden("sort", sort)) }
        nodes.append(
            H.el(
                "div", [("class", "filter-actions")],
                [
                    H.el("button", [("type", "submit"), ("class", "button")], text: L("Filtrer", "Filter")(locale)),
                    H.link(definition.htmlPath, L("Effacer", "Clear")(locale)),
                ]))
        return H.el("form", [("class", "filters"), ("method", "get"), ("action", definition.htmlPath), ("role", "search")], nodes)
    }

    static func select(id: String, name: String, options: [(String, String)], selected: String, extra: [(String, String?)] = []) -> HTMLNode
    {
        H.el(
            "select", [("id", id), ("name", name)] + extra,
            options.map { value, label in
                H.el("option", [("value", value), H.flag("selected", value == selected)], text: label)
            })
    }

    /// A select whose choices come in groups (`<optgroup data-group="…">`): app.js shows only the group matching the
    /// field that names it (`data-group-by`), e.g. the stages of the chosen interaction type.
    static func groupedSelect(
        id: String, name: String, empty: (String, String)?, choices: [FieldChoice], selected: String, locale: DisplayLocale,
        extra: [(String, String?)]
    ) -> HTMLNode {
        var children: [HTMLNode] = []
        if let empty { children.append(H.el("option", [("value", empty.0), H.flag("selected", selected.isEmpty)], text: empty.1)) }
        var groups: [(value: String, label: String, options: [HTMLNode])] = []
        for choice in choices {
            let option = H.el(
                "option", [("value", choice.value), H.flag("selected", choice.value == selected)], text: choice.label(locale))
            let key = choice.group?.value ?? ""
            if let index = groups.firstIndex(where: { $0.value == key }) {
                groups[index].options.append(option)
            } else {
                groups.append((key, choice.group?.label ?? "", [option]))
            }
        }
        for group in groups {
            children.append(H.el("optgroup", [("label", group.label), ("data-group", group.value)], group.options))
        }
        return H.el("select", [("id", id), ("name", name)] + extra, children)
    }

    // MARK: - Detail

    static func detail(_ definition: EntityDefinition, _ request: Request, _ row: TableRow) async throws -> Response {
        let locale = request.locale
        let title = titleText(definition, row, locale)
        var actions: [HTMLNode] = []
        if definition.operations.contains(.update), Policy.allows(request.actor, .write, definition.module) {
            let editPath = definition.isSingleton ? "\(definition.htmlPath)/edit" : "\(definition.path(row.id))/edit"
            actions.append(
                H.el("a", [("class", "button primary"), ("href", editPath)], [H.icon("edit"), H.text(L("Modifier", "Edit")(locale))]))
        }
        if !definition.isSingleton, let delete = EntityDeletionPage.button(definition, row, request) {
            actions.append(delete)
        }
        var content: [HTMLNode] = []
        if !definition.isSingleton {
            content.append(H.el("p", [("class", "breadcrumb")], [H.link(definition.htmlPath, "← " + definition.plural(locale))]))
        }
        content.append(
            H.el(
                "div", [("class", "page-head")],
                [H.el("h1", text: title)] + (actions.isEmpty ? [] : [H.el("div", [("class", "actions")], actions)])))
        let items: [HTMLNode] = definition.fields(.detail).filter { !$0.isPassword }.flatMap { field -> [HTMLNode] in
            if let link = LookupSupport.link(field, row) ?? actionLink(field, row[field.column], locale) {
                return [H.el("dt", text: field.label(locale)), H.el("dd", [], [link])]
            }
            return [H.el("dt", text: field.label(locale)), H.el("dd", text: FieldParsing.display(field, row[field.column], locale))]
        }
        content.append(H.el("dl", [("class", "details")], items))
        if let panels = definition.hooks.detailPanels {
            content.append(contentsOf: try await panels(row, request))
        }
        if Policy.allows(request.actor, .read, .audit) {
            content.append(try await historyPanel(definition, request, row))
        }
        return Layout.page(request, title: title, content)
    }

    /// Contact details as links a phone or a mail program opens: `mailto:`, `tel:` (digits and +), and web addresses
    /// (http and https only, whatever was stored).
    static func actionLink(_ field: FieldDefinition, _ value: FieldValue, _ locale: DisplayLocale) -> HTMLNode? {
        guard case .text(let text) = value, !text.isEmpty else { return nil }
        let shown = FieldParsing.display(field, value, locale)
        switch field.kind {
        case .email:
            return H.link("mailto:" + text, shown)
        case .phone:
            let dialable = text.filter { $0 == "+" || $0.isASCII && $0.isNumber }
            return dialable.isEmpty ? nil : H.link("tel:" + dialable, shown)
        case .url:
            let lower = text.lowercased()
            guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else { return nil }
            return H.link(text, shown, [("rel", "noopener noreferrer")])
        default:
            return nil
        }
    }

    static func titleText(_ definition: EntityDefinition, _ row: TableRow, _ locale: DisplayLocale) -> String {
        if let text = row[definition.titleColumn].textValue, !text.isEmpty { return text }
        return definition.singular(locale)
    }

    /// The record's audit trail, newest first, in the users' words (« Étape : Proposition → Négociation »).
    private static func historyPanel(_ definition: EntityDefinition, _ request: Request, _ row: TableRow) async throws -> HTMLNode {
        let locale = request.locale
        let entries = try await AuditReading(request.context).history(table: definition.table, id: row.id)
        let items: [HTMLNode] = entries.map { entry in
            var nodes: [HTMLNode] = [
                H.el("time", text: DateDisplay.dateTime(entry.at, locale: locale)),
                H.text(" — \(entry.actor) — \(AuditEntity.actionLabel(entry.action)(locale))"),
            ]
            if !entry.changes.isEmpty {
                nodes.append(AuditPanels.changeList(entry.changes, action: entry.action))
            }
            return H.el("li", [], nodes)
        }
        return H.el(
            "section", [("class", "panel")],
            [
                H.el("h2", text: L("Historique", "History")(locale)),
                items.isEmpty
                    ? H.el("p", [("class", "muted")], text: L("Aucune modification enregistrée.", "No recorded change.")(locale))
                    : H.el("ul", [("class", "history")], items),
            ])
    }

    // MARK: - Form

    /// The create (`row == nil`) or edit form; `submitted` and `errors` re-display a rejected input.
    static func form(
        _ definition: EntityDefinition, _ request: Request, row: TableRow?, submitted: [String: String]?,
        errors: [String: [Localized]], related: [RelatedRecord] = [], warning: Localized? = nil, status: HTTPResponseStatus = .ok,
        prefilled: [String: (id: UUID, title: String)] = [:], extra: (after: String, labels: [String: Localized], nodes: [HTMLNode])? = nil
    ) -> Response {
        let locale = request.locale
        let isCreate = row == nil
        let fields = definition.fields(isCreate ? .create : .edit)
        let title =
            isCreate
            ? EntityPresentation.newTitle(definition)(locale)
            : L("Modifier : ", "Edit: ")(locale) + titleText(definition, row!, locale)
        let action = isCreate ? definition.htmlPath : (definition.isSingleton ? definition.htmlPath : definition.path(row!.id))
        var content: [HTMLNode] = [H.el("h1", text: title)]
        if !errors.isEmpty {
            content.append(
                H.el(
                    "div", [("class", "error-summary"), ("role", "alert"), ("tabindex", "-1")],
                    [
                        H.el("p", text: L("Le formulaire contient des erreurs :", "The form has errors:")(locale)),
                        H.el(
                            "ul", [],
                            errors.keys.sorted().map { key in
                                let label = definition.field(key: key)?.label(locale) ?? extra?.labels[key]?(locale) ?? key
                                let message = errors[key]!.map { $0(locale) }.joined(separator: " ")
                                return H.el("li", [], [H.link("#f-\(key)", "\(label) : \(message)")])
                            }),
                    ]))
        }
        if let warning, !related.isEmpty {
            content.append(
                H.el(
                    "div", [("class", "error-summary warning"), ("role", "alert"), ("tabindex", "-1")],
                    [
                        H.el("p", text: warning(locale)),
                        H.el("ul", [], related.map { H.el("li", [], [H.link($0.path, $0.title)]) }),
                    ]))
        }
        var controls: [HTMLNode] = fields.map { field in
            var raw: String?
            if let submitted {
                raw = submitted[field.key]
            } else if let row, !field.isPassword {
                raw = FieldParsing.inputText(field, row[field.column])
            } else {
                // A new record may be prefilled from the link that opened the form (`?companyId=…`).
                raw =
                    request.query[String.self, at: field.key] ?? definition.defaults[field.column].map { FieldParsing.inputText(field, $0) }
                // A lookup's id is shown as its record's name (below), never as the raw id; an id of nothing visible is dropped.
                if case .lookup = field.kind, raw.flatMap(UUID.init(uuidString:)) != nil { raw = nil }
            }
            // A lookup shows the record's name; its id travels along so an unchanged name is not searched again.
            func lookup(shown: String?, title: String, id: String) -> HTMLNode {
                H.el(
                    "div", [],
                    [
                        control(field, raw: shown, errors: errors[field.key] ?? [], locale: locale),
                        H.hidden(field.key + "__title", title), H.hidden(field.key + "__id", id),
                    ])
            }
            if case .lookup = field.kind {
                if let submitted, let title = submitted[field.key + "__title"], let id = submitted[field.key + "__id"] {
                    return lookup(shown: raw, title: title, id: id)
                }
                if submitted == nil, let row, let id = row[field.column].uuidValue,
                    let title = row[LookupSupport.titleKey(field.column)].textValue
                {
                    return lookup(shown: title, title: title, id: id.uuidString.lowercased())
                }
                if submitted == nil, row == nil, let (id, title) = prefilled[field.key] {
                    return lookup(shown: title, title: title, id: id.uuidString.lowercased())
                }
            }
            return control(field, raw: raw, errors: errors[field.key] ?? [], locale: locale)
        }
        if let extra {
            let index = fields.firstIndex { $0.key == extra.after }.map { $0 + 1 } ?? controls.count
            controls.insert(contentsOf: extra.nodes, at: index)
        }
        if !related.isEmpty {
            controls.append(
                H.el(
                    "div", [("class", "field")],
                    [
                        H.el(
                            "label", [("class", "checkbox")],
                            [
                                H.void("input", [("type", "checkbox"), ("name", "confirmDuplicate"), ("value", "true")]),
                                H.text(
                                    " "
                                        + L("Ce n'est pas un doublon : enregistrer quand même", "This is not a duplicate: save anyway")(
                                            locale)),
                            ])
                    ]))
        }
        controls.append(
            H.el(
                "div", [("class", "form-actions")],
                [
                    H.el("button", [("type", "submit"), ("class", "button primary")], text: L("Enregistrer", "Save")(locale)),
                    H.link(row.map { definition.path($0.id) } ?? definition.htmlPath, L("Annuler", "Cancel")(locale)),
                ]))
        content.append(
            H.postForm(
                action, csrf: request.csrfToken,
                attributes: [("class", "entity-form"), ("autocomplete", "off"), ("novalidate", "novalidate")], controls))
        return Layout.page(request, title: title, status: status, content)
    }

    /// One labelled input with its help and errors.
    static func control(_ field: FieldDefinition, raw: String?, errors: [Localized], locale: DisplayLocale) -> HTMLNode {
        let id = "f-\(field.key)"
        let errorID = errors.isEmpty ? nil : "\(id)-error"
        let helpID = field.help == nil ? nil : "\(id)-help"
        let described = [helpID, errorID].compactMap { $0 }.joined(separator: " ")
        var common: [(String, String?)] = [
            ("id", id), ("name", field.key), ("autocomplete", field.autocomplete),
            ("aria-invalid", errors.isEmpty ? nil : "true"), ("aria-describedby", described.isEmpty ? nil : described),
            H.flag("required", field.required),
        ]
        let input: HTMLNode
        switch field.kind {
        case .longText:
            input = H.el("textarea", common + [("rows", "4")], text: raw ?? "")
        case .bool:
            let checked = ["true", "on", "1"].contains((raw ?? "").lowercased())
            common.removeAll { $0.0 == "required" }
            input = H.void("input", common + [("type", "checkbox"), ("value", "true"), H.flag("checked", checked)])
        case .multiChoice(let choices):
            let picked = Set((raw ?? "").split(separator: "\n").map(String.init))
            input = H.el(
                "fieldset", [("id", id), ("class", "choices"), ("aria-describedby", described.isEmpty ? nil : described)],
                choices.map { choice in
                    H.el(
                        "label", [("class", "checkbox")],
                        [
                            H.void(
                                "input",
                                [
                                    ("type", "checkbox"), ("name", field.key + "[]"), ("value", choice.value),
                                    H.flag("checked", picked.contains(choice.value)),
                                ]),
                            H.text(" " + choice.label(locale)),
                        ])
                })
        case .choice(let choices), .reference(let choices):
            var options = field.required ? [] : [("", "—")]
            if choices.contains(where: { $0.group != nil }) {
                input = groupedSelect(
                    id: id, name: field.key, empty: options.first, choices: choices, selected: raw ?? "", locale: locale,
                    extra: Array(common.dropFirst(2)))
            } else {
                options += choices.map { ($0.value, $0.label(locale)) }
                input = select(id: id, name: field.key, options: options, selected: raw ?? "", extra: Array(common.dropFirst(2)))
            }
        default:
            var type = "text"
            var extra: [(String, String?)] = []
            switch field.kind {
            case .email: type = "email"
            case .phone: type = "tel"
            case .url: type = "url"
            case .password: type = "password"
            case .integer: extra.append(("inputmode", "numeric"))
            case .date: extra += [("inputmode", "numeric"), ("placeholder", "jj/mm/aaaa")]
            case .dateTime: type = "datetime-local"
            case .lookup(let kind): extra.append(("data-typeahead", kind))
            case .money, .quantity: extra.append(("inputmode", "decimal"))
            case .text(let maxLength): extra.append(("maxlength", String(maxLength)))
            default: break
            }
            input = H.void("input", common + [("type", type), ("value", field.isPassword ? nil : raw)] + extra)
        }
        var nodes: [HTMLNode] = []
        let labelText = field.label(locale) + (field.required ? " *" : "")
        if case .bool = field.kind {
            nodes.append(H.el("label", [("class", "checkbox")], [input, H.text(" " + labelText)]))
        } else {
            nodes.append(H.el("label", [("for", id)], text: labelText))
            nodes.append(input)
        }
        if let help = field.help, let helpID { nodes.append(H.el("p", [("class", "help"), ("id", helpID)], text: help(locale))) }
        if let errorID {
            nodes.append(H.el("p", [("class", "field-error"), ("id", errorID)], text: errors.map { $0(locale) }.joined(separator: " ")))
        }
        return H.el("div", [("class", errors.isEmpty ? "field" : "field has-error")], nodes)
    }
}
