import Foundation

/// An .xlsx workbook opened for reading (Excel, LibreOffice, Google Sheets, openpyxl…), for the assisted import.
///
/// Opening reads only the workbook's list of sheets; shared strings and styles are loaded on the first `rows` call
/// and kept. Sheets are streamed: a 200 MB sheet is never held in memory. Not for concurrent use.
///
/// Cell texts: strings as written; numbers as plain decimals (`12.5`, `0.001`, `42`, at most 15 significant digits
/// like Excel shows them); booleans `true`/`false` (language-neutral, so an import maps them without knowing
/// the file's locale); errors as written (`#DIV/0!`); dates, when the cell's number format is a date, as ISO 8601
/// (`2026-03-14`, `2026-03-14T09:30:00`, or `09:30:00` for a time format); formulas as their cached result (""
/// when the file has none, as openpyxl writes them).
public struct XLSXWorkbook {
    /// The sheet names in workbook order (hidden sheets included).
    public let sheetNames: [String]

    /// The part (ZIP path) of each sheet, in workbook order.
    let sheetParts: [String]
    let date1904: Bool
    private let package: XLSXPackage
    private let sharedStringsPart: String?
    private let stylesPart: String?
    private let cache = Cache()

    /// The shared strings table may be held in memory up to this many bytes of XML (zip bomb guard).
    static let sharedStringsLimit = 256 << 20
    /// …and this many strings (an empty `<si/>` costs 5 bytes of XML but 16 in memory).
    static let sharedStringsCountLimit = 1 << 24
    /// A sheet's XML is streamed, but not beyond this many inflated bytes (a zip bomb would otherwise spin for hours).
    static let sheetLimit = 8 << 30
    static let maxRows = 1_048_576
    static let maxColumns = 16_384

    private final class Cache {
        var sharedStrings: [String]?
        var dateKinds: [XLSXDateKind?]?
        /// The scanner's largest buffer in the last `rows` call, for the streaming test.
        var peakBufferedBytes = 0
    }

    /// Opens the workbook at a file URL and reads its sheet list.
    public init(contentsOf url: URL) throws {
        package = try XLSXPackage(url: url)
        // The workbook part is named by the package relationships; xl/workbook.xml is where every writer puts it.
        var workbookPart = "xl/workbook.xml"
        if let target = try Self.relationships(package, "_rels/.rels", source: "").first(where: { $0.type.hasSuffix("/officeDocument") })?
            .target, package.contains(target)
        {
            workbookPart = target
        }
        guard package.contains(workbookPart) else { throw XLSXError.notAWorkbook }

        var sheets: [(name: String, id: String)] = []
        var date1904 = false
        try package.parse(workbookPart) { event in
            guard case .start(let name, let attributes) = event else { return }
            if name == "sheet", let sheetName = attributes["name"] {
                sheets.append((sheetName, attributes["id"] ?? ""))
            } else if name == "workbookPr", let value = attributes["date1904"] {
                date1904 = value == "1" || value.lowercased() == "true"
            }
        }
        let relsPart = Self.relationshipsPart(of: workbookPart)
        let relationships = try Self.relationships(package, relsPart, source: workbookPart)
        var parts: [String] = []
        for sheet in sheets {
            guard let relationship = relationships.first(where: { $0.id == sheet.id }) else {
                throw XLSXError.malformedXML(part: relsPart, reason: "no relationship \(sheet.id) for sheet \"\(sheet.name)\"")
            }
            parts.append(relationship.target)
        }
        sheetNames = sheets.map(\.name)
        sheetParts = parts
        self.date1904 = date1904
        sharedStringsPart =
            relationships.first { $0.type.hasSuffix("/sharedStrings") }?.target
            ?? (package.contains("xl/sharedStrings.xml") ? "xl/sharedStrings.xml" : nil)
        stylesPart =
            relationships.first { $0.type.hasSuffix("/styles") }?.target
            ?? (package.contains("xl/styles.xml") ? "xl/styles.xml" : nil)
    }

    /// Calls `body` with each row of `sheet` (nil: the first) in order, until it returns false.
    ///
    /// Missing cells read as "" and a missing row as an empty row, so the n-th call is the file's row n;
    /// trailing empty cells are trimmed. Rows after the last one written in the file are not yielded.
    public func rows(sheet: String? = nil, _ body: ([String]) throws -> Bool) throws {
        let part = try sheetPart(sheet)
        let sharedStrings = try loadSharedStrings()
        var assembler = XLSXRowAssembler(part: part, sharedStrings: sharedStrings, dateKinds: try loadStyles(), date1904: date1904)
        var scanner = XMLScanner(part: part)
        defer { cache.peakBufferedBytes = scanner.peakBufferedBytes }
        func emit(_ row: [String]) throws {
            let goOn: Bool
            do { goOn = try body(row) } catch { throw XLSXConsumerExit(underlying: error) }
            if !goOn { throw XLSXConsumerExit(underlying: nil) }
        }
        do {
            let found = try package.stream(part, limit: Self.sheetLimit) { chunk in
                try scanner.feed(chunk) { try assembler.handle($0, emit: emit) }
            }
            guard found else { throw XLSXError.malformedXML(part: part, reason: "the sheet's part is missing from the archive") }
            try scanner.finish { try assembler.handle($0, emit: emit) }
        } catch let exit as XLSXConsumerExit {
            if let error = exit.underlying { throw error }
        }
    }

    /// The first `limit` rows of `sheet` (nil: the first), for previews and small files.
    public func readRows(sheet: String? = nil, limit: Int = .max) throws -> [[String]] {
        var rows: [[String]] = []
        guard limit > 0 else { return rows }
        try self.rows(sheet: sheet) { row in
            rows.append(row)
            return rows.count < limit
        }
        return rows
    }

    /// The largest number of bytes the scanner held at once during the last `rows` call.
    var lastPeakBufferedBytes: Int { cache.peakBufferedBytes }

    private func sheetPart(_ name: String?) throws -> String {
        guard let name else {
            guard let first = sheetParts.first else { throw XLSXError.sheetNotFound(name: "", available: []) }
            return first
        }
        // Excel treats sheet names case-insensitively; an exact match wins.
        let index = sheetNames.firstIndex(of: name) ?? sheetNames.firstIndex { $0.lowercased() == name.lowercased() }
        guard let index else { throw XLSXError.sheetNotFound(name: name, available: sheetNames) }
        return sheetParts[index]
    }

    // MARK: - Shared strings and styles

    private func loadSharedStrings() throws -> [String] {
        if let strings = cache.sharedStrings { return strings }
        var strings: [String] = []
        if let part = sharedStringsPart {
            var current = "", inItem = false, inText = false, phoneticDepth = 0
            try package.parse(part, limit: Self.sharedStringsLimit) { event in
                switch event {
                case .start("si", _):
                    inItem = true
                    current = ""
                case .start("rPh", _): phoneticDepth += 1  // phonetic guides (furigana) are not part of the text
                case .end("rPh"): phoneticDepth -= 1
                case .start("t", _): inText = inItem && phoneticDepth == 0
                case .end("t"): inText = false
                case .text(let text) where inText: current += text
                case .end("si"):
                    guard strings.count < Self.sharedStringsCountLimit else {
                        throw XLSXError.partTooLarge(part: part, limit: Self.sharedStringsCountLimit)
                    }
                    strings.append(current.decodingOOXMLEscapes)
                    inItem = false
                default: break
                }
            }
        }
        cache.sharedStrings = strings
        return strings
    }

    /// For each cell format (a cell's `s` attribute), whether it shows a date or a time.
    private func loadStyles() throws -> [XLSXDateKind?] {
        if let kinds = cache.dateKinds { return kinds }
        var kinds: [XLSXDateKind?] = []
        if let part = stylesPart {
            var customCodes: [Int: String] = [:]
            var inCellFormats = false
            try package.parse(part) { event in
                switch event {
                case .start("numFmt", let attributes):
                    if let id = attributes["numFmtId"].flatMap({ Int($0) }), let code = attributes["formatCode"] { customCodes[id] = code }
                case .start("cellXfs", _): inCellFormats = true
                case .end("cellXfs"): inCellFormats = false
                case .start("xf", let attributes) where inCellFormats:
                    let id = attributes["numFmtId"].flatMap { Int($0) } ?? 0
                    kinds.append(customCodes[id].map(XLSXDateKind.custom) ?? XLSXDateKind.builtIn(id))
                default: break
                }
            }
        }
        cache.dateKinds = kinds
        return kinds
    }

    // MARK: - Relationships

    struct Relationship {
        var id: String
        var type: String
        var target: String
    }

    /// `xl/_rels/workbook.xml.rels` for `xl/workbook.xml`.
    static func relationshipsPart(of part: String) -> String {
        guard let slash = part.lastIndex(of: "/") else { return "_rels/\(part).rels" }
        return part[..<slash] + "/_rels/" + part[part.index(after: slash)...] + ".rels"
    }

    /// The internal relationships of a rels part (none when it is missing), targets resolved to part names.
    static func relationships(_ package: XLSXPackage, _ relsPart: String, source: String) throws -> [Relationship] {
        var relationships: [Relationship] = []
        try package.parse(relsPart) { event in
            guard case .start("Relationship", let attributes) = event, attributes["TargetMode"] != "External",
                let id = attributes["Id"], let target = attributes["Target"]
            else { return }
            relationships.append(Relationship(id: id, type: attributes["Type"] ?? "", target: resolve(target, from: source)))
        }
        return relationships
    }

    /// A relationship target as a part name: absolute ("/xl/…") or relative to the source part's folder.
    static func resolve(_ target: String, from source: String) -> String {
        let target = target.removingPercentEncoding ?? target
        var segments: [Substring] = []
        if !target.hasPrefix("/"), let slash = source.lastIndex(of: "/") {
            segments = source[..<slash].split(separator: "/")
        }
        for segment in target.split(separator: "/") {
            switch segment {
            case ".": continue
            case "..": _ = segments.popLast()
            default: segments.append(segment)
            }
        }
        return segments.joined(separator: "/")
    }
}
