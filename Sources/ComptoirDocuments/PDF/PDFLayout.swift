import Foundation

/// How a run of text looks.
public struct PDFTextStyle: Sendable, Equatable {
    public var font: PDFFontStyle
    public var size: Double
    public var color: PDFColor
    /// Distance between baselines, as a multiple of the size.
    public var leading: Double
    public init(font: PDFFontStyle = .regular, size: Double = 9, color: PDFColor = .black, leading: Double = 1.3) {
        self.font = font
        self.size = size
        self.color = color
        self.leading = leading
    }
    public var lineHeight: Double { size * leading }
    public static let body = PDFTextStyle()
    public static let bold = PDFTextStyle(font: .bold)
}

public enum PDFAlignment: Sendable, Equatable { case left, center, right }

/// A table: column widths as fractions of the available width, a header repeated on every page the table runs
/// over, and rows whose cells wrap.
public struct PDFTable: Sendable {
    public struct Column: Sendable {
        public var title: String
        public var width: Double
        public var alignment: PDFAlignment
        public init(_ title: String, width: Double, alignment: PDFAlignment = .left) {
            self.title = title
            self.width = width
            self.alignment = alignment
        }
    }
    public var columns: [Column]
    public var rows: [[String]]
    public var headerStyle: PDFTextStyle
    public var bodyStyle: PDFTextStyle
    public var headerBackground: PDFColor
    public init(
        columns: [Column], rows: [[String]], headerStyle: PDFTextStyle = .bold, bodyStyle: PDFTextStyle = .body,
        headerBackground: PDFColor = .lightGray
    ) {
        self.columns = columns
        self.rows = rows
        self.headerStyle = headerStyle
        self.bodyStyle = bodyStyle
        self.headerBackground = headerBackground
    }
}

/// Flows blocks down A4 pages: wrapped paragraphs, tables continued with their header, and at `finish` a footer
/// with the legal mentions and « Page X/Y » on every page. Pure and deterministic: same calls, same drawing.
public final class PDFLayout {
    public let document: PDFDocument
    public let margin: Double
    public let footerLines: [String]
    public let footerStyle: PDFTextStyle
    /// The words of « Page X/Y »; `{page}` and `{pages}` are replaced.
    public let pageLabel: String
    public private(set) var page: Int
    /// The baseline position of the next line, from the bottom of the page.
    public private(set) var cursor: Double
    private let cellPadding = 3.0

    public init(
        document: PDFDocument, margin: Double = 42, footerLines: [String] = [],
        footerStyle: PDFTextStyle = PDFTextStyle(size: 7, color: .gray),
        pageLabel: String = "Page {page}/{pages}"
    ) {
        self.document = document
        self.margin = margin
        self.footerLines = footerLines
        self.footerStyle = footerStyle
        self.pageLabel = pageLabel
        page = document.addPage()
        cursor = PDFDocument.a4.height - margin
    }

    public var left: Double { margin }
    public var contentWidth: Double { PDFDocument.a4.width - 2 * margin }
    /// The footer's height (its wrapped mentions and « Page X/Y »), worked out once: every row asks for it.
    private lazy var footerHeight: Double = {
        let width = contentWidth
        let lines = footerLines.flatMap { wrap($0, style: footerStyle, width: width) }.count + 1
        return Double(lines) * footerStyle.lineHeight + 10
    }()
    private var bottom: Double { margin + footerHeight }

    /// Starts a new page.
    public func newPage() {
        page = document.addPage()
        cursor = PDFDocument.a4.height - margin
    }

    /// Moves to a new page unless `height` points still fit.
    public func ensureSpace(_ height: Double) {
        if cursor - height < bottom { newPage() }
    }

    public func space(_ points: Double) { cursor -= points }

    /// Splits `text` into lines no wider than `width`: at spaces, at explicit line breaks, and inside a word
    /// longer than the line. No-break spaces never break.
    public func wrap(_ text: String, style: PDFTextStyle, width: Double) -> [String] {
        let face = document.fonts.face(style.font)
        // Widths add up (no kerning), so a line's width is kept as words join it rather than measured again.
        // Most texts (amounts, names, dates) fit: one measure and no splitting.
        if !text.utf8.contains(0x0A), face.width(of: text, size: style.size) <= width { return [text] }
        let space = face.width(of: " ", size: style.size)
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lineWidth = 0.0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
                let wordWidth = face.width(of: word, size: style.size)
                let candidateWidth = line.isEmpty ? wordWidth : lineWidth + space + wordWidth
                if candidateWidth <= width {
                    line = line.isEmpty ? word : line + " " + word
                    lineWidth = candidateWidth
                    continue
                }
                if !line.isEmpty { lines.append(line) }
                line = ""
                lineWidth = 0
                var piece = ""
                var pieceWidth = 0.0
                for character in word {
                    let characterWidth = face.width(of: String(character), size: style.size)
                    if !piece.isEmpty, pieceWidth + characterWidth > width {
                        lines.append(piece)
                        piece = ""
                        pieceWidth = 0
                    }
                    piece.append(character)
                    pieceWidth += characterWidth
                }
                line = piece
                lineWidth = pieceWidth
            }
            lines.append(line)
        }
        return lines
    }

    /// Draws one line at the cursor's baseline within [x, x + width], aligned.
    func drawLine(_ text: String, style: PDFTextStyle, x: Double, width: Double, alignment: PDFAlignment, baseline: Double) {
        let start: Double
        switch alignment {
        case .left: start = x
        case .center: start = x + (width - document.width(of: text, style: style.font, size: style.size)) / 2
        case .right: start = x + width - document.width(of: text, style: style.font, size: style.size)
        }
        document.drawText(text, page: page, x: start, y: baseline, style: style.font, size: style.size, color: style.color)
    }

    /// A wrapped paragraph across the content width (or `width` from `x`), continued on the next page if needed.
    public func paragraph(
        _ text: String, style: PDFTextStyle = .body, alignment: PDFAlignment = .left, x: Double? = nil, width: Double? = nil,
        spacingAfter: Double = 4
    ) {
        let x = x ?? left
        let width = width ?? contentWidth
        for line in wrap(text, style: style, width: width) {
            ensureSpace(style.lineHeight)
            cursor -= style.lineHeight
            drawLine(line, style: style, x: x, width: width, alignment: alignment, baseline: cursor + style.lineHeight - style.size)
        }
        cursor -= spacingAfter
    }

    /// Blocks of lines side by side (e.g. seller and buyer), each in its share of the width; kept on one page.
    public func columns(_ blocks: [(lines: [(String, PDFTextStyle)], width: Double)], spacingAfter: Double = 8) {
        var wrapped: [[(String, PDFTextStyle)]] = []
        var x = left
        var positions: [(Double, Double)] = []
        for block in blocks {
            let width = block.width * contentWidth
            positions.append((x, width - 8))
            x += width
            wrapped.append(block.lines.flatMap { line in wrap(line.0, style: line.1, width: width - 8).map { ($0, line.1) } })
        }
        let height = wrapped.map { $0.reduce(0) { $0 + $1.1.lineHeight } }.max() ?? 0
        ensureSpace(height)
        for (index, lines) in wrapped.enumerated() {
            var y = cursor
            for (text, style) in lines {
                y -= style.lineHeight
                drawLine(
                    text, style: style, x: positions[index].0, width: positions[index].1, alignment: .left,
                    baseline: y + style.lineHeight - style.size)
            }
        }
        cursor -= height + spacingAfter
    }

    /// A table; a row taller than what is left of the page goes to the next one, under the header drawn again.
    public func table(_ table: PDFTable, spacingAfter: Double = 8) {
        let total = table.columns.reduce(0) { $0 + $1.width }
        let widths = table.columns.map { $0.width / total * contentWidth }
        func cells(_ row: [String], style: PDFTextStyle) -> (lines: [[String]], height: Double) {
            let lines = widths.enumerated().map { index, width in
                wrap(index < row.count ? row[index] : "", style: style, width: width - 2 * cellPadding)
            }
            return (lines, Double(lines.map(\.count).max() ?? 1) * style.lineHeight + 2 * cellPadding)
        }
        let header = cells(table.columns.map(\.title), style: table.headerStyle)
        func drawRow(_ row: (lines: [[String]], height: Double), style: PDFTextStyle, background: PDFColor?) {
            if let background {
                document.fillRect(page: page, x: left, y: cursor - row.height, width: contentWidth, height: row.height, color: background)
            }
            var x = left
            for (index, lines) in row.lines.enumerated() {
                var baseline = cursor - cellPadding - style.size
                for line in lines {
                    drawLine(
                        line, style: style, x: x + cellPadding, width: widths[index] - 2 * cellPadding,
                        alignment: table.columns[index].alignment, baseline: baseline)
                    baseline -= style.lineHeight
                }
                x += widths[index]
            }
            cursor -= row.height
            document.drawLine(page: page, from: (left, cursor), to: (left + contentWidth, cursor), width: 0.3, color: .gray)
        }
        let first = table.rows.first.map { cells($0, style: table.bodyStyle).height } ?? 0
        ensureSpace(header.height + first)
        drawRow(header, style: table.headerStyle, background: table.headerBackground)
        for row in table.rows {
            let laid = cells(row, style: table.bodyStyle)
            if cursor - laid.height < bottom {
                newPage()
                drawRow(header, style: table.headerStyle, background: table.headerBackground)
            }
            drawRow(laid, style: table.bodyStyle, background: nil)
        }
        cursor -= spacingAfter
    }

    /// Label/value lines aligned right in the right part of the page (totals); bold lines for the grand totals.
    public func totals(_ lines: [(label: String, value: String, emphasis: Bool)], width fraction: Double = 0.45, spacingAfter: Double = 8) {
        let width = contentWidth * fraction
        let x = left + contentWidth - width
        let height = lines.reduce(0) { $0 + PDFTextStyle.body.lineHeight + ($1.emphasis ? 2 : 0) }
        ensureSpace(height)
        for line in lines {
            let style = line.emphasis ? PDFTextStyle(font: .bold, size: 10) : PDFTextStyle.body
            cursor -= style.lineHeight
            let baseline = cursor + style.lineHeight - style.size
            drawLine(line.label, style: style, x: x, width: width * 0.6, alignment: .left, baseline: baseline)
            drawLine(line.value, style: style, x: x + width * 0.6, width: width * 0.4, alignment: .right, baseline: baseline)
        }
        cursor -= spacingAfter
    }

    /// A framed box of `height` points in the right part of the page (`width` a fraction of the content width): its
    /// title in bold and its lines inside, the rest left blank (for a signature). Kept on one page.
    public func box(title: String, lines: [String], width fraction: Double = 0.5, height: Double, spacingAfter: Double = 8) {
        let width = contentWidth * fraction
        let x = left + contentWidth - width
        let inner = width - 2 * cellPadding * 2
        let wrapped =
            wrap(title, style: .bold, width: inner).map { ($0, PDFTextStyle.bold) }
            + lines.flatMap { line in wrap(line, style: .body, width: inner).map { ($0, PDFTextStyle.body) } }
        let needed = max(height, wrapped.reduce(4 * cellPadding) { $0 + $1.1.lineHeight })
        ensureSpace(needed)
        let top = cursor, bottom = cursor - needed
        for (from, to) in [
            ((x, top), (x + width, top)), ((x + width, top), (x + width, bottom)), ((x + width, bottom), (x, bottom)),
            ((x, bottom), (x, top)),
        ] {
            document.drawLine(page: page, from: from, to: to, width: 0.6, color: .gray)
        }
        var y = top - 2 * cellPadding
        for (text, style) in wrapped {
            y -= style.lineHeight
            drawLine(
                text, style: style, x: x + 2 * cellPadding, width: inner, alignment: .left, baseline: y + style.lineHeight - style.size)
        }
        cursor = bottom - spacingAfter
    }

    /// An image `width` points wide at the left margin, its height from its aspect ratio.
    public func image(_ image: PDFImage, width: Double, spacingAfter: Double = 6) {
        let height = width * Double(image.height) / Double(image.width)
        ensureSpace(height)
        cursor -= height
        document.drawImage(image, page: page, x: left, y: cursor, width: width, height: height)
        cursor -= spacingAfter
    }

    /// Draws every page's footer: the legal mentions, centred, and « Page X/Y » at the right.
    public func finish() {
        let pages = document.pageCount
        let width = contentWidth
        let lines = footerLines.flatMap { wrap($0, style: footerStyle, width: width) }
        for index in 0..<pages {
            var baseline = margin + Double(lines.count) * footerStyle.lineHeight
            document.drawLine(
                page: index, from: (left, baseline + footerStyle.lineHeight), to: (left + width, baseline + footerStyle.lineHeight),
                width: 0.3, color: .gray)
            let saved = page
            page = index
            for line in lines {
                drawLine(line, style: footerStyle, x: left, width: width, alignment: .center, baseline: baseline)
                baseline -= footerStyle.lineHeight
            }
            let label = pageLabel.replacingOccurrences(of: "{page}", with: String(index + 1)).replacingOccurrences(
                of: "{pages}", with: String(pages))
            drawLine(label, style: footerStyle, x: left, width: width, alignment: .right, baseline: baseline)
            page = saved
        }
    }
}
