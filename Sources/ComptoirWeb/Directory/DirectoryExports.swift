import ComptoirCore
import ComptoirDocuments
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import Vapor

/// vCard 4.0 downloads of contacts (one, or a list selection as one .vcf).
enum DirectoryExports {
    static func register(_ routes: any RoutesBuilder) {
        routes.get("contacts", ":id", "vcard") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let id = try EntityRoutes.id(request)
            let row = try await EntityService(ContactsEntity.definition, request).get(id)
            let card = try await vCard(row, request.db)
            return FileResponse.download(VCard.serialize([card]), name: (row["display_name"].textValue ?? "contact") + ".vcf", type: "text/vcard; charset=utf-8")
        }
    }

    static func vCards(_ ids: [UUID], _ request: Request) async throws -> Response {
        try request.authorize(.read, .directory)
        var cards: [VCard] = []
        for id in ids.prefix(5_000) {
            guard let row = try await TableStore.get(ContactsEntity.definition.tableSpec, id: id, on: request.db) else { continue }
            cards.append(try await vCard(row, request.db))
        }
        return FileResponse.download(VCard.serialize(cards), name: "contacts.vcf", type: "text/vcard; charset=utf-8")
    }

    static func vCard(_ row: TableRow, _ db: any Database) async throws -> VCard {
        let companies = try await DirectoryLinks.companies(ofContact: row.id, on: db)
        let tree = try await TagStore.all(on: db)
        let tagIDs = Set(try await TagStore.tags(of: row.id, .contacts, on: db))
        var emails: [VCard.Email] = []
        if let email = row["email"].textValue { emails.append(.init(email, type: .work, isPreferred: true)) }
        if let email = row["email_secondary"].textValue { emails.append(.init(email)) }
        var phones: [VCard.Phone] = []
        if let mobile = row["mobile"].textValue { phones.append(.init(mobile, types: [.cell], isPreferred: true)) }
        if let phone = row["phone"].textValue { phones.append(.init(phone, types: [.work, .voice])) }
        var addresses: [VCard.Address] = []
        let street = [row["address_line1"].textValue, row["address_line2"].textValue].compactMap { $0 }
        if !street.isEmpty || row["address_city"].textValue != nil {
            addresses.append(.init(
                streetLines: street, locality: row["address_city"].textValue ?? "", postalCode: row["address_postcode"].textValue ?? "",
                country: countryName(row["address_country"].textValue)))
        }
        return VCard(
            uid: row.id, civility: row["civility"].textValue ?? "", givenName: row["first_name"].textValue ?? "",
            familyName: row["last_name"].textValue ?? "", organization: companies.first.map { [$0.otherName] } ?? [],
            jobTitle: row["job_title"].textValue ?? "", role: companies.first?.role ?? "", emails: emails, phones: phones,
            addresses: addresses, birthday: row["birth_date"].textValue.flatMap { CalendarDay(parsing: $0) },
            note: row["notes"].textValue ?? "", categories: tree.filter { tagIDs.contains($0.id) }.map(\.name),
            revision: row["updated_at"].dateValue)
    }

    private static func countryName(_ code: String?) -> String {
        switch code ?? "FR" {
        case "FR": return "France"
        case "BE": return "Belgique"
        case "CH": return "Suisse"
        case "LU": return "Luxembourg"
        default: return code ?? ""
        }
    }
}
