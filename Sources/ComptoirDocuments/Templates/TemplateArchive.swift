import Foundation
import ZIPFoundation

/// A template's ZIP, read whole into memory under `TemplateLimits`, and written back with only the merged parts changed.
///
/// Every entry is inflated once, counting bytes as they come out (a ZIP header's declared size can lie), and the
/// inflation stops as soon as the total passes `maxExpandedBytes`, so a bomb costs at most the limit in memory.
struct TemplateArchive {
    struct Item {
        var path: String
        var data: Data
        var compressed: Bool
        var modificationDate: Date
        /// A folder entry (LibreOffice writes `Configurations2/…/`): kept as it was, with no content.
        var isDirectory = false
    }

    private(set) var items: [Item] = []
    private var directories: [Item] = []
    private var index: [String: Int] = [:]

    init(_ data: Data, limits: TemplateLimits) throws {
        guard data.count >= 4, data.starts(with: [0x50, 0x4B]) else { throw TemplateError.notATemplate }
        guard data.count <= limits.maxArchiveBytes else { throw TemplateError.tooLarge("archive") }
        let archive: Archive
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw TemplateError.corruptArchive
        }
        var entries: [Entry] = []
        var declared: UInt64 = 0
        for entry in archive {
            entries.append(entry)
            guard entries.count <= limits.maxEntries else { throw TemplateError.tooLarge("entries") }
            declared += entry.uncompressedSize
            guard declared <= UInt64(limits.maxExpandedBytes) else { throw TemplateError.tooLarge("expanded") }
        }
        guard !entries.isEmpty else { throw TemplateError.corruptArchive }
        var total = 0
        for entry in entries where entry.type == .directory {
            directories.append(
                Item(path: entry.path, data: Data(), compressed: false, modificationDate: Self.date(of: entry), isDirectory: true))
        }
        for entry in entries where entry.type == .file {
            var content = Data()
            content.reserveCapacity(Int(entry.uncompressedSize))
            let budget = limits.maxExpandedBytes
            do {
                let checksum = try archive.extract(entry, bufferSize: 64 * 1024, skipCRC32: false) { chunk in
                    total += chunk.count
                    if total > budget { throw TemplateError.tooLarge("expanded") }
                    content.append(chunk)
                }
                guard checksum == entry.checksum else { throw TemplateError.corruptArchive }
            } catch let error as TemplateError {
                throw error
            } catch {
                throw TemplateError.corruptArchive
            }
            let path = entry.path
            index[path] = items.count
            items.append(
                Item(
                    path: path, data: content, compressed: entry.isCompressed,
                    modificationDate: Self.date(of: entry)
                )
            )
        }
    }

    private static func date(of entry: Entry) -> Date {
        entry.fileAttributes[.modificationDate] as? Date ?? Date(timeIntervalSince1970: 946_684_800)
    }

    func data(_ path: String) -> Data? {
        index[path].map { items[$0].data }
    }

    var paths: [String] { items.map(\.path) }

    /// The archive again, with `replaced` parts' new content; `firstStored` goes first, uncompressed (ODT's mimetype).
    func written(replacing replaced: [String: Data], firstStored: String? = nil) throws -> Data {
        do {
            let archive = try Archive(accessMode: .create)
            var ordered = items
            if let first = firstStored, let position = ordered.firstIndex(where: { $0.path == first }) {
                var item = ordered.remove(at: position)
                item.compressed = false
                ordered.insert(item, at: 0)
            }
            for directory in directories {
                try archive.addEntry(
                    with: directory.path, type: .directory, uncompressedSize: Int64(0), modificationDate: directory.modificationDate,
                    provider: { _, _ in Data() }
                )
            }
            for item in ordered {
                let content = replaced[item.path] ?? item.data
                try archive.addEntry(
                    with: item.path, type: .file, uncompressedSize: Int64(content.count), modificationDate: item.modificationDate,
                    compressionMethod: item.compressed ? .deflate : .none, bufferSize: 64 * 1024
                ) { position, size in
                    content.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            guard let data = archive.data else { throw TemplateError.corruptArchive }
            return data
        } catch let error as TemplateError {
            throw error
        } catch {
            throw TemplateError.corruptArchive
        }
    }
}
