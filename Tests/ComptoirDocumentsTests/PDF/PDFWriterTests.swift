import ComptoirCore
import Foundation
import Testing

@testable import ComptoirDocuments

/// The writer's pieces checked on their own: digests, zlib streams, the file's cross-reference table, font
/// subsets, images, and that the same input always gives the same bytes.
@Suite struct PDFWriterTests {
    @Test func md5MatchesTheRFCVectors() {
        func hex(_ text: String) -> String { MD5.digest(Array(text.utf8)).map { String(format: "%02x", $0) }.joined() }
        #expect(hex("") == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(hex("abc") == "900150983cd24fb0d6963f7d28e17f72")
        #expect(hex(String(repeating: "1234567890", count: 8)) == "57edf4a22be3c955ac49da2e2107b67a")
    }

    @Test func numbersHaveAtMostThreeDecimalsAndNoExponent() {
        let cases: [(Double, String)] = [
            (0, "0"), (0.0001, "0"), (12, "12"), (-3.5, "-3.5"), (0.05, "0.05"), (595.276, "595.276"), (841.89, "841.89"),
            (1e9, "1000000000"), (-0.0004, "0"), (7.000, "7"),
        ]
        for (value, text) in cases { #expect(PDFNumber.format(value) == text, "\(value)") }
    }

    @Test func zlibStreamsRoundTripAndCarryTheAdlerChecksum() {
        let text = Array(String(repeating: "Facture « œuvre » 1 234,50 € ", count: 200).utf8)
        let compressed = Deflate.zlib(text)
        #expect(compressed.count < text.count / 4)
        #expect(Array(compressed.prefix(2)) == [0x78, 0x5E])  // deflate, 32 K window, « fast » level (3)
        #expect(Deflate.inflate(zlib: compressed) == text)
        var adler: [UInt8] = []
        Deflate.appendBigEndian(Deflate.adler32(text), to: &adler)
        #expect(Array(compressed.suffix(4)) == adler)
        #expect(Deflate.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
        #expect(Deflate.inflate(zlib: Deflate.stored(text)) == text)
        #expect(Deflate.inflate(zlib: [1, 2, 3]) == nil)
    }

    @Test func inflatingRefusesTruncatedDamagedAndOversizedStreams() {
        let text = Array(String(repeating: "Versement reçu ", count: 5_000).utf8)
        let compressed = Deflate.zlib(text)
        #expect(Deflate.inflate(zlib: compressed, limit: text.count) == text)
        // Cut anywhere before its last block: the end never comes.
        for cut in [3, compressed.count / 2, compressed.count - 6] {
            #expect(Deflate.inflate(zlib: Array(compressed.prefix(cut))) == nil, "cut at \(cut)")
        }
        // One byte short of the output: refused, not truncated silently.
        #expect(Deflate.inflate(zlib: compressed, limit: text.count - 1) == nil)
        // A bomb: 16 MiB of zeros in 73 kB, under a 1 MiB limit.
        let bomb = Deflate.zlib([UInt8](repeating: 0, count: 16 << 20))
        #expect(bomb.count < 100_000)
        #expect(Deflate.inflate(zlib: bomb, limit: 1 << 20) == nil)
        // Damaged data after a valid header, and a header asking for a preset dictionary.
        #expect(Deflate.inflate(zlib: [0x78, 0x9C, 0xFF, 0xFF, 0xFF, 0xFF]) == nil)
        #expect(Deflate.inflate(zlib: [0x78, 0xBB] + Array(compressed.dropFirst(2))) == nil)
    }

    @Test func objectsAreWrittenWithEscapesAndStableNumbers() {
        var out: [UInt8] = []
        PDFObject.dictionary(["A": .text("(x)\\"), "B": .name("a b/c"), "C": .real(1.23456), "D": .real(-0.0004), "E": .text("é")]).write(
            into: &out)
        #expect(String(decoding: out, as: UTF8.self) == "<</A (\\(x\\)\\\\) /B /a#20b#2Fc /C 1.235 /D 0 /E <FEFF00E9> >>")
    }

    @Test func crossReferenceOffsetsPointAtTheirObjects() throws {
        let bytes = FacturXPDF.render(InvoiceFixtures.standard(), createdAt: InvoiceFixtures.clock)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("%PDF-1.7\n%"))
        #expect(text.hasSuffix("%%EOF\n"))
        let startxref = try #require(text.range(of: "startxref\n", options: .backwards))
        let offset = Int(text[startxref.upperBound...].prefix { $0.isNumber })!
        let xref = String(decoding: bytes[offset...], as: UTF8.self)
        #expect(xref.hasPrefix("xref\n0 "))
        // "\r\n" is one Character in Swift: split the table on it, not on "\n".
        let rows = xref.components(separatedBy: "\r\n").dropFirst().prefix { $0.hasSuffix(" n") }
        #expect(rows.count > 20)
        for (index, row) in rows.enumerated() {
            let position = Int(row.prefix(10))!
            let expected = Array("\(index + 1) 0 obj".utf8)
            #expect(Array(bytes[position..<(position + expected.count)]) == expected)
        }
        #expect(!text.contains("/Encrypt"))
    }

    @Test func sameInputSameBytesAndTheIdFollowsTheContent() {
        let invoice = InvoiceFixtures.standard()
        let first = FacturXPDF.render(invoice, createdAt: InvoiceFixtures.clock)
        let second = FacturXPDF.render(invoice, createdAt: InvoiceFixtures.clock)
        #expect(first == second)
        let later = FacturXPDF.render(invoice, createdAt: InvoiceFixtures.clock.addingTimeInterval(60))
        #expect(later != first)
        func identifier(_ bytes: [UInt8]) -> Substring? {
            let text = String(decoding: bytes, as: UTF8.self)
            return text.range(of: "/ID [<").map { text[$0.upperBound...].prefix(32) }
        }
        #expect(identifier(first) != nil)
        #expect(identifier(first) != identifier(later))
        let text = String(decoding: first, as: UTF8.self)
        #expect(contains(first, "<xmp:CreateDate>2026-11-30T00:53:20+00:00</xmp:CreateDate>"))
        #expect(contains(first, "/CreationDate (D:20261130005320+00'00')"))
    }

    @Test func subsetKeepsOnlyUsedGlyphsWithCompositeComponents() throws {
        let face = PDFFontFamily.dejaVuSans.regular
        var used: [UInt32: UInt16] = [:]
        for item in face.shape("Aé") { used[item.scalar] = item.glyph }
        let subset = TrueTypeSubset(font: face, glyphs: Set(used.values), unicodes: [:])
        let parsed = try TrueTypeFont(data: subset.fontFile)
        #expect(parsed.glyphCount == subset.originalGlyphs.count)
        #expect(parsed.glyphCount < 10)
        #expect(parsed.glyphCount < face.glyphCount)
        // « é » is built from « e » and the acute accent in DejaVu: both come along, renumbered inside the subset.
        let eacute = used[0xE9]!
        let components = TrueTypeFont.components(of: face.glyphData(eacute))
        #expect(!components.isEmpty)
        for component in components { #expect(subset.newGlyph[component.glyph] != nil) }
        let renumbered = TrueTypeFont.components(of: parsed.glyphData(subset.newGlyph[eacute]!))
        #expect(renumbered.map(\.glyph) == components.map { subset.newGlyph[$0.glyph]! })
        #expect(parsed.advance(of: subset.newGlyph[used[0x41]!]!) == face.advance(of: used[0x41]!))
        // The whole-font checksum: the file sums to 0xB1B0AFBA once head's adjustment is in.
        #expect(TrueTypeSubset.checksum(subset.fontFile) == 0xB1B0_AFBA)
    }

    @Test func subsetLeavesHintingOutAndKeepsTheOutlinesAndTheNotices() throws {
        let face = PDFFontFamily.dejaVuSans.regular
        var used: [UInt32: UInt16] = [:]
        for item in face.shape("Aé€ œ") { used[item.scalar] = item.glyph }
        let subset = TrueTypeSubset(font: face, glyphs: Set(used.values), unicodes: [:])
        let parsed = try TrueTypeFont(data: subset.fontFile)
        // The hinting programs and the licence text are in DejaVu, not in the subset.
        for tag in ["fpgm", "prep", "cvt "] {
            #expect(face.tables[tag] != nil)
            #expect(parsed.tables[tag] == nil, "\(tag)")
        }
        #expect(parsed.postScriptName == "DejaVuSans")
        // The names: the copyright and trademark notice, the PostScript name, and the licence once (Macintosh record).
        let name = try #require(parsed.tables["name"])
        #expect(name.count < 6_000 && face.tables["name"]!.count > 15_000)
        let text = String(decoding: name, as: UTF8.self)
        #expect(text.contains("Permission is hereby granted, free of charge"))
        #expect(text.contains("Bitstream Vera is\na trademark of Bitstream, Inc."))
        let copyright = "Copyright (c) 2003 by Bitstream, Inc.".utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        #expect(name.firstRange(of: copyright) != nil)  // id 0, the Windows record, in UTF-16BE
        #expect(Array(parsed.tables["maxp"]![26..<28]) == [0, 0])  // maxSizeOfInstructions
        for original in subset.originalGlyphs {
            let before = Array(face.glyphData(original))
            let after = Array(parsed.glyphData(subset.newGlyph[original]!))
            guard before.count >= 10 else { continue }
            let contours = Int(Int16(bitPattern: UInt16(before[0]) << 8 | UInt16(before[1])))
            if contours >= 0 {
                // Header and contour ends unchanged, no instructions, the same points (flags and coordinates) after.
                let lengthAt = 10 + contours * 2
                let instructions = Int(UInt16(before[lengthAt]) << 8 | UInt16(before[lengthAt + 1]))
                #expect(instructions > 0)
                #expect(Array(after[0..<lengthAt]) == Array(before[0..<lengthAt]))
                #expect(after[lengthAt] == 0 && after[lengthAt + 1] == 0)
                let points = Array(before[(lengthAt + 2 + instructions)...])
                let kept = Array(after[(lengthAt + 2)...])
                // Only the trailing padding to 4 bytes may differ (at most 3 bytes on either side).
                #expect(abs(kept.count - points.count) <= 3)
                let common = min(kept.count, points.count) - 3
                #expect(common > 0 && Array(points.prefix(common)) == Array(kept.prefix(common)))
            } else {
                // A composite glyph (é): no WE_HAVE_INSTRUCTIONS flag left, and no trailing program.
                #expect(after.count <= before.count)
                #expect(after[10] & 0x01 == 0)
            }
        }
        #expect(TrueTypeSubset.checksum(subset.fontFile) == 0xB1B0_AFBA)
    }

    @Test func xmlEscapingCoversMarkupAndForbiddenCharactersAndLeavesTheRestAsItIs() {
        #expect(XMLText.escape("Cœur d'Éléphant « 1 234,50 € »") == "Cœur d'Éléphant « 1 234,50 € »")
        #expect(XMLText.escape(#"<b a="1">&</b>"#) == "&lt;b a=&quot;1&quot;&gt;&amp;&lt;/b&gt;")
        #expect(XMLText.escape("a\r\nb\tc\u{0001}d\u{001F}") == "a&#13;\nb\tcd")
        #expect(XMLText.escape("x\u{FFFE}y\u{FFFF}z\u{FFFD}") == "xyz\u{FFFD}")
        // Their neighbours in UTF-8 are allowed: U+FFBE (EF BE BE), U+FFBF (EF BE BF), U+EFBF (EE BE BF).
        #expect(XMLText.escape("\u{FFBE}\u{FFBF}\u{EFBF}") == "\u{FFBE}\u{FFBF}\u{EFBF}")
        var xml = XMLText()
        xml.group("r", [("k", "a&b")]) { $0.element("v", "<x>") }
        #expect(xml.text.hasSuffix("<r k=\"a&amp;b\">\n  <v>&lt;x&gt;</v>\n</r>\n"))
    }

    @Test func frenchCharactersAllHaveGlyphs() {
        let face = PDFFontFamily.dejaVuSans.regular
        for scalar in "«»€œŒàâçéèêëîïôùûüÿÉÀ\u{00A0}".unicodeScalars { #expect(face.glyph(for: scalar) != nil, "\(scalar)") }
        // A narrow no-break space is drawn with the no-break space's glyph and extracts as one.
        #expect(face.shape("1\u{202F}234").map(\.scalar) == [0x31, 0x202F, 0x32, 0x33, 0x34])
        // A character the font lacks becomes « ? »; control characters are dropped.
        #expect(face.glyph(for: "\u{E000}") == nil)
        #expect(face.shape("a\u{0007}b\u{E000}").map(\.scalar) == [0x61, 0x62, 0x3F])
    }

    @Test func aPaletteOrAlphaPNGAndAJPEGBecomeImages() throws {
        let rgba = try PDFImage(data: TestPNG.make(width: 3, height: 2, colorType: 6, pixels: (0..<24).map { UInt8($0 * 10) }))
        #expect(rgba.width == 3 && rgba.height == 2)
        #expect(Deflate.inflate(zlib: rgba.alpha!) == [30, 70, 110, 150, 190, 230])
        #expect(Deflate.inflate(zlib: rgba.data)!.count == 18)
        let rgb = try PDFImage(data: TestPNG.make(width: 2, height: 2, colorType: 2, pixels: [UInt8](repeating: 200, count: 12)))
        #expect(rgb.alpha == nil)
        #expect(rgb.dictionary()["DecodeParms"] != nil)
        // The smallest JPEG header our reader needs: SOI, then a baseline frame of 4 × 5 in three components.
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x05, 0x00, 0x04, 0x03] + [UInt8](repeating: 0, count: 9)
        let image = try PDFImage(data: jpeg)
        #expect(image.width == 4 && image.height == 5 && image.filter == "DCTDecode" && image.colorSpace == "DeviceRGB")
        #expect(throws: PDFImage.DecodeError.notAnImage) { try PDFImage(data: Array("GIF89a".utf8)) }
        #expect(throws: PDFImage.DecodeError.self) { try PDFImage(data: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]) }

        let document = PDFDocument()
        let page = document.addPage()
        document.drawImage(rgba, page: page, x: 10, y: 10, width: 30, height: 20)
        document.drawImage(rgba, page: page, x: 50, y: 10, width: 30, height: 20)
        let bytes = document.write(metadata: PDFMetadata(title: "Logo", date: InvoiceFixtures.clock))
        #expect(contains(bytes, "/SMask"))
        #expect(contains(bytes, "/XObject <</Im0 "))
        #expect(!contains(bytes, "/Im1 "))  // drawn twice, stored once
        #expect(document.pageTexts() == [[]])
    }
}

/// Whether `needle` occurs in `bytes` (binary files: no String decoding, whose grapheme clusters would get in the way).
func contains(_ bytes: [UInt8], _ needle: String) -> Bool {
    Data(bytes).range(of: Data(needle.utf8)) != nil
}

/// Builds small PNG files for the tests (zlib data, chunk CRCs left at zero: our reader does not need them).
enum TestPNG {
    static func make(width: Int, height: Int, colorType: UInt8, pixels: [UInt8]) -> [UInt8] {
        let channels = [0: 1, 2: 3, 4: 2, 6: 4][Int(colorType)]!
        var raw: [UInt8] = []
        for row in 0..<height {
            raw.append(0)
            raw += pixels[(row * width * channels)..<((row + 1) * width * channels)]
        }
        func chunk(_ kind: String, _ data: [UInt8]) -> [UInt8] {
            var out: [UInt8] = []
            appendU32(UInt32(data.count), to: &out)
            return out + Array(kind.utf8) + data + [0, 0, 0, 0]
        }
        var header: [UInt8] = []
        appendU32(UInt32(width), to: &header)
        appendU32(UInt32(height), to: &header)
        header += [8, colorType, 0, 0, 0]
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", header) + chunk("IDAT", Deflate.zlib(raw))
            + chunk("IEND", [])
    }
}
