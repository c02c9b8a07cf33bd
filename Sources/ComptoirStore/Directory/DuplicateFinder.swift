import ComptoirCore
import FluentKit
import Foundation
import SQLKit

/// A record that looks like the one being created.
public struct DuplicateCandidate: Sendable, Hashable {
    public var id: UUID
    public var title: String
}

/// Finds likely duplicates before a create: same SIREN, same normalised name and postcode, same e-mail.
public enum DuplicateFinder {
    /// The name as duplicates are compared: folded, legal forms and punctuation ignored.
    public static func normalizedCompanyName(_ name: String) -> String {
        let ignored: Set<String> = [
            "sarl", "sas", "sasu", "eurl", "sa", "sci", "snc", "ei", "scp", "selarl", "selas", "ste", "societe", "et", "cie",
        ]
        return foldForSearch(name)
            .split(whereSeparator: { !($0.isLetter || $0.isNumber) })
            .map(String.init)
            .filter { !ignored.contains($0) }
            .joined(separator: " ")
    }

    public static func companies(
        siren: String?, name: String, postcode: String?, excluding: UUID?, on db: any Database
    ) async throws -> [DuplicateCandidate] {
        let sql = try TableStore.sqlDatabase(db)
        var found: [DuplicateCandidate] = []
        if let siren, !siren.isEmpty {
            found += try await sql.raw("SELECT id, name FROM companies WHERE siren = \(bind: siren) AND merged_into IS NULL LIMIT 5").all()
                .map(candidate)
        }
        let folded = normalizedCompanyName(name)
        if !folded.isEmpty {
            let rows: [any SQLRow]
            if let postcode, !postcode.isEmpty {
                rows = try await sql.raw(
                    """
                    SELECT id, name FROM companies WHERE name_folded = \(bind: folded) AND billing_postcode = \(bind: postcode) AND merged_into IS NULL LIMIT 5
                    """
                ).all()
            } else {
                rows = try await sql.raw(
                    "SELECT id, name FROM companies WHERE name_folded = \(bind: folded) AND merged_into IS NULL LIMIT 5"
                ).all()
            }
            found += try rows.map(candidate)
        }
        var seen = Set<UUID>()
        return found.filter { $0.id != excluding && seen.insert($0.id).inserted }
    }

    public static func contacts(email: String?, excluding: UUID?, on db: any Database) async throws -> [DuplicateCandidate] {
        guard let email, !email.isEmpty else { return [] }
        let sql = try TableStore.sqlDatabase(db)
        return try await sql.raw(
            """
            SELECT id, display_name AS name FROM contacts WHERE (email = \(bind: email) OR email_secondary = \(bind: email)) AND merged_into IS NULL LIMIT 5
            """
        ).all().map(candidate).filter { $0.id != excluding }
    }

    private static func candidate(_ row: any SQLRow) throws -> DuplicateCandidate {
        DuplicateCandidate(id: try row.decode(column: "id", as: UUID.self), title: try row.decode(column: "name", as: String.self))
    }
}
