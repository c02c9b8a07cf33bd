import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation

/// « Sociétés »: prospects, clients and suppliers.
public enum CompaniesEntity {
    public static let definition: EntityDefinition = {
        var fields: [FieldDefinition] = [
            FieldDefinition(
                "name", L("Raison sociale", "Name"), .text(maxLength: 200), required: true,
                uses: [.standard, .list, .sort, .search, .filter]),
            FieldDefinition("legalForm", L("Forme juridique", "Legal form"), .choice(OrganizationEntity.legalForms)),
            FieldDefinition("siren", L("SIREN", "SIREN"), .identifier(.siren), uses: [.standard, .filter]),
            FieldDefinition("siret", L("SIRET", "SIRET"), .identifier(.siret), uses: [.standard, .list]),
            FieldDefinition("vatNumber", L("N° de TVA intracommunautaire", "EU VAT number"), .identifier(.vatNumber)),
            FieldDefinition(
                "nafCode", L("Code NAF / APE", "NAF / APE code"), .text(maxLength: 6), help: L("Exemple : 6920Z", "Example: 6920Z")),
            FieldDefinition("isProspect", L("Prospect", "Prospect"), .bool, uses: [.standard, .filter]),
            FieldDefinition("isClient", L("Client", "Client"), .bool, uses: [.standard, .filter, .list]),
            FieldDefinition("isSupplier", L("Fournisseur", "Supplier"), .bool, uses: [.standard, .filter]),
        ]
        fields += DirectoryFields.address("billing", column: "billing_", L("Adresse de facturation", "Billing address"), list: true)
        fields += DirectoryFields.address("delivery", column: "delivery_", L("Adresse de livraison", "Delivery address"))
        fields += [
            FieldDefinition("phone", L("Téléphone", "Phone"), .phone, uses: [.standard, .list, .search]),
            FieldDefinition("phoneSecondary", L("Autre téléphone", "Other phone"), .phone, uses: [.standard, .search]),
            FieldDefinition("email", L("E-mail", "E-mail"), .email, uses: [.standard, .search]),
            FieldDefinition("emailSecondary", L("Autre e-mail", "Other e-mail"), .email, uses: [.standard, .search]),
            FieldDefinition("website", L("Site web", "Website"), .url),
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
            name: "companies", table: "companies", singular: L("Société", "Company"), plural: L("Sociétés", "Companies"),
            module: .directory, fields: fields, htmlPath: "/companies", defaultSort: "name", titleColumn: "name",
            extraColumns: [ColumnSpec("name_folded", .text), ColumnSpec("merged_into", .uuid)],
            rules: EntityRules(
                prepare: prepare, afterWrite: DirectoryIndexing.indexCompany, resolve: DirectoryFields.resolveOwners,
                listFilters: DirectoryTagging.filters(.companies)))
        definition.defaults = [
            "is_prospect": .bool(false), "is_client": .bool(false), "is_supplier": .bool(false), "archived": .bool(false),
            "billing_country": .text("FR"),
        ]
        definition.defaultFilters = ["archived": "false"]
        definition.extraParameters = DirectoryTagging.parameters
        definition.exportable = true
        definition.searchIndexed = true
        definition.customFieldsEntity = "companies"
        definition.operations.insert(.delete)
        definition.rules.deletion = DirectoryDeletion.companies
        return definition
    }()

    /// The checks and normal forms that need no database (NAF code, SIRET against SIREN, countries, the
    /// folded name for duplicates); shared by the form, the API and the import.
    public static func normalize(_ values: inout [String: FieldValue], existing: TableRow?) -> [String: [Localized]] {
        var errors = DirectoryFields.checkCountries(&values, columns: ["billing_country", "delivery_country"])
        if let naf = values["naf_code"]?.textValue {
            let compact = naf.replacingOccurrences(of: ".", with: "").uppercased()
            let digits = compact.prefix(4)
            if compact.count == 5, digits.allSatisfy(\.isNumber), compact.last!.isLetter {
                values["naf_code"] = .text(compact)
            } else {
                errors["nafCode"] = [L("Code NAF de la forme 6920Z.", "NAF code like 6920Z.")]
            }
        }
        let siren = values["siren"]?.textValue ?? (existing.flatMap { values["siren"] == nil ? $0["siren"].textValue : nil })
        if let siret = values["siret"]?.textValue {
            if let siren, !siret.hasPrefix(siren) {
                errors["siret"] = [L("Le SIRET doit commencer par le SIREN (\(siren)).", "The SIRET must start with the SIREN (\(siren)).")]
            } else if siren == nil {
                values["siren"] = .text(String(siret.prefix(9)))
            }
        }
        if existing == nil { applyDefaultRole(&values) }
        // The import sets the folded name itself (cached: a company's name repeats on its contacts' rows).
        if let name = values["name"]?.textValue, values["name_folded"] == nil {
            values["name_folded"] = .text(DuplicateFinder.normalizedCompanyName(name))
        }
        return errors
    }

    /// A new company that is neither prospect, client nor supplier is a prospect. The form applies it to the boxes it
    /// posts; the import to a created row's values once the defaults are filled in.
    public static func applyDefaultRole(_ values: inout [String: FieldValue]) {
        if values["is_prospect"] == .bool(false), values["is_client"] == .bool(false), values["is_supplier"] == .bool(false) {
            values["is_prospect"] = .bool(true)
        }
    }

    @Sendable public static func prepare(
        _ values: inout [String: FieldValue], _ raw: [String: String], _ existing: TableRow?, _ context: ServiceContext
    ) async throws -> [String: [Localized]] {
        let errors = normalize(&values, existing: existing)
        guard errors.isEmpty else { return errors }
        if existing == nil, raw["confirmDuplicate"] != "true" {
            let duplicates = try await DuplicateFinder.companies(
                siren: values["siren"]?.textValue, name: values["name"]?.textValue ?? "",
                postcode: values["billing_postcode"]?.textValue, excluding: nil, on: context.db)
            if !duplicates.isEmpty {
                throw AppError.duplicate(
                    duplicates.map { RelatedRecord(id: $0.id, title: $0.title, path: "/companies/\($0.id.uuidString.lowercased())") },
                    reason: L(
                        "Une société semblable existe déjà (même SIREN, ou même nom et même code postal).",
                        "A similar company already exists (same SIREN, or same name and postcode)."))
            }
        }
        return errors
    }
}
