import Foundation

/// A PDF object (ISO 32000-1 § 7.3), serialised deterministically: dictionaries keep their keys in the order given.
public indirect enum PDFObject: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case real(Double)
    case name(String)
    /// A text string: written as a literal string when ASCII, else as UTF-16BE with a byte-order mark (§ 7.9.2.2).
    case text(String)
    /// Raw bytes written as a hexadecimal string.
    case hex([UInt8])
    case array([PDFObject])
    case dictionary(PDFDictionary)
    case reference(Int)

    /// Serialises the object into `out`.
    func write(into out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: Array("null".utf8))
        case .bool(let value): out.append(contentsOf: Array((value ? "true" : "false").utf8))
        case .int(let value): out.append(contentsOf: Array(String(value).utf8))
        case .real(let value): out.append(contentsOf: Array(PDFNumber.format(value).utf8))
        case .name(let name): PDFObject.writeName(name, into: &out)
        case .text(let text): PDFObject.writeText(text, into: &out)
        case .hex(let bytes):
            out.append(UInt8(ascii: "<"))
            for byte in bytes { PDFObject.appendHex(byte, into: &out) }
            out.append(UInt8(ascii: ">"))
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: " ")) }
                item.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .dictionary(let dictionary): dictionary.write(into: &out)
        case .reference(let number): out.append(contentsOf: Array("\(number) 0 R".utf8))
        }
    }

    static func appendHex(_ byte: UInt8, into out: inout [UInt8]) {
        let digits: [UInt8] = Array("0123456789ABCDEF".utf8)
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 0x0F)])
    }

    /// A name: regular characters as they are, the rest as `#xx` (§ 7.3.5).
    static func writeName(_ name: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "/"))
        for byte in name.utf8 {
            let delimiter = "()<>[]{}/%#".utf8.contains(byte)
            if byte < 0x21 || byte > 0x7E || delimiter {
                out.append(UInt8(ascii: "#"))
                appendHex(byte, into: &out)
            } else {
                out.append(byte)
            }
        }
    }

    static func writeText(_ text: String, into out: inout [UInt8]) {
        if text.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) {
            out.append(UInt8(ascii: "("))
            for byte in text.utf8 {
                if byte == UInt8(ascii: "(") || byte == UInt8(ascii: ")") || byte == UInt8(ascii: "\\") { out.append(UInt8(ascii: "\\")) }
                out.append(byte)
            }
            out.append(UInt8(ascii: ")"))
        } else {
            var bytes: [UInt8] = [0xFE, 0xFF]
            for unit in text.utf16 { bytes += [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
            PDFObject.hex(bytes).write(into: &out)
        }
    }
}

/// A PDF dictionary whose keys keep the order they were given (so the same input writes the same bytes).
public struct PDFDictionary: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    public private(set) var entries: [(key: String, value: PDFObject)]

    public init() { entries = [] }

    public init(dictionaryLiteral elements: (String, PDFObject)...) {
        entries = elements.map { (key: $0.0, value: $0.1) }
    }

    public subscript(key: String) -> PDFObject? {
        get { entries.first { $0.key == key }?.value }
        set {
            if let index = entries.firstIndex(where: { $0.key == key }) {
                if let newValue { entries[index].value = newValue } else { entries.remove(at: index) }
            } else if let newValue {
                entries.append((key: key, value: newValue))
            }
        }
    }

    func write(into out: inout [UInt8]) {
        out.append(contentsOf: Array("<<".utf8))
        for entry in entries {
            PDFObject.writeName(entry.key, into: &out)
            out.append(UInt8(ascii: " "))
            entry.value.write(into: &out)
            out.append(UInt8(ascii: " "))
        }
        out.append(contentsOf: Array(">>".utf8))
    }

    public static func == (lhs: PDFDictionary, rhs: PDFDictionary) -> Bool {
        lhs.entries.count == rhs.entries.count && zip(lhs.entries, rhs.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}

/// Numbers in content streams and objects: at most three decimals, never an exponent, so output is stable.
enum PDFNumber {
    static func format(_ value: Double) -> String {
        var out: [UInt8] = []
        append(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `value` as `format` writes it: « 12 », « -3.5 », « 0.05 ».
    static func append(_ value: Double, to out: inout [UInt8]) {
        let scaled = (value * 1000).rounded()
        if scaled == 0 {
            out.append(0x30)
            return
        }
        if scaled < 0 { out.append(0x2D) }
        let magnitude = Int64(abs(scaled))
        appendDigits(magnitude / 1000, to: &out)
        var fraction = Int(magnitude % 1000)
        guard fraction != 0 else { return }
        out.append(0x2E)
        var digits = 3
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        var divisor = 1
        for _ in 1..<digits { divisor *= 10 }
        while divisor > 0 {
            out.append(0x30 + UInt8(fraction / divisor % 10))
            divisor /= 10
        }
    }

    private static func appendDigits(_ value: Int64, to out: inout [UInt8]) {
        if value >= 10 { appendDigits(value / 10, to: &out) }
        out.append(0x30 + UInt8(value % 10))
    }
}
