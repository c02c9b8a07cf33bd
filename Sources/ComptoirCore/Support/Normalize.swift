import Foundation

/// Folds text for search and duplicate detection: lowercase, no diacritics, œ→oe, æ→ae, ß→ss,
/// apostrophes and hyphens as spaces, whitespace collapsed ("Société Générale" → "societe generale").
public func foldForSearch(_ s: String) -> String {
    foldASCII(s) ?? foldLatin(s) ?? foldUnicode(s)
}

/// `foldForSearch` for French text (ASCII, accented Latin-1 letters, œ, typographic apostrophes and
/// no-break spaces) by table, without Unicode normalisation; nil when the text has anything else.
func foldLatin(_ s: String) -> String? {
    var output: [UInt8] = []
    output.reserveCapacity(s.utf8.count)
    var pendingSpace = false
    for scalar in s.unicodeScalars {
        let value = scalar.value
        if value < 0x80 {
            let byte = UInt8(value)
            switch byte {
            case 0x09...0x0D, 0x20, UInt8(ascii: "'"), UInt8(ascii: "`"), UInt8(ascii: "-"):
                pendingSpace = !output.isEmpty
                continue
            default:
                if pendingSpace {
                    output.append(0x20)
                    pendingSpace = false
                }
                output.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
            }
        } else if value == 0xA0 || value == 0x202F || value == 0x2019 || value == 0x2018 {
            pendingSpace = !output.isEmpty
        } else if let folded = SearchFolding.latin[value] {
            if pendingSpace {
                output.append(0x20)
                pendingSpace = false
            }
            output.append(contentsOf: folded)
        } else {
            return nil
        }
    }
    return String(decoding: output, as: UTF8.self)
}

/// The general case of `foldForSearch` (internal; `foldASCII` must agree with it on ASCII text).
func foldUnicode(_ s: String) -> String {
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

/// `foldForSearch` for pure-ASCII text (most of what is indexed or imported), without Unicode tables;
/// nil when the text has other characters.
func foldASCII(_ s: String) -> String? {
    s.utf8.withContiguousStorageIfAvailable { bytes -> String? in
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var pendingSpace = false
        for byte in bytes {
            if byte >= 0x80 { return nil }
            switch byte {
            case 0x09...0x0D, 0x20, UInt8(ascii: "'"), UInt8(ascii: "`"), UInt8(ascii: "-"):
                pendingSpace = !output.isEmpty
            default:
                if pendingSpace {
                    output.append(0x20)
                    pendingSpace = false
                }
                output.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
            }
        }
        return String(decoding: output, as: UTF8.self)
    } ?? nil
}

/// Tables for `foldForSearch` (internal).
enum SearchFolding {
    /// Apostrophes, quotes-used-as-apostrophes and the hyphen family, which separate words like spaces.
    static let spaceLike: Set<Unicode.Scalar> = [
        "'", "\u{2019}", "\u{2018}", "\u{02BC}", "`", "\u{00B4}",
        "-", "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2015}", "\u{2212}",
    ]

    /// Accented Latin-1 letters and œ, folded (upper and lower case); what `foldLatin` handles by table.
    static let latin: [UInt32: [UInt8]] = {
        let groups: [(String, String)] = [
            ("àáâãäåÀÁÂÃÄÅ", "a"), ("çÇ", "c"), ("èéêëÈÉÊË", "e"), ("ìíîïÌÍÎÏ", "i"), ("ñÑ", "n"), ("òóôõöÒÓÔÕÖ", "o"),
            ("ùúûüÙÚÛÜ", "u"), ("ýÿÝ", "y"), ("æÆ", "ae"), ("œŒ", "oe"), ("øØ", "o"), ("ðÐ", "d"), ("þÞ", "th"), ("ß", "ss"),
        ]
        var table: [UInt32: [UInt8]] = [:]
        for (letters, folded) in groups {
            for scalar in letters.unicodeScalars { table[scalar.value] = Array(folded.utf8) }
        }
        return table
    }()

    /// Letters that do not decompose into a base letter plus marks.
    static let letters: [Unicode.Scalar: String] = [
        "œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "đ": "d", "ł": "l", "ı": "i", "ð": "d", "þ": "th",
    ]
}

extension String {
    /// `trimmingCharacters(in: .whitespacesAndNewlines)` without Foundation's bridging when there is
    /// nothing to trim (the common case for imported cells and form fields).
    public var fastTrimmed: String {
        guard let first = utf8.first, let last = utf8.last else { return self }
        func plain(_ byte: UInt8) -> Bool { byte < 0x80 && byte != 0x20 && !(0x09...0x0D).contains(byte) }
        if plain(first) && plain(last) { return self }
        // Non-ASCII ends (« Zoé »): Foundation's set is Unicode's White_Space property and the zero-width space.
        func trimmable(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.isWhitespace || scalar == "\u{200B}" }
        if let head = unicodeScalars.first, let tail = unicodeScalars.last, !trimmable(head), !trimmable(tail) {
            return self
        }
        return trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
