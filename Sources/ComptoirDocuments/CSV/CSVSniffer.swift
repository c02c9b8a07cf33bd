import Foundation

/// The settings a delimited file was most likely written with.
public struct CSVDialectGuess: Sendable, Hashable {
    public var encoding: EncodingGuess
    public var separator: UInt8
    /// The first record looks like column titles rather than data.
    public var hasHeader: Bool
}

/// Guesses the separator and the header row of a delimited file from its first bytes.
public enum CSVSniffer {
    /// The separators tried, in order of preference when two fit equally: French Excel's `;` first.
    public static let separators: [UInt8] = [UInt8(ascii: ";"), UInt8(ascii: ","), 0x09, UInt8(ascii: "|")]

    /// Guesses everything from `sample`, the first bytes of the file.
    public static func guess(_ sample: [UInt8]) -> CSVDialectGuess {
        let encoding = EncodingDetector.guess(sample)
        let body = trimToLastLine(sample)
        let separator = guessSeparator(body, encoding: encoding.encoding)
        let records = sampleRecords(body, separator: separator, encoding: encoding.encoding, limit: 20)
        return CSVDialectGuess(encoding: encoding, separator: separator, hasHeader: looksLikeHeader(records))
    }

    /// The separator that splits the sample's records into the most consistent number of fields (> 1).
    public static func guessSeparator(_ sample: [UInt8], encoding: TextEncoding) -> UInt8 {
        var best: (separator: UInt8, score: Double) = (separators[0], -1)
        for candidate in separators {
            let records = sampleRecords(sample, separator: candidate, encoding: encoding, limit: 50).filter { !$0.isBlank }
            guard !records.isEmpty else { continue }
            var counts: [Int: Int] = [:]
            for record in records { counts[record.fields.count, default: 0] += 1 }
            let (mode, frequency) = counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key < $1.key) }!
            guard mode > 1 else { continue }
            // Consistency first, then more columns; problems (a quote in the wrong place) count against.
            let broken = records.filter { $0.problem != nil }.count
            let score = Double(frequency - broken) / Double(records.count) * 1000 + Double(min(mode, 999))
            if score > best.score { best = (candidate, score) }
        }
        return best.separator
    }

    /// The first `limit` records of a sample.
    public static func sampleRecords(_ sample: [UInt8], separator: UInt8, encoding: TextEncoding, limit: Int) -> [CSVStreamRecord] {
        let reader = CSVStreamReader(bytes: sample, separator: separator, encoding: encoding)
        var records: [CSVStreamRecord] = []
        while records.count < limit, let record = try? reader.next() { records.append(record) }
        return records
    }

    /// A header has text in most cells, none of which looks like a value (a number, a date, an e-mail).
    public static func looksLikeHeader(_ records: [CSVStreamRecord]) -> Bool {
        guard let first = records.first(where: { !$0.isBlank }) else { return false }
        let cells = first.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        let filled = cells.filter { !$0.isEmpty }
        guard filled.count * 2 >= cells.count else { return false }
        return !filled.contains(where: looksLikeValue)
    }

    static func looksLikeValue(_ cell: String) -> Bool {
        if cell.contains("@") { return true }
        let digits = cell.filter(\.isNumber).count
        // "12/03/2026", "1 234,50", "75001", "06 12 34 56 78": mostly digits.
        return digits > 0 && digits * 2 >= cell.count
    }

    /// The sample up to its last line end, so a record cut by the sample's end does not skew the guess.
    static func trimToLastLine(_ sample: [UInt8]) -> [UInt8] {
        guard let last = sample.lastIndex(where: { $0 == 0x0A || $0 == 0x0D }), last > 0 else { return sample }
        return Array(sample[...last])
    }
}
