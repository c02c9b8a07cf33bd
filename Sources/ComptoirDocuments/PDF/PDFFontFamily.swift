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
        var result: [(UInt16, UInt32)] = []
        for scalar in text.precomposedStringWithCanonicalMapping.unicodeScalars {
            if scalar.value < 0x20 { continue }
            if let glyph = glyph(for: scalar) {
                result.append((glyph, scalar.value))
            } else if let substitute = Self.fallback(scalar), let glyph = glyph(for: substitute) {
                result.append((glyph, substitute.value))
            } else if let glyph = glyph(for: "?") {
                result.append((glyph, UInt32(UInt8(ascii: "?"))))
            }
        }
        return result
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
        shape(text).reduce(0) { $0 + advance(of: $1.glyph) } * size / 1000
    }
}
