import ComptoirCore
import Foundation

/// One unfolded content line of a vCard: `group.NAME;PARAM=value,value:raw value`.
public struct VCardProperty: Sendable, Hashable {
    /// The group prefix ("item1" in "item1.EMAIL"), if any.
    public var group: String?
    /// The property name, uppercased ("TEL").
    public var name: String
    /// Parameters by uppercased name; values are unquoted and split on commas ("TYPE" → ["work", "voice"]).
    public var parameters: [String: [String]]
    /// The value as written, still escaped.
    public var rawValue: String
    /// The physical line number (1-based) where the property starts, for error messages.
    public var line: Int

    /// The value as one TEXT: escapes resolved.
    public var text: String { VCardReader.unescape(rawValue) }

    /// The value split on unescaped ";" (structured values such as N and ADR), each part unescaped.
    public var components: [String] { VCardReader.split(rawValue, on: ";").map(VCardReader.unescape) }

    /// The value split on unescaped "," (lists such as CATEGORIES), each part unescaped.
    public var listValues: [String] { VCardReader.split(rawValue, on: ",").map(VCardReader.unescape) }

    /// The values of parameter `name` (case-insensitive), empty when absent.
    public func parameter(_ name: String) -> [String] {
        parameters[name.uppercased()] ?? []
    }
}

/// Why a vCard file could not be read; `line` is the 1-based physical line.
public enum VCardReadError: Error, Sendable, Hashable {
    /// A content line without ":" or with an unterminated quoted parameter.
    case malformedLine(line: Int)
    /// A property outside BEGIN:VCARD … END:VCARD, or an END without BEGIN.
    case outsideCard(line: Int)
    /// A BEGIN:VCARD inside another card.
    case nestedCard(line: Int)
    /// The file ended inside a card.
    case unterminatedCard
}

/// Reads vCard files (4.0, and 3.0 for the properties we map): unfolding, unescaping, parameters.
public enum VCardReader {
    /// The cards of `text`; cards without a `urn:uuid:` UID get one from `newID`.
    public static func read(_ text: String, newID: () -> UUID = { UUID() }) throws -> [VCard] {
        var cards: [VCard] = []
        var current: [VCardProperty]?
        for property in try properties(text) {
            switch property.name {
            case "BEGIN" where property.text.uppercased() == "VCARD":
                guard current == nil else { throw VCardReadError.nestedCard(line: property.line) }
                current = []
            case "END" where property.text.uppercased() == "VCARD":
                guard let finished = current else { throw VCardReadError.outsideCard(line: property.line) }
                cards.append(card(from: finished, newID: newID))
                current = nil
            default:
                guard current != nil else { throw VCardReadError.outsideCard(line: property.line) }
                current!.append(property)
            }
        }
        guard current == nil else { throw VCardReadError.unterminatedCard }
        return cards
    }

    /// Every content line of `text`, unfolded and split into name, parameters and raw value.
    public static func properties(_ text: String) throws -> [VCardProperty] {
        try logicalLines(text).map { try parse($0.bytes, line: $0.line) }
    }

    // MARK: - Mapping to VCard

    private static func card(from properties: [VCardProperty], newID: () -> UUID) -> VCard {
        // The nil UUID is a placeholder: `newID` is only called for cards that lack a usable UID.
        var card = VCard(uid: UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))
        var uid: UUID?
        var formattedName = ""
        var sawName = false
        var notes: [String] = []
        for property in properties {
            switch property.name {
            case "UID":
                var value = property.text
                if value.lowercased().hasPrefix("urn:uuid:") { value.removeFirst(9) }
                uid = UUID(uuidString: value)
            case "KIND":
                card.kind = property.text.lowercased() == "org" ? .org : .individual
            case "FN":
                formattedName = property.text
            case "N":
                sawName = true
                let parts = property.components
                card.familyName = parts.count > 0 ? parts[0] : ""
                card.givenName = parts.count > 1 ? parts[1] : ""
                card.civility = parts.count > 3 ? parts[3] : ""
            case "ORG":
                card.organization = property.components
            case "TITLE":
                card.jobTitle = property.text
            case "ROLE":
                card.role = property.text
            case "EMAIL":
                card.emails.append(
                    VCard.Email(property.text, type: place(of: property), isPreferred: isPreferred(property)))
            case "TEL":
                card.phones.append(phone(from: property))
            case "ADR":
                card.addresses.append(address(from: property))
            case "BDAY":
                card.birthday = day(property.text)
            case "NOTE":
                notes.append(property.text)
            case "CATEGORIES":
                card.categories += property.listValues.filter { !$0.isEmpty }
            case "REV":
                card.revision = timestamp(property.text)
            default:
                continue  // VERSION, PRODID and properties we do not map.
            }
        }
        card.uid = uid ?? newID()
        card.note = notes.joined(separator: "\n")
        if !sawName, card.kind == .individual { card.familyName = formattedName }
        if card.kind == .org, card.organization.isEmpty, !formattedName.isEmpty { card.organization = [formattedName] }
        return card
    }

    /// TYPE values, lowercased; a quoted list (`TYPE="work,voice"`) counts as several values.
    private static func types(of property: VCardProperty) -> [String] {
        property.parameter("TYPE").flatMap { $0.lowercased().split(separator: ",").map(String.init) }
    }

    private static func place(of property: VCardProperty) -> VCard.Place? {
        types(of: property).lazy.compactMap(VCard.Place.init(rawValue:)).first
    }

    private static func isPreferred(_ property: VCardProperty) -> Bool {
        property.parameter("PREF").contains("1") || types(of: property).contains("pref")  // "TYPE=pref" is vCard 3.0.
    }

    private static func phone(from property: VCardProperty) -> VCard.Phone {
        var number = property.text
        if number.lowercased().hasPrefix("tel:") {
            number.removeFirst(4)
            // URI parameters such as ";ext=12" are not part of the number.
            if let semicolon = number.firstIndex(of: ";") { number = String(number[..<semicolon]) }
        }
        let phoneTypes = types(of: property).compactMap(VCard.PhoneType.init(rawValue:))
        return VCard.Phone(number, types: phoneTypes, isPreferred: isPreferred(property))
    }

    private static func address(from property: VCardProperty) -> VCard.Address {
        var parts = property.components
        while parts.count < 7 { parts.append("") }
        // The PO box and extended address are deprecated in 4.0; older writers still fill them.
        var lines = parts[2].isEmpty ? [] : parts[2].split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if !parts[1].isEmpty { lines.append(parts[1]) }
        if !parts[0].isEmpty { lines.append(parts[0]) }
        return VCard.Address(
            streetLines: lines, locality: parts[3], region: parts[4], postalCode: parts[5], country: parts[6],
            type: place(of: property))
    }

    /// "19800229" or "1980-02-29"; nil for partial dates ("--0229") and anything else.
    private static func day(_ text: String) -> CalendarDay? {
        let digits = Array(text.utf8.filter { $0 != UInt8(ascii: "-") })
        guard digits.count == 8, let value = number(digits[0..<8]) else { return nil }
        return CalendarDay(year: value / 10_000, month: value / 100 % 100, day: value % 100)
    }

    /// "20260329T013000Z" (also with "-" and ":"); read as UTC.
    private static func timestamp(_ text: String) -> Date? {
        let bytes = Array(text.utf8.filter { $0 != UInt8(ascii: "-") && $0 != UInt8(ascii: ":") })
        guard bytes.count >= 15, bytes[8] == UInt8(ascii: "T"), let date = number(bytes[0..<8]),
            let time = number(bytes[9..<15]),
            let day = CalendarDay(year: date / 10_000, month: date / 100 % 100, day: date % 100),
            time / 10_000 < 24, time / 100 % 100 < 60, time % 100 < 61
        else { return nil }
        let seconds = time / 10_000 * 3600 + time / 100 % 100 * 60 + time % 100
        return day.startDate(in: VCardWriter.utc).addingTimeInterval(TimeInterval(seconds))
    }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in digits {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    // MARK: - Text rules

    /// Resolves escapes: `\n` or `\N` → newline, `\\` → `\`, `\,` → `,`, `\;` → `;` (any other escaped character stands for itself).
    public static func unescape(_ value: String) -> String {
        guard value.utf8.contains(UInt8(ascii: "\\")) else { return value }
        var result = String.UnicodeScalarView()
        var escaping = false
        for scalar in value.unicodeScalars {
            if escaping {
                result.append(scalar == "n" || scalar == "N" ? "\n" : scalar)
                escaping = false
            } else if scalar == "\\" {
                escaping = true
            } else {
                result.append(scalar)
            }
        }
        if escaping { result.append("\\") }
        return String(result)
    }

    /// Splits on `separator` where it is not escaped; the parts keep their escapes.
    static func split(_ value: String, on separator: Unicode.Scalar) -> [String] {
        var parts: [String] = []
        var current = String.UnicodeScalarView()
        var escaping = false
        for scalar in value.unicodeScalars {
            if escaping {
                current.append(scalar)
                escaping = false
            } else if scalar == "\\" {
                current.append(scalar)
                escaping = true
            } else if scalar == separator {
                parts.append(String(current))
                current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
        }
        parts.append(String(current))
        return parts
    }

    /// Physical lines (CRLF or LF) joined back: a line starting with a space or a tab continues the previous one.
    ///
    /// Works on bytes, so a writer that cut a line inside a multi-byte character is still read correctly.
    private static func logicalLines(_ text: String) -> [(bytes: [UInt8], line: Int)] {
        var result: [(bytes: [UInt8], line: Int)] = []
        var lineNumber = 0
        for var physical in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            if physical.last == 0x0D { physical = physical.dropLast() }
            if let first = physical.first, first == 0x20 || first == 0x09, !result.isEmpty {
                result[result.count - 1].bytes += physical.dropFirst()
            } else if !physical.isEmpty {
                result.append((Array(physical), lineNumber))
            }
        }
        return result
    }

    /// Splits one logical line into group, name, parameters and value.
    private static func parse(_ bytes: [UInt8], line: Int) throws -> VCardProperty {
        let colon = UInt8(ascii: ":")
        let semicolon = UInt8(ascii: ";")
        let quote = UInt8(ascii: "\"")
        var index = 0
        while index < bytes.count, bytes[index] != colon, bytes[index] != semicolon { index += 1 }
        guard index < bytes.count, index > 0 else { throw VCardReadError.malformedLine(line: line) }
        var name = String(decoding: bytes[0..<index], as: UTF8.self).uppercased()
        var group: String?
        if let dot = name.lastIndex(of: ".") {
            group = String(name[..<dot])
            name = String(name[name.index(after: dot)...])
        }
        var parameters: [String: [String]] = [:]
        while bytes[index] == semicolon {
            index += 1
            let nameStart = index
            while index < bytes.count, ![colon, semicolon, UInt8(ascii: "=")].contains(bytes[index]) { index += 1 }
            guard index < bytes.count else { throw VCardReadError.malformedLine(line: line) }
            let parameterName = String(decoding: bytes[nameStart..<index], as: UTF8.self).uppercased()
            var values: [String] = []
            if bytes[index] == UInt8(ascii: "=") {
                repeat {
                    index += 1
                    if index < bytes.count, bytes[index] == quote {
                        let valueStart = index + 1
                        guard let end = bytes[valueStart...].firstIndex(of: quote) else {
                            throw VCardReadError.malformedLine(line: line)
                        }
                        values.append(String(decoding: bytes[valueStart..<end], as: UTF8.self))
                        index = end + 1
                    } else {
                        let valueStart = index
                        while index < bytes.count, ![colon, semicolon, UInt8(ascii: ",")].contains(bytes[index]) {
                            index += 1
                        }
                        values.append(String(decoding: bytes[valueStart..<min(index, bytes.count)], as: UTF8.self))
                    }
                } while index < bytes.count && bytes[index] == UInt8(ascii: ",")
            }
            guard index < bytes.count else { throw VCardReadError.malformedLine(line: line) }
            parameters[parameterName, default: []] += values
        }
        guard bytes[index] == colon else { throw VCardReadError.malformedLine(line: line) }
        let value = String(decoding: bytes[(index + 1)...], as: UTF8.self)
        return VCardProperty(group: group, name: name, parameters: parameters, rawValue: value, line: line)
    }
}
