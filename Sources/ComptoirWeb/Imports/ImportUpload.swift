import ComptoirServices
import Foundation
import MultipartKit
import NIOCore
import Vapor

/// Streams an uploaded import file to a temporary file, never holding it in memory: the `file` part of
/// a multipart form (pages, API), or the raw request body (API, with `?fileName=`).
enum ImportUpload {
    struct Received {
        var url: URL
        var fileName: String
        var size: Int
    }

    static func receive(_ request: Request, dataDirectory: String) async throws -> Received {
        let folder = URL(fileURLWithPath: dataDirectory).appendingPathComponent("imports/incoming")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(UUID().uuidString)
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        let sink = Sink(handle: handle)
        do {
            if let type = request.headers.contentType, type.type == "multipart" {
                let boundary = try MultipartGuard.boundary(type)
                let parser = MultipartParser(boundary: boundary)
                var scanner = MultipartGuard.Scanner(boundary: boundary)
                parser.onHeader = { name, value in sink.header(name, value) }
                parser.onBody = { buffer in sink.body(&buffer) }
                parser.onPartComplete = { sink.partComplete() }
                for try await chunk in request.body {
                    try scanner.scan(chunk)
                    try parser.execute(chunk)
                }
            } else {
                sink.inFile = true
                sink.fileName = request.query[String.self, at: "fileName"] ?? "fichier.csv"
                for try await var chunk in request.body { sink.body(&chunk) }
            }
            if let error = sink.error { throw error }
        } catch {
            try? FileManager.default.removeItem(at: url)
            if error is AppError { throw error }
            throw AppError(
                .badRequest, code: "bad_upload", L("Envoi du fichier interrompu ou mal formé.", "The upload was interrupted or malformed."))
        }
        guard let name = sink.fileName, sink.size > 0 else {
            try? FileManager.default.removeItem(at: url)
            throw AppError.validation([
                "file": [
                    sink.fileName == nil
                        ? L("Choisissez un fichier CSV ou XLSX.", "Choose a CSV or XLSX file.")
                        : L("Le fichier est vide (0 octet).", "The file is empty (0 bytes).")
                ]
            ])
        }
        return Received(url: url, fileName: name, size: sink.size)
    }

    /// Collects the multipart callbacks: only the part named `file` goes to disk.
    final class Sink: @unchecked Sendable {
        let handle: FileHandle
        var partName: String?
        var partFileName: String?
        var inFile = false
        var fileName: String?
        var size = 0
        var error: Error?

        init(handle: FileHandle) {
            self.handle = handle
        }

        func header(_ name: String, _ value: String) {
            guard name.lowercased() == "content-disposition" else { return }
            for part in value.split(separator: ";") {
                let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard pair.count == 2 else { continue }
                let text = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                if pair[0] == "name" { partName = text }
                if pair[0] == "filename" { partFileName = text }
            }
            inFile = partName == "file" && fileName == nil
            if inFile { fileName = partFileName.flatMap { $0.isEmpty ? nil : $0 } }
        }

        func body(_ buffer: inout ByteBuffer) {
            guard inFile, error == nil else { return }
            size += buffer.readableBytes
            if size > ImportService.maxFileBytes {
                error = AppError(
                    .payloadTooLarge, code: "file_too_large",
                    L("Le fichier dépasse 512 Mo.", "The file is larger than 512 MB."),
                    fields: ["file": [L("512 Mo au plus.", "At most 512 MB.")]])
                return
            }
            do { try handle.write(contentsOf: buffer.readableBytesView) } catch { self.error = error }
        }

        func partComplete() {
            if inFile { inFile = false }
            partName = nil
            partFileName = nil
        }
    }
}
