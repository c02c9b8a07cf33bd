import ComptoirStore
import FluentKit
import Foundation

/// The rules an entity adds to the generic writer and reader, beyond its fields. Each runs with the
/// service context; `prepare` and `afterWrite` run inside the write's transaction (see `EntityService`).
public struct EntityRules: Sendable {
    /// Checks and completes values before a write (uniqueness, cross-field rules, derived columns), inside the
    /// write's transaction and after its lock, so what it checks still holds when the row is written.
    /// `values` holds the parsed columns; `raw` the submitted strings by key; `existing` is nil on create.
    public typealias Prepare =
        @Sendable (
            _ values: inout [String: FieldValue], _ raw: [String: String], _ existing: TableRow?, _ context: ServiceContext
        ) async throws -> [String: [Localized]]
    /// Derived state after the row is written, in the same transaction: search rows, bounds, linked rows.
    /// `previous` is the row before an update, nil on create.
    public typealias AfterWrite = @Sendable (_ row: TableRow, _ previous: TableRow?, _ context: ServiceContext) async throws -> Void

    public var prepare: Prepare?
    public var afterWrite: AfterWrite?
    /// Completes the definition for one actor: choices read from the database.
    public var resolve: (@Sendable (EntityDefinition, ServiceContext) async throws -> EntityDefinition)?
    /// Filters computed from the list's extra query parameters (tags…).
    public var listFilters: (@Sendable (EntityService.ListParameters, ServiceContext) async throws -> [ColumnFilter])?
    /// Row-level visibility for this actor (private projects): rows outside it do not exist (404).
    public var rowScope: (@Sendable (ServiceContext) -> [ColumnFilter])?
    /// How a record is deleted (what blocks it, what goes with it); with the `.delete` operation.
    public var deletion: DeletionRules?

    public init(
        prepare: Prepare? = nil, afterWrite: AfterWrite? = nil,
        resolve: (@Sendable (EntityDefinition, ServiceContext) async throws -> EntityDefinition)? = nil,
        listFilters: (@Sendable (EntityService.ListParameters, ServiceContext) async throws -> [ColumnFilter])? = nil,
        rowScope: (@Sendable (ServiceContext) -> [ColumnFilter])? = nil
    ) {
        self.prepare = prepare
        self.afterWrite = afterWrite
        self.resolve = resolve
        self.listFilters = listFilters
        self.rowScope = rowScope
    }
}

/// An entity described once; `EntityRoutes` and `EntityAPI` turn it into pages and API routes.
public struct EntityDefinition: Sendable {
    public enum Operation: Sendable, Hashable { case list, read, create, update, delete }

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
    public var rules: EntityRules
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
    /// The list's first column is the title column (linked to the record), whatever the fields' order in the form.
    public var listLeadsWithTitle = false
    /// The entity name custom fields are defined for (`companies`), if it takes any.
    public var customFieldsEntity: String?

    public init(
        name: String, table: String, singular: Localized, plural: Localized, module: PermissionModule,
        fields: [FieldDefinition], operations: Set<Operation> = [.list, .read, .create, .update], htmlPath: String,
        defaultSort: String, defaultDescending: Bool = false, titleColumn: String, singletonID: UUID? = nil,
        timestamps: Bool = true, extraColumns: [ColumnSpec] = [], rules: EntityRules = EntityRules()
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
        self.rules = rules
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

    /// The definition completed for this actor (see `EntityRules.resolve`) with the custom fields.
    public func resolved(for context: ServiceContext) async throws -> EntityDefinition {
        var definition = self
        if let resolve = rules.resolve { definition = try await resolve(definition, context) }
        if customFieldsEntity != nil { definition = try await CustomFieldsSupport.resolve(definition, context.db) }
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
