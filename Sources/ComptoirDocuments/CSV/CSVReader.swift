import Foundation

/// Why a CSV text could not be read; `line` is the 1-based physical line where the problem starts.
public enum CSVReadError: Error, Sendable, Hashable {
    /// A quoted field is never closed.
    case unterminatedQuote(line: Int)
    /// Something other than a separator or a line end follows a closing quote (`"abc"x`).
    case unexpectedCharacterAfterQuote(line: Int)
}

/// A small RFC 4180 reader for UTF-8 text: quoted fields, doubled quotes, CRLF/LF/CR, leading BOM skipped.
///
/// Simple and strict, loading everything in memory; it reads back what `CSVWriter` writes (the formula
/// guard's apostrophe stays in the value). A quote inside an unquoted field is kept as a character.
/// An empty line is a record with one empty field.
public struct CSVReader: Sendable {
    /// The field separator, an ASCII character.
    public let separator: Character

    /// A reader; `separator` must be ASCII and neither a quote, CR nor LF.
    public init(separator: Character = ";") {
        precondition(separator.isASCII && !["\"", "\r", "\n", "\r\n"].contains(separator), "CSVReader: unusable separator")
        self.separator = separator
    }

    /// The records of `text`, each a list of fields.
    public func rows(_ text: String) throws -> [[String]] {
        try rows(bytes: Array(text.utf8))
    }

    /// The records of UTF-8 `data` (invalid sequences become U+FFFD), each a list of fields.
    public func rows(_ data: Data) throws -> [[String]] {
        try rows(bytes: [UInt8](data))
    }

    private enum State {
        case fieldStart, unquoted, quoted, quoteInQuoted
    }

    private func rows(bytes: [UInt8]) throws -> [[String]] {
        let separatorByte = separator.asciiValue!
        let quote = UInt8(ascii: "\"")
        var records: [[String]] = []
        var record: [String] = []
        var field: [UInt8] = []
        var state = State.fieldStart
        var atRecordStart = true
        var line = 1
        var quoteLine = 1
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0

        func endField() {
            record.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            state = .fieldStart
        }
        func endRecord() {
            endField()
            records.append(record)
            record = []
            atRecordStart = true
        }

        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            atRecordStart = false
            switch state {
            case .quoted:
                if byte == quote {
                    state = .quoteInQuoted
                } else {
                    if byte == 0x0A { line += 1 }
                    field.append(byte)
                }
            case .fieldStart, .unquoted, .quoteInQuoted:
                if byte == separatorByte {
                    endField()
                } else if byte == 0x0D || byte == 0x0A {
                    // CRLF, LF or a lone CR ends the record.
                    if byte == 0x0D, index < bytes.count, bytes[index] == 0x0A { index += 1 }
                    line += 1
                    endRecord()
                } else if state == .quoteInQuoted {
                    guard byte == quote else { throw CSVReadError.unexpectedCharacterAfterQuote(line: line) }
                    field.append(quote)  // A doubled quote inside a quoted field.
                    state = .quoted
                } else if state == .fieldStart, byte == quote {
                    quoteLine = line
                    state = .quoted
                } else {
                    field.append(byte)
                    state = .unquoted
                }
            }
        }
        if state == .quoted { throw CSVReadError.unterminatedQuote(line: quoteLine) }
        if !atRecordStart { endRecord() }
        return records
    }
}
