/// Builds an XML document (the CII, the UBL) element by element, escaping every text and attribute (all strings are
/// hostile); its escaping also serves the XMP metadata.
struct XMLText {
    private(set) var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    private var open: [String] = []

    static func escape(_ value: String) -> String {
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

    private var indent: String { String(repeating: "  ", count: open.count) }

    private static func attributes(_ attributes: [(String, String)]) -> String {
        attributes.map { " \($0.0)=\"\(escape($0.1))\"" }.joined()
    }

    mutating func start(_ name: String, _ attributes: [(String, String)] = []) {
        text += "\(indent)<\(name)\(Self.attributes(attributes))>\n"
        open.append(name)
    }

    mutating func end() {
        let name = open.removeLast()
        text += "\(indent)</\(name)>\n"
    }

    mutating func element(_ name: String, _ value: String, _ attributes: [(String, String)] = []) {
        text += "\(indent)<\(name)\(Self.attributes(attributes))>\(Self.escape(value))</\(name)>\n"
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
