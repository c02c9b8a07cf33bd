import ComptoirServices
import Foundation
import Vapor

/// The typeahead API (`GET /api/v1/search`): the global search's results, flat.
enum DirectorySearch {
    static let resultSchema: JSONValue = [
        "type": "object",
        "required": ["items"],
        "properties": [
            "items": [
                "type": "array",
                "items": [
                    "type": "object",
                    "required": ["id", "kind", "title", "subtitle", "url"],
                    "properties": [
                        "id": ["type": "string", "format": "uuid"], "kind": ["type": "string"], "title": ["type": "string"],
                        "subtitle": ["type": "string"], "url": ["type": "string"],
                    ],
                ],
            ]
        ],
    ]

    static func registerAPI(_ api: APIRoutes) {
        api.on(
            .GET, "search", summary: "Search and typeahead, accent- and case-insensitive, by prefix, grouped by kind", tag: "Directory",
            response: resultSchema,
            query: [
                ("q", ["type": "string"], "Words or word beginnings; digit groups only (« 04 78 12 ») are one number"),
                (
                    "kinds", ["type": "string"],
                    "Comma-separated kinds: companies, contacts, interactions (deals included), projects, products, serial-numbers, users"
                ),
                ("limit", ["type": "integer", "minimum": 1, "maximum": 50], "Results per kind (default 10)"),
            ]
        ) { request in
            _ = try request.requireActor()
            let q = request.query[String.self, at: "q"] ?? ""
            let limit = try ListLimit.of(request, default: 10, range: 1...50)
            let wanted = (request.query[String.self, at: "kinds"] ?? "").split(separator: ",").map(String.init)
            var items: [JSONValue] = []
            for group in try await SearchService(request.context).search(q, limit: limit, kinds: wanted.isEmpty ? nil : Set(wanted)) {
                for hit in group.hits {
                    items.append([
                        "id": .string(hit.id.uuidString.lowercased()), "kind": .string(group.kind),
                        "title": .string(hit.title), "subtitle": .string(hit.subtitle), "url": .string(hit.path),
                    ])
                }
            }
            return JSONValue.object(["items": .array(items)]).response()
        }
    }
}
