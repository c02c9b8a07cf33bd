import Foundation
import Testing

@testable import ComptoirDocuments

@Suite struct CSVWriterTests {
    @Test func headerStartsWithTheUTF8ByteOrderMark() {
        // act
        let header = CSVWriter().header(["Nom", "Société", "E-mail"])
        // validate
        #expect(Array(header.utf8.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(header == "\u{FEFF}Nom;Société;E-mail\r\n")
    }

    @Test func withoutBOMAndWithACommaSeparator() {
        let writer = CSVWriter(separator: ",", includeBOM: false)
        #expect(writer.header(["a", "b"]) == "a,b\r\n")
        #expect(writer.row(["1,5", "2;3"]) == "\"1,5\",2;3\r\n")
    }

    @Test func rowsEndWithCRLFAndPlainFieldsStayBare() {
        #expect(CSVWriter().row(["Lefèvre", "Zoé", "", "12 rue de la République"]) == "Lefèvre;Zoé;;12 rue de la République\r\n")
        #expect(CSVWriter().row([]) == "\r\n")
    }

    @Test(arguments: [
        ("a;b", "\"a;b\""),
        ("Il a dit \"oui\"", "\"Il a dit \"\"oui\"\"\""),
        ("ligne 1\nligne 2", "\"ligne 1\nligne 2\""),
        ("ligne 1\r\nligne 2", "\"ligne 1\r\nligne 2\""),
        ("retour\r", "\"retour\r\""),
        ("1,5", "1,5"),
        ("d'Arc", "d'Arc"),
    ])
    func quotesOnlyWhenNeeded(value: String, written: String) {
        #expect(CSVWriter().field(value) == written)
    }

    @Test(arguments: [
        ("=SUM(A1:A2)", "\"'=SUM(A1:A2)\""),
        ("=HYPERLINK(\"http://x\";\"clic\")", "\"'=HYPERLINK(\"\"http://x\"\";\"\"clic\"\")\""),
        ("+33 6 12 34 56 78", "\"'+33 6 12 34 56 78\""),
        ("-2+3+cmd|' /C calc'!A0", "\"'-2+3+cmd|' /C calc'!A0\""),
        ("@SUM(1+1)", "\"'@SUM(1+1)\""),
        ("\tindent", "\"'\tindent\""),
        ("-", "\"'-\""),
        ("-12,50", "-12,50"),
        ("+3.5", "+3.5"),
        ("-12", "-12"),
        ("a=b", "a=b"),
    ])
    func guardsFormulaLikeFieldsWithAnApostropheInsideQuotes(value: String, written: String) {
        #expect(CSVWriter().field(value) == written)
    }

    @Test func isFormulaLikeExemptsPlainNumbersOnly() {
        #expect(CSVWriter.isFormulaLike("=1"))
        #expect(CSVWriter.isFormulaLike("-1-1"))
        #expect(CSVWriter.isFormulaLike("-1,"))
        #expect(CSVWriter.isFormulaLike("+,5"))
        #expect(!CSVWriter.isFormulaLike("-1,5"))
        #expect(!CSVWriter.isFormulaLike(""))
        #expect(!CSVWriter.isFormulaLike("Lefèvre"))
    }

    @Test func documentIsBOMHeaderAndRowsAsUTF8() {
        // act
        let data = CSVWriter.document(header: ["Nom", "Ville"], rows: [["Müller", "Besançon"], ["O'Neil", "Saint-Étienne"]])
        // validate
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(String(decoding: data, as: UTF8.self) == "\u{FEFF}Nom;Ville\r\nMüller;Besançon\r\nO'Neil;Saint-Étienne\r\n")
    }
}
