/// A real French postcode and commune, with the landline prefix of its area (for sample data).
public struct SamplePlace: Sendable, Hashable {
    /// The five-digit postcode ("33120").
    public let postalCode: String
    /// The commune as written on mail ("Arcachon").
    public let city: String
    /// The region, for display and grouping ("Nouvelle-Aquitaine").
    public let region: String
    /// The E.164 beginning of landlines there, before the subscriber digits ("+335", "+262262").
    public let landlinePrefix: String

    /// A place; `landlinePrefix` is derived from the zone ("+33" + 1…5) or the overseas code.
    init(_ postalCode: String, _ city: String, _ region: String, zone: Zone) {
        self.postalCode = postalCode
        self.city = city
        self.region = region
        self.landlinePrefix = zone.prefix
    }

    /// The number of digits after `landlinePrefix` in a full E.164 landline.
    public var subscriberDigitCount: Int {
        // "+33" and 9 national digits; overseas: a 3-digit country code and 9 digits.
        (landlinePrefix.hasPrefix("+33") ? 12 : 13) - landlinePrefix.utf8.count
    }

    /// The commune preceded by "de" with French elision and contraction: "d'Arcachon", "du Mans", "de La Rochelle".
    public var cityWithDe: String { FrenchGrammar.de(city) }

    /// Telephone zones: the five metropolitan areas and the overseas departments' own country codes.
    enum Zone {
        case idf, northWest, northEast, southEast, southWest
        case reunion, mayotte, guadeloupe, martinique, guyane

        var prefix: String {
            switch self {
            case .idf: "+331"
            case .northWest: "+332"
            case .northEast: "+333"
            case .southEast: "+334"
            case .southWest: "+335"
            case .reunion: "+262262"
            case .mayotte: "+262269"
            case .guadeloupe: "+590590"
            case .martinique: "+596596"
            case .guyane: "+594594"
            }
        }
    }
}

/// Small French grammar helpers for generated names (internal).
enum FrenchGrammar {
    /// "de" before a name: "d'" before a vowel or mute h, "du"/"des" for "Le"/"Les", unchanged otherwise.
    static func de(_ name: String) -> String {
        if name.hasPrefix("Le ") { return "du " + name.dropFirst(3) }
        if name.hasPrefix("Les ") { return "des " + name.dropFirst(4) }
        guard let first = name.first else { return "de" }
        let initial = foldForSearch(String(first)).first ?? "x"
        return "aeiouyh".contains(initial) ? "d'" + name : "de " + name
    }
}
