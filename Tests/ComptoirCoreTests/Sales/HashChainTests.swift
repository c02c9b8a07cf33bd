import Testing

@testable import ComptoirCore

@Suite struct HashChainTests {
    /// A stand-in digest (FNV-1a, 8 bytes): the chain's logic does not depend on which digest it is given; the services'
    /// tests check the real SHA-256.
    static func fnv(_ bytes: [UInt8]) -> [UInt8] {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return (0..<8).map { UInt8(truncatingIfNeeded: hash >> (8 * $0)) }
    }

    @Test func canonicalFormSortsFieldsAndPrefixesLengths() {
        let content = HashChain.Content(["total": "12.50", "reference": "FA2026-00001", "b": "é;=x"])
        #expect(content.canonical == "b=5:é;=x;reference=12:FA2026-00001;total=5:12.50;")
        #expect(HashChain.Content(canonical: content.canonical) == content)
        #expect(HashChain.Content(canonical: "a=3:xy;") == nil)
        #expect(content.changedFields(comparedTo: HashChain.Content(["total": "12.51", "reference": "FA2026-00001"])) == ["b", "total"])
        // A value that looks like a separator cannot impersonate two fields.
        #expect(HashChain.Content(["a": "1;b=1:2"]).canonical != HashChain.Content(["a": "1", "b": "2"]).canonical)
    }

    func chain(_ contents: [HashChain.Content]) -> [HashChain.Link] {
        var previous = HashChain.genesis
        return contents.enumerated().map { index, content in
            let hash = HashChain.link(previous: previous, content: content, digest: Self.fnv)
            defer { previous = hash }
            return HashChain.Link(sequence: Int64(index + 1), previous: previous, content: content, hash: hash)
        }
    }

    @Test func anIntactChainHoldsAndAChangeBreaksItsLink() {
        // setup
        let links = chain((1...5).map { HashChain.Content(["reference": "FA2026-0000\($0)", "total": "\($0)0.00"]) })
        #expect(HashChain.firstBreak(links, digest: Self.fnv) == nil)
        // act: a field changed in the third link
        var changed = links
        changed[2].content["total"] = "99.00"
        // validate
        let broken = HashChain.firstBreak(changed, digest: Self.fnv)
        #expect(broken?.link.sequence == 3)
        #expect(broken?.reason == .hashMismatch)
    }

    @Test func aRemovedOrReorderedLinkIsNamed() {
        let links = chain((1...4).map { HashChain.Content(["n": "\($0)"]) })
        var removed = links
        removed.remove(at: 1)
        #expect(HashChain.firstBreak(removed, digest: Self.fnv)?.link.sequence == 3)
        #expect(HashChain.firstBreak(removed, digest: Self.fnv)?.reason == .sequenceGap)
        var renumbered = removed
        renumbered[1].sequence = 2
        renumbered[2].sequence = 3
        #expect(HashChain.firstBreak(renumbered, digest: Self.fnv)?.reason == .previousMismatch)
        #expect(HashChain.link(previous: HashChain.genesis, content: .init(["n": "1"]), digest: Self.fnv).count == 16)
    }
}
