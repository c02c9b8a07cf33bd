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
                try renderChildren(node, blocks: blocks, scope: scope, into: &output)
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
                var previousCR = false
                for character in value.unicodeScalars {
                    switch character {
                    case "\r", "\n", "\u{2028}":
                        if character == "\n", previousCR {
                            previousCR = false
                            continue
                        }
                        flush(&output)
                        output += "<\(prefix)br/>"
                        wroteText = true
                    case "\t":
                        flush(&output)
                        output += "<\(prefix)tab/>"
                        wroteText = true
                    default:
                        text += TemplateXMLParser.escape(String(character))
                    }
                    previousCR = character == "\r"
                }
            }
        }
        flush(&output, force: true)
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
                var previousCR = false
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
                for character in value.unicodeScalars {
                    switch character {
                    case " ":
                        spaces += 1
                    case "\r", "\n", "\u{2028}":
                        flushSpaces(&output)
                        if !(character == "\n" && previousCR) { output += "<text:line-break/>" }
                        atStart = true
                    case "\t":
                        flushSpaces(&output)
                        output += "<text:tab/>"
                        atStart = true
                    default:
                        flushSpaces(&output)
                        output += TemplateXMLParser.escape(String(character))
                        atStart = false
                    }
                    previousCR = character == "\r"
                }
                flushSpaces(&output)
            }
        }
    }
}
