import Testing

@testable import ComptoirCore

@Suite struct EmailAddressTests {
    @Test(arguments: [
        "jeanne.martin@exemple.fr", "j+crm@sous-domaine.exemple.com", "o'brien@example.ie", "contact@café.fr",
        "x@a.io",
    ])
    func acceptsPragmaticAddresses(raw: String) {
        #expect(EmailAddress.validate(raw) == .success(raw))
    }

    @Test func lowercasesTheDomainOnlyAndTrims() {
        #expect(EmailAddress.validate("  Jeanne.Martin@Exemple.FR ") == .success("Jeanne.Martin@exemple.fr"))
        #expect(EmailAddress.normalize("mailto:Paul@EXEMPLE.fr") == "Paul@exemple.fr")
        #expect(EmailAddress.normalize("MailTo:Paul@EXEMPLE.fr") == "Paul@exemple.fr")
        #expect(EmailAddress.normalize("mailto\u{1A}Paul@EXEMPLE.fr") == "mailto\u{1A}Paul@exemple.fr")
        #expect(EmailAddress.validate("\u{00A0}Jeanne@Exemple.FR\u{202F}") == .success("Jeanne@exemple.fr"))
        #expect(EmailAddress.domain(of: "Paul@EXEMPLE.fr") == "exemple.fr")
        #expect(EmailAddress.domain(of: "paul") == nil)
    }

    @Test(arguments: [
        "jeanne.martin", "jeanne@@exemple.fr", "a@b@exemple.fr", "@exemple.fr", "jeanne@", "jeanne@exemple",
        "jeanne@exemple.", "jeanne@.exemple.fr", "jeanne@exe_mple.fr", "jeanne@-exemple.fr", "jeanne@exemple-.fr",
        ".jeanne@exemple.fr", "jeanne.@exemple.fr", "jea..nne@exemple.fr", "jeanne@exemple.f", "jeanne@1.2.3.4",
    ])
    func rejectsMalformedAddresses(raw: String) {
        #expect(EmailAddress.validate(raw) == .failure(.invalidFormat(.emailAddress)))
    }

    @Test func rejectsSpacesCommasAndEmptyInput() {
        #expect(EmailAddress.validate("jeanne martin@exemple.fr") == .failure(.invalidCharacters(.emailAddress)))
        #expect(EmailAddress.validate("jeanne@exemple.fr, paul@exemple.fr") == .failure(.invalidCharacters(.emailAddress)))
        #expect(EmailAddress.validate(" ") == .failure(.empty(.emailAddress)))
        #expect(EmailAddress.validate("jeanne\tmartin@exemple.fr") == .failure(.invalidCharacters(.emailAddress)))
        #expect(EmailAddress.validate("jeanne\u{7F}@exemple.fr") == .failure(.invalidCharacters(.emailAddress)))
        #expect(EmailAddress.validate("jeanne<x>@exemple.fr") == .failure(.invalidCharacters(.emailAddress)))
        #expect(EmailAddress.validate("jeanne\u{2003}martin@exemple.fr") == .failure(.invalidCharacters(.emailAddress)))
        #expect(EmailAddress.validate("jeanne@exemple.fr\u{2003}x") == .failure(.invalidCharacters(.emailAddress)))
    }

    @Test func limitsTheLocalPartTo64Characters() {
        let local64 = String(repeating: "a", count: 64)
        #expect(EmailAddress.isValid(local64 + "@exemple.fr"))
        #expect(!EmailAddress.isValid(local64 + "a@exemple.fr"))
    }
}
