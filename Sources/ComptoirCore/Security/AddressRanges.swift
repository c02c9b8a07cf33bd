import Foundation

/// Address restrictions: an IPv4 address or CIDR range per line (`192.0.2.0/24`), or IPv6 addresses.
public enum AddressRanges {
    public static func allows(_ ip: String, ranges text: String?) -> Bool {
        let ranges = (text ?? "").split(whereSeparator: { $0 == "\n" || $0 == "," || $0 == " " }).map(String.init).filter { !$0.isEmpty }
        guard !ranges.isEmpty else { return true }
        return ranges.contains { matches(ip, $0) }
    }

    public static func matches(_ ip: String, _ range: String) -> Bool {
        let parts = range.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let first = parts.first, let network = ipv4(String(first)), let address = ipv4(ip) else { return ip == range }
        let bits = parts.count == 2 ? Int(parts[1]) ?? 32 : 32
        guard (0...32).contains(bits) else { return false }
        let mask: UInt32 = bits == 0 ? 0 : ~UInt32(0) << UInt32(32 - bits)
        return address & mask == network & mask
    }

    public static func ipv4(_ text: String) -> UInt32? {
        let octets = text.split(separator: ".")
        guard octets.count == 4 else { return nil }
        var value: UInt32 = 0
        for octet in octets {
            guard let byte = UInt8(octet) else { return nil }
            value = value << 8 | UInt32(byte)
        }
        return value
    }
}
