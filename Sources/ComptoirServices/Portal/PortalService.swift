import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation

/// The extranet portal (« Extranet »): what a guest (or a staff member) sees of the projects open to them, and
/// the interactions they add there. Visibility is the projects' and interactions' own row scopes.
public enum PortalService {
    /// One project as the portal shows it.
    public struct ProjectView: Sendable {
        public var project: TableRow
        public var members: [ProjectMembers.Member]
        /// The project's interactions the actor may see (a guest: the types allowed to them).
        public var interactions: [TableRow]
        /// Files attached to each of those interactions.
        public var files: [UUID: [AttachmentRecord]]
        public var catalog: ActivityCatalog
    }

    /// The live projects open to the actor (at most 200).
    public static func projects(_ context: ServiceContext) async throws -> [TableRow] {
        let definition = try await ProjectsEntity.definition.resolved(for: context)
        var parameters = EntityService.ListParameters(filters: ["archived": "false"])
        parameters.limit = 200
        return try await EntityService(definition, context).list(parameters).rows
    }

    /// A project open to the actor, its members, its interactions and their files (404 when not open to them).
    public static func project(_ id: UUID, _ context: ServiceContext) async throws -> ProjectView {
        let project = try await EntityService(try await ProjectsEntity.definition.resolved(for: context), context).get(id)
        let members = try await ProjectMembers.list(project.id, on: context.db)
        let definition = try await InteractionsEntity.definition.resolved(for: context)
        var parameters = EntityService.ListParameters(filters: ["projectId": project.id.uuidString.lowercased()])
        parameters.limit = 200
        let items = try await EntityService(definition, context).list(parameters).rows
        var files: [UUID: [AttachmentRecord]] = [:]
        for item in items {
            files[item.id] = try await AttachmentStore.list(ownerKind: "interactions", ownerID: item.id, on: context.db)
        }
        return ProjectView(
            project: project, members: members, interactions: items, files: files, catalog: try await ActivityCatalog.load(context.db))
    }

    /// Adds an interaction to a project open to the actor, with the interactions' own rules (allowed types,
    /// read-only accounts). `values` holds the form's `typeId`, `subject`, `description` and `startsAt`.
    @discardableResult
    public static func addInteraction(to projectID: UUID, _ values: [String: String], _ context: ServiceContext) async throws -> TableRow {
        let project = try await EntityService(try await ProjectsEntity.definition.resolved(for: context), context).get(projectID)
        var input = values.filter { ["typeId", "subject", "description", "startsAt"].contains($0.key) }
        input["projectId"] = project.id.uuidString.lowercased()
        let definition = try await InteractionsEntity.definition.resolved(for: context)
        return try await EntityService(definition, context).create(EntityInput(values: input, isPartial: false, omittedMeansDefault: true))
    }
}
