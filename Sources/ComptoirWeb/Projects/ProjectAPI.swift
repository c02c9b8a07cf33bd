import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import Vapor

/// `/api/v1/projects/{id}/members` and `/analytics`, `/api/v1/projects/{id}/instances` (from a template).
enum ProjectAPI {
    static let memberSchema: JSONValue = [
        "type": "object", "required": ["kind", "id", "name", "role"],
        "properties": ["kind": ["type": "string", "enum": ["users", "contacts", "companies"]], "id": ["type": "string", "format": "uuid"],
                       "name": ["type": "string"], "role": ["type": "string"]],
    ]

    static func register(_ api: APIRoutes) {
        api.on(.GET, "projects/:id/members", summary: "The project's members by kind, with roles", tag: "Projects",
               response: ["type": "object", "properties": ["items": ["type": "array", "items": memberSchema]]]) { request in
            let project = try await EntityService(try await ProjectsEntity.definition.resolved(for: request), request).get(try EntityRoutes.id(request))
            let members = try await ProjectMembers.list(project.id, on: request.db)
            return JSONValue.object(["items": .array(members.map {
                ["kind": .string($0.kind.rawValue), "id": .string($0.id.uuidString.lowercased()), "name": .string($0.name), "role": .string($0.role)]
            })]).response()
        }
        api.on(.POST, "projects/:id/members", summary: "Add a user, contact or company to the project", tag: "Projects",
               request: ["type": "object", "required": ["kind", "id"], "properties": ["kind": ["type": "string"], "id": ["type": "string", "format": "uuid"], "role": ["type": "string"]]],
               response: memberSchema, status: 201) { request in
            let project = try await EntityService(try await ProjectsEntity.definition.resolved(for: request), request).get(try EntityRoutes.id(request))
            try request.authorize(.write, .projects)
            let object = try APIInput.object(request)
            guard let kind = try APIInput.string(object, "kind").flatMap(ProjectMembers.Kind.init(rawValue:)) else {
                throw AppError.validation(["kind": [L("users, contacts ou companies.", "users, contacts or companies.")]])
            }
            let table = kind == .users ? "users" : kind.rawValue
            guard let member = try APIInput.string(object, "id").flatMap(UUID.init(uuidString:)),
                try await TableStore.sqlDatabase(request.db).raw("SELECT id FROM \(ident: table) WHERE id = \(bind: member)").first() != nil
            else { throw AppError.validation(["id": [L("Fiche inconnue.", "Unknown record.")]]) }
            let role = String((try APIInput.string(object, "role") ?? "").prefix(80))
            try await request.db.transaction { db in try await ProjectMembers.add(kind, member, role: role, to: project.id, request.context.on(db)) }
            return JSONValue.object(["kind": .string(kind.rawValue), "id": .string(member.uuidString.lowercased()), "name": "", "role": .string(role)]).response(.created)
        }
        api.on(.GET, "projects/:id/analytics", summary: "Sales, purchases and margin of the project", tag: "Projects",
               response: ["type": "object", "properties": ["sales": ["type": "string"], "purchases": ["type": "string"], "margin": ["type": "string"],
                                                            "marginRate": ["type": ["string", "null"]], "currency": ["type": "string"]]]) { request in
            let project = try await EntityService(try await ProjectsEntity.definition.resolved(for: request), request).get(try EntityRoutes.id(request))
            let figures = try await ProjectAnalytics.refresh(project.id, on: request.db)
            return JSONValue.object([
                "sales": .string(Money(minorUnits: figures.sales).decimalString), "purchases": .string(Money(minorUnits: figures.purchases).decimalString),
                "margin": .string(Money(minorUnits: figures.margin).decimalString),
                "marginRate": figures.marginRate.map { .string(String(format: "%.2f", Double($0) / 100)) } ?? .null, "currency": "EUR",
            ]).response()
        }
        api.on(.POST, "projects/:id/instances", summary: "Create a project from this template", tag: "Projects",
               request: ["type": "object", "required": ["title", "startsOn"], "properties": ["title": ["type": "string"], "startsOn": ["type": "string", "format": "date"]]],
               response: ["type": "object", "properties": ["id": ["type": "string", "format": "uuid"]]], status: 201) { request in
            let object = try APIInput.object(request)
            guard let start = try APIInput.string(object, "startsOn").flatMap({ DateDisplay.parseDay($0) }) else {
                throw AppError.validation(["startsOn": [L("Date invalide.", "Invalid date.")]])
            }
            let id = try await ProjectTemplates.instantiate(try EntityRoutes.id(request), title: try APIInput.string(object, "title") ?? "", start: start, request)
            return JSONValue.object(["id": .string(id.uuidString.lowercased())]).response(.created)
        }
    }
}
