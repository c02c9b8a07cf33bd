import Foundation
import ZIPFoundation

/// A small writer of valid Word (.docx) and LibreOffice (.odt) documents, for the demo's templates: titles, paragraphs
/// (each line a paragraph) and tables with a header row. Word, LibreOffice, python-docx and odfpy open what it writes.
public enum DemoDocumentWriter {
    public enum Block: Sendable {
        case title(String)
        case heading(String)
        case paragraph(String)
        /// A header row, then rows (a row may hold `{{#list}}` … `{{/list}}` to repeat).
        case table([String], [[String]])
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func zip(_ entries: [(String, String)], stored: Set<String> = []) throws -> Data {
        let archive = try Archive(accessMode: .create)
        let date = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01: the same bytes at every run
        for (path, text) in entries {
            let content = Data(text.utf8)
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(content.count), modificationDate: date,
                compressionMethod: stored.contains(path) ? .none : .deflate
            ) { position, size in
                content.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return data
    }

    // MARK: - DOCX

    static let declaration = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#

    static func wordParagraph(_ text: String, style: String? = nil, bold: Bool = false, size: Int? = nil) -> String {
        let properties = style.map { #"<w:pPr><w:pStyle w:val="\#($0)"/></w:pPr>"# } ?? ""
        var run = ""
        if bold || size != nil {
            run = "<w:rPr>" + (bold ? "<w:b/>" : "") + (size.map { #"<w:sz w:val="\#($0)"/>"# } ?? "") + "</w:rPr>"
        }
        return "<w:p>\(properties)<w:r>\(run)<w:t xml:space=\"preserve\">\(escape(text))</w:t></w:r></w:p>"
    }

    static func wordCell(_ text: String, bold: Bool) -> String {
        #"<w:tc><w:tcPr><w:tcW w:w="0" w:type="auto"/></w:tcPr>"# + wordParagraph(text, bold: bold) + "</w:tc>"
    }

    static func wordBlock(_ block: Block) -> String {
        switch block {
        case .title(let text): return wordParagraph(text, bold: true, size: 36)
        case .heading(let text): return wordParagraph(text, bold: true, size: 26)
        case .paragraph(let text):
            return text.split(separator: "\n", omittingEmptySubsequences: false).map { wordParagraph(String($0)) }.joined()
        case .table(let header, let rows):
            let border = #"w:val="single" w:sz="4" w:space="0" w:color="808080""#
            let properties =
                #"<w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblBorders>"#
                + ["top", "left", "bottom", "right", "insideH", "insideV"].map { "<w:\($0) \(border)/>" }.joined()
                + "</w:tblBorders></w:tblPr><w:tblGrid>" + header.map { _ in #"<w:gridCol w:w="2000"/>"# }.joined() + "</w:tblGrid>"
            let head = "<w:tr>" + header.map { wordCell($0, bold: true) }.joined() + "</w:tr>"
            let body = rows.map { "<w:tr>" + $0.map { wordCell($0, bold: false) }.joined() + "</w:tr>" }.joined()
            return "<w:tbl>\(properties)\(head)\(body)</w:tbl>" + wordParagraph("")
        }
    }

    /// A .docx of the blocks, with a footer line.
    public static func docx(_ blocks: [Block], footer: String) throws -> Data {
        let types =
            declaration + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
            + #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
            + #"<Default Extension="xml" ContentType="application/xml"/>"#
            + #"<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>"#
            + #"<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>"#
            + "</Types>"
        let rels =
            declaration + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
            + #"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>"#
            + "</Relationships>"
        let documentRels =
            declaration + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
            + #"<Relationship Id="rIdF" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>"#
            + "</Relationships>"
        let namespaces =
            #"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#
            + #"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#
        let document =
            declaration + "<w:document \(namespaces)><w:body>" + blocks.map(wordBlock).joined()
            + #"<w:sectPr><w:footerReference w:type="default" r:id="rIdF"/><w:pgSz w:w="11906" w:h="16838"/>"#
            + #"<w:pgMar w:top="1417" w:right="1417" w:bottom="1417" w:left="1417" w:header="708" w:footer="708" w:gutter="0"/>"#
            + "</w:sectPr></w:body></w:document>"
        let footerPart = declaration + "<w:ftr \(namespaces)>" + wordParagraph(footer, size: 16) + "</w:ftr>"
        return try zip([
            ("[Content_Types].xml", types), ("_rels/.rels", rels), ("word/document.xml", document),
            ("word/_rels/document.xml.rels", documentRels), ("word/footer1.xml", footerPart),
        ])
    }

    // MARK: - ODT

    static let odfNamespaces =
        #"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" "#
        + #"xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" "#
        + #"xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" "#
        + #"xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" "#
        + #"xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.3""#

    static func odfParagraph(_ text: String, style: String? = nil) -> String {
        "<text:p" + (style.map { #" text:style-name="\#($0)""# } ?? "") + ">" + escape(text) + "</text:p>"
    }

    static func odfBlock(_ block: Block) -> String {
        switch block {
        case .title(let text): return odfParagraph(text, style: "Title")
        case .heading(let text): return odfParagraph(text, style: "Heading")
        case .paragraph(let text):
            return text.split(separator: "\n", omittingEmptySubsequences: false).map { odfParagraph(String($0)) }.joined()
        case .table(let header, let rows):
            func row(_ cells: [String], style: String?) -> String {
                "<table:table-row>"
                    + cells.map {
                        #"<table:table-cell table:style-name="Cell" office:value-type="string">"# + odfParagraph($0, style: style)
                            + "</table:table-cell>"
                    }.joined() + "</table:table-row>"
            }
            return #"<table:table table:name="Tableau" table:style-name="Table">"#
                + #"<table:table-column table:number-columns-repeated="\#(header.count)"/>"# + row(header, style: "Strong")
                + rows.map { row($0, style: nil) }.joined() + "</table:table>"
        }
    }

    /// An .odt of the blocks, with a footer line.
    public static func odt(_ blocks: [Block], footer: String) throws -> Data {
        let automatic =
            #"<office:automatic-styles><style:style style:name="Title" style:family="paragraph"><style:text-properties fo:font-size="18pt" fo:font-weight="bold"/></style:style>"#
            + #"<style:style style:name="Heading" style:family="paragraph"><style:text-properties fo:font-size="13pt" fo:font-weight="bold"/></style:style>"#
            + #"<style:style style:name="Strong" style:family="paragraph"><style:text-properties fo:font-weight="bold"/></style:style>"#
            + #"<style:style style:name="Table" style:family="table"><style:table-properties style:width="17cm" table:align="margins"/></style:style>"#
            + #"<style:style style:name="Cell" style:family="table-cell"><style:table-cell-properties fo:padding="0.1cm" fo:border="0.5pt solid #808080"/></style:style>"#
            + "</office:automatic-styles>"
        let content =
            #"<?xml version="1.0" encoding="UTF-8"?>"# + "<office:document-content \(odfNamespaces)>" + automatic
            + "<office:body><office:text>" + blocks.map(odfBlock).joined() + "</office:text></office:body></office:document-content>"
        let styles =
            #"<?xml version="1.0" encoding="UTF-8"?>"# + "<office:document-styles \(odfNamespaces)><office:automatic-styles>"
            + #"<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin="2cm"/></style:page-layout>"#
            + "</office:automatic-styles><office:master-styles>"
            + #"<style:master-page style:name="Standard" style:page-layout-name="pm1"><style:footer>"# + odfParagraph(footer)
            + "</style:footer></style:master-page></office:master-styles></office:document-styles>"
        let manifest =
            #"<?xml version="1.0" encoding="UTF-8"?>"#
            + #"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">"#
            + #"<manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="application/vnd.oasis.opendocument.text"/>"#
            + #"<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>"#
            + #"<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>"#
            + "</manifest:manifest>"
        return try zip(
            [
                ("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", content), ("styles.xml", styles),
                ("META-INF/manifest.xml", manifest),
            ], stored: ["mimetype"])
    }
}
