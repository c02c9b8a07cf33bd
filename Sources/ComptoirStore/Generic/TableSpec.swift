import Foundation

/// How a column is stored, so generic code can read and bind it on SQLite and PostgreSQL alike.
public enum ColumnType: Sendable, Hashable {
    case text
    case bool
    case int
    /// A point in time (`.datetime` column).
    case dateTime
    case uuid
}

public struct ColumnSpec: Sendable, Hashable {
    public var name: String
    public var type: ColumnType

    public init(_ name: String, _ type: ColumnType) {
        self.name = name
        self.type = type
    }
}

/// A table as generic lists and forms see it: its columns, keyed by a UUID `id`.
public struct TableSpec: Sendable {
    public var table: String
    public var columns: [ColumnSpec]

    public init(table: String, columns: [ColumnSpec]) {
        self.table = table
        self.columns = columns
    }

    public func column(_ name: String) -> ColumnSpec? {
        columns.first { $0.name == name }
    }
}

/// A row read generically: its id and its values by column name.
public struct TableRow: Sendable, Hashable {
    public var id: UUID
    public var values: [String: FieldValue]

    public init(id: UUID, values: [String: FieldValue]) {
        self.id = id
        self.values = values
    }

    public subscript(_ column: String) -> FieldValue {
        values[column] ?? .null
    }
}

/// One condition of a generic list.
public indirect enum ColumnFilter: Sendable, Hashable {
    case equals(String, FieldValue)
    /// Case-insensitive substring match on a text column.
    case contains(String, String)
    case atLeast(String, FieldValue)
    case before(String, FieldValue)
    /// Case-insensitive substring match on any of the columns.
    case anyContains([String], String)
    /// The row's id appears (or, negated, does not) in `linkTable.recordColumn` for a link whose
    /// `valueColumn` is one of `values` (tags on companies, members of projects…).
    case linked(linkTable: String, recordColumn: String, valueColumn: String, values: [UUID], negate: Bool)
    /// Raw values for the id column (a segment evaluated to ids, a selection).
    case idIn([UUID])
    /// A UUID column among values.
    case columnIn(String, [UUID])
    /// The row's project (`column`) is visible to `user`: none, public, or private with the user as member.
    case visibleProject(column: String, user: UUID)
    /// The row is a project visible to `user`.
    case visibleProjectRow(user: UUID)
    /// The row is a project `user` is a member of (extranet guests see only these).
    case memberProjectRow(user: UUID)
    /// The row's project (`column`) is one `user` is a member of.
    case memberProject(column: String, user: UUID)
    /// The record is found by the global search index for these words (prefix, accent-insensitive).
    case searchMatch(String)
    /// The record has a custom value equal to `value` (or containing it, for text; one of the lines, for multiple choices).
    case customValue(field: UUID, value: String, match: CustomMatch)
    /// Text equal to the value, ignoring case (a segment's « est »).
    case equalsIgnoringCase(String, String)
    /// Text beginning with the value, ignoring case.
    case startsWith(String, String)
    /// NULL or the empty text.
    case isEmpty(String)
    /// Strictly greater than the value.
    case after(String, FieldValue)
    /// Less than or equal to the value.
    case atMost(String, FieldValue)
    /// The opposite of the filter; a row where the filter is unknown (a NULL column) counts as not matching it, so
    /// « n'est pas Lyon » keeps the rows without a city.
    case not(ColumnFilter)
    /// Every filter (`all`) or at least one of them: a segment's « toutes / au moins une des conditions ».
    /// An empty group matches every row.
    case group([ColumnFilter], all: Bool)
}

public enum CustomMatch: Sendable, Hashable {
    case equals, contains, line
    /// The value begins with the text, ignoring case.
    case startsWith
    /// The record has a value for the field.
    case present
    /// The value compared with the text: as whole numbers when `numeric`, as text otherwise (ISO days).
    case compare(Comparison, numeric: Bool)
}

/// `>`, `<`, `>=`, `<=`.
public enum Comparison: String, Sendable, Hashable {
    case greater = ">"
    case less = "<"
    case atLeast = ">="
    case atMost = "<="
}

/// A page request: filters, sort, size and the cursor of the previous page (keyset pagination).
public struct ListRequest: Sendable {
    public var filters: [ColumnFilter]
    public var sortColumn: String
    public var descending: Bool
    public var limit: Int
    public var cursor: String?

    public init(filters: [ColumnFilter] = [], sortColumn: String, descending: Bool = false, limit: Int = 50, cursor: String? = nil) {
        self.filters = filters
        self.sortColumn = sortColumn
        self.descending = descending
        self.limit = limit
        self.cursor = cursor
    }
}

public struct ListPage: Sendable {
    public var rows: [TableRow]
    public var nextCursor: String?

    public init(rows: [TableRow], nextCursor: String?) {
        self.rows = rows
        self.nextCursor = nextCursor
    }
}
