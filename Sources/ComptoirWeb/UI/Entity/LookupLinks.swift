import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

extension LookupSupport {
    /// The link shown for a lookup value in lists and pages.
    public static func link(_ field: FieldDefinition, _ row: TableRow) -> HTMLNode? {
        guard case .lookup(let kind) = field.kind, let id = row[field.column].uuidValue, let target = targets[kind] else { return nil }
        let title = row[titleKey(field.column)].textValue ?? "—"
        return H.link("\(target.path)/\(id.uuidString.lowercased())", title)
    }

    /// The lookup ids given in a new form's query (`/interactions/new?companyId=…`), by field key.
    static func queryIDs(_ definition: EntityDefinition, _ request: Request) -> [String: UUID] {
        var ids: [String: UUID] = [:]
        for field in definition.fields {
            guard case .lookup = field.kind, let id = request.query[String.self, at: field.key].flatMap(UUID.init(uuidString:)) else {
                continue
            }
            ids[field.key] = id
        }
        return ids
    }
}
