import ComptoirCore
import FluentKit
import Foundation
import SQLKit

/// Directory reads by identifier: the ways a user names a company or a contact.
public enum DirectoryQueries {
    /// The company with this SIRET (unique), if any.
    public static func company(siret: String, on db: any Database) async throws -> UUID? {
        try await TableStore.sqlDatabase(db).raw("SELECT id FROM companies WHERE siret = \(bind: siret)").first()?
            .decode(column: "id", as: UUID.self)
    }

    /// Up to two live (not merged) companies with this SIREN: the caller needs to know whether it is unique.
    public static func companies(siren: String, on db: any Database) async throws -> [UUID] {
        try await TableStore.sqlDatabase(db).raw("SELECT id FROM companies WHERE siren = \(bind: siren) AND merged_into IS NULL LIMIT 2")
            .all().map { try $0.decode(column: "id", as: UUID.self) }
    }

    /// Up to two live contacts with this e-mail.
    public static func contacts(email: String, on db: any Database) async throws -> [UUID] {
        try await TableStore.sqlDatabase(db).raw("SELECT id FROM contacts WHERE email = \(bind: email) AND merged_into IS NULL LIMIT 2")
            .all().map { try $0.decode(column: "id", as: UUID.self) }
    }

    /// Those of `ids` that are rows of `table` (a table name of the code, never user input).
    public static func existing(_ ids: [UUID], in table: String, on db: any Database) async throws -> [UUID] {
        guard !ids.isEmpty else { return [] }
        let binds: [any Encodable & Sendable] = ids
        return try await TableStore.sqlDatabase(db).raw("SELECT id FROM \(ident: table) WHERE id IN (\(binds: binds))").all()
            .map { try $0.decode(column: "id", as: UUID.self) }
    }

    /// The users a record can be assigned to (active, not guests), by name: the owner field's choices.
    /// Two columns, no model: this runs on every list and form of the entities that have an owner.
    public static func ownerChoices(on db: any Database) async throws -> [(id: UUID, name: String)] {
        try await TableStore.sqlDatabase(db)
            .raw("SELECT id, name FROM users WHERE active = \(bind: true) AND role <> 'guest' ORDER BY name").all()
            .map { (try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "name", as: String.self)) }
    }

    /// The names of these companies, by id.
    public static func companyNames(_ ids: [UUID], on db: any Database) async throws -> [UUID: String] {
        var names: [UUID: String] = [:]
        let sql = try TableStore.sqlDatabase(db)
        for chunk in ids.chunked(500) {
            let binds: [any Encodable & Sendable] = chunk
            for row in try await sql.raw("SELECT id, name FROM companies WHERE id IN (\(binds: binds))").all() {
                names[try row.decode(column: "id", as: UUID.self)] = try row.decode(column: "name", as: String.self)
            }
        }
        return names
    }
}
