import Foundation

@testable import ComptoirDocuments

/// Runs independent Python QR code tools on our symbols: `qrcodegen` (Nayuki's encoder, to compare module by
/// module) and `zxingcpp` (the ZXing C++ decoder, to read our symbols back from a rendered image).
///
/// Installed by `.ci/run` (`qrcodegen==1.8.0 zxing-cpp==3.1.1`). Same contract as the other Python checkers:
/// under CI a missing module fails the run; on a developer machine without it the tests needing it are skipped.
enum QRCodePythonChecker {
    static func available(_ module: String) -> Bool { PythonRunner.available(module) }

    /// True when a Chromium binary is on this machine (not installed by CI: those tests are skipped without it).
    static var chromium: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    @discardableResult
    static func run(_ script: String, input: Data) throws -> String { try PythonRunner.run(script, input: input) }

    @discardableResult
    static func run(executable: String, arguments: [String], input: Data = Data()) throws -> String {
        try PythonRunner.run(executable: executable, arguments: arguments, input: input)
    }

    /// A binary PGM (P5) of `code`: `scale` pixels a module, black on white, with a 4-module quiet zone.
    static func pgm(_ code: QRCode, scale: Int = 4) -> Data {
        let side = (code.size + 8) * scale
        var pixels = [UInt8](repeating: 255, count: side * side)
        for y in 0..<code.size {
            for x in 0..<code.size where code.isDark(x: x, y: y) {
                for dy in 0..<scale {
                    let row = ((y + 4) * scale + dy) * side + (x + 4) * scale
                    for dx in 0..<scale { pixels[row + dx] = 0 }
                }
            }
        }
        return Data("P5\n\(side) \(side)\n255\n".utf8) + Data(pixels)
    }

    /// Reads a binary PGM, or an 8-bit RGB/RGBA PNG, on stdin with zxing-cpp; prints hex bytes, level, version, mask.
    ///
    /// The PNG reader is a few lines of zlib and row unfiltering, so no imaging library is needed.
    static let zxingScript = """
        import sys, struct, zlib, zxingcpp

        def png_to_gray(data):
            pos, chunks = 8, {}
            while pos < len(data):
                length, kind = struct.unpack(">I4s", data[pos:pos + 8])
                chunks[kind] = chunks.get(kind, b"") + data[pos + 8:pos + 8 + length]
                pos += 12 + length
            width, height, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
            assert depth == 8 and colour in (2, 6), "only 8-bit RGB or RGBA PNGs"
            bpp = 3 if colour == 2 else 4
            raw, stride, previous, gray = zlib.decompress(chunks[b"IDAT"]), width * bpp, bytearray(width * bpp), bytearray()
            for y in range(height):
                start = y * (stride + 1)
                kind, row = raw[start], bytearray(raw[start + 1:start + 1 + stride])
                for i in range(stride):
                    a = row[i - bpp] if i >= bpp else 0
                    b = previous[i]
                    c = previous[i - bpp] if i >= bpp else 0
                    if kind == 1: row[i] = (row[i] + a) & 255
                    elif kind == 2: row[i] = (row[i] + b) & 255
                    elif kind == 3: row[i] = (row[i] + (a + b) // 2) & 255
                    elif kind == 4:
                        p = a + b - c
                        pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                        row[i] = (row[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
                gray += bytes(row[i + 1] for i in range(0, stride, bpp))
                previous = row
            return memoryview(bytes(gray)).cast("B", (height, width))

        data = sys.stdin.buffer.read()
        if data.startswith(b"\\x89PNG"):
            image = png_to_gray(data)
        else:
            magic, size, maxval, pixels = data.split(b"\\n", 3)
            width, height = map(int, size.split())
            image = memoryview(pixels).cast("B", (height, width))
        results = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
        for r in results:
            print(r.bytes.hex(), r.ec_level, r.extra.get("Version"), r.extra.get("DataMask"))
        """

    /// What zxing-cpp read: the payload, level letter, version and mask of each symbol found.
    struct Reading: Equatable, CustomStringConvertible {
        var bytes: [UInt8]
        var level: String
        var version: Int
        var mask: Int
        var description: String { "\(bytes.count) bytes, \(level), version \(version), mask \(mask)" }
    }

    static func zxingReadings(_ input: Data) throws -> [Reading] {
        try run(zxingScript, input: input).split(separator: "\n").map { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            return Reading(
                bytes: hexBytes(fields[0]), level: fields[1], version: Int(fields[2]) ?? -1, mask: Int(fields[3]) ?? -1)
        }
    }

    static func hexBytes(_ hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count - 1, by: 2).map { UInt8(String(decoding: digits[$0...$0 + 1], as: UTF8.self), radix: 16)! }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// Encodes each "level hex-bytes minversion mask" line with qrcodegen (no level boost, mask -1 to let it choose);
    /// prints version, mask and the rows as 0/1.
    static let qrcodegenScript = """
        import sys, qrcodegen
        from qrcodegen import QrCode, QrSegment
        levels = {"L": QrCode.Ecc.LOW, "M": QrCode.Ecc.MEDIUM, "Q": QrCode.Ecc.QUARTILE, "H": QrCode.Ecc.HIGH}
        for line in sys.stdin.read().split("\\n"):
            if not line:
                continue
            level, data, minversion, mask = line.split(" ")
            qr = QrCode.encode_segments([QrSegment.make_bytes(bytes.fromhex(data))], levels[level],
                                        minversion=int(minversion), mask=int(mask), boostecl=False)
            rows = ["".join("1" if qr.get_module(x, y) else "0" for x in range(qr.get_size())) for y in range(qr.get_size())]
            print(qr.get_version(), qr.get_mask(), ",".join(rows))
        """

    /// A symbol to encode on both sides: a nil mask lets each encoder choose.
    struct Request {
        var level: QRCode.ErrorCorrection
        var bytes: [UInt8]
        var minimumVersion = 1
        var mask: Int?
    }

    /// qrcodegen's symbol for each request: version, mask and rows of "0"/"1".
    static func qrcodegenSymbols(_ requests: [Request]) throws -> [(version: Int, mask: Int, rows: [String])] {
        let letters: [QRCode.ErrorCorrection: String] = [.low: "L", .medium: "M", .quartile: "Q", .high: "H"]
        let input = requests.map { "\(letters[$0.level]!) \(hex($0.bytes)) \($0.minimumVersion) \($0.mask ?? -1)" }
            .joined(separator: "\n")
        return try run(qrcodegenScript, input: Data(input.utf8)).split(separator: "\n").map { line in
            let fields = line.split(separator: " ")
            return (Int(fields[0])!, Int(fields[1])!, fields[2].split(separator: ",").map(String.init))
        }
    }

    /// Our symbol's rows as "0"/"1" strings, to compare with qrcodegen's.
    static func rows(_ code: QRCode) -> [String] {
        (0..<code.size).map { y in String((0..<code.size).map { code.isDark(x: $0, y: y) ? "1" : "0" }) }
    }
}
