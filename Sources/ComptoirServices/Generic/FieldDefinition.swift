import ComptoirCore
import ComptoirStore
import Foundation

/// One value of a choice field: the stored value and its label.
public struct FieldChoice: Sendable, Hashable {
    public var value: String
    public var label: Localized
    /// The group the choice is shown under (an `<optgroup>`), e.g. a stage's interaction type: its value and label.
    public var group: (value: String, label: String)? {
        get { groupValue.map { ($0, groupLabel) } }
        set {
            groupValue = newValue?.value
            groupLabel = newValue?.label ?? ""
        }
    }
    private var groupValue: String?
    private var groupLabel = ""

    public init(_ value: String, _ label: Localized, group: (value: String, label: String)? = nil) {
        self.value = value
        self.label = label
        self.group = group
    }
}

/// What a field holds; decides the input, the parsing, the display and the storage type.
public enum FieldKind: Sendable {
    case text(maxLength: Int)
    case longText
    case email
    case phone
    case url
    case bool
    case choice([FieldChoice])
    /// Several of the choices, stored one per line.
    case multiChoice([FieldChoice])
    case integer(min: Int64?, max: Int64?)
    /// An amount in cents (EUR), shown as `1 234,50 €`.
    case money
    /// A quantity of goods, zero or more with up to three decimals, stored in thousandths (`Quantity`), shown « 1 234,5 ».
    case quantity
    case dateTime
    /// A calendar day, stored as ISO text (`2026-02-28`), entered and shown as dd/mm/yyyy.
    case date
    /// A link to another record (stored as its UUID), chosen among `choices` filled in per request.
    case reference([FieldChoice])
    /// A link to a record among many (a company, a contact): typed with a typeahead, resolved by
    /// name, identifier or id when saved (see `LookupSupport`).
    case lookup(String)
    /// SIREN, SIRET, VAT number, IBAN, BIC, postcode…: checked by ComptoirCore.
    case identifier(IdentifierKind)
    /// Write-only: never read back, never shown.
    case password

    public static let text = FieldKind.text(maxLength: 200)

    public var columnType: ColumnType {
        switch self {
        case .bool: return .bool
        case .integer, .money, .quantity: return .int
        case .dateTime: return .dateTime
        case .reference, .lookup: return .uuid
        default: return .text
        }
    }
}

/// Where a field appears.
public struct FieldUse: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let list = FieldUse(rawValue: 1 << 0)
    public static let detail = FieldUse(rawValue: 1 << 1)
    public static let create = FieldUse(rawValue: 1 << 2)
    public static let edit = FieldUse(rawValue: 1 << 3)
    /// Offered as a list filter (text: contains; choice and yes/no: equals; date-time: from/to).
    public static let filter = FieldUse(rawValue: 1 << 4)
    public static let sort = FieldUse(rawValue: 1 << 5)
    /// Included in the list's free-text search (`q`).
    public static let search = FieldUse(rawValue: 1 << 6)

    public static let form: FieldUse = [.create, .edit]
    public static let standard: FieldUse = [.detail, .create, .edit]
}

/// A field described once: label, kind, validation and where it shows. Lists, forms, detail pages,
/// the API and its OpenAPI schema are all derived from it.
public struct FieldDefinition: Sendable {
    /// The form name and JSON key (camelCase).
    public var key: String
    /// The database column (snake_case).
    public var column: String
    public var label: Localized
    public var kind: FieldKind
    public var required: Bool
    public var uses: FieldUse
    /// The HTML `autocomplete` token; CRM fields use "off" so the browser does not fill in the user's own data.
    public var autocomplete: String
    public var help: Localized?
    /// Set for an administrator-defined custom field: its value lives in `custom_values`, not in a column.
    public var customFieldID: UUID?
    /// The custom field's key as the API names it (`customFields.<key>`).
    public var customKey: String?
    /// For a field stored as a JSON text (a segment's conditions): the API takes and documents it as this JSON object
    /// schema instead of a string.
    public var jsonSchema: JSONValue?

    public init(
        _ key: String, column: String? = nil, _ label: Localized, _ kind: FieldKind = .text, required: Bool = false,
        uses: FieldUse = .standard, autocomplete: String = "off", help: Localized? = nil
    ) {
        self.key = key
        self.column = column ?? FieldDefinition.snakeCase(key)
        self.label = label
        self.kind = kind
        self.required = required
        self.uses = uses
        self.autocomplete = autocomplete
        self.help = help
    }

    public static func snakeCase(_ key: String) -> String {
        var out = ""
        for character in key {
            if character.isUppercase {
                out += "_" + character.lowercased()
            } else {
                out.append(character)
            }
        }
        return out
    }

    public var choices: [FieldChoice] {
        if case .choice(let choices) = kind { return choices }
        if case .reference(let choices) = kind { return choices }
        if case .multiChoice(let choices) = kind { return choices }
        return []
    }

    public var isPassword: Bool {
        if case .password = kind { return true }
        return false
    }
}
