import Foundation

/// Excel's rules for sheet names, shared by both writers.
struct XLSXSheetNames {
    private var seen: Set<String> = []

    /// The names accepted so far, in order.
    private(set) var names: [String] = []

    /// Checks `name` against Excel's rules and the names already taken, then takes it.
    mutating func add(_ name: String) throws {
        try Self.validate(name)
        guard seen.insert(name.lowercased()).inserted else {
            throw XLSXError.invalidSheetName(name, reason: "used twice (Excel ignores case)")
        }
        names.append(name)
    }

    /// Excel's rules: 1 to 31 characters, none of []:*?/\, no apostrophe at either end, not "History" (reserved).
    static func validate(_ name: String) throws {
        func refuse(_ reason: String) -> XLSXError { .invalidSheetName(name, reason: reason) }
        if name.isEmpty { throw refuse("empty") }
        if name.utf16.count > 31 { throw refuse("longer than 31 characters") }
        if let bad = name.first(where: { "[]:*?/\\".contains($0) }) { throw refuse("contains \"\(bad)\"") }
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0xFFFE || $0.value == 0xFFFF }) {
            throw refuse("contains a control character")
        }
        if name.hasPrefix("'") || name.hasSuffix("'") { throw refuse("starts or ends with an apostrophe") }
        if name.lowercased() == "history" { throw refuse("reserved by Excel") }
    }
}
