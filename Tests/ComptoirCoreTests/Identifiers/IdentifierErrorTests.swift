import Testing

@testable import ComptoirCore

@Suite struct IdentifierErrorTests {
    @Test func wrongLengthNamesTheFieldAndTheCount() throws {
        // setup
        let result = SIRET.validate("732 829 320 000")
        // act
        let error = try #require(result.failure)
        // validate
        #expect(error.message(french: true) == "Le SIRET doit comporter 14 chiffres (12 saisis).")
        #expect(error.message(french: false) == "A SIRET has 14 digits (12 entered).")
        #expect(error.code == "wrong_length")
        #expect(error.kind == .siret)
    }

    @Test func lengthsWithAlternativesRangesAndSingulars() {
        let bic = IdentifierError.wrongLength(.bic, expected: [8, 11], got: 9)
        #expect(bic.message(french: true) == "Le BIC doit comporter 8 ou 11 caractères (9 saisis).")
        #expect(bic.message(french: false) == "A BIC has 8 or 11 characters (9 entered).")
        let phone = IdentifierError.wrongLength(.phoneNumber, expected: Array(8...15), got: 1)
        #expect(phone.message(french: true) == "Le numéro de téléphone doit comporter de 8 à 15 chiffres (1 saisi).")
        #expect(phone.message(french: false) == "A phone number has between 8 and 15 digits (1 entered).")
        let iban = IdentifierError.wrongLength(.iban, expected: [27], got: 25)
        #expect(iban.message(french: false) == "An IBAN has 27 characters (25 entered).")
    }

    @Test func otherMessagesInBothLanguages() {
        let nbsp = "\u{00A0}"
        #expect(IdentifierError.empty(.postalCode).message(french: true) == "Le code postal est vide.")
        #expect(IdentifierError.empty(.postalCode).message(french: false) == "The postcode is empty.")
        #expect(
            IdentifierError.checksumMismatch(.iban).message(french: true)
                == "L'IBAN n'est pas valide\(nbsp): la clé de contrôle ne correspond pas. Vérifiez la saisie.")
        #expect(
            IdentifierError.checksumMismatch(.iban).message(french: false)
                == "The IBAN is not valid: its check digits do not match. Please check for a typo.")
        #expect(
            IdentifierError.unknownCountry(.vatNumber, "US").message(french: true)
                == "Le numéro de TVA intracommunautaire commence par un code pays inconnu\(nbsp): «\(nbsp)US\(nbsp)».")
        #expect(
            IdentifierError.unknownCountry(.vatNumber, "US").message(french: false)
                == "The VAT number starts with an unknown country code: \"US\".")
        #expect(
            IdentifierError.invalidCharacters(.siren).message(french: true) == "Le SIREN ne doit contenir que des chiffres.")
        #expect(
            IdentifierError.invalidFormat(.emailAddress).message(french: true)
                == "L'adresse e-mail n'a pas un format valide (exemple\(nbsp): prenom.nom@exemple.fr).")
        #expect(
            IdentifierError.invalidFormat(.emailAddress).message(french: false)
                == "The e-mail address is not in a valid format (example: jane.doe@example.com).")
        #expect(IdentifierError.invalidFormat(.bic).description == IdentifierError.invalidFormat(.bic).message(french: false))
    }

    @Test func everyCaseAndKindHasNonEmptyMessages() {
        // setup
        let errors = IdentifierKind.allCases.flatMap { kind -> [IdentifierError] in
            [
                .empty(kind), .wrongLength(kind, expected: [5], got: 3), .invalidCharacters(kind), .checksumMismatch(kind),
                .unknownCountry(kind, "ZZ"), .invalidFormat(kind),
            ]
        }
        // act
        let messages = errors.flatMap { [$0.message(french: true), $0.message(french: false)] }
        // validate
        #expect(messages.count == IdentifierKind.allCases.count * 12)
        #expect(messages.allSatisfy { $0.count > 10 && $0.hasSuffix(".") })
        #expect(Set(messages).count == messages.count)
    }
}
