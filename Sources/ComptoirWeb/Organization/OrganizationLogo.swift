import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import Vapor

/// The organisation's logo: uploaded as PNG or JPEG (checked by content, not by name), stored in the
/// database so every instance serves it, printed later on documents.
enum OrganizationLogo {
    static let maxBytes = 1024 * 1024

    static func register(_ routes: any RoutesBuilder) {
        routes.get("organization", "logo") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            try request.authorize(.read, .organization)
            let profile = try await OrganizationProfile.current(on: request.db)
            guard let data = profile.logo, profile.logoContentType != nil else { throw AppError.notFound }
            return FileResponse.userFile(data, name: "logo")
        }
        routes.on(.POST, "admin", "organization", "logo", body: .collect(maxSize: "2mb")) { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            try request.authorize(.write, .settings)
            struct Upload: Content { var logo: File? }
            let upload = try? request.content.decode(Upload.self)
            guard let file = upload?.logo, file.data.readableBytes > 0 else {
                return request.redirect(to: "/admin/organization", flash: Flash(.error, L("Choisissez un fichier image.", "Choose an image file.")))
            }
            guard file.data.readableBytes <= maxBytes else {
                return request.redirect(to: "/admin/organization", flash: Flash(.error, L("Le logo dépasse 1 Mo.", "The logo exceeds 1 MB.")))
            }
            let bytes = Data(file.data.readableBytesView)
            guard let type = imageType(bytes) else {
                return request.redirect(to: "/admin/organization", flash: Flash(.error, L("Le logo doit être une image PNG ou JPEG.", "The logo must be a PNG or JPEG image.")))
            }
            let profile = try await OrganizationProfile.current(on: request.db)
            profile.logo = bytes
            profile.logoContentType = type
            try await request.db.transaction { db in
                try await profile.update(on: db)
                try await AuditLog.record(
                    .update, entity: OrganizationProfile.schema, id: OrganizationProfile.singletonID.uuidString.lowercased(),
                    summary: "logo", changes: ["logo": (.null, .text(type))], by: request.auditActor, at: request.now, on: db)
            }
            return request.redirect(to: "/admin/organization", flash: Flash(.success, L("Logo enregistré.", "Logo saved.")))
        }
    }

    static func imageType(_ data: Data) -> String? {
        if data.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if data.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        return nil
    }

    @Sendable static func panel(_ row: TableRow, _ request: Request) async throws -> [HTMLNode] {
        let locale = request.locale
        var nodes: [HTMLNode] = [H.el("h2", text: L("Logo", "Logo")(locale))]
        if row["logo_content_type"].textValue != nil {
            nodes.append(H.void("img", [("src", "/organization/logo"), ("alt", L("Logo de l'organisation", "Organisation logo")(locale)), ("class", "logo-preview")]))
        } else {
            nodes.append(H.el("p", [("class", "muted")], text: L("Aucun logo.", "No logo.")(locale)))
        }
        if Policy.allows(request.actor, .write, .settings) {
            nodes.append(
                H.postForm("/admin/organization/logo?\(CSRFMiddleware.fieldName)=\(request.csrfToken)", csrf: request.csrfToken, multipart: true, [
                    H.el("label", [("for", "logo")], text: L("Image PNG ou JPEG, 1 Mo au plus", "PNG or JPEG image, 1 MB at most")(locale)),
                    H.void("input", [("id", "logo"), ("type", "file"), ("name", "logo"), ("accept", "image/png,image/jpeg")]),
                    H.el("button", [("type", "submit"), ("class", "button")], text: L("Envoyer le logo", "Upload logo")(locale)),
                ]))
        }
        return [H.el("section", [("class", "panel")], nodes)]
    }
}
