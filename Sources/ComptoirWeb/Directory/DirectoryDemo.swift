import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import Vapor

/// The Directory's demo: 300 companies and 600 contacts with accents, valid SIRETs and French
/// addresses, roles, the insurance broker's interest tags, two custom fields and three segments.
enum DirectoryDemo {
    static let companyCount = 300
    static let contactCount = 600

    @Sendable static func load(_ app: Application) async throws -> [String] {
        let existing = try await TableStore.count(CompaniesEntity.definition.tableSpec, filters: [], on: app.db)
        guard existing == 0 else { return [] }
        let now = app.comptoir.clock.now()
        let ids = app.comptoir.ids
        let sample = FrenchSampleData(seed: 2026, companyCount: companyCount)
        let owners = try await User.query(on: app.db).filter(\.$active == true).sort(\.$email).all().compactMap(\.id)
        let legalForms = Set(OrganizationEntity.legalForms.map(\.value))
        try await app.db.transaction { db in
            // Interest tags, ancestors first.
            var tagIDs: [String: UUID] = [:]
            for path in FrenchSampleData.tags {
                let parts = path.components(separatedBy: TagStore.separator)
                for depth in 1...parts.count {
                    let prefix = parts.prefix(depth).joined(separator: TagStore.separator)
                    guard tagIDs[prefix] == nil else { continue }
                    let id = ids.next()
                    tagIDs[prefix] = id
                    let parent = depth > 1 ? tagIDs[parts.prefix(depth - 1).joined(separator: TagStore.separator)] : nil
                    try await TableStore.insert(TagsEntity.definition.tableSpec, id: id, values: [
                        "name": .text(parts[depth - 1]), "parent_id": parent.map { .uuid($0) } ?? .null, "path": .text(prefix),
                        "created_at": .date(now), "updated_at": .date(now),
                    ], on: db)
                }
            }
            // Custom fields.
            let staff = ids.next(), risk = ids.next()
            for (id, entity, key, label, kind, options, list) in [
                (staff, "companies", "nombre_salaries", "Nombre de salariés", "number", "", true),
                (risk, "contacts", "profil_risque", "Profil de risque", "choice", "Prudent\nÉquilibré\nDynamique\nOffensif", true),
            ] {
                try await TableStore.insert(CustomFieldsEntity.definition.tableSpec, id: id, values: [
                    "entity": .text(entity), "key": .text(key), "label": .text(label), "kind": .text(kind), "required": .bool(false),
                    "options": options.isEmpty ? .null : .text(options), "position": .int(10), "show_in_list": .bool(list), "active": .bool(true),
                    "created_at": .date(now), "updated_at": .date(now),
                ], on: db)
            }
            // Companies.
            var companyIDs: [UUID] = []
            for index in 0..<companyCount {
                let company = sample.company(index: index)
                let id = ids.next()
                companyIDs.append(id)
                let values: [String: FieldValue] = [
                    "name": .text(company.name), "name_folded": .text(DuplicateFinder.normalizedCompanyName(company.name)),
                    "legal_form": legalForms.contains(company.legalForm) ? .text(company.legalForm) : .null,
                    "siren": .text(company.siren), "siret": .text(company.siret), "vat_number": .text(company.vatNumber), "naf_code": .text(company.nafCode),
                    "billing_line1": .text(company.address.line1), "billing_line2": company.address.line2.map { .text($0) } ?? .null,
                    "billing_postcode": .text(company.address.postalCode), "billing_city": .text(company.address.city), "billing_country": .text("FR"),
                    "phone": .text(company.phone), "email": .text(company.email), "website": .text(company.website),
                    "is_prospect": .bool(company.isProspect), "is_client": .bool(company.isClient), "is_supplier": .bool(company.isSupplier),
                    "owner_id": owners.isEmpty ? .null : .uuid(owners[index % owners.count]), "archived": .bool(false),
                    "created_at": .date(now.addingTimeInterval(-Double(index) * 3600 * 7)), "updated_at": .date(now),
                ]
                try await TableStore.insert(CompaniesEntity.definition.tableSpec, id: id, values: values, on: db)
                try await CustomFieldStore.set(String(2 + (index * 37) % 240), field: staff, record: id, id: ids.next(), on: db)
                if let row = try await TableStore.get(CompaniesEntity.definition.tableSpec, id: id, on: db) {
                    try await SearchIndex.upsert(DirectoryIndexing.companyDocument(row), on: db)
                }
            }
            // Contacts, most linked to a company with a role.
            let profiles = ["Prudent", "Équilibré", "Dynamique", "Offensif"]
            for index in 0..<contactCount {
                let contact = sample.contact(index: index)
                let id = ids.next()
                try await TableStore.insert(ContactsEntity.definition.tableSpec, id: id, values: [
                    "civility": .text(contact.civility), "first_name": .text(contact.firstName), "last_name": .text(contact.lastName),
                    "display_name": .text("\(contact.firstName) \(contact.lastName)"), "job_title": .text(contact.jobTitle),
                    "email": .text(contact.email), "mobile": .text(contact.mobile),
                    "address_line1": .text(contact.address.line1), "address_postcode": .text(contact.address.postalCode),
                    "address_city": .text(contact.address.city), "address_country": .text("FR"), "birth_date": .text(contact.birthDate.isoString),
                    "owner_id": owners.isEmpty ? .null : .uuid(owners[index % owners.count]), "archived": .bool(false),
                    "created_at": .date(now.addingTimeInterval(-Double(index) * 3600 * 3)), "updated_at": .date(now),
                ], on: db)
                if let companyIndex = contact.companyIndex, companyIndex < companyIDs.count {
                    try await DirectoryLinks.link(contact: id, company: companyIDs[companyIndex], role: contact.role ?? "", at: now, id: ids.next(), on: db)
                }
                for tag in contact.tags {
                    if let tagID = tagIDs[tag] { try await TagStore.add(tagID, to: [id], .contacts, ids: { ids.next() }, on: db) }
                }
                if index % 3 == 0 {
                    try await CustomFieldStore.set(profiles[index % 4], field: risk, record: id, id: ids.next(), on: db)
                }
                try await DirectoryIndexing.reindexContact(id, on: db)
            }
            // Segments.
            let prospects = tagIDs["Prospect habitation"].map { "tags=\($0.uuidString.lowercased())" } ?? "q=habitation"
            for (name, entity, query) in [
                ("Clients lyonnais", "companies", "isClient=true&billingCity=Lyon"),
                ("Prospects habitation", "contacts", prospects),
                ("Profils dynamiques et offensifs", "contacts", "cf_profil_risque=Dynamique"),
            ] {
                try await TableStore.insert(SegmentsEntity.definition.tableSpec, id: ids.next(), values: [
                    "name": .text(name), "entity": .text(entity), "query": .text(query), "created_at": .date(now), "updated_at": .date(now),
                ], on: db)
            }
        }
        return ["  Annuaire : \(companyCount) sociétés, \(contactCount) contacts, centres d'intérêt, 2 champs spécifiques, 3 segments."]
    }
}
