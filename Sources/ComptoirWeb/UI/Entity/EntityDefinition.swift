import ComptoirStore
import FluentKit
import Foundation
import Vapor

/// What an entity adds to the generic component where it needs more than fields.
public struct EntityHooks: Sendable {
    /// Checks and completes values before a write (uniqueness, cross-field rules, derived columns).
    /// `values` holds the parsed columns; `raw` the submitted strings by key; `existing` is nil on create.
    public typealias Prepare = @Sendable (
        _ values: inout [String: FieldValue], _ raw: [String: String], _ existing: TableRow?, _ request: Request
    ) async throws -> [String: [Localized]]

    public var prepare: Prepare?
    /// Extra panels on the detail page, after the fields.
    public var detailPanels: (@Sendable (TableRow, Request) async throws -> [HTMLNode])?
    /// Extra values in the API representation (computed, never stored by the generic writer).
    public var apiExtras: (@Sendable (TableRow) -> [String: JSONValue])?

    /// Completes the definition for one request: choices read from the database, custom fields.
    public var resolve: (@Sendable (EntityDefinition, Request) async throws -> EntityDefinition)?
    /// Runs inside the write's transaction with the saved row (search index, derived rows).
    public var afterWrite: (@Sendable (_ row: TableRow, _ isCreate: Bool, _ db: any Database, _ request: Request) async throws -> Void)?
    /// Filters computed from the list's extra query parameters (tags…).
    public var listFilters: (@Sendable (EntityService.ListParameters, Request) async throws -> [ColumnFilter])?
    /// Extra controls in the list's filter form.
    public var listControls: (@Sendable (EntityService.ListParameters, Request) async throws -> [HTMLNode])?
    /// Actions on a selection of rows: when set, the list shows checkboxes named `ids[]`.
    public var bulkActions: (@Sendable (Request) async throws -> [HTMLNode])?
    /// Extra content under the list (« Enregistrer comme segment »).
    public var listFooter: (@Sendable (Request) async throws -> [HTMLNode])?
    /// Row-level visibility for this request (private projects): rows outside it do not exist (404).
    public var rowScope: (@Sendable (Request) -> [ColumnFilter])?

    public init(
        prepare: Prepare? = nil, detailPanels: (@Sendable (TableRow, Request) async throws -> [HTMLNode])? = nil,
        apiExtras: (@Sendable (TableRow) -> [String: JSONValue])? = nil,
        resolve: (@Sendable (EntityDefinition, Request) async throws -> EntityDefinition)? = nil,
        afterWrite: (@Sendable (_ row: TableRow, _ isCreate: Bool, _ db: any Database, _ request: Request) async throws -> Void)? = nil,
        listFilters: (@Sendable (EntityService.ListParameters, Request) async throws -> [ColumnFilter])? = nil,
        listControls: (@Sendable (EntityService.ListParameters, Request) async throws -> [HTMLNode])? = nil,
        bulkActions: (@Sendable (Request) async throws -> [HTMLNode])? = nil
    ) {
        self.prepare = prepare
        self.detailPanels = detailPanels
        self.apiExtras = apiExtras
        self.resolve = resolve
        self.afterWrite = afterWrite
        self.listFilters = listFilters
        self.listControls = listControls
        self.bulkActions = bulkActions
    }
}

/// An entity described once; `EntityRoutes` and `EntityAPI` turn it into pages and API routes.
public struct EntityDefinition: Sendable {
    public enum Operation: Sendable, Hashable { case list, read, create, update }

    /// Plural kebab-case name, the API resource (`users`, `audit-entries`).
    public var name: String
    public var table: String
    public var singular: Localized
    public var plural: Localized
    public var module: PermissionModule
    public var fields: [FieldDefinition]
    public var operations: Set<Operation>
    /// Where the pages live (`/admin/users`).
    public var htmlPath: String
    public var defaultSort: String
    public var defaultDescending: Bool
    /// The column shown as the record's title.
    public var titleColumn: String
    /// One row only (the organisation profile): no list, the detail at `htmlPath`.
    public var singletonID: UUID?
    /// Maintained `created_at` / `updated_at` columns.
    public var timestamps: Bool
    /// Columns the generic reader loads besides the fields (for hooks and panels).
    public var extraColumns: [ColumnSpec]
    public var hooks: EntityHooks
    /// Values of a new row that the form does not set (a singleton's first row too).
    public var defaults: [String: FieldValue] = [:]
    /// List filters applied when the query does not set them (e.g. `archived=false`).
    public var defaultFilters: [String: String] = [:]
    /// Query parameters the list keeps besides field filters (read by `listFilters`).
    public var extraParameters: [String] = []
    /// The list offers « Exporter (CSV) » of everything that matches its filters.
    public var exportable = false
    /// The list's free-text `q` uses the global search index (prefix, accents ignored) instead of substring matching.
    public var searchIndexed = false
    /// The entity name custom fields are defined for (`companies`), if it takes any.
    public var customFieldsEntity: String?

    public init(
        name: String, table: String, singular: Localized, plural: Localized, module: PermissionModule,
        fields: [FieldDefinition], operations: Set<Operation> = [.list, .read, .create, .update], htmlPath: String,
        defaultSort: String, defaultDescending: Bool = false, titleColumn: String, singletonID: UUID? = nil,
        timestamps: Bool = true, extraColumns: [ColumnSpec] = [], hooks: EntityHooks = EntityHooks()
    ) {
        self.name = name
        self.table = table
        self.singular = singular
        self.plural = plural
        self.module = module
        self.fields = fields
        self.operations = operations
        self.htmlPath = htmlPath
        self.defaultSort = defaultSort
        self.defaultDescending = defaultDescending
        self.titleColumn = titleColumn
        self.singletonID = singletonID
        self.timestamps = timestamps
        self.extraColumns = extraColumns
        self.hooks = hooks
    }

    /// The columns the generic store reads and writes (passwords are write-only, so never read).
    public var tableSpec: TableSpec {
        var columns = fields.filter { !$0.isPassword && $0.customFieldID == nil }.map { ColumnSpec($0.column, $0.kind.columnType) }
        if timestamps {
            for name in ["created_at", "updated_at"] where !columns.contains(where: { $0.name == name }) {
                columns.append(ColumnSpec(name, .dateTime))
            }
        }
        for extra in extraColumns where !columns.contains(where: { $0.name == extra.name }) {
            columns.append(extra)
        }
        return TableSpec(table: table, columns: columns)
    }

    public func fields(_ use: FieldUse) -> [FieldDefinition] {
        fields.filter { $0.uses.contains(use) }
    }

    public func field(key: String) -> FieldDefinition? {
        fields.first { $0.key == key }
    }

    public func field(column: String) -> FieldDefinition? {
        fields.first { $0.column == column }
    }

    public func path(_ id: UUID) -> String {
        singletonID != nil ? htmlPath : "\(htmlPath)/\(id.uuidString.lowercased())"
    }

    public var isSingleton: Bool { singletonID != nil }

    /// The definition completed for this request (see `EntityHooks.resolve`).
    public func resolved(for request: Request) async throws -> EntityDefinition {
        var definition = self
        if let resolve = hooks.resolve { definition = try await resolve(definition, request) }
        if customFieldsEntity != nil { definition = try await CustomFieldsSupport.resolve(definition, request.db) }
        return definition
    }

    /// The fields whose values live in `custom_values`.
    public var customFields: [FieldDefinition] { fields.filter { $0.customFieldID != nil } }

    /// The sort keys the list accepts: sortable fields, plus creation time.
    public var sortColumns: [String] {
        var columns = fields(.sort).map(\.column)
        if timestamps { columns.append("created_at") }
        return columns
    }
}
