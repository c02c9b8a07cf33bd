import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation

/// Keeps the search index in step with companies and contacts, in the write's transaction.
public enum DirectoryIndexing {
    @Sendable public static func indexCompany(_ row: TableRow, _ previous: TableRow?, _ context: ServiceContext) async throws {
        try await SearchIndex.upsert(companyDocument(row), on: context.db)
    }

    @Sendable public static func indexContact(_ row: TableRow, _ previous: TableRow?, _ context: ServiceContext) async throws {
        let companies = try await DirectoryLinks.companies(ofContact: row.id, on: context.db)
        try await SearchIndex.upsert(contactDocument(row, companies: companies), on: context.db)
    }

    public static func companyDocument(_ row: TableRow) -> SearchDocument {
        let city = [row["billing_postcode"].textValue, row["billing_city"].textValue].compactMap { $0 }.joined(separator: " ")
        let phones = [row["phone"].textValue, row["phone_secondary"].textValue].compactMap { $0 }.flatMap(phoneWords)
        let body =
            ([
                row["siren"].textValue, row["siret"].textValue, row["email"].textValue, row["email_secondary"].textValue,
                row["vat_number"].textValue, row["website"].textValue,
            ].compactMap { $0 } + phones).joined(separator: " ")
        return SearchDocument(
            recordID: row.id, kind: "companies", title: row["name"].textValue ?? "", subtitle: city, body: body,
            archived: row["archived"].boolValue ?? false || row["merged_into"] != .null)
    }

    public static func contactDocument(_ row: TableRow, companies: [CompanyLink]) -> SearchDocument {
        let workplaces = companies.map { $0.role.isEmpty ? $0.otherName : "\($0.otherName) (\($0.role))" }
        let subtitle =
            workplaces.isEmpty
            ? ([row["job_title"].textValue, row["address_city"].textValue].compactMap { $0 }.joined(separator: " — "))
            : workplaces.joined(separator: ", ")
        let phones = [row["mobile"].textValue, row["phone"].textValue].compactMap { $0 }.flatMap(phoneWords)
        let body =
            ([row["email"].textValue, row["email_secondary"].textValue, row["address_city"].textValue, row["job_title"].textValue]
            .compactMap { $0 } + phones).joined(separator: " ")
        return SearchDocument(
            recordID: row.id, kind: "contacts", title: row["display_name"].textValue ?? "", subtitle: subtitle, body: body,
            archived: row["archived"].boolValue ?? false || row["merged_into"] != .null)
    }

    /// A phone is found by its national digits ("0612345678") and by its E.164 digits.
    public static func phoneWords(_ stored: String) -> [String] {
        // Stored French numbers are E.164 (« +33612345678 »): the national form needs no parsing.
        if stored.utf8.count == 12, stored.hasPrefix("+33"), stored.utf8.dropFirst().allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            return [String(stored.dropFirst()), "0" + stored.dropFirst(3)]
        }
        let digits = stored.filter(\.isNumber)
        let national = PhoneDisplay.format(stored).filter(\.isNumber)
        return Array(Set([digits, national]))
    }

    /// Re-indexes the contacts of a company (its name is in their subtitles).
    public static func reindexContacts(ofCompany id: UUID, on db: any Database) async throws {
        for link in try await DirectoryLinks.contacts(ofCompany: id, on: db) {
            try await reindexContact(link.contactID, on: db)
        }
    }

    public static func reindexContact(_ id: UUID, on db: any Database) async throws {
        guard let row = try await TableStore.get(ContactsEntity.definition.tableSpec, id: id, on: db) else { return }
        let companies = try await DirectoryLinks.companies(ofContact: id, on: db)
        try await SearchIndex.upsert(contactDocument(row, companies: companies), on: db)
    }
}
