import ComptoirCore
import ComptoirServices
import Foundation
import Vapor

/// The printed delivery note and stock movement: `GET /delivery-notes/{id}/pdf`, `GET /stock-movements/{id}/pdf`, and the
/// same under `/api/v1`.
enum CatalogFilePages {
    static func register(_ app: Application) {
        app.get("delivery-notes", ":id", "pdf") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let file = try await CatalogPrintService(request.context).deliveryNote(try EntityRoutes.id(request))
            return FileResponse.userFile(file.data, name: file.name)
        }
        app.get("stock-movements", ":id", "pdf") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let file = try await CatalogPrintService(request.context).movement(try EntityRoutes.id(request))
            return FileResponse.userFile(file.data, name: file.name)
        }
    }

    static func register(_ api: APIRoutes) {
        api.on(.GET, "delivery-notes/:id/pdf", summary: "The delivery note as a PDF/A-3b, serial numbers per line", tag: "Catalog") {
            request in
            let file = try await CatalogPrintService(request.context).deliveryNote(try EntityRoutes.id(request))
            return FileResponse.download(file.data, name: file.name, type: "application/pdf")
        }
        api.on(.GET, "stock-movements/:id/pdf", summary: "The stock movement as a PDF/A-3b", tag: "Catalog") { request in
            let file = try await CatalogPrintService(request.context).movement(try EntityRoutes.id(request))
            return FileResponse.download(file.data, name: file.name, type: "application/pdf")
        }
    }

    /// « Imprimer (PDF) », under the page's title.
    static func link(_ path: String, _ locale: DisplayLocale) -> HTMLNode {
        H.el("p", [("class", "actions")], [H.link(path + "/pdf", L("Imprimer (PDF)", "Print (PDF)")(locale), [("class", "button")])])
    }
}
