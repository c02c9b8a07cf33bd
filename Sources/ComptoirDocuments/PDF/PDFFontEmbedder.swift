/// Writes a font subset as a Type 0 font (Identity-H) over a CIDFontType2 with the TrueType subset embedded
/// (/FontFile2), glyph widths (/W) and a ToUnicode CMap so text extracts exactly.
///
/// Codes (CIDs) are one per *character*, not per glyph: a space and a no-break space share DejaVu's glyph but
/// must extract as different characters, so /CIDToGIDMap maps each code to its glyph in the subset.
enum PDFFontEmbedder {
    static func embed(
        face: TrueTypeFont, characters used: [UInt32: UInt16], into file: inout PDFFileWriter
    ) -> (font: Int, codes: [UInt32: UInt16]) {
        let characters = used.keys.sorted()
        var glyphUnicodes: [UInt16: UInt32] = [:]
        for character in characters where glyphUnicodes[used[character]!] == nil { glyphUnicodes[used[character]!] = character }
        let subset = TrueTypeSubset(font: face, glyphs: Set(used.values), unicodes: glyphUnicodes)
        var codes: [UInt32: UInt16] = [:]
        var cidToGID: [UInt8] = [0, 0]  // code 0: .notdef
        var widths: [PDFObject] = []
        for (index, character) in characters.enumerated() {
            let code = UInt16(index + 1)
            codes[character] = code
            let glyph = used[character]!
            appendU16(subset.newGlyph[glyph] ?? 0, to: &cidToGID)
            widths.append(.int(Int(code)))
            widths.append(.array([.int(Int(face.advance(of: glyph).rounded()))]))
        }
        let baseName = tag(for: characters, name: face.postScriptName) + "+" + face.postScriptName
        let fontFile = file.addStream(["Length1": .int(subset.fontFile.count)], data: subset.fontFile)
        var flags = 32  // non-symbolic
        if face.italicAngle != 0 { flags |= 64 }
        let descriptor = file.add(
            .dictionary([
                "Type": .name("FontDescriptor"), "FontName": .name(baseName), "Flags": .int(flags),
                "FontBBox": .array([
                    .int(face.scaled(face.boundingBox.0)), .int(face.scaled(face.boundingBox.1)), .int(face.scaled(face.boundingBox.2)),
                    .int(face.scaled(face.boundingBox.3)),
                ]),
                "ItalicAngle": .real(face.italicAngle), "Ascent": .int(face.scaled(face.ascent)),
                "Descent": .int(face.scaled(face.descent)),
                "CapHeight": .int(face.scaled(face.capHeight)), "StemV": .int(face.weightClass >= 600 ? 120 : 80),
                "FontFile2": .reference(fontFile),
            ]))
        let cidToGIDMap = file.addStream([:], data: cidToGID)
        let descendant = file.add(
            .dictionary([
                "Type": .name("Font"), "Subtype": .name("CIDFontType2"), "BaseFont": .name(baseName),
                "CIDSystemInfo": .dictionary(["Registry": .text("Adobe"), "Ordering": .text("Identity"), "Supplement": .int(0)]),
                "FontDescriptor": .reference(descriptor), "DW": .int(1000), "W": .array(widths), "CIDToGIDMap": .reference(cidToGIDMap),
            ]))
        let toUnicode = file.addStream([:], data: unicodeMap(characters))
        let font = file.add(
            .dictionary([
                "Type": .name("Font"), "Subtype": .name("Type0"), "BaseFont": .name(baseName), "Encoding": .name("Identity-H"),
                "DescendantFonts": .array([.reference(descendant)]), "ToUnicode": .reference(toUnicode),
            ]))
        return (font, codes)
    }

    /// The six-letter subset tag (ISO 32000-1 § 9.6.4), derived from the characters kept: stable for the same text.
    static func tag(for characters: [UInt32], name: String) -> String {
        var bytes = Array(name.utf8)
        for character in characters { appendU32(character, to: &bytes) }
        let digest = MD5.digest(bytes)
        return String(String.UnicodeScalarView(digest.prefix(6).map { Unicode.Scalar(UInt8(ascii: "A") + $0 % 26) }))
    }

    /// Code `i + 1` stands for `characters[i]`. Written as bytes: this runs for every face of every document.
    static func unicodeMap(_ characters: [UInt32]) -> [UInt8] {
        var entries: [[UInt8]] = []
        entries.reserveCapacity(characters.count)
        for (index, character) in characters.enumerated() {
            guard let unicode = Unicode.Scalar(character) else { continue }
            var entry: [UInt8] = [UInt8(ascii: "<")]
            appendHex16(UInt16(index + 1), to: &entry)
            entry += [UInt8(ascii: ">"), UInt8(ascii: " "), UInt8(ascii: "<")]
            for unit in String(Character(unicode)).utf16 { appendHex16(unit, to: &entry) }
            entry.append(UInt8(ascii: ">"))
            entries.append(entry)
        }
        var out = Array(
            """
            /CIDInit /ProcSet findresource begin
            12 dict begin
            begincmap
            /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
            /CMapName /Adobe-Identity-UCS def
            /CMapType 2 def
            1 begincodespacerange
            <0000> <FFFF>
            endcodespacerange

            """.utf8)
        for start in stride(from: 0, to: entries.count, by: 100) {
            let chunk = entries[start..<min(start + 100, entries.count)]
            out += Array("\(chunk.count) beginbfchar\n".utf8)
            for entry in chunk {
                out += entry
                out.append(0x0A)
            }
            out += Array("endbfchar\n".utf8)
        }
        out += Array("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n".utf8)
        return out
    }

    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    private static func appendHex16(_ value: UInt16, to out: inout [UInt8]) {
        out += [
            hexDigits[Int(value >> 12)], hexDigits[Int((value >> 8) & 0xF)], hexDigits[Int((value >> 4) & 0xF)],
            hexDigits[Int(value & 0xF)],
        ]
    }
}
