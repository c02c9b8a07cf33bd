import Foundation

/// A parsed TrueType font (the tables a PDF needs): metrics for layout, the character map, and the raw tables
/// the subsetter copies. A class: layout hands the same face around for every word it measures, and a struct of a
/// dozen arrays cost as many retains and releases at each copy.
public final class TrueTypeFont: Sendable {
    public enum ParseError: Error, Equatable {
        case truncated
        case missingTable(String)
        case unsupported(String)
    }

    let tables: [String: [UInt8]]
    public let postScriptName: String
    public let unitsPerEm: Int
    let glyphCount: Int
    let advances: [UInt16]
    let leftSideBearings: [Int16]
    let characterMap: [UInt32: UInt16]
    /// `characterMap` below U+2200 (Latin, punctuation, €) as an array, and the advances in glyph space: layout looks
    /// both up for every character it measures.
    private let lowGlyphs: [UInt16]
    private let scaledAdvances: [Double]
    let longLoca: Bool
    let glyphOffsets: [Int]
    let boundingBox: (Int, Int, Int, Int)
    let ascent: Int
    let descent: Int
    let capHeight: Int
    let italicAngle: Double
    let weightClass: Int
    /// The `name` table a subset embeds (see `TrueTypeSubset`), built once; nil keeps none.
    let subsetNameTable: [UInt8]?

    public init(data: [UInt8]) throws {
        let reader = ByteReader(data)
        let tableCount = Int(try reader.u16(4))
        var tables: [String: [UInt8]] = [:]
        for index in 0..<tableCount {
            let record = 12 + index * 16
            let tag = String(decoding: try reader.bytes(record, 4), as: UTF8.self)
            let offset = Int(try reader.u32(record + 8))
            let length = Int(try reader.u32(record + 12))
            tables[tag] = try reader.bytes(offset, length)
        }
        for required in ["head", "hhea", "maxp", "hmtx", "loca", "glyf", "cmap"] where tables[required] == nil {
            throw ParseError.missingTable(required)
        }
        self.tables = tables
        let head = ByteReader(tables["head"]!)
        unitsPerEm = Int(try head.u16(18))
        boundingBox = (Int(try head.i16(36)), Int(try head.i16(38)), Int(try head.i16(40)), Int(try head.i16(42)))
        longLoca = try head.i16(50) == 1
        let maxp = ByteReader(tables["maxp"]!)
        glyphCount = Int(try maxp.u16(4))
        let hhea = ByteReader(tables["hhea"]!)
        let metricsCount = Int(try hhea.u16(34))
        let hmtx = ByteReader(tables["hmtx"]!)
        var advances: [UInt16] = []
        var bearings: [Int16] = []
        for glyph in 0..<glyphCount {
            if glyph < metricsCount {
                advances.append(try hmtx.u16(glyph * 4))
                bearings.append(try hmtx.i16(glyph * 4 + 2))
            } else {
                advances.append(advances.last ?? 0)
                bearings.append(try hmtx.i16(metricsCount * 4 + (glyph - metricsCount) * 2))
            }
        }
        self.advances = advances
        leftSideBearings = bearings
        let loca = ByteReader(tables["loca"]!)
        var offsets: [Int] = []
        for glyph in 0...glyphCount {
            offsets.append(longLoca ? Int(try loca.u32(glyph * 4)) : Int(try loca.u16(glyph * 2)) * 2)
        }
        glyphOffsets = offsets
        characterMap = try Self.parseCharacterMap(tables["cmap"]!)
        var low = [UInt16](repeating: 0, count: 0x2200)
        for (scalar, glyph) in characterMap where scalar < 0x2200 { low[Int(scalar)] = glyph }
        lowGlyphs = low
        let unitsPerEm = unitsPerEm
        scaledAdvances = advances.map { Double($0) * 1000 / Double(unitsPerEm) }
        if let os2 = tables["OS/2"].map(ByteReader.init) {
            ascent = Int(try os2.i16(68))
            descent = Int(try os2.i16(70))
            capHeight = (try? os2.u16(0)).map { $0 >= 2 } == true ? Int(try os2.i16(88)) : Int(try os2.i16(68))
            weightClass = Int(try os2.u16(4))
        } else {
            ascent = Int(try hhea.i16(4))
            descent = Int(try hhea.i16(6))
            capHeight = ascent
            weightClass = 400
        }
        if let post = tables["post"].map(ByteReader.init) {
            italicAngle = Double(try post.i16(4)) + Double(try post.u16(6)) / 65536
        } else {
            italicAngle = 0
        }
        postScriptName = Self.parsePostScriptName(tables["name"]) ?? "Font"
        subsetNameTable = tables["name"].flatMap(Self.essentialNames)
    }

    /// The glyph for a character, nil when the font has none.
    public func glyph(for scalar: Unicode.Scalar) -> UInt16? {
        let value = scalar.value
        let glyph = value < 0x2200 ? lowGlyphs[Int(value)] : characterMap[value] ?? 0
        return glyph == 0 ? nil : glyph
    }

    /// Advance width of a glyph in thousandths of the font size (PDF's glyph space).
    func advance(of glyph: UInt16) -> Double {
        scaledAdvances[min(Int(glyph), glyphCount - 1)]
    }

    func scaled(_ value: Int) -> Int { Int((Double(value) * 1000 / Double(unitsPerEm)).rounded()) }

    func glyphData(_ glyph: UInt16) -> ArraySlice<UInt8> {
        let start = glyphOffsets[Int(glyph)]
        let end = glyphOffsets[Int(glyph) + 1]
        let glyf = tables["glyf"]!
        guard start < end, end <= glyf.count else { return [] }
        return glyf[start..<end]
    }

    /// A glyph's data without its hinting instructions: a simple glyph's instruction length becomes 0 and its
    /// instructions go; a composite glyph loses the trailing instructions and its WE_HAVE_INSTRUCTIONS flags. Data
    /// this parser does not follow is returned as it is.
    static func withoutInstructions(_ data: ArraySlice<UInt8>) -> [UInt8] {
        var bytes = Array(data)
        guard bytes.count >= 10 else { return bytes }
        let contours = Int16(bitPattern: UInt16(bytes[0]) << 8 | UInt16(bytes[1]))
        if contours >= 0 {
            let lengthAt = 10 + Int(contours) * 2
            guard lengthAt + 2 <= bytes.count else { return bytes }
            let instructions = Int(UInt16(bytes[lengthAt]) << 8 | UInt16(bytes[lengthAt + 1]))
            guard lengthAt + 2 + instructions <= bytes.count, contours > 0 else { return bytes }
            // The points' flags, then their x and y coordinates: their sizes follow from the flags.
            let points = Int(UInt16(bytes[lengthAt - 2]) << 8 | UInt16(bytes[lengthAt - 1])) + 1
            var position = lengthAt + 2 + instructions
            var coordinates = 0
            var seen = 0
            while seen < points {
                guard position < bytes.count else { return Array(data) }
                let flags = bytes[position]
                position += 1
                var repeats = 1
                if flags & 0x08 != 0 {
                    guard position < bytes.count else { return Array(data) }
                    repeats += Int(bytes[position])
                    position += 1
                }
                let x = flags & 0x02 != 0 ? 1 : (flags & 0x10 != 0 ? 0 : 2)
                let y = flags & 0x04 != 0 ? 1 : (flags & 0x20 != 0 ? 0 : 2)
                coordinates += (x + y) * repeats
                seen += repeats
            }
            guard position + coordinates <= bytes.count else { return Array(data) }
            return Array(bytes[0..<lengthAt]) + [0, 0] + Array(bytes[(lengthAt + 2 + instructions)..<(position + coordinates)])
        }
        var position = 10
        while position + 4 <= bytes.count {
            let flags = UInt16(bytes[position]) << 8 | UInt16(bytes[position + 1])
            bytes[position] &= 0xFE  // WE_HAVE_INSTRUCTIONS (0x0100) off
            position += 4 + (flags & 0x0001 != 0 ? 4 : 2)
            if flags & 0x0008 != 0 {
                position += 2
            } else if flags & 0x0040 != 0 {
                position += 4
            } else if flags & 0x0080 != 0 {
                position += 8
            }
            if flags & 0x0020 == 0 {
                return Array(bytes.prefix(min(position, bytes.count)))
            }
        }
        return Array(data)
    }

    /// Glyphs a composite glyph is built from, with the byte offset of each index inside the glyph's data.
    static func components(of data: ArraySlice<UInt8>) -> [(glyph: UInt16, offset: Int)] {
        let bytes = Array(data)
        guard bytes.count >= 10, Int16(bitPattern: UInt16(bytes[0]) << 8 | UInt16(bytes[1])) < 0 else { return [] }
        var result: [(UInt16, Int)] = []
        var position = 10
        while position + 4 <= bytes.count {
            let flags = UInt16(bytes[position]) << 8 | UInt16(bytes[position + 1])
            let glyph = UInt16(bytes[position + 2]) << 8 | UInt16(bytes[position + 3])
            result.append((glyph, position + 2))
            position += 4
            position += flags & 0x0001 != 0 ? 4 : 2  // ARG_1_AND_2_ARE_WORDS
            if flags & 0x0008 != 0 {
                position += 2  // WE_HAVE_A_SCALE
            } else if flags & 0x0040 != 0 {
                position += 4  // WE_HAVE_AN_X_AND_Y_SCALE
            } else if flags & 0x0080 != 0 {
                position += 8  // WE_HAVE_A_TWO_BY_TWO
            }
            if flags & 0x0020 == 0 { break }  // MORE_COMPONENTS
        }
        return result
    }

    private static func parseCharacterMap(_ cmap: [UInt8]) throws -> [UInt32: UInt16] {
        let reader = ByteReader(cmap)
        let count = Int(try reader.u16(2))
        var format4: Int?
        var format12: Int?
        for index in 0..<count {
            let platform = try reader.u16(4 + index * 8)
            let encoding = try reader.u16(6 + index * 8)
            let offset = Int(try reader.u32(8 + index * 8))
            let format = try reader.u16(offset)
            if format == 12 && (platform == 3 && encoding == 10 || platform == 0) { format12 = offset }
            if format == 4 && (platform == 3 && encoding == 1 || platform == 0) { format4 = format4 ?? offset }
        }
        var map: [UInt32: UInt16] = [:]
        if let offset = format12 {
            let groups = Int(try reader.u32(offset + 12))
            for group in 0..<groups {
                let base = offset + 16 + group * 12
                let start = try reader.u32(base)
                let end = try reader.u32(base + 4)
                let glyph = try reader.u32(base + 8)
                guard end >= start, end - start < 0x11_0000 else { continue }
                for code in start...end { map[code] = UInt16(truncatingIfNeeded: glyph + code - start) }
            }
            return map
        }
        guard let offset = format4 else { throw ParseError.unsupported("cmap without a Unicode format 4 or 12 subtable") }
        let segments = Int(try reader.u16(offset + 6)) / 2
        let ends = offset + 14
        let starts = ends + segments * 2 + 2
        let deltas = starts + segments * 2
        let rangeOffsets = deltas + segments * 2
        for segment in 0..<segments {
            let end = UInt32(try reader.u16(ends + segment * 2))
            let start = UInt32(try reader.u16(starts + segment * 2))
            let delta = try reader.u16(deltas + segment * 2)
            let rangeOffset = Int(try reader.u16(rangeOffsets + segment * 2))
            guard start <= end, start != 0xFFFF else { continue }
            for code in start...end {
                var glyph: UInt16
                if rangeOffset == 0 {
                    glyph = UInt16(truncatingIfNeeded: code) &+ delta
                } else {
                    let address = rangeOffsets + segment * 2 + rangeOffset + Int(code - start) * 2
                    glyph = try reader.u16(address)
                    if glyph != 0 { glyph = glyph &+ delta }
                }
                if glyph != 0 { map[code] = glyph }
            }
        }
        return map
    }

    /// A format 0 `name` table with the Windows Unicode records of ids 0–6 (copyright and trademark notice, family,
    /// subfamily, unique id, full name, version, PostScript name) and one copy of the licence (ids 13 and 14, the
    /// Macintosh record, half the size of the Windows one, when there is one): the Bitstream Vera licence asks for its
    /// notices in every copy of the fonts. Nil when the font has none of them.
    static func essentialNames(_ table: [UInt8]) -> [UInt8]? {
        let reader = ByteReader(table)
        guard let count = try? reader.u16(2), let storage = try? reader.u16(4) else { return nil }
        var kept: [(key: [UInt16], bytes: [UInt8])] = []
        for index in 0..<Int(count) {
            let record = 6 + index * 12
            guard let platform = try? reader.u16(record), let encoding = try? reader.u16(record + 2),
                let language = try? reader.u16(record + 4), let nameID = try? reader.u16(record + 6),
                let length = try? reader.u16(record + 8), let offset = try? reader.u16(record + 10),
                platform == 3 && encoding == 1 && language == 0x0409 || platform == 1 && encoding == 0 && language == 0,
                nameID <= 6 || nameID == 13 || nameID == 14,
                let bytes = try? reader.bytes(Int(storage) + Int(offset), Int(length))
            else { continue }
            kept.append(([platform, encoding, language, nameID], bytes))
        }
        let licences = Set(kept.filter { $0.key[0] == 1 }.map { $0.key[3] })
        kept.removeAll { entry in
            entry.key[0] == 1 ? entry.key[3] <= 6 : entry.key[3] >= 13 && licences.contains(entry.key[3])
        }
        guard !kept.isEmpty else { return nil }
        kept.sort { $0.key.lexicographicallyPrecedes($1.key) }
        var out: [UInt8] = []
        for value in [0, kept.count, 6 + kept.count * 12] { appendU16(UInt16(value), to: &out) }
        var strings: [UInt8] = []
        for entry in kept {
            for value in entry.key { appendU16(value, to: &out) }
            appendU16(UInt16(entry.bytes.count), to: &out)
            appendU16(UInt16(strings.count), to: &out)
            strings += entry.bytes
        }
        return out + strings
    }

    private static func parsePostScriptName(_ table: [UInt8]?) -> String? {
        guard let table else { return nil }
        let reader = ByteReader(table)
        guard let count = try? reader.u16(2), let storage = try? reader.u16(4) else { return nil }
        for index in 0..<Int(count) {
            let record = 6 + index * 12
            guard let platform = try? reader.u16(record), let nameID = try? reader.u16(record + 6),
                let length = try? reader.u16(record + 8), let offset = try? reader.u16(record + 10),
                nameID == 6, let bytes = try? reader.bytes(Int(storage) + Int(offset), Int(length))
            else { continue }
            if platform == 1 { return String(decoding: bytes, as: UTF8.self) }
            if platform == 3 || platform == 0 {
                var units: [UInt16] = []
                for pair in stride(from: 0, to: bytes.count - 1, by: 2) { units.append(UInt16(bytes[pair]) << 8 | UInt16(bytes[pair + 1])) }
                return String(decoding: units, as: UTF16.self)
            }
        }
        return nil
    }
}

/// Big-endian reads with bounds checks (a font file is data: a bad one throws, never traps).
struct ByteReader {
    let data: [UInt8]
    init(_ data: [UInt8]) { self.data = data }

    func u16(_ offset: Int) throws -> UInt16 {
        guard offset >= 0, offset + 2 <= data.count else { throw TrueTypeFont.ParseError.truncated }
        return UInt16(data[offset]) << 8 | UInt16(data[offset + 1])
    }
    func i16(_ offset: Int) throws -> Int16 { Int16(bitPattern: try u16(offset)) }
    func u32(_ offset: Int) throws -> UInt32 {
        guard offset >= 0, offset + 4 <= data.count else { throw TrueTypeFont.ParseError.truncated }
        return UInt32(data[offset]) << 24 | UInt32(data[offset + 1]) << 16 | UInt32(data[offset + 2]) << 8 | UInt32(data[offset + 3])
    }
    func bytes(_ offset: Int, _ length: Int) throws -> [UInt8] {
        guard offset >= 0, length >= 0, offset + length <= data.count else { throw TrueTypeFont.ParseError.truncated }
        return Array(data[offset..<(offset + length)])
    }
}
