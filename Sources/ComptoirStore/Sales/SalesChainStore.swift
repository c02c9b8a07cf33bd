import FluentKit
import Foundation
import SQLKit

/// One link of the inalterability chain, as stored: its position, what it records, the hashes and the canonical content
/// it was computed on (the archived copy of what was validated).
public struct SalesChainRecord: Sendable, Hashable {
    public var sequence: Int64
    /// `invoice`, `credit_note` or `payment`.
    public var recordType: String
    public var recordID: UUID
    public var previousHash: String
    public var hash: String
    public var content: String
    public var createdAt: Date

    public init(sequence: Int64, recordType: String, recordID: UUID, previousHash: String, hash: String, content: String, createdAt: Date) {
        self.sequence = sequence
        self.recordType = recordType
        self.recordID = recordID
        self.previousHash = previousHash
        self.hash = hash
        self.content = content
        self.createdAt = createdAt
    }
}

/// The chain's SQL: append after the last link (under the Sales lock), read it in order.
public enum SalesChainStore {
    static func record(_ row: any SQLRow) throws -> SalesChainRecord {
        SalesChainRecord(
            sequence: try row.decode(column: "sequence", as: Int64.self),
            recordType: try row.decode(column: "record_type", as: String.self),
            recordID: try row.decode(column: "record_id", as: UUID.self),
            previousHash: try row.decode(column: "previous_hash", as: String.self), hash: try row.decode(column: "hash", as: String.self),
            content: try row.decode(column: "content", as: String.self), createdAt: try row.decode(column: "created_at", as: Date.self))
    }

    static let columns = "sequence, record_type, record_id, previous_hash, hash, content, created_at"

    /// The last link, nil for an empty chain.
    public static func last(on db: any Database) async throws -> SalesChainRecord? {
        try await TableStore.sqlDatabase(db).raw("SELECT \(unsafeRaw: columns) FROM sales_chain ORDER BY sequence DESC LIMIT 1").first()
            .map(record)
    }

    public static func append(_ link: SalesChainRecord, on db: any Database) async throws {
        try await TableStore.sqlDatabase(db).raw(
            """
            INSERT INTO sales_chain (sequence, record_type, record_id, previous_hash, hash, content, created_at)
            VALUES (\(bind: link.sequence), \(bind: link.recordType), \(bind: link.recordID), \(bind: link.previousHash),
            \(bind: link.hash), \(bind: link.content), \(bind: link.createdAt))
            """
        ).run()
    }

    /// Up to `limit` links after `sequence`, in order.
    public static func links(after sequence: Int64, limit: Int, on db: any Database) async throws -> [SalesChainRecord] {
        try await TableStore.sqlDatabase(db).raw(
            """
            SELECT \(unsafeRaw: columns) FROM sales_chain WHERE sequence > \(bind: sequence) ORDER BY sequence
            LIMIT \(unsafeRaw: String(limit))
            """
        ).all().map(record)
    }
}
