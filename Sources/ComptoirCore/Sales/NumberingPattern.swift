import Foundation

/// A document numbering pattern (« FA{yyyy}-{00000} »): literal text, the year (`{yyyy}` or `{yy}`), the month (`{mm}`)
/// and exactly one counter whose width is its number of zeros (`{00000}` → 00042). The counter restarts each year
/// whatever the pattern shows, so the year must be in the pattern (a reference stays unique across years).
public struct NumberingPattern: Sendable, Hashable {
    public enum Part: Sendable, Hashable {
        case literal(String)
        case year4, year2, month
        case counter(width: Int)
    }

    /// Why a pattern is refused.
    public enum Problem: Error, Sendable, Hashable {
        case empty
        /// A `{…}` that is none of the known placeholders, or a brace left open.
        case unknownPlaceholder(String)
        case missingCounter
        case severalCounters
        case missingYear
        /// A counter wider than 10 digits.
        case counterTooWide
        /// Characters a reference may not hold (only letters, digits, `-`, `_`, `/` and `.`).
        case invalidCharacter(Character)

        public func message(french: Bool) -> String {
            switch self {
            case .empty: french ? "Le modèle de numérotation est vide." : "The numbering pattern is empty."
            case .unknownPlaceholder(let text):
                french
                    ? "« \(text) » n'est pas une balise connue (utilisez {yyyy}, {yy}, {mm} et un compteur tel que {00000})."
                    : "\"\(text)\" is not a known placeholder (use {yyyy}, {yy}, {mm} and a counter such as {00000})."
            case .missingCounter:
                french ? "Le modèle doit contenir un compteur, par exemple {00000}." : "The pattern needs a counter, e.g. {00000}."
            case .severalCounters: french ? "Le modèle ne peut contenir qu'un compteur." : "The pattern may hold only one counter."
            case .missingYear:
                french
                    ? "Le modèle doit contenir l'année ({yyyy} ou {yy}) : la numérotation repart à 1 chaque année."
                    : "The pattern needs the year ({yyyy} or {yy}): numbering restarts at 1 each year."
            case .counterTooWide: french ? "Le compteur a 10 chiffres au plus." : "The counter has at most 10 digits."
            case .invalidCharacter(let character):
                french
                    ? "« \(character) » n'est pas permis : lettres, chiffres, -, _, / et . seulement."
                    : "\"\(character)\" is not allowed: letters, digits, -, _, / and . only."
            }
        }
    }

    public let parts: [Part]
    /// The text it was parsed from.
    public let text: String

    public static let quotes = try! NumberingPattern(parsing: "DE{yyyy}-{00000}")
    public static let orders = try! NumberingPattern(parsing: "CO{yyyy}-{00000}")
    public static let invoices = try! NumberingPattern(parsing: "FA{yyyy}-{00000}")
    public static let creditNotes = try! NumberingPattern(parsing: "AV{yyyy}-{00000}")
    public static let supplierOrders = try! NumberingPattern(parsing: "CF{yyyy}-{00000}")
    public static let supplierInvoices = try! NumberingPattern(parsing: "FF{yyyy}-{00000}")

    public init(parsing raw: String) throws(Problem) {
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { throw .empty }
        var parts: [Part] = []
        var literal = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "{" {
                guard let close = text[index...].firstIndex(of: "}") else { throw .unknownPlaceholder(String(text[index...])) }
                let name = String(text[text.index(after: index)..<close])
                if !literal.isEmpty {
                    parts.append(.literal(literal))
                    literal = ""
                }
                switch name {
                case "yyyy": parts.append(.year4)
                case "yy": parts.append(.year2)
                case "mm": parts.append(.month)
                default:
                    guard !name.isEmpty, name.allSatisfy({ $0 == "0" }) else { throw .unknownPlaceholder("{\(name)}") }
                    guard name.count <= 10 else { throw .counterTooWide }
                    parts.append(.counter(width: name.count))
                }
                index = text.index(after: close)
                continue
            }
            guard character.isASCII, character.isLetter || character.isNumber || "-_/.".contains(character) else {
                throw .invalidCharacter(character)
            }
            literal.append(character)
            index = text.index(after: index)
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        let counters = parts.filter { if case .counter = $0 { return true } else { return false } }.count
        guard counters > 0 else { throw .missingCounter }
        guard counters == 1 else { throw .severalCounters }
        guard parts.contains(.year4) || parts.contains(.year2) else { throw .missingYear }
        self.parts = parts
        self.text = text
    }

    /// The reference of number `counter` in `year` and `month`: « FA2026-00042 ». A counter wider than the pattern's
    /// zeros is written in full (« FA2026-100000 »), never cut.
    public func format(year: Int, month: Int, counter: Int64) -> String {
        parts.map { part in
            switch part {
            case .literal(let text): text
            case .year4: Self.padded(Int64(year), 4)
            case .year2: Self.padded(Int64(year % 100), 2)
            case .month: Self.padded(Int64(month), 2)
            case .counter(let width): Self.padded(counter, width)
            }
        }.joined()
    }

    /// The reference of `counter` on `day` (its year and month).
    public func format(_ day: CalendarDay, counter: Int64) -> String { format(year: day.year, month: day.month, counter: counter) }

    private static func padded(_ value: Int64, _ width: Int) -> String {
        var digits = String(value)
        while digits.count < width { digits = "0" + digits }
        return digits
    }
}
