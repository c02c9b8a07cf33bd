import ComptoirCore
import Foundation
import ZIPFoundation

/// One cell written by `XLSXWriter`.
public enum XLSXCell: Sendable, Hashable {
    /// A string, stored as text: a value starting with "=" stays text and is never run as a formula.
    case text(String)
    /// A number; it must be finite.
    case number(Double)
    /// An integer (Excel stores doubles, so beyond 2^53 it shows a rounded value).
    case integer(Int)
    /// A calendar date from 1900-01-01 to 9999-12-31, shown as dd/mm/yyyy.
    case date(year: Int, month: Int, day: Int)
    /// A boolean, shown TRUE/FALSE (VRAI/FAUX in a French Excel).
    case boolean(Bool)
    /// No cell.
    case empty
}

extension XLSXCell: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
}

/// Writes a small, standard .xlsx workbook in memory (demo files, stock exports) that Excel and LibreOffice open.
///
/// Only the parts every reader knows: content types, relationships, workbook, one worksheet per sheet, shared
/// strings and a styles part (bold header, dd/mm/yyyy dates). Columns get a width from their longest value so that
/// dates do not show as "#####". The ZIP entries carry a fixed date, so the same sheets give the same bytes.
public struct XLSXWriter: Sendable {
    private struct Sheet: Sendable {
        var name: String
        var rows: [[XLSXCell]]
        var header: Bool
    }

    private var sheets: [Sheet] = []

    /// An empty workbook; add at least one sheet.
    public init() {}

    /// Adds a sheet after the others; with `header`, the first row is bold and stays visible when scrolling.
    ///
    /// Names and cells are checked by `data()`, which throws `XLSXError.invalidSheetName` or `.invalidCell`.
    public mutating func addSheet(name: String, rows: [[XLSXCell]], header: Bool = false) {
        sheets.append(Sheet(name: name, rows: rows, header: header))
    }

    /// Writes the workbook to `url` (replacing a file there).
    public func write(to url: URL) throws {
        try data().write(to: url, options: .atomic)
    }

    /// The .xlsx file's bytes.
    public func data() throws -> Data {
        guard !sheets.isEmpty else { throw XLSXError.noSheets }
        var seen: Set<String> = []
        for sheet in sheets {
            try Self.validate(sheetName: sheet.name)
            guard seen.insert(sheet.name.lowercased()).inserted else {
                throw XLSXError.invalidSheetName(sheet.name, reason: "used twice (Excel ignores case)")
            }
        }
        var strings = SharedStrings()
        var parts: [(String, String)] = []
        for (index, sheet) in sheets.enumerated() {
            parts.append(("xl/worksheets/sheet\(index + 1).xml", try Self.worksheet(sheet, selected: index == 0, strings: &strings)))
        }
        parts.insert(
            contentsOf: [
                ("[Content_Types].xml", contentTypes), ("_rels/.rels", Self.packageRelationships), ("xl/workbook.xml", workbook),
                ("xl/_rels/workbook.xml.rels", workbookRelationships), ("xl/styles.xml", Self.styles),
            ], at: 0)
        parts.append(("xl/sharedStrings.xml", strings.xml))
        return try Self.zip(parts)
    }

    /// A deflated ZIP of `parts` (path, text) in order; tests use it to build hand-made workbooks too.
    static func zip(_ parts: [(String, String)]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (path, text) in parts {
            let bytes = Data(text.utf8)
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: Self.entryDate,
                compressionMethod: .deflate
            ) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw XLSXError.damagedArchive(part: nil) }
        return data
    }

    /// 2000-01-01: a fixed date so that output is reproducible.
    private static let entryDate = Date(timeIntervalSince1970: 946_684_800)

    // MARK: - Validation

    /// Excel's rules: 1 to 31 characters, none of []:*?/\, no apostrophe at either end, not "History" (reserved).
    static func validate(sheetName name: String) throws {
        func refuse(_ reason: String) -> XLSXError { .invalidSheetName(name, reason: reason) }
        if name.isEmpty { throw refuse("empty") }
        if name.utf16.count > 31 { throw refuse("longer than 31 characters") }
        if let bad = name.first(where: { "[]:*?/\\".contains($0) }) { throw refuse("contains \"\(bad)\"") }
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0xFFFE || $0.value == 0xFFFF }) {
            throw refuse("contains a control character")
        }
        if name.hasPrefix("'") || name.hasSuffix("'") { throw refuse("starts or ends with an apostrophe") }
        if name.lowercased() == "history" { throw refuse("reserved by Excel") }
    }

    // MARK: - Parts

    private struct SharedStrings {
        var indices: [String: Int] = [:]
        var items: [String] = []
        var count = 0

        mutating func index(_ text: String) -> Int {
            count += 1
            if let index = indices[text] { return index }
            indices[text] = items.count
            items.append(text)
            return items.count - 1
        }

        var xml: String {
            var xml = Self.header + "<sst xmlns=\"\(XLSXWriter.mainNamespace)\" count=\"\(count)\" uniqueCount=\"\(items.count)\">"
            for item in items {
                let preserve = item.first?.isWhitespace == true || item.last?.isWhitespace == true || item.contains("\n")
                xml += (preserve ? "<si><t xml:space=\"preserve\">" : "<si><t>") + XLSXWriter.escapedCellText(item) + "</t></si>"
            }
            return xml + "</sst>"
        }

        static let header = XLSXWriter.xmlHeader
    }

    static let xmlHeader = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationshipsNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let packageRelationshipsNamespace = "http://schemas.openxmlformats.org/package/2006/relationships"

    private enum Style: Int {
        case plain = 0, date, bold, boldDate
    }

    private static func worksheet(_ sheet: Sheet, selected: Bool, strings: inout SharedStrings) throws -> String {
        guard sheet.rows.count <= XLSXWorkbook.maxRows else {
            throw XLSXError.invalidCell(sheet: sheet.name, row: sheet.rows.count, column: 1, reason: "more than 1048576 rows")
        }
        var widths: [Int] = []
        var body = ""
        var lastColumn = 0, lastRow = 0
        for (rowIndex, cells) in sheet.rows.enumerated() {
            guard cells.count <= XLSXWorkbook.maxColumns else {
                throw XLSXError.invalidCell(sheet: sheet.name, row: rowIndex + 1, column: cells.count, reason: "more than 16384 columns")
            }
            var rowXML = ""
            let bold = sheet.header && rowIndex == 0
            for (columnIndex, cell) in cells.enumerated() {
                func refuse(_ reason: String) -> XLSXError {
                    .invalidCell(sheet: sheet.name, row: rowIndex + 1, column: columnIndex + 1, reason: reason)
                }
                let reference = columnName(columnIndex) + String(rowIndex + 1)
                let style = bold ? Style.bold : .plain
                let s = style == .plain ? "" : " s=\"\(style.rawValue)\""
                var shown = 0
                switch cell {
                case .empty:
                    continue
                case .text(let text):
                    guard text.utf16.count <= 32_767 else { throw refuse("text longer than 32767 characters") }
                    rowXML += "<c r=\"\(reference)\"\(s) t=\"s\"><v>\(strings.index(text))</v></c>"
                    shown = text.split(separator: "\n").map(\.count).max() ?? 0
                case .number(let value):
                    guard value.isFinite else { throw refuse("not a finite number") }
                    let text = numberText(value)
                    rowXML += "<c r=\"\(reference)\"\(s)><v>\(text)</v></c>"
                    shown = text.count
                case .integer(let value):
                    rowXML += "<c r=\"\(reference)\"\(s)><v>\(value)</v></c>"
                    shown = String(value).count
                case .boolean(let value):
                    rowXML += "<c r=\"\(reference)\"\(s) t=\"b\"><v>\(value ? 1 : 0)</v></c>"
                    shown = 5
                case .date(let year, let month, let day):
                    guard (1900...9999).contains(year), CalendarDay(year: year, month: month, day: day) != nil,
                        let serial = XLSXCellText.serial(year: year, month: month, day: day)
                    else { throw refuse("no such date \(year)-\(month)-\(day) from 1900 to 9999") }
                    rowXML += "<c r=\"\(reference)\" s=\"\((bold ? Style.boldDate : .date).rawValue)\"><v>\(serial)</v></c>"
                    shown = 10
                }
                if widths.count <= columnIndex { widths += repeatElement(0, count: columnIndex + 1 - widths.count) }
                widths[columnIndex] = max(widths[columnIndex], shown)
                lastColumn = max(lastColumn, columnIndex + 1)
                lastRow = rowIndex + 1
            }
            if !rowXML.isEmpty { body += "<row r=\"\(rowIndex + 1)\">" + rowXML + "</row>" }
        }
        var xml = xmlHeader + "<worksheet xmlns=\"\(mainNamespace)\" xmlns:r=\"\(relationshipsNamespace)\">"
        xml += lastRow > 0 ? "<dimension ref=\"A1:\(columnName(lastColumn - 1))\(lastRow)\"/>" : "<dimension ref=\"A1\"/>"
        xml += "<sheetViews><sheetView workbookViewId=\"0\"" + (selected ? " tabSelected=\"1\"" : "") + ">"
        if sheet.header { xml += "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>" }
        xml += "</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>"
        if !widths.isEmpty {
            xml += "<cols>"
            for (index, width) in widths.enumerated() {
                // Excel's width unit is roughly one digit of the default font; two more for padding, bold, accents.
                xml += "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(min(max(width + 2, 9), 60))\" customWidth=\"1\"/>"
            }
            xml += "</cols>"
        }
        return xml + "<sheetData>" + body + "</sheetData></worksheet>"
    }

    /// Integral values as integers, others in Swift's shortest round-tripping form (xsd:double accepts its 1e-05).
    static func numberText(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    /// "A" for 0, "Z" for 25, "AA" for 26… "XFD" for 16 383.
    static func columnName(_ index: Int) -> String {
        var name = ""
        var n = index + 1
        while n > 0 {
            let remainder = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + remainder))) + name
            n = (n - 1) / 26
        }
        return name
    }

    private var contentTypes: String {
        var xml = Self.xmlHeader + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        xml += "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        xml += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        let prefix = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        xml += "<Override PartName=\"/xl/workbook.xml\" ContentType=\"\(prefix).sheet.main+xml\"/>"
        for index in sheets.indices {
            xml += "<Override PartName=\"/xl/worksheets/sheet\(index + 1).xml\" ContentType=\"\(prefix).worksheet+xml\"/>"
        }
        xml += "<Override PartName=\"/xl/styles.xml\" ContentType=\"\(prefix).styles+xml\"/>"
        xml += "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"\(prefix).sharedStrings+xml\"/>"
        return xml + "</Types>"
    }

    private static let packageRelationships =
        xmlHeader + "<Relationships xmlns=\"\(packageRelationshipsNamespace)\">"
        + "<Relationship Id=\"rId1\" Type=\"\(relationshipsNamespace)/officeDocument\" Target=\"xl/workbook.xml\"/>"
        + "</Relationships>"

    private var workbook: String {
        var xml = Self.xmlHeader + "<workbook xmlns=\"\(Self.mainNamespace)\" xmlns:r=\"\(Self.relationshipsNamespace)\">"
        xml += "<bookViews><workbookView activeTab=\"0\"/></bookViews><sheets>"
        for (index, sheet) in sheets.enumerated() {
            xml += "<sheet name=\"\(Self.escapedAttribute(sheet.name))\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
        }
        return xml + "</sheets></workbook>"
    }

    private var workbookRelationships: String {
        var xml = Self.xmlHeader + "<Relationships xmlns=\"\(Self.packageRelationshipsNamespace)\">"
        for index in sheets.indices {
            xml +=
                "<Relationship Id=\"rId\(index + 1)\" Type=\"\(Self.relationshipsNamespace)/worksheet\""
                + " Target=\"worksheets/sheet\(index + 1).xml\"/>"
        }
        xml += "<Relationship Id=\"rId\(sheets.count + 1)\" Type=\"\(Self.relationshipsNamespace)/styles\" Target=\"styles.xml\"/>"
        xml +=
            "<Relationship Id=\"rId\(sheets.count + 2)\" Type=\"\(Self.relationshipsNamespace)/sharedStrings\" Target=\"sharedStrings.xml\"/>"
        return xml + "</Relationships>"
    }

    /// Cell formats 0–3 match `Style`: plain, date, bold, bold date. Fills 0 and 1 are the two Excel requires.
    private static let styles =
        xmlHeader + "<styleSheet xmlns=\"\(mainNamespace)\">"
        + "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/></numFmts>"
        + "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
        + "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font></fonts>"
        + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
        + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
        + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
        + "<cellXfs count=\"4\">"
        + "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
        + "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
        + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
        + "<xf numFmtId=\"164\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" applyFont=\"1\"/>"
        + "</cellXfs><cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
        + "</styleSheet>"

    // MARK: - Escaping

    static func escapedAttribute(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Cell text for a `<t>`: XML-escaped; CR as a character reference (a literal one would read back as LF);
    /// characters XML 1.0 cannot carry at all (other controls, U+FFFE/FFFF) as Excel's `_xHHHH_`, and a literal
    /// `_xHHHH_` guarded as `_x005F_xHHHH_` so it reads back unchanged.
    static func escapedCellText(_ text: String) -> String {
        var out = ""
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\r": out += "&#13;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            case "_" where looksLikeEscape(scalars, at: index): out += "_x005F_"
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "_x" + String(repeating: "0", count: 4 - hex.count) + hex + "_"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    private static func looksLikeEscape(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        guard index + 6 < scalars.count, scalars[index + 1] == "x", scalars[index + 6] == "_" else { return false }
        return scalars[(index + 2)..<(index + 6)].allSatisfy { $0.properties.isASCIIHexDigit }
    }
}
