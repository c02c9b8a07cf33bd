import Foundation
import Testing

@testable import ComptoirDocuments

/// The committed fixtures of `Tests/Fixtures/xlsx` (see `make_fixtures.py`), read cell by cell.
@Suite struct XLSXFixtureTests {
    typealias S = XLSXTestSupport

    @Test func readsTheSheetNamesOfAnOpenpyxlWorkbookInOrder() throws {
        let workbook = try XLSXWorkbook(contentsOf: S.fixture("openpyxl-contacts.xlsx"))
        #expect(workbook.sheetNames == ["Sociétés", "Contacts", "Vide"])
    }

    @Test func readsTheFirstSheetWithDatesBooleansGapsAndAMissingRow() throws {
        // act
        let rows = try S.rows(S.fixture("openpyxl-contacts.xlsx"))
        // validate
        #expect(rows.count == 5)
        #expect(
            rows[0] == ["Raison sociale", "SIREN", "Capital", "Création", "Dernier contact", "Active", "Commentaire", "Double", "Horaire"])
        // The formula in H2 has no cached value (openpyxl does not compute), so it reads "".
        #expect(
            rows[1] == [
                "Société Générale", "552120222", "1066714367.5", "1964-05-04", "2026-03-14T09:30:00", "true", "Banque « historique »", "",
                "14:05:30",
            ])
        #expect(rows[2] == ["Bœuf & Cie", "123456789", "12.5", "2001-02-28", "", "false"])
        #expect(rows[3] == [], "row 4 is missing from the file: an empty row keeps the file's numbering")
        #expect(rows[4] == ["Café de l'Œuvre", "", "0.001", "", "2026-01-01T00:00:00", "true", "Multi\nligne"])
    }

    @Test func readsTheSecondSheetByName() throws {
        let rows = try S.rows(S.fixture("openpyxl-contacts.xlsx"), sheet: "Contacts")
        #expect(
            rows == [
                ["Civilité", "Prénom", "Nom", "Société", "E-mail", "Téléphone"],
                ["Mme", "Jeanne", "d'Arc", "Société Générale", "jeanne.darc@example.fr", "+33 6 12 34 56 78"],
                ["M.", "Loïc", "Nguyễn", "Bœuf & Cie", "loic@example.fr", "612345678"],
                ["Mme", "Zoé", "Lefèvre-Œuvray"],
                ["<tag>", "a & b", "\"guillemets\"", "  espaces  "],
            ])
    }

    @Test func sheetNamesMatchIgnoringCaseWhenNoneMatchesExactly() throws {
        let rows = try S.rows(S.fixture("openpyxl-contacts.xlsx"), sheet: "CONTACTS")
        #expect(rows.first?.first == "Civilité")
    }

    @Test func anEmptySheetHasNoRows() throws {
        #expect(try S.rows(S.fixture("openpyxl-contacts.xlsx"), sheet: "Vide") == [])
    }

    @Test func readsDatesOfA1904Workbook() throws {
        let workbook = try XLSXWorkbook(contentsOf: S.fixture("openpyxl-1904.xlsx"))
        #expect(workbook.date1904)
        #expect(try workbook.readRows() == [["2026-03-14"], ["1904-01-01T12:00:00"]])
    }

    @Test func readsAnExcelLikeWorkbookWithSharedStringsAndRichText() throws {
        // setup
        let workbook = try XLSXWorkbook(contentsOf: S.fixture("excel-like.xlsx"))
        // act
        let rows = try workbook.readRows()
        // validate
        #expect(workbook.sheetNames == ["Clients & prospects", "Notes"])
        #expect(workbook.sheetParts == ["xl/worksheets/clients.xml", "xl/worksheets/notes-a.xml"])
        let expected: [[String]] = [
            ["Nom", "Ville", "Montant", "Date"],
            // Rich-text runs joined; the phonetic guide of "Lyon" left out; custom date formats.
            ["Société Générale", "Lyon", "1234.5", "2026-03-14", "2025-01-01"],
            // Cells without r attributes; entities; _x000D_; [Red]0.00 and 0.00" days" are numbers, not dates.
            ["Café & Thé <bio> \"ok\" 'x'", "Ligne 1\r\nLigne 2", "-12.5", "3"],
            [],
            ["", "  Œuvre  ", "", "", "true"],
            // Row without r; cached formula results; a time; a duration stays a number; a date and time.
            ["LYON", "#DIV/0!", "2469", "12:30:00", "1.5", "2026-03-14T18:00:00"],
            // Exponents and binary noise; serial 60 (Excel's 1900-02-29); an inline string; trailing empties trimmed.
            ["0.001", "0.3", "0.001", "12", "1900-02-28", "en ligne & inline"],
            ["1900-01-01", "1900-02-28", "1900-03-01", "0", "123456789012345678", "150000000000000000000"],
        ]
        #expect(rows.count == expected.count)
        for (index, row) in rows.enumerated() where index < expected.count {
            #expect(row == expected[index], "row \(index + 1)")
        }
    }

    @Test func readsAPrefixedSheetWithoutReferences() throws {
        let rows = try S.rows(S.fixture("excel-like.xlsx"), sheet: "Notes")
        #expect(rows == [["Note"], ["Société Générale"]])
    }

    @Test func stopsWhenTheBodyReturnsFalse() throws {
        // setup
        let workbook = try XLSXWorkbook(contentsOf: S.fixture("excel-like.xlsx"))
        var seen: [[String]] = []
        // act
        try workbook.rows { row in
            seen.append(row)
            return seen.count < 2
        }
        // validate
        #expect(seen.count == 2)
        #expect(seen[1].first == "Société Générale")
        #expect(try workbook.readRows(limit: 3).count == 3)
    }

    @Test func errorsThrownByTheBodyComeOutUnchanged() throws {
        struct Refused: Error, Equatable {}
        let workbook = try XLSXWorkbook(contentsOf: S.fixture("excel-like.xlsx"))
        #expect(throws: Refused()) {
            try workbook.rows { _ in throw Refused() }
        }
    }
}
