extension Array {
    /// Consecutive slices of at most `size` elements (statements with a bounded number of binds).
    public func chunked(_ size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
