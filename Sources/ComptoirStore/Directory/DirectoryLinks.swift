import FluentKit
import Foundation
import SQLKit

/// A contact's link to a company, with the contact's role there (« Gérant », « Comptable »…).
public struct CompanyLink: Sendable, Hashable {
    public var contactID: UUID
    public var companyID: UUID
    public var role: String
    /// The other side's display name (the company's on a contact page, the contact's on a company page).
    public var otherName: String

    public init(contactID: UUID, companyID: UUID, role: String, otherName: String) {
        self.contactID = contactID
        self.companyID = companyID
        self.role = role
        self.otherName = otherName
    }
}

/// Links between contacts and companies (N:M with a role).
public enum DirectoryLinks {
    public static func companies(ofContact id: UUID, on db: any Database) async throws -> [CompanyLink] {
        let sql = try TableStore.sqlDatabase(db)
        let rows = try await sql.raw(
            """
            SELECT l.contact_id, l.company_id, l.role, c.name AS other FROM contact_companies l
            JOIN companies c ON c.id = l.company_id WHERE l.contact_id = \(bind: id) ORDER BY c.name_sort
            """
        ).all()
        return try rows.map(decode)
    }

    public static func contacts(ofCompany id: UUID, on db: any Database) async throws -> [CompanyLink] {
        let sql = try TableStore.sqlDatabase(db)
        let rows = try await sql.raw(
            """
            SELECT l.contact_id, l.company_id, l.role, c.display_name AS other FROM contact_companies l
            JOIN contacts c ON c.id = l.contact_id WHERE l.company_id = \(bind: id) ORDER BY c.last_name_sort, c.display_name_sort
            """
        ).all()
        return try rows.map(decode)
    }

    private static func decode(_ row: any SQLRow) throws -> CompanyLink {
        CompanyLink(
            contactID: try row.decode(column: "contact_id", as: UUID.self), companyID: try row.decode(column: "company_id", as: UUID.self),
            role: try row.decode(column: "role", as: String?.self) ?? "", otherName: try row.decode(column: "other", as: String.self))
    }

    /// Links a contact to a company, or changes the role of an existing link. Returns true when created.
    @discardableResult
    public static func link(contact: UUID, company: UUID, role: String, at date: Date, id: UUID, on db: any Database) async throws -> Bool {
        let sql = try TableStore.sqlDatabase(db)
        let existing = try await sql.raw(
            "SELECT id FROM contact_companies WHERE contact_id = \(bind: contact) AND company_id = \(bind: company)"
        ).first()
        if existing != nil {
            try await sql.raw(
                "UPDATE contact_companies SET role = \(bind: role) WHERE contact_id = \(bind: contact) AND company_id = \(bind: company)"
            ).run()
            return false
        }
        try await sql.raw(
            """
            INSERT INTO contact_companies (id, contact_id, company_id, role, created_at)
            VALUES (\(bind: id), \(bind: contact), \(bind: company), \(bind: role), \(bind: date))
            """
        ).run()
        return true
    }

    public static func unlink(contact: UUID, company: UUID, on db: any Database) async throws {
        let sql = try TableStore.sqlDatabase(db)
        try await sql.raw("DELETE FROM contact_companies WHERE contact_id = \(bind: contact) AND company_id = \(bind: company)").run()
    }

    /// A merge: the links of `absorbed` move to `survivor`, except those `survivor` already has (dropped).
    /// `companies`: the records are companies (their contacts move); else contacts (their companies move).
    public static func moveLinks(from absorbed: UUID, to survivor: UUID, companies: Bool, on db: any Database) async throws {
        let sql = try TableStore.sqlDatabase(db)
        let side = companies ? "company_id" : "contact_id"
        let other = companies ? "contact_id" : "company_id"
        try await sql.raw(
            """
            DELETE FROM contact_companies WHERE \(ident: side) = \(bind: absorbed)
            AND \(ident: other) IN (SELECT \(ident: other) FROM contact_companies WHERE \(ident: side) = \(bind: survivor))
            """
        ).run()
        try await sql.raw("UPDATE contact_companies SET \(ident: side) = \(bind: survivor) WHERE \(ident: side) = \(bind: absorbed)").run()
    }
}
