/// HMAC-based one-time passwords (RFC 4226), the counter-driven core of TOTP.
public enum HOTP {
    /// The `digits`-digit code for `counter`, by RFC 4226 dynamic truncation of the HMAC (at least 20 bytes long).
    public static func code(secret: [UInt8], counter: UInt64, digits: Int = 6, hmac: TOTP.HMAC) -> String {
        precondition((1...9).contains(digits), "HOTP: digits must be 1 to 9")
        let message = (0..<8).map { UInt8(truncatingIfNeeded: counter >> (56 - 8 * $0)) }
        let mac = hmac(secret, message)
        precondition(mac.count >= 20, "HOTP: the HMAC must return at least 20 bytes")
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let binary =
            UInt32(mac[offset] & 0x7F) << 24 | UInt32(mac[offset + 1]) << 16 | UInt32(mac[offset + 2]) << 8 | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let value = String(binary % modulus)
        return String(repeating: "0", count: digits - value.count) + value
    }
}
