import FluentKit
import FluentSQLiteDriver
import Foundation
import SQLKit

/// Many rows of one table, written with multi-row INSERTs: what bulk loads and imports use instead of
/// one statement per row (a few hundred rows per statement is 20–50× faster on both databases).
public struct BulkRows: Sendable {
    public var table: String
    public var columns: [String]
    public var rows: [[FieldValue]] = []

    public init(_ table: String, _ columns: [String]) {
        self.table = table
        self.columns = columns
    }

    /// Appends a row: `id` first, then the other columns from `values` (NULL where absent).
    public mutating func append(_ values: [String: FieldValue], id: UUID) {
        rows.append([.uuid(id)] + columns.dropFirst().map { values[$0] ?? .null })
    }

    /// Appends a row given in column order.
    public mutating func append(_ values: [FieldValue]) {
        rows.append(values)
    }

    public var isEmpty: Bool { rows.isEmpty }

    /// Rows per INSERT statement, lowered when columns × rows would pass the database's bind limit.
    public static let rowsPerStatement = 500

    /// Writes the rows (call inside a transaction).
    public func insert(on db: any Database) async throws {
        guard !rows.isEmpty else { return }
        if let sqlite = db as? any SQLiteDatabase {
            try await insert(on: sqlite)
            return
        }
        let sql = try TableStore.sqlDatabase(db)
        // PostgreSQL's Int16 bind count (65535).
        let perStatement = max(1, min(Self.rowsPerStatement, 65_535 / max(1, columns.count)))
        var start = 0
        while start < rows.count {
            let end = min(start + perStatement, rows.count)
            let builder = sql.insert(into: table).columns(columns)
            for row in rows[start..<end] { builder.values(row.map(TableStore.bindExpression)) }
            try await builder.run()
            start = end
        }
    }

    /// SQLite: the values go as `SQLiteData`, exactly as SQLKit's encoder would turn them (UUIDs as their
    /// text, dates as seconds since 1970, booleans as 0/1) but without its per-value cost, which was ten
    /// times SQLite's own work for an import.
    private func insert(on sqlite: any SQLiteDatabase) async throws {
        // SQLite's SQLITE_MAX_VARIABLE_NUMBER (32766 since 3.32).
        let perStatement = max(1, min(Self.rowsPerStatement, 32_766 / max(1, columns.count)))
        let head = "INSERT INTO \"\(table)\" (" + columns.map { "\"\($0)\"" }.joined(separator: ", ") + ") VALUES "
        let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        var start = 0
        while start < rows.count {
            let end = min(start + perStatement, rows.count)
            let statement = head + Array(repeating: tuple, count: end - start).joined(separator: ", ")
            var binds: [SQLiteData] = []
            binds.reserveCapacity((end - start) * columns.count)
            for row in rows[start..<end] {
                for value in row { binds.append(Self.sqliteData(value)) }
            }
            try await sqlite.query(statement, binds) { _ in }
            start = end
        }
    }

    static func sqliteData(_ value: FieldValue) -> SQLiteData {
        switch value {
        case .null: return .null
        case .text(let text): return .text(text)
        case .bool(let flag): return .integer(flag ? 1 : 0)
        case .int(let number): return .integer(Int(number))
        case .date(let date): return .float(date.timeIntervalSince1970)
        case .uuid(let uuid): return .text(uuid.uuidString)
        }
    }
}
