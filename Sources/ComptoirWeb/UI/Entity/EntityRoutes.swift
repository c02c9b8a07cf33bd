import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// Registers the pages of an entity: list, detail, new/edit forms and their POST targets.
/// Pages need a signed-in user; the service applies the policy.
public enum EntityRoutes {
    public static func register(_ definition: EntityDefinition, on routes: any RoutesBuilder) {
        let base = routes.grouped(definition.htmlPath.split(separator: "/").map { PathComponent(stringLiteral: String($0)) })
        if let singletonID = definition.singletonID {
            base.get { request in
                let definition = try await definition.resolved(for: request)
                try PageGuard.requireSignedIn(request)
                let row = try await EntityService(definition, request).get(singletonID)
                return try await EntityPagesView.detail(definition, request, row)
            }
            base.get("edit") { request in
                let definition = try await definition.resolved(for: request)
                try PageGuard.requireSignedIn(request)
                try request.authorize(.write, definition.module)
                let row = try await EntityService(definition, request).get(singletonID)
                return EntityPagesView.form(definition, request, row: row, submitted: nil, errors: [:])
            }
            base.post { request in
                let definition = try await definition.resolved(for: request)
                return try await save(definition, request, id: singletonID)
            }
            return
        }
        if definition.exportable {
            base.get("export.csv") { request in
                let definition = try await definition.resolved(for: request)
                try PageGuard.requireSignedIn(request)
                return try await EntityExport.csv(definition, request)
            }
        }
        base.get { request in
            let definition = try await definition.resolved(for: request)
            try PageGuard.requireSignedIn(request)
            let parameters = EntityService.parameters(from: request, definition)
            let service = EntityService(definition, request)
            let page = try await service.list(parameters)
            let count = try await service.count(parameters, upTo: EntityPagesView.countCap)
            return try await EntityPagesView.list(definition, request, page: page, parameters: parameters, count: count)
        }
        let ownForm = definition.hooks.customForm
        if definition.operations.contains(.create) && !ownForm {
            base.get("new") { request in
                let definition = try await definition.resolved(for: request)
                try PageGuard.requireSignedIn(request)
                try request.authorize(.write, definition.module)
                return EntityPagesView.form(
                    definition, request, row: nil, submitted: nil, errors: [:],
                    prefilled: try await LookupSupport.prefilledTitles(
                        definition, ids: LookupSupport.queryIDs(definition, request), request.context),
                    extra: try await createExtra(definition, request, submitted: nil, errors: [:]))
            }
            base.post { request in
                let definition = try await definition.resolved(for: request)
                return try await save(definition, request, id: nil)
            }
        }
        base.get(":id") { request in
            let definition = try await definition.resolved(for: request)
            try PageGuard.requireSignedIn(request)
            let row = try await EntityService(definition, request).get(try id(request))
            return try await EntityPagesView.detail(definition, request, row)
        }
        if definition.operations.contains(.update) && !ownForm {
            base.get(":id", "edit") { request in
                let definition = try await definition.resolved(for: request)
                try PageGuard.requireSignedIn(request)
                try request.authorize(.write, definition.module)
                let row = try await EntityService(definition, request).get(try id(request))
                return EntityPagesView.form(definition, request, row: row, submitted: nil, errors: [:])
            }
            base.post(":id") { request in
                let definition = try await definition.resolved(for: request)
                return try await save(definition, request, id: try id(request))
            }
        }
        if definition.operations.contains(.delete) {
            EntityDeletionPage.register(definition, on: base)
        }
    }

    static func id(_ request: Request) throws -> UUID {
        guard let raw = request.parameters.get("id"), let id = UUID(uuidString: raw) else { throw AppError.notFound }
        return id
    }

    /// Creates or updates from the form; on a validation failure the form comes back (422) with the input kept.
    /// `definition` is already resolved for the request by the caller.
    static func save(_ definition: EntityDefinition, _ request: Request, id: UUID?) async throws -> Response {
        try PageGuard.requireSignedIn(request)
        let submitted = try FormInput.lists(request).mapValues { $0.joined(separator: "\n") }
        let service = EntityService(definition, request)
        let input = EntityInput(values: submitted, isPartial: false)
        do {
            let row: TableRow
            if let id {
                row = try await service.update(id, input)
            } else if let create = definition.hooks.createExtension?.create {
                row = try await create(definition, input, request)
            } else {
                row = try await service.create(input)
            }
            return request.redirect(
                to: definition.path(row.id),
                flash: Flash(
                    .success, id == nil ? L("Fiche créée.", "Record created.") : L("Modifications enregistrées.", "Changes saved.")))
        } catch let error as AppError where error.code == "validation_failed" || error.code == "duplicate_suspected" {
            var existing: TableRow?
            if let id { existing = try await service.get(id) }
            return EntityPagesView.form(
                definition, request, row: existing, submitted: submitted, errors: error.fields, related: error.related,
                warning: error.related.isEmpty ? nil : error.message, status: error.status.http,
                extra: id == nil ? try await createExtra(definition, request, submitted: submitted, errors: error.fields) : nil)
        }
    }

    /// The create form's extra controls (`EntityHooks.createExtension`), if the entity has some.
    private static func createExtra(
        _ definition: EntityDefinition, _ request: Request, submitted: [String: String]?, errors: [String: [Localized]]
    ) async throws -> (after: String, labels: [String: Localized], nodes: [HTMLNode])? {
        guard let creation = definition.hooks.createExtension else { return nil }
        return (creation.after, creation.labels, try await creation.controls(submitted, errors, request))
    }
}

/// Reads a submitted form (the CSRF field left out).
enum FormInput {
    /// Each field's value; a repeated field (`tags[]`) keeps its last value here, see `lists`.
    static func strings(_ request: Request) throws -> [String: String] {
        try lists(request).compactMapValues { $0.last }
    }

    /// Every value of every field, in order (checkbox groups, multiple selects).
    static func lists(_ request: Request) throws -> [String: [String]] {
        var values: [String: [String]] = [:]
        if request.headers.contentType == .urlEncodedForm {
            let body = request.body.data.map { String(buffer: $0) } ?? ""
            values = QueryValues.parse(body)
        } else if request.headers.contentType?.type == "multipart" {
            for (key, value) in (try? request.content.decode([String: String].self)) ?? [:] {
                values[key] = [value]
            }
        } else {
            throw AppError(
                .unsupportedMediaType, code: "unsupported_media_type", L("Formulaire attendu.", "A form submission is expected."))
        }
        values.removeValue(forKey: CSRFMiddleware.fieldName)
        var refused: [String: [Localized]] = [:]
        for (name, list) in values {
            if let problem = InputText.problem(name) ?? list.lazy.compactMap({ InputText.problem($0) }).first { refused[name] = [problem] }
        }
        if !refused.isEmpty { throw AppError.validation(refused) }
        return values
    }
}

/// Pages send anonymous visitors to the sign-in page instead of answering 401.
enum PageGuard {
    static func requireSignedIn(_ request: Request) throws {
        guard request.actor != nil else {
            throw SignInRedirect(next: request.url.path, expired: request.sessionExpired)
        }
    }
}

/// Raised by pages when nobody is signed in; the error middleware turns it into a redirect.
struct SignInRedirect: Error {
    var next: String
    var expired: Bool
}
