import Foundation

/// The inalterability chain of validated invoices, credit notes and payments: each link's hash is
/// `SHA-256(previous hash + "\n" + canonical content)`, so changing any recorded field, or removing or reordering a
/// link, breaks every hash from there on. The digest is injected (the services pass swift-crypto's SHA-256), as TOTP's
/// HMAC is, so that this file stays pure.
public enum HashChain {
    /// The previous hash of the first link: 64 zeros.
    public static let genesis = String(repeating: "0", count: 64)

    /// A record's content as an ordered list of named fields. Its canonical form sorts the fields by name (byte order)
    /// and writes each as `name=length:value;` where `length` is the value's size in UTF-8 bytes, so no value can be
    /// mistaken for a separator and no escaping is needed. Amounts are decimal strings (« 1234.50 »), dates ISO 8601.
    public struct Content: Sendable, Hashable {
        public private(set) var fields: [String: String]

        public init(_ fields: [String: String] = [:]) { self.fields = fields }

        public subscript(name: String) -> String? {
            get { fields[name] }
            set { fields[name] = newValue }
        }

        /// Reads a canonical form back (the archived copy of a link), nil when it is not one.
        public init?(canonical: String) {
            var fields: [String: String] = [:]
            var bytes = Array(canonical.utf8)[...]
            while !bytes.isEmpty {
                guard let equals = bytes.firstIndex(of: UInt8(ascii: "=")), let colon = bytes[equals...].firstIndex(of: UInt8(ascii: ":")),
                    let name = String(bytes: bytes[bytes.startIndex..<equals], encoding: .utf8),
                    let length = Int(String(decoding: bytes[(equals + 1)..<colon], as: UTF8.self)), length >= 0,
                    colon + 1 + length < bytes.endIndex, bytes[colon + 1 + length] == UInt8(ascii: ";"),
                    let value = String(bytes: bytes[(colon + 1)..<(colon + 1 + length)], encoding: .utf8)
                else { return nil }
                fields[name] = value
                bytes = bytes[(colon + 2 + length)...]
            }
            self.fields = fields
        }

        /// The names of the fields whose values differ between the two contents (present in one only included), sorted.
        public func changedFields(comparedTo other: Content) -> [String] {
            Set(fields.keys).union(other.fields.keys).filter { fields[$0] != other.fields[$0] }.sorted()
        }

        public var canonical: String {
            fields.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }.map { name in
                let value = fields[name] ?? ""
                return "\(name)=\(value.utf8.count):\(value);"
            }.joined()
        }
    }

    /// The hash of a link: lowercase hexadecimal of `digest(previous + "\n" + canonical)`.
    public static func link(previous: String, content: Content, digest: ([UInt8]) -> [UInt8]) -> String {
        hex(digest(Array((previous + "\n" + content.canonical).utf8)))
    }

    /// One link as stored: its position, the previous hash it was computed on, the content and the hash.
    public struct Link: Sendable, Hashable {
        public var sequence: Int64
        public var previous: String
        public var content: Content
        public var hash: String

        public init(sequence: Int64, previous: String, content: Content, hash: String) {
            self.sequence = sequence
            self.previous = previous
            self.content = content
            self.hash = hash
        }
    }

    /// Why a link is broken.
    public enum Break: Sendable, Hashable {
        /// Its recorded previous hash is not the hash of the link before it (a link removed, inserted or reordered).
        case previousMismatch
        /// Its hash is not the hash of its content (a field changed).
        case hashMismatch
        /// Its sequence does not follow the one before it.
        case sequenceGap

        public func message(french: Bool) -> String {
            switch self {
            case .previousMismatch:
                french
                    ? "le hachage précédent enregistré n'est pas celui du maillon d'avant (maillon supprimé, inséré ou déplacé)"
                    : "its recorded previous hash is not the hash of the link before it (a link removed, inserted or moved)"
            case .hashMismatch:
                french
                    ? "son contenu ne correspond plus à son hachage (donnée modifiée)"
                    : "its content no longer matches its hash (data changed)"
            case .sequenceGap:
                french ? "sa position ne suit pas celle du maillon d'avant" : "its position does not follow the link before it"
            }
        }
    }

    /// The first broken link of `links` (in sequence order) following `previous` (the hash before the first of them,
    /// `genesis` from the start), or nil when every link holds.
    public static func firstBreak(
        _ links: [Link], after previous: String = genesis, previousSequence: Int64 = 0, digest: ([UInt8]) -> [UInt8]
    ) -> (link: Link, reason: Break)? {
        var expectedPrevious = previous
        var expectedSequence = previousSequence + 1
        for link in links {
            if link.sequence != expectedSequence { return (link, .sequenceGap) }
            if link.previous != expectedPrevious { return (link, .previousMismatch) }
            if self.link(previous: link.previous, content: link.content, digest: digest) != link.hash { return (link, .hashMismatch) }
            expectedPrevious = link.hash
            expectedSequence += 1
        }
        return nil
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        var text = ""
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return text
    }
}
