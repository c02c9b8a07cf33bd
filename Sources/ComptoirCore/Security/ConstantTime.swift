/// Comparisons whose duration does not depend on where the inputs differ, for secrets and codes.
public enum ConstantTime {
    /// Whether `a` and `b` are equal, looking at every byte (only a length mismatch returns early).
    public static func equals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
