import ComptoirCore
import ComptoirStore
import Foundation

/// The organisation profile (« Coordonnées fusion »), one row edited through the generic form.
public enum OrganizationEntity {
    public static let legalForms =
        [
            "SARL", "SAS", "SASU", "EURL", "SA", "SNC", "SCI", "SCP", "SELARL", "SELAS", "EI", "Micro-entreprise", "Association",
        ].map { FieldChoice($0, .same($0)) } + [FieldChoice("autre", L("Autre", "Other"))]

    public static let definition = EntityDefinition(
        name: "organization", table: "organization_profile", singular: L("Coordonnées de l'organisation", "Organisation profile"),
        plural: L("Coordonnées de l'organisation", "Organisation profile"), module: .organization,
        fields: [
            FieldDefinition("legalName", L("Raison sociale", "Legal name"), .text(maxLength: 200), required: true),
            FieldDefinition("legalForm", L("Forme juridique", "Legal form"), .choice(legalForms)),
            FieldDefinition("shareCapital", L("Capital social (€)", "Share capital (€)"), .money),
            FieldDefinition("addressLine1", L("Adresse", "Address"), .text(maxLength: 200)),
            FieldDefinition("addressLine2", L("Complément d'adresse", "Address line 2"), .text(maxLength: 200)),
            FieldDefinition("postcode", L("Code postal", "Postcode"), .identifier(.postalCode)),
            FieldDefinition("city", L("Ville", "City"), .text(maxLength: 120)),
            FieldDefinition("country", L("Pays", "Country"), .choice(DirectoryFields.countryChoices), required: true),
            FieldDefinition("siren", L("SIREN", "SIREN"), .identifier(.siren)),
            FieldDefinition("siret", L("SIRET du siège", "Head office SIRET"), .identifier(.siret)),
            FieldDefinition("vatNumber", L("N° de TVA intracommunautaire", "EU VAT number"), .identifier(.vatNumber)),
            FieldDefinition("rcsCity", L("Ville du RCS", "RCS registry city"), .text(maxLength: 120)),
            FieldDefinition("phone", L("Téléphone", "Phone"), .phone),
            FieldDefinition("email", L("E-mail", "E-mail"), .email),
            FieldDefinition("website", L("Site web", "Website"), .url),
            FieldDefinition("iban", L("IBAN", "IBAN"), .identifier(.iban)),
            FieldDefinition("bic", L("BIC", "BIC"), .identifier(.bic)),
            FieldDefinition(
                "routeStartAddress", L("Adresse de départ des itinéraires", "Default start address for routes"), .longText,
                help: L(
                    "Point de départ par défaut des déplacements ; chaque utilisateur peut en préciser un autre.",
                    "Default starting point of trips; each user may set another one.")),
        ],
        operations: [.read, .update], htmlPath: "/admin/organization", defaultSort: "legal_name", titleColumn: "legal_name",
        singletonID: OrganizationProfile.singletonID, timestamps: false,
        extraColumns: [ColumnSpec("updated_at", .dateTime), ColumnSpec("logo_content_type", .text)],
        rules: EntityRules(prepare: prepare)
    ).with(defaults: ["country": .text("FR"), "legal_name": .text("")])

    /// Cross-field rules: the SIRET starts with the SIREN, a French VAT number carries the SIREN.
    @Sendable public static func prepare(
        _ values: inout [String: FieldValue], _ raw: [String: String], _ existing: TableRow?, _ context: ServiceContext
    ) async throws -> [String: [Localized]] {
        var errors = DirectoryFields.checkCountries(&values, columns: ["country"])
        let siren = values["siren"]?.textValue ?? existing?["siren"].textValue
        if let siren, let siret = values["siret"]?.textValue, !siret.hasPrefix(siren) {
            errors["siret"] = [L("Le SIRET doit commencer par le SIREN (\(siren)).", "The SIRET must start with the SIREN (\(siren)).")]
        }
        if let siren, let vat = values["vatNumber"]?.textValue ?? values["vat_number"]?.textValue, vat.hasPrefix("FR"),
            String(vat.suffix(9)) != siren
        {
            errors["vatNumber"] = [
                L("Le numéro de TVA doit contenir le SIREN (\(siren)).", "The VAT number must contain the SIREN (\(siren)).")
            ]
        }
        values["updated_at"] = .date(context.now)
        return errors
    }
}
