import FluentKit
import Foundation

/// The organisation's own coordinates (« Coordonnées fusion »): one row, read by documents and merge tags.
public final class OrganizationProfile: Model, @unchecked Sendable {
    public static let schema = "organization_profile"
    /// The only row's id.
    public static let singletonID = UUID(uuidString: "00000000-0000-0000-0000-000000000001")!

    @ID(key: .id) public var id: UUID?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    @Field(key: "legal_name") public var legalName: String
    @OptionalField(key: "legal_form") public var legalForm: String?
    /// Share capital in cents (EUR).
    @OptionalField(key: "share_capital") public var shareCapital: Int64?
    @OptionalField(key: "address_line1") public var addressLine1: String?
    @OptionalField(key: "address_line2") public var addressLine2: String?
    @OptionalField(key: "postcode") public var postcode: String?
    @OptionalField(key: "city") public var city: String?
    @Field(key: "country") public var country: String
    @OptionalField(key: "siren") public var siren: String?
    @OptionalField(key: "siret") public var siret: String?
    @OptionalField(key: "vat_number") public var vatNumber: String?
    @OptionalField(key: "rcs_city") public var rcsCity: String?
    @OptionalField(key: "phone") public var phone: String?
    @OptionalField(key: "email") public var email: String?
    @OptionalField(key: "website") public var website: String?
    @OptionalField(key: "iban") public var iban: String?
    @OptionalField(key: "bic") public var bic: String?
    @OptionalField(key: "route_start_address") public var routeStartAddress: String?
    @OptionalField(key: "logo") public var logo: Data?
    @OptionalField(key: "logo_content_type") public var logoContentType: String?

    public init() {}

    public init(legalName: String) {
        self.id = Self.singletonID
        self.legalName = legalName
        self.country = "FR"
    }

    /// The profile, created empty on first use.
    public static func current(on db: any Database) async throws -> OrganizationProfile {
        if let existing = try await OrganizationProfile.find(singletonID, on: db) { return existing }
        let profile = OrganizationProfile(legalName: "")
        try await profile.create(on: db)
        return profile
    }
}
