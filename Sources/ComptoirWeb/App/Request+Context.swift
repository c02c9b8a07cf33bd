import ComptoirCore
import ComptoirServices
import FluentKit
import Vapor

extension Request {
    /// The services' context for this request: its database, user, clock, ids, audit identity and logger.
    public var context: ServiceContext {
        var context = ServiceContext(
            db: db, actor: actor, clock: application.comptoir.clock, ids: application.comptoir.ids, auditActor: auditActor,
            logger: logger, locale: locale)
        context.passwordHasher = application.passwordHasher
        context.files = application.blobStore
        let application = self.application
        context.onAccountsChanged = { application.tokenCache.clear() }
        return context
    }
}

extension Application {
    /// bcrypt at the configured cost.
    public var passwordHasher: BcryptHasher { BcryptHasher(cost: comptoir.bcryptCost) }

    /// A context for the program itself (CLI, demo loader): every right, audited under `label`.
    public func systemContext(_ label: String) -> ServiceContext {
        var context = ServiceContext.system(db: db, label: label, clock: comptoir.clock, ids: comptoir.ids, logger: logger)
        context.passwordHasher = passwordHasher
        context.files = blobStore
        let application = self
        context.onAccountsChanged = { application.tokenCache.clear() }
        return context
    }
}

/// Vapor's bcrypt behind the services' hasher.
public struct BcryptHasher: ComptoirServices.PasswordHasher {
    public let cost: Int

    public func hash(_ password: String) throws -> String { try Bcrypt.hash(password, cost: cost) }

    public func verify(_ password: String, created hash: String) throws -> Bool { try Bcrypt.verify(password, created: hash) }
}

extension AccountService {
    /// The accounts service with Vapor's bcrypt at `bcryptCost`.
    public init(db: any Database, clock: any ComptoirCore.Clock, bcryptCost: Int, onAccountChange: (@Sendable () -> Void)? = nil) {
        self.init(db: db, clock: clock, hasher: BcryptHasher(cost: bcryptCost), onAccountChange: onAccountChange)
    }
}
