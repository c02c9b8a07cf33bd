import ComptoirCore
import Foundation
import Testing

@Suite struct TOTPTests {
    static let sha1Secret = Array("12345678901234567890".utf8)
    static let sha256Secret = Array("12345678901234567890123456789012".utf8)
    static let sha512Secret = Array("1234567890123456789012345678901234567890123456789012345678901234".utf8)

    struct Vector: Sendable, CustomTestStringConvertible {
        var time: TimeInterval
        var sha1: String
        var sha256: String
        var sha512: String
        var testDescription: String { "T=\(Int64(time))" }
    }

    /// RFC 6238 appendix B (8 digits, 30 s steps; the longer seeds for SHA-256/512 are the reference code's).
    static let vectors: [Vector] = [
        Vector(time: 59, sha1: "94287082", sha256: "46119246", sha512: "90693936"),
        Vector(time: 1_111_111_109, sha1: "07081804", sha256: "68084774", sha512: "25091201"),
        Vector(time: 1_111_111_111, sha1: "14050471", sha256: "67062674", sha512: "99943326"),
        Vector(time: 1_234_567_890, sha1: "89005924", sha256: "91819424", sha512: "93441116"),
        Vector(time: 2_000_000_000, sha1: "69279037", sha256: "90698825", sha512: "38618901"),
        Vector(time: 20_000_000_000, sha1: "65353130", sha256: "77737706", sha512: "47863826"),
    ]

    @Test(arguments: vectors)
    func rfc6238AppendixB(vector: Vector) {
        let date = Date(timeIntervalSince1970: vector.time)
        let sha1 = TOTP(secret: Self.sha1Secret, digits: 8)
        let sha256 = TOTP(secret: Self.sha256Secret, digits: 8, algorithm: .sha256)
        let sha512 = TOTP(secret: Self.sha512Secret, digits: 8, algorithm: .sha512)
        #expect(sha1.code(at: date, hmac: TestDigest.hmacSHA1) == vector.sha1)
        #expect(sha256.code(at: date, hmac: TestDigest.hmacSHA256) == vector.sha256)
        #expect(sha512.code(at: date, hmac: TestDigest.hmacSHA512) == vector.sha512)
        #expect(sha1.verify(vector.sha1, at: date, window: 0, hmac: TestDigest.hmacSHA1))
    }

    @Test func sixDigitCodesAreTheLastSixOfTheEightDigitOnes() {
        let totp = TOTP(secret: Self.sha1Secret)
        #expect(totp.code(at: Date(timeIntervalSince1970: 59), hmac: TestDigest.hmacSHA1) == "287082")
        #expect(totp.code(at: Date(timeIntervalSince1970: 1_111_111_109), hmac: TestDigest.hmacSHA1) == "081804")
    }

    @Test func stepsAreWholePeriodsSinceTheEpoch() {
        let totp = TOTP(secret: Self.sha1Secret)
        #expect(totp.step(at: Date(timeIntervalSince1970: 0)) == 0)
        #expect(totp.step(at: Date(timeIntervalSince1970: 29.999)) == 0)
        #expect(totp.step(at: Date(timeIntervalSince1970: 30)) == 1)
        #expect(totp.step(at: Date(timeIntervalSince1970: 20_000_000_000)) == 666_666_666)
        #expect(totp.step(at: Date(timeIntervalSince1970: -100)) == 0)
        #expect(TOTP(secret: Self.sha1Secret, period: 60).step(at: Date(timeIntervalSince1970: 119)) == 1)
    }

    @Test func acceptsCodesWithinTheWindowOnly() {
        // setup: codes of the steps around T = 1234567890 (step 41152263)
        let totp = TOTP(secret: Self.sha1Secret)
        let now = Date(timeIntervalSince1970: 1_234_567_890)
        func code(_ offset: Int) -> String {
            totp.code(at: now.addingTimeInterval(TimeInterval(30 * offset)), hmac: TestDigest.hmacSHA1)
        }
        // validate
        for offset in -1...1 {
            #expect(totp.verify(code(offset), at: now, hmac: TestDigest.hmacSHA1), "offset \(offset)")
            #expect(totp.matchingStep(code(offset), at: now, hmac: TestDigest.hmacSHA1) == 41_152_263 + Int64(offset))
        }
        for offset in [-3, -2, 2, 3] {
            #expect(!totp.verify(code(offset), at: now, hmac: TestDigest.hmacSHA1), "offset \(offset)")
        }
        #expect(totp.verify(code(2), at: now, window: 2, hmac: TestDigest.hmacSHA1))
        #expect(!totp.verify(code(1), at: now, window: 0, hmac: TestDigest.hmacSHA1))
        #expect(totp.verify(code(0), at: now, window: 0, hmac: TestDigest.hmacSHA1))
    }

    @Test func theWindowDoesNotReachBeforeStepZero() {
        let totp = TOTP(secret: Self.sha1Secret)
        let code = totp.code(at: Date(timeIntervalSince1970: 10), hmac: TestDigest.hmacSHA1)
        #expect(totp.matchingStep(code, at: Date(timeIntervalSince1970: 10), window: 3, hmac: TestDigest.hmacSHA1) == 0)
    }

    @Test func rejectsNonDigitsAndWrongLengths() {
        let totp = TOTP(secret: Self.sha1Secret)
        let now = Date(timeIntervalSince1970: 59)
        let good = totp.code(at: now, hmac: TestDigest.hmacSHA1)  // "287082"
        #expect(totp.verify(good, at: now, hmac: TestDigest.hmacSHA1))
        for bad in ["", "28708", "2870820", "94287082", "287 082", " 287082", "28708a", "２８７０８２", "-28708", "+287082"] {
            #expect(!totp.verify(bad, at: now, hmac: TestDigest.hmacSHA1), "\(bad)")
        }
    }

    @Test func theAlgorithmIsNotGuessedFromTheMACLength() {
        // A SHA-256 TOTP verified with the SHA-1 HMAC gives other codes: the caller must pass the matching HMAC.
        let totp = TOTP(secret: Self.sha256Secret, digits: 8, algorithm: .sha256)
        let now = Date(timeIntervalSince1970: 59)
        #expect(!totp.verify("46119246", at: now, hmac: TestDigest.hmacSHA1))
        #expect(totp.verify("46119246", at: now, hmac: TestDigest.hmacSHA256))
    }

    @Test func provisioningURIFollowsTheKeyURIFormat() throws {
        // setup
        let totp = TOTP(secret: Self.sha1Secret)
        // act
        let uri = totp.provisioningURI(issuer: "Comptoir", account: "zoe.lefevre@example.fr")
        // validate
        #expect(
            uri == "otpauth://totp/Comptoir:zoe.lefevre@example.fr?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                + "&issuer=Comptoir&algorithm=SHA1&digits=6&period=30")
    }

    @Test func provisioningURIPercentEncodesTheLabelAndIssuer() throws {
        // setup
        let totp = TOTP(secret: [0xFF, 0x00, 0x10], digits: 8, period: 60, algorithm: .sha256)
        // act
        let uri = totp.provisioningURI(issuer: "Cabinet Dupont & Fils: Conseil", account: "zoé+test@example.fr")
        // validate
        #expect(
            uri == "otpauth://totp/Cabinet%20Dupont%20%26%20Fils%3A%20Conseil:zo%C3%A9%2Btest@example.fr?secret=74ABA"
                + "&issuer=Cabinet%20Dupont%20%26%20Fils%3A%20Conseil&algorithm=SHA256&digits=8&period=60")
        let components = try #require(URLComponents(string: uri))
        #expect(components.scheme == "otpauth")
        #expect(components.host == "totp")
        #expect(components.path == "/Cabinet Dupont & Fils: Conseil:zoé+test@example.fr")
        let items = Dictionary(uniqueKeysWithValues: (components.queryItems ?? []).map { ($0.name, $0.value ?? "") })
        #expect(items["issuer"] == "Cabinet Dupont & Fils: Conseil")
        #expect(Base32.decode(items["secret"] ?? "") == [0xFF, 0x00, 0x10])
    }

    @Test func provisioningURIWithoutAnIssuerHasTheAccountAlone() {
        let uri = TOTP(secret: [1, 2, 3]).provisioningURI(issuer: "", account: "admin")
        #expect(uri == "otpauth://totp/admin?secret=AEBAG&algorithm=SHA1&digits=6&period=30")
    }

    @Test func makeSecretDrawsTheRequestedNumberOfBytesFromTheGenerator() {
        var first = SeededGenerator(seed: 7), second = SeededGenerator(seed: 7)
        let secret = TOTP.makeSecret(using: &first)
        #expect(secret.count == 20)
        #expect(TOTP.makeSecret(using: &second) == secret)
        #expect(TOTP.makeSecret(byteCount: 32, using: &first).count == 32)
        #expect(Set(secret).count > 10)
    }
}

/// A deterministic generator for tests (SplitMix64); the app passes `SystemRandomNumberGenerator`.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
