import ComptoirCore
import ComptoirStore
import Foundation

/// Finds the company or contact a user typed: its id, a SIRET/SIREN, an e-mail, or a name.
public enum DirectoryLookup {
    public static func resolve(_ raw: String, _ kind: DirectoryKind, _ context: ServiceContext) async throws -> LookupResolution {
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return .none }
        let db = context.db
        if let id = UUID(uuidString: text) {
            return try await TableStore.exists(kind.rawValue, id: id, on: db) ? .one(id) : .none
        }
        if kind == .companies, case .success(let siret) = SIRET.validate(text),
            let id = try await DirectoryQueries.company(siret: siret, on: db)
        {
            return .one(id)
        }
        if kind == .companies, case .success(let siren) = SIREN.validate(text) {
            let ids = try await DirectoryQueries.companies(siren: siren, on: db)
            if ids.count == 1 { return .one(ids[0]) }
        }
        if kind == .contacts, case .success(let email) = EmailAddress.validate(text) {
            let ids = try await DirectoryQueries.contacts(email: email, on: db)
            if ids.count == 1 { return .one(ids[0]) }
        }
        let results = try await SearchIndex.search(text, kinds: [kind.rawValue], limit: 10, on: db)
        let folded = foldForSearch(text)
        let exact = results.filter { foldForSearch($0.title) == folded }
        if exact.count == 1 { return .one(exact[0].recordID) }
        if results.count == 1 { return .one(results[0].recordID) }
        return results.isEmpty ? .none : .many(results)
    }
}
