import ComptoirCore
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
    /// A list cell's text when the field's own display does not say it right (nil: the field's display).
    public var listCellText: (@Sendable (FieldDefinition, TableRow, DisplayLocale) -> String?)?
    /// Columns computed for a page of rows (the interactions' contacts).
    public var listColumns: [ListColumn] = []
    /// Controls the create form adds to the fields, with the create that reads them (the interactions' contacts).
    public var createExtension: CreateExtension?
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

/// A list column that is not a field: its cells are computed for the page's rows at once.
public struct ListColumn: Sendable {
    public var header: Localized
    /// The key of the field the column follows (the first column when it is not listed).
    public var after: String
    /// Each row's cell by id; a row left out gets an empty cell.
    public var cells: @Sendable ([TableRow], Request) async throws -> [UUID: HTMLNode]

    public init(header: Localized, after: String, cells: @escaping @Sendable ([TableRow], Request) async throws -> [UUID: HTMLNode]) {
        self.header = header
        self.after = after
        self.cells = cells
    }
}

/// What a create form adds to the entity's fields: controls after a field, their labels (for the error summary), and
/// the service call that creates the record with them in one write.
public struct CreateExtension: Sendable {
    /// The key of the field the controls follow.
    public var after: String
    public var labels: [String: Localized]
    /// The controls, from the rejected input (`submitted`, nil on a fresh form) and its errors.
    public var controls: @Sendable (_ submitted: [String: String]?, _ errors: [String: [Localized]], Request) async throws -> [HTMLNode]
    public var create: @Sendable (EntityDefinition, EntityInput, Request) async throws -> TableRow

    public init(
        after: String, labels: [String: Localized],
        controls: @escaping @Sendable ([String: String]?, [String: [Localized]], Request) async throws -> [HTMLNode],
        create: @escaping @Sendable (EntityDefinition, EntityInput, Request) async throws -> TableRow
    ) {
        self.after = after
        self.labels = labels
        self.controls = controls
        self.create = create
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
