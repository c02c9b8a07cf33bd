/// A TrueType subset: only the glyphs a document uses (and the components of composite glyphs), renumbered
/// from 0 (.notdef) in the order of their original numbers, with tables rebuilt to match.
///
/// Hinting is left out, as WeasyPrint and HarfBuzz's subsetter do by default: the glyphs' instructions and the `cvt `,
/// `fpgm` and `prep` programs only steer grid-fitting at small screen sizes, which PDF viewers rarely apply, and they
/// were half of each subset. The `name` table keeps the records HarfBuzz keeps (ids 0–6: copyright, family, style,
/// unique id, full name, version, PostScript name) and one copy of the licence notice instead of DejaVu's two,
/// and no other names (`TrueTypeFont.essentialNames`). Together these make an embedded face about three times
/// smaller, and the file and its compression as much faster.
struct TrueTypeSubset {
    /// Original glyph → glyph in the subset.
    let newGlyph: [UInt16: UInt16]
    /// Original glyph of each subset glyph.
    let originalGlyphs: [UInt16]
    let fontFile: [UInt8]

    /// Tables copied as they are: they do not depend on glyph numbers (metrics of the face, rendering hints by size).
    private static let copiedTables = ["OS/2", "gasp"]

    /// - Parameter unicodes: the character each used original glyph stands for (written in the subset's cmap).
    init(font: TrueTypeFont, glyphs used: Set<UInt16>, unicodes: [UInt16: UInt32]) {
        var keep = used.union([0])
        var pending = Array(keep)
        while let glyph = pending.popLast() {
            guard Int(glyph) < font.glyphCount else { continue }
            for component in TrueTypeFont.components(of: font.glyphData(glyph)) where !keep.contains(component.glyph) {
                keep.insert(component.glyph)
                pending.append(component.glyph)
            }
        }
        let ordered = keep.filter { Int($0) < font.glyphCount }.sorted()
        var mapping: [UInt16: UInt16] = [:]
        for (index, glyph) in ordered.enumerated() { mapping[glyph] = UInt16(index) }
        newGlyph = mapping
        originalGlyphs = ordered

        var glyf: [UInt8] = []
        var loca: [UInt8] = []
        var hmtx: [UInt8] = []
        for glyph in ordered {
            appendU32(UInt32(glyf.count), to: &loca)
            var data = TrueTypeFont.withoutInstructions(font.glyphData(glyph))
            for component in TrueTypeFont.components(of: font.glyphData(glyph)) {
                let renumbered = mapping[component.glyph] ?? 0
                data[component.offset] = UInt8(renumbered >> 8)
                data[component.offset + 1] = UInt8(renumbered & 0xFF)
            }
            glyf += data
            while glyf.count % 4 != 0 { glyf.append(0) }
            appendU16(font.advances[Int(glyph)], to: &hmtx)
            appendU16(UInt16(bitPattern: font.leftSideBearings[Int(glyph)]), to: &hmtx)
        }
        appendU32(UInt32(glyf.count), to: &loca)

        var tables: [String: [UInt8]] = [:]
        var head = font.tables["head"]!
        head.replaceSubrange(8..<12, with: [0, 0, 0, 0])  // checkSumAdjustment, set below
        head.replaceSubrange(50..<52, with: [0, 1])  // long loca offsets
        tables["head"] = head
        var hhea = font.tables["hhea"]!
        hhea.replaceSubrange(34..<36, with: [UInt8(ordered.count >> 8), UInt8(ordered.count & 0xFF)])
        tables["hhea"] = hhea
        var maxp = font.tables["maxp"]!
        maxp.replaceSubrange(4..<6, with: [UInt8(ordered.count >> 8), UInt8(ordered.count & 0xFF)])
        if maxp.count >= 32, maxp[0..<4] == [0, 1, 0, 0] {
            // Version 1.0's limits for the programs left out: one zone, no twilight points, storage, functions, stack.
            maxp.replaceSubrange(14..<28, with: [0, 1] + [UInt8](repeating: 0, count: 12))
        }
        tables["maxp"] = maxp
        tables["hmtx"] = hmtx
        tables["loca"] = loca
        tables["glyf"] = glyf
        var post = Array((font.tables["post"] ?? [UInt8](repeating: 0, count: 32)).prefix(32))
        post.replaceSubrange(0..<4, with: [0, 3, 0, 0])  // version 3: no glyph names
        tables["post"] = post
        var characters: [(UInt32, UInt16)] = []
        for (original, scalar) in unicodes { if let glyph = mapping[original], scalar <= 0xFFFF { characters.append((scalar, glyph)) } }
        tables["cmap"] = Self.characterMap(characters.sorted { $0.0 < $1.0 })
        for tag in Self.copiedTables { if let table = font.tables[tag] { tables[tag] = table } }
        if let name = font.subsetNameTable { tables["name"] = name }
        fontFile = Self.assemble(tables)
    }

    /// A cmap with one (3,1) format 4 subtable, one segment per character (small subsets, so no range merging).
    private static func characterMap(_ characters: [(UInt32, UInt16)]) -> [UInt8] {
        var unique: [(UInt32, UInt16)] = []
        for entry in characters where unique.last?.0 != entry.0 && entry.0 != 0xFFFF { unique.append(entry) }
        let segments = unique.count + 1
        var subtable: [UInt8] = []
        var searchRange = 1
        var entrySelector = 0
        while searchRange * 2 <= segments {
            searchRange *= 2
            entrySelector += 1
        }
        searchRange *= 2
        let length = 16 + segments * 8
        for value in [4, length, 0, segments * 2, searchRange, entrySelector, segments * 2 - searchRange] {
            appendU16(UInt16(truncatingIfNeeded: value), to: &subtable)
        }
        for entry in unique { appendU16(UInt16(entry.0), to: &subtable) }
        appendU16(0xFFFF, to: &subtable)
        appendU16(0, to: &subtable)  // reservedPad
        for entry in unique { appendU16(UInt16(entry.0), to: &subtable) }
        appendU16(0xFFFF, to: &subtable)
        for entry in unique { appendU16(entry.1 &- UInt16(entry.0), to: &subtable) }
        appendU16(1, to: &subtable)
        for _ in 0..<segments { appendU16(0, to: &subtable) }
        var table: [UInt8] = []
        for value: UInt16 in [0, 1, 3, 1] { appendU16(value, to: &table) }
        appendU32(12, to: &table)
        return table + subtable
    }

    /// The font file: offset table, table records sorted by tag, tables 4-byte aligned, then head's checksum adjustment.
    private static func assemble(_ tables: [String: [UInt8]]) -> [UInt8] {
        let tags = tables.keys.sorted()
        var searchRange = 1
        var entrySelector = 0
        while searchRange * 2 <= tags.count {
            searchRange *= 2
            entrySelector += 1
        }
        searchRange *= 16
        var out: [UInt8] = []
        appendU32(0x0001_0000, to: &out)
        for value in [tags.count, searchRange, entrySelector, tags.count * 16 - searchRange] {
            appendU16(UInt16(value), to: &out)
        }
        var offset = 12 + tags.count * 16
        var body: [UInt8] = []
        var headOffset = 0
        for tag in tags {
            let table = tables[tag]!
            out += Array(tag.utf8)
            appendU32(checksum(table), to: &out)
            appendU32(UInt32(offset), to: &out)
            appendU32(UInt32(table.count), to: &out)
            if tag == "head" { headOffset = offset }
            body += table
            while body.count % 4 != 0 { body.append(0) }
            offset = 12 + tags.count * 16 + body.count
        }
        out += body
        let adjustment = 0xB1B0_AFBA &- checksum(out)
        out.replaceSubrange(
            (headOffset + 8)..<(headOffset + 12),
            with: [
                UInt8(adjustment >> 24), UInt8((adjustment >> 16) & 0xFF), UInt8((adjustment >> 8) & 0xFF), UInt8(adjustment & 0xFF),
            ])
        return out
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var sum: UInt32 = 0
        var index = 0
        while index < bytes.count {
            var word: UInt32 = 0
            for byte in 0..<4 { word = word << 8 | UInt32(index + byte < bytes.count ? bytes[index + byte] : 0) }
            sum &+= word
            index += 4
        }
        return sum
    }
}

func appendU16(_ value: UInt16, to out: inout [UInt8]) { out += [UInt8(value >> 8), UInt8(value & 0xFF)] }
func appendU32(_ value: UInt32, to out: inout [UInt8]) {
    out += [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
}
