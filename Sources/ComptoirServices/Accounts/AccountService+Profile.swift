import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation

/// What users change on their own account, and the administrator's password reset.
extension AccountService {
    /// Writes the signed-in user's own profile fields (`name`, `locale`) with the audit entry; a read-only user may
    /// change only what `allowReadOnly` lets them (their language).
    public func updateOwnProfile(_ values: [String: FieldValue], allowReadOnly: Bool = false, _ context: ServiceContext) async throws {
        guard let actor = context.actor else { throw AppError.unauthorized }
        guard allowReadOnly || !actor.readOnly else { throw AppError.readOnly }
        let values = values.filter { ["name", "locale"].contains($0.key) }
        let spec = UsersEntity.definition.tableSpec
        let now = clock.now()
        try await db.transaction { db in
            guard let before = try await TableStore.get(spec, id: actor.userID, on: db) else { throw AppError.notFound }
            let changes = AuditLog.diff(before: before.values.filter { values[$0.key] != nil }, after: values)
            guard !changes.isEmpty else { return }
            try await TableStore.update(spec, id: actor.userID, values: values.merging(["updated_at": .date(now)]) { $1 }, on: db)
            try await AuditLog.record(
                .update, entity: "users", id: actor.userID.uuidString.lowercased(), summary: actor.email,
                changes: changes, by: context.auditActor, at: now, on: db)
        }
    }

    /// « Changer mon mot de passe »: the current password must be right, the new one acceptable, confirmed and different.
    /// Every session of the user ends and their tokens are revoked (`setPassword`); returns the user to open a new session.
    public func changeOwnPassword(current: String, new: String, confirmation: String, _ context: ServiceContext) async throws -> User {
        guard let actor = context.actor else { throw AppError.unauthorized }
        guard let user = try await User.find(actor.userID, on: db) else { throw AppError.notFound }
        var errors: [String: [Localized]] = [:]
        if !((try? hasher.verify(current, created: user.passwordHash)) ?? false) {
            errors["currentPassword"] = [L("Mot de passe actuel incorrect.", "Wrong current password.")]
        }
        if let problem = Self.passwordProblem(new) { errors["newPassword"] = [problem] }
        if new != confirmation {
            errors["confirmPassword"] = [L("Les deux mots de passe ne sont pas identiques.", "The two passwords differ.")]
        }
        if !new.isEmpty, new == current {
            errors["newPassword", default: []].append(
                L("Choisissez un mot de passe différent de l'actuel.", "Choose a password different from the current one."))
        }
        if !errors.isEmpty { throw AppError.validation(errors) }
        try await setPassword(user, to: new, mustChange: false, by: context.auditActor)
        return user
    }

    /// An administrator gives a user a one-time password to change at the next sign-in; returns the user and the password.
    public func resetPassword(of id: UUID, _ context: ServiceContext) async throws -> (user: User, password: String) {
        try context.authorize(.write, .accounts)
        guard let user = try await User.find(id, on: db) else { throw AppError.notFound }
        let password = Self.oneTimePassword()
        try await setPassword(user, to: password, mustChange: true, by: context.auditActor)
        return (user, password)
    }
}
