import ComptoirZlib
import Foundation

/// zlib streams (RFC 1950) for PDF's FlateDecode, by the system zlib called directly (`compress2`) at level 3:
/// about twice as fast as the default level 6 on our streams (fonts, page contents, XML) for 5 % more bytes; and
/// inflating, under a limit, for the PNG logos and the received invoices users upload.
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

    /// Inflates a zlib stream with the system zlib: nil when it is not one, when it is damaged or cut short (its end
    /// never comes), or past `limit` bytes out — the bytes come from users (PNG logos, received invoices), and a
    /// bomb or a truncated stream must end in a refusal, never in a loop or a crash. The Adler-32 after the data is
    /// not checked (readers of PDF files are lenient there, and so are we); a preset dictionary is refused.
    static func inflate(zlib bytes: [UInt8], limit: Int = 64 << 20) -> [UInt8]? {
        guard bytes.count >= 3, bytes[0] & 0x0F == 8, bytes[0] >> 4 <= 7, bytes[1] & 0x20 == 0,
            (UInt16(bytes[0]) << 8 | UInt16(bytes[1])) % 31 == 0
        else { return nil }
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let status: Int32 = bytes.withUnsafeBufferPointer { source in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress! + 2)
            stream.avail_in = uInt(source.count - 2)
            while true {
                let (result, produced) = chunk.withUnsafeMutableBufferPointer { buffer -> (Int32, Int) in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = uInt(buffer.count)
                    let result = zlibInflate(&stream, Z_NO_FLUSH)
                    return (result, buffer.count - Int(stream.avail_out))
                }
                if out.count + produced > limit { return Z_BUF_ERROR }
                out.append(contentsOf: chunk[0..<produced])
                // Z_BUF_ERROR: no progress possible, all the input consumed without reaching the end — truncated.
                if result != Z_OK || (produced == 0 && stream.avail_in == 0) { return result }
            }
        }
        return status == Z_STREAM_END ? out : nil
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

/// zlib's `inflate`, named apart from `Deflate.inflate`.
private func zlibInflate(_ stream: UnsafeMutablePointer<z_stream>, _ flush: Int32) -> Int32 { inflate(stream, flush) }
