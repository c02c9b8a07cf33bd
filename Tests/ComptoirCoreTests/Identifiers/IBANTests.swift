import Testing

@testable import ComptoirCore

@Suite struct IBANTests {
    @Test(arguments: [
        "FR7630006000011234567890189", "DE89370400440532013000", "GB82WEST12345698765432", "BE68539007547034",
        "NL91ABNA0417164300", "CH9300762011623852957", "NO9386011117947", "MC5811222000010123456789030",
    ])
    func acceptsValidIBANs(raw: String) {
        #expect(IBAN.validate(raw) == .success(raw))
    }

    @Test func normalizesSpacesCaseAndALabel() {
        #expect(IBAN.validate("fr76 3000 6000 0112 3456 7890 189") == .success("FR7630006000011234567890189"))
        #expect(IBAN.normalize("IBAN : FR76\u{00A0}3000 6000 0112 3456 7890 189") == "FR7630006000011234567890189")
        #expect(IBAN.normalize("IBAN FR76 3000 6000 0112 3456 7890 189") == "FR7630006000011234567890189")
    }

    @Test func rejectsAWrongChecksum() {
        #expect(IBAN.validate("FR7630006000011234567890188") == .failure(.checksumMismatch(.iban)))
        #expect(IBAN.validate("DE89370400440532013001") == .failure(.checksumMismatch(.iban)))
    }

    @Test func rejectsTheWrongLengthForTheCountry() {
        #expect(IBAN.validate("FR76300060000112345678901") == .failure(.wrongLength(.iban, expected: [27], got: 25)))
    }

    @Test func rejectsUnknownCountriesAndBadShapes() {
        #expect(IBAN.validate("US7630006000011234567890189") == .failure(.unknownCountry(.iban, "US")))
        #expect(IBAN.validate("FRAB30006000011234567890189") == .failure(.invalidFormat(.iban)))
        #expect(IBAN.validate("FR76-3000/6000") == .failure(.invalidCharacters(.iban)))
        #expect(IBAN.validate(" ") == .failure(.empty(.iban)))
    }

    @Test func coversTheSEPALengths() {
        #expect(IBAN.lengthByCountry["FR"] == 27)
        #expect(IBAN.lengthByCountry["DE"] == 22)
        #expect(IBAN.lengthByCountry["BE"] == 16)
        #expect(IBAN.lengthByCountry["MT"] == 31)
        let sepa = [
            "AD", "AT", "BE", "BG", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GB", "GI", "GR",
            "HR", "HU", "IE", "IS", "IT", "LI", "LT", "LU", "LV", "MC", "MT", "NL", "NO", "PL", "PT", "RO", "SE",
            "SI", "SK", "SM", "VA",
        ]
        #expect(sepa.allSatisfy { IBAN.lengthByCountry[$0] != nil })
    }

    @Test func formatsInGroupsOfFour() {
        #expect(IBAN.formatted("FR7630006000011234567890189") == "FR76 3000 6000 0112 3456 7890 189")
        #expect(IBAN.formatted("de89 3704 0044 0532 0130 00") == "DE89 3704 0044 0532 0130 00")
    }
}

@Suite struct BICTests {
    @Test(arguments: ["BNPAFRPP", "BNPAFRPPXXX", "deutdeff500", "AGRIFRPP882", "SOGE FR PP"])
    func acceptsWellFormedBICs(raw: String) throws {
        let bic = try BIC.validate(raw).get()
        #expect(bic == bic.uppercased())
        #expect(bic.count == 8 || bic.count == 11)
    }

    @Test func rejectsMalformedBICs() {
        #expect(BIC.validate("BNPAFRP") == .failure(.wrongLength(.bic, expected: [8, 11], got: 7)))
        #expect(BIC.validate("BNPAFRPPXX") == .failure(.wrongLength(.bic, expected: [8, 11], got: 10)))
        #expect(BIC.validate("BNP1FRPP") == .failure(.invalidFormat(.bic)))
        #expect(BIC.validate("BNPAF1PP") == .failure(.invalidFormat(.bic)))
        #expect(BIC.validate("BNPA_FRPP") == .failure(.invalidCharacters(.bic)))
        #expect(BIC.validate("") == .failure(.empty(.bic)))
    }
}
