/// A QR code symbol (ISO/IEC 18004), encoded in byte mode, e.g. an `otpauth://` URI for an authenticator app.
///
/// `encode` picks the smallest version (1–40) that holds the data at the requested error correction level, and
/// the mask with the lowest penalty score; draw it with `svg(…)` or read `isDark(x:y:)`.
public struct QRCode: Sendable, Hashable {
    /// How much of the symbol can be damaged and still read back: about 7 %, 15 %, 25 % or 30 % of the codewords.
    public enum ErrorCorrection: Sendable, Hashable, CaseIterable {
        /// About 7 % recovery.
        case low
        /// About 15 % recovery: the usual choice for a code shown on screen.
        case medium
        /// About 25 % recovery.
        case quartile
        /// About 30 % recovery.
        case high
    }

    /// Why data could not be encoded.
    public enum EncodingError: Error, Sendable, Hashable {
        /// More bytes than version 40 holds at this level (2,953 at low, 2,331 at medium).
        case dataTooLong(byteCount: Int, maximum: Int)
    }

    /// The version, 1 to 40: the symbol is 17 + 4 × version modules wide.
    public let version: Int
    /// The error correction level used.
    public let errorCorrection: ErrorCorrection
    /// The data mask applied, 0 to 7.
    public let mask: Int
    /// The number of modules on each side, without the quiet zone.
    public let size: Int
    /// Row-major, `size` × `size`; true for dark.
    let modules: [Bool]

    /// The QR code of `text`'s UTF-8 bytes (no ECI header: readers take byte-mode data as UTF-8 or Latin-1).
    public static func encode(_ text: String, level: ErrorCorrection = .medium) throws(EncodingError) -> QRCode {
        try encode(bytes: Array(text.utf8), level: level)
    }

    /// The QR code of `bytes`, in byte mode.
    public static func encode(bytes: [UInt8], level: ErrorCorrection = .medium) throws(EncodingError) -> QRCode {
        try encode(bytes: bytes, level: level, minimumVersion: 1, mask: nil)
    }

    /// Encoding with the version at least `minimumVersion` and, when given, a forced `mask` (for tests and comparisons).
    static func encode(bytes: [UInt8], level: ErrorCorrection, minimumVersion: Int, mask: Int?) throws(EncodingError) -> QRCode {
        precondition((1...40).contains(minimumVersion), "QRCode: versions are 1 to 40")
        precondition(mask.map { (0...7).contains($0) } ?? true, "QRCode: masks are 0 to 7")
        guard let version = (minimumVersion...40).first(where: { bytes.count <= QRTables.byteCapacity(version: $0, level: level) })
        else {
            throw .dataTooLong(byteCount: bytes.count, maximum: QRTables.byteCapacity(version: 40, level: level))
        }
        let data = dataCodewords(bytes, version: version, level: level)
        let codewords = QRTables.withErrorCorrection(data, version: version, level: level)
        let matrix = QRMatrix.symbol(version: version, level: level, codewords: codewords, mask: mask)
        return QRCode(version: version, errorCorrection: level, mask: matrix.mask, size: matrix.size, modules: matrix.modules)
    }

    /// Whether the module at column `x`, row `y` (from the top left, both in `0..<size`) is dark.
    public func isDark(x: Int, y: Int) -> Bool {
        precondition((0..<size).contains(x) && (0..<size).contains(y), "QRCode.isDark: outside the symbol")
        return modules[y * size + x]
    }

    /// The data codewords: mode indicator, character count, the bytes, terminator and padding (ISO 18004 §7.4).
    static func dataCodewords(_ bytes: [UInt8], version: Int, level: ErrorCorrection) -> [UInt8] {
        let capacityBits = QRTables.dataCodewordCount(version: version, level: level) * 8
        var bits = QRBitBuffer()
        bits.append(0b0100, count: 4)
        bits.append(bytes.count, count: version <= 9 ? 8 : 16)
        for byte in bytes { bits.append(Int(byte), count: 8) }
        bits.append(0, count: min(4, capacityBits - bits.count))
        bits.append(0, count: (8 - bits.count % 8) % 8)
        var codewords = bits.bytes
        let padding: [UInt8] = [0xEC, 0x11]
        for index in 0..<(capacityBits / 8 - codewords.count) { codewords.append(padding[index % 2]) }
        return codewords
    }
}

/// Bits appended most significant first, read back as bytes.
struct QRBitBuffer {
    private(set) var bits: [Bool] = []

    var count: Int { bits.count }

    /// Appends the low `count` bits of `value`.
    mutating func append(_ value: Int, count: Int) {
        for shift in stride(from: count - 1, through: 0, by: -1) { bits.append(value >> shift & 1 == 1) }
    }

    /// The bits packed into bytes (the count must be a multiple of 8).
    var bytes: [UInt8] {
        stride(from: 0, to: bits.count, by: 8).map { start in
            bits[start..<start + 8].reduce(0) { $0 << 1 | ($1 ? 1 : 0) }
        }
    }
}
