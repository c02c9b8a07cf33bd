import Foundation

/// The source of the current instant; injected so tests pin time (no bare `Date()` in app code).
///
/// Named like the standard library's `Clock`; this module's declaration wins for code importing ComptoirCore,
/// and `ComptoirCore.Clock` disambiguates if needed.
public protocol Clock: Sendable {
    /// The current instant.
    func now() -> Date
}

/// The real clock.
public struct SystemClock: Clock {
    /// A clock reading the system time.
    public init() {}

    /// The current system time.
    public func now() -> Date { Date() }
}

/// A clock for tests: fixed until set or advanced; safe to share across tasks.
public final class FixedClock: Clock, @unchecked Sendable {
    // @unchecked: `current` is only read and written under `lock`.
    private let lock = NSLock()
    private var current: Date

    /// A clock stopped at `date`.
    public init(_ date: Date) {
        current = date
    }

    /// A clock stopped at an ISO 8601 instant such as "2026-03-29T01:30:00Z" (traps on a malformed literal).
    public convenience init(iso8601 text: String) {
        guard let date = try? Date(text, strategy: .iso8601) else {
            preconditionFailure("FixedClock: not an ISO 8601 instant: \(text)")
        }
        self.init(date)
    }

    /// The pinned instant.
    public func now() -> Date {
        lock.withLock { current }
    }

    /// Moves the clock to `date`.
    public func set(_ date: Date) {
        lock.withLock { current = date }
    }

    /// Moves the clock forward by `interval` seconds (backward when negative).
    public func advance(by interval: TimeInterval) {
        lock.withLock { current = current.addingTimeInterval(interval) }
    }
}

/// A duration in seconds (stopwatches of bulk loads and imports use `ContinuousClock`, not the injected clock).
public func elapsedSeconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}
