import Foundation

/// A time-based one-time password generator and verifier (RFC 6238), as used by authenticator apps for 2FA.
///
/// Core stays free of crypto libraries: the caller passes the HMAC matching `algorithm`, e.g. with swift-crypto
/// `{ key, message in Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: key))) }`.
/// The current time is passed in too (the app's injected clock), never read here.
public struct TOTP: Sendable, Hashable {
    /// An HMAC function: the MAC of `message` under `key`, with the hash named by `TOTP.algorithm`.
    ///
    /// Nested rather than top-level so it never clashes with swift-crypto's `HMAC` in files importing both.
    public typealias HMAC = @Sendable (_ key: [UInt8], _ message: [UInt8]) -> [UInt8]

    /// The hash function behind the HMAC, as named in provisioning URIs.
    public enum Algorithm: String, Sendable, Hashable, CaseIterable {
        /// HMAC-SHA-1: the default, and the only one every authenticator app supports.
        case sha1 = "SHA1"
        /// HMAC-SHA-256.
        case sha256 = "SHA256"
        /// HMAC-SHA-512.
        case sha512 = "SHA512"
    }

    /// The shared secret (20 random bytes is the usual size for SHA-1).
    public let secret: [UInt8]
    /// The number of digits of a code, 6 to 8.
    public let digits: Int
    /// The length of a time step in seconds, a whole number (30 by default).
    public let period: TimeInterval
    /// The hash the caller's HMAC uses; only written into the provisioning URI.
    public let algorithm: Algorithm

    /// A generator for `secret`; traps on digits outside 6...8 or a period that is not a positive whole number.
    public init(secret: [UInt8], digits: Int = 6, period: TimeInterval = 30, algorithm: Algorithm = .sha1) {
        precondition((6...8).contains(digits), "TOTP: digits must be 6, 7 or 8")
        precondition(period >= 1 && period.rounded() == period, "TOTP: period must be a positive whole number of seconds")
        self.secret = secret
        self.digits = digits
        self.period = period
        self.algorithm = algorithm
    }

    /// A new random secret of `byteCount` bytes; pass a cryptographic generator (`SystemRandomNumberGenerator`).
    public static func makeSecret(byteCount: Int = 20, using generator: inout some RandomNumberGenerator) -> [UInt8] {
        (0..<byteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// The time step containing `date`: whole periods since the Unix epoch (0 before 1970).
    public func step(at date: Date) -> Int64 {
        let steps = (date.timeIntervalSince1970 / period).rounded(.down)
        return steps > 0 ? Int64(steps) : 0
    }

    /// The code an authenticator app shows at `date`.
    public func code(at date: Date, hmac: HMAC) -> String {
        HOTP.code(secret: secret, counter: UInt64(step(at: date)), digits: digits, hmac: hmac)
    }

    /// Whether `code` is valid at `date`, allowing for `window` steps of clock drift either way.
    public func verify(_ code: String, at date: Date, window: Int = 1, hmac: HMAC) -> Bool {
        matchingStep(code, at: date, window: window, hmac: hmac) != nil
    }

    /// The time step `code` belongs to, within `window` steps of `date`, or nil when it matches none.
    ///
    /// RFC 6238 §5.2 says a code must not be accepted twice: store the step of the last accepted code per user and
    /// reject any step at or below it. Rejects anything but exactly `digits` ASCII digits (strip spaces before).
    public func matchingStep(_ code: String, at date: Date, window: Int = 1, hmac: HMAC) -> Int64? {
        precondition(window >= 0, "TOTP: window must not be negative")
        let candidate = Array(code.utf8)
        guard candidate.count == digits, candidate.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        let current = step(at: date)
        var matched: Int64?
        // Every step of the window is computed and compared, so the time taken does not tell which one matched;
        // the nearest step wins (0, -1, +1, -2, …) in the unlikely case two steps share a code.
        for distance in 0...window {
            for step in distance == 0 ? [current] : [current - Int64(distance), current + Int64(distance)] where step >= 0 {
                let expected = Array(HOTP.code(secret: secret, counter: UInt64(step), digits: digits, hmac: hmac).utf8)
                if ConstantTime.equals(expected, candidate), matched == nil { matched = step }
            }
        }
        return matched
    }

    /// The `otpauth://totp/…` URI an authenticator app scans (Key URI Format), to show as a QR code.
    ///
    /// The label is `issuer:account`; both parts are percent-encoded (an issuer's own ":" too), "@" is kept as is.
    public func provisioningURI(issuer: String, account: String) -> String {
        let issuerText = Self.percentEncoded(issuer)
        let label = issuer.isEmpty ? Self.percentEncoded(account) : issuerText + ":" + Self.percentEncoded(account)
        var query = ["secret=" + Base32.encode(secret)]
        if !issuer.isEmpty { query.append("issuer=" + issuerText) }
        query += ["algorithm=" + algorithm.rawValue, "digits=\(digits)", "period=\(Int(period))"]
        return "otpauth://totp/" + label + "?" + query.joined(separator: "&")
    }

    /// Percent-encodes all but RFC 3986 unreserved characters and "@" (as authenticator apps expect in e-mails).
    static func percentEncoded(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "@"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                result += "%" + String(Self.hexDigits[Int(byte >> 4)]) + String(Self.hexDigits[Int(byte & 0x0F)])
            }
        }
        return result
    }

    private static let hexDigits = Array("0123456789ABCDEF")
}
