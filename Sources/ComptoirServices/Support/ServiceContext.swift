import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation
import Logging

/// What every use case runs with, made explicit: the database (or the open transaction), who acts
/// and with which rights, the clock, the id generator, the audit identity and the logger.
/// Web builds it from a request, the CLI and the demo from their own actor, tests pin each part.
public struct ServiceContext: Sendable {
    public var db: any Database
    /// The signed-in user; nil for a system actor (CLI, demo loader, migrations) that is not a user.
    public var actor: Actor?
    public var clock: any ComptoirCore.Clock
    public var ids: any IDGenerator
    /// Who the audit log names (a user and their address, or the CLI).
    public var auditActor: AuditActor
    public var logger: Logger
    public var locale: DisplayLocale
    /// Rights of a system actor (CLI, demo, jobs): every module, as an administrator would have them.
    public var isSystem: Bool
    /// Hashes passwords (bcrypt in the app; a cheaper cost in tests).
    public var passwordHasher: (any PasswordHasher)?
    /// Where attachments' files are stored: deletions remove the files no record uses any more, after their commit.
    /// Nil where no file store is at hand (the files then stay on disk; their rows are gone).
    public var files: BlobStore?
    /// Told when users or their rights change, so caches of this instance (token checks) are dropped.
    public var onAccountsChanged: @Sendable () -> Void = {}

    public init(
        db: any Database, actor: Actor?, clock: any ComptoirCore.Clock, ids: any IDGenerator, auditActor: AuditActor,
        logger: Logger, locale: DisplayLocale = .fr, isSystem: Bool = false
    ) {
        self.db = db
        self.actor = actor
        self.clock = clock
        self.ids = ids
        self.auditActor = auditActor
        self.logger = logger
        self.locale = locale
        self.isSystem = isSystem
    }

    /// A context for the program itself (CLI, demo loader, background jobs): all rights, audited under `label`.
    public static func system(
        db: any Database, label: String, clock: any ComptoirCore.Clock, ids: any IDGenerator,
        logger: Logger = Logger(label: "comptoir.services")
    ) -> ServiceContext {
        ServiceContext(
            db: db, actor: nil, clock: clock, ids: ids, auditActor: AuditActor(userID: nil, label: label, ip: ""),
            logger: logger, isSystem: true)
    }

    /// The same actor acting as a user: the demo loader writes as the demo's users.
    public func acting(as actor: Actor) -> ServiceContext {
        var copy = self
        copy.actor = actor
        copy.auditActor = AuditActor(userID: actor.userID, label: actor.email, ip: auditActor.ip)
        copy.isSystem = false
        copy.locale = actor.locale
        return copy
    }

    /// The address the actor acts from ("" for the program itself).
    public var clientIP: String { auditActor.ip }

    /// The injected clock: services never call `Date()`.
    public var now: Date { clock.now() }
    public func newID() -> UUID { ids.next() }

    /// The same context on another connection (the open transaction).
    public func on(_ db: any Database) -> ServiceContext {
        var copy = self
        copy.db = db
        return copy
    }

    /// Runs `body` in one transaction: everything it writes lands together or not at all.
    /// On SQLite the transaction begins IMMEDIATE (the write lock is taken first: see `ImmediateSQLite`).
    public func transaction<T: Sendable>(_ body: @escaping @Sendable (ServiceContext) async throws -> T) async throws -> T {
        let context = self
        return try await db.transaction { db in try await body(context.on(db)) }
    }

    /// Throws 401 when nobody is signed in, 403 (read-only or not allowed) otherwise; a system actor may do anything.
    public func authorize(_ access: Access, _ module: PermissionModule) throws {
        if isSystem { return }
        try Policy.require(actor, access, module)
    }

    /// Deleting a record or erasing a person: a write on the module, never by a guest (see `Policy.requireDeletion`).
    public func authorizeDeletion(_ module: PermissionModule) throws {
        if isSystem { return }
        try Policy.requireDeletion(actor, module)
    }

    /// Whether the actor may delete records of the module, without throwing.
    public func allowsDeletion(_ module: PermissionModule) -> Bool {
        isSystem || Policy.allowsDeletion(actor, module)
    }

    /// Whether the actor may, without throwing.
    public func allows(_ access: Access, _ module: PermissionModule) -> Bool {
        isSystem || Policy.allows(actor, access, module)
    }

    /// An administrator or the program itself: sees every project, private ones included.
    public var seesEverything: Bool { isSystem || (actor?.isAdmin ?? false) }
}
