import Foundation

/// Why one record could not be read as it stands. The reader goes on with the next record: a bad line
/// is reported by the import, it does not stop the file.
public enum CSVRecordProblem: Sendable, Hashable {
    /// A quoted field is still open at the end of the file.
    case unterminatedQuote
    /// Something other than a separator or a line end follows a closing quote (`"abc"x`); kept as text.
    case characterAfterQuote
    /// The record is longer than the reader's limit; its fields were dropped.
    case tooLong(bytes: Int)
    /// Bytes that are not valid in the file's encoding (only UTF-8 can have them).
    case invalidEncoding
}

/// One record of a delimited file.
public struct CSVStreamRecord: Sendable, Hashable {
    public var fields: [String]
    /// The 1-based physical line the record starts on (what a text editor shows).
    public var line: Int
    public var problem: CSVRecordProblem?

    /// True when every field is empty (a blank line, or a line of separators).
    public var isBlank: Bool { fields.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
}

/// A streaming reader of delimited text (RFC 4180 quoting, CRLF/LF/CR line ends), in constant memory:
/// it reads the file in chunks and keeps one record at a time, so a 1 GB file costs what its longest
/// line costs. A leading byte order mark is skipped. UTF-16 input is transcoded to UTF-8 on the fly.
public final class CSVStreamReader {
    public let separator: UInt8
    public let encoding: TextEncoding
    /// Records longer than this many bytes are reported as `tooLong` and their content dropped.
    public let maxRecordBytes: Int
    /// The input's size in bytes, when known (files); for progress.
    public let totalBytes: Int?
    /// Input bytes consumed so far (including the chunk being read).
    public private(set) var bytesRead = 0

    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }

    private let input: Input
    private var buffer: [UInt8] = []
    private var position = 0
    private var line = 1
    private var skipLineFeed = false
    private var startChecked = false
    private var finished = false
    private var field: [UInt8] = []
    private var lastFieldCount = 8
    // UTF-16 transcoding state: a byte or a high surrogate left over from the previous chunk.
    private var utf16Leftover: [UInt8] = []
    private var highSurrogate: UInt16?

    private enum Input {
        case file(FileHandle, chunkSize: Int)
        case memory([UInt8])
    }

    /// Reads the file at `url`.
    public init(url: URL, separator: UInt8, encoding: TextEncoding, maxRecordBytes: Int = 1 << 20, chunkSize: Int = 1 << 20) throws {
        let handle = try FileHandle(forReadingFrom: url)
        self.input = .file(handle, chunkSize: chunkSize)
        self.separator = separator
        self.encoding = encoding
        self.maxRecordBytes = maxRecordBytes
        self.totalBytes = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? nil
    }

    /// Reads bytes already in memory (analysis samples, tests).
    public init(bytes: [UInt8], separator: UInt8, encoding: TextEncoding, maxRecordBytes: Int = 1 << 20) {
        self.input = .memory(bytes)
        self.separator = separator
        self.encoding = encoding
        self.maxRecordBytes = maxRecordBytes
        self.totalBytes = bytes.count
    }

    deinit {
        if case .file(let handle, _) = input { try? handle.close() }
    }

    /// The next record, or nil at the end of the input.
    public func next() throws -> CSVStreamRecord? {
        if finished && position >= buffer.count { return nil }
        var fields: [String] = []
        fields.reserveCapacity(lastFieldCount)
        field.removeAll(keepingCapacity: true)
        var state = State.fieldStart
        var recordBytes = 0
        var problem: CSVRecordProblem?
        var sawByte = false
        let startLine = line
        let quote = UInt8(ascii: "\"")
        let separator = self.separator
        let decodeAs: TextEncoding = encoding == .windows1252 ? .windows1252 : .utf8

        func endField() {
            if case .tooLong = problem {
                fields.append("")
            } else {
                let text = field.withUnsafeBufferPointer { TextDecoding.decode($0, decodeAs) }
                if let text {
                    fields.append(text)
                } else {
                    if problem == nil { problem = .invalidEncoding }
                    fields.append(String(decoding: field, as: UTF8.self))
                }
            }
            field.removeAll(keepingCapacity: true)
        }
        func record() -> CSVStreamRecord {
            lastFieldCount = max(lastFieldCount, fields.count)
            if case .tooLong = problem { fields = [] }
            return CSVStreamRecord(fields: fields, line: startLine, problem: problem)
        }

        while true {
            if position >= buffer.count {
                if !(try refill()) {
                    guard sawByte else { return nil }
                    if state == .quoted, problem == nil { problem = .unterminatedQuote }
                    endField()
                    return record()
                }
            }
            var ended = false
            buffer.withUnsafeBufferPointer { bytes in
                let count = bytes.count
                while position < count {
                    let byte = bytes[position]
                    position += 1
                    if skipLineFeed {
                        skipLineFeed = false
                        if byte == 0x0A { continue }
                    }
                    sawByte = true
                    recordBytes += 1
                    if recordBytes > maxRecordBytes {
                        if case .tooLong = problem {
                        } else {
                            problem = .tooLong(bytes: recordBytes)
                            field.removeAll(keepingCapacity: false)
                        }
                    }
                    switch state {
                    case .quoted:
                        if byte == quote {
                            state = .quoteInQuoted
                        } else {
                            if byte == 0x0A { line += 1 }
                            if recordBytes <= maxRecordBytes { field.append(byte) }
                        }
                    case .fieldStart, .unquoted, .quoteInQuoted:
                        if byte == separator {
                            endField()
                            state = .fieldStart
                        } else if byte == 0x0D || byte == 0x0A {
                            if byte == 0x0D {
                                if position < count {
                                    if bytes[position] == 0x0A { position += 1 }
                                } else {
                                    skipLineFeed = true
                                }
                            }
                            line += 1
                            endField()
                            ended = true
                            return
                        } else if state == .quoteInQuoted {
                            if byte == quote {
                                if recordBytes <= maxRecordBytes { field.append(quote) }  // A doubled quote.
                                state = .quoted
                            } else {
                                if problem == nil { problem = .characterAfterQuote }
                                if recordBytes <= maxRecordBytes { field.append(byte) }
                                state = .unquoted
                            }
                        } else if state == .fieldStart, byte == quote {
                            state = .quoted
                        } else {
                            if recordBytes <= maxRecordBytes { field.append(byte) }
                            state = .unquoted
                        }
                    }
                }
            }
            if ended {
                if case .tooLong = problem { problem = .tooLong(bytes: recordBytes) }
                return record()
            }
        }
    }

    /// Loads the next chunk; false at the end of the input.
    private func refill() throws -> Bool {
        guard !finished else { return false }
        var chunk: [UInt8]
        switch input {
        case .memory(let bytes):
            chunk = bytes
            finished = true
        case .file(let handle, let chunkSize):
            let data = try handle.read(upToCount: chunkSize) ?? Data()
            if data.isEmpty { finished = true }
            chunk = [UInt8](data)
        }
        bytesRead += chunk.count
        if !startChecked {
            startChecked = true
            let mark = encoding.byteOrderMark
            if !mark.isEmpty, chunk.starts(with: mark) { chunk.removeFirst(mark.count) }
            // A UTF-8 BOM in a file read as Windows-1252 is still a BOM, not « ï»¿ ».
            if encoding == .windows1252, chunk.starts(with: TextEncoding.utf8.byteOrderMark) { chunk.removeFirst(3) }
        }
        if encoding == .utf16LE || encoding == .utf16BE { chunk = transcodeUTF16(chunk, last: finished) }
        buffer = chunk
        position = 0
        if chunk.isEmpty { return finished ? false : try refill() }
        return true
    }

    private func transcodeUTF16(_ chunk: [UInt8], last: Bool) -> [UInt8] {
        let bytes = utf16Leftover + chunk
        utf16Leftover = []
        let unitCount = bytes.count / 2
        if bytes.count % 2 == 1 { utf16Leftover = [bytes[bytes.count - 1]] }
        var output: [UInt8] = []
        output.reserveCapacity(unitCount * 2)
        func emit(_ scalar: Unicode.Scalar) {
            output.append(contentsOf: Array(String(Character(scalar)).utf8))
        }
        for index in 0..<unitCount {
            let first = bytes[2 * index], second = bytes[2 * index + 1]
            let unit = encoding == .utf16LE ? UInt16(first) | UInt16(second) << 8 : UInt16(first) << 8 | UInt16(second)
            if let high = highSurrogate {
                highSurrogate = nil
                if (0xDC00...0xDFFF).contains(unit) {
                    let value = 0x10000 + ((UInt32(high) - 0xD800) << 10) + (UInt32(unit) - 0xDC00)
                    emit(Unicode.Scalar(value)!)
                    continue
                }
                emit("\u{FFFD}")
            }
            if (0xD800...0xDBFF).contains(unit) {
                highSurrogate = unit
            } else if unit < 0x80 {
                output.append(UInt8(unit))
            } else if let scalar = Unicode.Scalar(unit) {
                emit(scalar)
            } else {
                emit("\u{FFFD}")
            }
        }
        if last, highSurrogate != nil {
            highSurrogate = nil
            emit("\u{FFFD}")
        }
        return output
    }
}
