import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// « Supprimer » for every entity that allows it: a confirmation page saying what goes with the record and what blocks
/// it, then the deletion (`EntityService.delete`). Archiving stays the way to put a record out of sight and keep it.
enum EntityDeletionPage {
    static func register(_ definition: EntityDefinition, on base: any RoutesBuilder) {
        base.get(":id", "delete") { request in
            let definition = try await definition.resolved(for: request)
            try PageGuard.requireSignedIn(request)
            try request.context.authorizeDeletion(definition.module)
            let id = try EntityRoutes.id(request)
            let plan = try await EntityService(definition, request).deletionPlan(id)
            return page(definition, request, id: id, plan: plan)
        }
        base.post(":id", "delete") { request async throws -> Response in
            let definition = try await definition.resolved(for: request)
            try PageGuard.requireSignedIn(request)
            let id = try EntityRoutes.id(request)
            let service = EntityService(definition, request)
            do {
                try await service.delete(id)
            } catch let error as AppError where error.code == "deletion_blocked" {
                // Something was added meanwhile: the page comes back with what blocks now.
                return page(definition, request, id: id, plan: try await service.deletionPlan(id), status: .conflict)
            }
            return request.redirect(to: definition.htmlPath, flash: Flash(.success, L("Fiche supprimée.", "Record deleted.")))
        }
    }

    /// The detail page's « Supprimer » button, for users who may delete.
    static func button(_ definition: EntityDefinition, _ row: TableRow, _ request: Request) -> HTMLNode? {
        guard definition.operations.contains(.delete), request.context.allowsDeletion(definition.module) else { return nil }
        return H.el(
            "a", [("class", "button danger"), ("href", "\(definition.path(row.id))/delete")],
            text: L("Supprimer", "Delete")(request.locale))
    }

    static func page(
        _ definition: EntityDefinition, _ request: Request, id: UUID, plan: DeletionPlan, status: HTTPResponseStatus = .ok
    ) -> Response {
        let locale = request.locale
        let title = L("Supprimer « \(plan.title) »", "Delete \"\(plan.title)\"")(locale)
        func list(_ items: [Localized]) -> HTMLNode { H.el("ul", [], items.map { H.el("li", text: $0(locale)) }) }
        var content: [HTMLNode] = [
            H.el("p", [("class", "breadcrumb")], [H.link(definition.path(id), "← " + plan.title)]),
            H.el("h1", text: title),
        ]
        if !plan.isAllowed {
            content.append(
                H.el(
                    "div", [("class", "error-summary"), ("role", "alert"), ("id", "deletion-blockers")],
                    [
                        H.el("p", text: L("Cette fiche ne peut pas être supprimée :", "This record cannot be deleted:")(locale)),
                        list(plan.blockers),
                    ]))
        }
        content.append(
            H.el(
                "section", [("class", "panel"), ("id", "deletion-removed")],
                [
                    H.el("h2", text: L("Ce qui est supprimé avec la fiche", "What is deleted with the record")(locale)),
                    plan.removed.isEmpty
                        ? H.el("p", [("class", "muted")], text: L("Rien d'autre que la fiche.", "Nothing but the record.")(locale))
                        : list(plan.removed),
                ]))
        content.append(
            H.el(
                "section", [("class", "panel"), ("id", "deletion-kept")],
                [H.el("h2", text: L("Ce qui reste", "What stays")(locale)), list(plan.kept)]))
        content.append(
            H.el(
                "p", [("class", "muted")],
                text: L(
                    "La suppression est définitive. Pour ne plus voir une fiche sans la perdre, archivez-la plutôt (« Modifier », « Archivé »).",
                    "Deletion cannot be undone. To put a record out of sight and keep it, archive it instead (\"Edit\", \"Archived\")."
                )(locale)))
        var actions: [HTMLNode] = []
        if plan.isAllowed {
            actions.append(
                H.el(
                    "button", [("type", "submit"), ("class", "button danger")],
                    text: L("Supprimer définitivement", "Delete for good")(locale)))
        }
        actions.append(H.link(definition.path(id), L("Annuler", "Cancel")(locale)))
        content.append(
            H.postForm(
                "\(definition.path(id))/delete", csrf: request.csrfToken, attributes: [("class", "inline-form")],
                [H.el("div", [("class", "form-actions")], actions)]))
        return Layout.page(request, title: title, status: status, content)
    }
}
