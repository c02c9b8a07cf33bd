import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation

/// « Contacts »: people, linked to zero or more companies with a role; with none, a private client.
public enum ContactsEntity {
    public static let civilities = [FieldChoice("M.", .same("M.")), FieldChoice("Mme", .same("Mme"))]

    public static let definition: EntityDefinition = {
        var fields: [FieldDefinition] = [
            FieldDefinition("civility", L("Civilité", "Title"), .choice(civilities)),
            FieldDefinition("firstName", L("Prénom", "First name"), .text(maxLength: 100), uses: [.standard, .search]),
            FieldDefinition(
                "lastName", L("Nom", "Last name"), .text(maxLength: 100), required: true, uses: [.standard, .sort, .search, .filter]),
            FieldDefinition("displayName", L("Nom complet", "Full name"), .text(maxLength: 210), uses: [.list, .sort]),
            FieldDefinition("jobTitle", L("Fonction", "Job title"), .text(maxLength: 120), uses: [.standard, .list, .search]),
            FieldDefinition("email", L("E-mail", "E-mail"), .email, uses: [.standard, .list, .search, .filter]),
            FieldDefinition("emailSecondary", L("Autre e-mail", "Other e-mail"), .email, uses: [.standard, .search]),
            FieldDefinition("mobile", L("Mobile", "Mobile"), .phone, uses: [.standard, .list, .search]),
            FieldDefinition("phone", L("Téléphone bureau", "Office phone"), .phone, uses: [.standard, .search]),
        ]
        fields += DirectoryFields.address("address", column: "address_", L("Adresse", "Address"), list: true)
        fields += [
            FieldDefinition("birthDate", L("Date de naissance", "Birth date"), .date),
            FieldDefinition(
                "externalId", L("Référence externe", "External reference"), .text(maxLength: 100),
                help: L(
                    "Identifiant dans un autre logiciel ; sert à retrouver la fiche lors d'un import.",
                    "Identifier in another application; used to match the record on import.")),
            DirectoryFields.owner(),
            FieldDefinition("notes", L("Notes", "Notes"), .longText),
            DirectoryFields.archived(),
            FieldDefinition("createdAt", L("Créé le", "Created"), .dateTime, uses: [.detail, .filter]),
        ]
        var definition = EntityDefinition(
            name: "contacts", table: "contacts", singular: L("Contact", "Contact"), plural: L("Contacts", "Contacts"),
            module: .directory, fields: fields, htmlPath: "/contacts", defaultSort: "last_name", titleColumn: "display_name",
            extraColumns: [ColumnSpec("merged_into", .uuid), ColumnSpec("erased_at", .dateTime)],
            rules: EntityRules(
                prepare: prepare, afterWrite: DirectoryIndexing.indexContact, resolve: DirectoryFields.resolveOwners,
                listFilters: DirectoryTagging.filters(.contacts)))
        definition.defaults = ["archived": .bool(false), "address_country": .text("FR")]
        definition.defaultFilters = ["archived": "false"]
        definition.extraParameters = DirectoryTagging.parameters
        definition.exportable = true
        definition.searchIndexed = true
        definition.customFieldsEntity = "contacts"
        definition.operations.insert(.delete)
        definition.rules.deletion = DirectoryDeletion.contacts
        return definition
    }()

    /// The checks and normal forms that need no database (country, birth date, display name); shared by
    /// the form, the API and the import.
    public static func normalize(_ values: inout [String: FieldValue], existing: TableRow?, today: CalendarDay) -> [String: [Localized]] {
        var errors = DirectoryFields.checkCountries(&values, columns: ["address_country"])
        if let birth = values["birth_date"]?.textValue, let day = CalendarDay(parsing: birth) {
            if day > today || day.year < 1900 {
                errors["birthDate"] = [L("Date de naissance improbable.", "Unlikely birth date.")]
            }
        }
        // The display name follows the first and last names.
        if values["first_name"] != nil || values["last_name"] != nil {
            let first = values["first_name"]?.textValue ?? (values["first_name"] == nil ? existing?["first_name"].textValue : nil) ?? ""
            let last = values["last_name"]?.textValue ?? existing?["last_name"].textValue ?? ""
            values["display_name"] = .text([first, last].filter { !$0.isEmpty }.joined(separator: " "))
        }
        return errors
    }

    @Sendable public static func prepare(
        _ values: inout [String: FieldValue], _ raw: [String: String], _ existing: TableRow?, _ context: ServiceContext
    ) async throws -> [String: [Localized]] {
        let errors = normalize(&values, existing: existing, today: CalendarDay(context.now))
        guard errors.isEmpty else { return errors }
        if existing == nil, raw["confirmDuplicate"] != "true" {
            let duplicates = try await DuplicateFinder.contacts(email: values["email"]?.textValue, excluding: nil, on: context.db)
            if !duplicates.isEmpty {
                throw AppError.duplicate(
                    duplicates.map { RelatedRecord(id: $0.id, title: $0.title, path: "/contacts/\($0.id.uuidString.lowercased())") },
                    reason: L("Un contact a déjà cette adresse e-mail.", "A contact already has this e-mail address."))
            }
        }
        return errors
    }
}
