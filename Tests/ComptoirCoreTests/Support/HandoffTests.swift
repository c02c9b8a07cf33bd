import Testing

@testable import ComptoirCore

@Suite struct HandoffTests {
    struct Broken: Error, Equatable {}

    /// Box shared between the sending task and the test (only touched from the actor-isolated counter).
    actor Counter {
        var sent = 0
        var most = 0
        var received = 0
        func didSend() { sent += 1; most = max(most, sent - received) }
        func didReceive() { received += 1 }
    }

    @Test func deliversInOrderAndKeepsTheSenderAtMostCapacityAhead() async throws {
        let handoff = Handoff<Int>(capacity: 2)
        let counter = Counter()
        let sender = Task {
            for value in 0..<50 {
                try await handoff.send(value)
                await counter.didSend()
            }
            await handoff.finish()
        }
        var received: [Int] = []
        while let value = try await handoff.receive() {
            received.append(value)
            await counter.didReceive()
            await Task.yield()
        }
        try await sender.value
        #expect(received == Array(0..<50))
        // One handed straight to the receiver plus `capacity` buffered, counted around the calls.
        #expect(await counter.most <= 4)
        #expect(try await handoff.receive() == nil)
    }

    @Test func aFailureStopsBothSides() async throws {
        let handoff = Handoff<Int>(capacity: 1)
        try await handoff.send(1)
        let blocked = Task { try await handoff.send(2) }
        await handoff.fail(Broken())
        await #expect(throws: Broken.self) { try await blocked.value }
        await #expect(throws: Broken.self) { try await handoff.receive() }
        await #expect(throws: Broken.self) { try await handoff.send(3) }
    }

    @Test func aWaitingReceiverGetsNilWhenTheSenderFinishes() async throws {
        let handoff = Handoff<String>()
        let receiver = Task { try await handoff.receive() }
        try await Task.sleep(for: .milliseconds(20))
        await handoff.finish()
        #expect(try await receiver.value == nil)
    }
}
