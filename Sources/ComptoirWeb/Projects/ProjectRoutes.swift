import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// Members, quick links from company/contact pages, and instantiation of templates.
enum ProjectRoutes {
    /// Finds a visible project by id, code or title (the typeahead's pick or a few letters).
    static func resolve(_ raw: String, _ request: Request) async throws -> [(UUID, String)] {
        try await ProjectLookup.resolve(raw, request.context)
    }

    /// Errors a member form answers with a message on the page it came from.
    static let flashedCodes: Set<String> = ["already_member", "member_not_found", "project_not_found", "project_ambiguous"]

    static func register(_ routes: any RoutesBuilder) {
        routes.post("projects", ":id", "members") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let id = try EntityRoutes.id(request)
            let back = "/projects/\(id.uuidString.lowercased())"
            let form = try FormInput.strings(request)
            // The typeahead's pick sends the member's id (and its kind); without scripts, what was typed is looked up.
            let picked = (form["memberId"] ?? "").fastTrimmed
            do {
                try await ProjectMembers.addToProject(
                    id, kind: form["kind"] ?? "", target: picked.isEmpty ? .typed(form["target"] ?? "") : .id(picked),
                    role: form["role"] ?? "", request.context)
            } catch let error as AppError where flashedCodes.contains(error.code) {
                return request.redirect(to: back, flash: Flash(.error, error.message))
            }
            return request.redirect(to: back, flash: Flash(.success, L("Membre ajouté.", "Member added.")))
        }
        routes.get("projects", ":id", "member-candidates") { request async throws -> Response in
            // The members' typeahead: `{"items": [{"id", "kind", "group", "title", "subtitle"}]}`, grouped by kind.
            try PageGuard.requireSignedIn(request)
            let id = try EntityRoutes.id(request)
            let q = String((request.query[String.self, at: "q"] ?? "").prefix(100))
            let found = try await ProjectMembers.candidates(id, q, request.context)
            return JSONValue.object([
                "items": .array(
                    found.map {
                        [
                            "id": .string($0.id.uuidString.lowercased()), "kind": .string($0.kind.rawValue),
                            "group": .string($0.kind.groupLabel(request.locale)), "title": .string($0.title),
                            "subtitle": .string($0.subtitle),
                        ]
                    })
            ]).response()
        }
        routes.post("projects", ":id", "members", ":kind", ":member", "removal") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let id = try EntityRoutes.id(request)
            try await ProjectMembers.removeFromProject(
                id, kind: request.parameters.get("kind") ?? "", member: request.parameters.get("member") ?? "", request.context)
            return request.redirect(
                to: "/projects/\(id.uuidString.lowercased())", flash: Flash(.success, L("Membre retiré.", "Member removed.")))
        }
        for kind in [ProjectMembers.Kind.companies, .contacts] {
            routes.post(PathComponent(stringLiteral: kind.rawValue), ":id", "projects") { request async throws -> Response in
                try PageGuard.requireSignedIn(request)
                try request.authorize(.write, .projects)
                let id = try EntityRoutes.id(request)
                let back = "/\(kind.rawValue)/\(id.uuidString.lowercased())"
                let form = try FormInput.strings(request)
                let project: (UUID, String)
                do {
                    project = try await ProjectMembers.addToProject(
                        named: form["target"] ?? "", kind, id, role: form["role"] ?? "", request.context)
                } catch let error as AppError where flashedCodes.contains(error.code) {
                    return request.redirect(to: back, flash: Flash(.error, error.message))
                }
                return request.redirect(
                    to: back, flash: Flash(.success, L("Ajouté au projet « \(project.1) ».", "Added to the project \"\(project.1)\".")))
            }
        }
        routes.post("projects", ":id", "instances") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let form = try FormInput.strings(request)
            guard let start = DateDisplay.parseDay(form["startsOn"] ?? "") else {
                throw AppError.validation(["startsOn": [L("Date invalide (jj/mm/aaaa).", "Invalid date (dd/mm/yyyy).")]])
            }
            let created = try await ProjectTemplates.instantiate(
                try EntityRoutes.id(request), title: form["title"] ?? "", start: start, request.context)
            return request.redirect(
                to: "/projects/\(created.uuidString.lowercased())",
                flash: Flash(.success, L("Projet créé depuis le modèle.", "Project created from the template.")))
        }
    }
}
