import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit

/// Where the data lives: the embedded SQLite file (default) or a PostgreSQL server.
public enum DatabaseLocation: Sendable, Equatable {
    case sqlite(path: String)
    /// `searchPath` confines every query to one schema (tests use a fresh schema each).
    case postgres(url: String, searchPath: String? = nil)

    /// Chooses the database from a `postgres://` URL when given, else the SQLite file in `dataDirectory`.
    public static func resolve(url: String?, dataDirectory: String) throws -> DatabaseLocation {
        guard let url, !url.isEmpty else {
            return .sqlite(path: (dataDirectory as NSString).appendingPathComponent("comptoir.sqlite"))
        }
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            return .postgres(url: url)
        }
        if url.hasPrefix("sqlite://") {
            return .sqlite(path: String(url.dropFirst("sqlite://".count)))
        }
        throw StoreError.configuration("unsupported database URL (expected postgres://… or sqlite://…)")
    }

    public var isPostgres: Bool {
        if case .postgres = self { return true }
        return false
    }

    /// A description safe to print: the password of a URL is masked.
    public var displayName: String {
        switch self {
        case .sqlite(let path):
            return "SQLite \(path)"
        case .postgres(let url, _):
            guard var components = URLComponents(string: url) else { return "PostgreSQL" }
            if components.password != nil { components.password = "***" }
            return "PostgreSQL \(components.string ?? "")"
        }
    }
}

extension DatabaseID {
    /// The SQLite connections of background jobs (one per event loop, apart from the pages' ones).
    public static let sqliteJobs = DatabaseID(string: "sqlite-jobs")
}

/// Errors raised by the storage layer, prefixed with the layer's name in logs.
public enum StoreError: Error, CustomStringConvertible, Sendable {
    case configuration(String)
    case notFound(String)
    case conflict(String)

    public var description: String {
        switch self {
        case .configuration(let message): return "store: configuration: \(message)"
        case .notFound(let what): return "store: not found: \(what)"
        case .conflict(let what): return "store: conflict: \(what)"
        }
    }
}

/// Registers the chosen database with Fluent.
public enum StoreSetup {
    public static func register(_ location: DatabaseLocation, on databases: Databases) throws {
        switch location {
        case .sqlite(let path):
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            let factory = DatabaseConfigurationFactory.sqlite(.file(path), sqlLogLevel: nil)
            databases.use(DatabaseConfigurationFactory { ImmediateSQLiteConfiguration(base: factory.make()) }, as: .sqlite)
            // Background jobs (the import) get connections of their own, so a page never waits for a job's
            // transaction to hand back its event loop's connection.
            databases.use(
                DatabaseConfigurationFactory { ImmediateSQLiteConfiguration(base: factory.make()) }, as: .sqliteJobs, isDefault: false)
        case .postgres(let url, let searchPath):
            var configuration = try SQLPostgresConfiguration(url: url)
            if let searchPath { configuration.searchPath = [searchPath] }
            // Writers of one kind queue on their advisory lock while holding a connection (50 invoices validated at
            // once): a request may wait longer than the driver's 10 s for one of the 4 connections of its event loop.
            databases.use(
                .postgres(
                    configuration: configuration, maxConnectionsPerEventLoop: 4, connectionPoolTimeout: .seconds(30), sqlLogLevel: .trace),
                as: .psql)
        }
    }

    /// Per-database settings that persist in the file: SQLite's write-ahead log (per-connection settings:
    /// `tuneConnections`, after the migrations).
    ///
    /// Busy waits: SQLiteNIO installs a busy handler on every connection that retries until the
    /// lock is free, which is what a busy timeout would give us with no upper bound.
    public static func prepare(_ location: DatabaseLocation, on database: any Database) async throws {
        guard case .sqlite = location, let sql = database as? any SQLDatabase else { return }
        try await sql.raw("PRAGMA journal_mode = WAL").run()
    }

    /// The database handle of long background jobs (the import) on `loop`: on SQLite a connection of their own
    /// (`DatabaseID.sqliteJobs`), not the pages' one of that loop, which a job's transaction would hold for
    /// seconds; on PostgreSQL the shared pool (several connections per loop).
    public static func jobDatabase(_ location: DatabaseLocation, databases: Databases, logger: Logger, on loop: any EventLoop)
        -> (any Database)?
    {
        databases.database(location.isPostgres ? nil : .sqliteJobs, logger: logger, on: loop)
    }

    /// Per-connection settings of SQLite, applied to the one pooled connection of each event loop (the SQLite
    /// driver keeps one per loop and never prunes it), the pages' and the jobs': `synchronous = NORMAL` (with WAL, commits no longer wait for
    /// an fsync; a power cut loses at most the last transactions, never the file), a 16 MiB page cache instead of
    /// 2 MiB, and reads through a memory map of up to 2 GiB (SQLite's build limit) so random reads of a large
    /// index are memory accesses, not system calls.
    public static func tuneConnections(_ location: DatabaseLocation, databases: Databases, on loops: any EventLoopGroup, logger: Logger)
        async throws
    {
        guard case .sqlite = location else { return }
        for loop in loops.makeIterator() {
            for id in [DatabaseID.sqlite, .sqliteJobs] {
                guard let sql = databases.database(id, logger: logger, on: loop) as? any SQLDatabase else { continue }
                for pragma in [
                    "synchronous = NORMAL", "cache_size = -\(sqliteCacheKiB)",
                    "mmap_size = \(sqliteSetting("MMAP", default: 2047) * 1_048_576)",
                ] {
                    try await sql.raw("PRAGMA \(unsafeRaw: pragma)").run()
                }
            }
        }
    }

    /// The page cache of each pooled connection, in KiB.
    public static var sqliteCacheKiB: Int { sqliteSetting("CACHE", default: 16) * 1024 }

    /// `COMPTOIR_SQLITE_CACHE_MIB` (page cache per connection) and `COMPTOIR_SQLITE_MMAP_MIB` (bytes of the file
    /// mapped per connection, 0 turns the map off), in MiB, at most 2 047 (SQLite's build limit of the map).
    static func sqliteSetting(_ name: String, default value: Int) -> Int {
        let mebibytes = ProcessInfo.processInfo.environment["COMPTOIR_SQLITE_\(name)_MIB"].flatMap { Int($0) } ?? value
        return min(max(0, mebibytes), 2047)
    }

    /// Runs a trivial query, so callers can report an unreachable database in one line.
    public static func ping(_ database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("SELECT 1 AS one").run()
    }
}
