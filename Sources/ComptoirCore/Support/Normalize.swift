import Foundation

/// Folds text for search and duplicate detection: lowercase, no diacritics, œ→oe, æ→ae, ß→ss,
/// apostrophes and hyphens as spaces, whitespace collapsed ("Société Générale" → "societe generale").
public func foldForSearch(_ s: String) -> String {
    // Compatibility decomposition splits accents from letters and also unfolds ligatures (ﬁ), full-width
    // forms and no-break spaces; combining marks are then dropped.
    let decomposed = s.lowercased().decomposedStringWithCompatibilityMapping
    var result = String.UnicodeScalarView()
    var pendingSpace = false
    for scalar in decomposed.unicodeScalars {
        if scalar.properties.generalCategory == .nonspacingMark { continue }
        if scalar.properties.isWhitespace || SearchFolding.spaceLike.contains(scalar) {
            pendingSpace = !result.isEmpty
            continue
        }
        if pendingSpace {
            result.append(" ")
            pendingSpace = false
        }
        if let replacement = SearchFolding.letters[scalar] {
            result.append(contentsOf: replacement.unicodeScalars)
        } else {
            result.append(scalar)
        }
    }
    return String(result)
}

/// Tables for `foldForSearch` (internal).
enum SearchFolding {
    /// Apostrophes, quotes-used-as-apostrophes and the hyphen family, which separate words like spaces.
    static let spaceLike: Set<Unicode.Scalar> = [
        "'", "\u{2019}", "\u{2018}", "\u{02BC}", "`", "\u{00B4}",
        "-", "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2015}", "\u{2212}",
    ]

    /// Letters that do not decompose into a base letter plus marks.
    static let letters: [Unicode.Scalar: String] = [
        "œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "đ": "d", "ł": "l", "ı": "i", "ð": "d", "þ": "th",
    ]
}
