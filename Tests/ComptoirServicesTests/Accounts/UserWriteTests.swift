import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import SQLKit
import Testing

@Suite("Users, without HTTP")
struct UserWriteTests {
    /// Writers started at once for one address; several rounds, so a check made outside the write's transaction
    /// (both writers seeing the address free) shows up as a second row or a database error, not as the e-mail error.
    static let rounds = 4
    static let writers = 3

    @Test func concurrentCreationsOfOneEmailThroughTheFormLetExactlyOneWin() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let admin = try await test.user("admin@example.fr", role: .admin)
            let definition = try await UsersEntity.definition.resolved(for: admin)
            for round in 0..<Self.rounds {
                let email = "claire.\(round)@example.fr"
                // act
                let results = await test.race(admin, writers: Self.writers) { context in
                    try await EntityService(definition, context).create(
                        EntityInput(
                            values: [
                                "name": "Claire", "email": email, "role": "user", "locale": "fr", "password": "correct-horse-battery",
                                "active": "true",
                            ],
                            isPartial: false)
                    ).id
                }
                // validate
                #expect(results.filter(\.succeeded).count == 1, "round \(round): \(results)")
                for error in results.compactMap(\.error) {
                    let refused = try #require(error as? AppError, "round \(round): \(error)")
                    #expect(refused.code == "validation_failed")
                    #expect(refused.fields["email"] != nil)
                }
                #expect(try await Self.users(email, test) == 1)
            }
        }
    }

    @Test func concurrentCreationsOfOneEmailThroughTheAccountServiceLetExactlyOneWin() async throws {
        try await ServiceTestDatabase.run { test in
            for round in 0..<Self.rounds {
                let email = "Marc.\(round)@Example.fr"
                let auditBefore = try await test.count("audit_entries")
                let results = await test.race(test.system(), writers: Self.writers) { context in
                    try await AccountService(db: context.db, clock: test.clock, hasher: PlainTestHasher()).createUser(
                        email: email, name: nil, password: "correct-horse-battery", role: .user, by: .system
                    ).requireID()
                }
                #expect(results.filter(\.succeeded).count == 1, "round \(round): \(results)")
                for error in results.compactMap(\.error) {
                    let refused = try #require(error as? AppError, "round \(round): \(error)")
                    #expect(refused.fields["email"] != nil)
                }
                #expect(try await Self.users(email, test) == 1)
                #expect(try await test.count("audit_entries") == auditBefore + 1)
            }
        }
    }

    @Test func aTakenEmailIsRefusedAndWritesNothing() async throws {
        try await ServiceTestDatabase.run { test in
            let admin = try await test.user("admin@example.fr", role: .admin)
            let users = EntityService(try await UsersEntity.definition.resolved(for: admin), admin)
            let before = try await test.count("users")
            let auditBefore = try await test.count("audit_entries")
            let error = try await #require(throws: AppError.self) {
                try await users.create(
                    EntityInput(
                        values: [
                            "name": "Autre", "email": " ADMIN@example.fr", "role": "user", "locale": "fr",
                            "password": "correct-horse-battery",
                        ],
                        isPartial: false))
            }
            #expect(error.fields["email"] != nil)
            #expect(try await test.count("users") == before)
            #expect(try await test.count("audit_entries") == auditBefore)
        }
    }

    static func users(_ email: String, _ test: ServiceTestDatabase) async throws -> Int {
        try await (test.db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM users WHERE email = \(bind: User.normalizeEmail(email))")
            .first()!
            .decode(column: "n", as: Int.self)
    }
}
