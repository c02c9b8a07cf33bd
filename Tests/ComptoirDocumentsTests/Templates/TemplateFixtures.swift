import Foundation
import ZIPFoundation

@testable import ComptoirDocuments

/// Templates built in code the way Word and LibreOffice write them: tags split across runs (`w:proofErr`, `w:rsid*`,
/// bookmarks, `w:lastRenderedPageBreak`) or `text:span`s, headers, footers, text boxes.
enum TemplateFixtures {
    static func zip(_ entries: [(String, Data)], stored: Set<String> = []) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (path, content) in entries {
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(content.count),
                compressionMethod: stored.contains(path) ? .none : .deflate
            ) { position, size in
                content.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return archive.data!
    }

    static func zip(_ entries: [(String, String)], stored: Set<String> = []) throws -> Data {
        try zip(entries.map { ($0.0, Data($0.1.utf8)) }, stored: stored)
    }

    // MARK: - DOCX

    static let wordNamespaces =
        #"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#
        + #"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" "#
        + #"xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" "#
        + #"xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" "#
        + #"xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" "#
        + #"xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:v="urn:schemas-microsoft-com:vml" "#
        + #"xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" mc:Ignorable="w14""#

    static let declaration = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\r\n"

    static func docx(
        body: String, header: String = "<w:p><w:r><w:t>En-tête</w:t></w:r></w:p>",
        footer: String = "<w:p><w:r><w:t>Pied</w:t></w:r></w:p>", contentType: String = "document.main+xml",
        extra: [(String, Data)] = []
    ) throws -> Data {
        let types =
            declaration
            + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
            + #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
            + #"<Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>"#
            + #"<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.\#(contentType)"/>"#
            + #"<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>"#
            + #"<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>"#
            + "</Types>"
        let rels =
            declaration
            + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
            + #"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>"#
            + "</Relationships>"
        let documentRels =
            declaration
            + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
            + #"<Relationship Id="rIdH" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>"#
            + #"<Relationship Id="rIdF" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>"#
            + "</Relationships>"
        let document =
            declaration + "<w:document \(wordNamespaces)><w:body>" + body
            + #"<w:sectPr w:rsidR="00A12B34"><w:headerReference w:type="default" r:id="rIdH"/>"#
            + #"<w:footerReference w:type="default" r:id="rIdF"/><w:pgSz w:w="11906" w:h="16838"/>"#
            + #"<w:pgMar w:top="1417" w:right="1417" w:bottom="1417" w:left="1417" w:header="708" w:footer="708" w:gutter="0"/>"#
            + "</w:sectPr></w:body></w:document>"
        let headerPart = declaration + "<w:hdr \(wordNamespaces)>" + header + "</w:hdr>"
        let footerPart = declaration + "<w:ftr \(wordNamespaces)>" + footer + "</w:ftr>"
        return try zip(
            [
                ("[Content_Types].xml", Data(types.utf8)), ("_rels/.rels", Data(rels.utf8)),
                ("word/document.xml", Data(document.utf8)), ("word/_rels/document.xml.rels", Data(documentRels.utf8)),
                ("word/header1.xml", Data(headerPart.utf8)), ("word/footer1.xml", Data(footerPart.utf8)),
            ] + extra
        )
    }

    /// A paragraph whose tag Word split over five runs after spell-check and an edit, with a bookmark in the middle.
    static func wordSplit(before: String, tag: String, after: String) -> String {
        let cut = tag.index(tag.startIndex, offsetBy: min(4, tag.count))
        let middle = tag.index(cut, offsetBy: min(3, tag.distance(from: cut, to: tag.endIndex)))
        return #"<w:p w:rsidR="00A12B34" w:rsidRDefault="00C56D78" w:rsidP="00A12B34"><w:pPr><w:pStyle w:val="Normal"/></w:pPr>"#
            + #"<w:r w:rsidRPr="00E9F012"><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">\#(before){{</w:t></w:r>"#
            + #"<w:proofErr w:type="spellStart"/><w:r w:rsidR="00B11C22"><w:t>\#(tag[..<cut])</w:t></w:r>"#
            + #"<w:bookmarkStart w:id="0" w:name="_GoBack"/><w:r w:rsidR="00D33E44"><w:rPr><w:i/></w:rPr><w:t>\#(tag[cut..<middle])</w:t></w:r>"#
            + #"<w:bookmarkEnd w:id="0"/><w:r><w:t>\#(tag[middle...])</w:t></w:r><w:proofErr w:type="spellEnd"/>"#
            + #"<w:r><w:lastRenderedPageBreak/><w:t xml:space="preserve">}}\#(after)</w:t></w:r></w:p>"#
    }

    static func wordParagraph(_ text: String) -> String {
        #"<w:p w:rsidR="00A12B34"><w:r><w:t xml:space="preserve">\#(text)</w:t></w:r></w:p>"#
    }

    static func wordRow(_ cells: [String]) -> String {
        "<w:tr>" + cells.map { #"<w:tc><w:tcPr><w:tcW w:w="3000" w:type="dxa"/></w:tcPr>\#(wordParagraph($0))</w:tc>"# }.joined()
            + "</w:tr>"
    }

    static func wordTable(_ rows: [[String]]) -> String {
        #"<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>"#
            + String(repeating: #"<w:gridCol w:w="3000"/>"#, count: rows.first?.count ?? 1) + "</w:tblGrid>"
            + rows.map(wordRow).joined() + "</w:tbl>"
    }

    /// A text box as Word 2010+ writes it: a DrawingML shape, and its VML copy for older readers.
    static func wordTextBox(_ text: String) -> String {
        let content = "<w:txbxContent>" + wordParagraph(text) + "</w:txbxContent>"
        return #"<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>"#
            + #"<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">"#
            + #"<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>"#
            + #"<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>"#
            + #"<wp:extent cx="2000000" cy="500000"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapSquare wrapText="bothSides"/>"#
            + #"<wp:docPr id="1" name="Zone de texte 1"/><wp:cNvGraphicFramePr/>"#
            + #"<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>"#
            + #"<wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="2000000" cy="500000"/></a:xfrm>"#
            + #"<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr><wps:txbx>\#(content)</wps:txbx><wps:bodyPr/>"#
            + #"</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict>"#
            + ##"<v:shape style="width:150pt;height:40pt" type="#_x0000_t202"><v:textbox>\##(content)</v:textbox></v:shape>"##
            + "</w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
    }

    // MARK: - ODT

    static let odfNamespaces =
        #"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" "#
        + #"xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" "#
        + #"xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" "#
        + #"xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" "#
        + #"xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" "#
        + #"xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" "#
        + #"xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.3""#

    static func odt(body: String, header: String = "<text:p>En-tête</text:p>", extra: [(String, Data)] = []) throws -> Data {
        let content =
            #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
            + "<office:document-content \(odfNamespaces)><office:automatic-styles>"
            + #"<style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>"#
            + "</office:automatic-styles><office:body><office:text>" + body + "</office:text></office:body></office:document-content>"
        let styles =
            #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
            + "<office:document-styles \(odfNamespaces)><office:automatic-styles>"
            + #"<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm"/></style:page-layout>"#
            + "</office:automatic-styles><office:master-styles>"
            + #"<style:master-page style:name="Standard" style:page-layout-name="pm1"><style:header>\#(header)</style:header></style:master-page>"#
            + "</office:master-styles></office:document-styles>"
        let manifest =
            #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
            + #"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">"#
            + #"<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>"#
            + #"<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>"#
            + #"<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>"#
            + "</manifest:manifest>"
        return try zip(
            [
                ("mimetype", Data("application/vnd.oasis.opendocument.text".utf8)), ("content.xml", Data(content.utf8)),
                ("styles.xml", Data(styles.utf8)), ("META-INF/manifest.xml", Data(manifest.utf8)),
            ] + extra, stored: ["mimetype"]
        )
    }

    /// A paragraph whose tag LibreOffice split over spans (autocorrect, a bold letter).
    static func odfSplit(before: String, tag: String, after: String) -> String {
        let cut = tag.index(tag.startIndex, offsetBy: min(3, tag.count))
        return #"<text:p text:style-name="Standard">\#(before){<text:span text:style-name="T1">{\#(tag[..<cut])</text:span>"#
            + #"<text:span text:style-name="T2">\#(tag[cut...])}</text:span>}\#(after)</text:p>"#
    }

    static func odfRow(_ cells: [String]) -> String {
        "<table:table-row>"
            + cells.map { "<table:table-cell office:value-type=\"string\"><text:p>\($0)</text:p></table:table-cell>" }
            .joined() + "</table:table-row>"
    }

    static func odfTable(_ rows: [[String]]) -> String {
        #"<table:table table:name="Lignes"><table:table-column table:number-columns-repeated="\#(rows.first?.count ?? 1)"/>"#
            + rows.map(odfRow).joined() + "</table:table>"
    }

    static func odfTextBox(_ text: String) -> String {
        #"<text:p><draw:frame draw:name="Cadre1" text:anchor-type="paragraph" svg:width="5cm" svg:height="2cm">"#
            + "<draw:text-box><text:p>\(text)</text:p></draw:text-box></draw:frame></text:p>"
    }

    // MARK: - Reading results back

    /// The paragraphs' text of a merged part, through the engine's own tokenizer: `w:t`/text, breaks as "\n", tabs as
    /// "\t", `text:s` as spaces. The independent readers (python-docx, odfpy) check the same documents in other tests.
    static func paragraphs(_ document: Data, part: String) throws -> [String] {
        let archive = try TemplateArchive(document, limits: .default)
        let root = try TemplateXMLParser.parse(try archive.data(part).unwrapped())
        var result: [String] = []
        func text(_ node: TemplateNode, into line: inout String) {
            for child in node.children {
                switch child.kind {
                case .text:
                    if node.name == "w:t" || node.name.hasPrefix("text:") { line += child.text }
                case .element:
                    switch child.name {
                    case "w:br", "text:line-break": line += "\n"
                    case "w:tab", "text:tab": line += "\t"
                    case "text:s": line += String(repeating: " ", count: Int(attribute(child, "text:c") ?? "1") ?? 1)
                    case "w:p", "text:p", "text:h": visit(child)
                    default: text(child, into: &line)
                    }
                case .other: break
                }
            }
        }
        func visit(_ node: TemplateNode) {
            if node.name == "w:p" || node.name == "text:p" || node.name == "text:h" {
                var line = ""
                text(node, into: &line)
                result.append(line)
            } else {
                for child in node.children where child.kind == .element { visit(child) }
            }
        }
        visit(root)
        return result
    }

    static func attribute(_ node: TemplateNode, _ name: String) -> String? {
        guard let range = node.raw.range(of: " \(name)=\"") else { return nil }
        return String(node.raw[range.upperBound...].prefix { $0 != "\"" })
    }

    static func part(_ document: Data, _ name: String) throws -> String {
        String(decoding: try TemplateArchive(document, limits: .default).data(name).unwrapped(), as: UTF8.self)
    }
}

extension Optional {
    fileprivate func unwrapped() throws -> Wrapped {
        guard let value = self else { throw TemplateError.corruptArchive }
        return value
    }
}
