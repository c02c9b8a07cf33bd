/// A postal address in generated sample data.
public struct SampleAddress: Sendable, Hashable {
    /// Number and street: « 3 bis avenue Jean-Jaurès ».
    public var line1: String
    /// Building, zone or PO box, when there is one.
    public var line2: String?
    /// Five-digit postcode.
    public var postalCode: String
    /// Commune.
    public var city: String
    /// Region, for grouping.
    public var region: String
    /// Country name in French ("France", overseas departments included).
    public var country: String
}

/// A generated company: identity, legal identifiers, address, means of contact and relationship flags.
public struct SampleCompany: Sendable, Hashable {
    /// The index this company was generated from.
    public var index: Int
    /// Trading name: « Boulangerie Lefèvre », « SARL Dupont & Fils », « Les Jardins d'Arcachon ».
    public var name: String
    /// Legal form: "SARL", "SAS", "EI"…
    public var legalForm: String
    /// Nine-digit SIREN with a valid Luhn key, unique per index.
    public var siren: String
    /// Fourteen-digit SIRET (SIREN + NIC) with a valid Luhn key.
    public var siret: String
    /// French intra-EU VAT number derived from the SIREN ("FR" + key + SIREN).
    public var vatNumber: String
    /// NAF (APE) activity code matching the name: "1071C", "6920Z".
    public var nafCode: String
    /// Head-office address.
    public var address: SampleAddress
    /// Landline in E.164 whose area matches the address ("+33556…", "+262262…").
    public var phone: String
    /// « contact@<name>.fr » (ASCII); homonymous companies share it, as their names do.
    public var email: String
    /// « https://www.<name>.fr ».
    public var website: String
    /// Whether the company is a prospect.
    public var isProspect: Bool
    /// Whether the company is a client.
    public var isClient: Bool
    /// Whether the company is a supplier.
    public var isSupplier: Bool
}

/// A generated person: civility, names, job, means of contact, birth date, address, company link and tags.
public struct SampleContact: Sendable, Hashable {
    /// The index this contact was generated from.
    public var index: Int
    /// "M." or "Mme", matching the first name.
    public var civility: String
    /// First name: « Jean-Pierre », « Zoé ».
    public var firstName: String
    /// Family name: « Lefèvre », « d'Arc », « Da Silva ».
    public var lastName: String
    /// Job title: the role in the company, or the occupation of a private client.
    public var jobTitle: String
    /// « prenom.nom@fournisseur.fr » in ASCII, unique per index.
    public var email: String
    /// French mobile in E.164 ("+336…" or "+337…").
    public var mobile: String
    /// Birth date between 1950-01-01 and 2000-12-31.
    public var birthDate: CalendarDay
    /// Postal address.
    public var address: SampleAddress
    /// The linked company's index in `0..<companyCount` (about 80 %), nil for private clients.
    public var companyIndex: Int?
    /// The role in the linked company (« Gérante », « Comptable »…), nil for private clients.
    public var role: String?
    /// Interest tags: « Particulier » or « Professionnel », « Client » or « Prospect », insurance lines…
    public var tags: [String]
}

/// Deterministic, realistic French directory data for the demo and benchmarks.
///
/// Record N depends only on the seed and N, so any range can be generated alone, in any order or in
/// parallel. The hot path avoids Foundation formatting and regular expressions: names and slugs are
/// assembled from tables prepared once, identifiers from integer arithmetic.
public struct FrenchSampleData: Sendable {
    /// The seed all records derive from.
    public let seed: UInt64
    /// The number of companies contacts may link to (`contact(index:).companyIndex` stays below it).
    public let companyCount: Int

    /// The largest index `company(index:)` accepts: the number of distinct eight-digit SIREN bodies.
    public static let maximumCompanyCount = 90_000_000

    /// A generator; the defaults give the benchmark set (200,000 companies).
    public init(seed: UInt64 = 2026, companyCount: Int = 200_000) {
        precondition(companyCount >= 0 && companyCount <= Self.maximumCompanyCount, "companyCount out of range")
        self.seed = seed
        self.companyCount = companyCount
    }

    // Stream numbers keep companies and contacts independent from each other.
    private static let companyStream: UInt64 = 1
    private static let contactStream: UInt64 = 2
    private static let sirenKey: UInt64 = 0x5349_5245_4E00_0001
    private static let nameKey: UInt64 = 0x4E41_4D45_0000_0002

    // MARK: - Companies

    /// The company generated for `index` (0 ≤ index < `maximumCompanyCount`); same seed and index, same company.
    public func company(index: Int) -> SampleCompany {
        var random = SampleRandom(seed: seed, stream: Self.companyStream, index: index)
        let tables = SampleTables.shared
        let sirenValue = sirenNumber(forCompany: index)
        let siren = Self.digits(sirenValue, count: 9)
        let siret = siren + Self.nic(siren: sirenValue, establishment: random.int(in: 1...40))
        let vatKey = (12 + 3 * (sirenValue % 97)) % 97
        let vatNumber = "FR" + Self.digits(vatKey, count: 2) + siren

        let placeIndex = random.below(Self.postcodes.count)
        let place = Self.postcodes[placeIndex]
        let legalForm = Self.legalForms[Self.weightedIndex(Self.legalFormWeights, total: Self.legalFormWeightTotal, &random)]
        let naming = companyName(legalForm: legalForm, placeIndex: placeIndex, tables: tables, random: &random)

        let address = Self.address(place: place, random: &random)
        var phone = place.landlinePrefix
        Self.appendDigits(to: &phone, count: place.subscriberDigitCount, random: &random)

        let kind = random.below(100)
        let isProspect = kind < 35
        var isClient = kind >= 35 && kind < 80
        var isSupplier = kind >= 80
        if isClient, random.chance(10) { isSupplier = true }
        if isSupplier, !isClient, random.chance(20) { isClient = true }

        return SampleCompany(
            index: index, name: naming.name, legalForm: legalForm, siren: siren, siret: siret, vatNumber: vatNumber,
            nafCode: naming.naf, address: address, phone: phone, email: "contact@" + naming.slug + ".fr",
            website: "https://www." + naming.slug + ".fr", isProspect: isProspect, isClient: isClient,
            isSupplier: isSupplier)
    }

    /// The SIREN of company `index` as an integer: a keyed bijection of the index onto eight-digit bodies, plus the Luhn key.
    func sirenNumber(forCompany index: Int) -> Int {
        precondition(index >= 0 && index < Self.maximumCompanyCount, "company index out of range")
        let body = 10_000_000 + SampleRandom.permute(index, count: Self.maximumCompanyCount, key: seed ^ Self.sirenKey)
        return body * 10 + Self.luhnKey(body)
    }

    /// A five-digit NIC: the establishment number on four digits and the key making the whole SIRET pass Luhn.
    private static func nic(siren: Int, establishment: Int) -> String {
        let body = siren * 10_000 + establishment
        return digits(establishment, count: 4) + String(luhnKey(body))
    }

    /// The digit to append to `body` so that the result passes the Luhn check.
    static func luhnKey(_ body: Int) -> Int {
        var rest = body
        var sum = 0
        var doubled = true  // The rightmost body digit sits next to the key, so it is doubled.
        while rest > 0 {
            var digit = rest % 10
            if doubled {
                digit *= 2
                if digit > 9 { digit -= 9 }
            }
            sum += digit
            doubled.toggle()
            rest /= 10
        }
        return (10 - sum % 10) % 10
    }

    private struct Naming {
        var name: String
        var slug: String
        var naf: String
    }

    private func companyName(legalForm: String, placeIndex: Int, tables: SampleTables, random: inout SampleRandom)
        -> Naming
    {
        let last = random.below(Self.lastNames.count)
        switch legalForm {
        case "EI":
            let first = random.below(Self.firstNames.count)
            return Naming(
                name: Self.firstNames[first] + " " + Self.lastNames[last],
                slug: tables.firstNameSlugs[first] + "-" + tables.lastNameSlugs[last],
                naf: random.pick(Self.soleTraderNAFs))
        case "SCI":
            if random.chance(50) {
                return Naming(
                    name: "SCI " + Self.lastNames[last], slug: "sci-" + tables.lastNameSlugs[last], naf: "6820B")
            }
            let property = random.below(Self.propertyNames.count)
            return Naming(
                name: "SCI " + Self.propertyNames[property], slug: "sci-" + tables.propertyNameSlugs[property],
                naf: "6820A")
        case "SELARL":
            return cabinetName(first: last, tables: tables, random: &random)
        default:
            break
        }
        let activityIndex = random.below(Self.activities.count)
        let activity = Self.activities[activityIndex]
        let tradeSlug = tables.activitySlugs[activityIndex]
        let pattern = random.below(100)
        switch pattern {
        case 0..<14 where !activity.suffix:
            // « Garage du Centre », « Imprimerie de Rouen ».
            if random.chance(70) {
                let landmark = random.below(Self.landmarks.count)
                return Naming(
                    name: activity.trade + " " + Self.landmarks[landmark],
                    slug: tradeSlug + "-" + tables.landmarkSlugs[landmark], naf: activity.naf)
            }
            return Naming(
                name: activity.trade + " " + tables.cityWithDe[placeIndex],
                slug: tradeSlug + "-" + tables.cityWithDeSlugs[placeIndex], naf: activity.naf)
        case 14..<22 where Self.familyFirmForms.contains(legalForm):
            // « SARL Dupont & Fils ».
            let variant = random.below(Self.familyFirmSuffixes.count)
            return Naming(
                name: legalForm + " " + Self.lastNames[last] + Self.familyFirmSuffixes[variant].name,
                slug: tables.lastNameSlugs[last] + Self.familyFirmSuffixes[variant].slug, naf: activity.naf)
        case 22..<28:
            return Naming(
                name: "Établissements " + Self.lastNames[last], slug: "ets-" + tables.lastNameSlugs[last],
                naf: activity.naf)
        case 28..<36:
            return cabinetName(first: last, tables: tables, random: &random)
        case 36..<46:
            // « Les Jardins d'Arcachon ».
            let collective = random.below(Self.collectives.count)
            return Naming(
                name: "Les " + Self.collectives[collective].noun + " " + tables.cityWithDe[placeIndex],
                slug: "les-" + tables.collectiveSlugs[collective] + "-" + tables.cityWithDeSlugs[placeIndex],
                naf: Self.collectives[collective].naf)
        case 46..<54:
            // « Société Générale de Négoce ».
            let group = random.below(Self.groupWords.count)
            let adjective = random.below(Self.adjectives.count)
            let sector = random.below(Self.sectors.count)
            let feminine = Self.groupWords[group].feminine
            let adjectiveText = feminine ? Self.adjectives[adjective].feminine : Self.adjectives[adjective].masculine
            let adjectiveSlug = feminine ? tables.adjectiveFeminineSlugs[adjective] : tables.adjectiveMasculineSlugs[adjective]
            return Naming(
                name: Self.groupWords[group].word + " " + adjectiveText + " " + tables.sectorWithDe[sector],
                slug: tables.groupWordSlugs[group] + "-" + adjectiveSlug + "-" + tables.sectorWithDeSlugs[sector],
                naf: Self.sectors[sector].naf)
        case 54..<60 where activity.feminine:
            // « Menuiserie Bretonne ».
            let regional = random.below(Self.regionalAdjectives.count)
            return Naming(
                name: activity.trade + " " + Self.regionalAdjectives[regional],
                slug: tradeSlug + "-" + tables.regionalAdjectiveSlugs[regional], naf: activity.naf)
        case 60..<70 where activity.suffix:
            // « ATL Informatique ».
            var acronym = ""
            for _ in 0..<random.int(in: 2...4) { acronym.append(random.pick(Self.acronymLetters)) }
            return Naming(
                name: acronym + " " + activity.trade, slug: acronym.lowercased() + "-" + tradeSlug, naf: activity.naf)
        default:
            // « Boulangerie Lefèvre », « Dupont Conseil ».
            if activity.suffix {
                return Naming(
                    name: Self.lastNames[last] + " " + activity.trade, slug: tables.lastNameSlugs[last] + "-" + tradeSlug,
                    naf: activity.naf)
            }
            return Naming(
                name: activity.trade + " " + Self.lastNames[last], slug: tradeSlug + "-" + tables.lastNameSlugs[last],
                naf: activity.naf)
        }
    }

    /// « Cabinet Müller-Dubois »: two partners' names, a professional-services activity.
    private func cabinetName(first: Int, tables: SampleTables, random: inout SampleRandom) -> Naming {
        var second = random.below(Self.lastNames.count)
        if second == first { second = (second + 1) % Self.lastNames.count }
        return Naming(
            name: "Cabinet " + Self.lastNames[first] + "-" + Self.lastNames[second],
            slug: "cabinet-" + tables.lastNameSlugs[first] + "-" + tables.lastNameSlugs[second],
            naf: random.pick(Self.cabinetNAFs))
    }

    private static let familyFirmSuffixes: [(name: String, slug: String)] = [
        (" & Fils", "-et-fils"), (" & Associés", "-et-associes"), (" Frères", "-freres"), (" & Cie", "-et-cie"),
    ]
    private static let familyFirmForms: Set<String> = ["SARL", "SAS", "SA", "SNC"]
    private static let cabinetNAFs = ["6920Z", "6910Z", "6622Z", "7022Z", "6619B", "7111Z"]
    private static let acronymLetters: [Character] = Array("ABCDEFGHIJKLMNOPRSTV")

    // MARK: - Contacts

    /// The contact generated for `index` (≥ 0); same seed, company count and index, same contact.
    ///
    /// Names and e-mail domain come from a keyed bijection of the index over every (first name, last name,
    /// domain) triple, so e-mails are unique: after one full round a number is appended ("jean.dupont2@…").
    public func contact(index: Int) -> SampleContact {
        precondition(index >= 0, "contact index must not be negative")
        var random = SampleRandom(seed: seed, stream: Self.contactStream, index: index)
        let tables = SampleTables.shared
        let firstCount = Self.firstNames.count
        let lastCount = Self.lastNames.count
        let combinations = firstCount * lastCount * Self.emailDomains.count
        let round = index / combinations
        let triple = SampleRandom.permute(index % combinations, count: combinations, key: seed ^ Self.nameKey)
        let first = triple % firstCount
        let last = triple / firstCount % lastCount
        let domain = triple / (firstCount * lastCount)
        let isWoman = first >= Self.maleFirstNames.count

        var email = tables.firstNameEmailSlugs[first] + "." + tables.lastNameEmailSlugs[last]
        if round > 0 { email += String(round + 1) }
        email += "@" + Self.emailDomains[domain]

        var mobile = "+33"
        if random.chance(65) {
            mobile += "6"
        } else {
            mobile += "7"
            mobile.append(Character(Unicode.Scalar(UInt8(0x33 + random.below(7)))))  // 07 3x … 07 9x
        }
        Self.appendDigits(to: &mobile, count: 12 - mobile.utf8.count, random: &random)

        let birthDate = Self.firstBirthDate.adding(days: random.below(Self.birthDateSpan))
        let address = Self.address(place: random.pick(Self.postcodes), random: &random)

        var companyIndex: Int?
        var role: String?
        let jobTitle: String
        if companyCount > 0, random.chance(80) {
            companyIndex = random.below(companyCount)
            let pair = random.pick(Self.rolePairs)
            role = isWoman ? pair.feminine : pair.masculine
            jobTitle = role!
        } else {
            let pair = random.pick(Self.occupationPairs)
            jobTitle = isWoman ? pair.feminine : pair.masculine
        }

        return SampleContact(
            index: index, civility: isWoman ? "Mme" : "M.", firstName: Self.firstNames[first],
            lastName: Self.lastNames[last], jobTitle: jobTitle, email: email, mobile: mobile, birthDate: birthDate,
            address: address, companyIndex: companyIndex, role: role,
            tags: Self.tags(professional: companyIndex != nil, random: &random))
    }

    private static let firstBirthDate = CalendarDay(year: 1950, month: 1, day: 1)!
    private static let birthDateSpan = firstBirthDate.days(to: CalendarDay(year: 2000, month: 12, day: 31)!) + 1

    /// The broker's qualification: private or professional, client or prospect, then insurance lines.
    private static func tags(professional: Bool, random: inout SampleRandom) -> [String] {
        var tags = [professional ? "Professionnel" : "Particulier"]
        let client = random.chance(55)
        tags.append(client ? "Client" : "Prospect")
        let line = random.below(insuranceLines.count)
        tags.append(insuranceTag(line: line, client: client, random: &random))
        if random.chance(25) {
            // Cross-selling: a client for one line is a prospect for another.
            let other = (line + 1 + random.below(insuranceLines.count - 1)) % insuranceLines.count
            tags.append(insuranceTag(line: other, client: false, random: &random))
        }
        if random.chance(15) { tags.append("Newsletter") }
        if random.chance(5) { tags.append("Parrainage") }
        return tags
    }

    /// « Client auto » or, for a quarter of the records, the hierarchical « Assurance › Auto › Client ».
    private static func insuranceTag(line: Int, client: Bool, random: inout SampleRandom) -> String {
        let status = client ? "Client" : "Prospect"
        if random.chance(75) { return status + " " + insuranceLines[line].flat }
        return "Assurance › " + insuranceLines[line].tree + " › " + status
    }

    // MARK: - Shared pieces

    private static func address(place: SamplePlace, random: inout SampleRandom) -> SampleAddress {
        var line1 = String(random.int(in: 1...120))
        let repetition = random.below(100)
        if repetition < 6 {
            line1 += " bis"
        } else if repetition < 8 {
            line1 += " ter"
        }
        line1 += " " + random.pick(streetTypes) + " " + random.pick(streetNames)
        let line2 = random.chance(12) ? random.pick(addressComplements) : nil
        return SampleAddress(
            line1: line1, line2: line2, postalCode: place.postalCode, city: place.city, region: place.region,
            country: "France")
    }

    private static func appendDigits(to text: inout String, count: Int, random: inout SampleRandom) {
        for _ in 0..<count {
            text.append(Character(Unicode.Scalar(UInt8(0x30 + random.below(10)))))
        }
    }

    /// `value` in decimal, left-padded with zeros to `count` digits.
    static func digits(_ value: Int, count: Int) -> String {
        var bytes = [UInt8](repeating: 0x30, count: count)
        var rest = value
        var position = count - 1
        while rest > 0, position >= 0 {
            bytes[position] = UInt8(0x30 + rest % 10)
            rest /= 10
            position -= 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let legalFormWeightTotal = legalFormWeights.reduce(0, +)

    private static func weightedIndex(_ weights: [Int], total: Int, _ random: inout SampleRandom) -> Int {
        var draw = random.below(total)
        for (index, weight) in weights.enumerated() {
            if draw < weight { return index }
            draw -= weight
        }
        return weights.count - 1
    }
}

/// ASCII slugs and « de » forms of the lists, prepared once so the hot path only concatenates (internal).
struct SampleTables: Sendable {
    static let shared = SampleTables()

    /// Domain-style slugs ("jean-pierre", "da-silva", "darc").
    let firstNameSlugs: [String]
    let lastNameSlugs: [String]
    /// E-mail local-part slugs: hyphens kept, spaces and apostrophes dropped ("jean-pierre", "dasilva", "darc").
    let firstNameEmailSlugs: [String]
    let lastNameEmailSlugs: [String]
    let activitySlugs: [String]
    let landmarkSlugs: [String]
    let collectiveSlugs: [String]
    let groupWordSlugs: [String]
    let adjectiveMasculineSlugs: [String]
    let adjectiveFeminineSlugs: [String]
    let sectorWithDe: [String]
    let sectorWithDeSlugs: [String]
    let regionalAdjectiveSlugs: [String]
    let propertyNameSlugs: [String]
    /// Per postcode entry: « d'Arcachon », « du Mans » and their slugs.
    let cityWithDe: [String]
    let cityWithDeSlugs: [String]

    private init() {
        typealias Lists = FrenchSampleData
        firstNameSlugs = Lists.firstNames.map { Self.slug($0) }
        lastNameSlugs = Lists.lastNames.map { Self.slug($0) }
        firstNameEmailSlugs = Lists.firstNames.map { Self.slug($0, forEmail: true) }
        lastNameEmailSlugs = Lists.lastNames.map { Self.slug($0, forEmail: true) }
        activitySlugs = Lists.activities.map { Self.slug($0.trade) }
        landmarkSlugs = Lists.landmarks.map { Self.slug($0) }
        collectiveSlugs = Lists.collectives.map { Self.slug($0.noun) }
        groupWordSlugs = Lists.groupWords.map { Self.slug($0.word) }
        adjectiveMasculineSlugs = Lists.adjectives.map { Self.slug($0.masculine) }
        adjectiveFeminineSlugs = Lists.adjectives.map { Self.slug($0.feminine) }
        sectorWithDe = Lists.sectors.map { FrenchGrammar.de($0.name) }
        sectorWithDeSlugs = sectorWithDe.map { Self.slug($0) }
        regionalAdjectiveSlugs = Lists.regionalAdjectives.map { Self.slug($0) }
        propertyNameSlugs = Lists.propertyNames.map { Self.slug($0) }
        cityWithDe = Lists.postcodes.map(\.cityWithDe)
        cityWithDeSlugs = cityWithDe.map { Self.slug($0) }
    }

    /// Lowercase ASCII: letters folded ("é" → "e", "œ" → "oe"), apostrophes dropped, "&" → "et"; words joined
    /// by "-" (for e-mails, spaces are dropped and only the name's own hyphens stay).
    static func slug(_ text: String, forEmail: Bool = false) -> String {
        var result = ""
        var pendingHyphen = false
        for character in text {
            switch character {
            case "'", "\u{2019}":
                continue
            case " ", "-":
                if !forEmail || character == "-" { pendingHyphen = !result.isEmpty }
                continue
            case "&":
                if !result.isEmpty { pendingHyphen = true }
                if pendingHyphen { result += "-" }
                result += "et"
                pendingHyphen = true
                continue
            default:
                break
            }
            for scalar in foldForSearch(String(character)).unicodeScalars
            where (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") {
                if pendingHyphen {
                    result += "-"
                    pendingHyphen = false
                }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
