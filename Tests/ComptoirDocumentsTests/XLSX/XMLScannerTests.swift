import Foundation
import Testing

@testable import ComptoirDocuments

@Suite struct XMLScannerTests {
    /// The events of `xml` fed in chunks of `chunk` bytes, as readable strings (text runs joined).
    func events(_ xml: String, chunk: Int = .max) throws -> [String] {
        var scanner = XMLScanner(part: "test.xml")
        var out: [String] = []
        func handle(_ event: XMLEvent) {
            switch event {
            case .start(let name, let attributes):
                out.append("<" + name + attributes.pairs.map { " \($0.name)=\($0.value)" }.joined() + ">")
            case .end(let name): out.append("</\(name)>")
            case .text(let text):
                if let last = out.last, last.hasPrefix("'") {
                    out[out.count - 1] = String(last.dropLast()) + text + "'"
                } else {
                    out.append("'\(text)'")
                }
            }
        }
        let bytes = Array(xml.utf8)
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + chunk)
            try scanner.feed(bytes[start..<end], handle)
            start = end
        }
        try scanner.finish(handle)
        return out
    }

    static let document = """
        <?xml version="1.0" encoding="UTF-8"?>\r\n<!-- a comment with <tags> -->
        <x:root xmlns:x="urn:x" a="1 &gt; 0" b='quote "inside"'><x:t xml:space="preserve">Caf&#xE9; &amp; th&#233; &lt;&quot;&apos;</x:t>\
        <empty/><t><![CDATA[<raw & text>]]></t><t>ligne\r\nsuite\rfin</t><t>Œuvre 🇫🇷</t></x:root>
        """

    @Test func decodesEntitiesCDATAPrefixesAndLineEnds() throws {
        #expect(
            try events(Self.document) == [
                "<root a=1 > 0 b=quote \"inside\">", "<t space=preserve>", "'Café & thé <\"''", "</t>", "<empty>", "</empty>",
                "<t>", "'<raw & text>'", "</t>", "<t>", "'ligne\nsuite\nfin'", "</t>", "<t>", "'Œuvre 🇫🇷'", "</t>", "</root>",
            ])
    }

    @Test func givesTheSameEventsWhateverTheChunkBoundaries() throws {
        let whole = try events(Self.document)
        for chunk in 1...40 {
            #expect(try events(Self.document, chunk: chunk) == whole, "chunks of \(chunk) bytes")
        }
    }

    @Test(arguments: [
        "<a><b></a>", "<a></b>", "<a>", "<a", "<a b=c/>", "<a b=\"1/>", "<a>&unknown;</a>", "<a>&#0;</a>", "<a>&#xD800;</a>",
        "<a>&amp</a>", "</a>", "<a/><b/>", "<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>", "", "just text",
    ])
    func refusesMalformedDocuments(xml: String) {
        #expect(throws: XLSXError.self) { try events(xml) }
    }

    @Test func refusesDeepNestingAndEndlessTokens() throws {
        let deep = String(repeating: "<a>", count: 300) + String(repeating: "</a>", count: 300)
        #expect(throws: XLSXError.self) { try events(deep) }
        var scanner = XMLScanner(part: "big.xml")
        let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)
        #expect(throws: XLSXError.partTooLarge(part: "big.xml", limit: XMLScanner.maxTokenBytes)) {
            try scanner.feed(Array("<a>".utf8)) { _ in }
            for _ in 0..<20 { try scanner.feed(chunk) { _ in } }
        }
    }
}
