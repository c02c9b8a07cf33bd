import Foundation
import Testing

@testable import ComptoirCore

@Suite struct UUIDTextTests {
    @Test func writesWhatFoundationWrites() {
        for _ in 0..<200 {
            let id = UUID()
            #expect(id.text() == id.uuidString)
            #expect(id.text(uppercase: false) == id.uuidString.lowercased())
        }
        let fixed = UUID(uuidString: "0190B2C4-00AF-7000-8000-0123456789AB")!
        #expect(fixed.text() == "0190B2C4-00AF-7000-8000-0123456789AB")
    }
}
