import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// The extranet portal (« Extranet »): a guest's projects, their members, the interactions of the
/// types allowed to them, and the files; read-only guests view and download only.
enum PortalPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get("portal") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let locale = request.locale
            let projects = try await PortalService.projects(request.context)
            return Layout.page(
                request, title: L("Mes projets", "My projects")(locale),
                [
                    H.el("h1", text: L("Mes projets", "My projects")(locale)),
                    projects.isEmpty
                        ? H.el("p", [("class", "empty")], text: L("Aucun projet ne vous est ouvert.", "No project is open to you.")(locale))
                        : H.el(
                            "div", [("class", "tiles")],
                            projects.map { project in
                                H.el(
                                    "a", [("class", "card tile"), ("href", "/portal/projects/\(project.id.uuidString.lowercased())")],
                                    [
                                        H.el("span", text: project["title"].textValue ?? "")
                                    ])
                            }),
                ])
        }
        routes.get("portal", "projects", ":id") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            return try await projectPage(request, errors: [:], submitted: nil)
        }
        routes.post("portal", "projects", ":id", "interactions") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let id = try EntityRoutes.id(request)
            let form = try FormInput.strings(request)
            do {
                try await PortalService.addInteraction(to: id, form, request.context)
            } catch let error as AppError where error.code == "validation_failed" {
                return try await projectPage(request, errors: error.fields, submitted: form, status: .unprocessableEntity)
            }
            return request.redirect(
                to: "/portal/projects/\(id.uuidString.lowercased())",
                flash: Flash(.success, L("Interaction ajoutée.", "Interaction added.")))
        }
    }

    static func projectPage(
        _ request: Request, errors: [String: [Localized]], submitted: [String: String]?, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let locale = request.locale
        let actor = try request.requireActor()
        let view = try await PortalService.project(try EntityRoutes.id(request), request.context)
        let project = view.project, members = view.members, catalog = view.catalog
        var content: [HTMLNode] = [
            H.el("p", [("class", "breadcrumb")], [H.link("/portal", "← " + L("Mes projets", "My projects")(locale))]),
            H.el("h1", text: project["title"].textValue ?? ""),
        ]
        if let description = project["description"].textValue { content.append(H.el("p", text: description)) }
        content.append(
            H.el(
                "section", [("class", "panel")],
                [
                    H.el("h2", text: L("Membres", "Members")(locale)),
                    H.el(
                        "ul", [("class", "links")],
                        members.map {
                            H.el(
                                "li", [],
                                [H.text($0.name), H.el("span", [("class", "muted")], text: $0.role.isEmpty ? "" : " — " + $0.role)])
                        }),
                ]))
        var timeline: [HTMLNode] = []
        for item in view.interactions {
            let files = view.files[item.id] ?? []
            let date = item["starts_at"].dateValue ?? item["created_at"].dateValue ?? request.now
            var nodes: [HTMLNode] = [
                H.el("time", text: DateDisplay.dateTime(date, locale: locale)), H.text(" "),
                H.el("span", [("class", "badge")], text: catalog.type(item["type_id"].uuidValue)?.name ?? ""), H.text(" "),
                H.el("strong", text: item["subject"].textValue ?? ""),
            ]
            if let text = item["description"].textValue { nodes.append(H.el("p", text: text)) }
            if !files.isEmpty {
                nodes.append(
                    H.el(
                        "ul", [("class", "links")],
                        files.map { H.el("li", [], [H.link("/attachments/\($0.id.uuidString.lowercased())", $0.originalName)]) }))
            }
            timeline.append(H.el("li", [], nodes))
        }
        content.append(
            H.el(
                "section", [("class", "panel")],
                [
                    H.el("h2", text: L("Suivi", "Activity")(locale)),
                    timeline.isEmpty
                        ? H.el("p", [("class", "muted")], text: L("Rien pour l'instant.", "Nothing yet.")(locale))
                        : H.el("ol", [("class", "timeline")], timeline),
                ]))
        content.append(try await AttachmentPages.panel(kind: "projects", id: project.id, request))
        if !actor.readOnly {
            let types = catalog.types.filter { $0.active && (actor.allowedTypes?.contains($0.id) ?? true) }
            let typeField = FieldDefinition(
                "typeId", L("Type", "Type"), .reference(types.map { FieldChoice($0.id.uuidString.lowercased(), .same($0.name)) }),
                required: true)
            let subjectField = FieldDefinition("subject", L("Objet", "Subject"), .text(maxLength: 200), required: true)
            let descriptionField = FieldDefinition("description", L("Message", "Message"), .longText)
            content.append(
                H.el(
                    "section", [("class", "panel")],
                    [
                        H.el("h2", text: L("Ajouter une interaction", "Add an interaction")(locale)),
                        H.postForm(
                            "/portal/projects/\(project.id.uuidString.lowercased())/interactions", csrf: request.csrfToken,
                            attributes: [("class", "entity-form")],
                            [typeField, subjectField, descriptionField].map {
                                EntityPagesView.control($0, raw: submitted?[$0.key], errors: errors[$0.key] ?? [], locale: locale)
                            }
                                + [H.el("button", [("type", "submit"), ("class", "button primary")], text: L("Envoyer", "Send")(locale))]),
                    ]))
        }
        return Layout.page(request, title: project["title"].textValue ?? "", status: status, content)
    }
}
