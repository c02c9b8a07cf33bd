import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// The segment form: a condition builder (« champ / opérateur / valeur » rows, « toutes / au moins une des
/// conditions »). Rows are added and removed by submitting the form (`_add`, `_remove`), which comes back with the rows
/// kept; app.js does the same at once, narrows each row's operators to its field and shows the value boxes the operator
/// takes. Saving goes through `EntityService` on `SegmentsEntity` (its `prepare` checks every row).
enum SegmentBuilderPage {
    static func register(_ routes: any RoutesBuilder) {
        let segments = routes.grouped("segments")
        segments.get("new") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let definition = try await SegmentsEntity.definition.resolved(for: request)
            try request.authorize(.write, definition.module)
            let entity = request.query[String.self, at: "entity"].flatMap(SegmentsEntity.kind) ?? .companies
            let draft = Draft(
                name: "", entity: entity, description: "", ownerID: request.actor?.userID.uuidString.lowercased() ?? "",
                criteria: SegmentCriteria(conditions: [SegmentCondition("", op: "")]))
            return try await page(request, definition, row: nil, draft: draft, errors: [:])
        }
        segments.get(":id", "edit") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let definition = try await SegmentsEntity.definition.resolved(for: request)
            try request.authorize(.write, definition.module)
            let row = try await EntityService(definition, request).get(try EntityRoutes.id(request))
            let entity = SegmentsEntity.kind(row["entity"].textValue) ?? .companies
            let records = try await entity.definition.resolved(for: request)
            var criteria = SegmentsEntity.criteria(row, records) ?? SegmentCriteria(conditions: [])
            if criteria.conditions.isEmpty { criteria.conditions = [SegmentCondition("", op: "")] }
            let draft = Draft(
                name: row["name"].textValue ?? "", entity: entity, description: row["description"].textValue ?? "",
                ownerID: row["owner_id"].uuidValue?.uuidString.lowercased() ?? "", criteria: criteria,
                legacyQuery: row["criteria"].textValue == nil && SegmentsEntity.criteria(row, records) == nil
                    ? row["query"].textValue : nil)
            return try await page(request, definition, row: row, draft: draft, errors: [:])
        }
        segments.post { request async throws -> Response in
            try await submit(request, id: nil)
        }
        segments.post(":id") { request async throws -> Response in
            try await submit(request, id: try EntityRoutes.id(request))
        }
    }

    /// What the form holds, submitted or stored.
    struct Draft {
        var name: String
        var entity: DirectoryKind
        var description: String
        var ownerID: String
        var criteria: SegmentCriteria
        /// A segment whose list query conditions cannot say (kept as it is unless conditions are saved).
        var legacyQuery: String? = nil
    }

    static func draft(_ form: [String: [String]], existing: TableRow?) -> (Draft, add: Bool, remove: Int?, refresh: Bool) {
        func first(_ key: String) -> String { form[key]?.last ?? "" }
        let entity = SegmentsEntity.kind(existing?["entity"].textValue ?? first("entity")) ?? .companies
        var indexes = Set<Int>()
        for key in form.keys where key.hasPrefix("c") {
            let parts = key.dropFirst().split(separator: ".", maxSplits: 1)
            if parts.count == 2, let index = Int(parts[0]), index >= 0, index < 1_000_000 { indexes.insert(index) }
        }
        // Rows keep the order of their numbers (app.js numbers the rows it adds from 1000); a hundred at most.
        let conditions = indexes.sorted().prefix(100).map { index in
            SegmentCondition(
                first("c\(index).field"), op: first("c\(index).op"), first("c\(index).value"),
                form["c\(index).value2"]?.last)
        }
        let match = SegmentCriteria.Match(rawValue: first("match")) ?? .all
        let draft = Draft(
            name: first("name"), entity: entity, description: first("description"), ownerID: first("ownerId"),
            criteria: SegmentCriteria(match: match, conditions: conditions))
        return (draft, form["_add"] != nil, form["_remove"].flatMap { $0.last.flatMap { Int($0) } }, form["_refresh"] != nil)
    }

    static func submit(_ request: Request, id: UUID?) async throws -> Response {
        try PageGuard.requireSignedIn(request)
        let definition = try await SegmentsEntity.definition.resolved(for: request)
        try request.authorize(.write, definition.module)
        let service = EntityService(definition, request)
        var existing: TableRow?
        if let id { existing = try await service.get(id) }
        let form = try FormInput.lists(request)
        var (draft, add, remove, refresh) = draft(form, existing: existing)
        // Adding or removing a row without scripts (or choosing other records): the form comes back with the rows
        // changed, nothing saved.
        if add || remove != nil || refresh {
            if let remove, draft.criteria.conditions.indices.contains(remove) { draft.criteria.conditions.remove(at: remove) }
            if add || draft.criteria.conditions.isEmpty { draft.criteria.conditions.append(SegmentCondition("", op: "")) }
            return try await page(request, definition, row: existing, draft: draft, errors: [:], focusLast: add)
        }
        var values = [
            "name": draft.name, "description": draft.description, "ownerId": draft.ownerID, "criteria": draft.criteria.json,
        ]
        if id == nil { values["entity"] = draft.entity.rawValue }
        do {
            let input = EntityInput(values: values, isPartial: false)
            let row = try await (id == nil ? service.create(input) : service.update(id!, input))
            return request.redirect(
                to: definition.path(row.id),
                flash: Flash(
                    .success, id == nil ? L("Segment créé.", "Segment created.") : L("Modifications enregistrées.", "Changes saved.")))
        } catch let error as AppError where error.code == "validation_failed" {
            return try await page(request, definition, row: existing, draft: draft, errors: error.fields, status: .unprocessableEntity)
        }
    }

    static func page(
        _ request: Request, _ definition: EntityDefinition, row: TableRow?, draft: Draft, errors: [String: [Localized]],
        status: HTTPResponseStatus = .ok, focusLast: Bool = false
    ) async throws -> Response {
        let locale = request.locale
        let records = try await draft.entity.definition.resolved(for: request)
        let fields = SegmentConditions.fields(records)
        // Tags are stored by id and shown by their path.
        let tree = try await DirectoryService(request).tagTree()
        var draft = draft
        for index in draft.criteria.conditions.indices where draft.criteria.conditions[index].field == "tags" {
            draft.criteria.conditions[index].value = SegmentConditions.tagPaths(draft.criteria.conditions[index].value, in: tree)
        }
        let title =
            row == nil
            ? EntityPresentation.newTitle(definition)(locale)
            : L("Modifier : ", "Edit: ")(locale) + (row?["name"].textValue ?? "")
        var content: [HTMLNode] = [H.el("h1", text: title)]
        if !errors.isEmpty {
            var items: [HTMLNode] = []
            for key in errors.keys.sorted() where !key.hasPrefix("conditions.") {
                let label = key == "criteria" ? L("Conditions", "Conditions")(locale) : definition.field(key: key)?.label(locale) ?? key
                for message in errors[key]! {
                    let anchor = key == "criteria" ? conditionAnchor(message, draft) : "f-\(key)"
                    items.append(H.el("li", [], [H.link("#\(anchor)", "\(label) : \(message(locale))")]))
                }
            }
            content.append(
                H.el(
                    "div", [("class", "error-summary"), ("role", "alert"), ("tabindex", "-1")],
                    [H.el("p", text: L("Le formulaire contient des erreurs :", "The form has errors:")(locale)), H.el("ul", [], items)]))
        }
        var controls: [HTMLNode] = []
        if let field = definition.field(key: "name") {
            controls.append(EntityPagesView.control(field, raw: draft.name, errors: errors["name"] ?? [], locale: locale))
        }
        if row == nil, let field = definition.field(key: "entity") {
            controls.append(
                H.el(
                    "div", [("class", "field segment-entity")],
                    [
                        EntityPagesView.control(field, raw: draft.entity.rawValue, errors: errors["entity"] ?? [], locale: locale),
                        H.el(
                            "button", [("type", "submit"), ("name", "_refresh"), ("value", "1"), ("class", "button nojs-only")],
                            text: L("Changer de fiches", "Change records")(locale)),
                    ]))
        } else {
            controls.append(
                H.el(
                    "p", [],
                    [
                        H.el("strong", text: L("Fiches : ", "Records: ")(locale)),
                        H.text(SegmentsEntity.entities.first { $0.value == draft.entity.rawValue }?.label(locale) ?? ""),
                    ]))
        }
        if let legacy = draft.legacyQuery, !legacy.isEmpty {
            controls.append(
                H.el(
                    "p", [("class", "help")],
                    text: L(
                        "Ce segment est enregistré comme la requête de liste « \(legacy) », que les conditions ne savent pas dire ; enregistrer des conditions la remplace.",
                        "This segment is saved as the list query \"\(legacy)\", which conditions cannot say; saving conditions replaces it."
                    )(locale)))
        }
        controls.append(conditionsFieldset(draft, fields, errors: errors, locale: locale, focusLast: focusLast))
        for key in ["description", "ownerId"] {
            guard let field = definition.field(key: key) else { continue }
            let raw = key == "description" ? draft.description : draft.ownerID
            controls.append(EntityPagesView.control(field, raw: raw, errors: errors[key] ?? [], locale: locale))
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
                row.map { definition.path($0.id) } ?? definition.htmlPath, csrf: request.csrfToken,
                attributes: [("class", "entity-form segment-form"), ("autocomplete", "off"), ("novalidate", "novalidate")], controls))
        // The other kind of records' fields, for app.js when the « Fiches » select changes.
        if row == nil {
            for kind in [DirectoryKind.companies, .contacts] where kind != draft.entity {
                let other = SegmentConditions.fields(try await kind.definition.resolved(for: request))
                content.append(
                    H.el(
                        "template", [("data-segment-fields", kind.rawValue)], [fieldSelect(other, selected: "", id: nil, name: nil, locale)]
                    ))
                content.append(contentsOf: suggestionLists(other, kind, locale))
            }
        }
        content.append(contentsOf: suggestionLists(fields, draft.entity, locale))
        content.append(try await tagList(request, locale))
        return Layout.page(request, title: title, status: status, content)
    }

    /// The row a « Condition N (…) » message is about.
    private static func conditionAnchor(_ message: Localized, _ draft: Draft) -> String {
        let text = message.fr
        guard text.hasPrefix("Condition "), let number = Int(text.dropFirst(10).prefix { $0.isNumber }) else { return "segment-conditions" }
        return "cond-\(number - 1)"
    }

    static func conditionsFieldset(
        _ draft: Draft, _ fields: [SegmentField], errors: [String: [Localized]], locale: DisplayLocale, focusLast: Bool
    ) -> HTMLNode {
        let match = H.el(
            "p", [("class", "segment-match")],
            [
                H.el("label", [("for", "segment-match")], text: L("Les fiches qui remplissent ", "Records that meet ")(locale)),
                EntityPagesView.select(
                    id: "segment-match", name: "match",
                    options: [
                        ("all", L("toutes les conditions", "all the conditions")(locale)),
                        ("any", L("au moins une des conditions", "at least one of the conditions")(locale)),
                    ], selected: draft.criteria.match.rawValue),
            ])
        var rows: [HTMLNode] = []
        for (index, condition) in draft.criteria.conditions.enumerated() {
            rows.append(
                row(
                    index, condition, fields, errors: errors["conditions.\(index)"] ?? [], locale: locale,
                    autofocus: focusLast && index == draft.criteria.conditions.count - 1))
        }
        let template = H.el(
            "template", [("data-segment-row", "")],
            [row(999, SegmentCondition("", op: ""), fields, errors: [], locale: locale, autofocus: false)])
        return H.el(
            "fieldset", [("class", "segment-conditions"), ("id", "segment-conditions"), ("data-segment-builder", "")],
            [
                H.el("legend", text: L("Conditions", "Conditions")(locale)),
                match,
                H.el("ol", [("class", "segment-rows")], rows),
                template,
                H.el(
                    "button", [("type", "submit"), ("name", "_add"), ("value", "1"), ("class", "button"), ("data-segment-add", "")],
                    [H.icon("plus"), H.text(L("Ajouter une condition", "Add a condition")(locale))]),
            ])
    }

    static func row(
        _ index: Int, _ condition: SegmentCondition, _ fields: [SegmentField], errors: [Localized], locale: DisplayLocale,
        autofocus: Bool
    ) -> HTMLNode {
        let prefix = "c\(index)"
        let field = fields.first { $0.key == condition.field }
        let operators = field?.operators ?? SegmentOperator.allCases
        let op = condition.operation
        let errorID = errors.isEmpty ? nil : "cond-\(index)-error"
        var children: [HTMLNode] = [
            H.el(
                "span", [("class", "segment-cell")],
                [
                    H.el("label", [("for", "\(prefix)-field"), ("class", "segment-label")], text: L("Champ", "Field")(locale)),
                    fieldSelect(
                        fields, selected: condition.field, id: "\(prefix)-field", name: "\(prefix).field", locale,
                        extra: [("aria-describedby", errorID), H.flag("autofocus", autofocus)]),
                ]),
            H.el(
                "span", [("class", "segment-cell")],
                [
                    H.el("label", [("for", "\(prefix)-op"), ("class", "segment-label")], text: L("Opérateur", "Operator")(locale)),
                    H.el(
                        "select", [("id", "\(prefix)-op"), ("name", "\(prefix).op"), ("data-segment-op", "")],
                        operators.map { candidate in
                            H.el(
                                "option",
                                [
                                    ("value", candidate.rawValue), H.flag("selected", candidate == op),
                                    ("data-takes-value", candidate.takesValue ? "true" : "false"),
                                ], text: (field?.label(of: candidate) ?? candidate.label)(locale))
                        }),
                ]),
            H.el(
                "span", [("class", "segment-cell"), ("data-segment-value", ""), H.flag("hidden", op.map { !$0.takesValue } ?? false)],
                [
                    H.el("label", [("for", "\(prefix)-value"), ("class", "segment-label")], text: L("Valeur", "Value")(locale)),
                    H.void(
                        "input",
                        [
                            ("type", "text"), ("id", "\(prefix)-value"), ("name", "\(prefix).value"), ("value", condition.value),
                            ("list", field.flatMap { listID($0) }), ("autocomplete", "off"), ("aria-describedby", errorID),
                        ]),
                ]),
            H.el(
                "span", [("class", "segment-cell"), ("data-segment-value2", ""), H.flag("hidden", op != .between)],
                [
                    H.el("label", [("for", "\(prefix)-value2"), ("class", "segment-label")], text: L("et", "and")(locale)),
                    H.void(
                        "input",
                        [
                            ("type", "text"), ("id", "\(prefix)-value2"), ("name", "\(prefix).value2"), ("value", condition.value2 ?? ""),
                            ("autocomplete", "off"),
                        ]),
                ]),
            H.el(
                "button",
                [
                    ("type", "submit"), ("name", "_remove"), ("value", "\(index)"), ("class", "button segment-remove"),
                    ("data-segment-remove", ""),
                    (
                        "aria-label",
                        (index == 999
                            ? L("Retirer cette condition", "Remove this condition")
                            : L("Retirer la condition \(index + 1)", "Remove condition \(index + 1)"))(
                                locale)
                    ),
                ], text: L("Retirer", "Remove")(locale)),
        ]
        if !errors.isEmpty {
            children.append(
                H.el("p", [("class", "field-error"), ("id", errorID)], text: errors.map { $0(locale) }.joined(separator: " ")))
        }
        return H.el(
            "li",
            [("class", errors.isEmpty ? "segment-row" : "segment-row has-error"), ("id", "cond-\(index)"), ("data-index", "\(index)")],
            children)
    }

    /// The field select: the records' fields, the custom ones under their own heading.
    static func fieldSelect(
        _ fields: [SegmentField], selected: String, id: String?, name: String?, _ locale: DisplayLocale, extra: [(String, String?)] = []
    ) -> HTMLNode {
        func option(_ field: SegmentField) -> HTMLNode {
            H.el(
                "option",
                [
                    ("value", field.key), H.flag("selected", field.key == selected),
                    ("data-ops", field.operators.map(\.rawValue).joined(separator: " ")),
                    ("data-labels", field.operators.map { field.label(of: $0)(locale) }.joined(separator: "|")),
                    ("data-list", listID(field)),
                ], text: field.label(locale))
        }
        let standard = fields.filter { $0.definition?.customFieldID == nil }
        let custom = fields.filter { $0.definition?.customFieldID != nil }
        var children: [HTMLNode] = [H.el("option", [("value", ""), H.flag("selected", selected.isEmpty)], text: "—")]
        children += standard.map(option)
        if !custom.isEmpty {
            children.append(H.el("optgroup", [("label", L("Champs spécifiques", "Custom fields")(locale))], custom.map(option)))
        }
        return H.el("select", [("id", id), ("name", name), ("data-segment-field", "")] + extra, children)
    }

    static func listID(_ field: SegmentField) -> String? {
        switch field.kind {
        case .tags: return "segment-tags"
        case .bool, .choice, .multiChoice: return "segment-values-\(field.key)"
        default: return nil
        }
    }

    static func suggestionLists(_ fields: [SegmentField], _ kind: DirectoryKind, _ locale: DisplayLocale) -> [HTMLNode] {
        fields.compactMap { field in
            guard let id = listID(field), id != "segment-tags" else { return nil }
            return H.el("datalist", [("id", id)], field.suggestions.map { H.el("option", [("value", $0)]) })
        }
    }

    static func tagList(_ request: Request, _ locale: DisplayLocale) async throws -> HTMLNode {
        let tags = try await DirectoryService(request).tagTree()
        return H.el("datalist", [("id", "segment-tags")], tags.map { H.el("option", [("value", $0.path)]) })
    }
}
