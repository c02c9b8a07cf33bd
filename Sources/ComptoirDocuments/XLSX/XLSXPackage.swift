import Foundation
import ZIPFoundation

/// Thrown from inside a ZIP consumer to leave the extraction: stop early (`underlying` nil) or carry the caller's error.
struct XLSXConsumerExit: Error {
    var underlying: (any Error)?
}

/// The ZIP container of a workbook: parts by name, read whole (with a size cap) or streamed in chunks.
///
/// Every ZIP-level failure becomes an `XLSXError`, so callers see one error type whatever the damage.
final class XLSXPackage {
    private let archive: Archive
    /// Entries by normalised path; a second key in lower case because some writers disagree on case with their rels.
    private var entries: [String: Entry] = [:]

    /// Parts read whole (workbook, rels, styles) are refused above this; they are a few kilobytes in real files.
    static let smallPartLimit = 32 << 20

    init(url: URL) throws {
        let handle = try FileHandle(forReadingFrom: url)
        let head = try handle.read(upToCount: 8) ?? Data()
        try? handle.close()
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { throw XLSXError.legacyOrEncryptedWorkbook }
        guard head.starts(with: [0x50, 0x4B]) else { throw XLSXError.notAZipArchive }
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw XLSXError.damagedArchive(part: nil)
        }
        for entry in archive where entry.type == .file {
            let path = Self.normalised(entry.path)
            if entries[path] == nil { entries[path] = entry }
            if entries[path.lowercased()] == nil { entries[path.lowercased()] = entry }
        }
    }

    private static func normalised(_ path: String) -> String {
        var path = path.replacingOccurrences(of: "\\", with: "/")
        while path.hasPrefix("/") { path.removeFirst() }
        return path
    }

    private func entry(_ path: String) -> Entry? {
        let path = Self.normalised(path)
        return entries[path] ?? entries[path.lowercased()]
    }

    func contains(_ path: String) -> Bool {
        entry(path) != nil
    }

    /// The whole part, or nil when the archive has no such part.
    func data(_ path: String, limit: Int = smallPartLimit) throws -> Data? {
        var data = Data()
        let found = try stream(path, limit: limit) { data.append($0) }
        return found ? data : nil
    }

    /// Feeds the part to `consumer` chunk by chunk; false when the archive has no such part.
    ///
    /// `limit` counts inflated bytes as they come, not the size the ZIP header claims, which a zip bomb can fake.
    @discardableResult
    func stream(_ path: String, limit: Int, _ consumer: (Data) throws -> Void) throws -> Bool {
        guard let entry = entry(path) else { return false }
        if entry.uncompressedSize > UInt64(limit) { throw XLSXError.partTooLarge(part: path, limit: limit) }
        var total = 0
        let checksum: CRC32
        do {
            checksum = try archive.extract(entry, bufferSize: 64 * 1024, skipCRC32: false) { chunk in
                total += chunk.count
                if total > limit { throw XLSXError.partTooLarge(part: path, limit: limit) }
                try consumer(chunk)
            }
        } catch let error as XLSXError {
            throw error
        } catch let exit as XLSXConsumerExit {
            throw exit
        } catch {
            throw XLSXError.damagedArchive(part: path)
        }
        guard checksum == entry.checksum else { throw XLSXError.damagedArchive(part: path) }
        return true
    }

    /// Parses a whole part with `handle`; false when the archive has no such part.
    @discardableResult
    func parse(_ path: String, limit: Int = smallPartLimit, _ handle: (XMLEvent) throws -> Void) throws -> Bool {
        var scanner = XMLScanner(part: path)
        guard try stream(path, limit: limit, { try scanner.feed($0, handle) }) else { return false }
        try scanner.finish(handle)
        return true
    }
}
