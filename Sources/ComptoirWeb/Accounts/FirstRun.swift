import ComptoirServices
import ComptoirStore
import FluentKit
import Vapor

/// The first administrator, created on the first start of an empty database.
public enum FirstRun {
    public static let adminEmail = "admin@comptoir.local"

    /// Creates the admin when there is no user at all; returns its e-mail and one-time password.
    public static func ensureAdmin(_ app: Application) async throws -> (email: String, password: String)? {
        guard try await User.query(on: app.db).count() == 0 else { return nil }
        let password = AccountService.oneTimePassword()
        let service = AccountService(db: app.db, clock: app.comptoir.clock, bcryptCost: app.comptoir.bcryptCost)
        try await service.createUser(
            email: adminEmail, name: "Administrateur", password: password, role: .admin, mustChangePassword: true, by: .system)
        return (adminEmail, password)
    }
}
