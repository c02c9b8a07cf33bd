import Foundation

/// Builds rows of cell texts from the XML events of one worksheet part.
///
/// Positions come from the `r` attributes when present (`<row r="5">`, `<c r="C5">`) and otherwise follow the
/// previous row or cell, as LibreOffice and some generators omit them. Gaps become "" cells and empty rows.
struct XLSXRowAssembler {
    let part: String
    let sharedStrings: [String]
    let dateKinds: [XLSXDateKind?]
    let date1904: Bool

    private var inSheetData = false
    /// The file's number (1-based) of the next row to yield.
    private var nextRow = 1
    private var rowNumber = 0
    private var row: [String]?
    private var nextColumn = 0

    // The cell being read.
    private var column = 0
    private var type = ""
    private var style = 0
    private var value = ""
    private var inlineText = ""
    private var inCell = false, inValue = false, inInline = false, inInlineText = false, phoneticDepth = 0

    init(part: String, sharedStrings: [String], dateKinds: [XLSXDateKind?], date1904: Bool) {
        self.part = part
        self.sharedStrings = sharedStrings
        self.dateKinds = dateKinds
        self.date1904 = date1904
    }

    mutating func handle(_ event: XMLEvent, emit: ([String]) throws -> Void) throws {
        switch event {
        case .start("sheetData", _): inSheetData = true
        case .end("sheetData"):
            inSheetData = false
            // Nothing after the sheet data is a cell: stop inflating (merged cells, print setup, drawings…).
            throw XLSXConsumerExit(underlying: nil)
        case .start("row", let attributes) where inSheetData:
            if let r = attributes["r"] {
                guard let number = Int(r.trimmingCharacters(in: .whitespaces)), number >= 1 else {
                    throw XLSXError.malformedXML(part: part, reason: "row number \"\(r)\"")
                }
                guard number <= XLSXWorkbook.maxRows else { throw XLSXError.cellOutOfRange(part: part, reference: "row \(r)") }
                // A row out of order (never written by Excel) is taken as the next one rather than refused.
                rowNumber = max(number, nextRow)
            } else {
                rowNumber = nextRow
            }
            while nextRow < rowNumber {
                try emit([])
                nextRow += 1
            }
            row = []
            nextColumn = 0
        case .end("row") where row != nil:
            var cells = row!
            row = nil
            while cells.last?.isEmpty == true { cells.removeLast() }
            nextRow = rowNumber + 1
            try emit(cells)
        case .start("c", let attributes) where row != nil:
            if let reference = attributes["r"] {
                column = try Self.column(of: reference, part: part)
            } else {
                column = nextColumn
            }
            guard column < XLSXWorkbook.maxColumns else {
                throw XLSXError.cellOutOfRange(part: part, reference: attributes["r"] ?? "column \(column + 1)")
            }
            type = attributes["t"] ?? ""
            style = attributes["s"].flatMap { Int($0) } ?? 0
            value = ""
            inlineText = ""
            inCell = true
        case .end("c") where inCell:
            inCell = false
            nextColumn = column + 1
            let text = try cellText()
            if column < row!.count {
                row![column] = text
            } else if !text.isEmpty {
                row!.append(contentsOf: repeatElement("", count: column - row!.count))
                row!.append(text)
            }
        case .start("v", _) where inCell: inValue = true
        case .end("v"): inValue = false
        case .start("is", _) where inCell: inInline = true
        case .end("is"): inInline = false
        case .start("rPh", _): phoneticDepth += 1
        case .end("rPh"): phoneticDepth -= 1
        case .start("t", _) where inInline: inInlineText = phoneticDepth == 0
        case .end("t"): inInlineText = false
        case .text(let text):
            if inValue {
                value += text
            } else if inInlineText {
                inlineText += text
            }
        default: break
        }
    }

    private func cellText() throws -> String {
        switch type {
        case "s":
            let trimmed = value.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { return "" }
            guard let index = Int(trimmed), index >= 0, index < sharedStrings.count else {
                throw XLSXError.malformedXML(part: part, reason: "shared string index \(trimmed) out of range")
            }
            return sharedStrings[index]
        case "inlineStr": return inInlineOrValue.decodingOOXMLEscapes
        case "str": return value.decodingOOXMLEscapes
        case "b": return value == "1" ? "true" : value == "0" ? "false" : value
        case "e": return value
        case "d": return XLSXCellText.isoDate(value)
        default:
            if value.isEmpty { return "" }
            if style >= 0, style < dateKinds.count, let kind = dateKinds[style],
                let serial = Double(value.trimmingCharacters(in: .whitespaces)),
                let date = XLSXCellText.date(serial: serial, kind: kind, date1904: date1904)
            {
                return date
            }
            return XLSXCellText.number(value)
        }
    }

    private var inInlineOrValue: String {
        inlineText.isEmpty ? value : inlineText
    }

    /// The 0-based column of a cell reference such as "C5" (letters, then the row digits, whose value is not checked).
    static func column(of reference: String, part: String) throws -> Int {
        var column = 0
        var letters = 0, digits = 0
        for byte in reference.utf8 {
            let upper = byte & ~0x20
            if digits == 0 && upper >= UInt8(ascii: "A") && upper <= UInt8(ascii: "Z") {
                letters += 1
                // More than three letters is past XFD whatever they are; stop before the number grows.
                if letters > 3 { throw XLSXError.cellOutOfRange(part: part, reference: reference) }
                column = column * 26 + Int(upper - UInt8(ascii: "A")) + 1
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                digits += 1
            } else if byte == UInt8(ascii: "$") {
                continue
            } else {
                throw XLSXError.malformedXML(part: part, reason: "cell reference \"\(reference)\"")
            }
        }
        guard letters > 0 else { throw XLSXError.malformedXML(part: part, reason: "cell reference \"\(reference)\"") }
        return column - 1
    }
}
