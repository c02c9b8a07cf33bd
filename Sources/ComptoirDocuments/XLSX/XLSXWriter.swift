import ComptoirCore
import Foundation
import ZIPFoundation

/// Writes a small, standard .xlsx workbook in memory (demo files, small exports) that Excel and LibreOffice open.
///
/// Only the parts every reader knows: content types, relationships, workbook, one worksheet per sheet, shared
/// strings and a styles part (bold header, dd/mm/yyyy dates, amounts). Columns get a width from their longest value
/// so that dates do not show as "#####". The ZIP entries carry a fixed date, so the same sheets give the same bytes.
/// For large exports, `XLSXStreamWriter` writes row by row with the same parts, styles and cells.
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
        var names = XLSXSheetNames()
        for sheet in sheets { try names.add(sheet.name) }
        var styles = XLSXStyles()
        var strings: XLSXSharedStrings? = XLSXSharedStrings()
        var worksheets: [Data] = []
        for (index, sheet) in sheets.enumerated() {
            var encoder = XLSXSheetEncoder(sheet: sheet.name)
            for (rowIndex, cells) in sheet.rows.enumerated() {
                try encoder.appendRow(cells, bold: sheet.header && rowIndex == 0, styles: &styles, strings: &strings)
            }
            let frame = XLSXWorksheetFrame(
                dimension: XLSXMarkup.range(columns: encoder.columnCount, rows: encoder.lastFilledRow), selected: index == 0,
                freezeFirstRow: sheet.header, columns: Self.measuredColumns(sheet.rows), autoFilter: nil)
            worksheets.append(Data(frame.head.utf8) + Data(encoder.bytes) + Data(frame.tail.utf8))
        }
        let package = XLSXPackageParts(sheets: names.names.map { .init(name: $0, filterRange: nil) }, sharedStrings: true)
        let archive = try Archive(accessMode: .create)
        for (path, text) in package.parts(styles: styles) {
            try XLSXArchiveWriter.add(path, pieces: [.bytes(Data(text.utf8))], to: archive)
        }
        for (index, worksheet) in worksheets.enumerated() {
            try XLSXArchiveWriter.add(XLSXPackageParts.sheetPath(index), pieces: [.bytes(worksheet)], to: archive)
        }
        try XLSXArchiveWriter.add("xl/sharedStrings.xml", pieces: [.bytes(Data(strings!.xml.utf8))], to: archive)
        guard let data = archive.data else { throw XLSXError.damagedArchive(part: nil) }
        return data
    }

    /// Each column as wide as its longest value (in characters; the longest line of a text), two more for padding,
    /// bold and accents, from 9 to 60.
    private static func measuredColumns(_ rows: [[XLSXCell]]) -> [XLSXColumn] {
        var widths: [Int] = []
        for cells in rows {
            for (column, cell) in cells.enumerated() {
                let shown: Int
                switch cell {
                case .empty: continue
                case .text(let text): shown = text.split(separator: "\n").map(\.count).max() ?? 0
                case .number(let value): shown = value.isFinite ? XLSXMarkup.numberText(value).count : 0
                case .integer(let value): shown = String(value).count
                case .boolean: shown = 5
                case .date: shown = 10
                case .money(let money): shown = money.formatted().count
                }
                if widths.count <= column { widths += repeatElement(0, count: column + 1 - widths.count) }
                widths[column] = max(widths[column], shown)
            }
        }
        return widths.map { XLSXColumn(width: Double(min(max($0 + 2, 9), 60))) }
    }
}

/// The shared strings table of `XLSXWriter`: each distinct text once, cells pointing at it by index.
struct XLSXSharedStrings {
    private var indices: [String: Int] = [:]
    private var items: [String] = []
    private var count = 0

    mutating func index(_ text: String) -> Int {
        count += 1
        if let index = indices[text] { return index }
        indices[text] = items.count
        items.append(text)
        return items.count - 1
    }

    var xml: String {
        var bytes = Array(XLSXMarkup.xmlHeader.utf8)
        bytes += "<sst xmlns=\"\(XLSXMarkup.mainNamespace)\" count=\"\(count)\" uniqueCount=\"\(items.count)\">".utf8
        for item in items {
            XLSXMarkup.append("<si><t", to: &bytes)
            let attributeAt = bytes.count
            bytes.append(UInt8(ascii: ">"))
            if XLSXMarkup.appendCellText(item, to: &bytes) { bytes.insert(contentsOf: " xml:space=\"preserve\"".utf8, at: attributeAt) }
            XLSXMarkup.append("</t></si>", to: &bytes)
        }
        XLSXMarkup.append("</sst>", to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
