import Foundation

/// The source of new identifiers; injected so tests get predictable UUIDs.
public protocol IDGenerator: Sendable {
    /// A new identifier.
    func next() -> UUID
}

/// Random (version 4) UUIDs, for production.
public struct RandomIDGenerator: IDGenerator {
    /// A generator of random UUIDs.
    public init() {}

    /// A new random UUID.
    public func next() -> UUID { UUID() }
}

/// Sequential UUIDs for tests: 00000000-0000-0000-0000-000000000001, …02, …; safe to share across tasks.
public final class SequentialIDGenerator: IDGenerator, @unchecked Sendable {
    // @unchecked: `counter` is only read and written under `lock`.
    private let lock = NSLock()
    private var counter: UInt64

    /// A generator whose first UUID ends with `start` (1 by default).
    public init(start: UInt64 = 1) {
        counter = start
    }

    /// The next UUID in sequence.
    public func next() -> UUID {
        let value = lock.withLock {
            defer { counter &+= 1 }
            return counter
        }
        return Self.uuid(value)
    }

    /// The UUID whose last 64 bits are `value` ("00000000-0000-0000-0000-00000000002a" for 42).
    public static func uuid(_ value: UInt64) -> UUID {
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<8 {
            bytes[15 - index] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(index)))
        }
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
    }
}

/// Ascending UUIDs for one bulk write (an import): a prefix drawn once from `base`, then a counter, so
/// the rows of a batch land next to each other in every index keyed by id instead of all over it
/// (a third faster for SQLite inserts into the contacts table). Version 8 ("custom") UUIDs.
public final class AscendingIDGenerator: IDGenerator, @unchecked Sendable {
    // @unchecked: `counter` is only read and written under `lock`.
    private let lock = NSLock()
    private let prefix: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8)
    private var counter: UInt64 = 0

    public init(base: any IDGenerator) {
        let seed = base.next().uuid
        prefix = (seed.0, seed.1, seed.2, seed.3, seed.4, seed.5)
    }

    public func next() -> UUID {
        let value = lock.withLock {
            counter &+= 1
            return counter
        }
        // 48 bits of prefix, then the counter from its high bits down (54 bits used), around the version (8)
        // and variant bits, so the UUIDs sort (as bytes and as text) in the order they were made.
        func bits(_ shift: UInt64, _ width: UInt64) -> UInt8 { UInt8((value >> shift) & ((1 << width) - 1)) }
        return UUID(
            uuid: (
                prefix.0, prefix.1, prefix.2, prefix.3, prefix.4, prefix.5,
                0x80 | bits(50, 4), bits(42, 8), 0x80 | bits(36, 6), bits(28, 8), bits(20, 8), bits(12, 8), bits(4, 8), bits(0, 4) << 4, 0,
                0
            ))
    }
}
