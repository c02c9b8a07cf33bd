/// Builds an XML document (the CII, the UBL) element by element, escaping every text and attribute (all strings are
/// hostile); its escaping also serves the XMP metadata.
struct XMLText {
    /// The document as UTF-8 bytes, built in place (a PDF embeds them as they are).
    private(set) var bytes: [UInt8] = Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n".utf8)
    private var open: [String] = []

    var text: String { String(decoding: bytes, as: UTF8.self) }

    init() { bytes.reserveCapacity(64 * 1024) }

    private mutating func write(_ string: String) { bytes.append(contentsOf: string.utf8) }

    static func escape(_ value: String) -> String {
        if !needsEscaping(value) { return value }
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n", "\t": out.unicodeScalars.append(scalar)
            case "\r": out += "&#13;"
            default:
                // Characters XML 1.0 forbids are dropped rather than written.
                if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Whether `value` holds a character `escape` changes: most values (amounts, dates, codes, names) do not, and
    /// are appended as they are. Looks at the UTF-8 bytes: markup, controls, and U+FFFE/U+FFFF (EF BF BE/BF).
    private static func needsEscaping(_ value: String) -> Bool {
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), 0x0D: return true
            case 0xBE where previous == (0xEF, 0xBF), 0xBF where previous == (0xEF, 0xBF): return true
            case ..<0x20 where byte != 0x0A && byte != 0x09: return true
            default: previous = (previous.1, byte)
            }
        }
        return false
    }

    // Pieces are appended one by one: interpolating them built a temporary string per element.
    private mutating func indent() {
        for _ in 0..<open.count { write("  ") }
    }

    private mutating func openTag(_ name: String, _ attributes: [(String, String)]) {
        write("<")
        write(name)
        for (key, value) in attributes {
            write(" ")
            write(key)
            write("=\"")
            write(Self.escape(value))
            write("\"")
        }
        write(">")
    }

    mutating func start(_ name: String, _ attributes: [(String, String)] = []) {
        indent()
        openTag(name, attributes)
        write("\n")
        open.append(name)
    }

    mutating func end() {
        let name = open.removeLast()
        indent()
        write("</")
        write(name)
        write(">\n")
    }

    mutating func element(_ name: String, _ value: String, _ attributes: [(String, String)] = []) {
        indent()
        openTag(name, attributes)
        write(Self.escape(value))
        write("</")
        write(name)
        write(">\n")
    }

    /// An element only when `value` is present and not empty.
    mutating func optional(_ name: String, _ value: String?, _ attributes: [(String, String)] = []) {
        if let value, !value.isEmpty { element(name, value, attributes) }
    }

    mutating func group(_ name: String, _ attributes: [(String, String)] = [], _ body: (inout XMLText) -> Void) {
        start(name, attributes)
        body(&self)
        end()
    }
}
