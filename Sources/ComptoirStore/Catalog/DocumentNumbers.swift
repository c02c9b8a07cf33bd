import ComptoirCore
import FluentKit
import SQLKit

/// Gapless document numbers per series and year (`MV2026-00012`, `FA2026-00042`): the next number is taken inside the
/// transaction that validates the document, after its `WriteLock`, so a rollback gives the number back and two
/// validations never share one. The row's `prefix` column holds the series key (`MV`, `BL`, `sales:invoice`…).
public enum DocumentNumbers {
    /// The next number of `prefix` in `year`, formatted `PREFIXyyyy-nnnnn`.
    public static func next(_ prefix: String, year: Int, on db: any Database) async throws -> String {
        let number = try await take(series: prefix, year: year, on: db)
        return format(prefix, year: year, number: number)
    }

    /// The next number of `series` in `day`'s year, formatted by `pattern` (`FA{yyyy}-{00000}` → `FA2026-00042`).
    public static func next(series: String, pattern: NumberingPattern, day: CalendarDay, on db: any Database) async throws -> String {
        let number = try await take(series: series, year: day.year, on: db)
        return pattern.format(day, counter: number)
    }

    /// The last number taken in `series` and `year` (0 when none).
    public static func last(series: String, year: Int, on db: any Database) async throws -> Int64 {
        try await TableStore.sqlDatabase(db).raw(
            "SELECT last_number FROM document_numbers WHERE prefix = \(bind: series) AND year = \(bind: Int64(year))"
        ).first()?.decode(column: "last_number", as: Int64.self) ?? 0
    }

    static func take(series: String, year: Int, on db: any Database) async throws -> Int64 {
        let sql = try TableStore.sqlDatabase(db)
        let current = try await sql.raw(
            "SELECT last_number FROM document_numbers WHERE prefix = \(bind: series) AND year = \(bind: Int64(year))"
        ).first()?.decode(column: "last_number", as: Int64.self)
        let number = (current ?? 0) + 1
        if current == nil {
            try await sql.raw(
                "INSERT INTO document_numbers (prefix, year, last_number) VALUES (\(bind: series), \(bind: Int64(year)), \(bind: number))"
            ).run()
        } else {
            try await sql.raw(
                "UPDATE document_numbers SET last_number = \(bind: number) WHERE prefix = \(bind: series) AND year = \(bind: Int64(year))"
            ).run()
        }
        return number
    }

    public static func format(_ prefix: String, year: Int, number: Int64) -> String {
        var digits = String(number)
        while digits.count < 5 { digits = "0" + digits }
        return "\(prefix)\(year)-\(digits)"
    }
}
