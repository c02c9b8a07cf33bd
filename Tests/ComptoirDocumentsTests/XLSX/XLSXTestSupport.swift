import Foundation

@testable import ComptoirDocuments

/// Fixture files, scratch files and hand-made archives for the XLSX tests.
enum XLSXTestSupport {
    /// `Tests/Fixtures/xlsx/<name>`, found from this source file so tests run from any working directory.
    static func fixture(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // XLSX
            .deletingLastPathComponent()  // ComptoirDocumentsTests
            .deletingLastPathComponent()  // Tests
            .appendingPathComponent("Fixtures/xlsx/\(name)")
    }

    /// A fresh path in a temporary folder (the file is not created).
    static func scratchURL(_ name: String = "workbook.xlsx") throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("comptoir-xlsx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent(name)
    }

    /// Writes `data` to a scratch file and returns its URL.
    static func file(_ data: Data, name: String = "workbook.xlsx") throws -> URL {
        let url = try scratchURL(name)
        try data.write(to: url)
        return url
    }

    /// A ZIP holding `parts` (path → text), deflated, in the given order.
    static func zip(_ parts: [(String, String)]) throws -> Data {
        try XLSXArchiveWriter.zip(parts)
    }

    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// A one-sheet workbook around `sheetData` (the content of `<sheetData>`), with optional extra parts.
    static func workbook(sheetData: String, extraParts: [(String, String)] = [], workbookPr: String = "") throws -> URL {
        try file(
            zip(
                [
                    (
                        "xl/workbook.xml",
                        "<workbook xmlns=\"\(main)\" xmlns:r=\"\(rels)\">\(workbookPr)<sheets><sheet name=\"Feuil1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
                    ),
                    (
                        "xl/_rels/workbook.xml.rels",
                        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"\(rels)/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"
                    ),
                    ("xl/worksheets/sheet1.xml", "<worksheet xmlns=\"\(main)\"><sheetData>\(sheetData)</sheetData></worksheet>"),
                ] + extraParts))
    }

    /// Every row of a sheet.
    static func rows(_ url: URL, sheet: String? = nil) throws -> [[String]] {
        try XLSXWorkbook(contentsOf: url).readRows(sheet: sheet)
    }
}
