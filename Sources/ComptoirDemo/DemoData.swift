import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation

/// One part of the demo (a module's sample data), loaded once: a settings marker remembers it.
public struct DemoPart: Sendable {
    public var name: String
    public var load: @Sendable (ServiceContext) async throws -> [String]

    public init(name: String, load: @escaping @Sendable (ServiceContext) async throws -> [String]) {
        self.name = name
        self.load = load
    }
}

/// Realistic French sample data, loaded once per module (a settings marker remembers it). Every record is
/// created through the services the forms call (`EntityService`, `DirectoryService`, `InteractionService`,
/// `ProjectMembers`, `CampaignRunner`, `AccountService`), so its rules, derived state (search index, agenda
/// bounds, stage history, project analytics) and audit entries are the forms'. Each part writes in one
/// transaction: it lands whole or not at all.
public enum DemoData {
    /// The password of every demo user (never the first admin's).
    public static let demoPassword = "demo-comptoir-2026"

    /// This module's parts, in loading order. The program adds the parts that live elsewhere (the import's
    /// sample files, from Web) after them.
    public static let parts: [DemoPart] = [
        DemoPart(name: "foundation", load: loadFoundation),
        DemoPart(name: "directory", load: DirectoryDemo.load),
        DemoPart(name: "activities", load: ActivitiesDemo.load),
        DemoPart(name: "projects", load: ProjectsDemo.load),
        DemoPart(name: "catalog", load: CatalogDemo.load),
        DemoPart(name: "sales", load: SalesDemo.load),
        DemoPart(name: "templates", load: TemplatesDemo.load),
    ]

    /// Loads every part not loaded yet, with a context of the program itself (`ServiceContext.system`, with a
    /// password hasher); returns lines to print for the user.
    public static func load(_ context: ServiceContext, parts: [DemoPart] = parts) async throws -> [String] {
        var lines: [String] = []
        for part in parts {
            let key = "demo.loaded.\(part.name)"
            if try await Settings.string(key, on: context.db) != nil { continue }
            // One instant per part, to the second: its records are entered « now » (or on a day before it). A write
            // reads the clock more than once (an interaction's stage date, then its stage history, which compares the
            // two): a clock moving in between, or a fraction of a second that does not read back equal from the
            // database, would lose the stage history.
            lines += try await part.load(context.at(Date(timeIntervalSince1970: context.now.timeIntervalSince1970.rounded(.down))))
            try await Settings.set(key, "1", on: context.db)
        }
        return lines
    }

    @Sendable static func loadFoundation(_ context: ServiceContext) async throws -> [String] {
        try await context.transaction { context in
            let organization = EntityService(OrganizationEntity.definition, context)
            let profile = try await organization.get(OrganizationProfile.singletonID)
            if (profile["legal_name"].textValue ?? "").isEmpty {
                _ = try await organization.update(
                    OrganizationProfile.singletonID,
                    EntityInput(
                        values: [
                            "legalName": "Cabinet Lefèvre & Associés", "legalForm": "SAS",
                            "shareCapital": Money(minorUnits: 1_500_000).decimalString,
                            "addressLine1": "12 rue de la République", "postcode": "69002", "city": "Lyon", "country": "FR",
                            "siren": "843217654", "siret": "84321765400014", "vatNumber": "FR62843217654", "rcsCity": "Lyon",
                            "phone": "+33478123456", "email": "contact@cabinet-lefevre.fr", "website": "https://www.cabinet-lefevre.fr",
                            "iban": "FR7630006000011234567890189", "bic": "AGRIFRPP",
                            "routeStartAddress": "12 rue de la République, 69002 Lyon",
                        ], isPartial: true))
            }
            let accounts = try accountService(context)
            let people: [(String, String, User.Role, Bool)] = [
                ("claire.dubois@cabinet-lefevre.fr", "Claire Dubois", .user, false),
                ("thomas.nguyen@cabinet-lefevre.fr", "Thomas Nguyên", .user, false),
                ("helene.garcia@cabinet-lefevre.fr", "Hélène García", .admin, false),
                ("stagiaire@cabinet-lefevre.fr", "Léa Stagiaire", .user, true),
            ]
            var lines = ["Données de démonstration chargées. Comptes de démonstration (mot de passe : \(demoPassword)) :"]
            for (email, name, role, readOnly) in people where try await User.find(email: email, on: context.db) == nil {
                try await accounts.createUser(
                    email: email, name: name, password: demoPassword, role: role, readOnly: readOnly, by: context.auditActor)
                lines.append("  \(email)  (\(role.rawValue)\(readOnly ? ", lecture seule" : ""))")
            }
            return lines
        }
    }

    /// The accounts service with the context's password hasher (bcrypt in the program).
    static func accountService(_ context: ServiceContext) throws -> AccountService {
        guard let hasher = context.passwordHasher else { throw DemoError.noPasswordHasher }
        return AccountService(db: context.db, clock: context.clock, hasher: hasher, onAccountChange: context.onAccountsChanged)
    }

    /// Active users by e-mail, the extranet's guests left out (they own nothing): the demo hands its records round them.
    static func staff(_ context: ServiceContext) async throws -> [User] {
        try await User.query(on: context.db).filter(\.$active == true).filter(\.$role != User.Role.guest.rawValue).sort(\.$email).all()
    }
}

enum DemoError: Error, CustomStringConvertible {
    case noPasswordHasher

    var description: String {
        switch self {
        case .noPasswordHasher: return "demo: the context has no password hasher (build it with app.systemContext)"
        }
    }
}

extension ServiceContext {
    /// The same context with its clock stopped at `date`: a demo record dated in the past is created then
    /// (its `created_at`, stage date and audit entry say so), as if typed in on that day.
    func at(_ date: Date) -> ServiceContext {
        var copy = self
        copy.clock = FixedClock(date)
        return copy
    }

    /// The same context acting as `user` when that user may write in `module`: the demo writes a user's own
    /// records as that user (stage history, audit). A read-only user's records are entered by the program.
    func writing(as user: User, _ module: PermissionModule) throws -> ServiceContext {
        // Not a real token: the demo acts in-process, without a session or an API token.
        let acting = self.acting(as: try Actor(user: user, channel: .token(id: newID())))
        return acting.allows(.write, module) ? acting : self
    }
}

/// What a form submits for an id or a yes/no.
enum FormText {
    static func id(_ id: UUID) -> String { id.uuidString.lowercased() }
    static func bool(_ flag: Bool) -> String { flag ? "true" : "false" }
}
