import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import Testing

/// A fresh, migrated database for one services test, without HTTP: SQLite in a temporary directory, or a
/// throwaway PostgreSQL schema when `TEST_DATABASE_URL` is set (CI runs the suite on both).
struct ServiceTestDatabase: Sendable {
    let databases: Databases
    let db: any Database
    let clock: FixedClock
    let location: DatabaseLocation
    /// The file store (archived sales documents, attachments), in the test's temporary directory.
    let files: BlobStore

    static let start = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18
    static var usesPostgres: Bool { ProcessInfo.processInfo.environment["TEST_DATABASE_URL"] != nil }

    /// Runs `body` with a migrated database, then drops it. `threadPool` runs SQLite's blocking calls (a test whose
    /// writers wait on each other passes its own, so that tests running meanwhile cannot starve it).
    static func run(threadPool: NIOThreadPool = .singleton, _ body: (ServiceTestDatabase) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("comptoir-services-\(UUID().uuidString)").path
        let schema = "s_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
        let location: DatabaseLocation
        if let url = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"] {
            location = .postgres(url: url, searchPath: String(schema))
        } else {
            location = .sqlite(path: directory + "/comptoir.sqlite")
        }
        let group = MultiThreadedEventLoopGroup.singleton
        let databases = Databases(threadPool: threadPool, on: group)
        var logger = Logger(label: "comptoir.services.tests")
        logger.logLevel = .warning
        try StoreSetup.register(location, on: databases)
        let db = databases.database(logger: logger, on: group.any())!
        let test = ServiceTestDatabase(
            databases: databases, db: db, clock: FixedClock(start), location: location, files: BlobStore(dataDirectory: directory))
        do {
            if location.isPostgres {
                try await (db as! any SQLDatabase).raw("CREATE SCHEMA \(ident: String(schema))").run()
            }
            try await StoreSetup.prepare(location, on: db)
            let migrations = Migrations()
            migrations.add(StoreMigrations.all)
            let migrator = Migrator(databases: databases, migrations: migrations, logger: logger, on: group.any())
            try await migrator.setupIfNeeded().flatMap { migrator.prepareBatch() }.get()
            try await body(test)
        } catch {
            await test.teardown(schema: String(schema), directory: directory)
            throw error
        }
        await test.teardown(schema: String(schema), directory: directory)
    }

    private func teardown(schema: String, directory: String) async {
        if location.isPostgres {
            try? await (db as! any SQLDatabase).raw("DROP SCHEMA \(ident: schema) CASCADE").run()
        }
        await databases.shutdownAsync()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The program acting with every right (the demo loader, the CLI).
    func system(_ label: String = "test") -> ServiceContext {
        var context = ServiceContext.system(db: db, label: label, clock: clock, ids: RandomIDGenerator())
        context.passwordHasher = PlainTestHasher()
        context.files = files
        return context
    }

    /// A context acting as a new user of `role`.
    func user(_ email: String, role: User.Role = .user, readOnly: Bool = false) async throws -> ServiceContext {
        let service = AccountService(db: db, clock: clock, hasher: PlainTestHasher())
        let user = try await service.createUser(
            email: email, name: nil, password: "correct-horse-battery", role: role, readOnly: readOnly, mustChangePassword: false,
            by: .system)
        return system().acting(as: try Actor(user: user, channel: .token(id: UUID())))
    }
}

/// A reversible "hash" for tests: bcrypt's cost is what the tests would measure otherwise.
struct PlainTestHasher: PasswordHasher {
    func hash(_ password: String) throws -> String { "plain:" + password }
    func verify(_ password: String, created hash: String) throws -> Bool { hash == "plain:" + password }
}

extension ServiceTestDatabase {
    var sql: any SQLDatabase { db as! any SQLDatabase }

    /// How many rows `table` holds, or match `condition` (what a test checks before and after an action).
    func count(_ table: String, where condition: String = "1 = 1") async throws -> Int {
        try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table) WHERE \(unsafeRaw: condition)").first()!.decode(
            column: "n", as: Int.self)
    }
}

extension ServiceTestDatabase {
    /// `run` with SQLite's calls on a thread pool of the test's own: for tests whose writers wait on each other, which the
    /// shared pool (held for seconds by other tests' waiting writers) could starve.
    static func runOnOwnPool(_ body: (ServiceTestDatabase) async throws -> Void) async throws {
        let threadPool = NIOThreadPool(numberOfThreads: 2)
        threadPool.start()
        do {
            try await run(threadPool: threadPool, body)
        } catch {
            try? await threadPool.shutdownGracefully()
            throw error
        }
        try await threadPool.shutdownGracefully()
    }
}
