import FluentKit
import Foundation
import SQLKit

extension AuditLog {
    /// The placeholder written instead of an erased value.
    public static let erasedValue = "•••"

    /// Rewrites the entries about records (`entity`, ids) so they keep who did what and when, and which fields changed,
    /// but no value: every before/after becomes « ••• » and the summary `summary`. Used by the erasure of a person.
    /// Returns how many entries were rewritten.
    @discardableResult
    public static func redact(entity: String, ids: [UUID], summary: String, on db: any Database) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        let sql = try TableStore.sqlDatabase(db)
        let binds: [any Encodable & Sendable] = ids.map { $0.uuidString.lowercased() }
        let rows = try await sql.raw(
            "SELECT id, changes FROM audit_entries WHERE entity = \(bind: entity) AND entity_id IN (\(binds: binds))"
        ).all()
        for row in rows {
            let id = try row.decode(column: "id", as: UUID.self)
            let fields = decodeChanges(try row.decode(column: "changes", as: String.self)).map(\.field)
            var redacted: [String: (before: FieldValue, after: FieldValue)] = [:]
            for field in fields { redacted[field] = (.text(erasedValue), .text(erasedValue)) }
            try await sql.raw(
                "UPDATE audit_entries SET summary = \(bind: summary), changes = \(bind: encode(redacted)) WHERE id = \(bind: id)"
            ).run()
        }
        return rows.count
    }

    /// The entries about one record, oldest first (a person's data export lists them).
    public static func entries(entity: String, id: UUID, on db: any Database) async throws -> [AuditEntry] {
        try await AuditEntry.query(on: db).filter(\.$entity == entity).filter(\.$entityID == id.uuidString.lowercased())
            .sort(\.$at, .ascending).all()
    }
}
