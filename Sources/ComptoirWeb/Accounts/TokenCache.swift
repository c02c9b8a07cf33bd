import ComptoirServices
import ComptoirStore
import Foundation
import NIOConcurrencyHelpers
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
