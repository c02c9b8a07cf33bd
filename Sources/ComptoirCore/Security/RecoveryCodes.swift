/// One-time recovery codes shown once when 2FA is turned on, for when the authenticator is lost.
///
/// Codes look like "k7m2-x9pq": lower case, without 0/o, 1/l/i, so they read aloud and type back unambiguously.
/// Store only a hash of each (of its `normalized` form) and strike a code out when it is used.
public enum RecoveryCodes {
    /// The 31 characters codes are drawn from (about 39.6 bits per code).
    public static let alphabet = Array("23456789abcdefghjkmnpqrstuvwxyz")

    /// `count` distinct codes "xxxx-xxxx"; pass a cryptographic generator (`SystemRandomNumberGenerator`).
    public static func generate(count: Int = 10, using generator: inout some RandomNumberGenerator) -> [String] {
        var codes: [String] = []
        var seen: Set<String> = []
        while codes.count < count {
            let characters = (0..<8).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
            let code = String(characters[0..<4]) + "-" + String(characters[4...])
            if seen.insert(code).inserted { codes.append(code) }
        }
        return codes
    }

    /// The canonical "xxxx-xxxx" form of what a user typed (any case, spaces, with or without the hyphen), or nil.
    public static func normalized(_ input: String) -> String? {
        let characters = input.lowercased().filter { $0 != " " && $0 != "-" }
        guard characters.count == 8, characters.allSatisfy(alphabet.contains) else { return nil }
        return String(characters.prefix(4)) + "-" + String(characters.suffix(4))
    }
}
