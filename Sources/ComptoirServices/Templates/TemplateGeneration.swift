import ComptoirCore
import ComptoirDocuments
import ComptoirStore
import FluentKit
import Foundation
import ZIPFoundation

/// A merged document, as downloaded.
public struct GeneratedDocument: Sendable {
    public var data: Data
    public var fileName: String
    public var contentType: String
    /// The tags the record left empty, sorted.
    public var missingTags: [String]
    /// The attachments it was filed as (the record's, then its project's); empty when the actor may only read the record.
    public var attachmentIDs: [UUID]
}

/// Bulk generation's result: one file per record, zipped.
public struct GeneratedBundle: Sendable {
    public var zip: Data
    public var fileName: String
    public var count: Int
    /// Records left out: not found, or not readable by the actor.
    public var skipped: Int
}

/// « Générer le document »: merges a template with one record (or many, zipped). Reading the record follows its own
/// rights (the catalogue reads it as its page does: a record the actor may not read answers 404/403 and no file is made);
/// filing the result as an attachment of the record (and of its project) needs the right to write there — a read-only
/// user gets the file without it being filed.
public struct TemplateGeneration: Sendable {
    public let context: ServiceContext
    public init(_ context: ServiceContext) { self.context = context }

    /// Bulk generation stops here: beyond, the user narrows the selection.
    public static let bulkCap = 1_000

    public static let contentTypes: [TemplateFormat: String] = [
        .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        .odt: "application/vnd.oasis.opendocument.text",
    ]

    /// The templates offered on a record's page: active ones of its target.
    public func templates(for target: TemplateTarget) async throws -> [DocumentTemplateRecord] {
        guard context.allows(.read, .templates) else { return [] }
        return try await DocumentTemplateStore.list(target: target.rawValue, archived: false, on: context.db)
    }

    /// Merges the template's current version with the record without filing it (a download, changing nothing).
    public func download(_ templateID: UUID, recordID: UUID, pdf: Bool = false) async throws -> GeneratedDocument {
        try await generate(templateID, recordID: recordID, pdf: pdf, filing: false)
    }

    /// Merges the template's current version with the record, files it (when `filing` and the actor may write there), and
    /// returns it.
    public func generate(_ templateID: UUID, recordID: UUID, pdf: Bool = false, filing: Bool = true) async throws -> GeneratedDocument {
        try context.authorize(.read, .templates)
        let (template, source, format) = try await load(templateID)
        let target = template.target
        let groups = try await MergeTagCatalog.groups(for: target, recordID: recordID, context)
        let values = MergeTagCatalog.data(of: groups)
        let merged = try DocumentTemplateService.engine { try TemplateEngine.merge(source, format: format, values: values) }
        var data = merged.document
        var fileFormat = format.rawValue
        var contentType = Self.contentTypes[format] ?? "application/octet-stream"
        if pdf {
            guard target.allowsPDFCopy else {
                throw AppError(
                    .unprocessableEntity, code: "pdf_not_for_invoices",
                    L(
                        "Pas de copie PDF pour une facture : le PDF légal vient de la facture elle-même.",
                        "No PDF copy of an invoice: the legal PDF comes from the invoice itself."))
            }
            data = try await PDFConversion.convert(data, format: format)
            fileFormat = "pdf"
            contentType = "application/pdf"
        }
        let name = Self.fileName(template.record.name, Self.title(target, values), CalendarDay(context.now), fileFormat)
        let attachments = filing ? try await file(data, name: name, contentType: contentType, target: target, recordID: recordID) : []
        return GeneratedDocument(
            data: data, fileName: name, contentType: contentType, missingTags: merged.missingTags, attachmentIDs: attachments)
    }

    /// One file per record, zipped (not filed as attachments); at most `bulkCap` records.
    public func generateBulk(_ templateID: UUID, recordIDs: [UUID]) async throws -> GeneratedBundle {
        try context.authorize(.read, .templates)
        let ids = Array(NSOrderedSet(array: recordIDs).compactMap { $0 as? UUID })
        guard !ids.isEmpty else {
            throw AppError(
                .unprocessableEntity, code: "empty_selection",
                L("Sélectionnez au moins une fiche.", "Select at least one record."))
        }
        guard ids.count <= Self.bulkCap else {
            throw AppError(
                .unprocessableEntity, code: "too_many_records",
                L(
                    "\(ids.count) fiches sélectionnées : la génération groupée en prend \(Self.bulkCap) au plus. Affinez le filtre.",
                    "\(ids.count) records selected: bulk generation takes \(Self.bulkCap) at most. Narrow the filter."))
        }
        let (template, source, format) = try await load(templateID)
        let archive = try Archive(accessMode: .create)
        var used: Set<String> = []
        var count = 0
        var skipped = 0
        for id in ids {
            let values: MergeData
            do {
                values = MergeTagCatalog.data(of: try await MergeTagCatalog.groups(for: template.target, recordID: id, context))
            } catch let error as AppError where error.status == .notFound || error.status == .forbidden {
                skipped += 1
                continue
            }
            let merged = try DocumentTemplateService.engine { try TemplateEngine.merge(source, format: format, values: values) }
            var name = Self.fileName(template.record.name, Self.title(template.target, values), nil, format.rawValue)
            var suffix = 2
            while used.contains(name.lowercased()) {
                name = Self.fileName(template.record.name, Self.title(template.target, values) + " (\(suffix))", nil, format.rawValue)
                suffix += 1
            }
            used.insert(name.lowercased())
            let document = merged.document
            try archive.addEntry(
                with: name, type: .file, uncompressedSize: Int64(document.count), modificationDate: context.now,
                compressionMethod: .deflate
            ) { position, size in
                document.subdata(in: Int(position)..<Int(position) + size)
            }
            count += 1
        }
        guard count > 0, let zip = archive.data else { throw AppError.notFound }
        return GeneratedBundle(
            zip: zip, fileName: Self.fileName(template.record.name, "", CalendarDay(context.now), "zip"), count: count, skipped: skipped)
    }

    func load(_ templateID: UUID) async throws -> (DocumentTemplate, Data, TemplateFormat) {
        let template = try await DocumentTemplateService.load(templateID, context)
        guard !template.record.archived, let current = template.current else {
            throw AppError(
                .unprocessableEntity, code: "template_archived",
                L("Ce modèle est archivé : il ne génère plus de documents.", "This template is archived: it no longer generates documents.")
            )
        }
        guard let files = context.files else { throw StoreError.configuration("no file store for document templates") }
        return (template, try files.read(current.sha256), TemplateFormat(rawValue: current.format) ?? .docx)
    }

    /// Files the document on the record and on its project (when it has one the actor may write on), with the audit entry.
    func file(
        _ data: Data, name: String, contentType: String, target: TemplateTarget, recordID: UUID
    ) async throws -> [UUID] {
        let sha = BlobStore.sha256(data)
        var owners: [(String, UUID)] = []
        if context.allows(.write, target.module) { owners.append((target.ownerKind, recordID)) }
        if let project = try await projectOf(target, recordID), target != .project, context.allows(.write, .projects) {
            owners.append(("projects", project))
        }
        guard !owners.isEmpty, let files = context.files else { return [] }
        try files.store(data, sha: sha)
        let chosen = owners
        return try await context.transaction { context in
            var ids: [UUID] = []
            for (kind, owner) in chosen {
                let id = context.newID()
                try await AttachmentStore.attach(
                    id: id, ownerKind: kind, ownerID: owner, sha: sha, name: name, contentType: contentType, size: Int64(data.count),
                    by: context.actor?.userID, at: context.now, on: context.db)
                try await AuditLog.record(
                    .create, entity: "attachments", id: id.uuidString.lowercased(), summary: name,
                    changes: ["owner": (.null, .text("\(kind)/\(owner.uuidString.lowercased())")), "sha256": (.null, .text(sha))],
                    by: context.auditActor, at: context.now, on: context.db)
                ids.append(id)
            }
            return ids
        }
    }

    /// The project a record belongs to (an interaction's, a sales document's), when the actor may see it.
    func projectOf(_ target: TemplateTarget, _ recordID: UUID) async throws -> UUID? {
        var project: UUID?
        switch target {
        case .interaction:
            project = try await EntityService(InteractionsEntity.definition, context).get(recordID)["project_id"].uuidValue
        case .quote, .order, .invoice:
            project = try await SalesDocumentService(context).find(recordID)?.projectID
        default: project = nil
        }
        guard let project else { return nil }
        if context.seesEverything { return project }
        return try await ProjectLookup.canSee(project, context) ? project : nil
    }

    /// The record's title for a file name.
    static func title(_ target: TemplateTarget, _ values: MergeData) -> String {
        let key: String =
            switch target {
            case .company: "company.name"
            case .contact: "contact.display_name"
            case .project: "project.title"
            case .interaction: "interaction.subject"
            case .quote, .order, .invoice: "document.reference"
            }
        if case .text(let text)? = values[key] { return text }
        return ""
    }

    /// « Attestation de formation - Hélène Garcia - 04-12-2026.odt »: no path separators nor control characters.
    static func fileName(_ template: String, _ title: String, _ day: CalendarDay?, _ ext: String) -> String {
        var parts = [template, title].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        if let day { parts.append(String(format: "%02d-%02d-%04d", day.day, day.month, day.year)) }
        let base = parts.joined(separator: " - ")
        let cleaned = String(
            base.unicodeScalars.map { scalar -> Character in
                if scalar.value < 0x20 || "/\\:*?\"<>|".unicodeScalars.contains(scalar) { return "_" }
                return Character(scalar)
            }
        ).prefix(150)
        return (cleaned.isEmpty ? "document" : String(cleaned)) + "." + ext
    }
}
