import FluentKit
import Foundation
import SQLKit

/// An interest tag (« centre d'intérêt ») with its place in the hierarchy.
public struct TagNode: Sendable, Hashable {
    public var id: UUID
    public var name: String
    public var parentID: UUID?
    /// "Assurance › Auto › Prospect".
    public var path: String
}

/// Which link table tags a kind of record.
public struct TagTarget: Sendable, Hashable {
    public var linkTable: String
    public var recordColumn: String

    public init(linkTable: String, recordColumn: String) {
        self.linkTable = linkTable
        self.recordColumn = recordColumn
    }

    public static let companies = TagTarget(linkTable: "company_tags", recordColumn: "company_id")
    public static let contacts = TagTarget(linkTable: "contact_tags", recordColumn: "contact_id")
}

/// Tags and their links. The tree is small (hundreds at most), so it is read whole.
public enum TagStore {
    public static let separator = " › "

    public static func all(on db: any Database) async throws -> [TagNode] {
        let sql = try TableStore.sqlDatabase(db)
        return try await sql.raw("SELECT id, name, parent_id, path FROM tags ORDER BY path").all().map { row in
            TagNode(
                id: try row.decode(column: "id", as: UUID.self), name: try row.decode(column: "name", as: String.self),
                parentID: try row.decode(column: "parent_id", as: UUID?.self), path: try row.decode(column: "path", as: String.self))
        }
    }

    /// The tags and all their descendants.
    public static func withDescendants(_ ids: Set<UUID>, in tree: [TagNode]) -> Set<UUID> {
        var result = ids
        var changed = true
        while changed {
            changed = false
            for node in tree where !result.contains(node.id) {
                if let parent = node.parentID, result.contains(parent) {
                    result.insert(node.id)
                    changed = true
                }
            }
        }
        return result
    }

    /// The path of a tag named `name` under `parent`.
    public static func path(name: String, parent: UUID?, in tree: [TagNode]) -> String {
        guard let parent, let node = tree.first(where: { $0.id == parent }) else { return name }
        return node.path + separator + name
    }

    /// Recomputes the paths of `id`'s descendants after a rename or a move (inside the transaction).
    public static func refreshDescendantPaths(of id: UUID, on db: any Database) async throws {
        let tree = try await all(on: db)
        let sql = try TableStore.sqlDatabase(db)
        var pathByID = Dictionary(uniqueKeysWithValues: tree.map { ($0.id, $0.path) })
        var queue = [id]
        while let current = queue.first {
            queue.removeFirst()
            for child in tree where child.parentID == current {
                let path = (pathByID[current] ?? "") + separator + child.name
                pathByID[child.id] = path
                try await sql.raw("UPDATE tags SET path = \(bind: path) WHERE id = \(bind: child.id)").run()
                queue.append(child.id)
            }
        }
    }

    public static func tags(of record: UUID, _ target: TagTarget, on db: any Database) async throws -> [UUID] {
        let sql = try TableStore.sqlDatabase(db)
        return try await sql.raw(
            "SELECT tag_id FROM \(ident: target.linkTable) WHERE \(ident: target.recordColumn) = \(bind: record)"
        ).all().map { try $0.decode(column: "tag_id", as: UUID.self) }
    }

    /// Adds a tag to records that do not have it yet; returns how many were tagged.
    @discardableResult
    public static func add(_ tag: UUID, to records: [UUID], _ target: TagTarget, ids: () -> UUID, on db: any Database) async throws -> Int {
        let sql = try TableStore.sqlDatabase(db)
        var added = 0
        for record in records {
            let exists = try await sql.raw(
                """
                SELECT 1 AS one FROM \(ident: target.linkTable) WHERE \(ident: target.recordColumn) = \(bind: record) AND tag_id = \(bind: tag)
                """
            ).first()
            guard exists == nil else { continue }
            try await sql.raw(
                """
                INSERT INTO \(ident: target.linkTable) (id, \(ident: target.recordColumn), tag_id) VALUES (\(bind: ids()), \(bind: record), \(bind: tag))
                """
            ).run()
            added += 1
        }
        return added
    }

    /// Removes a tag from records; returns how many lost it.
    @discardableResult
    public static func remove(_ tag: UUID, from records: [UUID], _ target: TagTarget, on db: any Database) async throws -> Int {
        let sql = try TableStore.sqlDatabase(db)
        var removed = 0
        for record in records {
            let exists = try await sql.raw(
                """
                SELECT 1 AS one FROM \(ident: target.linkTable) WHERE \(ident: target.recordColumn) = \(bind: record) AND tag_id = \(bind: tag)
                """
            ).first()
            guard exists != nil else { continue }
            try await sql.raw(
                """
                DELETE FROM \(ident: target.linkTable) WHERE \(ident: target.recordColumn) = \(bind: record) AND tag_id = \(bind: tag)
                """
            ).run()
            removed += 1
        }
        return removed
    }

    /// A merge: the tags of `absorbed` move to `survivor`, except those `survivor` already has (dropped).
    public static func moveLinks(from absorbed: UUID, to survivor: UUID, _ target: TagTarget, on db: any Database) async throws {
        let sql = try TableStore.sqlDatabase(db)
        try await sql.raw(
            """
            DELETE FROM \(ident: target.linkTable) WHERE \(ident: target.recordColumn) = \(bind: absorbed)
            AND tag_id IN (SELECT tag_id FROM \(ident: target.linkTable) WHERE \(ident: target.recordColumn) = \(bind: survivor))
            """
        ).run()
        try await sql.raw(
            "UPDATE \(ident: target.linkTable) SET \(ident: target.recordColumn) = \(bind: survivor) WHERE \(ident: target.recordColumn) = \(bind: absorbed)"
        ).run()
    }
}
