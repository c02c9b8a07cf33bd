import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation

/// One result of the global search.
public struct SearchHit: Sendable, Hashable {
    public var id: UUID
    public var title: String
    public var subtitle: String
    /// The record's page.
    public var path: String

    public init(id: UUID, title: String, subtitle: String, path: String) {
        self.id = id
        self.title = title
        self.subtitle = subtitle
        self.path = path
    }
}

/// A kind of record the global search looks into; modules add theirs as they land. Each provider is asked only
/// when the policy lets the actor read its module, and reads through its module's own visibility rules.
public struct SearchProvider: Sendable {
    public var kind: String
    public var label: Localized
    public var module: PermissionModule
    public var search: @Sendable (_ text: String, _ context: ServiceContext, _ limit: Int) async throws -> [SearchHit]

    public init(
        kind: String, label: Localized, module: PermissionModule,
        search: @escaping @Sendable (_ text: String, _ context: ServiceContext, _ limit: Int) async throws -> [SearchHit]
    ) {
        self.kind = kind
        self.label = label
        self.module = module
        self.search = search
    }
}

/// The results of one kind.
public struct SearchGroup: Sendable {
    public var kind: String
    public var label: Localized
    public var hits: [SearchHit]
}

/// The global search (« Recherche ») and the typeahead: every kind the actor may read, each through its
/// module's rules (private projects through `ProjectAccess`, like every other list).
public struct SearchService: Sendable {
    public let context: ServiceContext

    public init(_ context: ServiceContext) { self.context = context }

    public static let providers: [SearchProvider] = [
        directory("companies", L("Sociétés", "Companies")),
        directory("contacts", L("Contacts", "Contacts")),
        SearchProvider(kind: "projects", label: L("Projets", "Projects"), module: .projects) { text, context, limit in
            try await ProjectLookup.resolve(text, context).prefix(limit).map {
                SearchHit(id: $0.0, title: $0.1, subtitle: "", path: "/projects/\($0.0.uuidString.lowercased())")
            }
        },
        SearchProvider(kind: "interactions", label: L("Interactions et affaires", "Interactions and deals"), module: .activities) {
            text, context, limit in
            try await interactions(text, context, limit)
        },
        SearchProvider(kind: "products", label: L("Produits", "Products"), module: .catalog) { text, context, limit in
            try await SearchIndex.search(text, kinds: ["products"], limit: limit, on: context.db).map {
                SearchHit(id: $0.recordID, title: $0.title, subtitle: $0.subtitle, path: "/products/\($0.recordID.uuidString.lowercased())")
            }
        },
        SearchProvider(kind: "serial-numbers", label: L("Numéros de série", "Serial numbers"), module: .catalog) { text, context, limit in
            let serial = text.fastTrimmed
            guard serial.count >= 2 else { return [] }
            return try await SerialStore.search(serial, limit: limit, on: context.db).map {
                SearchHit(
                    id: $0.serial.id, title: $0.serial.serial, subtitle: "\($0.productReference) — \($0.productName)",
                    path: "/serial-numbers/\($0.serial.id.uuidString.lowercased())")
            }
        },
        SearchProvider(kind: "users", label: L("Utilisateurs", "Users"), module: .accounts) { text, context, limit in
            let page = try await TableStore.list(
                UsersEntity.definition.tableSpec,
                ListRequest(filters: [.anyContains(["name", "email"], text)], sortColumn: "name", limit: limit), on: context.db)
            return page.rows.map {
                SearchHit(
                    id: $0.id, title: $0["name"].textValue ?? "", subtitle: $0["email"].textValue ?? "",
                    path: UsersEntity.definition.path($0.id))
            }
        },
    ]

    /// Companies and contacts, from the search index (archived and merged records left out).
    private static func directory(_ kind: String, _ label: Localized) -> SearchProvider {
        SearchProvider(kind: kind, label: label, module: .directory) { text, context, limit in
            try await SearchIndex.search(text, kinds: [kind], limit: limit, on: context.db).map {
                SearchHit(id: $0.recordID, title: $0.title, subtitle: $0.subtitle, path: "/\(kind)/\($0.recordID.uuidString.lowercased())")
            }
        }
    }

    /// Interactions and deals from the search index, kept only when the actor may see them: the interactions' own row
    /// scope (private projects, a guest's projects and types), as their lists and pages apply it. Five times the limit
    /// is read from the index, so a few hidden matches do not leave the group short.
    private static func interactions(_ text: String, _ context: ServiceContext, _ limit: Int) async throws -> [SearchHit] {
        let found = try await SearchIndex.search(text, kinds: [InteractionSearch.kind], limit: limit * 5, on: context.db)
        guard !found.isEmpty else { return [] }
        var visible = Set(found.map(\.recordID))
        if let scope = InteractionsEntity.definition.rules.rowScope?(context), !scope.isEmpty {
            let page = try await TableStore.list(
                InteractionsEntity.definition.tableSpec,
                ListRequest(filters: [.idIn(Array(visible))] + scope, sortColumn: "subject", limit: 500), on: context.db)
            visible = Set(page.rows.map(\.id))
        }
        return found.filter { visible.contains($0.recordID) }.prefix(limit).map {
            SearchHit(id: $0.recordID, title: $0.title, subtitle: $0.subtitle, path: "/interactions/\($0.recordID.uuidString.lowercased())")
        }
    }

    /// Results grouped by kind (`kinds`: only those; nil: all), only from modules the actor may read.
    public func search(_ text: String, limit: Int = 10, kinds: Set<String>? = nil) async throws -> [SearchGroup] {
        var groups: [SearchGroup] = []
        for provider in Self.providers where context.allows(.read, provider.module) && (kinds?.contains(provider.kind) ?? true) {
            let hits = try await provider.search(text, context, limit)
            if !hits.isEmpty { groups.append(SearchGroup(kind: provider.kind, label: provider.label, hits: hits)) }
        }
        return groups
    }
}
