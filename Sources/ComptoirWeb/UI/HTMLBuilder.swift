import ComptoirServices
import Plot
import Vapor

/// Body nodes, the one node type our views build.
public typealias HTMLNode = Node<HTML.BodyContext>

/// Small helpers over Plot. Plot writes attribute values as given, so every value goes through
/// `escapeAttribute` here; text goes through Plot's `.text`, which escapes markup.
public enum H {
    public static func escapeAttribute(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.count)
        for character in value {
            switch character {
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.append(character)
            }
        }
        return out
    }

    /// An element with attributes (`nil` values are left out) and children.
    public static func el(_ name: String, _ attributes: [(String, String?)] = [], _ children: [HTMLNode] = []) -> HTMLNode {
        var nodes: [HTMLNode] = []
        nodes.reserveCapacity(attributes.count + children.count)
        for (key, value) in attributes {
            guard let value else { continue }
            nodes.append(.attribute(named: key, value: escapeAttribute(value), ignoreIfValueIsEmpty: false))
        }
        nodes.append(contentsOf: children)
        return .element(named: name, nodes: nodes)
    }

    /// An element holding only text.
    public static func el(_ name: String, _ attributes: [(String, String?)] = [], text: String) -> HTMLNode {
        el(name, attributes, [.text(text)])
    }

    /// A void element (`input`, `img`…): no children.
    public static func void(_ name: String, _ attributes: [(String, String?)]) -> HTMLNode {
        let rendered: [Attribute<HTML.BodyContext>] = attributes.compactMap { key, value in
            guard let value else { return nil }
            return Attribute(name: key, value: escapeAttribute(value), ignoreIfValueIsEmpty: false)
        }
        return .selfClosedElement(named: name, attributes: rendered)
    }

    /// A boolean attribute when `flag` is true (`required`, `checked`…).
    public static func flag(_ name: String, _ flag: Bool) -> (String, String?) {
        (name, flag ? name : nil)
    }

    public static func text(_ text: String) -> HTMLNode { .text(text) }

    public static func link(_ href: String, _ label: String, _ attributes: [(String, String?)] = []) -> HTMLNode {
        el("a", [("href", href)] + attributes, text: label)
    }

    /// A POST form with its CSRF field.
    public static func postForm(
        _ action: String, csrf: String, attributes: [(String, String?)] = [], multipart: Bool = false, _ children: [HTMLNode]
    ) -> HTMLNode {
        el(
            "form",
            [("method", "post"), ("action", action), ("enctype", multipart ? "multipart/form-data" : nil)] + attributes,
            [hidden("_csrf", csrf)] + children)
    }

    public static func hidden(_ name: String, _ value: String) -> HTMLNode {
        void("input", [("type", "hidden"), ("name", name), ("value", value)])
    }

    /// An inline SVG icon from the sprite served at /assets/icons.svg.
    public static func icon(_ name: String) -> HTMLNode {
        .raw("<svg class=\"icon\" aria-hidden=\"true\"><use href=\"/assets/icons.svg#\(escapeAttribute(name))\"></use></svg>")
    }
}
