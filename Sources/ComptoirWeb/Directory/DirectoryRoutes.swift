import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import Vapor

/// Company/contact links, tags, selections and merges, as pages' POST targets.
enum DirectoryRoutes {
    static func register(_ routes: any RoutesBuilder) {
        routes.post("companies", ":id", "contacts") { request async throws -> Response in
            try await link(request, from: .companies)
        }
        routes.post("contacts", ":id", "companies") { request async throws -> Response in
            try await link(request, from: .contacts)
        }
        routes.post("contacts", ":id", "companies", ":companyId", "removal") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            try request.authorize(.write, .directory)
            let contact = try EntityRoutes.id(request)
            guard let raw = request.parameters.get("companyId"), let company = UUID(uuidString: raw) else { throw AppError.notFound }
            try await DirectoryService(request).unlink(contact: contact, company: company)
            let back = LoginPages.safeNext(try FormInput.strings(request)["back"])
            return request.redirect(to: back, flash: Flash(.success, L("Lien retiré.", "Link removed.")))
        }
        for kind in [DirectoryKind.companies, .contacts] {
            routes.post(PathComponent(stringLiteral: kind.rawValue), ":id", "tags") { request async throws -> Response in
                try PageGuard.requireSignedIn(request)
                let id = try EntityRoutes.id(request)
                let tags = (try FormInput.lists(request)["tags"] ?? []).compactMap { UUID(uuidString: $0) }
                try await DirectoryService(request).setTags(Set(tags), on: id, kind)
                return request.redirect(
                    to: "/\(kind.rawValue)/\(id.uuidString.lowercased())",
                    flash: Flash(.success, L("Centres d'intérêt enregistrés.", "Interest tags saved.")))
            }
            routes.post(PathComponent(stringLiteral: kind.rawValue), "selection") { request async throws -> Response in
                try PageGuard.requireSignedIn(request)
                // Generating documents only reads the records: a read-only user may.
                if let form = try? FormInput.lists(request), form["action"]?.last == "generate" {
                    return try await GeneratePages.bulk(request, form, back: "/\(kind.rawValue)")
                }
                try request.authorize(.write, .directory)
                let form = try FormInput.lists(request)
                let ids = (form["ids"] ?? []).compactMap { UUID(uuidString: $0) }
                guard !ids.isEmpty else {
                    return request.redirect(
                        to: "/\(kind.rawValue)", flash: Flash(.error, L("Sélectionnez au moins une fiche.", "Select at least one record.")))
                }
                let action = form["action"]?.last ?? ""
                if action == "vcard", kind == .contacts {
                    return try await DirectoryExports.vCards(ids, request)
                }
                guard let tag = form["tagId"]?.last.flatMap(UUID.init(uuidString:)), action == "tag" || action == "untag" else {
                    throw AppError.validation(["tagId": [L("Choisissez un centre d'intérêt.", "Choose an interest tag.")]])
                }
                let count = try await DirectoryService(request).bulkTag(tag, ids: ids, kind, add: action == "tag")
                let message =
                    action == "tag"
                    ? L("Centre d'intérêt ajouté à \(count) fiche(s).", "Interest tag added to \(count) record(s).")
                    : L("Centre d'intérêt retiré de \(count) fiche(s).", "Interest tag removed from \(count) record(s).")
                return request.redirect(to: "/\(kind.rawValue)", flash: Flash(.success, message))
            }
            routes.post(PathComponent(stringLiteral: kind.rawValue), ":id", "merge") { request async throws -> Response in
                try PageGuard.requireSignedIn(request)
                try request.authorize(.write, .directory)
                let survivor = try EntityRoutes.id(request)
                let form = try FormInput.strings(request)
                let base = "/\(kind.rawValue)/\(survivor.uuidString.lowercased())"
                switch try await DirectoryService(request).resolve(form["target"] ?? "", kind) {
                case .none:
                    return request.redirect(to: base, flash: Flash(.error, L("Aucune fiche ne correspond.", "No matching record.")))
                case .many(let candidates):
                    return DirectoryChoicePage.render(request, action: "\(base)/merge", candidates: candidates, kind: kind, role: nil)
                case .one(let absorbed):
                    try await DirectoryService(request).merge(absorbed, into: survivor, kind)
                    return request.redirect(to: base, flash: Flash(.success, L("Fiches fusionnées.", "Records merged.")))
                }
            }
        }
        DirectoryExports.register(routes)
    }

    /// Links a contact and a company from either page; several matches ask which one.
    private static func link(_ request: Request, from kind: DirectoryKind) async throws -> Response {
        try PageGuard.requireSignedIn(request)
        try request.authorize(.write, .directory)
        let id = try EntityRoutes.id(request)
        let form = try FormInput.strings(request)
        let role = (form["role"] ?? "").trimmingCharacters(in: .whitespaces)
        let base = "/\(kind.rawValue)/\(id.uuidString.lowercased())"
        let otherKind: DirectoryKind = kind == .companies ? .contacts : .companies
        guard role.count <= 80 else {
            return request.redirect(
                to: base, flash: Flash(.error, L("Le rôle fait 80 caractères au plus.", "The role has at most 80 characters.")))
        }
        let service = DirectoryService(request)
        switch try await service.resolve(form["target"] ?? "", otherKind) {
        case .none:
            return request.redirect(
                to: base,
                flash: Flash(
                    .error, L("Aucune fiche ne correspond à « \(form["target"] ?? "") ».", "No record matches \"\(form["target"] ?? "")\".")
                ))
        case .many(let candidates):
            return DirectoryChoicePage.render(
                request, action: "\(base)/\(otherKind.rawValue)", candidates: candidates, kind: otherKind, role: role)
        case .one(let other):
            let (contact, company) = kind == .companies ? (other, id) : (id, other)
            try await service.link(contact: contact, company: company, role: role)
            return request.redirect(to: base, flash: Flash(.success, L("Lien enregistré.", "Link saved.")))
        }
    }
}

/// The two kinds of directory records.

/// « Plusieurs fiches correspondent » : the user picks one, without needing JavaScript.
enum DirectoryChoicePage {
    static func render(_ request: Request, action: String, candidates: [SearchResult], kind: DirectoryKind, role: String?) -> Response {
        let locale = request.locale
        let items: [HTMLNode] = candidates.map { candidate in
            H.el(
                "li", [],
                [
                    H.postForm(
                        action, csrf: request.csrfToken, attributes: [("class", "inline")],
                        [
                            H.hidden("target", candidate.recordID.uuidString.lowercased()),
                            role.map { H.hidden("role", $0) } ?? .empty,
                            H.el("button", [("type", "submit"), ("class", "button")], text: candidate.title),
                            H.el("span", [("class", "muted")], text: " " + candidate.subtitle),
                        ])
                ])
        }
        return Layout.page(
            request, title: L("Choisir une fiche", "Choose a record")(locale),
            [
                H.el("h1", text: L("Plusieurs fiches correspondent", "Several records match")(locale)),
                H.el("p", text: L("Choisissez celle qui convient :", "Pick the right one:")(locale)),
                H.el("ul", [("class", "choices")], items),
                H.link(
                    String(action.split(separator: "/").prefix(2).joined(separator: "/")).isEmpty
                        ? "/" : "/" + action.split(separator: "/").prefix(2).joined(separator: "/"),
                    L("Annuler", "Cancel")(locale)),
            ])
    }
}
