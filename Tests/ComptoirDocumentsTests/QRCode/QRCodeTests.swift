import Testing

@testable import ComptoirDocuments

@Suite struct QRCodeTests {
    static let uri =
        "otpauth://totp/Comptoir:zoe.lefevre%40cabinet-lefevre.fr?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
        + "&issuer=Comptoir&algorithm=SHA1&digits=6&period=30"

    @Test func picksTheSmallestVersionThatHoldsTheData() throws {
        #expect(try QRCode.encode("").version == 1)
        #expect(try QRCode.encode(String(repeating: "a", count: 14)).version == 1)
        #expect(try QRCode.encode(String(repeating: "a", count: 15)).version == 2)
        #expect(try QRCode.encode(String(repeating: "a", count: 17), level: .low).version == 1)
        #expect(try QRCode.encode(String(repeating: "a", count: 106)).version == 6)
        #expect(try QRCode.encode(String(repeating: "a", count: 107)).version == 7)
        let code = try QRCode.encode(Self.uri)
        #expect(Self.uri.utf8.count == 146)
        #expect(code.version == 8)
        #expect(code.size == 49)
        #expect(code.errorCorrection == .medium)
    }

    @Test func textIsEncodedAsUTF8() throws {
        #expect(try QRCode.encode("é") == QRCode.encode(bytes: [0xC3, 0xA9]))
    }

    @Test func tooMuchDataIsAnError() throws {
        #expect(throws: QRCode.EncodingError.dataTooLong(byteCount: 2332, maximum: 2331)) {
            try QRCode.encode(bytes: Array(repeating: 0x61, count: 2332))
        }
        #expect(try QRCode.encode(bytes: Array(repeating: 0x61, count: 2331)).version == 40)
        #expect(try QRCode.encode(bytes: Array(repeating: 0x61, count: 2953), level: .low).size == 177)
    }

    @Test(arguments: [1, 2, 7, 9, 21, 40])
    func finderTimingAndDarkModuleAreInPlace(version: Int) throws {
        // setup
        let code = try QRCode.encode(bytes: [1, 2, 3], level: .medium, minimumVersion: version, mask: nil)
        let n = code.size
        #expect(n == 17 + 4 * version)
        // validate: finders with their light separators at three corners
        for (left, top) in [(0, 0), (n - 7, 0), (0, n - 7)] {
            for dy in -1...7 {
                for dx in -1...7 {
                    let (x, y) = (left + dx, top + dy)
                    guard (0..<n).contains(x), (0..<n).contains(y) else { continue }
                    let ring = max(abs(dx - 3), abs(dy - 3))
                    #expect(code.isDark(x: x, y: y) == (ring != 2 && ring != 4), "finder at (\(left), \(top)): (\(x), \(y))")
                }
            }
        }
        for index in 8..<(n - 8) {
            #expect(code.isDark(x: index, y: 6) == (index % 2 == 0), "timing row at \(index)")
            #expect(code.isDark(x: 6, y: index) == (index % 2 == 0), "timing column at \(index)")
        }
        #expect(code.isDark(x: 8, y: n - 8))
    }

    @Test func alignmentPatternsSitOnTheTableCentres() throws {
        let code = try QRCode.encode(bytes: [], level: .medium, minimumVersion: 7, mask: nil)
        for (x, y) in [(22, 6), (6, 22), (22, 22), (38, 22), (22, 38), (38, 38)] {
            for dy in -2...2 {
                for dx in -2...2 {
                    #expect(code.isDark(x: x + dx, y: y + dy) == (max(abs(dx), abs(dy)) != 1), "alignment at (\(x), \(y))")
                }
            }
        }
    }

    /// The format bits of table C.1: medium for every mask, and mask 0 of the other levels.
    @Test func formatBitsMatchTableC1() {
        let medium = [0x5412, 0x5125, 0x5E7C, 0x5B4B, 0x45F9, 0x40CE, 0x4F97, 0x4AA0]
        for (mask, bits) in medium.enumerated() {
            #expect(QRMatrix.formatBits(level: .medium, mask: mask) == bits, "mask \(mask)")
        }
        #expect(QRMatrix.formatBits(level: .low, mask: 0) == 0x77C4)
        #expect(QRMatrix.formatBits(level: .quartile, mask: 0) == 0x355F)
        #expect(QRMatrix.formatBits(level: .high, mask: 0) == 0x1689)
    }

    @Test func formatBitsAreBCHCodewordsFarApart() {
        let all = QRCode.ErrorCorrection.allCases.flatMap { level in (0..<8).map { QRMatrix.formatBits(level: level, mask: $0) } }
        for bits in all {
            // Without the XOR mask, a codeword of the (15, 5) BCH code: divisible by the generator.
            #expect(QRMatrix.bchRemainder(bits ^ 0x5412, generator: 0x537) == 0)
        }
        for (index, a) in all.enumerated() {
            for b in all[(index + 1)...] { #expect((a ^ b).nonzeroBitCount >= 7) }
        }
    }

    @Test func versionBitsMatchTableD1() {
        #expect(QRMatrix.versionBits(version: 7) == 0x07C94)
        #expect(QRMatrix.versionBits(version: 8) == 0x085BC)
        #expect(QRMatrix.versionBits(version: 21) == 0x15683)
        #expect(QRMatrix.versionBits(version: 40) == 0x28C69)
        for version in 7...40 { #expect(QRMatrix.bchRemainder(QRMatrix.versionBits(version: version), generator: 0x1F25) == 0) }
    }

    /// Reads both copies of the format information at the positions of ISO/IEC 18004 figure 25.
    static func formatCopies(_ code: QRCode) -> (Int, Int) {
        let n = code.size
        // Bit 14 (most significant) first.
        let first = [
            (0, 8), (1, 8), (2, 8), (3, 8), (4, 8), (5, 8), (7, 8), (8, 8), (8, 7), (8, 5), (8, 4), (8, 3), (8, 2), (8, 1), (8, 0),
        ]
        let second = (0..<7).map { (8, n - 1 - $0) } + (0..<8).map { (n - 8 + $0, 8) }
        func read(_ positions: [(Int, Int)]) -> Int { positions.reduce(0) { $0 << 1 | (code.isDark(x: $1.0, y: $1.1) ? 1 : 0) } }
        return (read(first), read(second))
    }

    @Test(arguments: QRCode.ErrorCorrection.allCases)
    func bothFormatCopiesNameTheLevelAndMask(level: QRCode.ErrorCorrection) throws {
        for mask in 0..<8 {
            let code = try QRCode.encode(bytes: Array("Comptoir".utf8), level: level, minimumVersion: 1, mask: mask)
            let (first, second) = Self.formatCopies(code)
            #expect(first == second)
            #expect(first == QRMatrix.formatBits(level: level, mask: mask))
            #expect(code.mask == mask)
        }
    }

    @Test func versionInformationIsDrawnTwice() throws {
        let code = try QRCode.encode(bytes: [], level: .medium, minimumVersion: 7, mask: nil)
        var topRight = 0, bottomLeft = 0
        for index in (0..<18).reversed() {
            topRight = topRight << 1 | (code.isDark(x: code.size - 11 + index % 3, y: index / 3) ? 1 : 0)
            bottomLeft = bottomLeft << 1 | (code.isDark(x: index / 3, y: code.size - 11 + index % 3) ? 1 : 0)
        }
        #expect(topRight == 0x07C94)
        #expect(bottomLeft == 0x07C94)
    }

    @Test func theChosenMaskHasTheLowestPenalty() throws {
        for text in ["", "Comptoir", Self.uri, String(repeating: "0", count: 300)] {
            let bytes = Array(text.utf8)
            let code = try QRCode.encode(bytes: bytes)
            let codewords = QRTables.withErrorCorrection(
                QRCode.dataCodewords(bytes, version: code.version, level: .medium), version: code.version, level: .medium)
            let penalties = (0..<8).map {
                QRMatrix.symbol(version: code.version, level: .medium, codewords: codewords, mask: $0).penalty()
            }
            #expect(penalties[code.mask] == penalties.min(), "\(text.prefix(10)): \(penalties)")
            // Ties go to the lowest mask number.
            #expect(penalties.firstIndex(of: penalties.min()!) == code.mask)
        }
    }

    @Test func linePenaltiesForRunsAndFinderLikePatterns() {
        func line(_ text: String) -> [Bool] { text.map { $0 == "1" } }
        // A light line: one run of 21 (3 + 16); no finder-like pattern without dark modules.
        #expect(QRMatrix.linePenalty(line(String(repeating: "0", count: 21))) == 19)
        // Alternating: no long runs, no pattern.
        #expect(QRMatrix.linePenalty(line("101010101010101010101")) == 0)
        // 1:1:3:1:1 at the left edge: light beyond the edge on one side, 14 light on the other, so both sides
        // qualify (2 × 40), plus the run of 14 (3 + 9).
        #expect(QRMatrix.linePenalty(line("1011101" + String(repeating: "0", count: 14))) == 92)
        // The same pattern hemmed in by dark runs of 2 on both sides: only the runs of 5 count, none here.
        #expect(QRMatrix.linePenalty(line("0110101110101100101")) == 0)
        // Twice the unit (2:2:6:2:2) with 8 light on the right and 2 on the left: one side qualifies; the runs of
        // 6 dark and 8 light add 3 + 1 and 3 + 3.
        #expect(QRMatrix.linePenalty(line("1001100111111001100000000")) == 40 + 4 + 6)
    }
}
