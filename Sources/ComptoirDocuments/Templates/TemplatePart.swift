import Foundation

/// One XML part of a template (DOCX `word/document.xml`, a header, ODT `content.xml`…) with its tags found.
///
/// The paragraph pass first joins the tags Word and LibreOffice split across runs and spans: per paragraph, the texts
/// of its runs are laid end to end, tags are found in that text, and each tag is moved whole into the text node where
/// it starts (so it keeps that run's formatting) and cut from the nodes it spilled into. After it, every tag lies in
/// one text node, and the text nodes are cut into literal and tag segments.
final class TemplatePart {
    struct Occurrence {
        let node: TemplateNode
        let segment: Int
        let tag: TemplateTag
        let paragraph: TemplateNode
    }

    let name: String
    let format: TemplateFormat
    let document: TemplateNode
    /// Every tag in paragraph text, in document order.
    private(set) var occurrences: [Occurrence] = []
    /// Tags where they cannot work (Word field codes), for the linter; they stay as they are.
    private(set) var misplaced: [String] = []
    /// Braces around something that is not a tag, for the linter; they stay as text.
    private(set) var invalidTags: [String] = []

    init(name: String, format: TemplateFormat, data: Data) throws {
        self.name = name
        self.format = format
        document = try TemplateXMLParser.parse(data)
        var paragraphs: [(TemplateNode, [TemplateNode])] = []
        collect(document, paragraph: nil, into: &paragraphs)
        for (_, texts) in paragraphs where texts.count > 1 { Self.joinSplitTags(texts) }
        var order = 0
        number(document, order: &order)
        for (paragraph, texts) in paragraphs {
            for text in texts { cut(text, paragraph: paragraph) }
        }
        occurrences.sort { $0.node.order < $1.node.order || ($0.node === $1.node && $0.segment < $1.segment) }
    }

    func isParagraph(_ node: TemplateNode) -> Bool {
        switch format {
        case .docx: node.name == "w:p"
        case .odt: node.name == "text:p" || node.name == "text:h"
        }
    }

    func isRow(_ node: TemplateNode) -> Bool {
        switch format {
        case .docx: node.name == "w:tr"
        case .odt: node.name == "table:table-row"
        }
    }

    /// Elements whose children are rows (or row groups): a block whose markers meet there spans rows, not one row.
    func isTableLevel(_ node: TemplateNode) -> Bool {
        switch format {
        case .docx: node.name == "w:tbl"
        case .odt: node.name.hasPrefix("table:") && node.name != "table:table-cell" && node.name != "table:covered-table-cell"
        }
    }

    private func collect(_ node: TemplateNode, paragraph: TemplateNode?, into paragraphs: inout [(TemplateNode, [TemplateNode])]) {
        for child in node.children {
            switch child.kind {
            case .element:
                if isParagraph(child) {
                    let index = paragraphs.count
                    paragraphs.append((child, []))
                    var inner: [(TemplateNode, [TemplateNode])] = []
                    var own: [TemplateNode] = []
                    gather(child, own: &own, nested: &inner)
                    paragraphs[index].1 = own
                    paragraphs += inner
                } else {
                    if format == .docx, child.name == "w:instrText" || child.name == "w:delInstrText" {
                        for text in child.children where text.kind == .text && text.text.contains("{{") {
                            misplaced += Self.tagRanges(Array(text.text.utf8)).map { range in
                                Self.tagContent(Array(text.text.utf8)[range])
                            }
                        }
                    }
                    collect(child, paragraph: paragraph, into: &paragraphs)
                }
            case .text, .other: break
            }
        }
    }

    /// The text nodes of `paragraph` itself; paragraphs nested in it (text boxes, notes) go to `nested`.
    private func gather(_ node: TemplateNode, own: inout [TemplateNode], nested: inout [(TemplateNode, [TemplateNode])]) {
        for child in node.children {
            switch child.kind {
            case .text:
                switch format {
                case .docx: if node.name == "w:t" { own.append(child) }
                case .odt: own.append(child)
                }
            case .element:
                if isParagraph(child) {
                    collect(TemplateNode.wrapper(child), paragraph: nil, into: &nested)
                } else if format == .docx, child.name == "w:instrText" || child.name == "w:delInstrText" {
                    for text in child.children where text.kind == .text && text.text.contains("{{") {
                        let bytes = Array(text.text.utf8)
                        misplaced += Self.tagRanges(bytes).map { Self.tagContent(bytes[$0]) }
                    }
                } else if format == .docx, child.name == "w:delText" {
                    continue
                } else {
                    gather(child, own: &own, nested: &nested)
                }
            case .other: break
            }
        }
    }

    private func number(_ node: TemplateNode, order: inout Int) {
        node.order = order
        order += 1
        for child in node.children { number(child, order: &order) }
    }

    /// Cuts a text node into literal and tag segments.
    private func cut(_ text: TemplateNode, paragraph: TemplateNode) {
        guard text.text.contains("{{") else { return }
        let bytes = Array(text.text.utf8)
        let ranges = Self.tagRanges(bytes)
        guard !ranges.isEmpty else { return }
        var segments: [TemplateSegment] = []
        var position = 0
        for range in ranges {
            if range.lowerBound > position {
                segments.append(.literal(String(decoding: bytes[position..<range.lowerBound], as: UTF8.self)))
            }
            let tag = TemplateTag(raw: Self.tagContent(bytes[range]))
            if tag.kind == .invalid {
                segments.append(.literal(String(decoding: bytes[range], as: UTF8.self)))
            } else {
                occurrences.append(Occurrence(node: text, segment: segments.count, tag: tag, paragraph: paragraph))
                segments.append(.tag(tag))
            }
            position = range.upperBound
        }
        if position < bytes.count { segments.append(.literal(String(decoding: bytes[position...], as: UTF8.self))) }
        text.segments = segments
        invalidTags += ranges.map { TemplateTag(raw: Self.tagContent(bytes[$0])) }.filter { $0.kind == .invalid }.map(\.raw)
    }

    static func tagContent(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.dropFirst(2).dropLast(2), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `{{…}}` spans in `bytes`: no brace inside, at most 400 bytes. Braces are ASCII, so UTF-8 cuts stay valid.
    static func tagRanges(_ bytes: [UInt8]) -> [Range<Int>] {
        let open = UInt8(ascii: "{"), close = UInt8(ascii: "}")
        var ranges: [Range<Int>] = []
        var index = 0
        let count = bytes.count
        while index + 3 < count {
            guard bytes[index] == open, bytes[index + 1] == open else {
                index += 1
                continue
            }
            var end = index + 2
            while end < count, bytes[end] != open, bytes[end] != close, end - index < 400 { end += 1 }
            if end + 1 < count, bytes[end] == close, bytes[end + 1] == close {
                ranges.append(index..<end + 2)
                index = end + 2
            } else if end < count, bytes[end] == open {
                index = max(index + 1, end - 1)
            } else {
                index += 1
            }
        }
        return ranges
    }

    /// Moves each tag spread over several text nodes into the node where it starts.
    static func joinSplitTags(_ nodes: [TemplateNode]) {
        var pieces = nodes.map { Array($0.text.utf8) }
        guard pieces.contains(where: { $0.contains(UInt8(ascii: "{")) }) else { return }
        var combined: [UInt8] = []
        var starts: [Int] = []
        for piece in pieces {
            starts.append(combined.count)
            combined += piece
        }
        let lengths = pieces.map(\.count)
        func owner(_ offset: Int) -> Int {
            var index = starts.count - 1
            while index > 0, starts[index] > offset || lengths[index] == 0 { index -= 1 }
            return index
        }
        var changed = IndexSet()
        for range in tagRanges(combined).reversed() {
            let first = owner(range.lowerBound), last = owner(range.upperBound - 1)
            guard first != last else { continue }
            pieces[first] = Array(pieces[first][..<(range.lowerBound - starts[first])]) + combined[range]
            for index in first + 1..<last { pieces[index] = [] }
            pieces[last].removeFirst(range.upperBound - starts[last])
            changed.insert(integersIn: first...last)
        }
        for index in changed {
            nodes[index].text = String(decoding: pieces[index], as: UTF8.self)
            nodes[index].modified = true
        }
    }
}

extension TemplateNode {
    /// A stand-in parent so that `collect` treats a nested paragraph like any other.
    static func wrapper(_ child: TemplateNode) -> TemplateNode {
        let wrapper = TemplateNode(kind: .element)
        wrapper.children = [child]
        return wrapper
    }
}
