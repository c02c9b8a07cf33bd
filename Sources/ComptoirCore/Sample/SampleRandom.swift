/// A small, fast, seeded pseudo-random generator (SplitMix64) for reproducible sample data.
///
/// Not for secrets. Every draw goes through our own arithmetic (never `Int.random(in:using:)`, whose
/// algorithm the standard library may change), so a seed yields the same data on every platform and toolchain.
public struct SampleRandom: RandomNumberGenerator, Sendable {
    /// The generator's state; the next output is derived from it.
    public private(set) var state: UInt64

    /// A generator starting from `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// An independent generator for item `index` of a `stream` (one stream per kind of record).
    ///
    /// Each record gets its own generator, so record N can be produced without producing 0..<N first,
    /// and in any order or in parallel.
    public init(seed: UInt64, stream: UInt64, index: Int) {
        let streamKey = Self.mix(seed ^ Self.mix(stream &* 0xD6E8_FEB8_6659_FD93))
        state = Self.mix(streamKey ^ UInt64(bitPattern: Int64(index)) &* 0x9E37_79B9_7F4A_7C15)
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// A number in `0..<bound` (`bound` > 0), by multiply-high: a negligible bias for the small bounds used here.
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "SampleRandom.below: bound must be positive")
        return Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// A number in `range`.
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// True with probability `percent` / 100.
    public mutating func chance(_ percent: Int) -> Bool {
        below(100) < percent
    }

    /// An element of a non-empty array.
    public mutating func pick<Element>(_ elements: [Element]) -> Element {
        elements[below(elements.count)]
    }

    /// The SplitMix64 output function (a bijective 64-bit mixer).
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A keyed bijection of `0..<count` onto itself: distinct inputs give distinct, well-scattered outputs.
    ///
    /// Used to derive unique identifiers and name combinations from a record index without any table.
    /// Cycle-walking: a bijection on the smallest power-of-two range holding `count` is applied until the
    /// value falls below `count` (fewer than two rounds on average).
    public static func permute(_ value: Int, count: Int, key: UInt64) -> Int {
        precondition(count > 0 && (0..<count).contains(value), "SampleRandom.permute: value out of range")
        if count == 1 { return 0 }
        let bits = UInt64.bitWidth - UInt64(count - 1).leadingZeroBitCount
        let mask: UInt64 = bits == 64 ? .max : (1 << UInt64(bits)) - 1
        let shift = UInt64(max(1, bits / 2))
        let key1 = (mix(key) | 1) & mask
        let key2 = (mix(key ^ 0x5851_F42D_4C95_7F2D) | 1) & mask
        let offset = mix(key ^ 0x1405_7B7E_F767_814F) & mask
        var x = UInt64(value)
        repeat {
            // Each step is a bijection on `bits`-bit values: odd multiplication, xorshift, addition mod 2^bits.
            x = (x &* key1) & mask
            x ^= x >> shift
            x = (x &+ offset) & mask
            x = (x &* key2) & mask
            x ^= x >> shift
        } while x >= UInt64(count)
        return Int(x)
    }
}
