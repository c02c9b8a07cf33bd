import ComptoirCore
import ComptoirStore
import Foundation

/// « Champs spécifiques »: typed fields an administrator adds to companies and contacts (later
/// projects, interactions, products). They appear in forms, lists, filters, exports and the API.
public enum CustomFieldsEntity {
    public static let entities = [
        FieldChoice("companies", L("Sociétés", "Companies")), FieldChoice("contacts", L("Contacts", "Contacts")),
        FieldChoice("interactions", L("Interactions", "Interactions")), FieldChoice("projects", L("Projets", "Projects")),
        FieldChoice("products", L("Produits", "Products")),
    ]
    public static let kinds: [FieldChoice] = [
        FieldChoice("text", L("Texte", "Text")), FieldChoice("longText", L("Texte long", "Long text")),
        FieldChoice("number", L("Nombre entier", "Whole number")), FieldChoice("amount", L("Montant (€)", "Amount (€)")),
        FieldChoice("date", L("Date", "Date")), FieldChoice("yesNo", L("Oui / non", "Yes / no")),
        FieldChoice("choice", L("Choix unique", "Single choice")), FieldChoice("multiChoice", L("Choix multiple", "Multiple choice")),
        FieldChoice("url", L("Adresse web", "URL")), FieldChoice("email", L("E-mail", "E-mail")),
        FieldChoice("phone", L("Téléphone", "Phone")),
    ]

    public static let definition: EntityDefinition = {
        var definition = EntityDefinition(
            name: "custom-fields", table: "custom_fields", singular: L("Champ spécifique", "Custom field"),
            plural: L("Champs spécifiques", "Custom fields"), module: .customFields,
            fields: [
                FieldDefinition(
                    "label", L("Libellé", "Label"), .text(maxLength: 80), required: true, uses: [.standard, .list, .sort, .search]),
                FieldDefinition(
                    "entity", L("Fiches concernées", "Applies to"), .choice(entities), required: true,
                    uses: [.detail, .create, .list, .filter]),
                FieldDefinition(
                    "key", L("Clé (API, import, balises)", "Key (API, import, merge tags)"), .text(maxLength: 40),
                    uses: [.detail, .create, .list],
                    help: L(
                        "Lettres minuscules, chiffres et _ ; déduite du libellé si vide. Ne change plus ensuite.",
                        "Lower-case letters, digits and _; derived from the label when empty. Fixed afterwards.")),
                FieldDefinition("kind", L("Type", "Type"), .choice(kinds), required: true, uses: [.detail, .create, .list]),
                FieldDefinition("options", L("Choix proposés (un par ligne)", "Choices (one per line)"), .longText),
                FieldDefinition("required", L("Obligatoire", "Required"), .bool, uses: [.standard, .list]),
                FieldDefinition("showInList", L("Colonne dans les listes", "Column in lists"), .bool),
                FieldDefinition("position", L("Ordre", "Order"), .integer(min: 0, max: 10_000), required: true, uses: [.standard, .sort]),
                FieldDefinition("active", L("Actif", "Active"), .bool, uses: [.standard, .list, .filter]),
            ],
            htmlPath: "/admin/custom-fields", defaultSort: "position", titleColumn: "label",
            rules: EntityRules(prepare: prepare))
        definition.defaults = ["active": .bool(true), "position": .int(100), "required": .bool(false), "show_in_list": .bool(false)]
        return definition
    }()

    /// Keys are derived and unique per entity; choice fields need choices; a kind never changes.
    @Sendable public static func prepare(
        _ values: inout [String: FieldValue], _ raw: [String: String], _ existing: TableRow?, _ context: ServiceContext
    ) async throws -> [String: [Localized]] {
        var errors: [String: [Localized]] = [:]
        let kind = values["kind"]?.textValue ?? existing?["kind"].textValue ?? ""
        if existing == nil {
            let label = values["label"]?.textValue ?? ""
            let key = values["key"]?.textValue ?? slug(label)
            if key.isEmpty || !key.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "_" }) || key.first!.isNumber {
                errors["key"] = [
                    L(
                        "Lettres minuscules, chiffres et _ seulement, sans chiffre au début.",
                        "Lower-case letters, digits and _ only, not starting with a digit.")
                ]
            } else {
                values["key"] = .text(key)
                let entity = values["entity"]?.textValue ?? ""
                if try await CustomFieldStore.fields(for: entity, activeOnly: false, on: context.db).contains(where: { $0.key == key }) {
                    errors["key"] = [L("Cette clé existe déjà pour ces fiches.", "This key already exists for these records.")]
                }
            }
        }
        if kind == "choice" || kind == "multiChoice" {
            let options = (values["options"]?.textValue ?? (values["options"] == nil ? existing?["options"].textValue : nil) ?? "")
                .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if options.isEmpty {
                errors["options"] = [L("Indiquez au moins un choix.", "Give at least one choice.")]
            } else if Set(options).count != options.count {
                errors["options"] = [L("Chaque choix doit être unique.", "Each choice must be unique.")]
            }
        }
        return errors
    }

    /// "Niveau de risque" → "niveau_de_risque".
    public static func slug(_ label: String) -> String {
        let words = foldForSearch(label).split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map { String($0).filter(\.isASCII) }
        var key = words.filter { !$0.isEmpty }.joined(separator: "_")
        if key.first?.isNumber == true { key = "f_" + key }
        return String(key.prefix(40))
    }
}
