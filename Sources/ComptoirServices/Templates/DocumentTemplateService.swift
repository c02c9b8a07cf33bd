import ComptoirCore
import ComptoirDocuments
import ComptoirStore
import FluentKit
import Foundation

/// What an upload form or the API sends to create a template.
public struct DocumentTemplateInput: Sendable {
    public var name: String
    public var description: String
    public var target: String
    public var category: String
    public var fileName: String
    public var data: Data

    public init(name: String, description: String = "", target: String, category: String = "", fileName: String, data: Data) {
        self.name = name
        self.description = description
        self.target = target
        self.category = category
        self.fileName = fileName
        self.data = data
    }
}

/// A lint issue as stored with a version and shown (`kind` is the engine's: unknownTag, unbalancedBlock, misplacedTag,
/// unknownListField).
public struct TemplateLintIssue: Sendable, Hashable, Codable {
    public var kind: String
    public var tag: String
    public var part: String
    public var message: String

    init(_ issue: TemplateIssue) {
        kind = issue.kind.rawValue
        tag = issue.tag
        part = issue.part
        message = issue.message
    }
}

/// A template with its versions, newest first.
public struct DocumentTemplate: Sendable {
    public var record: DocumentTemplateRecord
    public var versions: [DocumentTemplateVersionRecord]

    public var target: TemplateTarget { TemplateTarget(rawValue: record.target) ?? .company }
    public var current: DocumentTemplateVersionRecord? { versions.first { $0.version == record.currentVersion } }
}

/// The result of « Vérifier le modèle »: the linter's issues, and a test merge with a sample record of the target.
public struct TemplateCheck: Sendable {
    public var issues: [TemplateLintIssue]
    public var tags: [String]
    /// The sample record merged (nil when the target has no record the actor may read).
    public var sampleRecordID: UUID?
    /// The tags the sample record left empty.
    public var missingTags: [String]
    /// Whether the test merge ran without error (the engine's message otherwise).
    public var mergeError: String?
}

/// Document templates (« Modèles de documents »): upload, new version, rename, archive, check. Administrators manage
/// them (`templates` write); every internal user lists them and generates documents (`TemplateGeneration`). Each write:
/// transaction → lock (`document_templates`) → check → write → audit. A file the engine refuses (not a DOCX/ODT, a
/// damaged ZIP, macros, too large) is refused with the engine's French message and nothing is saved; a file with
/// unknown tags is kept, its lint issues stored with the version and shown.
public struct DocumentTemplateService: Sendable {
    public let context: ServiceContext
    public init(_ context: ServiceContext) { self.context = context }

    static let entity = "document-templates"
    static let lockScope = "document_templates"
    public static let maxNameLength = 200

    public func list(target: TemplateTarget? = nil, includeArchived: Bool = false) async throws -> [DocumentTemplateRecord] {
        try context.authorize(.read, .templates)
        return try await DocumentTemplateStore.list(target: target?.rawValue, archived: includeArchived ? nil : false, on: context.db)
    }

    public func get(_ id: UUID) async throws -> DocumentTemplate {
        try context.authorize(.read, .templates)
        return try await Self.load(id, context)
    }

    static func load(_ id: UUID, _ context: ServiceContext) async throws -> DocumentTemplate {
        guard let record = try await DocumentTemplateStore.find(id, on: context.db) else { throw AppError.notFound }
        return DocumentTemplate(record: record, versions: try await DocumentTemplateStore.versions(of: id, on: context.db))
    }

    /// A version's file (the current one when `version` is nil).
    public func file(_ id: UUID, version: Int? = nil) async throws -> (data: Data, name: String, format: TemplateFormat) {
        let template = try await get(id)
        guard let chosen = version.map({ number in template.versions.first { $0.version == number } }) ?? template.current else {
            throw AppError.notFound
        }
        return (try blobs().read(chosen.sha256), chosen.originalName, TemplateFormat(rawValue: chosen.format) ?? .docx)
    }

    /// Creates a template with its first version.
    public func create(_ input: DocumentTemplateInput) async throws -> UUID {
        try context.authorize(.write, .templates)
        var errors = Self.checkFields(name: input.name, description: input.description, category: input.category)
        let target = TemplateTarget(rawValue: input.target)
        if target == nil { errors["target"] = [L("Choisissez l'entité cible.", "Choose the target entity.")] }
        if !errors.isEmpty { throw AppError.validation(errors) }
        let checked = try await check(input.data, fileName: input.fileName, target: target!)
        let id = context.newID()
        try await context.transaction { context in
            try await WriteLock.acquire(Self.lockScope, on: context.db)
            let record = DocumentTemplateRecord(
                id: id, name: Self.clean(input.name), description: Self.optional(input.description), target: target!.rawValue,
                category: Self.optional(input.category), currentVersion: 1, archived: false, createdBy: context.actor?.userID,
                createdAt: context.now, updatedAt: context.now)
            try await DocumentTemplateStore.insert(record, on: context.db)
            try await DocumentTemplateStore.insertVersion(checked.version(templateID: id, number: 1, context), on: context.db)
            try await AuditLog.record(
                .create, entity: Self.entity, id: id.uuidString.lowercased(), summary: record.name,
                changes: [
                    "name": (.null, .text(record.name)), "target": (.null, .text(record.target)), "version": (.null, .int(1)),
                    "sha256": (.null, .text(checked.sha)),
                ],
                by: context.auditActor, at: context.now, on: context.db)
        }
        return id
    }

    /// Replaces the template's file: a new version becomes current; the earlier ones stay.
    public func addVersion(_ id: UUID, fileName: String, data: Data) async throws -> Int {
        try context.authorize(.write, .templates)
        let existing = try await Self.load(id, context)
        let checked = try await check(data, fileName: fileName, target: existing.target)
        return try await context.transaction { context in
            try await WriteLock.acquire(Self.lockScope, on: context.db)
            guard var record = try await DocumentTemplateStore.find(id, on: context.db) else { throw AppError.notFound }
            let number = (try await DocumentTemplateStore.versions(of: id, on: context.db).map(\.version).max() ?? 0) + 1
            try await DocumentTemplateStore.insertVersion(checked.version(templateID: id, number: number, context), on: context.db)
            let previous = record.currentVersion
            record.currentVersion = number
            record.updatedAt = context.now
            try await DocumentTemplateStore.update(record, on: context.db)
            try await AuditLog.record(
                .update, entity: Self.entity, id: id.uuidString.lowercased(), summary: record.name,
                changes: ["version": (.int(Int64(previous)), .int(Int64(number))), "sha256": (.null, .text(checked.sha))],
                by: context.auditActor, at: context.now, on: context.db)
            return number
        }
    }

    /// Renames or describes a template (its target never changes: its versions were checked against it).
    public func update(_ id: UUID, name: String, description: String, category: String) async throws {
        try context.authorize(.write, .templates)
        let errors = Self.checkFields(name: name, description: description, category: category)
        if !errors.isEmpty { throw AppError.validation(errors) }
        try await context.transaction { context in
            try await WriteLock.acquire(Self.lockScope, on: context.db)
            guard var record = try await DocumentTemplateStore.find(id, on: context.db) else { throw AppError.notFound }
            let before = record
            record.name = Self.clean(name)
            record.description = Self.optional(description)
            record.category = Self.optional(category)
            record.updatedAt = context.now
            try await DocumentTemplateStore.update(record, on: context.db)
            var changes: [String: (before: FieldValue, after: FieldValue)] = [:]
            if before.name != record.name { changes["name"] = (.text(before.name), .text(record.name)) }
            if before.description != record.description {
                changes["description"] = (
                    before.description.map(FieldValue.text) ?? .null, record.description.map(FieldValue.text) ?? .null
                )
            }
            if before.category != record.category {
                changes["category"] = (before.category.map(FieldValue.text) ?? .null, record.category.map(FieldValue.text) ?? .null)
            }
            try await AuditLog.record(
                .update, entity: Self.entity, id: id.uuidString.lowercased(), summary: record.name, changes: changes,
                by: context.auditActor, at: context.now, on: context.db)
        }
    }

    /// Archives (or restores) a template: an archived one is offered nowhere, its versions stay.
    public func setArchived(_ id: UUID, _ archived: Bool) async throws {
        try context.authorize(.write, .templates)
        try await context.transaction { context in
            try await WriteLock.acquire(Self.lockScope, on: context.db)
            guard var record = try await DocumentTemplateStore.find(id, on: context.db) else { throw AppError.notFound }
            guard record.archived != archived else { return }
            record.archived = archived
            record.updatedAt = context.now
            try await DocumentTemplateStore.update(record, on: context.db)
            try await AuditLog.record(
                .update, entity: Self.entity, id: id.uuidString.lowercased(), summary: record.name,
                changes: ["archived": (.bool(!archived), .bool(archived))], by: context.auditActor, at: context.now, on: context.db)
        }
    }

    /// « Vérifier le modèle »: lints the current version against the target's tags (storing the result when the actor
    /// manages templates) and merges it with a sample record of the target.
    public func verify(_ id: UUID) async throws -> TemplateCheck {
        let template = try await get(id)
        guard let current = template.current else { throw AppError.notFound }
        let data = try blobs().read(current.sha256)
        let format = TemplateFormat(rawValue: current.format) ?? .docx
        let schema = try await MergeTagCatalog.schema(for: template.target, context)
        let issues = try Self.lint(data, format: format, schema: schema)
        let tags = try Self.engine { try TemplateEngine.tags(in: data, format: format) }
        if context.allows(.write, .templates) {
            try await context.transaction { context in
                try await WriteLock.acquire(Self.lockScope, on: context.db)
                try await DocumentTemplateStore.setLint(
                    versionID: current.id, count: issues.count, issues: Self.encode(issues), on: context.db)
            }
        }
        var result = TemplateCheck(
            issues: issues.map(TemplateLintIssue.init), tags: tags, sampleRecordID: nil, missingTags: [], mergeError: nil)
        if let sample = try await MergeTagCatalog.sampleRecord(for: template.target, context) {
            result.sampleRecordID = sample
            let values = try await MergeTagCatalog.data(for: template.target, recordID: sample, context)
            do {
                result.missingTags = try TemplateEngine.merge(data, format: format, values: values).missingTags
            } catch let error as TemplateError {
                result.mergeError = error.message
            }
        }
        return result
    }

    // MARK: - Checks

    struct CheckedFile: Sendable {
        var sha: String
        var name: String
        var format: TemplateFormat
        var size: Int
        var issues: [TemplateIssue]

        func version(templateID: UUID, number: Int, _ context: ServiceContext) -> DocumentTemplateVersionRecord {
            DocumentTemplateVersionRecord(
                id: context.newID(), templateID: templateID, version: number, sha256: sha, originalName: name, format: format.rawValue,
                size: Int64(size), lintCount: issues.count, lintIssues: DocumentTemplateService.encode(issues),
                uploadedBy: context.actor?.userID, uploadedAt: context.now)
        }
    }

    /// Sniffs, lints and stores the file (content-addressed: a file refused later in the transaction leaves at most an
    /// unreferenced blob on disk, never a row).
    func check(_ data: Data, fileName: String, target: TemplateTarget) async throws -> CheckedFile {
        guard !data.isEmpty else {
            throw AppError.validation(["file": [L("Choisissez un fichier .docx ou .odt.", "Choose a .docx or .odt file.")]])
        }
        let format = try Self.engine { try TemplateEngine.detectFormat(data, fileName: fileName) }
        let schema = try await MergeTagCatalog.schema(for: target, context)
        let issues = try Self.lint(data, format: format, schema: schema)
        let sha = BlobStore.sha256(data)
        try blobs().store(data, sha: sha)
        var name = Self.clean(fileName).replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "\\", with: "_")
        if name.isEmpty { name = "modele.\(format.rawValue)" }
        return CheckedFile(sha: sha, name: String(name.prefix(200)), format: format, size: data.count, issues: issues)
    }

    func blobs() throws -> BlobStore {
        guard let files = context.files else { throw StoreError.configuration("no file store for document templates") }
        return files
    }

    /// The linter's issues; blocks the engine refuses as unbalanced are issues too (the file is kept, the user fixes it).
    static func lint(_ data: Data, format: TemplateFormat, schema: TagSchema) throws -> [TemplateIssue] {
        do {
            return try engine { try TemplateEngine.lint(data, format: format, schema: schema) }
        } catch let error as AppError where error.code == "unbalanced_blocks" {
            return [
                TemplateIssue(kind: .unbalancedBlock, tag: "", part: "", message: error.message.fr)
            ]
        }
    }

    /// Runs the engine, turning its refusals into the user's error (its French message; 413 for a size limit).
    static func engine<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as TemplateError {
            throw appError(error)
        }
    }

    public static func appError(_ error: TemplateError) -> AppError {
        let (code, english): (String, String) =
            switch error {
            case .notATemplate: ("not_a_template", "The file is not a Word (.docx) or LibreOffice (.odt) document.")
            case .corruptArchive: ("corrupt_archive", "The file is damaged (unreadable ZIP or XML).")
            case .macroEnabled: ("macro_enabled", "Documents with macros are refused.")
            case .tooLarge: ("template_too_large", "The file is too large once expanded.")
            case .unbalancedBlocks: ("unbalanced_blocks", "The template's blocks are not balanced.")
            }
        if case .tooLarge = error {
            return AppError(.payloadTooLarge, code: code, L(error.message, english), fields: ["file": [L(error.message, english)]])
        }
        return AppError(.unprocessableEntity, code: code, L(error.message, english), fields: ["file": [L(error.message, english)]])
    }

    static func checkFields(name: String, description: String, category: String) -> [String: [Localized]] {
        var errors: [String: [Localized]] = [:]
        let name = clean(name)
        if name.isEmpty { errors["name"] = [L("Le nom est obligatoire.", "The name is required.")] }
        if name.count > maxNameLength { errors["name"] = [L("200 caractères au plus.", "At most 200 characters.")] }
        if description.count > 2_000 { errors["description"] = [L("2 000 caractères au plus.", "At most 2,000 characters.")] }
        if clean(category).count > 100 { errors["category"] = [L("100 caractères au plus.", "At most 100 characters.")] }
        return errors
    }

    static func clean(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }
    static func optional(_ text: String) -> String? { clean(text).isEmpty ? nil : clean(text) }

    // MARK: - Lint issues as stored

    static func encode(_ issues: [TemplateIssue]) -> String {
        let stored = issues.map(TemplateLintIssue.init)
        return (try? String(decoding: JSONEncoder().encode(stored), as: UTF8.self)) ?? "[]"
    }

    /// A version's stored lint issues.
    public static func issues(of version: DocumentTemplateVersionRecord) -> [TemplateLintIssue] {
        (try? JSONDecoder().decode([TemplateLintIssue].self, from: Data(version.lintIssues.utf8))) ?? []
    }
}
