import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import Vapor

extension ImportService {
    /// The import's use cases for this request's user.
    init(_ request: Request) {
        self.init(request.context, runtime: request.application.importRuntime)
    }

    /// The import's use cases for `context` (the command line's) in this application.
    public init(app: Application, context: ServiceContext) {
        self.init(context, runtime: app.importRuntime)
    }
}

struct ImportJobsKey: StorageKey {
    typealias Value = ImportJobs
}

extension Application {
    /// The background imports of this process.
    var importJobs: ImportJobs {
        if let jobs = storage[ImportJobsKey.self] { return jobs }
        let jobs = ImportJobs()
        storage[ImportJobsKey.self] = jobs
        return jobs
    }

    /// The data directory, the configured tuning, this process's jobs, and two connections per run: reads and writes
    /// on two event loops (on SQLite each event loop has one connection), so a chunk is matched while another is written.
    /// On SQLite they are the jobs' connections, not the pages': a page never waits for the import's transaction.
    var importRuntime: ImportRuntime {
        let databases = self.databases, group = eventLoopGroup, logger = self.logger, fallback = db, location = comptoir.database
        return ImportRuntime(
            dataDirectory: URL(fileURLWithPath: comptoir.dataDirectory), tuning: comptoir.importTuning, jobs: importJobs,
            connections: {
                let readLoop = group.next()
                var writeLoop = group.next()
                for _ in 0..<8 where writeLoop === readLoop { writeLoop = group.next() }
                return (
                    StoreSetup.jobDatabase(location, databases: databases, logger: logger, on: readLoop) ?? fallback,
                    StoreSetup.jobDatabase(location, databases: databases, logger: logger, on: writeLoop) ?? fallback
                )
            })
    }
}
