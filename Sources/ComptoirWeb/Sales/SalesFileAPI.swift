import ComptoirCore
import ComptoirServices
import Foundation
import Vapor

/// `GET /api/v1/invoices/{id}/pdf`, `/facturx.xml`, `/ubl.xml` (and the same for credit notes), `GET /api/v1/quotes/{id}/pdf`
/// (orders, supplier orders): the files archived at validation, served as they were stored; a draft's PDF is a preview,
/// its XML a 409.
enum SalesFileAPI {
    static func register(_ api: APIRoutes) {
        for (path, kind) in SalesAPI.resources where !SalesArchive.formats(kind).isEmpty {
            let name = kind.label.en.lowercased()
            var files: [(String, SalesArchive.Format, String)] = [
                ("pdf", .pdf, "The \(name) as a PDF/A-3 (archived at validation; a draft's is a preview)")
            ]
            if kind.isLegalInvoice {
                files[0].2 = "The \(name) as a Factur-X PDF/A-3 (archived at validation; a draft's is a preview)"
                files += [
                    ("facturx.xml", .cii, "The \(name)'s Factur-X XML (CII, EN 16931), as embedded in its PDF"),
                    ("ubl.xml", .ubl, "The \(name) as UBL 2.1 XML (EN 16931)"),
                ]
            }
            for (suffix, format, summary) in files {
                api.on(.GET, "\(path)/:id/\(suffix)", summary: summary, tag: "Sales", errors: [409]) { request in
                    let document = try await SalesAPI.document(request, kind)
                    let file = try await SalesFileService(request.context).file(document.id, format)
                    return FileResponse.download(file.data, name: file.name, type: file.contentType)
                }
            }
        }
    }
}
