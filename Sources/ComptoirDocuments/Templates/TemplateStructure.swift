import Foundation

/// The block pass: pairs `{{#…}}` with `{{/…}}` in document order and hangs each block on the elements it repeats
/// or keeps (a table row, or a run of whole paragraphs), removing the markers' text; a paragraph that held nothing but
/// markers is dropped.
///
/// A block's markers decide its extent: a list whose two markers sit in one table row repeats that row; otherwise
/// the two paragraphs' nearest common ancestor decides: a row (markers in two cells of it) → that row, a table
/// (markers in two rows) → refused, anything else (body, cell, text box, section) → its children from the one
/// holding the opening marker to the one holding the closing marker.
struct TemplateStructure {
    struct Block {
        enum Kind {
            case list(String)
            case condition(String)
        }

        var kind: Kind
    }

    struct Problem {
        var kind: TemplateIssue.Kind
        var tag: String
        var message: String
    }

    private(set) var blocks: [Block] = []
    private(set) var problems: [Problem] = []
    /// For each occurrence index, the list blocks that enclose it (outermost first), for the linter.
    private(set) var enclosingLists: [[String]] = []

    /// Tag names of the problems, for `TemplateError.unbalancedBlocks`.
    var problemTags: [String] {
        var seen = Set<String>()
        return problems.map(\.tag).filter { seen.insert($0).inserted }
    }

    init(_ part: TemplatePart) {
        let occurrences = part.occurrences
        var stack: [Int] = []
        var pairs: [(open: Int, close: Int)] = []
        var lists: [String] = []
        enclosingLists = []
        for (index, occurrence) in occurrences.enumerated() {
            enclosingLists.append(lists)
            switch occurrence.tag.kind {
            case .listOpen(let name):
                stack.append(index)
                lists.append(name)
            case .ifOpen:
                stack.append(index)
                lists.append("")
            case .listClose, .ifClose:
                let matches: (Int) -> Bool = { open in
                    switch (occurrences[open].tag.kind, occurrence.tag.kind) {
                    case (.listOpen(let a), .listClose(let b)): a == b
                    case (.ifOpen, .ifClose): true
                    default: false
                    }
                }
                if let top = stack.last, matches(top) {
                    stack.removeLast()
                    lists.removeLast()
                    pairs.append((top, index))
                } else if let position = stack.lastIndex(where: matches) {
                    let open = occurrences[stack[position]].tag
                    problems.append(
                        Problem(
                            kind: .unbalancedBlock, tag: open.display,
                            message: "Les blocs {{\(open.display)}} et {{\(occurrences[stack.last!].tag.display)}} se croisent : "
                                + "fermez le bloc intérieur avant l’extérieur."
                        )
                    )
                    stack.remove(at: position)
                    lists.remove(at: position)
                } else {
                    problems.append(
                        Problem(
                            kind: .unbalancedBlock, tag: occurrence.tag.display,
                            message: "La balise {{\(occurrence.tag.display)}} ferme un bloc qui n’a pas été ouvert."
                        )
                    )
                }
            case .scalar, .invalid: break
            }
        }
        for open in stack {
            let tag = occurrences[open].tag.display
            problems.append(Problem(kind: .unbalancedBlock, tag: tag, message: "Le bloc {{\(tag)}} n’est jamais fermé."))
        }

        // Extents, then markers removed, then paragraphs left empty dropped.
        var placed: [(open: Int, close: Int, first: TemplateNode, last: TemplateNode)] = []
        for pair in pairs {
            let open = occurrences[pair.open], close = occurrences[pair.close]
            if let (first, last) = Self.extent(part, open: open, close: close) {
                placed.append((pair.open, pair.close, first, last))
            } else {
                let tag = open.tag.display
                problems.append(
                    Problem(
                        kind: .misplacedTag, tag: tag,
                        message: "Le bloc {{\(tag)}} s’ouvre et se ferme dans des lignes de tableau (ou des cadres) différentes : "
                            + "placez {{\(tag)}} et sa fermeture dans la même ligne, ou autour de paragraphes entiers."
                    )
                )
            }
        }
        for item in placed {
            for index in [item.open, item.close] {
                let occurrence = occurrences[index]
                occurrence.node.segments?[occurrence.segment] = .literal("")
            }
        }
        for (id, item) in placed.enumerated() {
            switch occurrences[item.open].tag.kind {
            case .listOpen(let name): blocks.append(Block(kind: .list(name)))
            case .ifOpen(let path): blocks.append(Block(kind: .condition(path)))
            default: blocks.append(Block(kind: .condition("")))
            }
            _ = id
        }
        // Starts in opening order (outer first), ends in closing order (inner first).
        for (id, item) in placed.enumerated().sorted(by: { $0.element.open < $1.element.open }) {
            item.first.startMarks.append(id)
            if item.first === occurrences[item.open].paragraph, Self.isEmpty(part, item.first) { item.first.dropped = true }
        }
        for (id, item) in placed.enumerated() {
            item.last.endMarks.append(id)
            if item.last === occurrences[item.close].paragraph, Self.isEmpty(part, item.last) { item.last.dropped = true }
        }
    }

    /// The first and last elements a block spans (the same row or paragraph for a one-element block), or nil.
    private static func extent(_ part: TemplatePart, open: TemplatePart.Occurrence, close: TemplatePart.Occurrence)
        -> (TemplateNode, TemplateNode)?
    {
        let first = open.paragraph, last = close.paragraph
        if case .listOpen = open.tag.kind, let row = first.ancestors.first(where: part.isRow),
            last.ancestors.first(where: part.isRow) === row
        {
            return (row, row)
        }
        if first === last { return (first, first) }
        let firstChain = [first] + first.ancestors
        let lastChain = [last] + last.ancestors
        let lastSet = Set(lastChain.map(ObjectIdentifier.init))
        guard let commonIndex = firstChain.firstIndex(where: { lastSet.contains(ObjectIdentifier($0)) }), commonIndex > 0 else {
            return nil
        }
        let common = firstChain[commonIndex]
        if part.isRow(common) { return (common, common) }
        if part.isParagraph(common) || part.isTableLevel(common) { return nil }
        guard let lastIndex = lastChain.firstIndex(where: { $0 === common }), lastIndex > 0 else { return nil }
        return (firstChain[commonIndex - 1], lastChain[lastIndex - 1])
    }

    /// A paragraph with no text left (markers removed) and nothing else to show (a picture, a text box, a field).
    private static func isEmpty(_ part: TemplatePart, _ paragraph: TemplateNode) -> Bool {
        let content: Set<Substring> = [
            "drawing", "pict", "object", "AlternateContent", "fldSimple", "instrText", "fldChar", "frame", "custom-shape",
            "rect", "note", "image", "sym", "tab", "br", "line-break", "s",
        ]
        func visit(_ node: TemplateNode) -> Bool {
            for child in node.children {
                switch child.kind {
                case .text:
                    if let segments = child.segments {
                        for segment in segments {
                            switch segment {
                            case .literal(let text): if !text.allSatisfy(\.isWhitespace) { return false }
                            case .tag: return false
                            }
                        }
                    } else if !child.text.allSatisfy(\.isWhitespace) {
                        if part.format == .odt || node.name == "w:t" { return false }
                    }
                case .element:
                    if part.isParagraph(child) || content.contains(child.localName) { return false }
                    if child.name == "w:pPr" || child.name == "w:rPr" { continue }
                    if !visit(child) { return false }
                case .other: continue
                }
            }
            return true
        }
        return visit(paragraph)
    }
}
