import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

extension SegmentsEntity {
    /// Evaluates a segment: its records' definition and list parameters.
    static func evaluate(_ row: TableRow, _ request: Request) async throws -> (EntityDefinition, EntityService.ListParameters) {
        try await evaluate(row, request.context)
    }

    @Sendable static func panel(_ row: TableRow, _ request: Request) async throws -> [HTMLNode] {
        let locale = request.locale
        let definition: EntityDefinition
        let parameters: EntityService.ListParameters
        do {
            (definition, parameters) = try await evaluate(row, request)
        } catch let error as AppError where error.code == "invalid_segment" {
            // A field or a tag named by a condition was deleted since: the page says which, « Modifier » mends it.
            return [H.el("section", [("class", "panel")], [H.el("p", [("class", "field-error")], text: error.message(locale))])]
        }
        let service = EntityService(definition, request)
        let count = try await service.count(parameters)
        var preview = parameters
        preview.limit = 10
        let page = try await service.list(preview)
        let base = "/segments/\(row.id.uuidString.lowercased())"
        return [
            H.el(
                "section", [("class", "panel")],
                [
                    H.el("h2", text: L("Conditions", "Conditions")(locale)),
                    try await conditionsText(row, definition, request),
                ]),
            H.el(
                "section", [("class", "panel")],
                [
                    H.el(
                        "h2",
                        text: L("\(NumberDisplay.integer(count)) fiche(s) aujourd'hui", "\(NumberDisplay.integer(count)) record(s) today")(
                            locale)),
                    H.el(
                        "ul", [],
                        page.rows.map {
                            H.el("li", [], [H.link(definition.path($0.id), EntityPagesView.titleText(definition, $0, locale))])
                        }),
                    H.link(
                        base + "/records", L("Voir toutes les fiches du segment", "See every record of the segment")(locale),
                        [("class", "button")]),
                ]),
        ]
    }

    /// The conditions in words: « Toutes les conditions : Ville — Adresse de facturation contient « Lyon » ; … ».
    static func conditionsText(_ row: TableRow, _ records: EntityDefinition, _ request: Request) async throws -> HTMLNode {
        let locale = request.locale
        guard let criteria = criteria(row, records) else {
            return H.el(
                "p", [],
                text: L("Requête de liste : ", "List query: ")(locale) + (row["query"].textValue ?? ""))
        }
        let fields = SegmentConditions.fields(records)
        let tree = try await DirectoryService(request).tagTree()
        let items = criteria.conditions.map { condition -> HTMLNode in
            let field = fields.first { $0.key == condition.field }
            let label = field?.label(locale) ?? condition.field
            guard let op = condition.operation else { return H.el("li", text: label) }
            var words = label + " " + (field?.label(of: op) ?? op.label)(locale)
            var value = condition.value
            if condition.field == "tags" { value = SegmentConditions.tagPaths(value, in: tree) }
            if op == .between {
                let upper = condition.value2 ?? ""
                if !value.isEmpty && !upper.isEmpty {
                    words += " « \(value) » " + L("et", "and")(locale) + " « \(upper) »"
                } else if !value.isEmpty {
                    words += " " + L("à partir de", "from")(locale) + " « \(value) »"
                } else {
                    words += " " + L("jusqu'à", "up to")(locale) + " « \(upper) »"
                }
            } else if op.takesValue {
                words += " « \(value) »"
            }
            return H.el("li", text: words)
        }
        return H.el(
            "div", [],
            [
                H.el(
                    "p", [],
                    text: criteria.match == .all
                        ? L("Toutes les conditions :", "All the conditions:")(locale)
                        : L("Au moins une des conditions :", "At least one of the conditions:")(locale)),
                H.el("ul", [("class", "segment-summary")], items),
            ])
    }

    /// The API's view of the conditions (structured), and the list query of a segment saved before them.
    @Sendable static func apiCriteria(_ row: TableRow) -> [String: JSONValue] {
        let criteria = row["criteria"].textValue.flatMap { try? JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) }
        return ["criteria": criteria ?? .null, "query": .string(row["query"].textValue ?? "")]
    }

    /// Every record of the segment, 50 a page (« Voir toutes les fiches du segment »).
    static func recordsPage(_ request: Request) async throws -> Response {
        try PageGuard.requireSignedIn(request)
        let locale = request.locale
        let segment = try await EntityService(try await definition.resolved(for: request), request).get(try EntityRoutes.id(request))
        let (records, stored) = try await evaluate(segment, request)
        var parameters = stored
        parameters.limit = 50
        parameters.cursor = request.query[String.self, at: "cursor"].flatMap { $0.isEmpty ? nil : $0 }
        let service = EntityService(records, request)
        let page = try await service.list(parameters)
        let count = try await service.count(stored)
        let base = "/segments/\(segment.id.uuidString.lowercased())"
        let name = segment["name"].textValue ?? ""
        let title = L("Fiches du segment « \(name) »", "Records of the segment \"\(name)\"")(locale)
        var content: [HTMLNode] = [
            H.el("p", [("class", "breadcrumb")], [H.link(base, "← " + name)]),
            H.el("h1", text: title),
            H.el("p", text: L("\(NumberDisplay.integer(count)) fiche(s)", "\(NumberDisplay.integer(count)) record(s)")(locale)),
            H.el(
                "ul", [],
                page.rows.map { H.el("li", [], [H.link(records.path($0.id), EntityPagesView.titleText(records, $0, locale))]) }),
        ]
        var links: [HTMLNode] = []
        if parameters.cursor != nil {
            links.append(H.link(base + "/records", L("Première page", "First page")(locale), [("class", "button")]))
        }
        if let next = page.nextCursor {
            links.append(
                H.link(
                    base + "/records?cursor=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""),
                    L("Page suivante", "Next page")(locale), [("class", "button")]))
        }
        if !links.isEmpty { content.append(H.el("div", [("class", "form-actions")], links)) }
        return Layout.page(request, title: title, content)
    }

    static func registerAPI(_ api: APIRoutes) {
        api.on(
            .GET, "segments/:id/members", summary: "The records matching the segment now (paginated)", tag: "Directory",
            response: [
                "type": "object", "required": ["items", "nextCursor", "total"],
                "properties": [
                    "items": ["type": "array", "items": ["type": "object"]], "nextCursor": ["type": ["string", "null"]],
                    "total": ["type": "integer"],
                ],
            ], query: [APISchemas.listQuery[0], APISchemas.listQuery[1]]
        ) { request in
            let segment = try await EntityService(try await definition.resolved(for: request), request).get(try EntityRoutes.id(request))
            let (records, stored) = try await evaluate(segment, request)
            var parameters = stored
            parameters.limit = try ListLimit.of(request, default: 50, range: 1...500)
            parameters.cursor = request.query[String.self, at: "cursor"].flatMap { $0.isEmpty ? nil : $0 }
            let service = EntityService(records, request)
            let page = try await service.list(parameters)
            return JSONValue.object([
                "items": .array(page.rows.map { EntityAPI.representation(records, $0) }),
                "nextCursor": page.nextCursor.map { .string($0) } ?? .null,
                "total": .int(Int64(try await service.count(stored))),
            ]).response()
        }
    }

    /// « Enregistrer comme segment » on a list: posts the list's query and a name.
    static func register(_ routes: any RoutesBuilder) {
        SegmentBuilderPage.register(routes)
        routes.get("segments", ":id", "records") { request async throws -> Response in
            try await recordsPage(request)
        }
        routes.post("segments", "from-list") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let form = try FormInput.strings(request)
            let definition = try await definition.resolved(for: request)
            let row = try await EntityService(definition, request).create(
                EntityInput(
                    values: ["name": form["name"] ?? "", "entity": form["entity"] ?? "", "query": form["query"] ?? ""], isPartial: false))
            return request.redirect(to: definition.path(row.id), flash: Flash(.success, L("Segment enregistré.", "Segment saved.")))
        }
    }

    /// The save-as-segment form shown under a filtered list.
    @Sendable static func saveControl(_ kind: DirectoryKind) -> @Sendable (Request) async throws -> [HTMLNode] {
        { request in
            let locale = request.locale
            guard Policy.allows(request.actor, .write, .directory), let query = request.url.query, !query.isEmpty else { return [] }
            return [
                H.postForm(
                    "/segments/from-list", csrf: request.csrfToken, attributes: [("class", "inline-form save-segment")],
                    [
                        H.hidden("entity", kind.rawValue),
                        H.hidden("query", query),
                        H.el(
                            "label", [("for", "segment-name")],
                            text: L("Enregistrer ces critères comme segment :", "Save these criteria as a segment:")(locale)),
                        H.void(
                            "input",
                            [
                                ("id", "segment-name"), ("name", "name"), ("type", "text"), ("required", "required"),
                                ("autocomplete", "off"), ("maxlength", "120"),
                            ]),
                        H.el(
                            "button", [("type", "submit"), ("class", "button")], text: L("Enregistrer le segment", "Save segment")(locale)),
                    ])
            ]
        }
    }
}
