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
}
