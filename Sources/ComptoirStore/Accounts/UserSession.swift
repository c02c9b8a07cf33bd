import FluentKit
import Foundation

/// A browser session kept in the database, so several app instances share it.
/// The row id is the SHA-256 of the cookie value: a leaked table does not give live cookies.
public final class UserSession: Model, @unchecked Sendable {
    public static let schema = "sessions"

    @ID(custom: "id", generatedBy: .user) public var id: String?
    @Parent(key: "user_id") public var user: User
    @Field(key: "csrf_token") public var csrfToken: String
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "last_seen_at") public var lastSeenAt: Date
    @Field(key: "ip") public var ip: String
    @Field(key: "user_agent") public var userAgent: String
    /// Signed in with the password, waiting for the second factor: not yet a session.
    @Field(key: "pending_second_factor") public var pendingSecondFactor: Bool

    public init() {}

    public init(id: String, userID: UUID, csrfToken: String, now: Date, ip: String, userAgent: String) {
        self.id = id
        self.$user.id = userID
        self.csrfToken = csrfToken
        self.createdAt = now
        self.lastSeenAt = now
        self.ip = ip
        self.userAgent = userAgent
        self.pendingSecondFactor = false
    }
}
