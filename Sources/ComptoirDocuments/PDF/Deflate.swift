import Foundation
import ZIPFoundation

/// zlib streams (RFC 1950) for PDF's FlateDecode, on the raw deflate that ZIPFoundation already brings (the
/// system zlib on Linux, Compression on Apple platforms): a two-byte header, the deflate data, the Adler-32.
enum Deflate {
    /// Compresses `bytes` as a zlib stream.
    static func zlib(_ bytes: [UInt8]) -> [UInt8] {
        let input = Data(bytes)
        var raw = Data()
        let size = Int64(input.count)
        do {
            _ = try Data.compress(
                size: size, bufferSize: 64 * 1024,
                provider: { position, chunk in input.subdata(in: Int(position)..<Int(position) + chunk) },
                consumer: { raw.append($0) })
        } catch {
            // Deflate of an in-memory buffer cannot fail short of memory exhaustion; store the bytes instead.
            return stored(bytes)
        }
        var out: [UInt8] = [0x78, 0x9C]
        out.append(contentsOf: raw)
        appendBigEndian(adler32(bytes), to: &out)
        return out
    }

    /// Inflates a zlib stream (its header and checksum skipped); nil when it is not one.
    static func inflate(zlib bytes: [UInt8]) -> [UInt8]? {
        guard bytes.count >= 6, bytes[0] & 0x0F == 8, (UInt16(bytes[0]) << 8 | UInt16(bytes[1])) % 31 == 0 else { return nil }
        let raw = Data(bytes[2..<(bytes.count - 4)])
        var out = Data()
        do {
            _ = try Data.decompress(
                size: Int64(raw.count), bufferSize: 64 * 1024, skipCRC32: true,
                provider: { position, chunk in raw.subdata(in: Int(position)..<min(raw.count, Int(position) + chunk)) },
                consumer: { out.append($0) })
        } catch {
            return nil
        }
        return [UInt8](out)
    }

    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1
        var b: UInt32 = 0
        var index = 0
        while index < bytes.count {
            let end = min(index + 5552, bytes.count)
            while index < end {
                a &+= UInt32(bytes[index])
                b &+= a
                index += 1
            }
            a %= 65521
            b %= 65521
        }
        return b << 16 | a
    }

    /// Deflate's « stored » blocks: valid, uncompressed.
    static func stored(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var index = 0
        repeat {
            let length = min(65535, bytes.count - index)
            let last: UInt8 = index + length >= bytes.count ? 1 : 0
            out.append(last)
            out += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
            out.append(contentsOf: bytes[index..<(index + length)])
            index += length
        } while index < bytes.count
        appendBigEndian(adler32(bytes), to: &out)
        return out
    }

    static func appendBigEndian(_ value: UInt32, to out: inout [UInt8]) {
        out += [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }
}
