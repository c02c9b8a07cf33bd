import FluentKit
import Foundation
import SQLKit

/// One archived file of a validated document: which format, the SHA-256 of its bytes (the blob's name), its size.
public struct SalesFileRecord: Sendable, Hashable {
    public var documentID: UUID
    /// `pdf`, `cii` (Factur-X XML) or `ubl`.
    public var format: String
    public var sha256: String
    public var size: Int64
    public var createdAt: Date

    public init(documentID: UUID, format: String, sha256: String, size: Int64, createdAt: Date) {
        self.documentID = documentID
        self.format = format
        self.sha256 = sha256
        self.size = size
        self.createdAt = createdAt
    }
}

/// The archive's SQL: one insert per file at validation (with its `blobs` row, so that deleting an attachment with the same
/// bytes never removes the archived file), then reads.
public enum SalesFileStore {
    public static func insert(_ file: SalesFileRecord, on db: any Database) async throws {
        let sql = try TableStore.sqlDatabase(db)
        if try await sql.raw("SELECT sha256 FROM blobs WHERE sha256 = \(bind: file.sha256)").first() == nil {
            try await sql.raw(
                "INSERT INTO blobs (sha256, size, created_at) VALUES (\(bind: file.sha256), \(bind: file.size), \(bind: file.createdAt))"
            ).run()
        }
        try await sql.raw(
            """
            INSERT INTO sales_document_files (document_id, format, sha256, size, created_at)
            VALUES (\(bind: file.documentID), \(bind: file.format), \(bind: file.sha256), \(bind: file.size), \(bind: file.createdAt))
            """
        ).run()
    }

    /// The document's archived files, by format.
    public static func files(of documentID: UUID, on db: any Database) async throws -> [String: SalesFileRecord] {
        var result: [String: SalesFileRecord] = [:]
        for row in try await TableStore.sqlDatabase(db).raw(
            "SELECT document_id, format, sha256, size, created_at FROM sales_document_files WHERE document_id = \(bind: documentID)"
        ).all() {
            let file = SalesFileRecord(
                documentID: try row.decode(column: "document_id", as: UUID.self), format: try row.decode(column: "format", as: String.self),
                sha256: try row.decode(column: "sha256", as: String.self), size: try row.decode(column: "size", as: Int64.self),
                createdAt: try row.decode(column: "created_at", as: Date.self))
            result[file.format] = file
        }
        return result
    }

    /// Whether an archived document file uses these bytes (a blob is never removed while one does).
    public static func uses(_ sha: String, on db: any Database) async throws -> Bool {
        try await TableStore.sqlDatabase(db).raw("SELECT document_id FROM sales_document_files WHERE sha256 = \(bind: sha)").first() != nil
    }
}
