import ComptoirCore
import Foundation
import Testing

@testable import ComptoirDocuments

/// The streaming writer's workbooks read back by openpyxl, an independent reader.
@Suite(.enabled(if: XLSXPythonChecker.available, "openpyxl is not installed (pip install openpyxl==3.1.5)"))
struct XLSXStreamWriterPythonTests {
    typealias S = XLSXTestSupport

    @Test func openpyxlReadsTheSheetsValuesFormatsAndLayout() throws {
        // setup
        let url = try S.scratchURL()
        try XLSXStreamWriterTests.stockWorkbook(to: url)
        // act
        let reading = try XLSXPythonChecker.layout(Data(contentsOf: url))
        // validate
        #expect(reading.sheets == ["Stock", "Hors stock"])
        let stock = try #require(reading.layout["Stock"])
        #expect(
            stock.rows == [
                XLSXStreamWriterTests.header.map { "text:" + $0 },
                [
                    "text:P-001", "text:Bœuf « bourguignon » <&>", "int:12", "float:12.5", "float:150.0", "date:2026-12-05",
                    "bool:true",
                ],
                ["text:=1+1", "text:  espaces\nligne 2\r\nfin", "int:-3", "float:0.001", "float:-25.5", "date:1900-01-01", "bool:false"],
                // openpyxl leaves Excel's _xHHHH_ escapes of inline strings as they are (Excel and our reader decode them).
                [nil, "text:_x005F_x000D_ littéral _x0001_contrôle _xFFFE_", "int:1", nil, "float:0.05", nil, nil],
                ["text:Total", nil, "formula:=SUM(C2:C4)", nil, "formula:=SUM(E2:E4)", nil, nil],
            ])
        #expect(stock.lastRowCached == ["text:Total", nil, "int:10", nil, "float:124.55", nil, nil])
        #expect(stock.secondRowFormats == ["General", "General", "General", "General", "#,##0.00\\ \"€\"", "dd/mm/yyyy", "General"])
        #expect(stock.lastRowFormats[4] == "#,##0.00\\ \"€\"")
        #expect(stock.headerBold == Array(repeating: true, count: 7))
        #expect(stock.lastRowBold == [true, false, true, false, true, false, false])
        #expect(stock.freeze == "A2")
        #expect(stock.filter == "A1:G4")
        #expect(stock.widths == ["A": 12, "B": 30, "C": 10, "D": 9, "E": 14, "F": 12])
        #expect(reading.filterNames == ["0 1 'Stock'!$A$1:$G$4"])
        let other = try #require(reading.layout["Hors stock"])
        #expect(other.rows == [["text:Référence"], ["text:P-404"]])
        #expect(other.freeze == nil)
        #expect(other.filter == nil)
        #expect(other.headerBold == [true])
    }

    @Test func openpyxlReadsTheLastRowOfATwentyThousandRowSheet() throws {
        // setup
        let url = try S.scratchURL()
        var writer = try XLSXStreamWriter(to: url)
        try writer.beginSheet(
            name: "Stock", columns: [XLSXColumn(width: 12), XLSXColumn(width: 12, sum: true), XLSXColumn(width: 11)],
            header: ["Référence", "Valeur", "Mouvement"], autoFilter: true, freezeHeader: true)
        for index in 1...20_000 {
            try writer.appendRow([
                .text("P-\(index)"), .money(Money(minorUnits: Int64(index))), .date(year: 2026, month: 1 + index % 12, day: 1 + index % 28),
            ])
        }
        // act
        try writer.finish()
        let reading = try XLSXPythonChecker.layout(Data(contentsOf: url))
        // validate
        let stock = try #require(reading.layout["Stock"])
        #expect(stock.maxRow == 20_002)
        #expect(stock.filter == "A1:C20001")
        #expect(stock.beforeLastRow == ["text:P-20000", "float:200.0", "date:2026-09-09"])
        #expect(stock.lastRow == ["text:Total", "formula:=SUM(B2:B20001)", nil])
        #expect(stock.lastRowCached == ["text:Total", "float:2000100.0", nil])
        #expect(stock.secondRowFormats == ["General", "#,##0.00\\ \"€\"", "dd/mm/yyyy"])
    }
}
