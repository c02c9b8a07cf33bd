import FluentKit
import Foundation
import SQLKit

/// API token checks as one query: the token and its user.
public enum TokenQueries {
    /// A live token and the row of its user.
    public struct Match: Sendable {
        public var tokenID: UUID
        public var lastUsedAt: Date?
        public var user: TableRow
    }

    /// The token whose hash is `hash`, with its user's row read as `userSpec`; nil when unknown or revoked.
    public static func find(hash: String, userSpec: TableSpec, on db: any Database) async throws -> Match? {
        let columns = userSpec.columns.map { "u." + $0.name }.joined(separator: ", ")
        guard
            let row = try await TableStore.sqlDatabase(db).raw(
                """
                SELECT t.id AS token_id, t.last_used_at AS token_last_used_at, t.revoked_at AS token_revoked_at, u.id, \(unsafeRaw: columns)
                FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = \(bind: hash)
                """
            ).first(),
            try row.decode(column: "token_revoked_at", as: Date?.self) == nil
        else { return nil }
        return Match(
            tokenID: try row.decode(column: "token_id", as: UUID.self),
            lastUsedAt: try row.decode(column: "token_last_used_at", as: Date?.self),
            user: try TableStore.decodeRow(row, spec: userSpec))
    }

    /// Notes when a token was last used.
    public static func touch(_ tokenID: UUID, at date: Date, on db: any Database) async throws {
        try await TableStore.sqlDatabase(db).raw("UPDATE api_tokens SET last_used_at = \(bind: date) WHERE id = \(bind: tokenID)").run()
    }
}
