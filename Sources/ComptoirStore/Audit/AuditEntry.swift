import FluentKit
import Foundation

/// Who did what to which record, and the fields that changed (JSON object field → [before, after]).
public final class AuditEntry: Model, @unchecked Sendable {
    public static let schema = "audit_entries"

    public enum Action: String, Codable, Sendable, CaseIterable {
        case create, update, delete, login, logout, loginFailed = "login_failed"
        /// A document validated (a stock movement, a delivery note), or reversed by another one.
        case validate, reverse
        /// A person's personal data erased (GDPR right to erasure): the record stays, anonymous.
        case erase
        /// A person's data exported for them (GDPR rights of access and portability).
        case export
    }

    @ID(key: .id) public var id: UUID?
    @Field(key: "at") public var at: Date
    @OptionalField(key: "actor_id") public var actorID: UUID?
    @Field(key: "actor_label") public var actorLabel: String
    @Field(key: "action") public var action: String
    @Field(key: "entity") public var entity: String
    @Field(key: "entity_id") public var entityID: String
    @Field(key: "summary") public var summary: String
    @Field(key: "changes") public var changes: String
    @Field(key: "ip") public var ip: String

    public init() {}

    public init(
        at: Date, actorID: UUID?, actorLabel: String, action: Action, entity: String, entityID: String,
        summary: String, changes: String, ip: String
    ) {
        self.at = at
        self.actorID = actorID
        self.actorLabel = actorLabel
        self.action = action.rawValue
        self.entity = entity
        self.entityID = entityID
        self.summary = summary
        self.changes = changes
        self.ip = ip
    }
}
