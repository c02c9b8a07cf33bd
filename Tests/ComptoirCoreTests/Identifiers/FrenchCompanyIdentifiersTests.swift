import Testing

@testable import ComptoirCore

@Suite struct SIRENTests {
    @Test(arguments: ["732829320", "732 829 320", "732.829.320", "732-829-320", "732\u{00A0}829\u{202F}320", " 552100554 "])
    func acceptsValidSIRENsWhateverTheSeparators(raw: String) throws {
        // act
        let siren = try SIREN.validate(raw).get()
        // validate
        #expect(siren.count == 9)
        #expect(siren.allSatisfy { $0.isNumber })
    }

    @Test func normalizeRemovesSeparators() {
        #expect(SIREN.normalize("732 829.320") == "732829320")
        #expect(SIREN.normalize("732\u{00A0}829\u{202F}3-20") == "732829320")
    }

    @Test func rejectsAWrongKey() {
        #expect(SIREN.validate("732829321") == .failure(.checksumMismatch(.siren)))
        #expect(!SIREN.isValid("123456789"))
    }

    @Test func rejectsWrongLengthEmptyAndLetters() {
        #expect(SIREN.validate("73282932") == .failure(.wrongLength(.siren, expected: [9], got: 8)))
        #expect(SIREN.validate("  ") == .failure(.empty(.siren)))
        #expect(SIREN.validate("73282932O") == .failure(.invalidCharacters(.siren)))
    }
}

@Suite struct SIRETTests {
    @Test(arguments: ["73282932000074", "732 829 320 00074", "552 100 554 00013"])
    func acceptsValidSIRETs(raw: String) throws {
        let siret = try SIRET.validate(raw).get()
        #expect(siret.count == 14)
    }

    @Test func laPosteSIRETsUseTheDigitSumRule() {
        // 35600000000048 also passes Luhn; 35600000049837 passes only the La Poste rule (digit sum 45).
        #expect(SIRET.validate("35600000000048") == .success("35600000000048"))
        #expect(SIRET.validate("356 000 000 49837") == .success("35600000049837"))
        #expect(SIRET.validate("356.000.000-\t49837\r\n") == .success("35600000049837"))
        #expect(SIRET.validate("356\u{00A0}000\u{202F}000 49837") == .success("35600000049837"))
        #expect(SIRET.validate("356_000_000_49837") == .failure(.invalidCharacters(.siret)))
        #expect(!Luhn.isValid("35600000049837"))
        // Digit sum 14, not Luhn: invalid even for La Poste.
        #expect(SIRET.validate("35600000000002") == .failure(.checksumMismatch(.siret)))
    }

    @Test func theDigitSumRuleIsOnlyForLaPoste() {
        // Digit sum 30 but Luhn fails and the SIREN is not La Poste's.
        #expect(SIRET.validate("73282932000075") == .failure(.checksumMismatch(.siret)))
    }

    @Test func rejectsASIRETWhoseSIRENKeyIsWrongEvenIfTheWholeNumberPassesLuhn() {
        // setup
        #expect(Luhn.isValid("12345678900007"))
        // act / validate
        #expect(SIRET.validate("12345678900007") == .failure(.checksumMismatch(.siret)))
    }

    @Test func reportsTheLengthEntered() {
        // act
        let result = SIRET.validate("732 829 320 000")
        // validate
        #expect(result == .failure(.wrongLength(.siret, expected: [14], got: 12)))
    }

    @Test func sirenOfSIRETIsTheFirstNineDigits() {
        #expect(SIRET.siren(of: "732 829 320 00074") == "732829320")
    }
}
