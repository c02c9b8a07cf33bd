import ComptoirCore
import Foundation
import Testing

@testable import ComptoirDocuments

/// The streaming writer read back by our own reader, its parts, its errors and its temporary files.
@Suite struct XLSXStreamWriterTests {
    typealias S = XLSXTestSupport

    static let columns = [
        XLSXColumn(width: 12), XLSXColumn(width: 30), XLSXColumn(width: 10, sum: true), XLSXColumn(width: 9),
        XLSXColumn(width: 14, sum: true), XLSXColumn(width: 12), XLSXColumn(),
    ]
    static let header = ["Référence", "Désignation", "Quantité", "Prix", "Valeur", "Mouvement", "Actif"]
    static let rows: [[XLSXCell]] = [
        [
            "P-001", "Bœuf « bourguignon » <&>", .integer(12), .number(12.5), .money(Money(minorUnits: 15_000)),
            .date(year: 2026, month: 12, day: 5), .boolean(true),
        ],
        [
            "=1+1", "  espaces\nligne 2\r\nfin", .integer(-3), .number(0.001), .money(Money(minorUnits: -2_550)),
            .date(year: 1900, month: 1, day: 1), .boolean(false),
        ],
        [.empty, "_x000D_ littéral \u{1}contrôle \u{FFFE}", .integer(1), .empty, .money(Money(minorUnits: 5))],
    ]

    /// A two-sheet stock workbook written through the streaming writer.
    static func stockWorkbook(to url: URL) throws {
        var writer = try XLSXStreamWriter(to: url)
        try writer.beginSheet(name: "Stock", columns: columns, header: header, autoFilter: true, freezeHeader: true)
        for row in rows { try writer.appendRow(row) }
        try writer.endSheet()
        try writer.beginSheet(name: "Hors stock", header: ["Référence"])
        try writer.appendRow(["P-404"])
        try writer.finish()
    }

    @Test func ourReaderReadsBackTheValuesAndTheTotalRow() throws {
        // setup
        let url = try S.scratchURL()
        // act
        try Self.stockWorkbook(to: url)
        let workbook = try XLSXWorkbook(contentsOf: url)
        // validate
        #expect(workbook.sheetNames == ["Stock", "Hors stock"])
        #expect(
            try workbook.readRows() == [
                Self.header,
                ["P-001", "Bœuf « bourguignon » <&>", "12", "12.5", "150", "2026-12-05", "true"],
                ["=1+1", "  espaces\nligne 2\r\nfin", "-3", "0.001", "-25.5", "1900-01-01", "false"],
                ["", "_x000D_ littéral \u{1}contrôle \u{FFFE}", "1", "", "0.05"],
                ["Total", "", "10", "", "124.55"],
            ])
        #expect(try workbook.readRows(sheet: "Hors stock") == [["Référence"], ["P-404"]])
    }

    @Test func writesInlineStringsTheFilterTheFrozenPaneAndTheTotalFormulas() throws {
        // setup
        let url = try S.scratchURL()
        // act
        try Self.stockWorkbook(to: url)
        let package = try XLSXPackage(url: url)
        func part(_ path: String) throws -> String { String(decoding: try package.data(path) ?? Data(), as: UTF8.self) }
        let sheet = try part("xl/worksheets/sheet1.xml")
        // validate
        #expect(!package.contains("xl/sharedStrings.xml"))
        #expect(!(try part("[Content_Types].xml")).contains("sharedStrings"))
        #expect(sheet.contains("<dimension ref=\"A1:G5\"/>"))
        #expect(sheet.contains("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"))
        #expect(sheet.contains("<c r=\"A3\" t=\"inlineStr\"><is><t>=1+1</t></is></c>"))
        #expect(sheet.contains("<c r=\"B2\" t=\"inlineStr\"><is><t>Bœuf « bourguignon » &lt;&amp;&gt;</t></is></c>"))
        #expect(sheet.contains("<t xml:space=\"preserve\">  espaces\nligne 2&#13;\nfin</t>"))
        #expect(sheet.contains("<t>_x005F_x000D_ littéral _x0001_contrôle _xFFFE_</t>"))
        #expect(sheet.contains("<c r=\"C5\" s=\"2\"><f>SUM(C2:C4)</f><v>10</v></c>"))
        #expect(sheet.contains("<f>SUM(E2:E4)</f><v>124.55</v></c>"))
        #expect(sheet.hasSuffix("</sheetData><autoFilter ref=\"A1:G4\"/></worksheet>"))
        #expect(sheet.contains("<cols><col min=\"1\" max=\"1\" width=\"12\" customWidth=\"1\"/>"))
        #expect(!(try part("xl/worksheets/sheet2.xml")).contains("autoFilter"))
        #expect(
            try part("xl/workbook.xml").contains(
                "<definedNames><definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"0\" hidden=\"1\">'Stock'!$A$1:$G$4</definedName></definedNames>"
            ))
        #expect(try part("xl/styles.xml").contains("formatCode=\"#,##0.00\\ &quot;€&quot;\""))
    }

    @Test func givesTheSameBytesForTheSameCalls() throws {
        // setup
        let first = try S.scratchURL(), second = try S.scratchURL()
        // act
        try Self.stockWorkbook(to: first)
        try Self.stockWorkbook(to: second)
        // validate
        #expect(try Data(contentsOf: first) == Data(contentsOf: second))
    }

    @Test func writesTheFileOnlyAtFinishAndRemovesItsTemporaryFiles() throws {
        // setup
        let url = try S.scratchURL()
        let temporary = url.deletingLastPathComponent().appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        var writer = try XLSXStreamWriter(to: url, temporaryDirectory: temporary)
        try writer.beginSheet(name: "Stock")
        try writer.appendRow(["P-001"])
        try writer.endSheet()
        // validate: nothing at the destination yet, one folder of sheets
        #expect(!FileManager.default.fileExists(atPath: url.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path).count == 1)
        // act
        try writer.finish()
        // validate
        #expect(try S.rows(url) == [["P-001"]])
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path) == [])
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path).sorted() == ["tmp", "workbook.xlsx"])
    }

    @Test func anAbandonedWriterLeavesNoFile() throws {
        // setup
        let url = try S.scratchURL()
        let temporary = url.deletingLastPathComponent().appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        // act
        do {
            var writer = try XLSXStreamWriter(to: url, temporaryDirectory: temporary)
            try writer.beginSheet(name: "Stock")
            try writer.appendRow(["P-001"])
        }
        // validate
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path) == [])
        #expect(!FileManager.default.fileExists(atPath: url.path))
    }

    @Test func replacesAnExistingFile() throws {
        // setup
        let url = try S.scratchURL()
        try Data("ancien".utf8).write(to: url)
        var writer = try XLSXStreamWriter(to: url)
        try writer.beginSheet(name: "Stock")
        try writer.appendRow(["nouveau"])
        // act
        try writer.finish()
        // validate
        #expect(try S.rows(url) == [["nouveau"]])
    }

    @Test func refusesRowsAndSheetsAfterFinish() throws {
        // setup
        var writer = try XLSXStreamWriter(to: S.scratchURL())
        try writer.beginSheet(name: "Stock")
        try writer.finish()
        // act, validate
        #expect(throws: XLSXError.writerFinished(action: "append a row")) { try writer.appendRow(["trop tard"]) }
        #expect(throws: XLSXError.writerFinished(action: "begin sheet \"Autre\"")) { try writer.beginSheet(name: "Autre") }
        #expect(throws: XLSXError.writerFinished(action: "finish")) { try writer.finish() }
        #expect(
            XLSXError.writerFinished(action: "append a row").description
                == "xlsx: cannot append a row: the workbook is already finished")
    }

    @Test func refusesRowsWithoutAnOpenSheetAndAWorkbookWithoutSheets() throws {
        var writer = try XLSXStreamWriter(to: S.scratchURL())
        #expect(throws: XLSXError.noOpenSheet(action: "append a row")) { try writer.appendRow(["P-001"]) }
        #expect(throws: XLSXError.noOpenSheet(action: "end a sheet")) { try writer.endSheet() }
        #expect(throws: XLSXError.noSheets) { try writer.finish() }
    }

    @Test func refusesBadAndDuplicateSheetNames() throws {
        var writer = try XLSXStreamWriter(to: S.scratchURL())
        #expect(throws: XLSXError.invalidSheetName("Stock [2026]", reason: "contains \"[\"")) {
            try writer.beginSheet(name: "Stock [2026]")
        }
        #expect(throws: XLSXError.invalidSheetName("", reason: "empty")) { try writer.beginSheet(name: "") }
        try writer.beginSheet(name: "Stock")
        #expect(throws: XLSXError.invalidSheetName("STOCK", reason: "used twice (Excel ignores case)")) {
            try writer.beginSheet(name: "STOCK")
        }
        #expect(writer.sheetNames == ["Stock"])
    }

    @Test func refusesAColumnWidthExcelCannotShow() throws {
        var writer = try XLSXStreamWriter(to: S.scratchURL())
        #expect(throws: XLSXError.invalidColumn(sheet: "Stock", column: 2, reason: "width 300.0 is not from 0 to 255")) {
            try writer.beginSheet(name: "Stock", columns: [XLSXColumn(width: 10), XLSXColumn(width: 300)])
        }
    }

    @Test(arguments: [
        (XLSXCell.number(.nan), "not a finite number"), (.number(-.infinity), "not a finite number"),
        (.date(year: 2026, month: 2, day: 29), "no such date 2026-2-29 from 1900 to 9999"),
        (.money(Money(minorUnits: 100, currency: "EURO")), "currency \"EURO\" is not an ISO 4217 code"),
    ])
    func refusesACellAndKeepsTheSheetUsable(cell: XLSXCell, reason: String) throws {
        // setup
        let url = try S.scratchURL()
        var writer = try XLSXStreamWriter(to: url)
        try writer.beginSheet(name: "Stock", header: ["Référence", "Valeur"])
        // act
        #expect(throws: XLSXError.invalidCell(sheet: "Stock", row: 2, column: 2, reason: reason)) { try writer.appendRow(["P-001", cell]) }
        try writer.appendRow(["P-002", 2])
        try writer.finish()
        // validate: the refused row left nothing, the next one took its place
        #expect(try S.rows(url) == [["Référence", "Valeur"], ["P-002", "2"]])
    }

    @Test func sumsExactlyAndLabelsTheTotalRow() throws {
        // setup
        let url = try S.scratchURL()
        var writer = try XLSXStreamWriter(to: url)
        try writer.beginSheet(
            name: "Totaux", columns: [XLSXColumn(), XLSXColumn(sum: true), XLSXColumn(sum: true), XLSXColumn(sum: true)],
            header: ["Ligne", "Entiers", "Décimaux", "Montants"], totalLabel: "Total général")
        for _ in 1...10 {
            try writer.appendRow(["x", .integer(Int.max / 20), .number(0.1), .money(Money(minorUnits: 10, currency: "XPF"))])
        }
        try writer.appendRow(["texte ignoré", "n/a", .boolean(true), .empty])
        // act
        try writer.finish()
        // validate
        let rows = try S.rows(url)
        #expect(rows.count == 13)
        #expect(rows.last == ["Total général", String(Int.max / 20 * 10), "1", "100"])
        let sheet = String(decoding: try XLSXPackage(url: url).data("xl/worksheets/sheet1.xml") ?? Data(), as: UTF8.self)
        #expect(sheet.contains("<f>SUM(B2:B12)</f><v>\(Int.max / 20 * 10)</v>"))
        #expect(sheet.contains("<f>SUM(C2:C12)</f><v>0.9999999999999999</v>"))
        #expect(
            try String(decoding: XLSXPackage(url: url).data("xl/styles.xml") ?? Data(), as: UTF8.self)
                .contains("formatCode=\"#,##0\\ &quot;XPF&quot;\""))
    }

    @Test func aSheetWithoutRowsHasAHeaderOnlyFilterAndAZeroTotal() throws {
        // setup
        let url = try S.scratchURL()
        var writer = try XLSXStreamWriter(to: url)
        try writer.beginSheet(name: "Vide", columns: [XLSXColumn(), XLSXColumn(sum: true)], header: ["A", "B"], autoFilter: true)
        // act
        try writer.finish()
        // validate
        #expect(try S.rows(url) == [["A", "B"], ["Total", "0"]])
        let sheet = String(decoding: try XLSXPackage(url: url).data("xl/worksheets/sheet1.xml") ?? Data(), as: UTF8.self)
        #expect(sheet.contains("<autoFilter ref=\"A1:B1\"/>"))
        #expect(!sheet.contains("<f>"))
    }

    /// Not a timing: a 20 000-row sheet goes through the 64 KiB buffer and reads back to its last row.
    @Test func streamsATwentyThousandRowSheet() throws {
        // setup
        let url = try S.scratchURL()
        let temporary = url.deletingLastPathComponent().appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        var writer = try XLSXStreamWriter(to: url, temporaryDirectory: temporary)
        try writer.beginSheet(
            name: "Stock", columns: [XLSXColumn(width: 12), XLSXColumn(), XLSXColumn(sum: true)], header: ["Réf", "Nom", "Qté"])
        // act
        for index in 1...20_000 {
            try writer.appendRow([.text("P-\(index)"), .text("Produit \(index) « Œuvre » & fils"), .integer(index)])
        }
        // validate: the rows are on disk already, all but the last buffer of at most 64 KiB and one row
        let folder = try #require(try FileManager.default.contentsOfDirectory(atPath: temporary.path).first)
        let onDisk = try #require(
            try FileManager.default.attributesOfItem(atPath: temporary.path + "/" + folder + "/sheet1.xml")[.size] as? Int)
        #expect(onDisk > 1_500_000)
        // act
        try writer.finish()
        // validate
        var count = 0
        var last: [[String]] = []
        try XLSXWorkbook(contentsOf: url).rows { row in
            count += 1
            last = Array((last + [row]).suffix(2))
            return true
        }
        #expect(count == 20_002)
        #expect(last == [["P-20000", "Produit 20000 « Œuvre » & fils", "20000"], ["Total", "", "200010000"]])
        let sheetSize = try XLSXPackage(url: url).data("xl/worksheets/sheet1.xml", limit: .max)!.count
        #expect(sheetSize - onDisk < 64 * 1024 + 1_000, "only the last buffer and the frame were not on disk: \(sheetSize - onDisk) bytes")
    }

    @Test func theSameRowsGoToCSVAsAFrenchExcelReadsThem() {
        let csv = CSVWriter()
        #expect(
            csv.row(cells: Self.rows[0]) == "P-001;Bœuf « bourguignon » <&>;12;12,5;150,00;05/12/2026;VRAI\r\n")
        #expect(csv.row(cells: Self.rows[1]) == "\"'=1+1\";\"  espaces\nligne 2\r\nfin\";-3;0,001;-25,50;01/01/1900;FAUX\r\n")
        #expect(
            csv.row(cells: [.number(1e20), .number(.nan), .empty, .money(Money(minorUnits: 1_500, currency: "XPF"))])
                == "100000000000000000000;;;1500\r\n")
    }

    @Test func ourReaderReadsInlineStringsOfOtherWriters() throws {
        // setup: inline strings as Excel, LibreOffice and openpyxl's write-only mode write them
        let url = try S.workbook(
            sheetData: """
                <row r="1"><c r="A1" t="inlineStr"><is><t>Référence</t></is></c>\
                <c r="B1" t="inlineStr"><is><r><t>Bœuf </t></r><r><rPr><b/></rPr><t>&amp; Cie</t></r></is></c>\
                <c r="C1" t="inlineStr"><is><t xml:space="preserve"> a_x000D_b </t><rPh sb="0" eb="1"><t>ヨミ</t></rPh></is></c>\
                <c r="D1" t="inlineStr"><is/></c><c r="E1" t="inlineStr"><is><t>=1+1</t></is></c></row>
                """)
        // act
        let rows = try S.rows(url)
        // validate
        #expect(rows == [["Référence", "Bœuf & Cie", " a\rb ", "", "=1+1"]])
    }
}
