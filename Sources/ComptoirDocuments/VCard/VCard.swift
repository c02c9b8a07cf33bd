import ComptoirCore
import Foundation

/// A contact card as exchanged in vCard 4.0 files (RFC 6350): what `serialized()` writes and `VCardReader` reads.
public struct VCard: Sendable, Hashable {
    /// Whether the card describes a person or an organisation (KIND).
    public enum Kind: String, Sendable, Hashable {
        /// A person (the vCard default, KIND is then omitted).
        case individual
        /// An organisation: FN is its name.
        case org
    }

    /// The kind of place an e-mail address or a postal address belongs to (TYPE).
    public enum Place: String, Sendable, Hashable {
        /// Work.
        case work
        /// Home.
        case home
    }

    /// The kinds of telephone (TYPE values of TEL).
    public enum PhoneType: String, Sendable, Hashable {
        /// Mobile phone.
        case cell
        /// Work number.
        case work
        /// Home number.
        case home
        /// Voice line.
        case voice
        /// Fax.
        case fax
        /// Text messages.
        case text
    }

    /// An e-mail address and where it belongs.
    public struct Email: Sendable, Hashable {
        /// The address.
        public var address: String
        /// Work or home, when known.
        public var type: Place?
        /// Whether it is the preferred address (PREF=1).
        public var isPreferred: Bool

        /// An e-mail address.
        public init(_ address: String, type: Place? = nil, isPreferred: Bool = false) {
            self.address = address
            self.type = type
            self.isPreferred = isPreferred
        }
    }

    /// A telephone number and its kinds.
    public struct Phone: Sendable, Hashable {
        /// The number, preferably in E.164 ("+33612345678"); written as a `tel:` URI when it is a valid number.
        public var number: String
        /// The kinds, e.g. `[.cell]` or `[.work, .voice]`.
        public var types: [PhoneType]
        /// Whether it is the preferred number (PREF=1).
        public var isPreferred: Bool

        /// A telephone number.
        public init(_ number: String, types: [PhoneType] = [], isPreferred: Bool = false) {
            self.number = number
            self.types = types
            self.isPreferred = isPreferred
        }
    }

    /// A postal address (ADR): street lines, locality, region, postcode and country.
    public struct Address: Sendable, Hashable {
        /// Street lines, first line first; written as one component joined by newlines.
        public var streetLines: [String]
        /// The commune.
        public var locality: String
        /// The region, often empty in France.
        public var region: String
        /// The postcode.
        public var postalCode: String
        /// The country name.
        public var country: String
        /// Work or home, when known.
        public var type: Place?

        /// A postal address.
        public init(
            streetLines: [String], locality: String, region: String = "", postalCode: String, country: String = "France",
            type: Place? = nil
        ) {
            self.streetLines = streetLines
            self.locality = locality
            self.region = region
            self.postalCode = postalCode
            self.country = country
            self.type = type
        }
    }

    /// The card's stable identifier (UID, written as `urn:uuid:`).
    public var uid: UUID
    /// Person or organisation.
    public var kind: Kind
    /// Civility, the honorific prefix of N ("M.", "Mme", "Dr").
    public var civility: String
    /// First name(s).
    public var givenName: String
    /// Family name.
    public var familyName: String
    /// The organisation name followed by its units (ORG).
    public var organization: [String]
    /// Job title (TITLE), e.g. « Directrice commerciale ».
    public var jobTitle: String
    /// Role or function in the organisation (ROLE), e.g. « Gérante ».
    public var role: String
    /// E-mail addresses.
    public var emails: [Email]
    /// Telephone numbers.
    public var phones: [Phone]
    /// Postal addresses.
    public var addresses: [Address]
    /// Birth date (BDAY, without time).
    public var birthday: CalendarDay?
    /// Free-text note, newlines allowed.
    public var note: String
    /// Tags (CATEGORIES), e.g. the CRM's interest tags.
    public var categories: [String]
    /// Last modification (REV), written to the second in UTC.
    public var revision: Date?

    /// A card; only the UID is required.
    public init(
        uid: UUID, kind: Kind = .individual, civility: String = "", givenName: String = "", familyName: String = "",
        organization: [String] = [], jobTitle: String = "", role: String = "", emails: [Email] = [],
        phones: [Phone] = [], addresses: [Address] = [], birthday: CalendarDay? = nil, note: String = "",
        categories: [String] = [], revision: Date? = nil
    ) {
        self.uid = uid
        self.kind = kind
        self.civility = civility
        self.givenName = givenName
        self.familyName = familyName
        self.organization = organization
        self.jobTitle = jobTitle
        self.role = role
        self.emails = emails
        self.phones = phones
        self.addresses = addresses
        self.birthday = birthday
        self.note = note
        self.categories = categories
        self.revision = revision
    }

    /// The display name written as FN: "Jeanne d'Arc" (no civility), else the organisation, else the first e-mail.
    public var formattedName: String {
        let person = [givenName, familyName].filter { !$0.isEmpty }.joined(separator: " ")
        if kind == .org, let name = organization.first, !name.isEmpty { return name }
        if !person.isEmpty { return person }
        if let name = organization.first, !name.isEmpty { return name }
        return emails.first?.address ?? ""
    }
}
