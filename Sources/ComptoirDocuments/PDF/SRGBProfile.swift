import Foundation

/// A minimal ICC v2 sRGB display profile, generated here rather than shipped: the sRGB primaries adapted to D50
/// (IEC 61966-2-1) and its tone curve sampled at 1024 points. It is the OutputIntent's DestOutputProfile of every
/// PDF/A file we write; no licence question, and the same bytes on every machine.
enum SRGBProfile {
    static let bytes: [UInt8] = build()
    /// `bytes` deflated, once per process: every PDF carries the same profile.
    static let deflated: [UInt8] = Deflate.zlib(bytes)

    private static func build() -> [UInt8] {
        var tags: [(signature: String, data: [UInt8])] = []
        tags.append(("desc", textDescription("sRGB IEC61966-2.1 (Comptoir)")))
        tags.append(("cprt", text("No copyright, use freely")))
        tags.append(("wtpt", xyz(0.9642, 1.0, 0.8249)))
        tags.append(("rXYZ", xyz(0.4360747, 0.2225045, 0.0139322)))
        tags.append(("gXYZ", xyz(0.3850649, 0.7168786, 0.0971045)))
        tags.append(("bXYZ", xyz(0.1430804, 0.0606169, 0.7141733)))
        let curve = toneCurve()
        tags.append(("rTRC", curve))
        tags.append(("gTRC", curve))
        tags.append(("bTRC", curve))

        var table: [UInt8] = []
        var data: [UInt8] = []
        let tableSize = 4 + tags.count * 12
        var curveOffset: Int?
        appendU32(UInt32(tags.count), to: &table)
        for tag in tags {
            var offset = 128 + tableSize + data.count
            if tag.signature.hasSuffix("TRC"), let shared = curveOffset {
                offset = shared  // the three channels share one curve, as ICC allows
            } else {
                if tag.signature.hasSuffix("TRC") { curveOffset = offset }
                data += tag.data
                while data.count % 4 != 0 { data.append(0) }
            }
            table += Array(tag.signature.utf8)
            appendU32(UInt32(offset), to: &table)
            appendU32(UInt32(tag.data.count), to: &table)
        }
        let size = 128 + table.count + data.count
        var header: [UInt8] = []
        appendU32(UInt32(size), to: &header)
        header += [0, 0, 0, 0]  // preferred CMM
        appendU32(0x0210_0000, to: &header)  // version 2.1
        header += Array("mntrRGB XYZ ".utf8)
        for value: UInt16 in [2026, 1, 1, 0, 0, 0] { appendU16(value, to: &header) }  // fixed date: same bytes always
        header += Array("acsp".utf8)
        header += [UInt8](repeating: 0, count: 24)  // platform, flags, manufacturer, model, attributes
        appendU32(0, to: &header)  // rendering intent: perceptual
        header += fixed(0.9642) + fixed(1.0) + fixed(0.8249)  // PCS illuminant D50
        header += [UInt8](repeating: 0, count: 128 - header.count)
        return header + table + data
    }

    private static func fixed(_ value: Double) -> [UInt8] {
        var out: [UInt8] = []
        appendU32(UInt32(bitPattern: Int32((value * 65536).rounded())), to: &out)
        return out
    }

    private static func xyz(_ x: Double, _ y: Double, _ z: Double) -> [UInt8] {
        Array("XYZ ".utf8) + [0, 0, 0, 0] + fixed(x) + fixed(y) + fixed(z)
    }

    private static func text(_ value: String) -> [UInt8] {
        Array("text".utf8) + [0, 0, 0, 0] + Array(value.utf8) + [0]
    }

    private static func textDescription(_ value: String) -> [UInt8] {
        var out = Array("desc".utf8) + [0, 0, 0, 0]
        appendU32(UInt32(value.utf8.count + 1), to: &out)
        out += Array(value.utf8) + [0]
        out += [0, 0, 0, 0, 0, 0, 0, 0]  // Unicode language code and count
        out += [0, 0, 0]  // ScriptCode code and count
        out += [UInt8](repeating: 0, count: 67)
        return out
    }

    private static func toneCurve() -> [UInt8] {
        var out = Array("curv".utf8) + [0, 0, 0, 0]
        let points = 1024
        appendU32(UInt32(points), to: &out)
        for index in 0..<points {
            let encoded = Double(index) / Double(points - 1)
            let linear = encoded <= 0.04045 ? encoded / 12.92 : pow((encoded + 0.055) / 1.055, 2.4)
            appendU16(UInt16((linear * 65535).rounded()), to: &out)
        }
        return out
    }
}
