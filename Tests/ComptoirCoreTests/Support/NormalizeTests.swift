import Testing

@testable import ComptoirCore

@Suite struct FoldForSearchTests {
    @Test(arguments: [
        ("Société Générale", "societe generale"), ("Jeanne d'Arc", "jeanne d arc"), ("Jeanne d’Arc", "jeanne d arc"),
        ("Œuvre", "oeuvre"), ("Lætitia", "laetitia"), ("Straße", "strasse"), ("Jean-Pierre", "jean pierre"),
        ("  Ça   va\t\nbien  ", "ca va bien"), ("ÉLÉPHANT", "elephant"), ("Noël à l’Haÿ-les-Roses", "noel a l hay les roses"),
        ("ﬁne ＣＡＦÉ", "fine cafe"), ("Aix\u{00A0}—\u{00A0}Marseille", "aix marseille"), ("Søren Łukasz", "soren lukasz"),
        ("S.A.R.L. Dupont & Fils", "s.a.r.l. dupont & fils"), ("", ""), ("'-'", ""),
    ])
    func foldsForSearch(input: String, expected: String) {
        #expect(foldForSearch(input) == expected)
    }

    @Test func foldedFormsMatchAcrossSpellings() {
        #expect(foldForSearch("SOCIETE GENERALE") == foldForSearch("Société  Générale"))
        #expect(foldForSearch("oeuvre") == foldForSearch("Œuvre"))
    }

    @Test func theASCIIFastPathAgreesWithTheGeneralFolding() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcXYZ019 -'`\t\n\r.,;:@_()/&+")
        for length in 0..<40 {
            for _ in 0..<25 {
                let text = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
                #expect(foldASCII(text) == foldUnicode(text), "\(text.debugDescription)")
            }
        }
        #expect(foldASCII("Soci\u{E9}t\u{E9}") == nil)
    }

    @Test func theFrenchFastPathAgreesWithTheGeneralFolding() {
        let letters = Array("àáâãäåÀÁÂÃÄÅçÇèéêëÈÉÊËìíîïÌÍÎÏñÑòóôõöÒÓÔÕÖùúûüÙÚÛÜýÿÝæÆœŒøØðÐþÞß\u{A0}\u{202F}\u{2019}\u{2018}aZ9 -'")
        for letter in letters {
            let text = "x\(letter)y \(letter)"
            #expect(foldLatin(text) == foldUnicode(text), "\(text.debugDescription)")
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let text = String((0..<12).map { _ in letters.randomElement(using: &generator)! })
            #expect(foldLatin(text) == foldUnicode(text), "\(text.debugDescription)")
        }
        #expect(foldLatin("Zoë ✓") == nil)
    }

    @Test func fastTrimmingTrimsWhatFoundationTrims() {
        let samples = [
            "", " ", "Zoé", "Zoé ", " Zoé", "\u{00A0}Zoé", "Zoé\u{202F}", "Éric", "Éric\t", "\r\nÉric\n", "\u{2028}x\u{2029}",
            "x\u{0085}", "\u{3000}東京", "東京", "a b", "\u{1F600}", " \u{1F600} ", "\u{0007}bell", "bell\u{0007}", "\u{200B}zero",
        ]
        for text in samples {
            #expect(
                text.fastTrimmed == text.trimmingCharacters(in: .whitespacesAndNewlines),
                "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        // Every scalar of the first planes' common blocks, at either end.
        for value in Array(0...0x3100) + Array(0xFE00...0xFFFD) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            for text in [String(scalar) + "a", "a" + String(scalar)]
            where text.fastTrimmed != text.trimmingCharacters(in: .whitespacesAndNewlines) {
                Issue.record("U+\(String(value, radix: 16)) trimmed differently")
            }
        }
    }
}
