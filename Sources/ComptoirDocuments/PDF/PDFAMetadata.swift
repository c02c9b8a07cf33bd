import ComptoirCore
import Foundation

/// The XMP packet of a PDF/A-3b file (pdfaid part 3, conformance B) and PDF's date strings, all in UTC.
enum PDFAMetadata {
    static func xmp(_ metadata: PDFMetadata) -> String {
        let date = xmpDate(metadata.date)
        var description = """
                <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
                  <pdfaid:part>3</pdfaid:part>
                  <pdfaid:conformance>B</pdfaid:conformance>
                </rdf:Description>
                <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
                  <dc:format>application/pdf</dc:format>
                  <dc:title><rdf:Alt><rdf:li xml:lang="x-default">\(escape(metadata.title))</rdf:li></rdf:Alt></dc:title>

            """
        if let author = metadata.author {
            description += "      <dc:creator><rdf:Seq><rdf:li>\(escape(author))</rdf:li></rdf:Seq></dc:creator>\n"
        }
        if let subject = metadata.subject {
            description +=
                "      <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">\(escape(subject))</rdf:li></rdf:Alt></dc:description>\n"
        }
        description += """
                </rdf:Description>
                <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
                  <xmp:CreatorTool>\(escape(metadata.creator))</xmp:CreatorTool>
                  <xmp:CreateDate>\(date)</xmp:CreateDate>
                  <xmp:ModifyDate>\(date)</xmp:ModifyDate>
                  <xmp:MetadataDate>\(date)</xmp:MetadataDate>
                </rdf:Description>
                <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
                  <pdf:Producer>\(escape(metadata.producer))</pdf:Producer>
                </rdf:Description>

            """
        return """
            <?xpacket begin="\u{FEFF}" id="W5M0MpCehiHzreSzNTczkc9d"?>
            <x:xmpmeta xmlns:x="adobe:ns:meta/">
              <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
            \(description)\(metadata.extraXMP)  </rdf:RDF>
            </x:xmpmeta>
            <?xpacket end="w"?>
            """
    }

    static func escape(_ text: String) -> String { XMLText.escape(text) }

    private static func components(_ date: Date) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    }

    private static func two(_ value: Int?) -> String { CalendarDay.pad(value ?? 0, 2) }

    static func xmpDate(_ date: Date) -> String {
        let c = components(date)
        return CalendarDay.pad(c.year ?? 0, 4) + "-\(two(c.month))-\(two(c.day))T\(two(c.hour)):\(two(c.minute)):\(two(c.second))+00:00"
    }

    static func pdfDate(_ date: Date) -> String {
        let c = components(date)
        return "D:" + CalendarDay.pad(c.year ?? 0, 4)
            + "\(two(c.month))\(two(c.day))\(two(c.hour))\(two(c.minute))\(two(c.second))+00'00'"
    }
}
