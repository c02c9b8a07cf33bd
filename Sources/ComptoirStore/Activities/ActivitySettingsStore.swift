import FluentKit
import Foundation
import SQLKit

/// An interaction type (« Appel », « Vente »…).
public struct InteractionTypeRecord: Sendable, Hashable {
    public var id: UUID
    public var name: String
    public var hasPipeline: Bool
    public var active: Bool
}

/// A stage of a pipeline type (« Vente - 1 - Prise de contact »…).
public struct PipelineStageRecord: Sendable, Hashable {
    public var id: UUID
    public var typeID: UUID
    public var name: String
    public var position: Int64
    public var probability: Int64
    public var outcome: String
    public var active: Bool
}

/// A bookable resource, as choosers list it.
public struct ResourceChoice: Sendable, Hashable {
    public var id: UUID
    public var name: String
}

/// Reads of the Activities settings: interaction types, pipeline stages, resources.
public enum ActivitySettingsStore {
    public static func types(on db: any Database) async throws -> [InteractionTypeRecord] {
        try await TableStore.sqlDatabase(db).raw("SELECT id, name, has_pipeline, active FROM interaction_types ORDER BY position, name")
            .all().map {
                InteractionTypeRecord(
                    id: try $0.decode(column: "id", as: UUID.self), name: try $0.decode(column: "name", as: String.self),
                    hasPipeline: try $0.decode(column: "has_pipeline", as: Bool.self),
                    active: try $0.decode(column: "active", as: Bool.self))
            }
    }

    public static func stages(on db: any Database) async throws -> [PipelineStageRecord] {
        try await TableStore.sqlDatabase(db).raw(
            """
            SELECT id, type_id, name, position, probability, outcome, active FROM pipeline_stages ORDER BY position, name
            """
        ).all().map {
            PipelineStageRecord(
                id: try $0.decode(column: "id", as: UUID.self), typeID: try $0.decode(column: "type_id", as: UUID.self),
                name: try $0.decode(column: "name", as: String.self), position: try $0.decode(column: "position", as: Int64.self),
                probability: try $0.decode(column: "probability", as: Int64.self),
                outcome: try $0.decode(column: "outcome", as: String.self),
                active: try $0.decode(column: "active", as: Bool.self))
        }
    }

    /// The types with this name, whatever its case (names are unique that way).
    public static func types(named name: String, on db: any Database) async throws -> [UUID] {
        try await TableStore.sqlDatabase(db).raw("SELECT id FROM interaction_types WHERE LOWER(name) = \(bind: name.lowercased())").all()
            .map { try $0.decode(column: "id", as: UUID.self) }
    }

    /// Whether the type is tracked by stages; nil when there is no such type.
    public static func hasPipeline(_ type: UUID, on db: any Database) async throws -> Bool? {
        try await TableStore.sqlDatabase(db).raw("SELECT has_pipeline FROM interaction_types WHERE id = \(bind: type)").first()?
            .decode(column: "has_pipeline", as: Bool.self)
    }

    /// The active resources, by name.
    public static func activeResources(on db: any Database) async throws -> [ResourceChoice] {
        try await TableStore.sqlDatabase(db).raw("SELECT id, name FROM resources WHERE active = \(bind: true) ORDER BY name").all().map {
            ResourceChoice(id: try $0.decode(column: "id", as: UUID.self), name: try $0.decode(column: "name", as: String.self))
        }
    }

    public static func resourceName(_ id: UUID, on db: any Database) async throws -> String? {
        try await TableStore.sqlDatabase(db).raw("SELECT name FROM resources WHERE id = \(bind: id)").first()?.decode(
            column: "name", as: String.self)
    }
}
