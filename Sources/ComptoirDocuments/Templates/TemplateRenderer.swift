import Foundation

/// Writes a part with its blocks expanded and its tags replaced by escaped values.
///
/// Untouched nodes are written from the bytes they were read from. A value's line breaks and tabs become
/// `<w:br/>`/`<w:tab/>` (the `w:t` is cut around them, inside the same run, so the run's formatting applies) or
/// `<text:line-break/>`/`<text:tab/>`; an ODT value's leading and repeated spaces become `<text:s/>`.
struct TemplateRenderer {
    let format: TemplateFormat
    let limits: TemplateLimits
    private(set) var missing = Set<String>()
    private var repeated = 0

    init(format: TemplateFormat, limits: TemplateLimits) {
        self.format = format
        self.limits = limits
    }

    private enum Item {
        case node(TemplateNode)
        case start(Int)
        case end(Int)
    }

    private enum Piece {
        case literal(String)
        case value(String)
    }

    mutating func render(_ part: TemplatePart, structure: TemplateStructure, values: MergeData) throws -> String {
        var output = ""
        output.reserveCapacity(64 * 1024)
        try renderChildren(part.document, blocks: structure.blocks, scope: [values], into: &output)
        return output
    }

    private mutating func renderChildren(
        _ node: TemplateNode, blocks: [TemplateStructure.Block], scope: [MergeData], into output: inout String
    ) throws {
        guard node.children.contains(where: { !$0.startMarks.isEmpty || !$0.endMarks.isEmpty || $0.dropped }) else {
            for child in node.children { try renderNode(child, blocks: blocks, scope: scope, into: &output) }
            return
        }
        var items: [Item] = []
        for child in node.children {
            if child.dropped {
                items += child.endMarks.map(Item.end) + child.startMarks.map(Item.start)
            } else {
                items += child.startMarks.map(Item.start) + [.node(child)] + child.endMarks.map(Item.end)
            }
        }
        try renderItems(items[...], blocks: blocks, scope: scope, into: &output)
    }

    private mutating func renderItems(
        _ items: ArraySlice<Item>, blocks: [TemplateStructure.Block], scope: [MergeData], into output: inout String
    ) throws {
        var index = items.startIndex
        while index < items.endIndex {
            switch items[index] {
            case .node(let node):
                try renderNode(node, blocks: blocks, scope: scope, into: &output)
            case .end:
                break
            case .start(let id):
                let end =
                    items[(index + 1)...].firstIndex { item in
                        if case .end(let other) = item { return other == id }
                        return false
                    } ?? items.endIndex
                let body = items[(index + 1)..<end]
                switch blocks[id].kind {
                case .list(let name):
                    switch lookup(name, scope) {
                    case .list(let entries):
                        for entry in entries {
                            repeated += 1
                            guard repeated <= limits.maxRepeatedRows else { throw TemplateError.tooLarge("rows") }
                            try renderItems(body, blocks: blocks, scope: scope + [entry], into: &output)
                        }
                    case .text(let text):
                        // A text used as a list: shown once when non-empty, like a conditional.
                        if !text.isEmpty { try renderItems(body, blocks: blocks, scope: scope, into: &output) }
                    case nil:
                        missing.insert(name)
                    }
                case .condition(let path):
                    let truthy: Bool
                    switch lookup(path, scope) {
                    case .list(let entries): truthy = !entries.isEmpty
                    case .text(let text): truthy = !text.isEmpty
                    case nil:
                        missing.insert(path)
                        truthy = false
                    }
                    if truthy { try renderItems(body, blocks: blocks, scope: scope, into: &output) }
                }
                index = end
            }
            index += 1
        }
    }

    private func lookup(_ path: String, _ scope: [MergeData]) -> MergeValue? {
        for data in scope.reversed() {
            if let value = data[path] { return value }
        }
        return nil
    }

    private mutating func renderNode(
        _ node: TemplateNode, blocks: [TemplateStructure.Block], scope: [MergeData], into output: inout String
    ) throws {
        switch node.kind {
        case .other:
            output += node.raw
        case .text:
            if node.segments == nil, !node.modified {
                output += node.raw
            } else {
                writeODT(pieces(node, scope: scope), into: &output)
            }
        case .element:
            if node.selfClosing {
                output += node.raw
            } else if format == .docx, node.name == "w:t", node.children.contains(where: { $0.segments != nil || $0.modified }) {
                writeDOCX(node, pieces: node.children.flatMap { pieces($0, scope: scope) }, into: &output)
            } else {
                output += node.raw
                let mark = output.utf8.count
                try renderChildren(node, blocks: blocks, scope: scope, into: &output)
                // Word refuses a cell or a text box without a paragraph: one whose paragraphs a block removed gets an empty one.
                if format == .docx, node.name == "w:tc" || node.name == "w:txbxContent",
                    node.children.contains(where: { $0.dropped || !$0.startMarks.isEmpty }),
                    !Self.wroteParagraph(output, since: mark)
                {
                    output += "<\(node.prefix):p/>"
                }
                output += node.endTag
            }
        }
    }

    private mutating func pieces(_ node: TemplateNode, scope: [MergeData]) -> [Piece] {
        guard node.kind == .text else { return [] }
        guard let segments = node.segments else { return [.literal(node.text)] }
        var result: [Piece] = []
        for segment in segments {
            switch segment {
            case .literal(let text):
                if !text.isEmpty { result.append(.literal(text)) }
            case .tag(let tag):
                guard case .scalar(let path) = tag.kind else { continue }
                switch lookup(path, scope) {
                case .text(let text): result.append(.value(text))
                case .list: break
                case nil: missing.insert(path)
                }
            }
        }
        return result
    }

    /// A `w:t` cut around breaks and tabs; `xml:space="preserve"` so Word keeps leading and trailing spaces.
    private func writeDOCX(_ element: TemplateNode, pieces: [Piece], into output: inout String) {
        let prefix = element.prefix.isEmpty ? "" : element.prefix + ":"
        let start = element.raw.contains("xml:space=") ? element.raw : String(element.raw.dropLast()) + " xml:space=\"preserve\">"
        var text = ""
        var wroteText = false
        func flush(_ output: inout String, force: Bool = false) {
            guard !text.isEmpty || (force && !wroteText) else { return }
            output += start + text + element.endTag
            text = ""
            wroteText = true
        }
        for piece in pieces {
            switch piece {
            case .literal(let literal):
                text += TemplateXMLParser.escape(literal)
            case .value(let value):
                for (index, line) in Self.lines(value).enumerated() {
                    if index > 0 {
                        flush(&output)
                        output += "<\(prefix)br/>"
                        wroteText = true
                    }
                    for (position, cell) in line.split(separator: "\t", omittingEmptySubsequences: false).enumerated() {
                        if position > 0 {
                            flush(&output)
                            output += "<\(prefix)tab/>"
                            wroteText = true
                        }
                        text += TemplateXMLParser.escape(String(cell))
                    }
                }
            }
        }
        flush(&output, force: true)
    }

    private static func wroteParagraph(_ output: String, since mark: Int) -> Bool {
        let written = output.utf8[output.utf8.index(output.utf8.startIndex, offsetBy: mark)...]
        return Substring(written).range(of: "<w:p>") != nil || Substring(written).range(of: "<w:p ") != nil
    }

    /// A value's lines: "\r\n", "\r", "\n" and U+2028 all break a line.
    private static func lines(_ value: String) -> [Substring] {
        guard value.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" || $0 == "\u{2028}" }) else { return [value[...]] }
        return value.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r" || $0 == "\r\n" || $0 == "\u{2028}" }
    }

    /// ODF collapses spaces: a value's leading or repeated spaces are written as `<text:s/>`.
    private func writeODT(_ pieces: [Piece], into output: inout String) {
        for piece in pieces {
            switch piece {
            case .literal(let literal):
                output += TemplateXMLParser.escape(literal)
            case .value(let value):
                var spaces = 0
                var atStart = true
                var plain = ""
                func flushPlain(_ output: inout String) {
                    guard !plain.isEmpty else { return }
                    output += TemplateXMLParser.escape(plain)
                    plain = ""
                }
                func flushSpaces(_ output: inout String) {
                    guard spaces > 0 else { return }
                    if atStart {
                        output += spaces == 1 ? "<text:s/>" : "<text:s text:c=\"\(spaces)\"/>"
                    } else {
                        output += " "
                        if spaces > 1 { output += spaces == 2 ? "<text:s/>" : "<text:s text:c=\"\(spaces - 1)\"/>" }
                    }
                    spaces = 0
                }
                for (index, line) in Self.lines(value).enumerated() {
                    if index > 0 {
                        flushPlain(&output)
                        flushSpaces(&output)
                        output += "<text:line-break/>"
                        atStart = true
                    }
                    for character in line {
                        switch character {
                        case " ":
                            flushPlain(&output)
                            spaces += 1
                        case "\t":
                            flushPlain(&output)
                            flushSpaces(&output)
                            output += "<text:tab/>"
                            atStart = true
                        default:
                            flushSpaces(&output)
                            plain.append(character)
                            atStart = false
                        }
                    }
                }
                flushPlain(&output)
                flushSpaces(&output)
            }
        }
    }
}
