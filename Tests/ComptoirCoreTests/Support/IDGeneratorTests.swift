import Foundation
import Testing

@testable import ComptoirCore

@Suite struct IDGeneratorTests {
    @Test func sequentialIDsArePredictable() {
        let ids = SequentialIDGenerator()
        #expect(ids.next().uuidString == "00000000-0000-0000-0000-000000000001")
        #expect(ids.next().uuidString == "00000000-0000-0000-0000-000000000002")
        #expect(SequentialIDGenerator.uuid(42).uuidString == "00000000-0000-0000-0000-00000000002A")
        #expect(SequentialIDGenerator(start: 0x1_0000_0000).next().uuidString == "00000000-0000-0000-0000-000100000000")
    }

    @Test func sequentialIDsAreUniqueAcrossTasks() async {
        let ids = SequentialIDGenerator()
        let generated = await withTaskGroup(of: UUID.self) { group in
            for _ in 0..<200 { group.addTask { ids.next() } }
            return await group.reduce(into: Set<UUID>()) { $0.insert($1) }
        }
        #expect(generated.count == 200)
        #expect(ids.next() == SequentialIDGenerator.uuid(201))
    }

    @Test func randomIDsDiffer() {
        let ids: any IDGenerator = RandomIDGenerator()
        let a = ids.next()
        let b = ids.next()
        #expect(a != b)
    }

    @Test func ascendingIDsSortInTheOrderTheyWereMadeAsTextAndAreDistinct() {
        let generator = AscendingIDGenerator(base: RandomIDGenerator())
        let ids = (0..<70_000).map { _ in generator.next() }
        let texts = ids.map(\.uuidString)
        #expect(texts == texts.sorted())
        #expect(Set(ids).count == ids.count)
        #expect(texts[0].dropFirst(14).first == "8")  // version 8
        #expect(Set(texts.map { $0.prefix(13) }).count == 1)  // one prefix per generator
    }
}
