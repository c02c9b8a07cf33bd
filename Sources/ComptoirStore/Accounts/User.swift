import FluentKit
import Foundation

/// A person who signs in: an internal user (admin or user) or, later, an extranet guest.
public final class User: Model, @unchecked Sendable {
    public static let schema = "users"

    public enum Role: String, Codable, Sendable, CaseIterable {
        case admin, user
        /// An extranet guest: sees only the projects they are granted, through the portal.
        case guest
    }

    // managed
    @ID(key: .id) public var id: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    // data
    @Field(key: "email") public var email: String
    @Field(key: "name") public var name: String
    @Field(key: "locale") public var locale: String
    @Field(key: "role") public var role: String
    @Field(key: "read_only") public var readOnly: Bool
    @Field(key: "active") public var active: Bool
    @Field(key: "password_hash") public var passwordHash: String
    @Field(key: "must_change_password") public var mustChangePassword: Bool
    @OptionalField(key: "last_login_at") public var lastLoginAt: Date?
    @OptionalField(key: "default_project_id") public var defaultProjectID: UUID?
    /// Interaction types a guest may see and create, one id per line; nil means all.
    @OptionalField(key: "allowed_type_ids") public var allowedTypeIDs: String?
    /// A guest's session ends after this many hours, whatever the activity.
    @OptionalField(key: "session_hours") public var sessionHours: Int64?
    /// Addresses or CIDR ranges the user may connect from, one per line; nil means anywhere.
    @OptionalField(key: "allowed_ips") public var allowedIPs: String?
    @Field(key: "require_totp") public var requireTOTP: Bool
    @OptionalField(key: "totp_secret") public var totpSecret: String?
    @OptionalField(key: "totp_enabled_at") public var totpEnabledAt: Date?
    @OptionalField(key: "recovery_codes") public var recoveryCodes: String?
    @OptionalField(key: "totp_last_step") public var totpLastStep: Int64?

    public init() {}

    public init(
        id: UUID? = nil, email: String, name: String, locale: String = "fr", role: Role = .user,
        readOnly: Bool = false, active: Bool = true, passwordHash: String, mustChangePassword: Bool = false
    ) {
        self.id = id
        self.email = email
        self.name = name
        self.locale = locale
        self.role = role.rawValue
        self.readOnly = readOnly
        self.active = active
        self.passwordHash = passwordHash
        self.mustChangePassword = mustChangePassword
        self.requireTOTP = false
    }

    public var roleValue: Role { Role(rawValue: role) ?? .user }
}

extension User {
    /// E-mails are compared case-insensitively: they are stored trimmed and lowercased.
    public static func normalizeEmail(_ email: String) -> String {
        email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    public static func find(email: String, on db: any Database) async throws -> User? {
        try await User.query(on: db).filter(\.$email == normalizeEmail(email)).first()
    }
}
