import FluentKit
import Foundation
import SQLKit

/// A document template as stored: what it is for, and which version is current.
public struct DocumentTemplateRecord: Sendable, Hashable {
    public var id: UUID
    public var name: String
    public var description: String?
    public var target: String
    public var category: String?
    public var currentVersion: Int
    public var archived: Bool
    public var createdBy: UUID?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, name: String, description: String?, target: String, category: String?, currentVersion: Int, archived: Bool,
        createdBy: UUID?, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.target = target
        self.category = category
        self.currentVersion = currentVersion
        self.archived = archived
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// One uploaded file of a template; never edited nor deleted (only its lint result is refreshed by « Vérifier le modèle »).
public struct DocumentTemplateVersionRecord: Sendable, Hashable {
    public var id: UUID
    public var templateID: UUID
    public var version: Int
    public var sha256: String
    public var originalName: String
    public var format: String
    public var size: Int64
    public var lintCount: Int
    /// The lint issues as JSON (`[{"kind","tag","part","message"}]`).
    public var lintIssues: String
    public var uploadedBy: UUID?
    public var uploadedAt: Date

    public init(
        id: UUID, templateID: UUID, version: Int, sha256: String, originalName: String, format: String, size: Int64, lintCount: Int,
        lintIssues: String, uploadedBy: UUID?, uploadedAt: Date
    ) {
        self.id = id
        self.templateID = templateID
        self.version = version
        self.sha256 = sha256
        self.originalName = originalName
        self.format = format
        self.size = size
        self.lintCount = lintCount
        self.lintIssues = lintIssues
        self.uploadedBy = uploadedBy
        self.uploadedAt = uploadedAt
    }
}

/// Every SQL statement of document templates.
public enum DocumentTemplateStore {
    static let columns = "id, name, description, target, category, current_version, archived, created_by, created_at, updated_at"
    static let versionColumns =
        "id, template_id, version, sha256, original_name, format, size, lint_count, lint_issues, uploaded_by, uploaded_at"

    public static func insert(_ record: DocumentTemplateRecord, on db: any Database) async throws {
        try await TableStore.sqlDatabase(db).raw(
            """
            INSERT INTO document_templates (\(unsafeRaw: columns)) VALUES (\(bind: record.id), \(bind: record.name), \
            \(bind: record.description), \(bind: record.target), \(bind: record.category), \(bind: Int64(record.currentVersion)), \
            \(bind: record.archived), \(bind: record.createdBy), \(bind: record.createdAt), \(bind: record.updatedAt))
            """
        ).run()
    }

    public static func update(_ record: DocumentTemplateRecord, on db: any Database) async throws {
        try await TableStore.sqlDatabase(db).raw(
            """
            UPDATE document_templates SET name = \(bind: record.name), description = \(bind: record.description), \
            category = \(bind: record.category), current_version = \(bind: Int64(record.currentVersion)), \
            archived = \(bind: record.archived), updated_at = \(bind: record.updatedAt) WHERE id = \(bind: record.id)
            """
        ).run()
    }

    public static func insertVersion(_ version: DocumentTemplateVersionRecord, on db: any Database) async throws {
        let sql = try TableStore.sqlDatabase(db)
        if try await sql.raw("SELECT sha256 FROM blobs WHERE sha256 = \(bind: version.sha256)").first() == nil {
            try await sql.raw(
                "INSERT INTO blobs (sha256, size, created_at) VALUES (\(bind: version.sha256), \(bind: version.size), \(bind: version.uploadedAt))"
            ).run()
        }
        try await sql.raw(
            """
            INSERT INTO document_template_versions (\(unsafeRaw: versionColumns)) VALUES (\(bind: version.id), \
            \(bind: version.templateID), \(bind: Int64(version.version)), \(bind: version.sha256), \(bind: version.originalName), \
            \(bind: version.format), \(bind: version.size), \(bind: Int64(version.lintCount)), \(bind: version.lintIssues), \
            \(bind: version.uploadedBy), \(bind: version.uploadedAt))
            """
        ).run()
    }

    /// Refreshes a version's lint result (the file itself never changes).
    public static func setLint(versionID: UUID, count: Int, issues: String, on db: any Database) async throws {
        try await TableStore.sqlDatabase(db).raw(
            "UPDATE document_template_versions SET lint_count = \(bind: Int64(count)), lint_issues = \(bind: issues) WHERE id = \(bind: versionID)"
        ).run()
    }

    public static func find(_ id: UUID, on db: any Database) async throws -> DocumentTemplateRecord? {
        try await TableStore.sqlDatabase(db).raw("SELECT \(unsafeRaw: columns) FROM document_templates WHERE id = \(bind: id)")
            .first().map(decode)
    }

    /// Templates by name; `target` and `archived` filter when given.
    public static func list(target: String?, archived: Bool?, on db: any Database) async throws -> [DocumentTemplateRecord] {
        var query = SQLQueryString("SELECT \(unsafeRaw: columns) FROM document_templates WHERE 1 = 1")
        if let target { query = query + SQLQueryString(" AND target = \(bind: target)") }
        if let archived { query = query + SQLQueryString(" AND archived = \(bind: archived)") }
        query = query + SQLQueryString(" ORDER BY name, id")
        return try await TableStore.sqlDatabase(db).raw(query).all().map(decode)
    }

    public static func versions(of templateID: UUID, on db: any Database) async throws -> [DocumentTemplateVersionRecord] {
        try await TableStore.sqlDatabase(db).raw(
            """
            SELECT \(unsafeRaw: versionColumns) FROM document_template_versions WHERE template_id = \(bind: templateID) \
            ORDER BY version DESC
            """
        ).all().map(decodeVersion)
    }

    public static func version(of templateID: UUID, number: Int, on db: any Database) async throws -> DocumentTemplateVersionRecord? {
        try await TableStore.sqlDatabase(db).raw(
            """
            SELECT \(unsafeRaw: versionColumns) FROM document_template_versions WHERE template_id = \(bind: templateID) \
            AND version = \(bind: Int64(number))
            """
        ).first().map(decodeVersion)
    }

    public static func count(on db: any Database) async throws -> (templates: Int, versions: Int) {
        let sql = try TableStore.sqlDatabase(db)
        let templates = try await sql.raw("SELECT COUNT(*) AS n FROM document_templates").first()?.decode(column: "n", as: Int.self) ?? 0
        let versions =
            try await sql.raw("SELECT COUNT(*) AS n FROM document_template_versions").first()?.decode(column: "n", as: Int.self) ?? 0
        return (templates, versions)
    }

    /// Whether a template version keeps this file (so removing attachments never removes it).
    public static func usesBlob(_ sha: String, on db: any Database) async throws -> Bool {
        try await TableStore.sqlDatabase(db).raw("SELECT id FROM document_template_versions WHERE sha256 = \(bind: sha)").first() != nil
    }

    private static func decode(_ row: any SQLRow) throws -> DocumentTemplateRecord {
        DocumentTemplateRecord(
            id: try row.decode(column: "id", as: UUID.self), name: try row.decode(column: "name", as: String.self),
            description: try row.decode(column: "description", as: String?.self), target: try row.decode(column: "target", as: String.self),
            category: try row.decode(column: "category", as: String?.self),
            currentVersion: try row.decode(column: "current_version", as: Int.self),
            archived: try row.decode(column: "archived", as: Bool.self),
            createdBy: try row.decode(column: "created_by", as: UUID?.self), createdAt: try row.decode(column: "created_at", as: Date.self),
            updatedAt: try row.decode(column: "updated_at", as: Date.self))
    }

    private static func decodeVersion(_ row: any SQLRow) throws -> DocumentTemplateVersionRecord {
        DocumentTemplateVersionRecord(
            id: try row.decode(column: "id", as: UUID.self), templateID: try row.decode(column: "template_id", as: UUID.self),
            version: try row.decode(column: "version", as: Int.self), sha256: try row.decode(column: "sha256", as: String.self),
            originalName: try row.decode(column: "original_name", as: String.self),
            format: try row.decode(column: "format", as: String.self),
            size: try row.decode(column: "size", as: Int64.self), lintCount: try row.decode(column: "lint_count", as: Int.self),
            lintIssues: try row.decode(column: "lint_issues", as: String.self),
            uploadedBy: try row.decode(column: "uploaded_by", as: UUID?.self),
            uploadedAt: try row.decode(column: "uploaded_at", as: Date.self))
    }
}
