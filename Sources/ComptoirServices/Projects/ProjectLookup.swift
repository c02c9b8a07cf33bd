import ComptoirStore
import Foundation

/// Finds the project a user typed, among those they may see.
public enum ProjectLookup {
    /// The projects matching `raw` (id, code, or part of the title); one exact title wins.
    public static func resolve(_ raw: String, _ context: ServiceContext) async throws -> [(UUID, String)] {
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return [] }
        let user = context.seesEverything ? nil : (context.actor?.userID ?? UUID())
        let rows = try await ProjectQueries.find(text, visibleTo: user, on: context.db)
        if UUID(uuidString: text) == nil, let exact = rows.first(where: { $0.1.lowercased() == text.lowercased() }) { return [exact] }
        return rows
    }

    /// Whether the actor may see this project; `asGuest` limits a guest to the projects they are a member of.
    public static func canSee(_ project: UUID, _ context: ServiceContext, asGuest: Bool = false) async throws -> Bool {
        if context.seesEverything { return true }
        guard let actor = context.actor else { return false }
        return try await ProjectAccess.canSee(project, user: actor.userID, guest: asGuest && actor.isGuest, on: context.db)
    }
}
