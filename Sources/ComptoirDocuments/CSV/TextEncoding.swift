import Foundation

/// The text encodings a French small business's files come in: UTF-8 (with or without BOM, what
/// LibreOffice and most exports write), Windows-1252 (what French Excel writes as « CSV (séparateur :
/// point-virgule) »; Latin-1 is read as its superset), and UTF-16 (Excel's « Texte Unicode »).
public enum TextEncoding: String, Sendable, Hashable, Codable, CaseIterable {
    case utf8
    case windows1252
    case utf16LE
    case utf16BE

    /// The byte order mark this encoding may start with.
    public var byteOrderMark: [UInt8] {
        switch self {
        case .utf8: return [0xEF, 0xBB, 0xBF]
        case .windows1252: return []
        case .utf16LE: return [0xFF, 0xFE]
        case .utf16BE: return [0xFE, 0xFF]
        }
    }

    /// What the analysis page shows.
    public var label: String {
        switch self {
        case .utf8: return "UTF-8"
        case .windows1252: return "Windows-1252 (Latin-1)"
        case .utf16LE: return "UTF-16 LE"
        case .utf16BE: return "UTF-16 BE"
        }
    }
}

/// What `EncodingDetector` concluded from the start of a file.
public struct EncodingGuess: Sendable, Hashable {
    public var encoding: TextEncoding
    /// The file starts with the encoding's byte order mark (skipped when reading).
    public var hasBOM: Bool
    /// Both valid multi-byte UTF-8 sequences and bytes that are not UTF-8 were seen: some lines were
    /// saved in another encoding. Read as UTF-8, the lines that are not are reported, not guessed at.
    public var mixed: Bool
    /// NUL bytes or control characters outside UTF-16: not a text file.
    public var binary: Bool
}

/// Guesses the encoding of a text file from its first bytes.
public enum EncodingDetector {
    /// `sample` is the start of the file (a few hundred kilobytes is plenty; a cut multi-byte sequence at
    /// its end is not held against UTF-8).
    public static func guess(_ sample: [UInt8]) -> EncodingGuess {
        for encoding in [TextEncoding.utf8, .utf16LE, .utf16BE] where sample.starts(with: encoding.byteOrderMark) {
            return EncodingGuess(
                encoding: encoding, hasBOM: true, mixed: encoding == .utf8 && utf8Status(sample.dropFirst(3)).invalid > 0, binary: false)
        }
        // UTF-16 without a BOM: every other byte is NUL in Latin text.
        if sample.count >= 4 {
            let pairs = sample.count / 2
            var evenZeros = 0, oddZeros = 0
            for index in 0..<pairs {
                if sample[2 * index] == 0 { evenZeros += 1 }
                if sample[2 * index + 1] == 0 { oddZeros += 1 }
            }
            if oddZeros > pairs * 3 / 10 && evenZeros < pairs / 20 {
                return EncodingGuess(encoding: .utf16LE, hasBOM: false, mixed: false, binary: false)
            }
            if evenZeros > pairs * 3 / 10 && oddZeros < pairs / 20 {
                return EncodingGuess(encoding: .utf16BE, hasBOM: false, mixed: false, binary: false)
            }
        }
        var controls = 0
        for byte in sample where byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D && byte != 0x0C {
            controls += 1
        }
        let binary = controls > 0 && (sample.contains(0) || controls * 100 > sample.count)
        let status = utf8Status(sample[...])
        if status.invalid == 0 {
            return EncodingGuess(encoding: .utf8, hasBOM: false, mixed: false, binary: binary)
        }
        if status.multiByte > 0 {
            // Real UTF-8 text with some foreign lines: keep UTF-8 so the good lines read right.
            return EncodingGuess(encoding: .utf8, hasBOM: false, mixed: true, binary: binary)
        }
        return EncodingGuess(encoding: .windows1252, hasBOM: false, mixed: false, binary: binary)
    }

    /// Counts valid multi-byte sequences and invalid bytes; a sequence cut by the end of the sample is neither.
    static func utf8Status(_ bytes: ArraySlice<UInt8>) -> (multiByte: Int, invalid: Int) {
        var multiByte = 0, invalid = 0
        var index = bytes.startIndex
        let end = bytes.endIndex
        while index < end {
            let byte = bytes[index]
            if byte < 0x80 { index += 1; continue }
            let length: Int
            switch byte {
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: invalid += 1; index += 1; continue
            }
            if index + length > end { break }
            var valid = true
            for offset in 1..<length where bytes[index + offset] & 0xC0 != 0x80 { valid = false }
            if valid {
                multiByte += 1
                index += length
            } else {
                invalid += 1
                index += 1
            }
        }
        return (multiByte, invalid)
    }
}

/// Turns the bytes of one field into a `String`.
public enum TextDecoding {
    /// Decodes `bytes`; nil when they are not valid in `encoding` (only UTF-8 can be invalid here:
    /// every byte means something in Windows-1252, and UTF-16 is transcoded before tokenising).
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, _ encoding: TextEncoding) -> String? {
        var ascii = true
        for byte in bytes where byte >= 0x80 {
            ascii = false
            break
        }
        if ascii { return String(decoding: bytes, as: UTF8.self) }
        switch encoding {
        case .windows1252:
            // Straight to UTF-8: each byte is one scalar below U+2200, i.e. at most three UTF-8 bytes.
            return String(unsafeUninitializedCapacity: bytes.count * 3) { buffer in
                var count = 0
                for byte in bytes {
                    let value = byte >= 0x80 && byte <= 0x9F ? windows1252High[Int(byte - 0x80)] : UInt32(byte)
                    if value < 0x80 {
                        buffer[count] = UInt8(value)
                        count += 1
                    } else if value < 0x800 {
                        buffer[count] = UInt8(0xC0 | (value >> 6))
                        buffer[count + 1] = UInt8(0x80 | (value & 0x3F))
                        count += 2
                    } else {
                        buffer[count] = UInt8(0xE0 | (value >> 12))
                        buffer[count + 1] = UInt8(0x80 | ((value >> 6) & 0x3F))
                        buffer[count + 2] = UInt8(0x80 | (value & 0x3F))
                        count += 3
                    }
                }
                return count
            }
        case .utf8, .utf16LE, .utf16BE:
            return String(validating: bytes, as: UTF8.self)
        }
    }

    /// Windows-1252's 0x80–0x9F block (the rest is Latin-1); undefined bytes map to their C1 control, as browsers do.
    static let windows1252High: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    @inline(__always) static func windows1252Scalar(_ byte: UInt8) -> Unicode.Scalar {
        if byte >= 0x80 && byte <= 0x9F { return Unicode.Scalar(windows1252High[Int(byte - 0x80)])! }
        return Unicode.Scalar(byte)
    }

    /// Encodes text as Windows-1252 (for tests and sample files); characters it lacks become "?".
    public static func windows1252Bytes(_ text: String) -> [UInt8] {
        var reverse: [UInt32: UInt8] = [:]
        for (offset, scalar) in windows1252High.enumerated() { reverse[scalar] = UInt8(0x80 + offset) }
        return text.unicodeScalars.map { scalar in
            if scalar.value < 0x80 || (scalar.value >= 0xA0 && scalar.value <= 0xFF) { return UInt8(scalar.value) }
            return reverse[scalar.value] ?? UInt8(ascii: "?")
        }
    }
}
