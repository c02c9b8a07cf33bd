import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation

/// Pieces shared by the company and contact definitions.
public enum DirectoryFields {
    public static func owner() -> FieldDefinition {
        FieldDefinition("ownerId", L("Responsable", "Owner"), .reference([]), uses: [.standard, .filter, .list])
    }

    public static func archived() -> FieldDefinition {
        FieldDefinition(
            "archived", L("Archivé", "Archived"), .bool, uses: [.detail, .edit, .filter],
            help: L(
                "Une fiche archivée n'apparaît plus dans les listes ni la recherche ; elle reste consultable.",
                "An archived record leaves lists and search; it can still be opened."))
    }

    /// Fills the owner choices with the active users.
    @Sendable public static func resolveOwners(_ definition: EntityDefinition, _ context: ServiceContext) async throws -> EntityDefinition {
        let choices = try await DirectoryQueries.ownerChoices(on: context.db).map {
            FieldChoice($0.id.uuidString.lowercased(), .same($0.name))
        }
        var copy = definition
        copy.fields = definition.fields.map { field in
            guard field.key == "ownerId" else { return field }
            var resolved = field
            resolved.kind = .reference(choices)
            return resolved
        }
        return copy
    }

    /// The address block's fields (`billing`, `delivery` or the contact's).
    public static func address(_ prefix: String, column: String, _ label: Localized, list: Bool = false) -> [FieldDefinition] {
        let cityUses: FieldUse = list ? [.standard, .list, .filter, .sort, .search] : [.standard, .search]
        let postcodeUses: FieldUse = list ? [.standard, .list, .filter] : .standard
        return [
            FieldDefinition(
                "\(prefix)Line1", column: "\(column)line1", L("\(label.fr) — rue", "\(label.en) — street"), .text(maxLength: 200)),
            FieldDefinition(
                "\(prefix)Line2", column: "\(column)line2", L("\(label.fr) — complément", "\(label.en) — line 2"), .text(maxLength: 200)),
            FieldDefinition(
                "\(prefix)Postcode", column: "\(column)postcode", L("Code postal", "Postcode"), .identifier(.postalCode), uses: postcodeUses
            ),
            FieldDefinition("\(prefix)City", column: "\(column)city", L("Ville", "City"), .text(maxLength: 120), uses: cityUses),
            FieldDefinition("\(prefix)Country", column: "\(column)country", L("Pays", "Country"), .choice(countryChoices)),
        ]
    }

    /// Every ISO 3166-1 country, stored as its code and shown by its name: France first, then French order.
    public static let countryChoices: [FieldChoice] = Country.formOrder.map { FieldChoice($0.code, L($0.french, $0.english)) }

    /// Countries are ISO 3166-1 codes (the field's choices check them); a French postcode is required only in France.
    public static func checkCountries(_ values: inout [String: FieldValue], columns: [String]) -> [String: [Localized]] {
        var errors: [String: [Localized]] = [:]
        for column in columns {
            guard let country = values[column]?.textValue else { continue }
            guard let known = Country.named(country) else {
                errors[column.camelCased] = [
                    L("Pays inconnu (code ISO à deux lettres : FR, BE…).", "Unknown country (two-letter ISO code: FR, BE…).")
                ]
                continue
            }
            values[column] = .text(known.code)
        }
        return errors
    }

}

extension String {
    /// `billing_postcode` → `billingPostcode`.
    public var camelCased: String {
        let parts = split(separator: "_")
        guard let first = parts.first else { return self }
        return String(first) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
