import Foundation
import Testing

@testable import ComptoirDocuments

@Suite struct XLSXStreamingTests {
    typealias S = XLSXTestSupport

    /// Not a timing: checks that a large sheet is read through a small buffer, not loaded whole.
    @Test func streamsATwentyThousandRowSheetThroughASmallBuffer() throws {
        // setup
        let count = 20_000
        var rows: [[XLSXCell]] = [["Raison sociale", "Ville", "Capital", "Création", "Note"]]
        for index in 1...count {
            let city: XLSXCell = index % 2 == 0 ? "Lyon" : "Marseille"
            let created = XLSXCell.date(year: 2000 + index % 26, month: 1 + index % 12, day: 1 + index % 28)
            rows.append([.text("Société \(index) « Œuvre »"), city, .number(Double(index) + 0.25), created, .text("Ligne \(index) & fin")])
        }
        var writer = XLSXWriter()
        writer.addSheet(name: "Sociétés", rows: rows, header: true)
        let url = try S.file(writer.data())
        let workbook = try XLSXWorkbook(contentsOf: url)
        // act
        var read = 0
        var last: [String] = []
        try workbook.rows { row in
            read += 1
            last = row
            return true
        }
        // validate
        #expect(read == count + 1)
        #expect(last == ["Société 20000 « Œuvre »", "Lyon", "20000.25", "2006-09-09", "Ligne 20000 & fin"])
        let sheetSize = try XLSXPackage(url: url).data("xl/worksheets/sheet1.xml", limit: .max)?.count ?? 0
        #expect(sheetSize > 2_000_000)
        #expect(
            workbook.lastPeakBufferedBytes < 200_000,
            "the scanner held \(workbook.lastPeakBufferedBytes) bytes of a \(sheetSize)-byte sheet")
    }
}
