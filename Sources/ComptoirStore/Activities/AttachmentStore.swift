import Crypto
import FluentKit
import Foundation
import SQLKit

/// One file attached to a record.
public struct AttachmentRecord: Sendable, Hashable {
    public var id: UUID
    public var ownerKind: String
    public var ownerID: UUID
    public var sha256: String
    public var originalName: String
    public var contentType: String
    public var size: Int64
    public var createdAt: Date
}

/// Content-addressed file storage in the data directory: a file is stored once under its SHA-256
/// (`files/ab/cd/abcd…`), however many records it is attached to.
public struct BlobStore: Sendable {
    public let root: String

    public init(dataDirectory: String) {
        self.root = (dataDirectory as NSString).appendingPathComponent("files")
    }

    public static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    public func path(_ sha: String) -> String {
        let a = sha.prefix(2), b = sha.dropFirst(2).prefix(2)
        return "\(root)/\(a)/\(b)/\(sha)"
    }

    /// Writes the file if it is not there yet (atomically: a temporary file renamed into place).
    public func store(_ data: Data, sha: String) throws {
        let target = path(sha)
        if FileManager.default.fileExists(atPath: target) { return }
        let directory = (target as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let temporary = directory + "/.tmp-" + UUID().uuidString
        try data.write(to: URL(fileURLWithPath: temporary))
        if rename(temporary, target) != 0 {
            try? FileManager.default.removeItem(atPath: temporary)
            if !FileManager.default.fileExists(atPath: target) { throw StoreError.configuration("cannot store file \(sha)") }
        }
    }

    public func read(_ sha: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path(sha)))
    }

    /// Removes a stored file (after the transaction that dropped its last attachment committed); a missing file is fine.
    public func remove(_ sha: String) {
        try? FileManager.default.removeItem(atPath: path(sha))
    }
}

public enum AttachmentStore {
    /// Records the attachment (and its blob row, once); call after `BlobStore.store`.
    public static func attach(
        id: UUID, ownerKind: String, ownerID: UUID, sha: String, name: String, contentType: String, size: Int64, by user: UUID?,
        at date: Date,
        on db: any Database
    ) async throws {
        let sql = try TableStore.sqlDatabase(db)
        if try await sql.raw("SELECT sha256 FROM blobs WHERE sha256 = \(bind: sha)").first() == nil {
            try await sql.raw("INSERT INTO blobs (sha256, size, created_at) VALUES (\(bind: sha), \(bind: size), \(bind: date))").run()
        }
        try await sql.raw(
            """
            INSERT INTO attachments (id, owner_kind, owner_id, sha256, original_name, content_type, size, created_by, created_at)
            VALUES (\(bind: id), \(bind: ownerKind), \(bind: ownerID), \(bind: sha), \(bind: name), \(bind: contentType), \(bind: size), \(bind: user), \(bind: date))
            """
        ).run()
    }

    public static func list(ownerKind: String, ownerID: UUID, on db: any Database) async throws -> [AttachmentRecord] {
        try await TableStore.sqlDatabase(db).raw(
            """
            SELECT id, owner_kind, owner_id, sha256, original_name, content_type, size, created_at FROM attachments
            WHERE owner_kind = \(bind: ownerKind) AND owner_id = \(bind: ownerID) ORDER BY created_at DESC
            """
        ).all().map(decode)
    }

    public static func find(_ id: UUID, on db: any Database) async throws -> AttachmentRecord? {
        try await TableStore.sqlDatabase(db).raw(
            """
            SELECT id, owner_kind, owner_id, sha256, original_name, content_type, size, created_at FROM attachments WHERE id = \(bind: id)
            """
        ).first().map(decode)
    }

    /// Deletes the attachments of a record and the blob rows no other attachment uses; returns those blobs' hashes, whose
    /// files the caller removes once the transaction has committed.
    public static func deleteAll(ownerKind: String, ownerIDs: [UUID], on db: any Database) async throws -> [String] {
        guard !ownerIDs.isEmpty else { return [] }
        let sql = try TableStore.sqlDatabase(db)
        let binds: [any Encodable & Sendable] = ownerIDs
        let hashes = Set(
            try await sql.raw(
                "SELECT sha256 FROM attachments WHERE owner_kind = \(bind: ownerKind) AND owner_id IN (\(binds: binds))"
            ).all().map { try $0.decode(column: "sha256", as: String.self) })
        guard !hashes.isEmpty else { return [] }
        try await sql.raw("DELETE FROM attachments WHERE owner_kind = \(bind: ownerKind) AND owner_id IN (\(binds: binds))").run()
        var orphans: [String] = []
        for sha in hashes.sorted() {
            if try await sql.raw("SELECT id FROM attachments WHERE sha256 = \(bind: sha)").first() == nil,
                try await !SalesFileStore.uses(sha, on: db)
            {
                try await sql.raw("DELETE FROM blobs WHERE sha256 = \(bind: sha)").run()
                orphans.append(sha)
            }
        }
        return orphans
    }

    /// How many files are attached to a record.
    public static func count(ownerKind: String, ownerID: UUID, on db: any Database) async throws -> Int {
        try await TableStore.sqlDatabase(db).raw(
            "SELECT COUNT(*) AS n FROM attachments WHERE owner_kind = \(bind: ownerKind) AND owner_id = \(bind: ownerID)"
        ).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Whether a blob row exists (a file is removed from disk only while none does).
    public static func blobExists(_ sha: String, on db: any Database) async throws -> Bool {
        try await TableStore.sqlDatabase(db).raw("SELECT sha256 FROM blobs WHERE sha256 = \(bind: sha)").first() != nil
    }

    public static func blobCount(on db: any Database) async throws -> Int {
        try await TableStore.sqlDatabase(db).raw("SELECT COUNT(*) AS n FROM blobs").first()?.decode(column: "n", as: Int.self) ?? 0
    }

    private static func decode(_ row: any SQLRow) throws -> AttachmentRecord {
        AttachmentRecord(
            id: try row.decode(column: "id", as: UUID.self), ownerKind: try row.decode(column: "owner_kind", as: String.self),
            ownerID: try row.decode(column: "owner_id", as: UUID.self), sha256: try row.decode(column: "sha256", as: String.self),
            originalName: try row.decode(column: "original_name", as: String.self),
            contentType: try row.decode(column: "content_type", as: String.self),
            size: try row.decode(column: "size", as: Int64.self), createdAt: try row.decode(column: "created_at", as: Date.self))
    }
}
