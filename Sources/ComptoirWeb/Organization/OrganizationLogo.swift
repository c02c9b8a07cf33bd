import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// The organisation's logo: uploaded as PNG or JPEG (checked by content, not by name), stored in the
/// database so every instance serves it, printed later on documents.
enum OrganizationLogo {
    static func register(_ routes: any RoutesBuilder) {
        routes.get("organization", "logo") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            try request.authorize(.read, .organization)
            guard let logo = try await OrganizationLogoService.logo(request.context) else { throw AppError.notFound }
            return FileResponse.userFile(logo.data, name: "logo")
        }
        routes.on(.POST, "admin", "organization", "logo", body: .collect(maxSize: "2mb")) { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            try request.authorize(.write, .settings)
            struct Upload: Content { var logo: File? }
            let upload = try? request.content.decode(Upload.self)
            guard let file = upload?.logo, file.data.readableBytes > 0 else {
                return request.redirect(
                    to: "/admin/organization", flash: Flash(.error, L("Choisissez un fichier image.", "Choose an image file.")))
            }
            do {
                try await OrganizationLogoService.setLogo(Data(file.data.readableBytesView), request.context)
            } catch let error as AppError where error.code == "logo_too_large" || error.code == "logo_not_an_image" {
                return request.redirect(to: "/admin/organization", flash: Flash(.error, error.message))
            }
            return request.redirect(to: "/admin/organization", flash: Flash(.success, L("Logo enregistré.", "Logo saved.")))
        }
    }

    @Sendable static func panel(_ row: TableRow, _ request: Request) async throws -> [HTMLNode] {
        let locale = request.locale
        var nodes: [HTMLNode] = [H.el("h2", text: L("Logo", "Logo")(locale))]
        if row["logo_content_type"].textValue != nil {
            nodes.append(
                H.void(
                    "img",
                    [
                        ("src", "/organization/logo"), ("alt", L("Logo de l'organisation", "Organisation logo")(locale)),
                        ("class", "logo-preview"),
                    ]))
        } else {
            nodes.append(H.el("p", [("class", "muted")], text: L("Aucun logo.", "No logo.")(locale)))
        }
        if Policy.allows(request.actor, .write, .settings) {
            nodes.append(
                H.postForm(
                    "/admin/organization/logo?\(CSRFMiddleware.fieldName)=\(request.csrfToken)", csrf: request.csrfToken, multipart: true,
                    [
                        H.el(
                            "label", [("for", "logo")],
                            text: L("Image PNG ou JPEG, 1 Mo au plus", "PNG or JPEG image, 1 MB at most")(locale)),
                        H.void("input", [("id", "logo"), ("type", "file"), ("name", "logo"), ("accept", "image/png,image/jpeg")]),
                        H.el("button", [("type", "submit"), ("class", "button")], text: L("Envoyer le logo", "Upload logo")(locale)),
                    ]))
        }
        return [H.el("section", [("class", "panel")], nodes)]
    }
}
