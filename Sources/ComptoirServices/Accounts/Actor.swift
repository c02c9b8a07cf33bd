import ComptoirCore
import ComptoirStore
import Foundation

/// The signed-in user as every permission check sees it.
public struct Actor: Sendable, Hashable {
    public enum Channel: Sendable, Hashable {
        case session(id: String, csrfToken: String)
        case token(id: UUID)
    }

    public var userID: UUID
    public var email: String
    public var name: String
    public var role: User.Role
    public var readOnly: Bool
    public var active: Bool
    public var locale: DisplayLocale
    public var mustChangePassword: Bool
    public var channel: Channel
    /// For a guest: the interaction types they may see and create (nil: all).
    public var allowedTypes: Set<UUID>?

    public init(user: User, channel: Channel) throws {
        self.userID = try user.requireID()
        self.email = user.email
        self.name = user.name
        self.role = user.roleValue
        self.readOnly = user.readOnly
        self.active = user.active
        self.locale = DisplayLocale(rawValue: user.locale) ?? .fr
        self.mustChangePassword = user.mustChangePassword
        self.channel = channel
        let types = (user.allowedTypeIDs ?? "").split(whereSeparator: { $0 == "\n" || $0 == "," }).compactMap {
            UUID(uuidString: String($0))
        }
        self.allowedTypes = types.isEmpty ? nil : Set(types)
    }

    /// The actor of a users row read generically (the token check reads one query).
    public init(row: TableRow, channel: Channel) throws {
        self.userID = row.id
        self.email = row["email"].textValue ?? ""
        self.name = row["name"].textValue ?? ""
        self.role = User.Role(rawValue: row["role"].textValue ?? "") ?? .user
        self.readOnly = row["read_only"].boolValue ?? false
        self.active = row["active"].boolValue ?? false
        self.locale = DisplayLocale(rawValue: row["locale"].textValue ?? "") ?? .fr
        self.mustChangePassword = row["must_change_password"].boolValue ?? false
        self.channel = channel
        let types = (row["allowed_type_ids"].textValue ?? "").split(whereSeparator: { $0 == "\n" || $0 == "," }).compactMap {
            UUID(uuidString: String($0))
        }
        self.allowedTypes = types.isEmpty ? nil : Set(types)
    }

    public var isAdmin: Bool { role == .admin }
    public var isGuest: Bool { role == .guest }

    public var auditActor: AuditActor { AuditActor(userID: userID, label: email, ip: "") }

    public var csrfToken: String? {
        if case .session(_, let token) = channel { return token }
        return nil
    }
}
