import ComptoirCore
import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit

/// Many rows of one table, written with multi-row INSERTs: what bulk loads and imports use instead of
/// one statement per row (a few hundred rows per statement is 20–50× faster on both databases).
public struct BulkRows: Sendable {
    public var table: String
    public var columns: [String]
    public var rows: [[FieldValue]] = []
    /// The rows as SQLite values, row after row, when `encodeForSQLite()` ran (the import does it while the previous
    /// chunk is written, so the writing task only binds).
    private var sqliteValues: [SQLiteData]?

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
        if let postgres = db as? any PostgresDatabase {
            try await copy(on: postgres)
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

    /// Turns the rows into SQLite values now (see `sqliteValues`); `insert` then only binds them on SQLite.
    public mutating func encodeForSQLite() {
        var values: [SQLiteData] = []
        values.reserveCapacity(rows.count * columns.count)
        for row in rows {
            for value in row { values.append(Self.sqliteData(value)) }
        }
        sqliteValues = values
    }

    /// SQLite: the values go as `SQLiteData`, exactly as SQLKit's encoder would turn them (UUIDs as their
    /// text, dates as seconds since 1970, booleans as 0/1) but without its per-value cost, which was ten
    /// times SQLite's own work for an import.
    private func insert(on sqlite: any SQLiteDatabase) async throws {
        // SQLite's SQLITE_MAX_VARIABLE_NUMBER (32766 since 3.32).
        let width = columns.count
        let perStatement = max(1, min(Self.rowsPerStatement, 32_766 / max(1, width)))
        let head = "INSERT INTO \"\(table)\" (" + columns.map { "\"\($0)\"" }.joined(separator: ", ") + ") VALUES "
        let tuple = "(" + Array(repeating: "?", count: width).joined(separator: ", ") + ")"
        func statement(_ count: Int) -> String { head + Array(repeating: tuple, count: count).joined(separator: ", ") }
        let full = statement(min(perStatement, rows.count))
        let encoded = sqliteValues
        var start = 0
        while start < rows.count {
            let end = min(start + perStatement, rows.count)
            let binds: [SQLiteData]
            if let encoded {
                binds = Array(encoded[(start * width)..<(end * width)])
            } else {
                var values: [SQLiteData] = []
                values.reserveCapacity((end - start) * width)
                for row in rows[start..<end] {
                    for value in row { values.append(Self.sqliteData(value)) }
                }
                binds = values
            }
            try await sqlite.query(end - start == perStatement || end - start == rows.count ? full : statement(end - start), binds) { _ in }
            start = end
        }
    }

    /// PostgreSQL: `COPY … FROM STDIN` in text format on the caller's connection (inside its transaction),
    /// instead of multi-row INSERTs whose binds are encoded one by one.
    private func copy(on postgres: any PostgresDatabase) async throws {
        let table = self.table, columns = self.columns, rows = self.rows
        try await postgres.withConnection { connection in
            let promise = connection.eventLoop.makePromise(of: Void.self)
            promise.completeWithTask {
                // PostgresNIO quotes the (trusted, code-defined) table and column names itself.
                try await connection.copyFrom(table: table, columns: columns, logger: connection.logger) { writer in
                    var buffer = ByteBuffer()
                    buffer.reserveCapacity(1 << 20)
                    for row in rows {
                        for (index, value) in row.enumerated() {
                            if index > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
                            Self.writeCopyText(value, into: &buffer)
                        }
                        buffer.writeInteger(UInt8(ascii: "\n"))
                        if buffer.readableBytes >= 1 << 20 {
                            try await writer.write(buffer)
                            buffer.clear()
                        }
                    }
                    if buffer.readableBytes > 0 { try await writer.write(buffer) }
                }
            }
            return promise.futureResult
        }.get()
    }

    /// One value in COPY's text format: `\N` for NULL, backslash escapes for the separators.
    static func writeCopyText(_ value: FieldValue, into buffer: inout ByteBuffer) {
        switch value {
        case .null:
            buffer.writeStaticString("\\N")
        case .text(let text):
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
                case 0x09: buffer.writeStaticString("\\t")
                case 0x0A: buffer.writeStaticString("\\n")
                case 0x0D: buffer.writeStaticString("\\r")
                case 0x00: continue  // PostgreSQL text cannot hold NUL.
                default: buffer.writeInteger(byte)
                }
            }
        case .bool(let flag):
            buffer.writeStaticString(flag ? "t" : "f")
        case .int(let number):
            buffer.writeString(String(number))
        case .uuid(let uuid):
            buffer.writeString(uuid.text(uppercase: false))
        case .date(let date):
            // Microseconds, as PostgreSQL stores them (and as PostgresNIO binds them), in UTC.
            let micro = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
            let seconds = micro >= 0 ? micro / 1_000_000 : (micro - 999_999) / 1_000_000
            let fraction = micro - seconds * 1_000_000
            let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
            let day = CalendarDay(daysSinceEpoch: Int(days))
            let secondOfDay = seconds - days * 86_400
            buffer.writeString(
                String(
                    format: "%04d-%02d-%02d %02d:%02d:%02d.%06d+00", day.year, day.month, day.day,
                    Int(secondOfDay / 3600), Int(secondOfDay / 60 % 60), Int(secondOfDay % 60), Int(fraction)))
        }
    }

    static func sqliteData(_ value: FieldValue) -> SQLiteData {
        switch value {
        case .null: return .null
        case .text(let text): return .text(text)
        case .bool(let flag): return .integer(flag ? 1 : 0)
        case .int(let number): return .integer(Int(number))
        case .date(let date): return .float(date.timeIntervalSince1970)
        case .uuid(let uuid): return .text(uuid.text())
        }
    }
}
