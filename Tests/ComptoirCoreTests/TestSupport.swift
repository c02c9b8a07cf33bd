import Foundation
import Testing

/// An instant from an ISO 8601 literal such as "2026-03-29T01:30:00Z".
func instant(_ text: String) throws -> Date {
    try #require(ISO8601DateFormatter().date(from: text))
}

extension Result {
    /// The failure value, for `#require` in tests.
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
