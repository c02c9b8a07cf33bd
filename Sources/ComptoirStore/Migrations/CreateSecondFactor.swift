import FluentKit

/// Second factor at sign-in: a session waits for the code before it counts, and the last accepted
/// time step is kept so a code cannot be replayed.
struct CreateSecondFactor: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("sessions").field("pending_second_factor", .bool, .required, .sql(.default(false))).update()
        try await database.schema("users").field("totp_last_step", .int64).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("sessions").deleteField("pending_second_factor").update()
        try await database.schema("users").deleteField("totp_last_step").update()
    }
}
