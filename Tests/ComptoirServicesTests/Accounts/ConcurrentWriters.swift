import ComptoirServices
import Foundation

extension ServiceTestDatabase {
    /// Runs `write` `count` times at once with `context`, as simultaneous requests would; the results in no order.
    ///
    /// The writers share the test's database handle, as the requests of one event loop do. On PostgreSQL its pool opens
    /// several connections, so the writers really run side by side. On SQLite the loop has one connection: each query
    /// queues for it in turn, so the writers' reads interleave (a check made outside the write's transaction lets all of
    /// them through) while their transactions run one after the other. Writers on other loops' connections would wait
    /// for the write lock in SQLite's busy handler, which blocks a thread of the shared pool: two such tests at once
    /// would starve the writers that hold the lock.
    func race<T: Sendable>(
        _ context: ServiceContext, writers count: Int, _ write: @escaping @Sendable (ServiceContext) async throws -> T
    ) async -> [Result<T, any Error>] {
        await withTaskGroup(of: Result<T, any Error>.self) { group in
            for _ in 0..<count {
                group.addTask {
                    do { return .success(try await write(context)) } catch { return .failure(error) }
                }
            }
            var results: [Result<T, any Error>] = []
            for await result in group { results.append(result) }
            return results
        }
    }
}

extension Result {
    var error: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }

    var succeeded: Bool { error == nil }
}
