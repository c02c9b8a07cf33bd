import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation

/// The Directory's demo: 300 companies and 600 contacts with accents, valid SIRETs and French
/// addresses, roles, the insurance broker's interest tags, two custom fields and three segments.
enum DirectoryDemo {
    static let companyCount = 300
    static let contactCount = 600

    @Sendable static func load(_ context: ServiceContext) async throws -> [String] {
        guard try await EntityService(CompaniesEntity.definition, context).count(.init()) == 0 else { return [] }
        return try await context.transaction { context in
            try await create(context)
            return ["  Annuaire : \(companyCount) sociétés, \(contactCount) contacts, centres d'intérêt, 2 champs spécifiques, 3 segments."]
        }
    }

    private static func create(_ context: ServiceContext) async throws {
        let now = context.now
        let sample = FrenchSampleData(seed: 2026, companyCount: companyCount)
        let owners = try await DemoData.staff(context).compactMap(\.id)
        func owner(_ index: Int) -> String { owners.isEmpty ? "" : FormText.id(owners[index % owners.count]) }
        let legalForms = Set(OrganizationEntity.legalForms.map(\.value))

        // Interest tags, ancestors first (a tag of the same path already there is kept).
        var tagIDs = Dictionary(try await TagStore.all(on: context.db).map { ($0.path, $0.id) }, uniquingKeysWith: { first, _ in first })
        for path in FrenchSampleData.tags {
            let parts = path.components(separatedBy: TagStore.separator)
            for depth in 1...parts.count {
                let prefix = parts.prefix(depth).joined(separator: TagStore.separator)
                guard tagIDs[prefix] == nil else { continue }
                let parent = depth > 1 ? tagIDs[parts.prefix(depth - 1).joined(separator: TagStore.separator)] : nil
                // Resolved again for each tag: the parent choices hold the tags created just before.
                let tags = try await TagsEntity.definition.resolved(for: context)
                let tag = try await EntityService(tags, context).create(
                    EntityInput(
                        values: [
                            "name": parts[depth - 1], "parentId": parent.map(FormText.id) ?? "",
                        ], isPartial: false))
                tagIDs[prefix] = tag.id
            }
        }

        // Custom fields (a field of the same key already there is kept).
        for (entity, key, label, kind, options) in [
            ("companies", "nombre_salaries", "Nombre de salariés", "number", ""),
            ("contacts", "profil_risque", "Profil de risque", "choice", "Prudent\nÉquilibré\nDynamique\nOffensif"),
        ] where try await !CustomFieldStore.fields(for: entity, activeOnly: false, on: context.db).contains(where: { $0.key == key }) {
            _ = try await EntityService(CustomFieldsEntity.definition, context).create(
                EntityInput(
                    values: [
                        "entity": entity, "key": key, "label": label, "kind": kind, "options": options, "required": "false",
                        "showInList": "true",
                        "position": "10", "active": "true",
                    ], isPartial: false))
        }

        // Companies, each created on its day in the past.
        let companies = try await CompaniesEntity.definition.resolved(for: context)
        var companyIDs: [UUID] = []
        for index in 0..<companyCount {
            let company = sample.company(index: index)
            let created = now.addingTimeInterval(-Double(index) * 3600 * 7)
            let row = try await EntityService(companies, context.at(created)).create(
                EntityInput(
                    values: [
                        "name": company.name, "legalForm": legalForms.contains(company.legalForm) ? company.legalForm : "",
                        "siren": company.siren, "siret": company.siret, "vatNumber": company.vatNumber, "nafCode": company.nafCode,
                        "billingLine1": company.address.line1, "billingLine2": company.address.line2 ?? "",
                        "billingPostcode": company.address.postalCode, "billingCity": company.address.city, "billingCountry": "FR",
                        "phone": company.phone, "email": company.email, "website": company.website,
                        "isProspect": FormText.bool(company.isProspect), "isClient": FormText.bool(company.isClient),
                        "isSupplier": FormText.bool(company.isSupplier), "ownerId": owner(index),
                        CustomFieldsSupport.formPrefix + "nombre_salaries": String(2 + (index * 37) % 240),
                    ], isPartial: false))
            companyIDs.append(row.id)
        }

        // Contacts, most linked to a company with a role.
        let contacts = try await ContactsEntity.definition.resolved(for: context)
        let directory = DirectoryService(context)
        let profiles = ["Prudent", "Équilibré", "Dynamique", "Offensif"]
        var tagged: [UUID: [UUID]] = [:]
        for index in 0..<contactCount {
            let contact = sample.contact(index: index)
            let created = now.addingTimeInterval(-Double(index) * 3600 * 3)
            var values = [
                "civility": contact.civility, "firstName": contact.firstName, "lastName": contact.lastName, "jobTitle": contact.jobTitle,
                "email": contact.email, "mobile": contact.mobile, "addressLine1": contact.address.line1,
                "addressPostcode": contact.address.postalCode, "addressCity": contact.address.city, "addressCountry": "FR",
                "birthDate": contact.birthDate.isoString, "ownerId": owner(index),
            ]
            if index % 3 == 0 { values[CustomFieldsSupport.formPrefix + "profil_risque"] = profiles[index % 4] }
            let id = try await EntityService(contacts, context.at(created)).create(EntityInput(values: values, isPartial: false)).id
            if let companyIndex = contact.companyIndex, companyIndex < companyIDs.count {
                try await directory.link(contact: id, company: companyIDs[companyIndex], role: contact.role ?? "")
            }
            for tag in contact.tags.compactMap({ tagIDs[$0] }) { tagged[tag, default: []].append(id) }
        }
        // Their interest tags, a selection per tag (the list's « Ajouter un centre d'intérêt » on the selection).
        for tag in FrenchSampleData.tags.compactMap({ tagIDs[$0] }) + tagged.keys.sorted(by: { $0.uuidString < $1.uuidString }) {
            guard let selection = tagged.removeValue(forKey: tag) else { continue }
            _ = try await directory.bulkTag(tag, ids: selection, .contacts, add: true)
        }

        // Segments.
        let segments = try await SegmentsEntity.definition.resolved(for: context)
        let prospects = tagIDs["Prospect habitation"].map { "tags=\(FormText.id($0))" } ?? "q=habitation"
        for (name, entity, query) in [
            ("Clients lyonnais", "companies", "isClient=true&billingCity=Lyon"),
            ("Prospects habitation", "contacts", prospects),
            ("Profils dynamiques et offensifs", "contacts", "cf_profil_risque=Dynamique"),
        ] {
            _ = try await EntityService(segments, context).create(
                EntityInput(values: ["name": name, "entity": entity, "query": query], isPartial: false))
        }
    }
}
