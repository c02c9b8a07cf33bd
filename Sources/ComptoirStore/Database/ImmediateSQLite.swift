import FluentKit
import FluentSQLiteDriver
import Foundation
import SQLKit

/// SQLite's transactions begin `IMMEDIATE`: the write lock is taken at `BEGIN`, waiting (SQLiteNIO's busy handler)
/// while another connection writes. Fluent's driver begins them deferred, so a transaction that reads and then
/// writes could not upgrade its lock once another connection had written meanwhile, and failed at once with
/// « database is locked » (no wait helps there). Every `transaction` of the app, the migrations' included, goes
/// through here; the rest is the driver's.
struct ImmediateSQLiteConfiguration: DatabaseConfiguration {
    var base: any DatabaseConfiguration
    var middleware: [any AnyModelMiddleware] {
        get { base.middleware }
        set { base.middleware = newValue }
    }

    func makeDriver(for databases: Databases) -> any DatabaseDriver {
        ImmediateSQLiteDriver(base: base.makeDriver(for: databases))
    }
}

struct ImmediateSQLiteDriver: DatabaseDriver {
    let base: any DatabaseDriver

    func makeDatabase(with context: DatabaseContext) -> any Database {
        ImmediateSQLiteDatabase(base: base.makeDatabase(with: context), inTransaction: false)
    }

    func shutdown() { base.shutdown() }
    func shutdownAsync() async { await base.shutdownAsync() }
}

struct ImmediateSQLiteDatabase: Database, SQLDatabase, SQLiteDatabase {
    /// Fluent's SQLite database (it is also an `SQLDatabase` and an `SQLiteDatabase`).
    let base: any Database
    let inTransaction: Bool

    private var sql: any SQLDatabase { base as! any SQLDatabase }
    private var sqlite: any SQLiteDatabase { base as! any SQLiteDatabase }

    // Database

    var context: DatabaseContext { base.context }

    func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> Void) -> EventLoopFuture<Void> {
        base.execute(query: query, onOutput: onOutput)
    }

    func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> { base.execute(schema: schema) }

    func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> { base.execute(enum: `enum`) }

    func withConnection<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        let inTransaction = self.inTransaction
        return base.withConnection { connection in
            closure(ImmediateSQLiteDatabase(base: connection, inTransaction: inTransaction))
        }
    }

    func transaction<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        if inTransaction { return closure(self) }
        return base.withConnection { connection in
            let database = ImmediateSQLiteDatabase(base: connection, inTransaction: true)
            let sql = connection as! any SQLDatabase
            return sql.raw("BEGIN IMMEDIATE TRANSACTION").run().flatMap {
                closure(database).flatMap { result in
                    sql.raw("COMMIT TRANSACTION").run().map { result }
                }.flatMapError { error in
                    sql.raw("ROLLBACK TRANSACTION").run().flatMapAlways { _ in connection.eventLoop.makeFailedFuture(error) }
                }
            }
        }
    }

    // SQLDatabase and SQLiteDatabase

    var logger: Logger { sql.logger }
    var eventLoop: any EventLoop { sql.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { sql.version }
    var dialect: any SQLDialect { sql.dialect }
    var queryLogLevel: Logger.Level? { sql.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        sql.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try await sql.execute(sql: query, onRow)
    }

    func query(_ query: String, _ binds: [SQLiteData], logger: Logger, _ onRow: @escaping @Sendable (SQLiteRow) -> Void) -> EventLoopFuture<
        Void
    > {
        sqlite.query(query, binds, logger: logger, onRow)
    }

    func query(_ query: String, _ binds: [SQLiteData], _ onRow: @escaping @Sendable (SQLiteRow) -> Void) async throws {
        try await sqlite.query(query, binds, onRow)
    }

    func withConnection<T>(_ closure: @escaping @Sendable (SQLiteConnection) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        sqlite.withConnection(closure)
    }
}
