import Foundation

/// The key lists sort names by, compared byte by byte (SQLite's BINARY, PostgreSQL's `COLLATE "C"`), so both databases
/// give the same order, and that order is the one a French reader expects:
/// - accents, case and ligatures are ignored first: « Écluse » sorts with « ecluse », « Œuvre » as « oeuvre »,
///   « Çà et là » with the C's;
/// - apostrophes, hyphens and every other punctuation mark count as one space, and a space comes before every letter:
///   « Auto-école du Pont » before « Auto-école Richard », « L'Oréal » before « Laboratoire »;
/// - digits come before letters and are compared digit by digit (« 10 » before « 9 », as ICU does by default);
/// - names still equal are then ordered by their accents (« cote » < « coté » < « côte » < « côté »): the lower-case
///   name with its accents follows U+0001, which sorts before anything a name holds.
///
/// The first part (before U+0001) is `foldForSearch` with punctuation as spaces: it also answers substring searches
/// (`frenchSortKeyPrefix`). Changing this function changes stored keys: a migration must then recompute them.
public func frenchSortKey(_ s: String) -> String {
    let primary = SortKeyFolding.words(foldForSearch(s))
    let secondary = SortKeyFolding.words(s.lowercased().precomposedStringWithCanonicalMapping)
    return secondary == primary ? primary : primary + "\u{1}" + secondary
}

/// The part of `frenchSortKey` that ignores accents and case: what a substring search on the key column looks for
/// (« assurance-vie » → « assurance vie »). Holds letters, digits and single spaces only.
public func frenchSortKeyPrefix(_ s: String) -> String {
    SortKeyFolding.words(foldForSearch(s))
}

enum SortKeyFolding {
    /// Letters and digits kept, every run of anything else one space, none at either end.
    static func words(_ s: String) -> String {
        var scalars = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in s.unicodeScalars {
            let keep: Bool
            if scalar.isASCII {
                let value = scalar.value
                keep = (value >= 0x30 && value <= 0x39) || (value >= 0x61 && value <= 0x7A) || (value >= 0x41 && value <= 0x5A)
            } else {
                keep =
                    scalar.properties.isAlphabetic || scalar.properties.numericType != nil
                    || scalar.properties.generalCategory == .nonspacingMark
            }
            guard keep else {
                pendingSpace = !scalars.isEmpty
                continue
            }
            if pendingSpace {
                scalars.append(" ")
                pendingSpace = false
            }
            scalars.append(scalar)
        }
        return String(scalars)
    }
}
