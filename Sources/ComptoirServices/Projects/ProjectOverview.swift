import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation

/// What a project's page and the API show beside its fields: analytics, timeline, resources used.
public enum ProjectOverview {
    /// The project's figures, recomputed from every source and stored on its row (404 when the actor may not see it).
    public static func analytics(_ id: UUID, _ context: ServiceContext) async throws -> ProjectAnalytics.Figures {
        let project = try await ProjectMembers.visibleProject(id, context)
        return try await context.transaction { context in try await ProjectAnalytics.refresh(project, on: context.db) }
    }

    /// The live interactions of a project the page already shows, latest first.
    public static func timeline(_ project: UUID, _ context: ServiceContext) async throws -> [ProjectQueries.TimelineItem] {
        try context.authorize(.read, .projects)
        return try await ProjectQueries.timeline(project, limit: 100, on: context.db)
    }

    /// The resources booked by a project's interactions (id, name).
    public static func resources(usedBy project: UUID, _ context: ServiceContext) async throws -> [(UUID, String)] {
        try context.authorize(.read, .projects)
        return try await ProjectQueries.resources(usedBy: project, on: context.db)
    }
}
