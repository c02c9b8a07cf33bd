import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation

/// Bookable resources: their coming bookings and « Trouver une salle libre ».
public struct ResourceService: Sendable {
    public let context: ServiceContext

    public init(_ context: ServiceContext) { self.context = context }

    /// The active resources, by name: what an interaction may book, what an agenda may show.
    public func active() async throws -> [ResourceChoice] {
        try context.authorize(.read, .activities)
        return try await ActivitySettingsStore.activeResources(on: context.db)
    }

    /// The next 50 bookings of a resource; those of private projects the actor may not see have no subject.
    public func comingBookings(_ resource: UUID) async throws -> [ResourceBooking] {
        try context.authorize(.read, .activitySettings)
        return try await BookingStore.coming(resource, after: context.now, viewer: InteractionService.viewer(context), on: context.db)
    }

    /// The active resources of `kind` (any when nil) free over [start, end).
    public func free(kind: String?, from start: Date, to end: Date) async throws -> [FreeResource] {
        try context.authorize(.read, .activitySettings)
        return try await BookingStore.free(kind: kind, from: start, to: end, on: context.db)
    }
}
