import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation
import SQLKit

/// What the benchmark loaders share: one transaction of tables on a connection tuned for loading, a tally of rows and
/// seconds per table, and the closing maintenance.
enum BulkLoadSupport {
    /// Inserts `tables` in one transaction, each table's search rows indexed as they land (`search_documents`), and
    /// returns the seconds each table took. On SQLite the connection is tuned first — this connection only, the
    /// server's are untouched: no fsync (a failed load is simply run again), a page cache big enough for a
    /// transaction's writes so pages do not spill mid-transaction, and the statement journal of multi-row INSERTs in
    /// memory.
    static func insert(_ tables: [BulkRows], on database: any Database, isPostgres: Bool) async throws -> [Double] {
        try await database.withConnection { connection in
            if !isPostgres {
                let sql = try TableStore.sqlDatabase(connection)
                try await sql.raw("PRAGMA synchronous = OFF").run()
                try await sql.raw("PRAGMA cache_size = -262144").run()
                try await sql.raw("PRAGMA temp_store = MEMORY").run()
            }
            return try await connection.transaction { db in
                var seconds: [Double] = []
                for table in tables {
                    let tableStart = ContinuousClock.now
                    if !table.rows.isEmpty {
                        try await table.insert(on: db)
                        if table.table == "search_documents" { try await SearchIndex.indexInserted(table, on: db) }
                    }
                    seconds.append(elapsedSeconds(ContinuousClock.now - tableStart))
                }
                return seconds
            }
        }
    }

    /// Leaves the database as a running server would find it a little later: PostgreSQL's autovacuum vacuums and
    /// analyses freshly loaded tables; SQLite folds the write-ahead log into the file. Returns the seconds it took.
    static func closingMaintenance(on sql: any SQLDatabase, isPostgres: Bool, progress: (String) -> Void) async throws -> Double {
        let start = ContinuousClock.now
        if isPostgres {
            progress("VACUUM ANALYZE (what autovacuum does after a large load)")
            try await sql.raw("VACUUM ANALYZE").run()
        } else {
            progress("WAL checkpoint")
            try await sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
        }
        return elapsedSeconds(ContinuousClock.now - start)
    }
}

/// Rows and seconds written per table, in the order the tables were first written.
struct BulkLoadTally {
    private var counts: [String: (rows: Int, seconds: Double)] = [:]
    private var order: [String] = []

    mutating func add(_ tables: [BulkRows], seconds: [Double]) {
        for (table, spent) in zip(tables, seconds) where !table.rows.isEmpty {
            if counts[table.table] == nil { order.append(table.table) }
            counts[table.table, default: (0, 0)].rows += table.rows.count
            counts[table.table, default: (0, 0)].seconds += spent
        }
    }

    /// Every row written so far.
    var rows: Int { counts.values.reduce(0) { $0 + $1.rows } }

    var tables: [(table: String, rows: Int, seconds: Double)] { order.map { ($0, counts[$0]?.rows ?? 0, counts[$0]?.seconds ?? 0) } }
}
