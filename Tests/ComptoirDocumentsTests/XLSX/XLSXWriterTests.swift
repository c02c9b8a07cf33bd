import ComptoirCore
import Foundation
import Testing

@testable import ComptoirDocuments

@Suite struct XLSXWriterTests {
    typealias S = XLSXTestSupport

    static let stock: [[XLSXCell]] = [
        ["Référence", "Désignation", "Quantité", "Prix HT", "Entrée", "Actif"],
        ["REF-001", "Bœuf « bourguignon »", 12, 12.5, .date(year: 2026, month: 3, day: 14), .boolean(true)],
        ["=SUM(A1)", "Ligne 1\nLigne 2\r\nfin", .integer(-3), .number(0.001), .date(year: 1900, month: 1, day: 1), .boolean(false)],
        [.empty, "  espaces  ", .empty, .number(1e20), .date(year: 1900, month: 3, day: 1)],
        [],
        ["a & b <c> \"d\" 'e'", "_x000D_ littéral", "\u{1}contrôle", "Jeanne d'Arc", "Œuvre 🇫🇷"],
    ]

    @Test func readsBackWhatItWrote() throws {
        // setup
        var writer = XLSXWriter()
        writer.addSheet(name: "Stock", rows: Self.stock, header: true)
        writer.addSheet(name: "Sociétés (été)", rows: [["Société Générale", 552120222], ["Société Générale", 1.5]])
        // act
        let workbook = try XLSXWorkbook(contentsOf: S.file(writer.data()))
        // validate
        #expect(workbook.sheetNames == ["Stock", "Sociétés (été)"])
        #expect(
            try workbook.readRows() == [
                ["Référence", "Désignation", "Quantité", "Prix HT", "Entrée", "Actif"],
                ["REF-001", "Bœuf « bourguignon »", "12", "12.5", "2026-03-14", "true"],
                ["=SUM(A1)", "Ligne 1\nLigne 2\r\nfin", "-3", "0.001", "1900-01-01", "false"],
                ["", "  espaces  ", "", "100000000000000000000", "1900-03-01"],
                [],
                ["a & b <c> \"d\" 'e'", "_x000D_ littéral", "\u{1}contrôle", "Jeanne d'Arc", "Œuvre 🇫🇷"],
            ])
        #expect(try workbook.readRows(sheet: "Sociétés (été)") == [["Société Générale", "552120222"], ["Société Générale", "1.5"]])
    }

    @Test func sharesRepeatedStringsAndWritesTheStandardParts() throws {
        // setup
        var writer = XLSXWriter()
        writer.addSheet(name: "Feuil1", rows: [["Lyon", "Lyon"], ["Lyon", "Paris"]])
        // act
        let url = try S.file(writer.data())
        let package = try XLSXPackage(url: url)
        func part(_ path: String) throws -> String { String(decoding: try package.data(path) ?? Data(), as: UTF8.self) }
        // validate
        for path in [
            "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
            "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml",
        ] {
            #expect(package.contains(path), "\(path)")
        }
        #expect(try part("xl/sharedStrings.xml").contains("count=\"4\" uniqueCount=\"2\""))
        #expect(try part("[Content_Types].xml").contains("PartName=\"/xl/worksheets/sheet1.xml\""))
        #expect(try part("xl/styles.xml").contains("formatCode=\"dd/mm/yyyy\""))
        #expect(try part("xl/worksheets/sheet1.xml").contains("<dimension ref=\"A1:B2\"/>"))
    }

    @Test func writesAmountsAsNumbersWithTheirCurrencyFormat() throws {
        // setup
        var writer = XLSXWriter()
        writer.addSheet(
            name: "Montants",
            rows: [
                [
                    .money(Money(minorUnits: 123_456)), .money(Money(minorUnits: -5, currency: "usd")),
                    .money(Money(minorUnits: 7, currency: "XPF")),
                ]
            ])
        // act
        let url = try S.file(writer.data())
        let styles = String(decoding: try XLSXPackage(url: url).data("xl/styles.xml") ?? Data(), as: UTF8.self)
        // validate
        #expect(try S.rows(url) == [["1234.56", "-0.05", "7"]])
        #expect(styles.contains("<numFmt numFmtId=\"165\" formatCode=\"#,##0.00\\ &quot;€&quot;\"/>"))
        #expect(styles.contains("<numFmt numFmtId=\"166\" formatCode=\"#,##0.00\\ &quot;$&quot;\"/>"))
        #expect(styles.contains("<numFmt numFmtId=\"167\" formatCode=\"#,##0\\ &quot;XPF&quot;\"/>"))
        #expect(styles.contains("<cellXfs count=\"7\">"))
    }

    @Test func givesTheSameBytesForTheSameSheets() throws {
        var writer = XLSXWriter()
        writer.addSheet(name: "Stock", rows: Self.stock, header: true)
        #expect(try writer.data() == writer.data())
    }

    @Test(arguments: [
        ("", "empty"), (String(repeating: "é", count: 32), "longer than 31 characters"), ("a/b", "contains \"/\""),
        ("Stock [2026]", "contains \"[\""), ("Q1: ventes", "contains \":\""), ("'Stock'", "starts or ends with an apostrophe"),
        ("history", "reserved by Excel"), ("a\tb", "contains a control character"),
    ])
    func refusesBadSheetNames(name: String, reason: String) {
        var writer = XLSXWriter()
        writer.addSheet(name: name, rows: [])
        #expect(throws: XLSXError.invalidSheetName(name, reason: reason)) { try writer.data() }
    }

    @Test func acceptsAThirtyOneCharacterNameAndRefusesDuplicatesIgnoringCase() throws {
        var writer = XLSXWriter()
        writer.addSheet(name: String(repeating: "é", count: 31), rows: [])
        writer.addSheet(name: "Stock", rows: [])
        _ = try writer.data()
        writer.addSheet(name: "STOCK", rows: [])
        #expect(throws: XLSXError.invalidSheetName("STOCK", reason: "used twice (Excel ignores case)")) { try writer.data() }
        #expect(throws: XLSXError.noSheets) { try XLSXWriter().data() }
    }

    @Test(arguments: [
        (XLSXCell.number(.nan), "not a finite number"), (.number(.infinity), "not a finite number"),
        (.date(year: 2026, month: 2, day: 29), "no such date 2026-2-29 from 1900 to 9999"),
        (.date(year: 1899, month: 12, day: 31), "no such date 1899-12-31 from 1900 to 9999"),
        (.date(year: 2026, month: 13, day: 1), "no such date 2026-13-1 from 1900 to 9999"),
        (.text(String(repeating: "x", count: 32_768)), "text longer than 32767 characters"),
    ])
    func refusesCellsExcelCannotHold(cell: XLSXCell, reason: String) {
        var writer = XLSXWriter()
        writer.addSheet(name: "Feuil1", rows: [["ok"], ["ok", cell]])
        #expect(throws: XLSXError.invalidCell(sheet: "Feuil1", row: 2, column: 2, reason: reason)) { try writer.data() }
    }

    @Test func namesColumnsLikeExcel() throws {
        #expect(XLSXMarkup.columnName(0) == "A")
        #expect(XLSXMarkup.columnName(25) == "Z")
        #expect(XLSXMarkup.columnName(26) == "AA")
        #expect(XLSXMarkup.columnName(701) == "ZZ")
        #expect(XLSXMarkup.columnName(702) == "AAA")
        #expect(XLSXMarkup.columnName(16_383) == "XFD")
        for index in [0, 25, 26, 701, 702, 16_383] {
            #expect(try XLSXRowAssembler.column(of: XLSXMarkup.columnName(index) + "7", part: "") == index)
        }
    }
}
