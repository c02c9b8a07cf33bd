import Foundation

/// One node of a template part, kept as the bytes it was read from so that what the engine does not touch is written
/// back exactly (attribute order, namespace prefixes, self-closing spelling).
///
/// Why not FoundationXML or a DOM: they reorder or respell what Word and LibreOffice wrote, and load libxml2 at run
/// time. The tree only needs elements, text and "other" (declaration, comments, processing instructions, CDATA).
final class TemplateNode {
    enum Kind { case element, text, other }

    let kind: Kind
    /// Qualified element name ("w:p", "text:span"); empty for the document node and for text.
    let name: String
    /// An element's start tag as read ("<w:t xml:space=\"preserve\">", "<w:br/>"); a text's raw (escaped) bytes.
    let raw: String
    let selfClosing: Bool
    var endTag: String = ""
    var children: [TemplateNode] = []
    unowned(unsafe) var parent: TemplateNode?

    /// A text node's decoded text, as the paragraph pass reads and rewrites it.
    var text: String = ""
    /// Set by the tag pass: the text cut into literals and tags; nil means "write `raw` back unchanged".
    var segments: [TemplateSegment]?

    /// Block marks the structure pass hangs on an element: blocks starting before it, ending after it (pair ids).
    var startMarks: [Int] = []
    var endMarks: [Int] = []
    /// The element held nothing but block markers: it disappears from the output.
    var dropped = false
    /// Position in document order (set once the tree is read).
    var order = 0
    /// A text node whose `text` the paragraph pass rewrote: written from `text`, not `raw`.
    var modified = false

    init(kind: Kind, name: String = "", raw: String = "", selfClosing: Bool = false) {
        self.kind = kind
        self.name = name
        self.raw = raw
        self.selfClosing = selfClosing
    }

    var localName: Substring {
        if let colon = name.firstIndex(of: ":") { return name[name.index(after: colon)...] }
        return name[...]
    }

    var prefix: String {
        if let colon = name.firstIndex(of: ":") { return String(name[..<colon]) }
        return ""
    }

    /// Ancestors from the parent up to the document node.
    var ancestors: [TemplateNode] {
        var result: [TemplateNode] = []
        var node = parent
        while let current = node {
            result.append(current)
            node = current.parent
        }
        return result
    }

    func hasDescendant(where predicate: (TemplateNode) -> Bool) -> Bool {
        for child in children {
            if predicate(child) || child.hasDescendant(where: predicate) { return true }
        }
        return false
    }
}

/// A piece of a text node once tags are found: literal text, or a tag (its content without braces and spaces).
enum TemplateSegment {
    case literal(String)
    case tag(TemplateTag)
}

/// A tag as written; `raw` is the text between the braces, trimmed.
struct TemplateTag: Equatable {
    enum Kind: Equatable {
        case scalar(String)
        case listOpen(String)
        case listClose(String)
        case ifOpen(String)
        case ifClose
        /// Braces around something that is not a tag ("{{ a b }}", "{{#}}"): left as text, reported by the linter.
        case invalid
    }

    var raw: String
    var kind: Kind

    init(raw: String) {
        self.raw = raw
        if raw.hasPrefix("#if ") || raw.hasPrefix("#if\t") {
            let path = raw.dropFirst(3).trimmingCharacters(in: .whitespaces)
            kind = Self.isPath(path) ? .ifOpen(path) : .invalid
        } else if raw == "/if" {
            kind = .ifClose
        } else if raw.hasPrefix("#") {
            let name = raw.dropFirst().trimmingCharacters(in: .whitespaces)
            kind = Self.isPath(name) ? .listOpen(name) : .invalid
        } else if raw.hasPrefix("/") {
            let name = raw.dropFirst().trimmingCharacters(in: .whitespaces)
            kind = Self.isPath(name) ? .listClose(name) : .invalid
        } else {
            kind = Self.isPath(raw) ? .scalar(raw) : .invalid
        }
    }

    /// Letters, digits, `_`, `-` and dots between them: nothing else, so nothing is ever evaluated.
    static func isPath(_ text: String) -> Bool {
        guard !text.isEmpty, text.count <= 200, !text.hasPrefix("."), !text.hasSuffix("."), !text.contains("..") else {
            return false
        }
        return text.unicodeScalars.allSatisfy { scalar in
            scalar == "." || scalar == "_" || scalar == "-" || CharacterSet.alphanumerics.contains(scalar)
        }
    }

    /// How `tags(in:)` names it: "company.name", "#lines", "#if contact.company"; closings as "/lines", "/if".
    var display: String {
        switch kind {
        case .scalar(let path): path
        case .listOpen(let name): "#" + name
        case .listClose(let name): "/" + name
        case .ifOpen(let path): "#if " + path
        case .ifClose: "/if"
        case .invalid: raw
        }
    }
}

/// Reads a part into a `TemplateNode` tree; any malformation is `TemplateError.corruptArchive`.
enum TemplateXMLParser {
    static func parse(_ data: Data) throws -> TemplateNode {
        let bytes = [UInt8](data)
        let document = TemplateNode(kind: .element)
        var current = document
        var position = 0
        let count = bytes.count
        func string(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        func find(_ pattern: [UInt8], from start: Int) -> Int? {
            var index = start
            while index + pattern.count <= count {
                if bytes[index] == pattern[0], bytes[index..<index + pattern.count].elementsEqual(pattern) { return index }
                index += 1
            }
            return nil
        }
        var depth = 0
        while position < count {
            if bytes[position] != UInt8(ascii: "<") {
                var end = position
                while end < count, bytes[end] != UInt8(ascii: "<") { end += 1 }
                let raw = string(position..<end)
                let node = TemplateNode(kind: .text, raw: raw)
                node.text = try decode(raw)
                node.parent = current
                current.children.append(node)
                position = end
                continue
            }
            guard position + 1 < count else { throw TemplateError.corruptArchive }
            let next = bytes[position + 1]
            if next == UInt8(ascii: "?") {
                guard let end = find(Array("?>".utf8), from: position + 2) else { throw TemplateError.corruptArchive }
                appendOther(string(position..<end + 2), to: current)
                position = end + 2
            } else if next == UInt8(ascii: "!") {
                if bytes[position...].starts(with: Array("<!--".utf8)) {
                    guard let end = find(Array("-->".utf8), from: position + 4) else { throw TemplateError.corruptArchive }
                    appendOther(string(position..<end + 3), to: current)
                    position = end + 3
                } else if bytes[position...].starts(with: Array("<![CDATA[".utf8)) {
                    guard let end = find(Array("]]>".utf8), from: position + 9) else { throw TemplateError.corruptArchive }
                    appendOther(string(position..<end + 3), to: current)
                    position = end + 3
                } else {
                    // A DOCTYPE: OOXML and ODF never carry one, and entity declarations are how XML bombs work.
                    throw TemplateError.corruptArchive
                }
            } else if next == UInt8(ascii: "/") {
                guard let end = find([UInt8(ascii: ">")], from: position + 2) else { throw TemplateError.corruptArchive }
                let name = string(position + 2..<end).trimmingCharacters(in: .whitespacesAndNewlines)
                guard current !== document, name == current.name, let parent = current.parent else {
                    throw TemplateError.corruptArchive
                }
                current.endTag = string(position..<end + 1)
                current = parent
                depth -= 1
                position = end + 1
            } else {
                var end = position + 1
                var quote: UInt8 = 0
                while end < count {
                    let byte = bytes[end]
                    if quote != 0 {
                        if byte == quote { quote = 0 }
                    } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                        quote = byte
                    } else if byte == UInt8(ascii: ">") {
                        break
                    }
                    end += 1
                }
                guard end < count else { throw TemplateError.corruptArchive }
                let selfClosing = bytes[end - 1] == UInt8(ascii: "/")
                var nameEnd = position + 1
                while nameEnd < end, !isNameEnd(bytes[nameEnd]) { nameEnd += 1 }
                let name = string(position + 1..<nameEnd)
                guard !name.isEmpty else { throw TemplateError.corruptArchive }
                let node = TemplateNode(kind: .element, name: name, raw: string(position..<end + 1), selfClosing: selfClosing)
                node.parent = current
                current.children.append(node)
                if !selfClosing {
                    current = node
                    depth += 1
                    guard depth <= 512 else { throw TemplateError.corruptArchive }
                }
                position = end + 1
            }
        }
        guard current === document, document.children.contains(where: { $0.kind == .element }) else {
            throw TemplateError.corruptArchive
        }
        return document
    }

    private static func isNameEnd(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ">")
    }

    private static func appendOther(_ raw: String, to parent: TemplateNode) {
        let node = TemplateNode(kind: .other, raw: raw)
        node.parent = parent
        parent.children.append(node)
    }

    /// The five predefined entities and character references; anything else is a malformed part.
    static func decode(_ raw: String) throws -> String {
        guard raw.contains("&") else { return raw }
        var result = ""
        var rest = raw[...]
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            guard let semicolon = rest[amp...].firstIndex(of: ";") else { throw TemplateError.corruptArchive }
            let entity = rest[rest.index(after: amp)..<semicolon]
            switch entity {
            case "amp": result += "&"
            case "lt": result += "<"
            case "gt": result += ">"
            case "quot": result += "\""
            case "apos": result += "'"
            default:
                guard entity.hasPrefix("#") else { throw TemplateError.corruptArchive }
                let digits = entity.dropFirst()
                let value = digits.hasPrefix("x") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
                guard let value, let scalar = Unicode.Scalar(value) else { throw TemplateError.corruptArchive }
                result.unicodeScalars.append(scalar)
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        result += rest
        return result
    }

    /// Escapes text for element content and attribute values alike.
    static func escape(_ text: String) -> String {
        guard text.contains(where: { $0 == "&" || $0 == "<" || $0 == ">" || $0 == "\"" || $0 == "'" }) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            default: result.append(character)
            }
        }
        return result
    }

    /// Writes the tree back; the merge uses its own writer, this one serves parts with nothing to merge.
    static func serialize(_ node: TemplateNode, into output: inout String) {
        switch node.kind {
        case .text, .other: output += node.raw
        case .element:
            output += node.raw
            guard !node.selfClosing else { return }
            for child in node.children { serialize(child, into: &output) }
            output += node.endTag
        }
    }
}
