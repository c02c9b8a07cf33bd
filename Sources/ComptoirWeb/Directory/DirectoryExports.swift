import ComptoirCore
import ComptoirDocuments
import ComptoirServices
import Foundation
import Vapor

/// vCard 4.0 downloads of contacts (one, or a list selection as one .vcf).
enum DirectoryExports {
    static func register(_ routes: any RoutesBuilder) {
        routes.get("contacts", ":id", "vcard") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let id = try EntityRoutes.id(request)
            let row = try await EntityService(ContactsEntity.definition, request).get(id)
            let card = try await DirectoryService(request).vCard(row)
            return FileResponse.download(
                VCard.serialize([card]), name: (row["display_name"].textValue ?? "contact") + ".vcf", type: "text/vcard; charset=utf-8")
        }
    }

    static func vCards(_ ids: [UUID], _ request: Request) async throws -> Response {
        let cards = try await DirectoryService(request).vCards(ids)
        return FileResponse.download(VCard.serialize(cards), name: "contacts.vcf", type: "text/vcard; charset=utf-8")
    }
}
