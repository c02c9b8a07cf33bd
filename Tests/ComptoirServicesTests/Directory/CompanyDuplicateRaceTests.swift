import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import Logging
import NIOPosix
import Testing

/// Two people create the same company at the same moment: the duplicate rule (`CompaniesEntity.prepare`: same SIREN,
/// or same name and postcode) is checked inside the write's transaction, after its lock, so exactly one wins.
@Suite("Concurrent creations of the same company, without HTTP")
struct CompanyDuplicateRaceTests {
    /// Makes the two writers meet around the rule: each waits (up to `patience`) for the other before checking, and
    /// again after checking, before writing. When the rule runs outside the transaction both check before either
    /// writes, find nothing, and both write; when it runs under the transaction's lock, the second writer only gets
    /// to the rule after the first has committed (each wait then ends with its patience), and finds its company.
    actor Rendezvous {
        private var counts: [String: Int] = [:]
        func arrive(_ step: String) { counts[step, default: 0] += 1 }
        func count(_ step: String) -> Int { counts[step] ?? 0 }

        /// Arrives at `step`, then waits until both writers are there, or `patience` has passed.
        func meet(_ step: String) async throws {
            arrive(step)
            let deadline = ContinuousClock.now + CompanyDuplicateRaceTests.patience
            while count(step) < 2, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        }
    }

    static let patience: Duration = .milliseconds(800)

    @Test(arguments: [
        // Same SIREN (two establishments named differently).
        (["name": "Boulangerie Martin", "siret": "73282932000074"], ["name": "Martin et Fils", "siret": "73282932000017"]),
        // Same name (legal form and case aside) and postcode, no SIREN.
        (["name": "Garage des Côteaux", "billingPostcode": "33000"], ["name": "GARAGE DES COTEAUX SARL", "billingPostcode": "33000"]),
    ])
    func exactlyOneOfTwoConcurrentCreationsWins(_ first: [String: String], _ second: [String: String]) async throws {
        // SQLite's calls run on a pool of this test's own: the shared one (as many threads as cores) can be held for
        // seconds by other tests' writers waiting on SQLite's lock, and the second writer here waits at most 10 s.
        let threadPool = NIOThreadPool(numberOfThreads: 2)
        threadPool.start()
        do {
            try await race(first, second, threadPool: threadPool)
        } catch {
            try? await threadPool.shutdownGracefully()
            throw error
        }
        try await threadPool.shutdownGracefully()
    }

    func race(_ first: [String: String], _ second: [String: String], threadPool: NIOThreadPool) async throws {
        try await ServiceTestDatabase.run(threadPool: threadPool) { test in
            // setup: two users. On PostgreSQL each writes on a connection of its own (two event loops) and the second
            // waits for the first's lock in the server. On SQLite both share the connection of one event loop, as
            // requests of one loop do: a transaction holds it to its end, so a rule run outside the transaction would
            // still interleave, while waiting on SQLite's own write lock would hold one of the few threads of the
            // blocking pool in a busy loop, which concurrent tests doing the same could exhaust.
            let group = MultiThreadedEventLoopGroup.singleton
            let logger = Logger(label: "comptoir.services.tests")
            let claire = try await test.user("claire@example.fr")
            let paul = try await test.user("paul@example.fr")
            let contexts =
                ServiceTestDatabase.usesPostgres
                ? [
                    claire.on(try #require(test.databases.database(logger: logger, on: group.next()))),
                    paul.on(try #require(test.databases.database(logger: logger, on: group.next()))),
                ]
                : [claire, paul]
            let rendezvous = Rendezvous()
            var racing = try await CompaniesEntity.definition.resolved(for: claire)
            racing.rules.prepare = { values, raw, existing, context in
                try await rendezvous.meet("check")
                let errors = try await CompaniesEntity.prepare(&values, raw, existing, context)
                try await rendezvous.meet("write")
                return errors
            }
            let definition = racing
            let companiesBefore = try await test.count("companies")
            let auditBefore = try await test.count("audit_entries")

            // act
            async let a = Self.outcome {
                try await EntityService(definition, contexts[0]).create(EntityInput(values: first, isPartial: false))
            }
            async let b = Self.outcome {
                try await EntityService(definition, contexts[1]).create(EntityInput(values: second, isPartial: false))
            }
            let outcomes = await [a, b]

            // validate: one company, one creation audited, the other refused with the rule's error
            let created = outcomes.compactMap { try? $0.get() }
            let refused = outcomes.compactMap { outcome -> AppError? in
                if case .failure(let error) = outcome { return error as? AppError }
                return nil
            }
            #expect(created.count == 1)
            #expect(refused.count == 1)
            let error = try #require(refused.first)
            #expect(error.code == "duplicate_suspected")
            #expect(error.status == .conflict)
            #expect(error.related.map(\.id) == created.map(\.id))
            #expect(try await test.count("companies") == companiesBefore + 1)
            #expect(try await test.count("audit_entries") == auditBefore + 1)
            #expect(await rendezvous.count("check") == 2)
        }
    }

    static func outcome(_ body: () async throws -> TableRow) async -> Result<TableRow, any Error> {
        do { return .success(try await body()) } catch { return .failure(error) }
    }
}
