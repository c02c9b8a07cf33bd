import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation

/// Submitted values by field key, from a form or a JSON body.
public struct EntityInput: Sendable {
    public var values: [String: String]
    /// A form submits every field it shows (an unchecked box is absent but means "no");
    /// a JSON PATCH only the keys it changes.
    public var isPartial: Bool
    /// From the API: a key left out keeps its default (a form's missing checkbox means "no").
    public var omittedMeansDefault: Bool

    public init(values: [String: String], isPartial: Bool, omittedMeansDefault: Bool = false) {
        self.values = values
        self.isPartial = isPartial
        self.omittedMeansDefault = omittedMeansDefault
    }
}

/// Generic reads and writes of an entity, with the policy check and the audit entry.
/// Pages, the API, the CLI, the import and the demo all call it; nothing here knows about HTTP, HTML or JSON.
///
/// Each write has one shape: open the transaction, take the entity's write lock (`WriteLock`), resolve
/// lookups and run the entity's `prepare` rule (checks that read the database), write the row and its custom
/// values, run `afterWrite` (derived state: search rows, bounds, links), record the audit entry. A refused
/// check throws inside the transaction, so nothing is written; two concurrent writers cannot both pass it.
public struct EntityService: Sendable {
    public let definition: EntityDefinition
    public let context: ServiceContext

    public init(_ definition: EntityDefinition, _ context: ServiceContext) {
        self.definition = definition
        self.context = context
    }

    /// The list query parameters: `q`, `sort` (`-` for descending), `limit`, `cursor` and one per filter field.
    public struct ListParameters: Sendable {
        public var q: String?
        public var sort: String?
        public var limit: Int?
        public var cursor: String?
        public var filters: [String: String]
        /// The definition's extra parameters (`tags`, `tagMode`…).
        public var extra: [String: String] = [:]
        /// Filters already built and checked (a segment's conditions), added to those of the parameters.
        public var conditions: [ColumnFilter] = []

        public init(
            q: String? = nil, sort: String? = nil, limit: Int? = nil, cursor: String? = nil, filters: [String: String] = [:],
            extra: [String: String] = [:]
        ) {
            self.q = q
            self.sort = sort
            self.limit = limit
            self.cursor = cursor
            self.filters = filters
            self.extra = extra
        }
    }

    /// The list parameters of a query string (a page's URL, or a segment's stored query).
    public static func parameters(query: String, _ definition: EntityDefinition) -> ListParameters {
        let values = QueryValues.parse(query)
        func first(_ key: String) -> String? { values[key]?.first }
        var filters: [String: String] = [:]
        for field in definition.fields(.filter) {
            for suffix in ["", "From", "To"] {
                let key = field.key + suffix
                if let value = first(key) {
                    // An explicit empty value means "all": it overrides the default filter.
                    if !value.isEmpty { filters[key] = value }
                } else if let value = definition.defaultFilters[key] {
                    filters[key] = value
                }
            }
        }
        var extra: [String: String] = [:]
        for key in definition.extraParameters {
            // A multiple select repeats its key: the values are joined with commas.
            let all = (values[key] ?? []).filter { !$0.isEmpty }
            if !all.isEmpty { extra[key] = all.joined(separator: ",") }
        }
        return ListParameters(
            q: first("q"), sort: first("sort"), limit: first("limit").map { ListLimit.parse($0) },
            cursor: first("cursor").flatMap { $0.isEmpty ? nil : $0 }, filters: filters, extra: extra)
    }

    public func list(_ parameters: ListParameters) async throws -> ListPage {
        try await list(parameters, filters: try await filters(for: parameters))
    }

    /// How many records match (segments show it live).
    public func count(_ parameters: ListParameters) async throws -> Int {
        try await TableStore.count(definition.tableSpec, filters: try await filters(for: parameters), on: context.db)
    }

    /// How many records match, exact up to `cap` (nil above): lists show « 12 sociétés » or « plus de 10 000 ».
    public func count(_ parameters: ListParameters, upTo cap: Int) async throws -> Int? {
        try await TableStore.count(definition.tableSpec, filters: try await filters(for: parameters), upTo: cap, on: context.db)
    }

    /// The SQL conditions of the list parameters, checked.
    public func filters(for parameters: ListParameters) async throws -> [ColumnFilter] {
        try context.authorize(.read, definition.module)
        var filters: [ColumnFilter] = []
        var problems: [String: [Localized]] = [:]
        for field in definition.fields(.filter) {
            if field.customFieldID != nil {
                guard let raw = parameters.filters[field.key] else { continue }
                switch CustomFieldsSupport.filter(field, raw) {
                case .success(let filter): filters.append(filter)
                case .failure(let message): problems[field.key] = [message]
                }
                continue
            }
            switch field.kind {
            case .dateTime:
                if let from = parameters.filters[field.key + "From"] {
                    guard let day = DateDisplay.parseDay(from) else {
                        problems[field.key + "From"] = [L("Date invalide (jj/mm/aaaa).", "Invalid date (dd/mm/yyyy).")]
                        continue
                    }
                    filters.append(.atLeast(field.column, .date(day.startDate())))
                }
                if let to = parameters.filters[field.key + "To"] {
                    guard let day = DateDisplay.parseDay(to) else {
                        problems[field.key + "To"] = [L("Date invalide (jj/mm/aaaa).", "Invalid date (dd/mm/yyyy).")]
                        continue
                    }
                    filters.append(.before(field.column, .date(day.adding(days: 1).startDate())))
                }
            case .reference:
                // An equality on an id: an id that is not among the choices just matches nothing.
                guard let raw = parameters.filters[field.key] else { continue }
                guard let id = UUID(uuidString: raw.fastTrimmed) else {
                    problems[field.key] = [L("Identifiant attendu.", "An identifier is expected.")]
                    continue
                }
                filters.append(.equals(field.column, .uuid(id)))
            case .bool, .choice, .multiChoice, .lookup:
                guard let raw = parameters.filters[field.key] else { continue }
                switch FieldParsing.parse(field, raw) {
                case .success(.text) where field.kind.columnType == .uuid:
                    problems[field.key] = [L("Identifiant attendu.", "An identifier is expected.")]
                case .success(let value): filters.append(.equals(field.column, value))
                case .failure(let message): problems[field.key] = [message]
                }
            default:
                if let raw = parameters.filters[field.key] {
                    filters.append(.contains(field.column, raw))
                }
            }
        }
        if let q = parameters.q?.trimmingCharacters(in: .whitespaces), !q.isEmpty {
            filters.append(definition.searchIndexed ? .searchMatch(q) : .anyContains(definition.fields(.search).map(\.column), q))
        }
        if !problems.isEmpty {
            throw AppError(.badRequest, code: "invalid_filter", L("Filtre invalide.", "Invalid filter."), fields: problems)
        }
        if let extra = definition.rules.listFilters {
            filters += try await extra(parameters, context)
        }
        filters += parameters.conditions
        filters += definition.rules.rowScope?(context) ?? []
        return filters
    }

    /// One page for already-checked filters (exports walk every page with the same filters).
    public func page(_ parameters: ListParameters, filters: [ColumnFilter]) async throws -> ListPage {
        try await list(parameters, filters: filters)
    }

    private func list(_ parameters: ListParameters, filters: [ColumnFilter]) async throws -> ListPage {

        var sortColumn = definition.defaultSort
        var descending = definition.defaultDescending
        if let sort = parameters.sort, !sort.isEmpty {
            descending = sort.hasPrefix("-")
            let key = descending ? String(sort.dropFirst()) : sort
            let column = key == "createdAt" ? "created_at" : (definition.field(key: key)?.column ?? "")
            guard definition.sortColumns.contains(column) else {
                throw AppError(.badRequest, code: "invalid_sort", L("Tri impossible sur « \(key) ».", "Cannot sort by \"\(key)\"."))
            }
            sortColumn = column
        }
        let limit = try ListLimit.check(parameters.limit, default: 50, range: 1...500)
        do {
            var page = try await TableStore.list(
                definition.tableSpec,
                ListRequest(filters: filters, sortColumn: sortColumn, descending: descending, limit: limit, cursor: parameters.cursor),
                on: context.db)
            page.rows = try await CustomFieldsSupport.attach(page.rows, definition, context.db)
            page.rows = try await LookupSupport.attachTitles(page.rows, definition, context.db)
            return page
        } catch is InvalidCursor {
            throw AppError(.badRequest, code: "invalid_cursor", L("Curseur de pagination invalide.", "Invalid pagination cursor."))
        }
    }

    /// One record, or 404.
    public func get(_ id: UUID) async throws -> TableRow {
        try context.authorize(.read, definition.module)
        if let singletonID = definition.singletonID {
            return try await singleton(singletonID)
        }
        guard let row = try await TableStore.get(definition.tableSpec, id: id, on: context.db) else {
            throw AppError.notFound
        }
        if let scope = definition.rules.rowScope?(context), !scope.isEmpty,
            try await TableStore.count(definition.tableSpec, filters: [.idIn([id])] + scope, on: context.db) == 0
        {
            throw AppError.notFound
        }
        return try await complete(row)
    }

    /// A row re-read after a write, with its custom values.
    private func reload(_ id: UUID) async throws -> TableRow {
        guard let row = try await TableStore.get(definition.tableSpec, id: id, on: context.db) else { throw AppError.notFound }
        return try await complete(row)
    }

    /// Adds what is not in the row's own columns: custom values, lookup names.
    private func complete(_ row: TableRow) async throws -> TableRow {
        let withCustom = try await CustomFieldsSupport.attach([row], definition, context.db)
        return try await LookupSupport.attachTitles(withCustom, definition, context.db)[0]
    }

    private func singleton(_ id: UUID) async throws -> TableRow {
        if let row = try await TableStore.get(definition.tableSpec, id: id, on: context.db) { return row }
        // The single row is created on first read, with each required text empty.
        var values = definition.defaults
        for field in definition.fields where field.required && values[field.column] == nil { values[field.column] = .text("") }
        if definition.timestamps {
            values["created_at"] = .date(context.now)
            values["updated_at"] = .date(context.now)
        }
        try await TableStore.insert(definition.tableSpec, id: id, values: values, on: context.db)
        guard let row = try await TableStore.get(definition.tableSpec, id: id, on: context.db) else { throw AppError.notFound }
        return row
    }

    /// Validates and creates; a validation failure throws 422 with every field at fault, and writes nothing.
    public func create(_ input: EntityInput) async throws -> TableRow {
        try context.authorize(.write, definition.module)
        guard definition.operations.contains(.create) else { throw AppError.forbidden }
        let (parsed, parseErrors) = parse(input, fields: definition.fields(.create))
        let definition = self.definition
        let id = try await context.transaction { context in
            try await WriteLock.acquire(definition.table, on: context.db)
            var values = parsed
            var errors = parseErrors
            errors.merge(try await LookupSupport.resolve(&values, input.values, definition, context)) { $0 + $1 }
            if let prepare = definition.rules.prepare {
                errors.merge(try await prepare(&values, input.values, nil, context)) { $0 + $1 }
            }
            if !errors.isEmpty { throw AppError.validation(errors) }
            let id = context.newID()
            for (column, value) in definition.defaults where values[column] == nil {
                values[column] = value
            }
            // A yes/no left out of an API call means "no", as an unchecked box does.
            for field in definition.fields(.create) where values[field.column] == nil && field.customFieldID == nil {
                if case .bool = field.kind { values[field.column] = .bool(false) }
            }
            if definition.timestamps {
                values["created_at"] = .date(context.now)
                values["updated_at"] = .date(context.now)
            }
            let spec = definition.tableSpec
            let audit = EntityService.creationAudit(definition, values)
            let custom = CustomFieldsSupport.extract(&values, definition)
            try await TableStore.insert(spec, id: id, values: values, on: context.db)
            try await CustomFieldsSupport.write(custom, record: id, context)
            if let afterWrite = definition.rules.afterWrite, let saved = try await TableStore.get(spec, id: id, on: context.db) {
                try await afterWrite(saved, nil, context)
            }
            try await AuditLog.record(
                .create, entity: definition.table, id: id.uuidString.lowercased(), summary: audit.summary,
                changes: audit.changes, by: context.auditActor, at: context.now, on: context.db)
            return id
        }
        return try await reload(id)
    }

    /// Validates and updates the submitted fields; unchanged records write no audit entry.
    public func update(_ id: UUID, _ input: EntityInput) async throws -> TableRow {
        try context.authorize(.write, definition.module)
        guard definition.operations.contains(.update) else { throw AppError.forbidden }
        var editable = definition.fields(.edit)
        if input.isPartial {
            editable = editable.filter { input.values[$0.key] != nil }
        }
        let (parsed, parseErrors) = parse(input, fields: editable)
        let definition = self.definition
        let savedID = try await context.transaction { context in
            try await WriteLock.acquire(definition.table, on: context.db)
            // Read under the lock: the checks and the audit diff see the row as it is now.
            let existing = try await EntityService(definition, context).get(id)
            var values = parsed
            var errors = parseErrors
            errors.merge(try await LookupSupport.resolve(&values, input.values, definition, context)) { $0 + $1 }
            if let prepare = definition.rules.prepare {
                errors.merge(try await prepare(&values, input.values, existing, context)) { $0 + $1 }
            }
            if !errors.isEmpty { throw AppError.validation(errors) }
            let changes = AuditLog.diff(
                before: EntityService.auditable(existing.values.filter { values[$0.key] != nil }), after: EntityService.auditable(values))
            if changes.isEmpty { return existing.id }
            if definition.timestamps { values["updated_at"] = .date(context.now) }
            let spec = definition.tableSpec
            let custom = CustomFieldsSupport.extract(&values, definition)
            try await TableStore.update(spec, id: existing.id, values: values, on: context.db)
            try await CustomFieldsSupport.write(custom, record: existing.id, context)
            if let afterWrite = definition.rules.afterWrite, let saved = try await TableStore.get(spec, id: existing.id, on: context.db) {
                try await afterWrite(saved, existing, context)
            }
            try await AuditLog.record(
                .update, entity: definition.table, id: existing.id.uuidString.lowercased(),
                summary: (values[definition.titleColumn] ?? existing[definition.titleColumn]).textValue ?? "",
                changes: changes, by: context.auditActor, at: context.now, on: context.db)
            return existing.id
        }
        return try await reload(savedID)
    }

    /// A creation's audit entry: the record's title, and every value written (custom ones by their column), timestamps
    /// left out. The import's bulk writer records the same.
    static func creationAudit(_ definition: EntityDefinition, _ values: [String: FieldValue]) -> (
        summary: String, changes: [String: (before: FieldValue, after: FieldValue)]
    ) {
        // `AuditLog.diff(before: [:], after: auditable(values))`, without its intermediate sets and dictionaries.
        var changes: [String: (before: FieldValue, after: FieldValue)] = [:]
        changes.reserveCapacity(values.count)
        for (column, value) in values where value != .null && column != "updated_at" && column != "created_at" {
            changes[column] = (.null, value)
        }
        return (values[definition.titleColumn]?.textValue ?? "", changes)
    }

    static func auditable(_ values: [String: FieldValue]) -> [String: FieldValue] {
        values.filter { $0.key != "updated_at" && $0.key != "created_at" }
    }

    private func parse(_ input: EntityInput, fields: [FieldDefinition]) -> ([String: FieldValue], [String: [Localized]]) {
        var values: [String: FieldValue] = [:]
        var errors: [String: [Localized]] = [:]
        for field in fields {
            if input.omittedMeansDefault, input.values[field.key] == nil {
                if field.required, input.isPartial == false, definition.defaults[field.column] == nil {
                    errors[field.key, default: []].append(FieldParsing.requiredMessage)
                }
                continue
            }
            switch FieldParsing.parse(field, input.values[field.key]) {
            case .success(let value):
                // Passwords are handed to the hook, which stores a hash instead.
                values[field.column] = value
            case .failure(let message):
                errors[field.key, default: []].append(message)
            }
        }
        return (values, errors)
    }
}

/// Raw query values, including repeated keys (`tags=a&tags=b`, `tags[]=a`).
/// `?limit=`: an integer in a range, else a 400 naming `limit` (`1.5` or `ten` are not ignored).
public enum ListLimit {
    /// The submitted text as a limit; text that is not an integer becomes 0, which no range allows.
    public static func parse(_ raw: String) -> Int { Int(raw) ?? 0 }

    public static func check(_ limit: Int?, default value: Int, range: ClosedRange<Int>) throws -> Int {
        let limit = limit ?? value
        guard range.contains(limit) else {
            let message = L(
                "`limit` doit être un entier entre \(range.lowerBound) et \(range.upperBound).",
                "`limit` must be an integer between \(range.lowerBound) and \(range.upperBound).")
            throw AppError(.badRequest, code: "invalid_limit", message, fields: ["limit": [message]])
        }
        return limit
    }

}

public enum QueryValues {
    public static func parse(_ query: String) -> [String: [String]] {
        var values: [String: [String]] = [:]
        for pair in query.split(separator: "&") {
            // Not `split(separator:)`: it drops empty pieces, so "=" would give no name at all (and "=x" name "x").
            guard let equals = pair.firstIndex(of: "=") else {
                add(decode(String(pair)), "", to: &values)
                continue
            }
            add(decode(String(pair[..<equals])), decode(String(pair[pair.index(after: equals)...])), to: &values)
        }
        return values
    }

    private static func add(_ rawName: String, _ value: String, to values: inout [String: [String]]) {
        var name = rawName
        if name.hasSuffix("[]") { name.removeLast(2) }
        guard !name.isEmpty else { return }  // `=x` names nothing
        values[name, default: []].append(value)
    }

    public static func decode(_ text: String) -> String {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? text
    }

    /// A name or value for a query string: everything but letters, digits and `-._~` percent-encoded.
    public static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    private static let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
}
