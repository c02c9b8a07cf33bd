import Foundation

/// The entry point callers used before `CampaignService.run` (the demo loader): runs the campaign, returns how many
/// interactions it created.
public struct CampaignRunner: Sendable {
    public let context: ServiceContext

    public init(context: ServiceContext) { self.context = context }

    public func run(_ id: UUID) async throws -> Int {
        try await CampaignService(context).run(id).created
    }
}
