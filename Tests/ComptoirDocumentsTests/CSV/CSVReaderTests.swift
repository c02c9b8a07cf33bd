import Foundation
import Testing

@testable import ComptoirDocuments

@Suite struct CSVRoundTripTests {
    static let header = ["Nom", "Prénom", "Société", "Note", "Montant", "Vide"]
    static let rows: [[String]] = [
        ["Lefèvre", "Zoé", "Boulangerie Lefèvre; Fils", "Cliente « fidèle »", "1 234,50", ""],
        ["d'Arc", "Jeanne", "SARL \"Dupont\" & Fils", "ligne 1\nligne 2\r\nligne 3", "-12,50", ""],
        ["", "", "", "", "", ""],
        ["Müller-Dubois", "Gaëlle", "Cabinet, Conseil", "\"\"", "0", "fin;"],
        ["Nguyen", "Loïc", "ŒUVRES 🇫🇷", "  espaces  ", "+3.5", "fin\r"],
    ]

    @Test func readsBackWhatTheWriterWrote() throws {
        // setup
        let data = CSVWriter.document(header: Self.header, rows: Self.rows)
        // act
        let read = try CSVReader().rows(data)
        // validate
        #expect(read == [Self.header] + Self.rows)
    }

    @Test func formulaLikeValuesComeBackWithTheirGuardApostrophe() throws {
        // setup
        let values = ["=SUM(A1:A2)", "+33 6 12 34 56 78", "@cmd", "-1+1", "=\"a;b\"\n"]
        let text = CSVWriter(includeBOM: false).row(values)
        // act
        let read = try CSVReader().rows(text)
        // validate
        #expect(read == [values.map { "'" + $0 }])
    }

    @Test func roundTripsWithACommaSeparatorAndNoBOM() throws {
        let writer = CSVWriter(separator: ",", includeBOM: false)
        let text = writer.header(["a", "b,c"]) + writer.row(["1,5", "x;y"]) + writer.row(["", "\"q\""])
        #expect(try CSVReader(separator: ",").rows(text) == [["a", "b,c"], ["1,5", "x;y"], ["", "\"q\""]])
    }
}

@Suite struct CSVReaderTests {
    @Test func acceptsLFCRAndAMissingFinalNewline() throws {
        #expect(try CSVReader().rows("a;b\nc;d") == [["a", "b"], ["c", "d"]])
        #expect(try CSVReader().rows("a;b\rc;d\r") == [["a", "b"], ["c", "d"]])
        #expect(try CSVReader().rows("a;b\r\nc;d\r\n") == [["a", "b"], ["c", "d"]])
    }

    @Test func skipsTheByteOrderMarkOnlyAtTheStart() throws {
        #expect(try CSVReader().rows("\u{FEFF}Nom;Ville\r\n") == [["Nom", "Ville"]])
        #expect(try CSVReader().rows(Data([0xEF, 0xBB, 0xBF, 0x61, 0x3B, 0x62])) == [["a", "b"]])
        #expect(try CSVReader().rows("a;\u{FEFF}b") == [["a", "\u{FEFF}b"]])
    }

    @Test func emptyInputHasNoRecordsAndAnEmptyLineHasOneEmptyField() throws {
        #expect(try CSVReader().rows("") == [])
        #expect(try CSVReader().rows("\u{FEFF}") == [])
        #expect(try CSVReader().rows("a\r\n\r\nb\r\n") == [["a"], [""], ["b"]])
        #expect(try CSVReader().rows(";\r\n") == [["", ""]])
    }

    @Test func keepsAQuoteInsideAnUnquotedField() throws {
        #expect(try CSVReader().rows("tube 12\" ;ok") == [["tube 12\" ", "ok"]])
    }

    @Test func reportsAnUnterminatedQuoteAtTheLineItOpens() {
        #expect(throws: CSVReadError.unterminatedQuote(line: 2)) {
            try CSVReader().rows("a;b\r\n\"ouvert;\r\nsuite\r\n")
        }
    }

    @Test func rejectsTextAfterAClosingQuote() {
        #expect(throws: CSVReadError.unexpectedCharacterAfterQuote(line: 3)) {
            try CSVReader().rows("a\r\n\"multi\r\nligne\"x;b\r\n")
        }
    }
}
