import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// The POST targets of interaction pages: completion, follow-up, stage moves, contacts,
/// participants and resources.
enum InteractionRoutes {
    static func register(_ routes: any RoutesBuilder) {
        let base = routes.grouped("interactions", ":id")
        base.post("completion") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let id = try EntityRoutes.id(request)
            let done = try FormInput.strings(request)["done"] == "true"
            try await InteractionService(request.context).markDone(id, done)
            return request.redirect(
                to: back(request, id),
                flash: Flash(
                    .success, done ? L("Interaction terminée.", "Interaction done.") : L("Interaction rouverte.", "Interaction reopened.")))
        }
        base.post("follow-up") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            try request.authorize(.write, .activities)
            let id = try EntityRoutes.id(request)
            let form = try FormInput.strings(request)
            guard let start = DateTimeInput.parse(form["startsAt"] ?? "") else {
                return request.redirect(
                    to: back(request, id),
                    flash: Flash(.error, L("Date du suivi invalide (jj/mm/aaaa hh:mm).", "Invalid follow-up date (dd/mm/yyyy hh:mm).")))
            }
            let created = try await InteractionService(request.context).followUp(id, at: start, subject: form["subject"])
            return request.redirect(
                to: "/interactions/\(created.uuidString.lowercased())", flash: Flash(.success, L("Suivi planifié.", "Follow-up scheduled."))
            )
        }
        base.post("stage") { request async throws -> Response in
            // The board's drag and drop (with X-CSRF-Token) and its form fallback.
            try PageGuard.requireSignedIn(request)
            let id = try EntityRoutes.id(request)
            let form = try FormInput.strings(request)
            guard let stage = form["stageId"].flatMap(UUID.init(uuidString:)) else {
                throw AppError.validation(["stageId": [L("Choisissez une étape.", "Choose a stage.")]])
            }
            try await InteractionService(request.context).move(id, to: stage)
            // The script asks for JSON first; a browser's form (`Accept: text/html, …, */*`) gets the page back. Not
            // `mediaTypes.contains(.json)`: Vapor's media types compare `*/*` equal to JSON.
            if let first = request.headers.accept.first?.mediaType, first.type == "application", first.subType == "json" {
                return JSONValue.object(["id": .string(id.uuidString.lowercased()), "stageId": .string(stage.uuidString.lowercased())])
                    .response()
            }
            return request.redirect(
                to: form["back"].map { LoginPages.safeNext($0) } ?? back(request, id),
                flash: Flash(.success, L("Étape changée.", "Stage changed.")))
        }
        base.post("contacts") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            try request.authorize(.write, .activities)
            let id = try EntityRoutes.id(request)
            let text = try FormInput.strings(request)["target"] ?? ""
            switch try await DirectoryService(request).resolve(text, .contacts) {
            case .none:
                return request.redirect(
                    to: back(request, id),
                    flash: Flash(.error, L("Aucun contact ne correspond à « \(text) ».", "No contact matches \"\(text)\".")))
            case .many(let candidates):
                return DirectoryChoicePage.render(
                    request, action: "/interactions/\(id.uuidString.lowercased())/contacts", candidates: candidates, kind: .contacts,
                    role: nil)
            case .one(let contact):
                try await InteractionService(request.context).addLink(id, .contacts, contact)
                return request.redirect(to: back(request, id), flash: Flash(.success, L("Contact ajouté.", "Contact added.")))
            }
        }
        base.post("contacts", ":contactId", "removal") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let id = try EntityRoutes.id(request)
            guard let contact = request.parameters.get("contactId").flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
            try await InteractionService(request.context).removeLink(id, .contacts, contact)
            return request.redirect(to: back(request, id), flash: Flash(.success, L("Contact retiré.", "Contact removed.")))
        }
        for (path, link, field) in [
            ("participants", InteractionLink.participants, "users"), ("resources", InteractionLink.resources, "resources"),
        ] {
            base.post(PathComponent(stringLiteral: path)) { request async throws -> Response in
                try PageGuard.requireSignedIn(request)
                let id = try EntityRoutes.id(request)
                let chosen = Set((try FormInput.lists(request)[field] ?? []).compactMap { UUID(uuidString: $0) })
                do {
                    try await InteractionService(request.context).setLinks(id, link, to: chosen)
                } catch let error as AppError where error.code == "booking_conflict" {
                    return request.redirect(to: back(request, id), flash: Flash(.error, error.message))
                }
                return request.redirect(to: back(request, id), flash: Flash(.success, L("Enregistré.", "Saved.")))
            }
        }
    }

    private static func back(_ request: Request, _ id: UUID) -> String {
        "/interactions/\(id.uuidString.lowercased())"
    }
}
