import FluentKit
import Foundation
import SQLKit

/// Generic reads and writes of a `TableSpec`, used by the list/form/detail component and the API.
public enum TableStore {
    /// A keyset-paginated page: ordered by the sort column then id, so deep pages cost what page 1 costs.
    public static func list(_ spec: TableSpec, _ request: ListRequest, on db: any Database) async throws -> ListPage {
        let sql = try sqlDatabase(db)
        guard let sortColumn = spec.column(request.sortColumn) else {
            throw StoreError.configuration("unknown sort column \(request.sortColumn) on \(spec.table)")
        }
        let limit = max(1, min(request.limit, 500))
        // A name with a key column (`SortKeys`) is ordered and paged by its key: French order, the same on both databases.
        let keyColumn = SortKeys.keyColumn(spec.table, sortColumn.name)
        let orderColumn = keyColumn ?? sortColumn.name
        var query = sql.select().columns(["id"] + spec.columns.map(\.name) + (keyColumn.map { [$0] } ?? [])).from(spec.table)
        for condition in try await conditions(request.filters, spec: spec, ordered: true, on: sql) {
            query = query.where(condition)
        }
        if let raw = request.cursor {
            let cursor = try PageCursor.decode(raw)
            let op = request.descending ? "<" : ">"
            if let bind = cursor.value.bindable {
                // A row-value comparison lets both databases seek the (sort, id) index to the cursor.
                query = query.where(
                    SQLQueryString("(\(ident: orderColumn), \(ident: "id")) \(unsafeRaw: op) (\(bind: bind), \(bind: cursor.id))"))
            } else {
                query = query.where(SQLQueryString("\(ident: "id") \(unsafeRaw: op) \(bind: cursor.id)"))
            }
        }
        let direction: SQLDirection = request.descending ? .descending : .ascending
        query = query.orderBy(orderColumn, direction).orderBy("id", direction).limit(limit + 1)
        let raw = try await query.all()
        let rows = try raw.map { try decode($0, spec: spec) }
        guard rows.count > limit else { return ListPage(rows: rows, nextCursor: nil) }
        let pageRows = Array(rows.prefix(limit))
        let last = pageRows[pageRows.count - 1]
        let value: FieldValue =
            if let keyColumn { .text(try raw[limit - 1].decode(column: keyColumn, as: String.self)) } else { last[sortColumn.name] }
        let cursor = PageCursor(value: value, id: last.id)
        return ListPage(rows: pageRows, nextCursor: try cursor.encode())
    }

    /// How many rows match the filters.
    public static func count(_ spec: TableSpec, filters: [ColumnFilter], on db: any Database) async throws -> Int {
        let sql = try sqlDatabase(db)
        var query = sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(spec.table)
        for condition in try await conditions(filters, spec: spec, ordered: false, on: sql) {
            query = query.where(condition)
        }
        guard let row = try await query.first() else { return 0 }
        return try row.decode(column: "n", as: Int.self)
    }

    /// How many rows match, counting no further than `cap + 1`: a list says « 12 » or « plus de 10 000 » without
    /// walking a large table to the end (`nil` when more than `cap` match).
    public static func count(_ spec: TableSpec, filters: [ColumnFilter], upTo cap: Int, on db: any Database) async throws -> Int? {
        let sql = try sqlDatabase(db)
        let conditions = try await conditions(filters, spec: spec, ordered: false, on: sql)
        let matches = SQLSubquery.select { inner in
            var inner = inner.column(SQLLiteral.numeric("1")).from(spec.table)
            for condition in conditions { inner = inner.where(condition) }
            return inner.limit(cap + 1)
        }
        let row = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(SQLAlias(matches, as: SQLIdentifier("matches"))).first()
        let count = try row?.decode(column: "n", as: Int.self) ?? 0
        return count > cap ? nil : count
    }

    public static func get(_ spec: TableSpec, id: UUID, on db: any Database) async throws -> TableRow? {
        let sql = try sqlDatabase(db)
        let row = try await sql.select().columns(["id"] + spec.columns.map(\.name)).from(spec.table)
            .where("id", .equal, id).first()
        return try row.map { try decode($0, spec: spec) }
    }

    /// Several rows by id, 500 per query (ids not found are simply absent).
    public static func getMany(_ spec: TableSpec, ids: [UUID], on db: any Database) async throws -> [UUID: TableRow] {
        let sql = try sqlDatabase(db)
        var rows: [UUID: TableRow] = [:]
        for chunk in ids.chunked(500) {
            let found = try await sql.select().columns(["id"] + spec.columns.map(\.name)).from(spec.table)
                .where(SQLIdentifier("id"), .in, SQLGroupExpression(SQLList(chunk.map { SQLBind($0) }))).all()
            for row in found {
                let decoded = try decode(row, spec: spec)
                rows[decoded.id] = decoded
            }
        }
        return rows
    }

    /// Inserts a row; the sort keys of its names (`SortKeys`) are written with them.
    public static func insert(_ spec: TableSpec, id: UUID, values: [String: FieldValue], on db: any Database) async throws {
        let sql = try sqlDatabase(db)
        var values = values
        SortKeys.complete(spec.table, &values)
        let names = values.keys.sorted()
        try checkColumns(names, spec: spec)
        let expressions: [any SQLExpression] = [SQLBind(id)] + names.map { bindExpression(values[$0] ?? .null) }
        try await sql.insert(into: spec.table).columns(["id"] + names).values(expressions).run()
    }

    /// Updates the given columns; a changed name gets its sort key (`SortKeys`) in the same statement.
    public static func update(_ spec: TableSpec, id: UUID, values: [String: FieldValue], on db: any Database) async throws {
        guard !values.isEmpty else { return }
        let sql = try sqlDatabase(db)
        var values = values
        SortKeys.complete(spec.table, &values)
        let names = values.keys.sorted()
        try checkColumns(names, spec: spec)
        var query = sql.update(spec.table)
        for name in names {
            query = query.set(SQLColumn(name), to: bindExpression(values[name] ?? .null))
        }
        try await query.where("id", .equal, id).run()
    }

    /// Whether `table` has a row with this id.
    public static func exists(_ table: String, id: UUID, on db: any Database) async throws -> Bool {
        try await sqlDatabase(db).raw("SELECT id FROM \(ident: table) WHERE id = \(bind: id)").first() != nil
    }

    /// The value of one text column (a record's name) for each id found.
    public static func titles(_ table: String, column: String, ids: [UUID], on db: any Database) async throws -> [UUID: String] {
        var titles: [UUID: String] = [:]
        for chunk in ids.chunked(500) {
            let binds: [any Encodable & Sendable] = chunk
            for row in try await sqlDatabase(db)
                .raw("SELECT id, \(ident: column) AS title FROM \(ident: table) WHERE id IN (\(binds: binds))").all()
            {
                titles[try row.decode(column: "id", as: UUID.self)] = try row.decode(column: "title", as: String.self)
            }
        }
        return titles
    }

    public static func sqlDatabase(_ db: any Database) throws -> any SQLDatabase {
        guard let sql = db as? any SQLDatabase else {
            throw StoreError.configuration("the database does not speak SQL")
        }
        return sql
    }

    private static func checkColumns(_ names: [String], spec: TableSpec) throws {
        for name in names where spec.column(name) == nil && !SortKeys.isKey(spec.table, name) {
            throw StoreError.configuration("unknown column \(name) on \(spec.table)")
        }
    }

    static func bindExpression(_ value: FieldValue) -> any SQLExpression {
        guard let bind = value.bindable else { return SQLLiteral.null }
        return SQLBind(bind)
    }

    /// The SQL of the filters. A search filter asks the index how many records match first (SQLite), to choose
    /// between reading the matches and walking the list's order: see `SearchIndex.matchCondition`. The search kind
    /// of an indexed table is its table name.
    static func conditions(_ filters: [ColumnFilter], spec: TableSpec, ordered: Bool, on sql: any SQLDatabase) async throws
        -> [any SQLExpression]
    {
        var conditions: [any SQLExpression] = []
        for filter in filters {
            conditions.append(try await condition(filter, spec: spec, ordered: ordered, on: sql))
        }
        return conditions
    }

    /// One filter's SQL; groups and negations are resolved member by member, so a search may sit inside them.
    private static func condition(_ filter: ColumnFilter, spec: TableSpec, ordered: Bool, on sql: any SQLDatabase) async throws
        -> any SQLExpression
    {
        switch filter {
        case .searchMatch(let text):
            return try await SearchIndex.matchCondition(text, table: spec.table, ordered: ordered, on: sql)
        case .not(let inner):
            let resolved = try await condition(inner, spec: spec, ordered: ordered, on: sql)
            return SQLQueryString("NOT COALESCE((\(resolved)), FALSE)")
        case .group(let members, let all):
            guard !members.isEmpty else { return SQLQueryString("1 = 1") }
            var clause = SQLQueryString("(")
            for (index, member) in members.enumerated() {
                if index > 0 { clause.appendLiteral(all ? " AND " : " OR ") }
                let resolved = try await condition(member, spec: spec, ordered: ordered, on: sql)
                clause.appendInterpolation(SQLQueryString("(\(resolved))"))
            }
            clause.appendLiteral(")")
            return clause
        default:
            return try expression(for: filter, spec: spec, dialect: sql.dialect.name)
        }
    }

    static func expression(for filter: ColumnFilter, spec: TableSpec, dialect: String) throws -> any SQLExpression {
        func known(_ name: String) throws -> String {
            guard name == "id" || spec.column(name) != nil else {
                throw StoreError.configuration("unknown filter column \(name) on \(spec.table)")
            }
            return name
        }
        switch filter {
        case .equals(let column, let value):
            guard let bind = value.bindable else {
                return SQLQueryString("\(ident: try known(column)) IS NULL")
            }
            return SQLQueryString("\(ident: try known(column)) = \(bind: bind)")
        case .contains(let column, let text):
            return SQLQueryString("LOWER(\(ident: try known(column))) LIKE \(bind: likePattern(text)) ESCAPE '!'")
        case .atLeast(let column, let value):
            return SQLQueryString("\(ident: try known(column)) >= \(bind: value.bindable ?? "")")
        case .before(let column, let value):
            return SQLQueryString("\(ident: try known(column)) < \(bind: value.bindable ?? "")")
        case .anyContains(let columns, let text):
            guard !columns.isEmpty else { return SQLQueryString("1 = 1") }
            let pattern = likePattern(text)
            var clause = SQLQueryString("(")
            for (index, column) in columns.enumerated() {
                if index > 0 { clause.appendLiteral(" OR ") }
                clause.appendInterpolation(
                    SQLQueryString("LOWER(COALESCE(\(ident: try known(column)), '')) LIKE \(bind: pattern) ESCAPE '!'"))
            }
            clause.appendLiteral(")")
            return clause
        case .linked(let linkTable, let recordColumn, let valueColumn, let values, let negate):
            guard !values.isEmpty else { return SQLQueryString(negate ? "1 = 1" : "1 = 0") }
            let binds: [any Encodable & Sendable] = values
            return SQLQueryString(
                "\(ident: "id") \(unsafeRaw: negate ? "NOT IN" : "IN") (SELECT \(ident: recordColumn) FROM \(ident: linkTable) WHERE \(ident: valueColumn) IN (\(binds: binds)))"
            )
        case .visibleProject(let column, let user):
            return ProjectAccess.visible(try known(column), user: user)
        case .visibleProjectRow(let user):
            return SQLQueryString("(visibility = 'public' OR id IN (SELECT project_id FROM project_users WHERE user_id = \(bind: user)))")
        case .memberProjectRow(let user):
            return SQLQueryString("id IN (SELECT project_id FROM project_users WHERE user_id = \(bind: user))")
        case .memberProject(let column, let user):
            return ProjectAccess.visible(try known(column), .member(user))
        case .searchMatch, .not, .group:
            throw StoreError.configuration("search filters, negations and groups are resolved by TableStore.conditions")
        case .equalsIgnoringCase(let column, let text):
            return SQLQueryString("LOWER(\(ident: try known(column))) = \(bind: text.lowercased())")
        case .startsWith(let column, let text):
            return SQLQueryString(
                "LOWER(\(ident: try known(column))) LIKE \(bind: likeEscape(text.lowercased()) + "%") ESCAPE '!'")
        case .isEmpty(let column):
            let name = try known(column)
            if spec.column(name)?.type == .text {
                return SQLQueryString("(\(ident: name) IS NULL OR \(ident: name) = '')")
            }
            return SQLQueryString("\(ident: name) IS NULL")
        case .after(let column, let value):
            return SQLQueryString("\(ident: try known(column)) > \(bind: value.bindable ?? "")")
        case .atMost(let column, let value):
            return SQLQueryString("\(ident: try known(column)) <= \(bind: value.bindable ?? "")")
        case .customValue(let field, let value, let match):
            let condition: SQLQueryString
            switch match {
            case .equals: condition = "value = \(bind: value)"
            case .contains: condition = "LOWER(value) LIKE \(bind: likePattern(value)) ESCAPE '!'"
            case .startsWith: condition = "LOWER(value) LIKE \(bind: likeEscape(value.lowercased()) + "%") ESCAPE '!'"
            case .present: condition = "value <> ''"
            case .compare(let comparison, let numeric):
                if numeric {
                    guard let number = Int64(value) else { return SQLQueryString("1 = 0") }
                    // PostgreSQL may cast before it checks the field (another field's text would fail the cast): only
                    // whole numbers are cast there. SQLite's CAST never fails.
                    if dialect == "postgresql" {
                        condition =
                            "CASE WHEN value ~ '^-?[0-9]{1,18}$' THEN CAST(value AS BIGINT) END \(unsafeRaw: comparison.rawValue) \(bind: number)"
                    } else {
                        condition = "CAST(value AS BIGINT) \(unsafeRaw: comparison.rawValue) \(bind: number)"
                    }
                } else {
                    condition = "value \(unsafeRaw: comparison.rawValue) \(bind: value)"
                }
            case .line:
                condition =
                    "(value = \(bind: value) OR value LIKE \(bind: likeEscape(value) + "\n%") ESCAPE '!' OR value LIKE \(bind: "%\n" + likeEscape(value)) ESCAPE '!' OR value LIKE \(bind: "%\n" + likeEscape(value) + "\n%") ESCAPE '!')"
            }
            return SQLQueryString(
                "\(ident: "id") IN (SELECT record_id FROM custom_values WHERE field_id = \(bind: field) AND \(condition))")
        case .columnIn(let column, let values):
            guard !values.isEmpty else { return SQLQueryString("1 = 0") }
            let binds: [any Encodable & Sendable] = values
            return SQLQueryString("\(ident: try known(column)) IN (\(binds: binds))")
        case .idIn(let ids):
            guard !ids.isEmpty else { return SQLQueryString("1 = 0") }
            let binds: [any Encodable & Sendable] = ids
            return SQLQueryString("\(ident: "id") IN (\(binds: binds))")
        }
    }

    /// Deletes rows by id (links and other records users may purge; never validated documents).
    public static func delete(_ spec: TableSpec, id: UUID, on db: any Database) async throws {
        try await sqlDatabase(db).delete(from: spec.table).where("id", .equal, id).run()
    }

    /// `%text%` in lower case with `!` escaping LIKE's wildcards: use with `ESCAPE '!'`.
    public static func likePattern(_ text: String) -> String {
        "%\(likeEscape(text.lowercased()))%"
    }

    private static func likeEscape(_ text: String) -> String {
        text.replacingOccurrences(of: "!", with: "!!")
            .replacingOccurrences(of: "%", with: "!%")
            .replacingOccurrences(of: "_", with: "!_")
    }

    /// Decodes a row read by hand (a join) as the spec's columns plus `id`.
    public static func decodeRow(_ row: any SQLRow, spec: TableSpec) throws -> TableRow {
        try decode(row, spec: spec)
    }

    private static func decode(_ row: any SQLRow, spec: TableSpec) throws -> TableRow {
        let id = try row.decode(column: "id", as: UUID.self)
        var values: [String: FieldValue] = [:]
        for column in spec.columns {
            if try row.decodeNil(column: column.name) {
                values[column.name] = .null
                continue
            }
            switch column.type {
            case .text: values[column.name] = .text(try row.decode(column: column.name, as: String.self))
            case .bool: values[column.name] = .bool(try row.decode(column: column.name, as: Bool.self))
            case .int: values[column.name] = .int(try row.decode(column: column.name, as: Int64.self))
            case .dateTime: values[column.name] = .date(try row.decode(column: column.name, as: Date.self))
            case .uuid: values[column.name] = .uuid(try row.decode(column: column.name, as: UUID.self))
            }
        }
        return TableRow(id: id, values: values)
    }
}

/// The opaque `cursor` of a list: the last row's sort value and id.
struct PageCursor: Codable, Sendable {
    var value: FieldValue
    var id: UUID

    func encode() throws -> String {
        let data = try JSONEncoder().encode(self)
        return data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ raw: String) throws -> PageCursor {
        var base64 = raw.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64.append("=") }
        guard let data = Data(base64Encoded: base64), let cursor = try? JSONDecoder().decode(PageCursor.self, from: data) else {
            throw InvalidCursor()
        }
        return cursor
    }
}

/// A `cursor` parameter that this server did not produce.
public struct InvalidCursor: Error, Sendable {}
