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
        let (definition, parameters) = try await evaluate(row, request)
        let service = EntityService(definition, request)
        let count = try await service.count(parameters)
        var preview = parameters
        preview.limit = 10
        let page = try await service.list(preview)
        let path = "\(definition.htmlPath)?\(row["query"].textValue ?? "")"
        return [
            H.el(
                "section", [("class", "panel")],
                [
                    H.el("h2", text: L("\(count) fiche(s) aujourd'hui", "\(count) record(s) today")(locale)),
                    H.el(
                        "ul", [],
                        page.rows.map {
                            H.el("li", [], [H.link(definition.path($0.id), EntityPagesView.titleText(definition, $0, locale))])
                        }),
                    H.link(path, L("Voir toutes les fiches du segment", "See every record of the segment")(locale), [("class", "button")]),
                ])
        ]
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
