import Foundation
import ZIPFoundation

/// Writes the ZIP container of a workbook: each entry deflated from pieces in memory and files, read in 64 KiB chunks,
/// so a worksheet of any size passes through a small buffer. Every entry carries the same date, so the same workbook
/// gives the same bytes.
enum XLSXArchiveWriter {
    /// Part of an entry's content, in order.
    enum Piece {
        case bytes(Data)
        /// A file of `size` bytes (the size is known to the writer that wrote it).
        case file(URL, size: Int64)
    }

    /// 2000-01-01: a fixed date so that output is reproducible.
    static let entryDate = Date(timeIntervalSince1970: 946_684_800)
    static let chunkSize = 64 * 1024

    /// Deflates `pieces`, concatenated, into the entry `path` of `archive`.
    static func add(_ path: String, pieces: [Piece], to archive: Archive) throws {
        let reader = PieceReader(pieces)
        defer { reader.close() }
        try archive.addEntry(
            with: path, type: .file, uncompressedSize: reader.size, modificationDate: entryDate, compressionMethod: .deflate,
            bufferSize: chunkSize
        ) { position, size in
            try reader.read(at: position, count: size)
        }
    }

    /// A deflated ZIP in memory of `parts` (path, text) in order; tests use it to build hand-made workbooks too.
    static func zip(_ parts: [(String, String)]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (path, text) in parts { try add(path, pieces: [.bytes(Data(text.utf8))], to: archive) }
        guard let data = archive.data else { throw XLSXError.damagedArchive(part: nil) }
        return data
    }

    /// Reads the pieces one after the other; ZIPFoundation asks for consecutive chunks of exactly the size it names.
    private final class PieceReader {
        let pieces: [Piece]
        let size: Int64
        private var index = 0
        private var offset: Int64 = 0
        private var consumed: Int64 = 0
        private var handle: FileHandle?

        init(_ pieces: [Piece]) {
            self.pieces = pieces
            size = pieces.reduce(0) { total, piece in
                switch piece {
                case .bytes(let data): total + Int64(data.count)
                case .file(_, let size): total + size
                }
            }
        }

        func read(at position: Int64, count: Int) throws -> Data {
            guard position == consumed else {
                throw XLSXError.writeFailed(reason: "the archive asked for bytes at \(position) instead of \(consumed)")
            }
            var chunk = Data()
            chunk.reserveCapacity(count)
            while chunk.count < count, index < pieces.count {
                let wanted = count - chunk.count
                switch pieces[index] {
                case .bytes(let data):
                    let start = data.startIndex + Int(offset)
                    let end = min(start + wanted, data.endIndex)
                    chunk.append(data[start..<end])
                    offset += Int64(end - start)
                    if offset == Int64(data.count) { next() }
                case .file(let url, let size):
                    if handle == nil { handle = try FileHandle(forReadingFrom: url) }
                    let bytes = try handle!.read(upToCount: Int(min(Int64(wanted), size - offset))) ?? Data()
                    guard !bytes.isEmpty || offset == size else {
                        throw XLSXError.writeFailed(reason: "\(url.lastPathComponent) is shorter than the \(size) bytes written")
                    }
                    chunk.append(bytes)
                    offset += Int64(bytes.count)
                    if offset == size { next() }
                }
            }
            guard chunk.count == count else { throw XLSXError.writeFailed(reason: "the archive asked for bytes past an entry's end") }
            consumed += Int64(count)
            return chunk
        }

        private func next() {
            close()
            index += 1
            offset = 0
        }

        func close() {
            try? handle?.close()
            handle = nil
        }
    }
}
