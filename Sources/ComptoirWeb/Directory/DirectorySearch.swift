import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import Vapor

/// The Directory's part of the global search, and the typeahead API (`GET /api/v1/search`).
enum DirectorySearch {
    static let providers: [SearchProvider] = [
        provider("companies", L("Sociétés", "Companies")),
        provider("contacts", L("Contacts", "Contacts")),
    ]

    private static func provider(_ kind: String, _ label: Localized) -> SearchProvider {
        SearchProvider(kind: kind, label: label, module: .directory) { text, request, limit in
            try await SearchIndex.search(text, kinds: [kind], limit: limit, on: request.db).map {
                SearchHit(title: $0.title, subtitle: $0.subtitle, path: "/\(kind)/\($0.recordID.uuidString.lowercased())")
            }
        }
    }

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
                ]
            ]
        ],
    ]

    static func registerAPI(_ api: APIRoutes) {
        api.on(
            .GET, "search", summary: "Search and typeahead, accent- and case-insensitive, by prefix, grouped by kind", tag: "Directory",
            response: resultSchema,
            query: [
                ("q", ["type": "string"], "Words or word beginnings"),
                ("kinds", ["type": "string"], "Comma-separated kinds (companies, contacts, users…)"),
                ("limit", ["type": "integer", "minimum": 1, "maximum": 50], "Results per kind (default 10)"),
            ]
        ) { request in
            _ = try request.requireActor()
            let q = request.query[String.self, at: "q"] ?? ""
            let limit = try ListLimit.of(request, default: 10, range: 1...50)
            let wanted = (request.query[String.self, at: "kinds"] ?? "").split(separator: ",").map(String.init)
            var items: [JSONValue] = []
            for (provider, hits) in try await GlobalSearch.run(q, request, limit: limit, kinds: wanted.isEmpty ? nil : Set(wanted)) {
                for hit in hits {
                    items.append([
                        "id": .string(String(hit.path.split(separator: "/").last ?? "")), "kind": .string(provider.kind),
                        "title": .string(hit.title), "subtitle": .string(hit.subtitle), "url": .string(hit.path),
                    ])
                }
            }
            return JSONValue.object(["items": .array(items)]).response()
        }
    }
}
