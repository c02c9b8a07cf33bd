import Foundation

/// One piece of XML as `XMLScanner` meets it. Names are local (a `x:row` prefix is dropped); a self-closing
/// element comes as `start` then `end`, so consumers handle both spellings the same way.
enum XMLEvent {
    case start(String, XMLAttributes)
    case end(String)
    case text(String)
}

/// The attributes of a start tag, by local name (`r:id` is `id`, `xml:space` is `space`); `xmlns` declarations are left out.
struct XMLAttributes {
    var pairs: [(name: String, value: String)] = []

    subscript(name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }
}

/// A small push scanner for the well-formed, namespace-light XML of SpreadsheetML parts.
///
/// Why not FoundationXML: it loads libxml2 at run time, which a plain `swift build` machine may lack. Why push: a
/// sheet arrives from the ZIP in chunks and must not be held whole. Only the bytes of one unfinished token are kept
/// between chunks. It decodes the five predefined entities and character references, CDATA, and XML's line-end
/// normalisation; comments and processing instructions are skipped; a DOCTYPE is refused (OOXML never has one, and
/// entity declarations are how XML bombs work). Nesting is checked, so truncated or garbled parts are reported.
struct XMLScanner {
    /// The part name, for error messages.
    let part: String
    /// The most bytes held between chunks; tests read it to check that streaming does not hold a sheet.
    private(set) var peakBufferedBytes = 0

    private var pending: [UInt8] = []
    private var stack: [String] = []
    private var sawRoot = false

    /// One token (a tag or a run of text) longer than this is refused: Excel caps a cell at 32 767 characters.
    static let maxTokenBytes = 16 << 20
    static let maxDepth = 256

    init(part: String) {
        self.part = part
    }

    /// Scans the next chunk, calling `handle` for each complete token; an unfinished token waits for the next chunk.
    mutating func feed<Bytes: Collection>(_ chunk: Bytes, _ handle: (XMLEvent) throws -> Void) throws where Bytes.Element == UInt8 {
        pending.append(contentsOf: chunk)
        peakBufferedBytes = max(peakBufferedBytes, pending.count)
        let consumed = try scan(final: false, handle)
        pending.removeSubrange(0..<consumed)
        if pending.count > Self.maxTokenBytes {
            throw XLSXError.partTooLarge(part: part, limit: Self.maxTokenBytes)
        }
    }

    /// Ends the document: whatever is left must be complete, and every element closed.
    mutating func finish(_ handle: (XMLEvent) throws -> Void) throws {
        let consumed = try scan(final: true, handle)
        pending.removeSubrange(0..<consumed)
        if !pending.isEmpty { throw malformed("the document ends inside a tag") }
        if let open = stack.last { throw malformed("the document ends before </\(open)>") }
        if !sawRoot { throw malformed("no root element") }
    }

    private func malformed(_ reason: String) -> XLSXError {
        .malformedXML(part: part, reason: reason)
    }

    // MARK: - Tokens

    private static let lt = UInt8(ascii: "<"), gt = UInt8(ascii: ">"), slash = UInt8(ascii: "/")
    private static let bang = UInt8(ascii: "!"), question = UInt8(ascii: "?"), equals = UInt8(ascii: "=")
    private static let quote = UInt8(ascii: "\""), apostrophe = UInt8(ascii: "'"), ampersand = UInt8(ascii: "&")
    private static let cr: UInt8 = 0x0D, lf: UInt8 = 0x0A
    private static let comment = Array("<!--".utf8), cdata = Array("<![CDATA[".utf8)

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// Scans `pending` and returns how many bytes were consumed by complete tokens.
    private mutating func scan(final: Bool, _ handle: (XMLEvent) throws -> Void) throws -> Int {
        let bytes = pending
        return try bytes.withUnsafeBufferPointer { b in
            let n = b.count
            var i = 0
            func find(_ byte: UInt8, from start: Int) -> Int? {
                guard start < n, let base = b.baseAddress,
                    let hit = memchr(base + start, Int32(byte), n - start)
                else { return nil }
                return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            }
            func find(_ needle: [UInt8], from start: Int) -> Int? {
                var at = start
                while let hit = find(needle[0], from: at) {
                    if hit + needle.count > n { return nil }
                    if (0..<needle.count).allSatisfy({ b[hit + $0] == needle[$0] }) { return hit }
                    at = hit + 1
                }
                return nil
            }
            func hasPrefix(_ prefix: [UInt8], at start: Int) -> Bool? {
                // nil: too few bytes yet to tell.
                for k in 0..<prefix.count {
                    if start + k >= n { return nil }
                    if b[start + k] != prefix[k] { return false }
                }
                return true
            }

            while i < n {
                if b[i] != Self.lt {
                    let end = find(Self.lt, from: i) ?? (final ? n : -1)
                    if end < 0 { break }
                    if !stack.isEmpty { try handle(.text(try decode(b, i..<end, attribute: false))) }
                    i = end
                    continue
                }
                guard i + 1 < n else { break }
                switch b[i + 1] {
                case Self.question:
                    guard let end = find([Self.question, Self.gt], from: i + 2) else { return i }
                    i = end + 2
                case Self.bang:
                    let isComment = hasPrefix(Self.comment, at: i), isCDATA = hasPrefix(Self.cdata, at: i)
                    if isComment == true {
                        guard let end = find(Array("-->".utf8), from: i + 4) else { return i }
                        i = end + 3
                    } else if isCDATA == true {
                        guard let end = find(Array("]]>".utf8), from: i + 9) else { return i }
                        if !stack.isEmpty {
                            try handle(.text(String(decoding: UnsafeBufferPointer(rebasing: b[(i + 9)..<end]), as: UTF8.self)))
                        }
                        i = end + 3
                    } else if isComment == nil || isCDATA == nil {
                        return i
                    } else {
                        throw malformed("DOCTYPE and other declarations are not allowed")
                    }
                case Self.slash:
                    guard let end = find(Self.gt, from: i + 2) else { return i }
                    var nameEnd = end
                    while nameEnd > i + 2 && Self.isSpace(b[nameEnd - 1]) { nameEnd -= 1 }
                    let name = localName(b, (i + 2)..<nameEnd)
                    guard let open = stack.popLast() else { throw malformed("unexpected </\(name)>") }
                    guard open == name else { throw malformed("</\(name)> closes <\(open)>") }
                    try handle(.end(name))
                    i = end + 1
                default:
                    // The tag ends at the first ">" outside a quoted attribute value.
                    var j = i + 1
                    var inQuote: UInt8 = 0
                    while j < n {
                        let c = b[j]
                        if inQuote != 0 {
                            if c == inQuote { inQuote = 0 }
                        } else if c == Self.quote || c == Self.apostrophe {
                            inQuote = c
                        } else if c == Self.gt {
                            break
                        }
                        j += 1
                    }
                    guard j < n else { return i }
                    let selfClosing = j > i + 1 && b[j - 1] == Self.slash
                    let (name, attributes) = try startTag(b, (i + 1)..<(selfClosing ? j - 1 : j))
                    if stack.isEmpty && sawRoot { throw malformed("a second root element <\(name)>") }
                    sawRoot = true
                    guard stack.count < Self.maxDepth else { throw malformed("elements nested deeper than \(Self.maxDepth)") }
                    stack.append(name)
                    try handle(.start(name, attributes))
                    if selfClosing {
                        stack.removeLast()
                        try handle(.end(name))
                    }
                    i = j + 1
                }
            }
            return i
        }
    }

    private func localName(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        var start = range.lowerBound
        for k in range where b[k] == UInt8(ascii: ":") { start = k + 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: b[start..<range.upperBound]), as: UTF8.self)
    }

    /// The name and attributes of a start tag, from the byte after "<" to the one before ">" or "/>".
    private func startTag(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) throws -> (String, XMLAttributes) {
        var i = range.lowerBound
        let end = range.upperBound
        while i < end && !Self.isSpace(b[i]) { i += 1 }
        guard i > range.lowerBound else { throw malformed("a tag without a name") }
        let name = localName(b, range.lowerBound..<i)
        var attributes = XMLAttributes()
        while true {
            while i < end && Self.isSpace(b[i]) { i += 1 }
            if i == end { break }
            let nameStart = i
            while i < end && b[i] != Self.equals && !Self.isSpace(b[i]) { i += 1 }
            let nameRange = nameStart..<i
            while i < end && Self.isSpace(b[i]) { i += 1 }
            guard i < end, b[i] == Self.equals, nameRange.count > 0 else { throw malformed("a broken attribute in <\(name)>") }
            i += 1
            while i < end && Self.isSpace(b[i]) { i += 1 }
            guard i < end, b[i] == Self.quote || b[i] == Self.apostrophe else {
                throw malformed("an unquoted attribute value in <\(name)>")
            }
            let delimiter = b[i]
            let valueStart = i + 1
            i = valueStart
            while i < end && b[i] != delimiter { i += 1 }
            guard i < end else { throw malformed("an unterminated attribute value in <\(name)>") }
            let qualified = String(decoding: UnsafeBufferPointer(rebasing: b[nameRange]), as: UTF8.self)
            if qualified != "xmlns" && !qualified.hasPrefix("xmlns:") {
                attributes.pairs.append((localName(b, nameRange), try decode(b, valueStart..<i, attribute: true)))
            }
            i += 1
        }
        return (name, attributes)
    }

    /// Text with entities and character references decoded and line ends normalised (in attributes, to spaces).
    private func decode(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, attribute: Bool) throws -> String {
        let slice = UnsafeBufferPointer(rebasing: b[range])
        if !slice.contains(where: { $0 == Self.ampersand || $0 == Self.cr || $0 == Self.lt || (attribute && ($0 == 0x09 || $0 == Self.lf)) }
        ) {
            return String(decoding: slice, as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(slice.count)
        var i = range.lowerBound
        while i < range.upperBound {
            let c = b[i]
            switch c {
            case Self.cr:
                out.append(attribute ? 0x20 : Self.lf)
                if i + 1 < range.upperBound && b[i + 1] == Self.lf { i += 1 }
            case 0x09 where attribute, Self.lf where attribute:
                out.append(0x20)
            case Self.lt:
                throw malformed("a \"<\" inside an attribute value")
            case Self.ampersand:
                var semicolon = i + 1
                while semicolon < range.upperBound && semicolon - i <= 12 && b[semicolon] != UInt8(ascii: ";") { semicolon += 1 }
                guard semicolon < range.upperBound, b[semicolon] == UInt8(ascii: ";") else {
                    throw malformed("an unterminated entity reference")
                }
                let entity = String(decoding: UnsafeBufferPointer(rebasing: b[(i + 1)..<semicolon]), as: UTF8.self)
                switch entity {
                case "amp": out.append(Self.ampersand)
                case "lt": out.append(Self.lt)
                case "gt": out.append(Self.gt)
                case "quot": out.append(Self.quote)
                case "apos": out.append(Self.apostrophe)
                default:
                    var value: UInt32?
                    if entity.hasPrefix("#x") || entity.hasPrefix("#X") {
                        value = UInt32(entity.dropFirst(2), radix: 16)
                    } else if entity.hasPrefix("#") {
                        value = UInt32(entity.dropFirst(), radix: 10)
                    }
                    guard let code = value, code != 0, let scalar = Unicode.Scalar(code) else {
                        throw malformed("an unknown or invalid entity &\(entity);")
                    }
                    out.append(contentsOf: String(Character(scalar)).utf8)
                }
                i = semicolon
            default:
                out.append(c)
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension String {
    /// Decodes OOXML's `_xHHHH_` escapes (ST_Xstring), which Excel uses for control characters such as `_x000D_`;
    /// `_x005F_` escapes a literal underscore that would otherwise start one.
    var decodingOOXMLEscapes: String {
        guard utf8.contains(UInt8(ascii: "_")), contains("_x") else { return self }
        let bytes = Array(utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "_"), i + 6 < bytes.count, bytes[i + 1] == UInt8(ascii: "x"), bytes[i + 6] == UInt8(ascii: "_"),
                let code = UInt32(String(decoding: bytes[(i + 2)..<(i + 6)], as: UTF8.self), radix: 16),
                let scalar = Unicode.Scalar(code)
            {
                out.append(contentsOf: String(Character(scalar)).utf8)
                i += 7
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
