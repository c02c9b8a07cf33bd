import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import Vapor

/// Realistic French sample data, loaded once per module (a settings marker remembers it).
/// Each module adds its part to `parts` as it lands, so the demo always shows the whole product.
public enum DemoData {
    /// The password of every demo user (never the first admin's).
    public static let demoPassword = "demo-comptoir-2026"

    struct Part: Sendable {
        var name: String
        var load: @Sendable (Application) async throws -> [String]
    }

    static let parts: [Part] = [
        Part(name: "foundation", load: loadFoundation),
        Part(name: "directory", load: DirectoryDemo.load),
        Part(name: "activities", load: ActivitiesDemo.load),
        Part(name: "projects", load: ProjectsDemo.load),
        Part(name: "imports", load: ImportsDemo.load),
    ]

    /// Loads every part not loaded yet; returns lines to print for the user.
    public static func load(_ app: Application) async throws -> [String] {
        var lines: [String] = []
        for part in parts {
            let key = "demo.loaded.\(part.name)"
            if try await Settings.string(key, on: app.db) != nil { continue }
            lines += try await part.load(app)
            try await Settings.set(key, "1", on: app.db)
        }
        return lines
    }

    @Sendable static func loadFoundation(_ app: Application) async throws -> [String] {
        let profile = try await OrganizationProfile.current(on: app.db)
        if profile.legalName.isEmpty {
            profile.legalName = "Cabinet Lefèvre & Associés"
            profile.legalForm = "SAS"
            profile.shareCapital = 1_500_000
            profile.addressLine1 = "12 rue de la République"
            profile.postcode = "69002"
            profile.city = "Lyon"
            profile.country = "FR"
            profile.siren = "843217654"
            profile.siret = "84321765400014"
            profile.vatNumber = "FR62843217654"
            profile.rcsCity = "Lyon"
            profile.phone = "+33478123456"
            profile.email = "contact@cabinet-lefevre.fr"
            profile.website = "https://www.cabinet-lefevre.fr"
            profile.iban = "FR7630006000011234567890189"
            profile.bic = "AGRIFRPP"
            profile.routeStartAddress = "12 rue de la République, 69002 Lyon"
            try await profile.update(on: app.db)
        }
        let service = AccountService(db: app.db, clock: app.comptoir.clock, bcryptCost: app.comptoir.bcryptCost)
        let people: [(String, String, User.Role, Bool)] = [
            ("claire.dubois@cabinet-lefevre.fr", "Claire Dubois", .user, false),
            ("thomas.nguyen@cabinet-lefevre.fr", "Thomas Nguyên", .user, false),
            ("helene.garcia@cabinet-lefevre.fr", "Hélène García", .admin, false),
            ("stagiaire@cabinet-lefevre.fr", "Léa Stagiaire", .user, true),
        ]
        var lines = ["Données de démonstration chargées. Comptes de démonstration (mot de passe : \(demoPassword)) :"]
        for (email, name, role, readOnly) in people where try await User.find(email: email, on: app.db) == nil {
            try await service.createUser(email: email, name: name, password: demoPassword, role: role, readOnly: readOnly, by: .system)
            lines.append("  \(email)  (\(role.rawValue)\(readOnly ? ", lecture seule" : ""))")
        }
        return lines
    }
}

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
