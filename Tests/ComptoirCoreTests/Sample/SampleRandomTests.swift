import Testing

@testable import ComptoirCore

@Suite struct SampleRandomTests {
    @Test func matchesTheSplitMix64ReferenceOutput() {
        // Reference values of SplitMix64 seeded with 0 (Vigna's splitmix64.c).
        var random = SampleRandom(seed: 0)
        #expect(random.next() == 0xE220_A839_7B1D_CDAF)
        #expect(random.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(random.next() == 0x06C4_5D18_8009_454F)
    }

    @Test func sameSeedSameSequenceAndStreamsDiffer() {
        var a = SampleRandom(seed: 42, stream: 1, index: 7)
        var b = SampleRandom(seed: 42, stream: 1, index: 7)
        var otherIndex = SampleRandom(seed: 42, stream: 1, index: 8)
        var otherStream = SampleRandom(seed: 42, stream: 2, index: 7)
        let first = (0..<5).map { _ in a.next() }
        #expect(first == (0..<5).map { _ in b.next() })
        #expect(first != (0..<5).map { _ in otherIndex.next() })
        #expect(first != (0..<5).map { _ in otherStream.next() })
    }

    @Test func drawsStayInRange() {
        var random = SampleRandom(seed: 1)
        var seen = Set<Int>()
        for _ in 0..<10_000 {
            let value = random.below(7)
            #expect((0..<7).contains(value))
            seen.insert(value)
            #expect((-3...3).contains(random.int(in: -3...3)))
        }
        #expect(seen == Set(0..<7))
    }

    @Test(arguments: [1, 2, 3, 1_000, 4_096, 4_097, 90_000])
    func permuteIsABijection(count: Int) {
        let image = Set((0..<count).map { SampleRandom.permute($0, count: count, key: 99) })
        #expect(image == Set(0..<count))
    }

    @Test func permuteDependsOnTheKey() {
        let a = (0..<100).map { SampleRandom.permute($0, count: 1_000, key: 1) }
        let b = (0..<100).map { SampleRandom.permute($0, count: 1_000, key: 2) }
        #expect(a != b)
        #expect(a != Array(0..<100))
    }
}
