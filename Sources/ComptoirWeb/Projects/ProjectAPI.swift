import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// `/api/v1/projects/{id}/members` and `/analytics`, `/api/v1/projects/{id}/instances` (from a template).
enum ProjectAPI {
    static let memberSchema: JSONValue = [
        "type": "object", "required": ["kind", "id", "name", "role"],
        "properties": [
            "kind": ["type": "string", "enum": ["users", "contacts", "companies"]], "id": ["type": "string", "format": "uuid"],
            "name": ["type": "string"], "role": ["type": "string"],
        ],
    ]

    static func register(_ api: APIRoutes) {
        api.on(
            .GET, "projects/:id/members", summary: "The project's members by kind, with roles", tag: "Projects",
            response: ["type": "object", "properties": ["items": ["type": "array", "items": memberSchema]]]
        ) { request in
            let members = try await ProjectMembers.list(of: try EntityRoutes.id(request), request.context)
            return JSONValue.object([
                "items": .array(
                    members.map {
                        [
                            "kind": .string($0.kind.rawValue), "id": .string($0.id.uuidString.lowercased()), "name": .string($0.name),
                            "role": .string($0.role),
                        ]
                    })
            ]).response()
        }
        api.on(
            .POST, "projects/:id/members", summary: "Add a user, contact or company to the project", tag: "Projects",
            request: [
                "type": "object", "required": ["kind", "id"],
                "properties": ["kind": ["type": "string"], "id": ["type": "string", "format": "uuid"], "role": ["type": "string"]],
            ],
            response: memberSchema, status: 201
        ) { request in
            let object = try APIInput.object(request)
            let kind = try APIInput.string(object, "kind") ?? ""
            let role = String((try APIInput.string(object, "role") ?? "").prefix(80))
            let member = try await ProjectMembers.addToProject(
                try EntityRoutes.id(request), kind: kind, target: .id(try APIInput.string(object, "id") ?? ""), role: role, request.context)
            return JSONValue.object([
                "kind": .string(kind), "id": .string(member.uuidString.lowercased()), "name": "", "role": .string(role),
            ]).response(.created)
        }
        api.on(
            .GET, "projects/:id/analytics", summary: "Sales, purchases and margin of the project", tag: "Projects",
            response: [
                "type": "object",
                "properties": [
                    "sales": ["type": "string"], "purchases": ["type": "string"], "margin": ["type": "string"],
                    "marginRate": ["type": ["string", "null"]], "currency": ["type": "string"],
                ],
            ]
        ) { request in
            let figures = try await ProjectOverview.analytics(try EntityRoutes.id(request), request.context)
            return JSONValue.object([
                "sales": .string(Money(minorUnits: figures.sales).decimalString),
                "purchases": .string(Money(minorUnits: figures.purchases).decimalString),
                "margin": .string(Money(minorUnits: figures.margin).decimalString),
                "marginRate": figures.marginRate.map { .string(String(format: "%.2f", Double($0) / 100)) } ?? .null, "currency": "EUR",
            ]).response()
        }
        api.on(
            .POST, "projects/:id/instances", summary: "Create a project from this template", tag: "Projects",
            request: [
                "type": "object", "required": ["title", "startsOn"],
                "properties": ["title": ["type": "string"], "startsOn": ["type": "string", "format": "date"]],
            ],
            response: ["type": "object", "properties": ["id": ["type": "string", "format": "uuid"]]], status: 201
        ) { request in
            let object = try APIInput.object(request)
            guard let start = try APIInput.string(object, "startsOn").flatMap({ DateDisplay.parseDay($0) }) else {
                throw AppError.validation(["startsOn": [L("Date invalide.", "Invalid date.")]])
            }
            let id = try await ProjectTemplates.instantiate(
                try EntityRoutes.id(request), title: try APIInput.string(object, "title") ?? "", start: start, request.context)
            return JSONValue.object(["id": .string(id.uuidString.lowercased())]).response(.created)
        }
    }
}
