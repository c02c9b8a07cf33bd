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
        return UUID(uuid: (
            bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
            bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
        ))
    }
}
