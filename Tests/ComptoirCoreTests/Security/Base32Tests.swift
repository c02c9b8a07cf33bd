import ComptoirCore
import Testing

@Suite struct Base32Tests {
    /// RFC 4648 §10, with the "=" padding removed (authenticator apps use unpadded secrets).
    static let vectors: [(String, String)] = [
        ("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"), ("fooba", "MZXW6YTB"),
        ("foobar", "MZXW6YTBOI"),
    ]

    @Test func encodesTheRFC4648Vectors() {
        for (plain, encoded) in Self.vectors {
            #expect(Base32.encode(Array(plain.utf8)) == encoded, "\(plain)")
        }
    }

    @Test func decodesTheRFC4648VectorsWithOrWithoutPadding() {
        let padded = ["", "MY======", "MZXQ====", "MZXW6===", "MZXW6YQ=", "MZXW6YTB", "MZXW6YTBOI======"]
        for ((plain, encoded), withPadding) in zip(Self.vectors, padded) {
            #expect(Base32.decode(encoded) == Array(plain.utf8), "\(encoded)")
            #expect(Base32.decode(withPadding) == Array(plain.utf8), "\(withPadding)")
        }
    }

    @Test func decodingIgnoresCaseAndSpaces() {
        #expect(Base32.decode("mzxw 6ytb oi") == Array("foobar".utf8))
        #expect(Base32.decode("GEZD GNBV GY3T QOJQ\nGEZD GNBV GY3T QOJQ") == Array("12345678901234567890".utf8))
    }

    @Test func rejectsWhatIsNotBase32() {
        for bad in ["MZXW1", "MZXW8", "MZXW6!", "M", "MZX", "MZXW6Y", "MY=A", "MY=", "é"] {
            #expect(Base32.decode(bad) == nil, "\(bad)")
        }
    }

    @Test func roundTripsEveryLengthAndByteValue() {
        let bytes = (0..<256).map { UInt8($0) }
        for length in 0...40 {
            let slice = Array(bytes[(length * 5)..<(length * 5 + length)])
            #expect(Base32.decode(Base32.encode(slice)) == slice)
        }
        #expect(Base32.decode(Base32.encode(bytes)) == bytes)
    }
}
