/// Work handed from one task to another through a small buffer: the sender waits while the buffer is full,
/// so a fast producer never runs more than `capacity` items ahead of its consumer (bounded memory).
///
/// The producer ends the stream with `finish()`; either side stops the other with `fail(_:)`: the receiver's
/// next `receive()` and the sender's next `send(_:)` throw that error (items still buffered are dropped).
public actor Handoff<Element: Sendable> {
    private var items: [Element] = []
    private let capacity: Int
    private var ended = false
    private var failure: (any Error)?
    private var receiver: CheckedContinuation<Element?, any Error>?
    private var senders: [CheckedContinuation<Void, Never>] = []

    public init(capacity: Int = 1) {
        self.capacity = max(1, capacity)
    }

    /// Hands `element` over, waiting while `capacity` items are already waiting; throws once either side failed.
    public func send(_ element: Element) async throws {
        while items.count >= capacity, failure == nil, !ended {
            await withCheckedContinuation { senders.append($0) }
        }
        if let failure { throw failure }
        precondition(!ended, "Handoff: send after finish")
        if let receiver {
            self.receiver = nil
            receiver.resume(returning: element)
        } else {
            items.append(element)
        }
    }

    /// The next item, or nil once the sender finished and the buffer is empty; throws once either side failed.
    public func receive() async throws -> Element? {
        if let failure { throw failure }
        if !items.isEmpty {
            let element = items.removeFirst()
            if !senders.isEmpty { senders.removeFirst().resume() }
            return element
        }
        if ended { return nil }
        return try await withCheckedThrowingContinuation { receiver = $0 }
    }

    /// The next item if one is already waiting, else nil at once (also at the end); throws once either side failed.
    public func receiveIfReady() throws -> Element? {
        if let failure { throw failure }
        guard !items.isEmpty else { return nil }
        let element = items.removeFirst()
        if !senders.isEmpty { senders.removeFirst().resume() }
        return element
    }

    /// No more items: the receiver gets the buffered ones, then nil.
    public func finish() {
        ended = true
        receiver?.resume(returning: nil)
        receiver = nil
        wakeSenders()
    }

    /// Stops both sides with `error`.
    public func fail(_ error: any Error) {
        if failure == nil { failure = error }
        items.removeAll()
        receiver?.resume(throwing: error)
        receiver = nil
        wakeSenders()
    }

    private func wakeSenders() {
        let waiting = senders
        senders.removeAll()
        for sender in waiting { sender.resume() }
    }
}
