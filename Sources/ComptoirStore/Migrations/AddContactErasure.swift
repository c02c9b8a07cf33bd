import FluentKit

/// `contacts.erased_at`: when a person's personal data was erased (GDPR); the record stays as an anonymous placeholder.
struct AddContactErasure: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("contacts").field("erased_at", .datetime).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("contacts").deleteField("erased_at").update()
    }
}
