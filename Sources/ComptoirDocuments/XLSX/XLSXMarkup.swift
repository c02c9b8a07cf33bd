import Foundation

/// The XML pieces both writers share: namespaces, escaping, column letters and number texts.
///
/// Cell text is escaped byte by byte straight into the output buffer; texts without anything to escape (most of
/// them) are copied as they are.
enum XLSXMarkup {
    static let xmlHeader = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationshipsNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let packageRelationshipsNamespace = "http://schemas.openxmlformats.org/package/2006/relationships"

    // MARK: - Escaping

    /// An attribute value: the five XML entities escaped (sheet names, number format codes).
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

    /// Cell text for a `<t>`, as a string (see `appendCellText`).
    static func escapedCellText(_ text: String) -> String {
        var bytes: [UInt8] = []
        _ = appendCellText(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends cell text for a `<t>`: XML-escaped; CR as a character reference (a literal one would read back as LF);
    /// characters XML 1.0 cannot carry at all (other controls, U+FFFE/FFFF) never written raw but as Excel's
    /// `_xHHHH_`, which Excel and `XLSXWorkbook` decode back, and a literal `_xHHHH_` guarded as `_x005F_xHHHH_` so it
    /// reads back unchanged.
    ///
    /// Returns whether the `<t>` needs `xml:space="preserve"`: the text starts or ends with white space or holds a
    /// line break, which a reader would otherwise be free to trim.
    @discardableResult
    static func appendCellText(_ text: String, to out: inout [UInt8]) -> Bool {
        var text = text
        if let preserve = text.utf8.withContiguousStorageIfAvailable({ appendCellText(bytes: $0, to: &out) }) {
            return preserve || needsPreserve(edgesOf: text)
        }
        text.makeContiguousUTF8()
        return text.utf8.withContiguousStorageIfAvailable { appendCellText(bytes: $0, to: &out) }! || needsPreserve(edgesOf: text)
    }

    /// True when the first or last character is white space (ASCII checked on the byte, others as characters).
    private static func needsPreserve(edgesOf text: String) -> Bool {
        guard let first = text.utf8.first, let last = text.utf8.last else { return false }
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
        if first < 0x80 ? isSpace(first) : text.first!.isWhitespace { return true }
        return last < 0x80 ? isSpace(last) : text.last!.isWhitespace
    }

    /// The escaping loop; returns whether the text holds a line feed.
    private static func appendCellText(bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) -> Bool {
        var newline = false
        var start = 0
        var index = 0
        let count = bytes.count
        @inline(__always) func flush(upTo end: Int) {
            if end > start { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end])) }
        }
        while index < count {
            let byte = bytes[index]
            if byte > UInt8(ascii: ">") && byte != UInt8(ascii: "_") && byte != 0xEF {
                index += 1
                continue
            }
            switch byte {
            case UInt8(ascii: "&"):
                flush(upTo: index)
                append("&amp;", to: &out)
                start = index + 1
            case UInt8(ascii: "<"):
                flush(upTo: index)
                append("&lt;", to: &out)
                start = index + 1
            case UInt8(ascii: ">"):
                flush(upTo: index)
                append("&gt;", to: &out)
                start = index + 1
            case 0x0D:
                flush(upTo: index)
                append("&#13;", to: &out)
                start = index + 1
            case 0x0A:
                newline = true
            case 0x09:
                break
            case 0x00..<0x20:
                flush(upTo: index)
                appendEscape(UInt32(byte), to: &out)
                start = index + 1
            case UInt8(ascii: "_") where looksLikeEscape(bytes, at: index):
                flush(upTo: index)
                append("_x005F_", to: &out)
                start = index + 1
            case 0xEF where index + 2 < count && bytes[index + 1] == 0xBF && bytes[index + 2] >= 0xBE:
                // U+FFFE and U+FFFF (EF BF BE, EF BF BF) are not XML characters.
                flush(upTo: index)
                appendEscape(0xFFC0 | UInt32(bytes[index + 2] & 0x3F), to: &out)
                index += 2
                start = index + 1
            default:
                break
            }
            index += 1
        }
        flush(upTo: count)
        return newline
    }

    /// `_xHHHH_` (4 upper-case hex digits).
    private static func appendEscape(_ value: UInt32, to out: inout [UInt8]) {
        let digits: [UInt8] = Array("0123456789ABCDEF".utf8)
        append("_x", to: &out)
        for shift in stride(from: 12, through: 0, by: -4) { out.append(digits[Int((value >> UInt32(shift)) & 0xF)]) }
        out.append(UInt8(ascii: "_"))
    }

    private static func looksLikeEscape(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        guard index + 6 < bytes.count, bytes[index + 1] == UInt8(ascii: "x"), bytes[index + 6] == UInt8(ascii: "_") else { return false }
        return bytes[(index + 2)..<(index + 6)].allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x66)
        }
    }

    /// Appends a literal.
    @inline(__always)
    static func append(_ literal: StaticString, to out: inout [UInt8]) {
        literal.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    /// Appends an integer in decimal.
    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var position = 20
            repeat {
                position -= 1
                digits[position] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[position..<20]))
        }
    }

    // MARK: - Values

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

    /// A range such as "A1:H100001", or the single cell when it spans one.
    static func range(columns: Int, rows: Int) -> String {
        guard columns > 0, rows > 0, columns > 1 || rows > 1 else { return "A1" }
        return "A1:\(columnName(columns - 1))\(rows)"
    }

    /// A sheet name as formulas and defined names quote it: 'Stock', 'L''été'.
    static func quotedSheetName(_ name: String) -> String {
        "'" + name.replacingOccurrences(of: "'", with: "''") + "'"
    }
}
