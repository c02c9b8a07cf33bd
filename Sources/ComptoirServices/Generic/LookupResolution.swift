import ComptoirStore
import Foundation

/// What a typed reference (a name, a SIRET, an e-mail, an id) resolves to.
public enum LookupResolution: Sendable {
    case none
    case one(UUID)
    case many([SearchResult])
}
