import Foundation

/// Finds the invoice XML inside a PDF without a PDF parser: every stream object is walked (streams are never inside
/// object streams, so this works with classic and cross-reference-stream files alike), FlateDecode ones inflated under
/// a cap, and the stream whose root is a CII `CrossIndustryInvoice` or a UBL `Invoice`/`CreditNote` is kept. When a
/// file specification names one of them `factur-x.xml`, `zugferd-invoice.xml` or `xrechnung.xml`, that one wins.
enum ReceivedInvoicePDF {
    /// The most one stream may inflate to, and all of them together.
    static let maxStreamBytes = 20 * 1024 * 1024
    static let maxTotalInflated = 100 * 1024 * 1024
    static let knownNames = ["factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml"]

    struct Stream {
        var object: Int?
        var data: [UInt8]
        /// An object stream (`/Type /ObjStm`): where compressed file specifications may be.
        var holdsObjects = false
    }

    static func embeddedInvoiceXML(_ pdf: [UInt8]) throws(ReceivedInvoiceError) -> (xml: [UInt8], name: String?) {
        var candidates: [(object: Int?, data: [UInt8])] = []
        var decoded: [[UInt8]] = []
        var budget = maxTotalInflated
        for stream in streams(pdf, budget: &budget) {
            if stream.holdsObjects { decoded.append(stream.data) }
            if let root = ReceivedInvoiceReader.rootName(stream.data[...]),
                ["CrossIndustryInvoice", "Invoice", "CreditNote"].contains(root)
            {
                candidates.append((stream.object, stream.data))
            }
        }
        guard !candidates.isEmpty else {
            if contains(pdf, Array("/Encrypt".utf8)) { throw .encryptedPDF }
            throw .noInvoiceInPDF
        }
        // The file specifications may sit in the file itself or in an inflated object stream.
        let files = ([pdf] + decoded).flatMap { embeddedFiles(in: $0) }
        for name in knownNames {
            for file in files where file.name.lowercased() == name.lowercased() {
                if let hit = candidates.first(where: { $0.object == file.object }) { return (hit.data, file.name) }
            }
        }
        return (candidates[0].data, nil)
    }

    /// Every stream's decoded bytes (unfiltered or FlateDecode; images and fonts skipped), with its object number.
    static func streams(_ pdf: [UInt8], budget: inout Int) -> [Stream] {
        var found: [Stream] = []
        let keyword = Array("stream".utf8)
        var index = 0
        var lookups = 0
        while let hit = find(keyword, in: pdf, from: index) {
            index = hit + keyword.count
            // `stream` must be a keyword: not the tail of `endstream`, followed by an end of line.
            if hit >= 3 && pdf[(hit - 3)..<hit].elementsEqual("end".utf8) { continue }
            var start = index
            if start < pdf.count && pdf[start] == 0x0D { start += 1 }
            guard start < pdf.count, pdf[start] == 0x0A || (start > index && pdf[start - 1] == 0x0D) else { continue }
            if pdf[start] == 0x0A { start += 1 }
            let header = objectHeader(pdf, before: hit)
            let dictionary = String(decoding: pdf[header.dictionaryStart..<hit], as: UTF8.self)
            var end: Int?
            // An indirect /Length costs a search of the file: a few hundred at most, then `endstream` is looked for.
            let indirect = dictionary.contains(" R") && lookups < 256
            if indirect { lookups += 1 }
            if let length = length(dictionary, indirect ? pdf : []), length >= 0, start + length <= pdf.count {
                let after = pdf[(start + length)..<min(pdf.count, start + length + 20)]
                if find(Array("endstream".utf8), in: Array(after), from: 0) != nil { end = start + length }
            }
            if end == nil { end = find(Array("endstream".utf8), in: pdf, from: start) }
            guard let stop = end else { break }
            index = max(index, stop)
            if skipped(dictionary) { continue }
            let raw = Array(pdf[start..<stop])
            let filters = filterNames(dictionary)
            if filters.isEmpty {
                found.append(Stream(object: header.object, data: raw, holdsObjects: dictionary.contains("/ObjStm")))
            } else if filters == ["FlateDecode"], budget > 0,
                let inflated = Deflate.inflate(zlib: raw, limit: min(maxStreamBytes, budget))
            {
                budget -= inflated.count
                found.append(Stream(object: header.object, data: inflated, holdsObjects: dictionary.contains("/ObjStm")))
            }
        }
        return found
    }

    /// Images, fonts and ICC profiles cannot be an invoice: not inflated.
    static func skipped(_ dictionary: String) -> Bool {
        ["/Subtype/Image", "/Subtype /Image", "/Length1", "/Length2", "/FontFile", "/Subtype/Type1C", "/Subtype /Type1C", "/N 3", "/N 4"]
            .contains { dictionary.contains($0) }
    }

    /// The `N G obj` before a stream's dictionary: its object number and where the dictionary starts.
    static func objectHeader(_ pdf: [UInt8], before position: Int) -> (object: Int?, dictionaryStart: Int) {
        let floor = max(0, position - 4096)
        var cursor = position - 3
        while cursor >= floor {
            if pdf[cursor] == UInt8(ascii: "o"), pdf[cursor + 1] == UInt8(ascii: "b"), pdf[cursor + 2] == UInt8(ascii: "j"),
                cursor == 0 || !isRegular(pdf[cursor - 1]) || pdf[cursor - 1] == 0x20
            {
                // Read back « N G » before « obj ».
                var numbers: [Int] = []
                var at = cursor - 1
                for _ in 0..<2 {
                    while at >= floor, isWhite(pdf[at]) { at -= 1 }
                    var digitsEnd = at + 1
                    while at >= floor, (48...57).contains(pdf[at]) { at -= 1 }
                    if digitsEnd > at + 1, let value = Int(String(decoding: pdf[(at + 1)..<digitsEnd], as: UTF8.self)) {
                        numbers.append(value)
                    }
                    digitsEnd = 0
                }
                return (numbers.count == 2 ? numbers[1] : nil, cursor + 3)
            }
            cursor -= 1
        }
        return (nil, floor)
    }

    static func isWhite(_ byte: UInt8) -> Bool { [0x00, 0x09, 0x0A, 0x0C, 0x0D, 0x20].contains(byte) }
    static func isRegular(_ byte: UInt8) -> Bool { !isWhite(byte) && !"()<>[]{}/%".utf8.contains(byte) }

    /// `/Length 123`, or `/Length 12 0 R` resolved to the integer object it names.
    static func length(_ dictionary: String, _ pdf: [UInt8]) -> Int? {
        guard let range = dictionary.range(of: "/Length") else { return nil }
        let rest = dictionary[range.upperBound...]
        guard let next = rest.first, next == " " || next == "\n" || next == "\r" || next.isNumber else { return nil }
        let words = rest.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "/" || $0 == ">" }).prefix(3)
        guard let first = words.first, let value = Int(first) else { return nil }
        if words.count == 3, words[words.startIndex + 2] == "R", let generation = Int(words[words.startIndex + 1]) {
            let header = Array("\(value) \(generation) obj".utf8)
            // « 5 0 obj », not the tail of « 15 0 obj ».
            var from = 0
            var found: Int?
            while let hit = find(header, in: pdf, from: from) {
                if hit == 0 || !(48...57).contains(pdf[hit - 1]) {
                    found = hit
                    break
                }
                from = hit + 1
            }
            guard let at = found else { return nil }
            let tail = String(decoding: pdf[(at + header.count)..<min(pdf.count, at + header.count + 40)], as: UTF8.self)
            return tail.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\r" }).first.flatMap { Int($0) }
        }
        return value
    }

    /// The stream's filters: `/Filter /FlateDecode` or `/Filter [/FlateDecode]`.
    static func filterNames(_ dictionary: String) -> [String] {
        guard let range = dictionary.range(of: "/Filter") else { return [] }
        var rest = dictionary[range.upperBound...].drop { $0 == " " || $0 == "\n" || $0 == "\r" }
        var names: [String] = []
        if rest.first == "[" {
            rest = rest.dropFirst()
            let inside = rest.prefix { $0 != "]" }
            names = inside.split(separator: "/").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        } else if rest.first == "/" {
            names = [String(rest.dropFirst().prefix { $0.isLetter || $0.isNumber })]
        }
        // Predictors apply to images and cross-reference streams, never to an XML file.
        if dictionary.contains("/Predictor") { return ["unsupported"] }
        return names
    }

    /// The embedded files a file specification names (`/F (factur-x.xml) … /EF << /F 12 0 R >>`), with the object of
    /// their stream: the names are read as PDF strings (literal with escapes, or hexadecimal; UTF-16BE or PDFDocEncoding)
    /// from the keys /F and /UF around each /EF.
    static func embeddedFiles(in bytes: [UInt8]) -> [(name: String, object: Int)] {
        var files: [(name: String, object: Int)] = []
        var from = 0
        let ef = Array("/EF".utf8)
        while let hit = find(ef, in: bytes, from: from), files.count < 100 {
            from = hit + ef.count
            let after = String(decoding: bytes[from..<min(bytes.count, from + 200)], as: UTF8.self)
            let words = after.split(whereSeparator: { " \n\r<>/".contains($0) }).prefix(8)
            var object: Int?
            for (offset, word) in words.enumerated() where word == "R" && offset >= 2 {
                object = Int(words[words.startIndex + offset - 2])
                break
            }
            guard let object else { continue }
            let window = Array(bytes[max(0, hit - 1024)..<min(bytes.count, hit + 1024)])
            for name in fileNames(in: window) { files.append((name, object)) }
        }
        return files
    }

    /// The strings given to /F and /UF in `window`.
    static func fileNames(in window: [UInt8]) -> [String] {
        var names: [String] = []
        var index = 0
        while index + 2 < window.count {
            defer { index += 1 }
            guard window[index] == UInt8(ascii: "/") else { continue }
            var key = index + 1
            if window[key] == UInt8(ascii: "U") { key += 1 }
            guard key < window.count, window[key] == UInt8(ascii: "F") else { continue }
            var at = key + 1
            while at < window.count, isWhite(window[at]) { at += 1 }
            guard at < window.count else { break }
            if window[at] == UInt8(ascii: "(") {
                if let text = literalString(window, from: at + 1) { names.append(text) }
            } else if window[at] == UInt8(ascii: "<"), at + 1 < window.count, window[at + 1] != UInt8(ascii: "<") {
                if let text = hexString(window, from: at + 1) { names.append(text) }
            }
        }
        return names
    }

    static func literalString(_ bytes: [UInt8], from start: Int) -> String? {
        var out: [UInt8] = []
        var depth = 0
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\"), index + 1 < bytes.count {
                index += 1
                let next = bytes[index]
                switch next {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case 0x0A, 0x0D: break
                case UInt8(ascii: "0")...UInt8(ascii: "7"):
                    var value = 0
                    var count = 0
                    while count < 3, index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(bytes[index]) {
                        value = value * 8 + Int(bytes[index] - UInt8(ascii: "0"))
                        index += 1
                        count += 1
                    }
                    index -= 1
                    out.append(UInt8(truncatingIfNeeded: value))
                default: out.append(next)
                }
            } else if byte == UInt8(ascii: "(") {
                depth += 1
                out.append(byte)
            } else if byte == UInt8(ascii: ")") {
                if depth == 0 { return text(out) }
                depth -= 1
                out.append(byte)
            } else {
                out.append(byte)
            }
            index += 1
            if out.count > 1024 { return nil }
        }
        return nil
    }

    static func hexString(_ bytes: [UInt8], from start: Int) -> String? {
        var digits: [UInt8] = []
        var index = start
        while index < bytes.count, bytes[index] != UInt8(ascii: ">") {
            let byte = bytes[index]
            if let value = hexValue(byte) { digits.append(value) } else if !isWhite(byte) { return nil }
            index += 1
            if digits.count > 2048 { return nil }
        }
        if digits.count % 2 == 1 { digits.append(0) }
        return text(stride(from: 0, to: digits.count, by: 2).map { digits[$0] << 4 | digits[$0 + 1] })
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// A PDF text string: UTF-16BE after its byte order mark, else (nearly) Latin-1.
    static func text(_ bytes: [UInt8]) -> String {
        if bytes.starts(with: [0xFE, 0xFF]) {
            let units = stride(from: 2, to: bytes.count - 1, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
            return String(decoding: units, as: UTF16.self)
        }
        return String(bytes.map { Character(Unicode.Scalar($0)) })
    }

    static func contains(_ bytes: [UInt8], _ needle: [UInt8]) -> Bool { find(needle, in: bytes, from: 0) != nil }

    static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, start >= 0, bytes.count >= needle.count, start <= bytes.count - needle.count else { return nil }
        return bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress else { return nil }
            var at = start
            let last = bytes.count - needle.count
            while at <= last {
                guard let hit = memchr(base + at, Int32(needle[0]), last - at + 1) else { return nil }
                let position = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if memcmp(base + position, needle, needle.count) == 0 { return position }
                at = position + 1
            }
            return nil
        }
    }
}
