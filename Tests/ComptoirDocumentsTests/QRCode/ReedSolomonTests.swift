import Testing

@testable import ComptoirDocuments

@Suite struct ReedSolomonTests {
    @Test func theFieldUsesTheQRCodePolynomial() {
        #expect(ReedSolomon.exponents[0] == 1)
        #expect(ReedSolomon.exponents[7] == 128)
        #expect(ReedSolomon.exponents[8] == 29)  // x⁸ = x⁴ + x³ + x² + 1
        #expect(ReedSolomon.exponents[254] == 142)
        #expect(Set(ReedSolomon.exponents[0..<255]).count == 255)
        for value in 1...255 {
            #expect(ReedSolomon.exponents[ReedSolomon.logarithms[value]] == UInt8(value))
        }
        #expect(ReedSolomon.multiply(2, 0x80) == 0x1D)
        #expect(ReedSolomon.multiply(0x8E, 2) == 1)  // α²⁵⁴ is the inverse of α
        #expect(ReedSolomon.multiply(0, 0x53) == 0)
    }

    @Test func generatorPolynomialOfDegree7() {
        // ISO/IEC 18004 annex A: x⁷ + α⁸⁷x⁶ + α²²⁹x⁵ + α¹⁴⁶x⁴ + α¹⁴⁹x³ + α²³⁸x² + α¹⁰²x + α²¹.
        let exponents = ReedSolomon.generator(degree: 7).map { ReedSolomon.logarithms[Int($0)] }
        #expect(exponents == [87, 229, 146, 149, 238, 102, 21])
        #expect(ReedSolomon.generator(degree: 10).map { ReedSolomon.logarithms[Int($0)] } == [251, 67, 46, 61, 118, 70, 64, 94, 32, 45])
    }

    @Test func isoAnnexIExample01234567At1M() {
        // ISO/IEC 18004 annex I: "01234567" in numeric mode, version 1-M.
        let data: [UInt8] = [0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11]
        let ecc = ReedSolomon.remainder(data, generator: ReedSolomon.generator(degree: 10))
        #expect(ecc == [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55])
    }

    @Test func helloWorldAt1M() {
        // "HELLO WORLD" in alphanumeric mode, version 1-M (the worked example of Thonky's QR code tutorial).
        let data: [UInt8] = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17]
        let ecc = ReedSolomon.remainder(data, generator: ReedSolomon.generator(degree: 10))
        #expect(ecc == [196, 35, 39, 119, 235, 215, 231, 226, 93, 23])
    }

    @Test func aCodewordWithItsECCIsAMultipleOfTheGenerator() {
        // The remainder of (data · x^n + ecc) is zero: every root α^i of the generator is a root of the codeword.
        let data = (0..<40).map { UInt8(($0 * 37 + 11) % 256) }
        let generator = ReedSolomon.generator(degree: 22)
        let codeword = data + ReedSolomon.remainder(data, generator: generator)
        for root in 0..<22 {
            var value: UInt8 = 0
            for coefficient in codeword { value = ReedSolomon.multiply(value, ReedSolomon.exponents[root]) ^ coefficient }
            #expect(value == 0, "α^\(root)")
        }
    }
}
