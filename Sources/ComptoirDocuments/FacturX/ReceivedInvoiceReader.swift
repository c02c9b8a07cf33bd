import ComptoirCore
import Foundation

/// Reads a received e-invoice: a Factur-X/ZUGFeRD PDF (its embedded CII), or a CII or UBL 2.1 XML.
///
/// Hostile input is the rule: the file is capped (`maxBytes`), inflated streams too; the XML goes through our own
/// `XMLScanner`, which refuses any DOCTYPE (no entity declarations, so no billion laughs and no external entity) and
/// knows only the five predefined entities; depth is capped. Garbage gives a `ReceivedInvoiceError`, never a crash.
public enum ReceivedInvoiceReader {
    public static let maxBytes = 20 * 1024 * 1024

    public static func read(_ bytes: [UInt8]) throws(ReceivedInvoiceError) -> ReceivedInvoiceFile {
        guard !bytes.isEmpty else { throw .empty }
        guard bytes.count <= maxBytes else { throw .tooLarge(limit: maxBytes) }
        if looksLikePDF(bytes) {
            let found = try ReceivedInvoicePDF.embeddedInvoiceXML(bytes)
            let invoice = try parse(xml: found.xml)
            return ReceivedInvoiceFile(
                invoice: invoice, container: .pdf, embeddedName: found.name, xml: found.xml,
                warnings: ReceivedInvoiceChecks.warnings(invoice))
        }
        guard looksLikeXML(bytes) else { throw .notAnInvoiceFile }
        let invoice = try parse(xml: bytes)
        return ReceivedInvoiceFile(
            invoice: invoice, container: .xml, embeddedName: nil, xml: bytes, warnings: ReceivedInvoiceChecks.warnings(invoice))
    }

    /// `%PDF-` within the first kilobyte (some producers put bytes before it).
    static func looksLikePDF(_ bytes: [UInt8]) -> Bool {
        let head = bytes.prefix(1024)
        let marker = Array("%PDF-".utf8)
        guard head.count >= marker.count else { return false }
        for start in head.startIndex...(head.endIndex - marker.count) where head[start] == marker[0] {
            if Array(head[start..<(start + marker.count)]) == marker { return true }
        }
        return false
    }

    /// A `<` first, after a UTF-8 byte order mark and white space; UTF-16 marks are recognised to be refused clearly.
    static func looksLikeXML(_ bytes: [UInt8]) -> Bool {
        if bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) { return true }
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        return index < bytes.count && bytes[index] == UInt8(ascii: "<")
    }

    /// The invoice of a CII or UBL document.
    public static func parse(xml bytes: [UInt8]) throws(ReceivedInvoiceError) -> ReceivedInvoice {
        guard bytes.count <= maxBytes else { throw .tooLarge(limit: maxBytes) }
        if bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) { throw .unsupportedEncoding }
        let root = try ReceivedXMLNode.parse(bytes)
        switch root.name {
        case "CrossIndustryInvoice": return try ReceivedInvoiceCII.invoice(root)
        case "Invoice", "CreditNote": return try ReceivedInvoiceUBL.invoice(root)
        default: throw .notAnInvoice(root: String(root.name.prefix(60)))
        }
    }

    /// The root element's local name of an XML, without parsing it all: how a PDF's streams are sorted.
    static func rootName(_ bytes: ArraySlice<UInt8>) -> String? {
        var index = bytes.startIndex
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index += 3 }
        let end = min(bytes.endIndex, index + 8192)
        while index < end {
            while index < end, bytes[index] != UInt8(ascii: "<") {
                guard [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) else { return nil }
                index += 1
            }
            guard index + 1 < end else { return nil }
            let next = bytes[index + 1]
            if next == UInt8(ascii: "?") || next == UInt8(ascii: "!") {
                // A declaration or a comment: skip to its end.
                guard let close = bytes[index..<end].firstIndex(of: UInt8(ascii: ">")) else { return nil }
                index = close + 1
                continue
            }
            var nameEnd = index + 1
            while nameEnd < end, ![0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ">"), UInt8(ascii: "/")].contains(bytes[nameEnd]) { nameEnd += 1 }
            let qualified = String(decoding: bytes[(index + 1)..<nameEnd], as: UTF8.self)
            return qualified.split(separator: ":").last.map(String.init)
        }
        return nil
    }
}

/// A parsed XML element: local name, attributes by local name, children, text. Built with `XMLScanner` (no DTD, no
/// entities beyond the five predefined ones, depth capped).
struct ReceivedXMLNode {
    var name: String
    var attributes: XMLAttributes
    var children: [ReceivedXMLNode] = []
    var text = ""

    static func parse(_ bytes: [UInt8]) throws(ReceivedInvoiceError) -> ReceivedXMLNode {
        var scanner = XMLScanner(part: "invoice")
        var stack: [ReceivedXMLNode] = []
        var root: ReceivedXMLNode?
        func handle(_ event: XMLEvent) {
            switch event {
            case .start(let name, let attributes):
                stack.append(ReceivedXMLNode(name: name, attributes: attributes))
            case .text(let text):
                if !stack.isEmpty { stack[stack.count - 1].text += text }
            case .end:
                guard let done = stack.popLast() else { return }
                if stack.isEmpty { root = done } else { stack[stack.count - 1].children.append(done) }
            }
        }
        do {
            let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes[3...] : bytes[...]
            try scanner.feed(body, handle)
            try scanner.finish(handle)
        } catch let error as XLSXError {
            if case .malformedXML(_, let reason) = error { throw .malformedXML(reason) }
            throw .malformedXML(error.description)
        } catch {
            throw .malformedXML("\(error)")
        }
        guard let root else { throw .malformedXML("no root element") }
        return root
    }

    func child(_ name: String) -> ReceivedXMLNode? { children.first { $0.name == name } }
    func all(_ name: String) -> [ReceivedXMLNode] { children.filter { $0.name == name } }

    /// The element at a `/`-separated path of local names (the first at each step).
    func at(_ path: String) -> ReceivedXMLNode? {
        var node: ReceivedXMLNode? = self
        for step in path.split(separator: "/") { node = node?.child(String(step)) }
        return node
    }

    /// The trimmed text at `path`; nil when absent or empty.
    func string(_ path: String) -> String? {
        guard let node = at(path) else { return nil }
        let text = node.text.trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    var value: String? {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    subscript(attribute: String) -> String? { attributes[attribute] }
}

/// Typed values read from the XML, each naming its field when invalid.
enum ReceivedValues {
    static func amount(_ text: String?, _ field: String) throws(ReceivedInvoiceError) -> ReceivedInvoice.Amount? {
        guard let text else { return nil }
        guard let amount = ReceivedInvoice.Amount(parsing: text) else { throw .invalidValue(field: field, value: text) }
        return amount
    }

    /// An amount in cents: EN 16931 allows two decimals at most.
    static func money(_ text: String?, _ field: String, _ currency: String) throws(ReceivedInvoiceError) -> Money? {
        guard let amount = try amount(text, field) else { return nil }
        guard let money = amount.money(currency) else { throw .invalidValue(field: field, value: text ?? "") }
        return money
    }

    static func rate(_ text: String?, _ field: String) throws(ReceivedInvoiceError) -> Int? {
        guard let amount = try amount(text, field) else { return nil }
        guard let points = amount.basisPoints, points >= 0, points <= 100_00 else { throw .invalidValue(field: field, value: text ?? "") }
        return points
    }

    /// `20261206` (CII format 102) or `2026-12-06` (UBL, and what some CII producers write).
    static func day(_ text: String?, _ field: String) throws(ReceivedInvoiceError) -> CalendarDay? {
        guard let text else { return nil }
        let digits = text.filter { $0 != "-" }
        guard digits.count == 8, digits.allSatisfy(\.isASCII), let number = Int(digits),
            let day = CalendarDay(year: number / 10_000, month: number / 100 % 100, day: number % 100)
        else { throw .invalidValue(field: field, value: text) }
        return day
    }

    /// UNTDID 1001: the codes of credit notes and of deposit (prepayment) invoices; anything else is an invoice.
    static func kind(_ code: String) -> ReceivedInvoice.Kind {
        switch code {
        case "381", "261", "262", "296", "308", "396", "420", "458", "532": .creditNote
        case "386": .deposit
        default: .invoice
        }
    }

    /// A party's identifiers kept as written, the SIREN taken from a SIRET when only that is given.
    static func normalizedParty(_ party: inout InvoiceParty) {
        func digits(_ value: String?) -> String? {
            guard let value else { return nil }
            let compact = value.filter { $0 != " " && $0 != "\u{00A0}" && $0 != "." }
            return compact.isEmpty ? nil : compact
        }
        party.siren = digits(party.siren)
        party.siret = digits(party.siret)
        if party.siren == nil, let siret = party.siret, siret.count == 14, siret.allSatisfy(\.isNumber) {
            party.siren = String(siret.prefix(9))
        }
        if let vat = party.vatNumber {
            party.vatNumber = vat.filter { $0 != " " }.uppercased()
        }
    }
}
