import Foundation
import Testing

@testable import ComptoirCore

@Suite struct FrenchSortKeyTests {
    /// Tricky French names in the order a French reader expects (and ICU's French collation gives, digits aside).
    static let ordered = [
        "10 Vins", "3F Bâtiment", "Abeille Assurances", "abeille & co", "Auto-école du Pont", "Auto-école Richard", "Çà et là",
        "Cabinet Durand", "Cote Ouest", "Côte Ouest", "de Gaulle Immobilier", "Delacroix Peintures", "Écluse & Fils",
        "Ecole Montessori", "L'Oréal", "Laboratoire Boiron", "Œuvre d'Orient", "Optique Lafayette", "Zénith Conseil",
    ]

    @Test func trickyNamesSortInFrenchOrderByteByByte() {
        // setup: shuffled, so the order comes from the keys alone
        var generator = SystemRandomNumberGenerator()
        let shuffled = Self.ordered.shuffled(using: &generator)
        // act: byte order of the keys, as SQLite's BINARY and PostgreSQL's COLLATE "C" compare them
        let sorted = shuffled.sorted { Array(frenchSortKey($0).utf8).lexicographicallyPrecedes(Array(frenchSortKey($1).utf8)) }
        // validate
        #expect(sorted == Self.ordered)
    }

    @Test func accentsOnlyDecideBetweenOtherwiseEqualNames() {
        let words = ["côté", "cote", "côte", "coté"].sorted {
            Array(frenchSortKey($0).utf8).lexicographicallyPrecedes(Array(frenchSortKey($1).utf8))
        }
        #expect(words == ["cote", "coté", "côte", "côté"])
    }

    @Test func keysFoldAccentsCaseLigaturesAndPunctuation() {
        #expect(frenchSortKey("Auto-école du Pont") == "auto ecole du pont\u{1}auto école du pont")
        #expect(frenchSortKey("Œuvre d'Orient") == "oeuvre d orient\u{1}œuvre d orient")
        #expect(frenchSortKey("  DUPONT  &  Fils. ") == "dupont fils")
        #expect(frenchSortKey("") == "")
        #expect(frenchSortKeyPrefix("Assurance-vie « Sérénité »") == "assurance vie serenite")
        #expect(frenchSortKeyPrefix("%_!") == "")
    }
}
