import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// API tokens checked in the last few seconds, so a busy client costs no query per call.
/// Revocations and account changes made by this instance clear it at once; another instance of a
/// scaled-out deployment sees them within `lifetime` (5 s).
final class TokenCache: Sendable {
    struct Entry: Sendable {
        var actor: Actor
        var user: TableRow
        var tokenID: UUID
        var allowedIPs: String?
        var lastUsedAt: Date?
        var expires: Date
    }

    static let lifetime: TimeInterval = 5
    private let entries = NIOLockedValueBox<[String: Entry]>([:])

    func get(_ hash: String, now: Date) -> Entry? {
        entries.withLockedValue { entries in
            guard let entry = entries[hash], entry.expires > now else { return nil }
            return entry
        }
    }

    func put(_ hash: String, _ entry: Entry) {
        entries.withLockedValue { entries in
            if entries.count > 10_000 { entries.removeAll() }
            entries[hash] = entry
        }
    }

    /// Forgets every token (after a revocation, a deactivation, a change of role or rights).
    func clear() {
        entries.withLockedValue { $0.removeAll() }
    }
}

struct TokenCacheKey: StorageKey {
    typealias Value = TokenCache
}

struct AuthenticatedUserRowKey: StorageKey {
    typealias Value = TableRow
}

extension Application {
    var tokenCache: TokenCache {
        if let cache = storage[TokenCacheKey.self] { return cache }
        let cache = TokenCache()
        storage[TokenCacheKey.self] = cache
        return cache
    }
}

extension Request {
    /// The signed-in user's row as authentication read it (the API's `/me` answers from it).
    var authenticatedUserRow: TableRow? { storage[AuthenticatedUserRowKey.self] }
}

/// The token check as one query: the token and its user.
enum TokenLookup {
    static func find(_ hash: String, _ request: Request) async throws -> TokenCache.Entry? {
        let spec = UsersEntity.definition.tableSpec
        let columns = spec.columns.map { "u." + $0.name }.joined(separator: ", ")
        guard let row = try await TableStore.sqlDatabase(request.db).raw("""
            SELECT t.id AS token_id, t.last_used_at AS token_last_used_at, t.revoked_at AS token_revoked_at, u.id, \(unsafeRaw: columns)
            FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = \(bind: hash)
            """).first(),
            try row.decode(column: "token_revoked_at", as: Date?.self) == nil
        else { return nil }
        let user = try TableStore.decodeRow(row, spec: spec)
        // Guests have no API access; a token minted for one before that rule (or by hand) is refused too.
        guard user["active"].boolValue == true, user["role"].textValue != User.Role.guest.rawValue else { return nil }
        let actor = try Actor(row: user, channel: .token(id: try row.decode(column: "token_id", as: UUID.self)))
        return TokenCache.Entry(
            actor: actor, user: user, tokenID: try row.decode(column: "token_id", as: UUID.self),
            allowedIPs: try row.decode(column: "allowed_ips", as: String?.self),
            lastUsedAt: try row.decode(column: "token_last_used_at", as: Date?.self), expires: request.now.addingTimeInterval(TokenCache.lifetime))
    }
}
