import Foundation

/// The styles the layout uses; each maps to one embedded font face.
public enum PDFFontStyle: Int, Sendable, CaseIterable, Hashable {
    case regular, bold, italic
}

/// The three faces of a font family, parsed once. DejaVu Sans ships in the package resources (Bitstream Vera
/// licence, `Fonts/LICENSE-DejaVu.txt`): it covers French text, « », €, œ and the no-break spaces.
public struct PDFFontFamily: Sendable {
    public let regular: TrueTypeFont
    public let bold: TrueTypeFont
    public let italic: TrueTypeFont

    public init(regular: TrueTypeFont, bold: TrueTypeFont, italic: TrueTypeFont) {
        self.regular = regular
        self.bold = bold
        self.italic = italic
    }

    public func face(_ style: PDFFontStyle) -> TrueTypeFont {
        switch style {
        case .regular: regular
        case .bold: bold
        case .italic: italic
        }
    }

    /// DejaVu Sans, DejaVu Sans Bold and DejaVu Sans Oblique from the package resources.
    public static let dejaVuSans: PDFFontFamily = {
        func load(_ name: String) -> TrueTypeFont {
            guard let url = Bundle.module.url(forResource: name, withExtension: "ttf", subdirectory: "Fonts"),
                let data = try? Data(contentsOf: url), let font = try? TrueTypeFont(data: [UInt8](data))
            else { fatalError("ComptoirDocuments: the font resource \(name).ttf is missing from the package") }
            return font
        }
        return PDFFontFamily(regular: load("DejaVuSans"), bold: load("DejaVuSans-Bold"), italic: load("DejaVuSans-Oblique"))
    }()
}

extension TrueTypeFont {
    /// The glyphs for `text` (normalised to NFC, one glyph per character, no kerning), with the character each
    /// stands for. A character the font lacks falls back to a look-alike, else to « ? ».
    func shape(_ text: String) -> [(glyph: UInt16, scalar: UInt32)] {
        var result: [(glyph: UInt16, scalar: UInt32)] = []
        result.reserveCapacity(text.utf8.count)
        forEachGlyph(text) { result.append(($0, $1)) }
        return result
    }

    /// Calls `body` with each glyph of `text` and the character it stands for, as `shape` returns them.
    @inline(__always)
    func forEachGlyph(_ text: String, _ body: (UInt16, UInt32) -> Void) {
        for scalar in Self.normalized(text).unicodeScalars {
            if scalar.value < 0x20 { continue }
            if let glyph = glyph(for: scalar) {
                body(glyph, scalar.value)
            } else if let substitute = Self.fallback(scalar), let glyph = glyph(for: substitute) {
                body(glyph, substitute.value)
            } else if let glyph = glyph(for: "?") {
                body(glyph, UInt32(UInt8(ascii: "?")))
            }
        }
    }

    /// `text` in NFC. Text made only of characters below U+0300 (Latin letters, accented or not) or from the
    /// punctuation and currency blocks U+2002–U+20FF (dashes, quotes, €, no-break spaces) is already NFC — none of
    /// them decomposes canonically or combines — so it skips Foundation's normalisation, the slow part of layout.
    static func normalized(_ text: String) -> String {
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x300 || (0x2002...0x20FF).contains(value) { continue }
            return text.precomposedStringWithCanonicalMapping
        }
        return text
    }

    private static func fallback(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        switch scalar.value {
        case 0x202F, 0x2009, 0x2007: "\u{00A0}"
        case 0x2018, 0x2019: "'"
        case 0x2010, 0x2011, 0x2012, 0x2013: "-"
        default: nil
        }
    }

    /// Width of `text` in points at `size`.
    public func width(of text: String, size: Double) -> Double {
        var total = 0.0
        forEachGlyph(text) { glyph, _ in total += advance(of: glyph) }
        return total * size / 1000
    }
}
