import ComptoirCore
import Testing

@Suite struct RecoveryCodesTests {
    @Test func generatesDistinctCodesOfTheUnambiguousAlphabet() {
        // setup
        var generator = SeededGenerator(seed: 42)
        // act
        let codes = RecoveryCodes.generate(using: &generator)
        // validate
        #expect(codes.count == 10)
        #expect(Set(codes).count == 10)
        for code in codes {
            #expect(code.count == 9)
            #expect(Array(code)[4] == "-")
            #expect(code.filter { $0 != "-" }.allSatisfy(RecoveryCodes.alphabet.contains), "\(code)")
            #expect(!code.contains(where: { "01ilo".contains($0) }), "\(code)")
        }
    }

    @Test func theSameGeneratorStateGivesTheSameCodes() {
        var first = SeededGenerator(seed: 1), second = SeededGenerator(seed: 1)
        #expect(RecoveryCodes.generate(count: 3, using: &first) == RecoveryCodes.generate(count: 3, using: &second))
        #expect(RecoveryCodes.generate(count: 0, using: &first) == [])
    }

    @Test func everyCharacterOfTheAlphabetIsUsed() {
        var generator = SeededGenerator(seed: 3)
        let used = Set(RecoveryCodes.generate(count: 200, using: &generator).joined().filter { $0 != "-" })
        #expect(used == Set(RecoveryCodes.alphabet))
    }

    @Test func normalizesWhatUsersType() {
        #expect(RecoveryCodes.normalized("k7m2-x9pq") == "k7m2-x9pq")
        #expect(RecoveryCodes.normalized(" K7M2 X9PQ ") == "k7m2-x9pq")
        #expect(RecoveryCodes.normalized("k7m2x9pq") == "k7m2-x9pq")
        for bad in ["", "k7m2-x9p", "k7m2-x9pqr", "k7m2-x9p0", "k7m2-x9pl", "k7m2_x9pq"] {
            #expect(RecoveryCodes.normalized(bad) == nil, "\(bad)")
        }
    }
}
