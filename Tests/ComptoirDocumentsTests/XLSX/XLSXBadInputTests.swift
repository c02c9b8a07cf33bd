import Foundation
import Testing

@testable import ComptoirDocuments

/// Damaged, hostile or wrong files end in the right `XLSXError`, never in a crash.
@Suite struct XLSXBadInputTests {
    typealias S = XLSXTestSupport

    func open(_ data: Data) throws -> XLSXWorkbook {
        try XLSXWorkbook(contentsOf: S.file(data))
    }

    func validWorkbook() throws -> Data {
        var writer = XLSXWriter()
        let rows: [[XLSXCell]] = (1...200).map { index in
            [.text("Société \(index)"), .integer(index), .date(year: 2026, month: 1, day: 1 + index % 28)]
        }
        writer.addSheet(name: "Sociétés", rows: rows)
        return try writer.data()
    }

    @Test func aTextFileRenamedXlsxIsNotAZip() {
        #expect(throws: XLSXError.notAZipArchive) { try open(Data("Nom;Prénom\nd'Arc;Jeanne\n".utf8)) }
    }

    @Test func anEmptyFileIsNotAZip() {
        #expect(throws: XLSXError.notAZipArchive) { try open(Data()) }
    }

    @Test func anOLECompoundFileIsALegacyOrEncryptedWorkbook() {
        let header: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504)
        #expect(throws: XLSXError.legacyOrEncryptedWorkbook) { try open(Data(header)) }
    }

    @Test func aTruncatedZipIsDamaged() throws {
        let data = try validWorkbook()
        for length in [4, 30, data.count / 2, data.count - 10] {
            #expect(throws: XLSXError.damagedArchive(part: nil), "\(length) bytes") { try open(data.prefix(length)) }
        }
    }

    @Test func aZipWithoutWorkbookIsNotAWorkbook() throws {
        #expect(throws: XLSXError.notAWorkbook) { try open(S.zip([("word/document.xml", "<w:document/>")])) }
    }

    @Test func anUnknownSheetNamesTheAvailableOnes() throws {
        let workbook = try open(validWorkbook())
        #expect(throws: XLSXError.sheetNotFound(name: "Contacts", available: ["Sociétés"])) {
            try workbook.rows(sheet: "Contacts") { _ in true }
        }
    }

    @Test func aDamagedSheetStreamIsReported() throws {
        // setup: garble bytes in the middle of the (largest) deflated part, the sheet.
        var data = try validWorkbook()
        let middle = data.count / 3
        for offset in 0..<40 { data[middle + offset] ^= 0x5A }
        // act + validate
        #expect(throws: XLSXError.self) {
            let workbook = try open(data)
            _ = try workbook.readRows()
        }
    }

    @Test(arguments: [
        ("<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>", XLSXError.cellOutOfRange(part: "xl/worksheets/sheet1.xml", reference: "XFE1")),
        ("<row r=\"1\"><c r=\"AAAA1\"><v>1</v></c></row>", .cellOutOfRange(part: "xl/worksheets/sheet1.xml", reference: "AAAA1")),
        ("<row r=\"1048577\"><c><v>1</v></c></row>", .cellOutOfRange(part: "xl/worksheets/sheet1.xml", reference: "row 1048577")),
        ("<row r=\"0\"/>", .malformedXML(part: "xl/worksheets/sheet1.xml", reason: "row number \"0\"")),
        ("<row><c r=\"1A\"><v>1</v></c></row>", .malformedXML(part: "xl/worksheets/sheet1.xml", reason: "cell reference \"1A\"")),
        (
            "<row><c t=\"s\"><v>3</v></c></row>",
            .malformedXML(part: "xl/worksheets/sheet1.xml", reason: "shared string index 3 out of range")
        ),
        ("<row><c><v>1</v></row>", .malformedXML(part: "xl/worksheets/sheet1.xml", reason: "</row> closes <c>")),
    ])
    func refusesCellsBeyondTheGridAndBrokenSheets(sheetData: String, error: XLSXError) throws {
        let url = try S.workbook(sheetData: sheetData)
        #expect(throws: error) { try S.rows(url) }
    }

    @Test func aSheetWhosePartIsMissingIsReported() throws {
        let url = try S.file(
            S.zip([
                ("xl/workbook.xml", "<workbook xmlns:r=\"r\"><sheets><sheet name=\"A\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"),
                (
                    "xl/_rels/workbook.xml.rels",
                    "<Relationships><Relationship Id=\"rId1\" Type=\"t/worksheet\" Target=\"worksheets/absent.xml\"/></Relationships>"
                ),
            ]))
        #expect(throws: XLSXError.malformedXML(part: "xl/worksheets/absent.xml", reason: "the sheet's part is missing from the archive")) {
            try S.rows(url)
        }
    }

    @Test func aPartInflatingBeyondItsLimitIsRefusedWhateverItsHeaderSays() throws {
        // setup: 100 kB of XML whose ZIP headers claim 10 bytes, the way a zip bomb hides its size.
        let xml = "<sst>" + String(repeating: "<si><t>x</t></si>", count: 6_000) + "</sst>"
        var data = try S.zip([("xl/sharedStrings.xml", xml)])
        Self.patchUncompressedSizes(&data, to: 10)
        let package = try XLSXPackage(url: S.file(data))
        // act + validate
        #expect(throws: XLSXError.partTooLarge(part: "xl/sharedStrings.xml", limit: 50_000)) {
            try package.stream("xl/sharedStrings.xml", limit: 50_000) { _ in }
        }
        // The declared size is checked first when it is honest.
        let honest = try XLSXPackage(url: S.file(S.zip([("xl/sharedStrings.xml", xml)])))
        #expect(throws: XLSXError.partTooLarge(part: "xl/sharedStrings.xml", limit: 50_000)) {
            try honest.stream("xl/sharedStrings.xml", limit: 50_000) { _ in Issue.record("nothing should be inflated") }
        }
    }

    /// Sets the uncompressed size in every local and central header of a small (non-ZIP64) archive.
    static func patchUncompressedSizes(_ data: inout Data, to size: UInt32) {
        let bytes = [UInt8](data)
        func put(_ offset: Int) {
            for k in 0..<4 { data[data.startIndex + offset + k] = UInt8(truncatingIfNeeded: size >> (8 * UInt32(k))) }
        }
        for i in 0..<(bytes.count - 4) where bytes[i] == 0x50 && bytes[i + 1] == 0x4B {
            if bytes[i + 2] == 0x03 && bytes[i + 3] == 0x04 { put(i + 22) }
            if bytes[i + 2] == 0x01 && bytes[i + 3] == 0x02 { put(i + 24) }
        }
    }

    @Test func randomDamageNeverCrashesAndAlwaysThrowsAnXLSXError() throws {
        // setup: a deterministic generator, so a failure can be replayed.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let original = try Data(contentsOf: S.fixture("excel-like.xlsx"))
        var failures = 0
        for round in 0..<300 {
            var data = original
            if round % 10 == 9 {
                data = data.prefix(next(data.count))
            } else {
                for _ in 0...next(8) { data[next(data.count)] = UInt8(next(256)) }
            }
            // act
            do {
                let workbook = try open(data)
                for name in workbook.sheetNames { _ = try workbook.readRows(sheet: name) }
            } catch is XLSXError {
                failures += 1
            } catch {
                Issue.record("round \(round): \(type(of: error)) \(error)")
            }
        }
        // validate: most damage is detected (a byte in an unused field may go unnoticed).
        #expect(failures > 100)
    }
}
