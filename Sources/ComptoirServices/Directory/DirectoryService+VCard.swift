import ComptoirCore
import ComptoirDocuments
import ComptoirStore
import FluentKit
import Foundation

extension DirectoryService {
    /// The vCard of a contact row: its first company and role, its tags as categories.
    public func vCard(_ row: TableRow) async throws -> VCard {
        try context.authorize(.read, .directory)
        let companies = try await DirectoryLinks.companies(ofContact: row.id, on: context.db)
        let tree = try await TagStore.all(on: context.db)
        let tagIDs = Set(try await TagStore.tags(of: row.id, .contacts, on: context.db))
        var emails: [VCard.Email] = []
        if let email = row["email"].textValue { emails.append(.init(email, type: .work, isPreferred: true)) }
        if let email = row["email_secondary"].textValue { emails.append(.init(email)) }
        var phones: [VCard.Phone] = []
        if let mobile = row["mobile"].textValue { phones.append(.init(mobile, types: [.cell], isPreferred: true)) }
        if let phone = row["phone"].textValue { phones.append(.init(phone, types: [.work, .voice])) }
        var addresses: [VCard.Address] = []
        let street = [row["address_line1"].textValue, row["address_line2"].textValue].compactMap { $0 }
        if !street.isEmpty || row["address_city"].textValue != nil {
            addresses.append(
                .init(
                    streetLines: street, locality: row["address_city"].textValue ?? "", postalCode: row["address_postcode"].textValue ?? "",
                    country: Self.countryName(row["address_country"].textValue)))
        }
        return VCard(
            uid: row.id, civility: row["civility"].textValue ?? "", givenName: row["first_name"].textValue ?? "",
            familyName: row["last_name"].textValue ?? "", organization: companies.first.map { [$0.otherName] } ?? [],
            jobTitle: row["job_title"].textValue ?? "", role: companies.first?.role ?? "", emails: emails, phones: phones,
            addresses: addresses, birthday: row["birth_date"].textValue.flatMap { CalendarDay(parsing: $0) },
            note: row["notes"].textValue ?? "", categories: tree.filter { tagIDs.contains($0.id) }.map(\.name),
            revision: row["updated_at"].dateValue)
    }

    /// The vCards of a selection of contacts (at most 5 000; ids that are not contacts are skipped).
    public func vCards(_ ids: [UUID]) async throws -> [VCard] {
        try context.authorize(.read, .directory)
        var cards: [VCard] = []
        for id in ids.prefix(5_000) {
            guard let row = try await TableStore.get(ContactsEntity.definition.tableSpec, id: id, on: context.db) else { continue }
            cards.append(try await vCard(row))
        }
        return cards
    }

    /// The vCard's country is a name (RFC 6350 gives no code), in French as the cards' other labels.
    private static func countryName(_ code: String?) -> String {
        Country.displayName(code ?? "FR", .fr)
    }
}
