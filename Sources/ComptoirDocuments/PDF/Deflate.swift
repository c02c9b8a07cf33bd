import ComptoirZlib
import Foundation
import ZIPFoundation

/// zlib streams (RFC 1950) for PDF's FlateDecode, by the system zlib called directly (`compress2`) at level 3:
/// about twice as fast as the default level 6 on our streams (fonts, page contents, XML) for 5 % more bytes. Inflating
/// (tests, imports) goes through ZIPFoundation's raw inflate.
enum Deflate {
    static let level: Int32 = 3

    /// Compresses `bytes` as a zlib stream.
    static func zlib(_ bytes: [UInt8]) -> [UInt8] {
        var length = compressBound(uLong(bytes.count))
        var out = [UInt8](repeating: 0, count: Int(length))
        let status = out.withUnsafeMutableBufferPointer { destination in
            bytes.withUnsafeBufferPointer { source in
                compress2(destination.baseAddress, &length, source.baseAddress, uLong(source.count), level)
            }
        }
        // Deflate of an in-memory buffer cannot fail short of memory exhaustion; store the bytes instead.
        guard status == Z_OK else { return stored(bytes) }
        out.removeLast(out.count - Int(length))
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
