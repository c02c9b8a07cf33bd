import Testing

@testable import ComptoirDocuments

@Suite struct QRTablesTests {
    @Test func totalCodewordsOfSomeVersions() {
        // ISO/IEC 18004 table 1.
        let expected = [1: 26, 2: 44, 6: 172, 7: 196, 10: 346, 14: 581, 20: 1085, 32: 2465, 40: 3706]
        for (version, count) in expected {
            #expect(QRTables.codewordCount(version: version) == count, "version \(version)")
        }
        #expect(QRTables.rawDataModuleCount(version: 1) == 208)
        #expect(QRTables.rawDataModuleCount(version: 2) == 359)  // 7 remainder bits
        #expect(QRTables.rawDataModuleCount(version: 21) == 9252)  // 4 remainder bits
    }

    @Test func byteCapacitiesMatchTable7() {
        let expected: [(Int, QRCode.ErrorCorrection, Int)] = [
            (1, .low, 17), (1, .medium, 14), (1, .quartile, 11), (1, .high, 7),
            (6, .medium, 106), (7, .medium, 122), (8, .medium, 152), (9, .medium, 180), (10, .medium, 213),
            (10, .low, 271), (10, .high, 119),
            (40, .low, 2953), (40, .medium, 2331), (40, .quartile, 1663), (40, .high, 1273),
        ]
        for (version, level, bytes) in expected {
            #expect(QRTables.byteCapacity(version: version, level: level) == bytes, "\(version)-\(level)")
        }
    }

    @Test func capacitiesGrowWithTheVersionAndShrinkWithTheLevel() {
        for version in 1...40 {
            let byLevel = QRCode.ErrorCorrection.allCases.map { QRTables.byteCapacity(version: version, level: $0) }
            #expect(byLevel == byLevel.sorted(by: >), "version \(version)")
            if version > 1 {
                #expect(QRTables.byteCapacity(version: version, level: .high) > QRTables.byteCapacity(version: version - 1, level: .high))
            }
        }
    }

    @Test func alignmentPatternCentresOfTableE1() {
        #expect(QRTables.alignmentPatternCentres(version: 1) == [])
        #expect(QRTables.alignmentPatternCentres(version: 2) == [6, 18])
        #expect(QRTables.alignmentPatternCentres(version: 6) == [6, 34])
        #expect(QRTables.alignmentPatternCentres(version: 7) == [6, 22, 38])
        #expect(QRTables.alignmentPatternCentres(version: 16) == [6, 26, 50, 74])
        #expect(QRTables.alignmentPatternCentres(version: 32) == [6, 34, 60, 86, 112, 138])
        #expect(QRTables.alignmentPatternCentres(version: 36) == [6, 24, 50, 76, 102, 128, 154])
        #expect(QRTables.alignmentPatternCentres(version: 39) == [6, 26, 54, 82, 110, 138, 166])
        #expect(QRTables.alignmentPatternCentres(version: 40) == [6, 30, 58, 86, 114, 142, 170])
    }

    @Test func dataCodewordsOfOneByteAt1M() {
        // 0100 (byte mode), 00000001 (count), 01100001 ("a"), 0000 (terminator), then 0xEC 0x11 alternately.
        let codewords = QRCode.dataCodewords([0x61], version: 1, level: .medium)
        #expect(codewords == [0x40, 0x16, 0x10] + [0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC])
    }

    @Test func dataCodewordsUseASixteenBitCountFromVersion10() {
        let codewords = QRCode.dataCodewords([0xFF], version: 10, level: .medium)
        // 0100 0000 0000 0000 0001 1111 1111 0000
        #expect(Array(codewords.prefix(4)) == [0x40, 0x00, 0x1F, 0xF0])
        #expect(codewords.count == QRTables.dataCodewordCount(version: 10, level: .medium))
    }

    @Test func aFullSymbolHasNoRoomForTheTerminator() {
        // 14 bytes fill 1-M exactly: 4 + 8 + 112 = 124 bits, then 4 terminator bits make 128.
        let codewords = QRCode.dataCodewords(Array(repeating: 0x41, count: 14), version: 1, level: .medium)
        #expect(codewords.count == 16)
        #expect(codewords.last == 0x10)
    }

    @Test func blocksAreInterleavedShortOnesFirst() {
        // 5-Q: two blocks of 15 data codewords, then two of 16; 18 ECC codewords each.
        let data = (0..<62).map { UInt8($0) }
        let all = QRTables.withErrorCorrection(data, version: 5, level: .quartile)
        #expect(all.count == 134)
        #expect(Array(all.prefix(8)) == [0, 15, 30, 46, 1, 16, 31, 47])
        // After 15 rounds the short blocks are exhausted; the long ones give their 16th codeword.
        #expect(Array(all[60..<62]) == [45, 61])
        let firstBlockECC = ReedSolomon.remainder(Array(data[0..<15]), generator: ReedSolomon.generator(degree: 18))
        #expect(stride(from: 62, to: 134, by: 4).map { all[$0] } == firstBlockECC)
    }
}
