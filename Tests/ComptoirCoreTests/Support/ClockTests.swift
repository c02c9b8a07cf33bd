import Foundation
import Testing

@testable import ComptoirCore

@Suite struct ClockTests {
    @Test func fixedClockIsSettableAndAdvances() throws {
        // setup
        let start = try instant("2026-03-29T01:30:00Z")
        let clock = FixedClock(start)
        // act
        clock.advance(by: 90)
        let advanced = clock.now()
        clock.set(try instant("2027-01-01T00:00:00Z"))
        // validate
        #expect(advanced == start.addingTimeInterval(90))
        #expect(clock.now() == (try instant("2027-01-01T00:00:00Z")))
        #expect(FixedClock(iso8601: "2026-03-29T01:30:00Z").now() == start)
    }

    @Test func fixedClockIsSafeAcrossTasks() async throws {
        let clock = FixedClock(Date(timeIntervalSince1970: 0))
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<100 { group.addTask { clock.advance(by: 1) } }
        }
        #expect(clock.now() == Date(timeIntervalSince1970: 100))
    }

    @Test func systemClockReadsTheCurrentTime() {
        let clock: any Clock = SystemClock()
        #expect(abs(clock.now().timeIntervalSinceNow) < 5)
    }
}
