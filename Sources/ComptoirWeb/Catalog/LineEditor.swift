import ComptoirCore
import ComptoirServices
import Foundation
import Vapor

/// The lines of a document form (stock movements, delivery notes): one row of inputs per line, named `l0-product`,
/// `l0-quantity`…, with the line's errors under it. Without JavaScript the form shows blank rows to fill and a
/// « Plus de lignes » button that sends the form back with more of them, the input kept.
enum LineEditor {
    struct Column {
        var key: String
        var label: Localized
        var kind: Kind
        enum Kind {
            case product, quantity, money, text, serials
            /// A location's code, offered from the form's `stock-locations` list.
            case location
        }
    }

    /// The values of `count` line rows as submitted, by column key.
    static func rows(_ values: [String: String], columns: [String]) -> [[String: String]] {
        var rows: [[String: String]] = []
        var index = 0
        while index < 1_000 {
            let row = Dictionary(uniqueKeysWithValues: columns.map { ($0, values["l\(index)-\($0)"] ?? "") })
            if columns.allSatisfy({ values["l\(index)-\($0)"] == nil }) { break }
            rows.append(row)
            index += 1
        }
        return rows
    }

    /// A record picked with a typeahead: its id when the text shown is unchanged (the form re-sends the name it showed with
    /// `key__title` and the id with `key__id`), else what was typed or picked (the typeahead puts the id in the field).
    static func reference(_ values: [String: String], _ key: String) -> String {
        let typed = values[key] ?? ""
        if let id = values[key + "__id"], !id.isEmpty, typed == values[key + "__title"] { return id }
        return typed
    }

    /// The hidden fields that go with a record shown by name (see `reference`).
    static func shownRecord(_ key: String, id: String?, title: String?) -> [HTMLNode] {
        guard let id, let title else { return [] }
        return [H.hidden(key + "__id", id), H.hidden(key + "__title", title)]
    }

    /// The product as typed, or as the typeahead shows it (« REF — Name »): the reference is before the dash.
    static func productReference(_ text: String) -> String {
        if let range = text.range(of: " — ") { return String(text[..<range.lowerBound]) }
        return text
    }

    /// The line rows, with `blank` empty rows after the filled ones, and the errors of each line (`lines[0].quantity`).
    static func table(
        _ columns: [Column], rows: [[String: String]], blank: Int, errors: [String: [Localized]], locale: DisplayLocale
    ) -> HTMLNode {
        let filled = rows.filter { $0.values.contains { !$0.fastTrimmed.isEmpty } }
        let all = filled + Array(repeating: [:], count: max(blank, filled.isEmpty ? 3 : 1))
        var body: [HTMLNode] = []
        for (index, row) in all.enumerated() {
            var cells: [HTMLNode] = []
            var lineErrors: [String] = []
            for column in columns {
                let name = "l\(index)-\(column.key)"
                let fieldErrors = errors["lines[\(index)].\(column.key)"] ?? []
                lineErrors += fieldErrors.map { $0(locale) }
                let value = row[column.key] ?? ""
                var attributes: [(String, String?)] = [
                    ("id", name), ("name", name), ("aria-label", "\(column.label(locale)) — \(L("ligne", "line")(locale)) \(index + 1)"),
                    ("aria-invalid", fieldErrors.isEmpty ? nil : "true"), ("autocomplete", "off"),
                ]
                let input: HTMLNode
                switch column.kind {
                case .serials:
                    input = H.el("textarea", attributes + [("rows", "2"), ("class", "serials")], text: value)
                case .product:
                    attributes += [("type", "text"), ("value", value), ("data-typeahead", "products"), ("class", "product")]
                    input = H.void("input", attributes)
                case .quantity, .money:
                    attributes += [("type", "text"), ("value", value), ("inputmode", "decimal"), ("class", "number")]
                    input = H.void("input", attributes)
                case .text:
                    attributes += [("type", "text"), ("value", value)]
                    input = H.void("input", attributes)
                case .location:
                    attributes += [("type", "text"), ("value", value), ("list", "stock-locations"), ("class", "location")]
                    input = H.void("input", attributes)
                }
                cells.append(H.el("td", [("data-label", column.label(locale))], [input]))
            }
            body.append(H.el("tr", [("class", lineErrors.isEmpty ? nil : "invalid")], cells))
            if !lineErrors.isEmpty {
                body.append(
                    H.el(
                        "tr", [("class", "line-errors")],
                        [
                            H.el(
                                "td", [("colspan", String(columns.count))],
                                [H.el("p", [("class", "field-error")], text: lineErrors.joined(separator: " "))])
                        ]
                    ))
            }
        }
        return H.el(
            "table", [("class", "list lines"), ("id", "f-lines")],
            [
                H.el("thead", [], [H.el("tr", [], columns.map { H.el("th", [("scope", "col")], text: $0.label(locale)) })]),
                H.el("tbody", [], body),
            ])
    }

    /// The error summary of a document form: each message with a link to its input.
    static func summary(_ errors: [String: [Localized]], labels: [String: Localized], locale: DisplayLocale) -> HTMLNode? {
        guard !errors.isEmpty else { return nil }
        let items = errors.keys.sorted().map { key -> HTMLNode in
            let message = errors[key]!.map { $0(locale) }.joined(separator: " ")
            var anchor = "f-\(key)"
            var label = labels[key].map { $0(locale) + " : " } ?? ""
            // `lines[2].quantity` → the row's input `l2-quantity`; the message already names the line.
            if key.hasPrefix("lines["), let close = key.firstIndex(of: "]") {
                let index = key[key.index(key.startIndex, offsetBy: 6)..<close]
                anchor = "l\(index)-" + key[key.index(after: close)...].dropFirst()
                label = ""
            } else if key == "lines" {
                anchor = "f-lines"
            }
            return H.el("li", [], [H.link("#" + anchor, label + message)])
        }
        return H.el(
            "div", [("class", "error-summary"), ("role", "alert"), ("tabindex", "-1")],
            [H.el("p", text: L("Le formulaire contient des erreurs :", "The form has errors:")(locale)), H.el("ul", [], items)])
    }

    /// A refused transition on a document's page: `heading` (« Rien n'a été validé : »), then every reason — the fields'
    /// messages, or the error's own when it names no field.
    static func refusal(_ error: AppError, heading: Localized, locale: DisplayLocale) -> HTMLNode {
        // « mentions » already lists what its « mentions.x » keys name one by one (for the API): say it once.
        let keys = error.fields.keys.sorted().filter { key in
            guard let dot = key.firstIndex(of: ".") else { return true }
            return error.fields[String(key[..<dot])] == nil
        }
        var messages = keys.flatMap { error.fields[$0]! }.map { $0(locale) }
        if messages.isEmpty { messages = [error.message(locale)] }
        return H.el(
            "div", [("class", "error-summary"), ("role", "alert"), ("tabindex", "-1")],
            [H.el("p", text: heading(locale)), H.el("ul", [], messages.map { H.el("li", text: $0) })])
    }

    /// A labelled input of the form's header (not a line), with its errors.
    static func field(
        _ key: String, _ label: Localized, _ value: String, errors: [String: [Localized]], locale: DisplayLocale, required: Bool = false,
        input: ((_ attributes: [(String, String?)]) -> HTMLNode)? = nil
    ) -> HTMLNode {
        let fieldErrors = errors[key] ?? []
        let id = "f-\(key)"
        var attributes: [(String, String?)] = [
            ("id", id), ("name", key), ("aria-invalid", fieldErrors.isEmpty ? nil : "true"),
            ("aria-describedby", fieldErrors.isEmpty ? nil : "\(id)-error"), H.flag("required", required),
        ]
        let control: HTMLNode
        if let input {
            control = input(attributes)
        } else {
            attributes += [("type", "text"), ("value", value), ("autocomplete", "off")]
            control = H.void("input", attributes)
        }
        var nodes: [HTMLNode] = [H.el("label", [("for", id)], text: label(locale) + (required ? " *" : "")), control]
        if !fieldErrors.isEmpty {
            nodes.append(
                H.el("p", [("class", "field-error"), ("id", "\(id)-error")], text: fieldErrors.map { $0(locale) }.joined(separator: " ")))
        }
        return H.el("div", [("class", "field")], nodes)
    }

    /// A select of `options` (value, label) with `selected`.
    static func select(_ attributes: [(String, String?)], _ options: [(String, String)], selected: String, blank: String? = nil) -> HTMLNode
    {
        var nodes: [HTMLNode] = []
        if let blank { nodes.append(H.el("option", [("value", "")], text: blank)) }
        for (value, label) in options {
            nodes.append(H.el("option", [("value", value), H.flag("selected", value == selected)], text: label))
        }
        return H.el("select", attributes, nodes)
    }
}
