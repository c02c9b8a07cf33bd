import Testing

/// The test-only digests agree with FIPS 180 and the HMAC RFCs, so the OTP vectors below test our code, not them.
@Suite struct TestDigestTests {
    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }

    @Test func digestsOfABCAndOfAThousandBytes() {
        let abc = Array("abc".utf8)
        #expect(Self.hex(TestDigest.sha1(abc)) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(Self.hex(TestDigest.sha256(abc)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            Self.hex(TestDigest.sha512(abc))
                == "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"
        )
        // Several blocks, and a length whose padding spills into an extra block.
        let long = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        #expect(Self.hex(TestDigest.sha1(long)) == "291e9a6c66994949b57ba5e650361e98fc36b1ba")
        #expect(Self.hex(TestDigest.sha256(long)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
        #expect(
            Self.hex(TestDigest.sha512(long))
                == "67ba5535a46e3f86dbfbed8cbbaf0125c76ed549ff8b0b9e03e0c88cf90fa634fa7b12b47d77b694de488ace8d9a65967dc96df599727d3292a8d9d447709c97"
        )
    }

    @Test func hmacVectorsFromRFC2202AndRFC4231() {
        let key = Array("Jefe".utf8), data = Array("what do ya want for nothing?".utf8)
        #expect(Self.hex(TestDigest.hmacSHA1(key, data)) == "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79")
        #expect(Self.hex(TestDigest.hmacSHA256(key, data)) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(
            Self.hex(TestDigest.hmacSHA512(key, data))
                == "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"
        )
        // A key longer than the block is hashed first.
        let longKey = [UInt8](repeating: 0xAA, count: 131)
        let longData = Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)
        #expect(Self.hex(TestDigest.hmacSHA1(longKey, longData)) == "90d0dace1c1bdc957339307803160335bde6df2b")
        #expect(
            Self.hex(TestDigest.hmacSHA256(longKey, longData)) == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        )
        #expect(
            Self.hex(TestDigest.hmacSHA512(longKey, longData))
                == "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598"
        )
    }
}
