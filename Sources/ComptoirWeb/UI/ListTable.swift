import ComptoirCore
import ComptoirServices
import Foundation

/// A cell of a `H.listTable` row: its content and the classes of its `td` (`number`, `multiline`, `hash`…).
struct ListCell {
    var content: [HTMLNode]
    var classes: String?

    static func text(_ text: String, _ classes: String? = nil) -> ListCell { ListCell(content: [.text(text)], classes: classes) }
    static func node(_ node: HTMLNode, _ classes: String? = nil) -> ListCell { ListCell(content: [node], classes: classes) }
}

extension H {
    /// A `table.list` with its header row, each cell labelled by its column (phones show the label beside the value).
    /// `caption`, when given, names the table for screen readers (a chart's figures).
    static func listTable(_ headers: [Localized], _ locale: DisplayLocale, rows: [[ListCell]], caption: String? = nil) -> HTMLNode {
        H.el(
            "table", [("class", "list")],
            (caption.map { [H.el("caption", [("class", "visually-hidden")], text: $0)] } ?? []) + [
                H.el("thead", [], [H.el("tr", [], headers.map { H.el("th", [("scope", "col")], text: $0(locale)) })]),
                H.el(
                    "tbody", [],
                    rows.map { cells in
                        H.el(
                            "tr", [],
                            cells.enumerated().map { index, cell in
                                H.el(
                                    "td", [("class", cell.classes), ("data-label", index < headers.count ? headers[index](locale) : nil)],
                                    cell.content)
                            })
                    }),
            ])
    }
}
