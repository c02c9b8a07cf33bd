import FluentKit
import SQLKit

/// Gapless document numbers per prefix and year (`MV2026-00012`): the next number is taken inside the transaction that
/// validates the document, after its `WriteLock`, so a rollback gives the number back and two validations never share one.
public enum DocumentNumbers {
    /// The next number of `prefix` in `year`, formatted `PREFIXyyyy-nnnnn`.
    public static func next(_ prefix: String, year: Int, on db: any Database) async throws -> String {
        let sql = try TableStore.sqlDatabase(db)
        let current = try await sql.raw(
            "SELECT last_number FROM document_numbers WHERE prefix = \(bind: prefix) AND year = \(bind: Int64(year))"
        ).first()?.decode(column: "last_number", as: Int64.self)
        let number = (current ?? 0) + 1
        if current == nil {
            try await sql.raw(
                "INSERT INTO document_numbers (prefix, year, last_number) VALUES (\(bind: prefix), \(bind: Int64(year)), \(bind: number))"
            ).run()
        } else {
            try await sql.raw(
                "UPDATE document_numbers SET last_number = \(bind: number) WHERE prefix = \(bind: prefix) AND year = \(bind: Int64(year))"
            ).run()
        }
        return format(prefix, year: year, number: number)
    }

    public static func format(_ prefix: String, year: Int, number: Int64) -> String {
        var digits = String(number)
        while digits.count < 5 { digits = "0" + digits }
        return "\(prefix)\(year)-\(digits)"
    }
}
