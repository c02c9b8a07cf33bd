import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import Vapor

/// « Pièces jointes » on interactions, companies, contacts, projects and products: uploads stored once
/// by content, downloads checked against the record's permissions.
enum AttachmentPages {
    static let maxSizeKey = "attachments.max_mb"
    static let defaultMaxMB = 20
    /// The hard ceiling of a request body for uploads, whatever the setting says.
    static let bodyCeiling: ByteCount = "256mb"

    /// Which records take attachments, with the module that guards them and their table.
    static let owners: [String: (module: PermissionModule, table: String, path: String)] = [
        "interactions": (.activities, "interactions", "/interactions"),
        "companies": (.directory, "companies", "/companies"),
        "contacts": (.directory, "contacts", "/contacts"),
        "projects": (.projects, "projects", "/projects"),
        "products": (.catalog, "products", "/products"),
        // Files filed on sales documents: the received file of an imported supplier invoice, the documents generated from
        // templates (« Générer le document ») on quotes, orders and invoices. `/sales-documents/{id}` leads to its page.
        "sales-documents": (.sales, "sales_documents", "/sales-documents"),
    ]

    static func maxBytes(_ db: any Database) async throws -> Int {
        try await Settings.int(maxSizeKey, default: defaultMaxMB, on: db) * 1024 * 1024
    }

    /// The owner record must exist and the user must be allowed `access` on its module.
    static func requireOwner(_ kind: String, _ id: UUID, _ access: Access, _ request: Request) async throws -> (
        module: PermissionModule, table: String, path: String
    ) {
        guard let owner = owners[kind] else { throw AppError.notFound }
        try request.authorize(access, owner.module)
        let sql = try TableStore.sqlDatabase(request.db)
        guard
            let row = try await sql.raw(
                "SELECT id\(unsafeRaw: kind == "interactions" ? ", project_id" : "") FROM \(ident: owner.table) WHERE id = \(bind: id)"
            ).first()
        else {
            throw AppError.notFound
        }
        // Files of a private project (or of its interactions) follow the project.
        if let actor = request.actor, !actor.isAdmin {
            let project = kind == "projects" ? id : (kind == "interactions" ? try row.decode(column: "project_id", as: UUID?.self) : nil)
            if actor.isGuest {
                // A guest: files of their projects, and of the interactions they may see there; they add files to the
                // project itself only, as the portal offers.
                guard let project, try await ProjectAccess.canSee(project, user: actor.userID, guest: true, on: request.db),
                    access == .read || kind == "projects"
                else { throw AppError.notFound }
                if kind == "interactions" {
                    let definition = try await InteractionsEntity.definition.resolved(for: request)
                    _ = try await EntityService(definition, request).get(id)
                }
            } else if let project, !(try await ProjectAccess.canSee(project, user: actor.userID, on: request.db)) {
                throw AppError.notFound
            }
        }
        return owner
    }

    static func register(_ routes: any RoutesBuilder) {
        // Streamed: the body is read only once the sender may write on the record, and never past the size allowed.
        // The form names its CSRF token in its action URL, so the CSRF check need not read the body either.
        routes.on(.POST, "attachments", ":kind", ":id", body: .stream) { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let kind = request.parameters.get("kind") ?? ""
            let id = try EntityRoutes.id(request)
            let owner = try await requireOwner(kind, id, .write, request)
            let back =
                request.actor?.isGuest == true
                ? "/portal/projects/\(id.uuidString.lowercased())" : "\(owner.path)/\(id.uuidString.lowercased())"
            struct Upload: Content { var file: File? }
            do {
                let limit = try await collectUpload(request)
                let upload = try? request.content.decode(Upload.self)
                guard let file = upload?.file else {
                    throw AppError.validation(["file": [L("Choisissez un fichier.", "Choose a file.")]])
                }
                _ = try await save(file, kind: kind, id: id, limit: limit, request)
                return request.redirect(to: back, flash: Flash(.success, L("Pièce jointe ajoutée.", "Attachment added.")))
            } catch let error as AppError where error.status != .forbidden && error.status != .notFound {
                let message = error.code == "validation_failed" ? (error.fields.values.first?.first ?? error.message) : error.message
                return request.redirect(to: back, flash: Flash(.error, message))
            }
        }
        routes.get("attachments", ":id") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            guard let attachment = try await AttachmentStore.find(try EntityRoutes.id(request), on: request.db) else {
                throw AppError.notFound
            }
            _ = try await requireOwner(attachment.ownerKind, attachment.ownerID, .read, request)
            return FileResponse.userFile(try request.application.blobStore.read(attachment.sha256), name: attachment.originalName)
        }
    }

    /// Room for the multipart envelope (boundaries, part headers, the other fields) around the file.
    static let envelopeBytes = 64 * 1024

    /// Reads an upload's body, called once the sender is known to be allowed: a declared length over the limit is
    /// refused before reading anything, and reading stops at the limit (413 `file_too_large`). Returns the limit in
    /// bytes, for `save`.
    static func collectUpload(_ request: Request) async throws -> Int {
        let limit = try await maxBytes(request.db)
        let ceiling = min(limit + envelopeBytes, bodyCeiling.value)
        if let length = request.headers.first(name: .contentLength).flatMap({ Int($0) }), length > ceiling {
            throw tooLarge(limit)
        }
        do {
            _ = try await request.body.collect(max: ceiling).get()
        } catch let error as any AbortError where error.status == .payloadTooLarge {
            throw tooLarge(limit)
        }
        return limit
    }

    static func tooLarge(_ limit: Int) -> AppError {
        AppError(
            .payloadTooLarge, code: "file_too_large",
            L(
                "Le fichier dépasse la taille autorisée (\(limit / 1024 / 1024) Mo).",
                "The file exceeds the allowed size (\(limit / 1024 / 1024) MB)."),
            fields: ["file": [L("\(limit / 1024 / 1024) Mo au plus.", "At most \(limit / 1024 / 1024) MB.")]])
    }

    /// Checks and stores an upload; the same content uploaded twice is stored once.
    static func save(_ file: File, kind: String, id: UUID, limit: Int, _ request: Request) async throws -> AttachmentRecord {
        let size = file.data.readableBytes
        guard size > 0 else {
            throw AppError.validation(["file": [L("Le fichier est vide (0 octet).", "The file is empty (0 bytes).")]])
        }
        guard size <= limit else { throw tooLarge(limit) }
        let data = Data(file.data.readableBytesView)
        let sha = BlobStore.sha256(data)
        try request.application.blobStore.store(data, sha: sha)
        let name = String(file.filename.replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "\\", with: "_").prefix(200))
        let type = file.contentType?.serialize() ?? "application/octet-stream"
        let attachmentID = request.newID()
        try await request.db.transaction { db in
            try await AttachmentStore.attach(
                id: attachmentID, ownerKind: kind, ownerID: id, sha: sha, name: name.isEmpty ? "fichier" : name, contentType: type,
                size: Int64(size), by: request.actor?.userID, at: request.now, on: db)
            try await AuditLog.record(
                .create, entity: "attachments", id: attachmentID.uuidString.lowercased(), summary: name,
                changes: ["owner": (.null, .text("\(kind)/\(id.uuidString.lowercased())")), "sha256": (.null, .text(sha))],
                by: request.auditActor, at: request.now, on: db)
        }
        guard let record = try await AttachmentStore.find(attachmentID, on: request.db) else { throw AppError.notFound }
        return record
    }

    /// The list of a record's attachments with the upload form.
    static func panel(kind: String, id: UUID, _ request: Request) async throws -> HTMLNode {
        let locale = request.locale
        let files = try await AttachmentStore.list(ownerKind: kind, ownerID: id, on: request.db)
        var nodes: [HTMLNode] = [H.el("h2", text: L("Pièces jointes", "Attachments")(locale))]
        if files.isEmpty {
            nodes.append(H.el("p", [("class", "muted")], text: L("Aucune pièce jointe.", "No attachment.")(locale)))
        } else {
            nodes.append(
                H.el(
                    "ul", [("class", "links")],
                    files.map { file in
                        H.el(
                            "li", [],
                            [
                                H.link("/attachments/\(file.id.uuidString.lowercased())", file.originalName),
                                H.el(
                                    "span", [("class", "muted")],
                                    text: " — " + NumberDisplay.bytes(Int(file.size), locale: locale) + ", "
                                        + DateDisplay.date(file.createdAt, locale: locale)),
                            ])
                    }))
        }
        if let owner = owners[kind], Policy.allows(request.actor, .write, owner.module) {
            let limit = try await Settings.int(maxSizeKey, default: defaultMaxMB, on: request.db)
            let action = "/attachments/\(kind)/\(id.uuidString.lowercased())?\(CSRFMiddleware.fieldName)=\(request.csrfToken)"
            nodes.append(
                H.postForm(
                    action, csrf: request.csrfToken, attributes: [("class", "inline-form")], multipart: true,
                    [
                        H.el(
                            "div", [("class", "field")],
                            [
                                H.el(
                                    "label", [("for", "attachment-file")],
                                    text: L("Fichier (\(limit) Mo au plus)", "File (\(limit) MB at most)")(locale)),
                                H.void("input", [("id", "attachment-file"), ("name", "file"), ("type", "file"), ("required", "required")]),
                            ]),
                        H.el("button", [("type", "submit"), ("class", "button")], text: L("Joindre", "Attach")(locale)),
                    ]))
        }
        return H.el("section", [("class", "panel")], nodes)
    }
}

struct BlobStoreKey: StorageKey {
    typealias Value = BlobStore
}

extension Application {
    /// The file store of attachments, in the data directory.
    var blobStore: BlobStore {
        storage[BlobStoreKey.self] ?? BlobStore(dataDirectory: comptoir.dataDirectory)
    }
}
