import Foundation

/// Writes CSV the way French Excel opens it directly: ";" separator, UTF-8 with a byte order mark, CRLF.
///
/// Rows are produced one at a time so large exports can be streamed. A field is quoted (quotes doubled)
/// when it contains the separator, a quote, CR or LF.
///
/// Formula injection (CWE-1236): a field starting with "=", "+", "-", "@", a tab or CR would be run as a
/// formula by Excel or LibreOffice, so it is written as `"'=…"`: prefixed with a single quote, inside
/// quotes. Readers therefore get the apostrophe back as part of the value; that is the price of opening
/// exports safely. Plain numbers such as "-12,50" or "+3.5" are not prefixed, so negative amounts (credit
/// notes) stay numbers in the spreadsheet; they cannot hold a formula.
public struct CSVWriter: Sendable {
    /// The field separator, an ASCII character (";" for French Excel, "," or tab elsewhere).
    public let separator: Character
    /// Whether `header(_:)` starts with the UTF-8 byte order mark, which tells Excel the file is UTF-8.
    public let includeBOM: Bool

    /// The byte order mark, U+FEFF (EF BB BF in UTF-8).
    public static let byteOrderMark = "\u{FEFF}"

    /// A writer; `separator` must be ASCII and neither a quote, CR nor LF.
    public init(separator: Character = ";", includeBOM: Bool = true) {
        precondition(
            separator.isASCII && !["\"", "\r", "\n", "\r\n", "'"].contains(separator), "CSVWriter: unusable separator")
        self.separator = separator
        self.includeBOM = includeBOM
    }

    /// The first line of the file: the byte order mark (when enabled) and the column names, ending with CRLF.
    public func header(_ fields: [String]) -> String {
        (includeBOM ? Self.byteOrderMark : "") + row(fields)
    }

    /// One record, fields encoded and separated, ending with CRLF.
    public func row(_ fields: [String]) -> String {
        var line = ""
        for (index, value) in fields.enumerated() {
            if index > 0 { line.append(separator) }
            line += field(value)
        }
        return line + "\r\n"
    }

    /// One field as written: unchanged, or quoted with quotes doubled and the formula guard applied.
    public func field(_ value: String) -> String {
        let formula = Self.isFormulaLike(value)
        let separatorByte = separator.asciiValue!
        let needsQuotes =
            formula
            || value.utf8.contains { $0 == separatorByte || $0 == UInt8(ascii: "\"") || $0 == 0x0D || $0 == 0x0A }
        guard needsQuotes else { return value }
        let body = value.utf8.contains(UInt8(ascii: "\"")) ? value.replacingOccurrences(of: "\"", with: "\"\"") : value
        return "\"" + (formula ? "'" : "") + body + "\""
    }

    /// Whether a spreadsheet would read `value` as a formula: it starts with "=", "+", "-", "@", tab or CR
    /// and is not a plain number ("-12,50", "+3.5").
    public static func isFormulaLike(_ value: String) -> Bool {
        guard let first = value.utf8.first else { return false }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "@"), 0x09, 0x0D:
            return true
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            return !isPlainNumber(value.utf8.dropFirst())
        default:
            return false
        }
    }

    /// Digits with at most one "," or "." between digits.
    private static func isPlainNumber(_ bytes: Substring.UTF8View) -> Bool {
        var digits = 0
        var sawMark = false
        var previousWasDigit = false
        for byte in bytes {
            if byte >= 0x30, byte <= 0x39 {
                digits += 1
                previousWasDigit = true
            } else if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "."), !sawMark, previousWasDigit {
                sawMark = true
                previousWasDigit = false
            } else {
                return false
            }
        }
        return digits > 0 && previousWasDigit
    }

    /// A whole file: header and rows, encoded as UTF-8 (with the byte order mark unless `includeBOM` is false).
    public static func document(
        header: [String], rows: [[String]], separator: Character = ";", includeBOM: Bool = true
    ) -> Data {
        let writer = CSVWriter(separator: separator, includeBOM: includeBOM)
        var data = Data(writer.header(header).utf8)
        for row in rows { data.append(contentsOf: writer.row(row).utf8) }
        return data
    }
}
