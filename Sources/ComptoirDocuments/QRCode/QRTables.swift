/// The capacities and block structure of each version and level (ISO/IEC 18004 tables 1, 7 and 9).
enum QRTables {
    /// Error correction codewords per block, by level then version (index 0 unused).
    private static let eccCodewordsPerBlock: [QRCode.ErrorCorrection: [Int]] = [
        .low: [
            0, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28,
            28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
        ],
        .medium: [
            0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26,
            26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
        ],
        .quartile: [
            0, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30,
            28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
        ],
        .high: [
            0, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28,
            30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
        ],
    ]

    /// Error correction blocks, by level then version (index 0 unused).
    private static let blockCounts: [QRCode.ErrorCorrection: [Int]] = [
        .low: [
            0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8,
            8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25,
        ],
        .medium: [
            0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16,
            17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49,
        ],
        .quartile: [
            0, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20,
            23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68,
        ],
        .high: [
            0, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25,
            25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81,
        ],
    ]

    /// The modules left for codewords (and remainder bits) once the function patterns are drawn.
    static func rawDataModuleCount(version: Int) -> Int {
        let size = 17 + 4 * version
        var count = size * size
        count -= 3 * 8 * 8  // finder patterns with their separators
        count -= 2 * (size - 16)  // timing patterns between them
        count -= 2 * 15 + 1  // format information, twice, and the dark module
        let alignments = alignmentPatternCentres(version: version).count
        if alignments > 0 {
            // All pairs of centres but the three under finder patterns; those on the timing lines lose 5 modules less each.
            count -= (alignments * alignments - 3) * 25
            count += 2 * (alignments - 2) * 5
        }
        if version >= 7 { count -= 2 * 18 }  // version information
        return count
    }

    /// All codewords of a version: data plus error correction (remainder bits are left over).
    static func codewordCount(version: Int) -> Int { rawDataModuleCount(version: version) / 8 }

    /// The data codewords of a version at a level.
    static func dataCodewordCount(version: Int, level: QRCode.ErrorCorrection) -> Int {
        codewordCount(version: version) - eccCodewordsPerBlock[level]![version] * blockCounts[level]![version]
    }

    /// The most bytes byte mode holds (4-bit mode, 8- or 16-bit count, 8 bits a byte).
    static func byteCapacity(version: Int, level: QRCode.ErrorCorrection) -> Int {
        (dataCodewordCount(version: version, level: level) * 8 - 4 - (version <= 9 ? 8 : 16)) / 8
    }

    /// The row and column coordinates of alignment pattern centres (table E.1); empty for version 1.
    static func alignmentPatternCentres(version: Int) -> [Int] {
        guard version > 1 else { return [] }
        let count = version / 7 + 2
        let last = 4 * version + 10
        // Spaced evenly back from the last towards 6 by an even step, rounded up (version 32 is the one exception).
        let ceilingStep = (last - 6 + count - 2) / (count - 1)
        let step = version == 32 ? 26 : (ceilingStep + 1) / 2 * 2
        return [6] + (0..<(count - 1)).reversed().map { last - $0 * step }
    }

    /// The data split into blocks, each followed by its Reed–Solomon codewords, interleaved (§7.6).
    static func withErrorCorrection(_ data: [UInt8], version: Int, level: QRCode.ErrorCorrection) -> [UInt8] {
        let blockCount = blockCounts[level]![version]
        let eccLength = eccCodewordsPerBlock[level]![version]
        let total = codewordCount(version: version)
        precondition(data.count == total - blockCount * eccLength, "QRTables: wrong number of data codewords")
        // The first blocks are one data codeword shorter than the last ones.
        let longBlocks = total % blockCount
        let shortDataLength = total / blockCount - eccLength
        let generator = ReedSolomon.generator(degree: eccLength)
        var blocks: [[UInt8]] = []
        var eccBlocks: [[UInt8]] = []
        var start = 0
        for index in 0..<blockCount {
            let length = shortDataLength + (index >= blockCount - longBlocks ? 1 : 0)
            let block = Array(data[start..<start + length])
            blocks.append(block)
            eccBlocks.append(ReedSolomon.remainder(block, generator: generator))
            start += length
        }
        var result: [UInt8] = []
        result.reserveCapacity(total)
        for column in 0...shortDataLength {
            for block in blocks where column < block.count { result.append(block[column]) }
        }
        for column in 0..<eccLength {
            for ecc in eccBlocks { result.append(ecc[column]) }
        }
        return result
    }
}
