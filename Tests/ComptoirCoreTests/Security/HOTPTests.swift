import ComptoirCore
import Testing

@Suite struct HOTPTests {
    static let secret = Array("12345678901234567890".utf8)

    /// RFC 4226 appendix D: the codes for counters 0 to 9.
    @Test(
        arguments: Array(
            zip(0..<10, ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"])))
    func rfc4226AppendixD(counter: Int, expected: String) {
        #expect(HOTP.code(secret: Self.secret, counter: UInt64(counter), digits: 6, hmac: TestDigest.hmacSHA1) == expected)
    }

    @Test func truncatesFromTheOffsetInTheLastByteAndKeepsLeadingZeros() {
        // A fixed MAC: the last nibble 0xA points at bytes 10...13 = 0x80 00 00 2A; the top bit is dropped.
        let mac: [UInt8] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0x80, 0x00, 0x00, 0x2A, 14, 15, 16, 17, 18, 0x1A]
        let fixed: TOTP.HMAC = { _, _ in mac }
        #expect(HOTP.code(secret: [], counter: 0, digits: 6, hmac: fixed) == "000042")
        #expect(HOTP.code(secret: [], counter: 0, digits: 8, hmac: fixed) == "00000042")
    }

    @Test func theCounterIsSentAsEightBigEndianBytes() {
        let captured = CapturedMessage()
        _ = HOTP.code(
            secret: [1], counter: 0x0102_0304_0506_0708,
            hmac: { key, message in
                captured.set(key: key, message: message)
                return [UInt8](repeating: 0, count: 20)
            })
        #expect(captured.key == [1])
        #expect(captured.message == [1, 2, 3, 4, 5, 6, 7, 8])
    }
}

/// What an HMAC closure was called with.
final class CapturedMessage: @unchecked Sendable {
    // @unchecked: written once by the closure, read after the call returns, on the same task.
    private(set) var key: [UInt8] = []
    private(set) var message: [UInt8] = []

    func set(key: [UInt8], message: [UInt8]) {
        self.key = key
        self.message = message
    }
}
