import ComptoirCore
import FluentKit
import Foundation
import SQLKit

/// The matching keys of a company of the database: how an import row finds it.
public struct StoredCompanyKeys: Sendable {
    public var id: UUID
    public var externalID: String?
    public var siret: String?
    public var nameFolded: String?
    public var postcode: String?
}

/// The matching keys of a contact of the database (`companyID`: the company it was found through, if any).
public struct StoredContactKeys: Sendable {
    public var id: UUID
    public var externalID: String?
    public var email: String?
    public var displayName: String
    public var postcode: String?
    public var companyID: UUID?
}

/// The reads an import makes to match its rows with the records of the database, in batches of 500 keys,
/// live (not merged) records only, oldest first (the first record of a key wins).
public enum ImportLookups {
    /// Whether the table (`companies`, `contacts`) holds a live record: an import into an empty directory skips its lookups.
    public static func hasLiveRecords(_ table: String, on db: any Database) async throws -> Bool {
        try await TableStore.sqlDatabase(db).raw("SELECT 1 AS found FROM \(ident: table) WHERE merged_into IS NULL LIMIT 1").first() != nil
    }

    /// Companies whose `column` (`external_id`, `siret`, `name_folded`) is one of `values`.
    public static func companies(where column: String, in values: Set<String>, on db: any Database) async throws -> [StoredCompanyKeys] {
        let sql = try TableStore.sqlDatabase(db)
        var found: [StoredCompanyKeys] = []
        for chunk in Array(values).sorted().chunked(500) {
            let binds: [any Encodable & Sendable] = chunk
            let rows = try await sql.raw(
                """
                SELECT id, external_id, siret, name_folded, billing_postcode FROM companies
                WHERE merged_into IS NULL AND \(ident: column) IN (\(binds: binds)) ORDER BY created_at, id
                """
            ).all()
            for row in rows {
                found.append(
                    StoredCompanyKeys(
                        id: try row.decode(column: "id", as: UUID.self),
                        externalID: try row.decode(column: "external_id", as: String?.self),
                        siret: try row.decode(column: "siret", as: String?.self),
                        nameFolded: try row.decode(column: "name_folded", as: String?.self),
                        postcode: try row.decode(column: "billing_postcode", as: String?.self)))
            }
        }
        return found
    }

    private static let contactColumns: SQLQueryString = "c.id, c.external_id, c.email, c.display_name, c.address_postcode"

    /// Contacts whose `column` (`external_id`, `email`, `display_name`) is one of `values`.
    public static func contacts(where column: String, in values: Set<String>, on db: any Database) async throws -> [StoredContactKeys] {
        let sql = try TableStore.sqlDatabase(db)
        var found: [StoredContactKeys] = []
        for chunk in Array(values).sorted().chunked(500) {
            let binds: [any Encodable & Sendable] = chunk
            found += try await sql.raw(
                """
                SELECT \(contactColumns), NULL AS company_id FROM contacts c
                WHERE c.merged_into IS NULL AND c.\(ident: column) IN (\(binds: binds)) ORDER BY c.created_at, c.id
                """
            ).all().map(contact)
        }
        return found
    }

    /// The contacts linked to these companies, each with the company it was found through.
    public static func contacts(ofCompanies companies: Set<UUID>, on db: any Database) async throws -> [StoredContactKeys] {
        let sql = try TableStore.sqlDatabase(db)
        var found: [StoredContactKeys] = []
        for chunk in Array(companies).chunked(500) {
            let binds: [any Encodable & Sendable] = chunk
            found += try await sql.raw(
                """
                SELECT \(contactColumns), l.company_id FROM contact_companies l JOIN contacts c ON c.id = l.contact_id
                WHERE c.merged_into IS NULL AND l.company_id IN (\(binds: binds)) ORDER BY c.created_at, c.id
                """
            ).all().map(contact)
        }
        return found
    }

    private static func contact(_ row: any SQLRow) throws -> StoredContactKeys {
        StoredContactKeys(
            id: try row.decode(column: "id", as: UUID.self), externalID: try row.decode(column: "external_id", as: String?.self),
            email: try row.decode(column: "email", as: String?.self), displayName: try row.decode(column: "display_name", as: String.self),
            postcode: try row.decode(column: "address_postcode", as: String?.self),
            companyID: try row.decode(column: "company_id", as: UUID?.self))
    }

    /// The company links of these contacts.
    public static func links(ofContacts contacts: Set<UUID>, on db: any Database) async throws -> [(contact: UUID, company: UUID)] {
        let sql = try TableStore.sqlDatabase(db)
        var found: [(contact: UUID, company: UUID)] = []
        for chunk in Array(contacts).chunked(500) {
            let binds: [any Encodable & Sendable] = chunk
            for row in try await sql.raw("SELECT contact_id, company_id FROM contact_companies WHERE contact_id IN (\(binds: binds))").all()
            {
                found.append((try row.decode(column: "contact_id", as: UUID.self), try row.decode(column: "company_id", as: UUID.self)))
            }
        }
        return found
    }

    /// The tag links of these records.
    public static func tagLinks(of records: Set<UUID>, _ target: TagTarget, on db: any Database) async throws -> [(record: UUID, tag: UUID)]
    {
        let sql = try TableStore.sqlDatabase(db)
        var found: [(record: UUID, tag: UUID)] = []
        for chunk in Array(records).chunked(500) {
            let binds: [any Encodable & Sendable] = chunk
            for row in try await sql.raw(
                """
                SELECT \(ident: target.recordColumn) AS record_id, tag_id FROM \(ident: target.linkTable) WHERE \(ident: target.recordColumn) IN (\(binds: binds))
                """
            ).all() {
                found.append((try row.decode(column: "record_id", as: UUID.self), try row.decode(column: "tag_id", as: UUID.self)))
            }
        }
        return found
    }

    /// Whether `db` is SQLite (the import then encodes its rows for SQLite while they are built, and tunes its writer).
    public static func isSQLite(_ db: any Database) throws -> Bool {
        try TableStore.sqlDatabase(db).dialect.name == "sqlite"
    }

    /// SQLite: runs `PRAGMA`s (trusted text of the code) on the connection `db` hands out, the import's writing one.
    public static func pragmas(_ list: [String], on db: any Database) async throws {
        try await db.withConnection { connection in
            for pragma in list { try await TableStore.sqlDatabase(connection).raw("PRAGMA \(unsafeRaw: pragma)").run() }
        }
    }
}
