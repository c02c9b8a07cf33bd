import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// What the web layer adds to show an entity, beyond its fields and rules (which live in the services).
public struct EntityHooks: Sendable {
    /// Extra panels on the detail page, after the fields.
    public var detailPanels: (@Sendable (TableRow, Request) async throws -> [HTMLNode])?
    /// Extra values in the API representation (computed, never stored by the generic writer).
    public var apiExtras: (@Sendable (TableRow) -> [String: JSONValue])?
    /// Extra controls in the list's filter form.
    public var listControls: (@Sendable (EntityService.ListParameters, Request) async throws -> [HTMLNode])?
    /// Actions on a selection of rows: when set, the list shows checkboxes named `ids[]`.
    public var bulkActions: (@Sendable (Request) async throws -> [HTMLNode])?
    /// Extra content under the list (« Enregistrer comme segment »).
    public var listFooter: (@Sendable (Request) async throws -> [HTMLNode])?
    /// The entity registers its own new/edit forms and their POST targets (the segments' condition builder).
    public var customForm = false

    public init(
        detailPanels: (@Sendable (TableRow, Request) async throws -> [HTMLNode])? = nil,
        apiExtras: (@Sendable (TableRow) -> [String: JSONValue])? = nil,
        listControls: (@Sendable (EntityService.ListParameters, Request) async throws -> [HTMLNode])? = nil,
        bulkActions: (@Sendable (Request) async throws -> [HTMLNode])? = nil,
        listFooter: (@Sendable (Request) async throws -> [HTMLNode])? = nil, customForm: Bool = false
    ) {
        self.detailPanels = detailPanels
        self.apiExtras = apiExtras
        self.listControls = listControls
        self.bulkActions = bulkActions
        self.listFooter = listFooter
        self.customForm = customForm
    }
}

extension EntityDefinition {
    /// The web hooks of this entity (see `EntityPresentation`).
    public var hooks: EntityHooks { EntityPresentation.hooks[name] ?? EntityHooks() }

    /// The definition completed for this request's user (see `EntityRules.resolve`).
    public func resolved(for request: Request) async throws -> EntityDefinition {
        try await resolved(for: request.context)
    }
}

extension EntityService {
    /// The service for this request's user.
    public init(_ definition: EntityDefinition, _ request: Request) {
        self.init(definition, request.context)
    }

    public static func parameters(from request: Request, _ definition: EntityDefinition) -> ListParameters {
        parameters(query: request.url.query ?? "", definition)
    }
}

extension ListLimit {
    /// The limit of a request's query string.
    static func of(_ request: Request, default value: Int, range: ClosedRange<Int>) throws -> Int {
        try check(QueryValues.parse(request.url.query ?? "")["limit"]?.first.map(parse), default: value, range: range)
    }
}
