import ComptoirCore

/// Small server-drawn SVG charts (no script): bars are attributes, labels are text nodes escaped like any other, and
/// each chart carries a title and a description so a screen reader gets the figures the picture shows.
enum SVGChart {
    struct Bar {
        var label: String
        var value: Int64
        /// The text written at the end of the bar and in its tooltip.
        var caption: String
    }

    /// Horizontal bars, one row per item, the label on the left (a funnel when the items are a pipeline's stages).
    static func horizontal(_ bars: [Bar], title: String, css: String = "chart") -> HTMLNode {
        let row = 30, labelWidth = 210, width = 640, barSpace = 290
        let top = bars.map(\.value).max() ?? 0
        var nodes: [HTMLNode] = [H.el("title", text: title), H.el("desc", text: describe(bars))]
        for (index, bar) in bars.enumerated() {
            let y = index * row
            let length = top > 0 && bar.value > 0 ? max(2, Int(Double(barSpace) * Double(bar.value) / Double(top))) : 0
            nodes.append(
                H.el(
                    "g", [("class", "bar")],
                    [
                        H.el("title", text: "\(bar.label) : \(bar.caption)"),
                        H.el("text", [("x", "0"), ("y", "\(y + 19)"), ("class", "label")], text: clip(bar.label, 30)),
                        H.void(
                            "rect",
                            [("x", "\(labelWidth)"), ("y", "\(y + 6)"), ("width", "\(length)"), ("height", "\(row - 12)"), ("rx", "3")]),
                        H.el("text", [("x", "\(labelWidth + length + 8)"), ("y", "\(y + 19)"), ("class", "value")], text: bar.caption),
                    ]))
        }
        return H.el(
            "svg",
            [
                ("class", css), ("viewBox", "0 0 \(width) \(max(row, bars.count * row))"), ("role", "img"),
                ("xmlns", "http://www.w3.org/2000/svg"), ("preserveAspectRatio", "xMinYMin meet"),
            ], nodes)
    }

    /// Vertical columns over a row of short labels (months), the value of each in its tooltip.
    static func columns(_ bars: [Bar], title: String, css: String = "chart") -> HTMLNode {
        let width = 640, height = 180, base = 150, step = width / max(1, bars.count)
        let top = bars.map(\.value).max() ?? 0
        var nodes: [HTMLNode] = [
            H.el("title", text: title), H.el("desc", text: describe(bars)),
            H.void("line", [("x1", "0"), ("y1", "\(base)"), ("x2", "\(width)"), ("y2", "\(base)"), ("class", "axis")]),
        ]
        for (index, bar) in bars.enumerated() {
            let x = index * step
            let length = top > 0 && bar.value > 0 ? max(2, Int(Double(base - 20) * Double(bar.value) / Double(top))) : 0
            nodes.append(
                H.el(
                    "g", [("class", "bar")],
                    [
                        H.el("title", text: "\(bar.label) : \(bar.caption)"),
                        H.void(
                            "rect",
                            [
                                ("x", "\(x + step / 5)"), ("y", "\(base - length)"), ("width", "\(step * 3 / 5)"), ("height", "\(length)"),
                                ("rx", "2"),
                            ]),
                        H.el(
                            "text", [("x", "\(x + step / 2)"), ("y", "\(base + 18)"), ("class", "label"), ("text-anchor", "middle")],
                            text: bar.label),
                    ]))
        }
        return H.el(
            "svg",
            [
                ("class", css), ("viewBox", "0 0 \(width) \(height)"), ("role", "img"), ("xmlns", "http://www.w3.org/2000/svg"),
                ("preserveAspectRatio", "xMinYMin meet"),
            ], nodes)
    }

    private static func describe(_ bars: [Bar]) -> String {
        bars.map { "\($0.label) : \($0.caption)" }.joined(separator: " ; ")
    }

    private static func clip(_ text: String, _ length: Int) -> String {
        text.count > length ? String(text.prefix(length - 1)) + "…" : text
    }
}
