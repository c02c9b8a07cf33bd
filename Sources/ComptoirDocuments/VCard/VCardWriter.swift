import ComptoirCore
import Foundation

extension VCard {
    /// The card as vCard 4.0 text: CRLF line endings, escaped text, lines folded at 75 octets.
    public func serialized() -> String {
        var lines: [String] = ["BEGIN:VCARD", "VERSION:4.0", "UID:urn:uuid:" + uid.uuidString.lowercased()]
        if kind == .org { lines.append("KIND:org") }
        lines.append("FN:" + VCardWriter.escape(formattedName))
        if kind == .individual || !givenName.isEmpty || !familyName.isEmpty || !civility.isEmpty {
            // N: family;given;additional;prefix;suffix.
            lines.append("N:" + VCardWriter.structured([familyName, givenName, "", civility, ""]))
        }
        if !organization.isEmpty { lines.append("ORG:" + VCardWriter.structured(organization)) }
        if !jobTitle.isEmpty { lines.append("TITLE:" + VCardWriter.escape(jobTitle)) }
        if !role.isEmpty { lines.append("ROLE:" + VCardWriter.escape(role)) }
        for email in emails {
            var parameters: [String] = []
            if let type = email.type { parameters.append("TYPE=" + type.rawValue) }
            if email.isPreferred { parameters.append("PREF=1") }
            lines.append(VCardWriter.line("EMAIL", parameters, VCardWriter.escape(email.address)))
        }
        for phone in phones { lines.append(Self.telephoneLine(phone)) }
        for address in addresses {
            let parameters = address.type.map { ["TYPE=" + $0.rawValue] } ?? []
            // ADR: PO box;extended;street;locality;region;postcode;country (the first two are deprecated, left empty).
            let street = address.streetLines.joined(separator: "\n")
            let components = ["", "", street, address.locality, address.region, address.postalCode, address.country]
            lines.append(VCardWriter.line("ADR", parameters, VCardWriter.structured(components)))
        }
        if let birthday {
            lines.append(
                "BDAY:" + VCardWriter.pad(birthday.year, 4) + VCardWriter.pad(birthday.month, 2) + VCardWriter.pad(birthday.day, 2))
        }
        if !note.isEmpty { lines.append("NOTE:" + VCardWriter.escape(note)) }
        if !categories.isEmpty {
            lines.append("CATEGORIES:" + categories.map(VCardWriter.escape).joined(separator: ","))
        }
        if let revision { lines.append("REV:" + VCardWriter.timestamp(revision)) }
        lines.append("END:VCARD")
        return lines.map { VCardWriter.fold($0) + "\r\n" }.joined()
    }

    /// Several cards one after the other, as in a multi-contact .vcf file.
    public static func serialize(_ cards: [VCard]) -> String {
        cards.map { $0.serialized() }.joined()
    }

    /// `TEL;VALUE=uri;TYPE=cell:tel:+33612345678` for valid numbers; free text otherwise, as typed.
    private static func telephoneLine(_ phone: Phone) -> String {
        var parameters: [String] = []
        let uri: String?
        if case .success(let e164) = PhoneNumber.validate(phone.number) {
            uri = "tel:" + e164
            parameters.append("VALUE=uri")
        } else {
            uri = nil
        }
        if !phone.types.isEmpty { parameters.append("TYPE=" + phone.types.map(\.rawValue).joined(separator: ",")) }
        if phone.isPreferred { parameters.append("PREF=1") }
        return VCardWriter.line("TEL", parameters, uri ?? VCardWriter.escape(phone.number))
    }
}

/// The text rules of vCard (RFC 6350 §3), shared with iCalendar (RFC 5545): escaping and line folding.
public enum VCardWriter {
    /// Escapes a TEXT value: backslash, comma, semicolon, and newlines (CRLF, CR or LF) as `\n`.
    public static func escape(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "\\": result.append(contentsOf: #"\\"#.unicodeScalars)
            case ",": result.append(contentsOf: #"\,"#.unicodeScalars)
            case ";": result.append(contentsOf: #"\;"#.unicodeScalars)
            case "\r": result.append(contentsOf: #"\n"#.unicodeScalars)
            case "\n": if !previousWasCR { result.append(contentsOf: #"\n"#.unicodeScalars) }
            default: result.append(scalar)
            }
        }
        return String(result)
    }

    /// Folds one content line (without its CRLF) so no physical line exceeds `limit` octets of UTF-8.
    ///
    /// Continuation lines start with a space, which counts in their octets. A line is never cut inside a
    /// multi-byte character, so every physical line is valid UTF-8 on its own.
    public static func fold(_ line: String, limit: Int = 75) -> String {
        precondition(limit >= 5, "fold: the limit must leave room for a 4-byte character after the space")
        let bytes = Array(line.utf8)
        guard bytes.count > limit else { return line }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + (bytes.count / (limit - 1) + 1) * 3)
        var start = 0
        while start < bytes.count {
            let room = start == 0 ? limit : limit - 1
            var end = min(start + room, bytes.count)
            // Back off to the first byte of a character (continuation bytes are 10xxxxxx).
            while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end -= 1 }
            if start > 0 { output += [0x0D, 0x0A, 0x20] }
            output += bytes[start..<end]
            start = end
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// A structured value: each component escaped, joined by ";".
    static func structured(_ components: [String]) -> String {
        components.map(escape).joined(separator: ";")
    }

    /// `NAME;P1;P2:value`.
    static func line(_ name: String, _ parameters: [String], _ value: String) -> String {
        ([name] + parameters).joined(separator: ";") + ":" + value
    }

    /// A UTC timestamp in the basic format, "20260329T013000Z" (to the second, fractions dropped).
    static func timestamp(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let secondOfDay = (seconds % 86_400 + 86_400) % 86_400
        let day = CalendarDay(date, in: utc)
        return pad(day.year, 4) + pad(day.month, 2) + pad(day.day, 2) + "T" + pad(secondOfDay / 3600, 2)
            + pad(secondOfDay % 3600 / 60, 2) + pad(secondOfDay % 60, 2) + "Z"
    }

    static let utc = TimeZone(secondsFromGMT: 0)!

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
