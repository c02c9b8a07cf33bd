import Testing

@testable import ComptoirCore

@Suite struct FrenchSampleCompanyTests {
    let data = FrenchSampleData()

    @Test func theFirst5000CompaniesHaveValidUniqueIdentifiers() throws {
        // act
        let companies = (0..<5_000).map(data.company(index:))
        // validate
        for company in companies {
            #expect(SIREN.validate(company.siren) == .success(company.siren))
            #expect(SIRET.validate(company.siret) == .success(company.siret))
            #expect(SIRET.siren(of: company.siret) == company.siren)
            #expect(company.vatNumber == VATNumber.french(fromSIREN: company.siren))
            #expect(VATNumber.isValid(company.vatNumber))
        }
        #expect(Set(companies.map(\.siret)).count == 5_000)
        #expect(Set(companies.map(\.siren)).count == 5_000)
    }

    @Test func sirensAreDistinctAcrossTheWholeBenchmarkSet() {
        let sirens = Set((0..<200_000).map { data.sirenNumber(forCompany: $0) })
        #expect(sirens.count == 200_000)
        #expect(sirens.allSatisfy { (100_000_000..<1_000_000_000).contains($0) })
    }

    @Test func luhnKeyCompletesKnownSIRENs() {
        #expect(FrenchSampleData.luhnKey(73_282_932) == 0)  // 732 829 320
        #expect(FrenchSampleData.luhnKey(55_210_055) == 4)  // 552 100 554
        #expect(FrenchSampleData.digits(42, count: 5) == "00042")
    }

    @Test func sameIndexSameCompanyAndTheSeedChangesIt() {
        let again = FrenchSampleData()
        for index in [0, 1, 17, 4_999, 199_999] {
            #expect(data.company(index: index) == again.company(index: index))
        }
        let other = FrenchSampleData(seed: 9)
        #expect((0..<20).map(data.company(index:)) != (0..<20).map(other.company(index:)))
    }

    @Test func contactDetailsAreValidAndMatchTheRegion() {
        for index in 0..<2_000 {
            let company = data.company(index: index)
            #expect(PhoneNumber.validate(company.phone) == .success(company.phone))
            #expect(EmailAddress.isValid(company.email))
            #expect(company.email.hasPrefix("contact@") && company.email.hasSuffix(".fr"))
            #expect(company.email.allSatisfy { $0.isASCII })
            #expect(company.website.hasPrefix("https://www.") && company.website.hasSuffix(".fr"))
            #expect(PostalCode.isValid(company.address.postalCode))
            #expect(company.isProspect || company.isClient || company.isSupplier)
            #expect(FrenchSampleData.legalForms.contains(company.legalForm))
            #expect(FrenchSampleData.nafCodes.contains(company.nafCode))
            let place = FrenchSampleData.postcodes.first { $0.postalCode == company.address.postalCode }
            #expect(company.phone.hasPrefix(place!.landlinePrefix))
        }
    }

    @Test func namesFollowTheLegalForm() {
        let companies = (0..<3_000).map(data.company(index:))
        for company in companies where company.legalForm == "SCI" {
            #expect(company.name.hasPrefix("SCI "))
            #expect(company.nafCode.hasPrefix("6820"))
        }
        for company in companies where company.name.hasSuffix(" & Fils") {
            #expect(company.name.hasPrefix(company.legalForm + " "))
        }
        // Every pattern shows up.
        #expect(companies.contains { $0.name.hasPrefix("Cabinet ") && $0.name.contains("-") })
        #expect(companies.contains { $0.name.hasPrefix("Les ") && $0.name.contains("d'") })
        #expect(companies.contains { $0.name.hasPrefix("Société ") && $0.name.contains(" de ") })
        #expect(companies.contains { $0.name.hasSuffix(" & Fils") })
        #expect(companies.contains { $0.name.hasPrefix("Garage du ") || $0.name.hasPrefix("Pharmacie de la ") })
        #expect(companies.contains { $0.name.unicodeScalars.contains { !$0.isASCII } })
    }

    @Test func namesElideAndContract() {
        #expect(FrenchGrammar.de("Arcachon") == "d'Arcachon")
        #expect(FrenchGrammar.de("Épinal") == "d'Épinal")
        #expect(FrenchGrammar.de("Le Mans") == "du Mans")
        #expect(FrenchGrammar.de("La Rochelle") == "de La Rochelle")
        #expect(FrenchGrammar.de("Rouen") == "de Rouen")
        #expect(FrenchGrammar.de("Ingénierie") == "d'Ingénierie")
    }

    @Test func slugsAreASCII() {
        #expect(SampleTables.slug("Les Jardins d'Arcachon") == "les-jardins-darcachon")
        #expect(SampleTables.slug("Société Générale de Négoce") == "societe-generale-de-negoce")
        #expect(SampleTables.slug("Cabinet Müller-Dubois") == "cabinet-muller-dubois")
        #expect(SampleTables.slug("Dupont & Fils") == "dupont-et-fils")
        #expect(SampleTables.slug("Jean-Pierre", forEmail: true) == "jean-pierre")
        #expect(SampleTables.slug("Da Silva", forEmail: true) == "dasilva")
        #expect(SampleTables.slug("O'Neil", forEmail: true) == "oneil")
        #expect(SampleTables.slug("Œuvres", forEmail: true) == "oeuvres")
    }
}

@Suite struct FrenchSampleContactTests {
    let data = FrenchSampleData()

    @Test func tenThousandContactsHaveValidUniqueEmails() {
        // act
        let emails = (0..<10_000).map { data.contact(index: $0).email }
        // validate
        #expect(emails.allSatisfy { EmailAddress.isValid($0) })
        #expect(emails.allSatisfy { $0.allSatisfy(\.isASCII) && $0 == $0.lowercased() })
        #expect(Set(emails).count == 10_000)
    }

    @Test func emailsStayUniqueAcrossTheEndOfTheFirstRound() {
        // setup: the indices just before and after every name/domain triple has been used once.
        let combinations =
            FrenchSampleData.firstNames.count * FrenchSampleData.lastNames.count
            * FrenchSampleData.emailDomains.count
        let indices = Array(0..<2_000) + Array(combinations - 2_000..<combinations + 2_000) + [999_999]
        // act
        let contacts = indices.map(data.contact(index:))
        // validate
        #expect(Set(contacts.map(\.email)).count == indices.count)
        let afterRound = data.contact(index: combinations)
        #expect(afterRound.email.contains("2@"))
        #expect(data.contact(index: 999_999).email.split(separator: "@")[0].last!.isNumber)
    }

    @Test func listSlugsDoNotCollide() {
        let tables = SampleTables.shared
        #expect(Set(tables.firstNameEmailSlugs).count == FrenchSampleData.firstNames.count)
        #expect(Set(tables.lastNameEmailSlugs).count == FrenchSampleData.lastNames.count)
        #expect(tables.firstNameEmailSlugs.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) })
        #expect(tables.lastNameEmailSlugs.allSatisfy { !$0.isEmpty && !$0.contains(".") })
    }

    @Test func sameIndexSameContact() {
        let again = FrenchSampleData()
        for index in [0, 5, 9_999, 999_999] {
            #expect(data.contact(index: index) == again.contact(index: index))
        }
    }

    @Test func fieldsAreRealistic() {
        // act
        let contacts = (0..<10_000).map(data.contact(index:))
        // validate
        let first = CalendarDay(year: 1950, month: 1, day: 1)!
        let last = CalendarDay(year: 2000, month: 12, day: 31)!
        var linked = 0
        for contact in contacts {
            #expect(PhoneNumber.validate(contact.mobile) == .success(contact.mobile))
            #expect(contact.mobile.hasPrefix("+336") || contact.mobile.hasPrefix("+337"))
            #expect(contact.birthDate >= first && contact.birthDate <= last)
            #expect(PostalCode.isValid(contact.address.postalCode))
            let woman = FrenchSampleData.femaleFirstNames.contains(contact.firstName)
            #expect(contact.civility == (woman ? "Mme" : "M."))
            #expect(contact.tags.allSatisfy(FrenchSampleData.tags.contains))
            #expect(contact.tags.contains("Client") != contact.tags.contains("Prospect"))
            if let companyIndex = contact.companyIndex {
                linked += 1
                #expect((0..<data.companyCount).contains(companyIndex))
                #expect(FrenchSampleData.roles.contains(contact.role!))
                #expect(contact.jobTitle == contact.role)
                #expect(contact.tags.first == "Professionnel")
            } else {
                #expect(contact.role == nil)
                #expect(FrenchSampleData.jobTitles.contains(contact.jobTitle))
                #expect(contact.tags.first == "Particulier")
            }
        }
        #expect((7_700...8_300).contains(linked))
        #expect(contacts.contains { $0.birthDate.year == 1950 } && contacts.contains { $0.birthDate.year == 2000 })
        #expect(contacts.contains { $0.tags.contains { $0.hasPrefix("Assurance › ") } })
    }

    @Test func withoutCompaniesEveryoneIsAPrivateClient() {
        let data = FrenchSampleData(seed: 3, companyCount: 0)
        #expect((0..<500).allSatisfy { data.contact(index: $0).companyIndex == nil })
    }
}

@Suite struct FrenchSampleListsTests {
    @Test func postcodesAreRealValidAndCoverCorsicaAndOverseas() {
        let places = FrenchSampleData.postcodes
        #expect((80...100).contains(places.count))
        #expect(places.allSatisfy { PostalCode.isValid($0.postalCode) })
        #expect(Set(places.map(\.postalCode)).count == places.count)
        #expect(places.contains { $0.postalCode == "20000" && $0.city == "Ajaccio" })
        #expect(places.contains { $0.postalCode == "97400" && $0.city == "Saint-Denis" && $0.landlinePrefix == "+262262" })
        #expect(places.contains { $0.postalCode == "33120" && $0.city == "Arcachon" && $0.landlinePrefix == "+335" })
        #expect(places.first { $0.postalCode == "75001" }?.landlinePrefix == "+331")
    }

    @Test func namesIncludeAccentsCompoundsAndParticles() {
        for name in ["Jean-Pierre", "Marie-Hélène", "Zoé", "Loïc", "Gaëlle"] {
            #expect(FrenchSampleData.firstNames.contains(name))
        }
        for name in ["Lefèvre", "Nguyen", "Da Silva", "d'Arc", "Le Goff", "Müller", "O'Neil"] {
            #expect(FrenchSampleData.lastNames.contains(name))
        }
        #expect(Set(FrenchSampleData.firstNames).count == FrenchSampleData.firstNames.count)
        #expect(Set(FrenchSampleData.lastNames).count == FrenchSampleData.lastNames.count)
    }

    @Test func listsAreExposed() {
        #expect(FrenchSampleData.legalForms.starts(with: ["SARL", "SAS", "SASU", "EURL", "EI"]))
        #expect(FrenchSampleData.legalForms.count == FrenchSampleData.legalFormWeights.count)
        #expect(FrenchSampleData.nafCodes.contains("4711D") && FrenchSampleData.nafCodes.contains("6920Z"))
        #expect(FrenchSampleData.nafCodes.allSatisfy { $0.utf8.count == 5 })
        #expect(FrenchSampleData.roles.contains("Directrice commerciale"))
        #expect(FrenchSampleData.tags.contains("Assurance › Auto › Prospect"))
    }
}
