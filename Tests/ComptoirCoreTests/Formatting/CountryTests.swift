import Testing

@testable import ComptoirCore

@Suite struct CountryTests {
    @Test func namesAFewCountriesInBothLanguages() {
        #expect(Country.named("FR")?.french == "France")
        #expect(Country.named("BE")?.french == "Belgique")
        #expect(Country.named("CH")?.french == "Suisse")
        #expect(Country.named("GB")?.french == "Royaume-Uni")
        #expect(Country.named("DE")?.french == "Allemagne")
        #expect(Country.named("CI")?.french == "Côte d'Ivoire")
        #expect(Country.named("GB")?.english == "United Kingdom")
        #expect(Country.named("CH")?.name(.en) == "Switzerland")
        #expect(Country.named("us")?.french == "États-Unis")
        #expect(Country.named("ZZ") == nil)
    }

    @Test func everyCodeIsTwoUpperCaseLettersAndUnique() {
        // ISO 3166-1 lists 249 countries and territories.
        #expect(Country.all.count == 249)
        for country in Country.all {
            #expect(country.code.count == 2 && country.code.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) }, "\(country.code)")
            #expect(!country.french.isEmpty && !country.english.isEmpty, "\(country.code)")
            // Names begin with a capital (« Îles Salomon », not « îles Salomon »).
            #expect(country.french.first?.isUppercase == true, "\(country.french)")
        }
        #expect(Set(Country.all.map(\.code)).count == Country.all.count)
        #expect(Set(Country.all.map(\.french)).count == Country.all.count)
    }

    @Test func displayNameFallsBackToTheStoredCode() {
        #expect(Country.displayName("BE", .fr) == "Belgique")
        #expect(Country.displayName("BE", .en) == "Belgium")
        #expect(Country.displayName("XX", .fr) == "XX")
        #expect(Country.displayName(nil, .fr) == "")
    }

    @Test func formOrderIsFranceThenFrenchAlphabeticalOrder() {
        let names = Country.formOrder.map(\.french)
        #expect(names.first == "France")
        #expect(Country.formOrder.count == Country.all.count)
        // Accented initials sort with their letter: Égypte between Dominique and Équateur, not after Zimbabwe.
        let egypt = try! #require(names.firstIndex(of: "Égypte"))
        #expect(names[egypt - 1] < "Égypte" && names.firstIndex(of: "Équateur")! > egypt)
        #expect(names.firstIndex(of: "Égypte")! < names.firstIndex(of: "Espagne")!)
        #expect(names.last == "Zimbabwe")
        #expect(names.dropFirst().map { frenchSortKey($0) } == names.dropFirst().map { frenchSortKey($0) }.sorted())
    }

    @Test func findsACountryByCodeOrName() {
        #expect(Country.find("fr")?.code == "FR")
        #expect(Country.find("Belgique")?.code == "BE")
        #expect(Country.find("royaume uni")?.code == "GB")
        #expect(Country.find("Germany")?.code == "DE")
        #expect(Country.find("Atlantide") == nil)
    }
}
