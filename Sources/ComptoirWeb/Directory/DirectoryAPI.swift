import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// Links, tags and merges over the API (the records themselves come from the generic entity API).
enum DirectoryAPI {
    static let linkSchema: JSONValue = [
        "type": "object",
        "required": ["contactId", "companyId", "role"],
        "properties": [
            "contactId": ["type": "string", "format": "uuid"], "companyId": ["type": "string", "format": "uuid"],
            "role": ["type": "string"], "name": ["type": "string"],
        ],
    ]
    static let tagsSchema: JSONValue = [
        "type": "object", "required": ["tags"],
        "properties": ["tags": ["type": "array", "items": ["type": "string", "format": "uuid"]]],
    ]

    static func register(_ api: APIRoutes) {
        for (kind, other) in [(DirectoryKind.contacts, DirectoryKind.companies), (.companies, .contacts)] {
            api.on(
                .GET, "\(kind.rawValue)/:id/\(other.rawValue)", summary: "Linked \(other.rawValue) with roles", tag: "Directory",
                response: ["type": "object", "properties": ["items": ["type": "array", "items": linkSchema]]]
            ) { request in
                try request.authorize(.read, .directory)
                let links = try await DirectoryService(request).links(of: try EntityRoutes.id(request), kind)
                return JSONValue.object(["items": .array(links.map(json))]).response()
            }
            api.on(.GET, "\(kind.rawValue)/:id/tags", summary: "The record's interest tags", tag: "Directory", response: tagsSchema) {
                request in
                try request.authorize(.read, .directory)
                let tags = try await DirectoryService(request).tags(of: try EntityRoutes.id(request), kind)
                return JSONValue.object(["tags": .array(tags.map { .string($0.uuidString.lowercased()) }.sorted { "\($0)" < "\($1)" })])
                    .response()
            }
            api.on(
                .PUT, "\(kind.rawValue)/:id/tags", summary: "Replace the record's interest tags", tag: "Directory", request: tagsSchema,
                response: tagsSchema
            ) { request in
                let id = try EntityRoutes.id(request)
                let object = try APIInput.object(request)
                guard case .array(let values)? = object["tags"] else {
                    throw AppError.validation(["tags": [L("Liste d'identifiants attendue.", "A list of identifiers is expected.")]])
                }
                var tags = Set<UUID>()
                for value in values {
                    guard case .string(let raw) = value, let tag = UUID(uuidString: raw) else {
                        throw AppError.validation(["tags": [L("Identifiant invalide.", "Invalid identifier.")]])
                    }
                    tags.insert(tag)
                }
                try await DirectoryService(request).setTags(tags, on: id, kind)
                return JSONValue.object(["tags": .array(tags.map { .string($0.uuidString.lowercased()) })]).response()
            }
            api.on(
                .POST, "\(kind.rawValue)/:id/merge", summary: "Merge a duplicate into this record", tag: "Directory",
                request: ["type": "object", "required": ["from"], "properties": ["from": ["type": "string", "format": "uuid"]]]
            ) { request in
                let id = try EntityRoutes.id(request)
                guard let from = try APIInput.string(try APIInput.object(request), "from").flatMap(UUID.init(uuidString:)) else {
                    throw AppError.validation(["from": [L("Identifiant attendu.", "An identifier is expected.")]])
                }
                try await DirectoryService(request).merge(from, into: id, kind)
                return Response(status: .ok, headers: ["Content-Type": "application/json"], body: .init(string: "{\"merged\":true}"))
            }
        }
        api.on(
            .POST, "contacts/:id/companies", summary: "Link the contact to a company with a role", tag: "Directory",
            request: [
                "type": "object", "required": ["companyId"],
                "properties": ["companyId": ["type": "string", "format": "uuid"], "role": ["type": "string"]],
            ],
            response: linkSchema, status: 201
        ) { request in
            let contact = try EntityRoutes.id(request)
            let object = try APIInput.object(request)
            guard let company = try APIInput.string(object, "companyId").flatMap(UUID.init(uuidString:)) else {
                throw AppError.validation(["companyId": [L("Identifiant attendu.", "An identifier is expected.")]])
            }
            let role = try APIInput.string(object, "role") ?? ""
            guard role.count <= 80 else { throw AppError.validation(["role": [L("80 caractères au plus.", "At most 80 characters.")]]) }
            try await DirectoryService(request).link(contact: contact, company: company, role: role)
            return JSONValue.object([
                "contactId": .string(contact.uuidString.lowercased()), "companyId": .string(company.uuidString.lowercased()),
                "role": .string(role),
            ]).response(.created)
        }
        api.on(
            .DELETE, "contacts/:id/companies/:companyId", summary: "Remove the link between a contact and a company", tag: "Directory",
            status: 204
        ) { request in
            let contact = try EntityRoutes.id(request)
            guard let company = request.parameters.get("companyId").flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
            try await DirectoryService(request).unlink(contact: contact, company: company)
            return Response(status: .noContent)
        }
    }

    static func json(_ link: CompanyLink) -> JSONValue {
        [
            "contactId": .string(link.contactID.uuidString.lowercased()), "companyId": .string(link.companyID.uuidString.lowercased()),
            "role": .string(link.role), "name": .string(link.otherName),
        ]
    }
}
