import ComptoirCore
import ComptoirStore
import Foundation

/// « Campagne de prospection » as a typed aggregate: read from its row into named, typed parts (the targets'
/// assignment rule as an enum, the run state), with its rules as functions. `CampaignsEntity` stays the form
/// and list of the record (master data); what the campaign *does* — run — goes through `CampaignService`.
public struct ProspectingCampaign: Sendable, Hashable {
    /// Who each created interaction is assigned to (« Attribuer à »).
    public enum Assignment: Sendable, Hashable {
        /// « Le responsable de la fiche »: the target's own owner.
        case recordOwner
        /// « Un utilisateur »: one user for every target.
        case user(UUID?)
        /// « À tour de rôle »: these users in turn, in their order.
        case roundRobin([UUID])
    }

    /// Where the campaign is in its life.
    public enum State: Sendable, Hashable {
        case neverRun
        case ran(lastAt: Date)

        public var lastRunAt: Date? {
            if case .ran(let date) = self { return date }
            return nil
        }
    }

    public let id: UUID
    public var name: String
    public var segmentID: UUID
    public var typeID: UUID
    /// The starting stage; nil: the type's first (for a pipeline type), none otherwise.
    public var stageID: UUID?
    public var subject: String
    public var dueDate: CalendarDay?
    public var assignment: Assignment
    public private(set) var state: State

    public init(_ record: CampaignRecord) {
        id = record.id
        name = record.name
        segmentID = record.segmentID
        typeID = record.typeID
        stageID = record.stageID
        subject = record.subject
        dueDate = record.dueDate.flatMap(CalendarDay.init(parsing:))
        switch record.assignment {
        case "user": assignment = .user(record.assigneeID)
        case "roundRobin":
            assignment = .roundRobin((record.roundRobin ?? "").split(separator: "\n").compactMap { UUID(uuidString: String($0)) })
        default: assignment = .recordOwner
        }
        state = record.lastRunAt.map { .ran(lastAt: $0) } ?? .neverRun
    }

    /// The campaign can create interactions: its type is still active, and its stage (if any) an active stage of that type.
    public func checkRunnable(_ catalog: ActivityCatalog) throws {
        guard let type = catalog.type(typeID), type.active else {
            throw AppError.validation([
                "typeId": [
                    L("Le type d'interaction de la campagne n'est plus actif.", "The campaign's interaction type is no longer active.")
                ]
            ])
        }
        if let stageID {
            guard let stage = catalog.stage(stageID), stage.typeID == type.id, stage.active else {
                throw AppError.validation([
                    "stageId": [
                        L("L'étape de départ de la campagne n'est plus active.", "The campaign's starting stage is no longer active.")
                    ]
                ])
            }
        }
    }

    /// The owner of the `turn`-th interaction created in a run, for a target owned by `targetOwner`; nil leaves the
    /// choice to the interactions' rule (the user running the campaign).
    public func owner(turn: Int, targetOwner: UUID?) -> UUID? {
        switch assignment {
        case .recordOwner: return targetOwner
        case .user(let user): return user
        case .roundRobin(let users): return users.isEmpty ? nil : users[turn % users.count]
        }
    }

    /// What the interaction form receives for one target: the values a user would type for it.
    public func interactionInput(owner: UUID?, company: UUID?) -> EntityInput {
        var values = ["typeId": typeID.uuidString.lowercased(), "subject": subject]
        if let stageID { values["stageId"] = stageID.uuidString.lowercased() }
        if let dueDate { values["dueDate"] = dueDate.isoString }
        if let owner { values["ownerId"] = owner.uuidString.lowercased() }
        if let company { values["companyId"] = company.uuidString.lowercased() }
        return EntityInput(values: values, isPartial: false, omittedMeansDefault: true)
    }

    /// Transition: the campaign ran (a page of its targets) at `date`. A clock behind the last run (another
    /// instance's) does not move it back.
    public mutating func recordRun(at date: Date) {
        state = .ran(lastAt: max(date, state.lastRunAt ?? date))
    }
}
