import Foundation
import ZIPFoundation

/// Finds the invoice XML inside a PDF without a PDF parser: every stream object is walked (streams are never inside
/// object streams, so this works with classic and cross-reference-stream files alike), FlateDecode ones inflated under
/// a cap, and the stream whose root is a CII `CrossIndustryInvoice` or a UBL `Invoice`/`CreditNote` is kept. When a
/// file specification names one of them `factur-x.xml`, `zugferd-invoice.xml` or `xrechnung.xml`, that one wins.
enum ReceivedInvoicePDF {
    /// The most one stream may inflate to, and all of them together.
    static let maxStreamBytes = 20 * 1024 * 1024
    static let maxTotalInflated = 100 * 1024 * 1024
    static let knownNames = ["factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml", "ZUGFeRD-invoice.xml"]

    struct Stream {
        var object: Int?
        var data: [UInt8]
    }

    static func embeddedInvoiceXML(_ pdf: [UInt8]) throws(ReceivedInvoiceError) -> (xml: [UInt8], name: String?) {
        var candidates: [(object: Int?, data: [UInt8])] = []
        var decoded: [[UInt8]] = []
        var budget = maxTotalInflated
        for stream in streams(pdf, budget: &budget) {
            decoded.append(stream.data)
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
        for name in knownNames {
            for haystack in [pdf] + decoded {
                for object in embeddedObjects(named: name, in: haystack) {
                    if let hit = candidates.first(where: { $0.object == object }) { return (hit.data, name) }
                }
            }
        }
        return (candidates[0].data, nil)
    }

    /// Every stream's decoded bytes (unfiltered or FlateDecode; images and fonts skipped), with its object number.
    static func streams(_ pdf: [UInt8], budget: inout Int) -> [Stream] {
        var found: [Stream] = []
        let keyword = Array("stream".utf8)
        var index = 0
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
            if let length = length(dictionary, pdf), length >= 0, start + length <= pdf.count {
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
                found.append(Stream(object: header.object, data: raw))
            } else if filters == ["FlateDecode"], budget > 0,
                let inflated = inflate(raw, limit: min(maxStreamBytes, budget))
            {
                budget -= inflated.count
                found.append(Stream(object: header.object, data: inflated))
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
            guard let at = find(header, in: pdf, from: 0) else { return nil }
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

    /// The object numbers an embedded-file specification named `name` points to (`/EF << /F 12 0 R >>`), looked for
    /// around each place the name is written (as a literal string, or UTF-16BE hexadecimal).
    static func embeddedObjects(named name: String, in bytes: [UInt8]) -> [Int] {
        var patterns = [Array("(\(name))".utf8)]
        let hex = "FEFF" + name.utf16.map { String(format: "%04X", $0) }.joined()
        patterns += [Array("<\(hex)>".utf8), Array("<\(hex.lowercased())>".utf8)]
        var objects: [Int] = []
        for pattern in patterns {
            var from = 0
            while let hit = find(pattern, in: bytes, from: from) {
                from = hit + pattern.count
                let window = String(decoding: bytes[max(0, hit - 1024)..<min(bytes.count, hit + 1024)], as: UTF8.self)
                var rest = Substring(window)
                while let ef = rest.range(of: "/EF") {
                    rest = rest[ef.upperBound...]
                    let words = rest.split(whereSeparator: { " \n\r<>/".contains($0) }).prefix(6)
                    for (offset, word) in words.enumerated() where word == "R" && offset >= 2 {
                        if let object = Int(words[words.startIndex + offset - 2]) { objects.append(object) }
                    }
                }
            }
        }
        return objects
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

    /// Inflates a zlib stream, giving up (nil) past `limit` bytes or on damaged or truncated data.
    ///
    /// ZIPFoundation's `decompress` tells zlib that every input chunk is `bufferSize` long and asks for more input until
    /// the stream ends: so the whole input is given as one chunk of exactly `bufferSize` bytes (no read past it), and a
    /// second request — a truncated stream — throws instead of looping on empty chunks.
    static func inflate(_ bytes: [UInt8], limit: Int) -> [UInt8]? {
        guard bytes.count >= 3, bytes[0] & 0x0F == 8, (UInt16(bytes[0]) << 8 | UInt16(bytes[1])) % 31 == 0 else { return nil }
        // The Adler-32 (and any end of line after it) is left in: inflate stops at the final block on its own.
        let raw = Data(bytes[2...])
        var out = Data()
        do {
            _ = try Data.decompress(
                size: Int64(raw.count), bufferSize: raw.count, skipCRC32: true,
                provider: { position, _ in
                    guard position == 0 else { throw Truncated() }
                    return raw
                },
                consumer: { data in
                    out.append(data)
                    if out.count > limit { throw Truncated() }
                })
        } catch {
            return nil
        }
        return [UInt8](out)
    }

    struct Truncated: Error {}
}
