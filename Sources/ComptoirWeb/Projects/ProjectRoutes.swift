import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import SQLKit
import Vapor

/// Members, quick links from company/contact pages, and instantiation of templates.
enum ProjectRoutes {
    /// Finds a visible project by id, code or title (the typeahead's pick or a few letters).
    static func resolve(_ raw: String, _ request: Request) async throws -> [(UUID, String)] {
        try await ProjectLookup.resolve(raw, request.context)
    }

    static func register(_ routes: any RoutesBuilder) {
        routes.post("projects", ":id", "members") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let definition = try await ProjectsEntity.definition.resolved(for: request)
            let project = try await EntityService(definition, request).get(try EntityRoutes.id(request))
            try request.authorize(.write, .projects)
            let form = try FormInput.strings(request)
            let back = "/projects/\(project.id.uuidString.lowercased())"
            guard let kind = ProjectMembers.Kind(rawValue: form["kind"] ?? "") else { throw AppError.validation(["kind": [L("Type inconnu.", "Unknown kind.")]]) }
            let role = String((form["role"] ?? "").prefix(80))
            let target = form["target"] ?? ""
            var member: UUID?
            switch kind {
            case .users:
                member = try await User.find(email: target, on: request.db)?.id
                if member == nil {
                    member = try await User.query(on: request.db).filter(\.$name == target).first()?.id
                }
            case .contacts, .companies:
                if case .one(let id) = try await DirectoryService(request).resolve(target, kind == .contacts ? .contacts : .companies) { member = id }
            }
            guard let member else {
                return request.redirect(to: back, flash: Flash(.error, L("Aucune fiche ne correspond à « \(target) » (ou plusieurs : précisez).", "No single record matches \"\(target)\".")))
            }
            do {
                try await request.db.transaction { db in try await ProjectMembers.add(kind, member, role: role, to: project.id, request.context.on(db)) }
            } catch let error as AppError where error.code == "already_member" {
                return request.redirect(to: back, flash: Flash(.error, error.message))
            }
            return request.redirect(to: back, flash: Flash(.success, L("Membre ajouté.", "Member added.")))
        }
        routes.post("projects", ":id", "members", ":kind", ":member", "removal") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let project = try await EntityService(try await ProjectsEntity.definition.resolved(for: request), request).get(try EntityRoutes.id(request))
            try request.authorize(.write, .projects)
            guard let kind = ProjectMembers.Kind(rawValue: request.parameters.get("kind") ?? ""),
                let member = request.parameters.get("member").flatMap(UUID.init(uuidString:))
            else { throw AppError.notFound }
            try await ProjectMembers.remove(kind, member, from: project.id, request.context)
            return request.redirect(to: "/projects/\(project.id.uuidString.lowercased())", flash: Flash(.success, L("Membre retiré.", "Member removed.")))
        }
        for kind in [ProjectMembers.Kind.companies, .contacts] {
            routes.post(PathComponent(stringLiteral: kind.rawValue), ":id", "projects") { request async throws -> Response in
                try PageGuard.requireSignedIn(request)
                try request.authorize(.write, .projects)
                let id = try EntityRoutes.id(request)
                let back = "/\(kind.rawValue)/\(id.uuidString.lowercased())"
                let form = try FormInput.strings(request)
                let found = try await resolve(form["target"] ?? "", request)
                guard found.count == 1 else {
                    let message = found.isEmpty
                        ? L("Aucun projet ne correspond.", "No project matches.")
                        : L("Plusieurs projets correspondent : \(found.prefix(4).map(\.1).joined(separator: ", ")).", "Several projects match: \(found.prefix(4).map(\.1).joined(separator: ", ")).")
                    return request.redirect(to: back, flash: Flash(.error, message))
                }
                do {
                    try await request.db.transaction { db in
                        try await ProjectMembers.add(kind, id, role: String((form["role"] ?? "").prefix(80)), to: found[0].0, request.context.on(db))
                    }
                } catch let error as AppError where error.code == "already_member" {
                    return request.redirect(to: back, flash: Flash(.error, error.message))
                }
                return request.redirect(to: back, flash: Flash(.success, L("Ajouté au projet « \(found[0].1) ».", "Added to the project \"\(found[0].1)\".")))
            }
        }
        routes.post("projects", ":id", "instances") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let form = try FormInput.strings(request)
            guard let start = DateDisplay.parseDay(form["startsOn"] ?? "") else {
                throw AppError.validation(["startsOn": [L("Date invalide (jj/mm/aaaa).", "Invalid date (dd/mm/yyyy).")]])
            }
            let created = try await ProjectTemplates.instantiate(try EntityRoutes.id(request), title: form["title"] ?? "", start: start, request)
            return request.redirect(to: "/projects/\(created.uuidString.lowercased())", flash: Flash(.success, L("Projet créé depuis le modèle.", "Project created from the template.")))
        }
    }
}
