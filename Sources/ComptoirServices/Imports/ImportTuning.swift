import ComptoirCore
import Foundation

/// The import's speed knobs. Read once where the program starts (`comptoir` reads the environment into
/// `AppConfig.importTuning`) and handed to each run; tests and benchmarks set them directly.
public struct ImportTuning: Sendable, Hashable {
    /// Rows per chunk, the unit of reading, matching and building (transactions group several): larger chunks hold
    /// more rows in memory at each stage; smaller ones stop sooner when cancelled.
    public var chunkSize: Int
    /// Rows per transaction: chunks are grouped up to this many rows, so an index page that several chunks touch is
    /// written to the log once per transaction (with one chunk per transaction, commits were half of SQLite's work).
    public var transactionRows: Int
    /// The page cache of the writing SQLite connection while it imports, in KiB: big enough to hold the index pages a
    /// transaction touches (they are then written once, at commit).
    public var writerCacheKiB: Int
    /// Print where the time goes (waiting for rows, lookups, planning, writing each table) on stderr at the end of a run.
    public var trace: Bool

    public init(chunkSize: Int = 5_000, transactionRows: Int = 20_000, writerCacheKiB: Int = 256 * 1024, trace: Bool = false) {
        self.chunkSize = chunkSize
        self.transactionRows = transactionRows
        self.writerCacheKiB = writerCacheKiB
        self.trace = trace
    }

    public static let standard = ImportTuning()

    /// The defaults, overridden by `COMPTOIR_IMPORT_CHUNK` (at least 100 rows), `COMPTOIR_IMPORT_TRANSACTION_ROWS`
    /// (at least 1), `COMPTOIR_IMPORT_CACHE_MIB` (2 to 4096) and `COMPTOIR_IMPORT_TRACE` (set: trace).
    public init(environment: [String: String]) {
        self.init()
        if let value = environment["COMPTOIR_IMPORT_CHUNK"].flatMap({ Int($0) }), value >= 100 { chunkSize = value }
        if let value = environment["COMPTOIR_IMPORT_TRANSACTION_ROWS"].flatMap({ Int($0) }), value >= 1 { transactionRows = value }
        if let mebibytes = environment["COMPTOIR_IMPORT_CACHE_MIB"].flatMap({ Int($0) }) {
            writerCacheKiB = min(max(mebibytes, 2), 4096) * 1024
        }
        trace = environment["COMPTOIR_IMPORT_TRACE"] != nil
    }
}

/// Where one run's time goes, when `ImportTuning.trace` is on: the pipeline's phases and the seconds spent inserting
/// into each table. Owned by the run (its planning and writing tasks both add to it, under its lock).
final class ImportTrace: @unchecked Sendable {
    // @unchecked: `phases` and `tables` are only read and written under `lock`.
    private let lock = NSLock()
    private var phases: [String: Duration] = [:]
    private var tables: [String: (rows: Int, seconds: Double)] = [:]

    func phase(_ name: String, _ duration: Duration) {
        lock.withLock { phases[name, default: .zero] += duration }
    }

    func table(_ table: String, rows: Int, since started: ContinuousClock.Instant) {
        let spent = elapsedSeconds(ContinuousClock.now - started)
        lock.withLock {
            let current = tables[table] ?? (0, 0)
            tables[table] = (current.rows + rows, current.seconds + spent)
        }
    }

    /// Two lines: `import phases: …` and `import tables: …`.
    var summary: String {
        lock.withLock {
            let phaseText = phases.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.2f", elapsedSeconds($0.value))) s" }
                .joined(separator: ", ")
            let tableText = tables.sorted { $0.key < $1.key }
                .map { "\($0.key) \($0.value.rows) rows \(String(format: "%.2f", $0.value.seconds)) s" }.joined(separator: ", ")
            return "import phases: \(phaseText)\nimport tables: \(tableText)\n"
        }
    }
}
