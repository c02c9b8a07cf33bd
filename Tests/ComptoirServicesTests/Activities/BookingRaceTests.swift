import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import SQLKit
import Testing

@Suite("Resource bookings, without HTTP")
struct BookingRaceTests {
    /// « Rendez-vous ».
    static let meeting = ActivityDefaults.id(102).uuidString.lowercased()

    /// Two users book the same room for overlapping times at the same moment: exactly one wins, the other gets the
    /// booking rule's error (`booking_conflict`, naming the room), not the database's refusal. A check made outside the
    /// write's transaction, or before its lock, lets both pass it: the database's guard then refuses the second
    /// with a raw error and this test fails.
    @Test func twoConcurrentBookingsOfOneRoomOneWins() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let claire = try await test.user("claire@example.fr")
            let paul = try await test.user("paul@example.fr")
            let room = try await EntityService(ResourcesEntity.definition, test.system())
                .create(EntityInput(values: ["name": "Salle Rhône", "kind": "room"], isPartial: false, omittedMeansDefault: true))
            func meeting(_ context: ServiceContext, _ subject: String, _ day: Int, from: String, to: String) async throws -> UUID {
                let interactions = EntityService(try await InteractionsEntity.definition.resolved(for: context), context)
                return try await interactions.create(
                    EntityInput(
                        values: [
                            "typeId": Self.meeting, "subject": subject, "startsAt": "2026-12-0\(day)T\(from):00Z",
                            "endsAt": "2026-12-0\(day)T\(to):00Z",
                        ],
                        isPartial: false, omittedMeansDefault: true)
                ).id
            }
            // A few rounds, each on its own day: a race lost by chance once still shows.
            for day in 1...4 {
                let first = try await meeting(claire, "Comité \(day)", day, from: "09:00", to: "11:00")
                let second = try await meeting(paul, "Revue \(day)", day, from: "10:00", to: "12:00")
                // act
                let results = await withTaskGroup(of: (any Error)?.self) { group in
                    for (context, interaction) in [(claire, first), (paul, second)] {
                        group.addTask {
                            do {
                                try await InteractionService(context).setLinks(interaction, .resources, to: [room.id])
                                return nil
                            } catch {
                                return error
                            }
                        }
                    }
                    var errors: [(any Error)?] = []
                    for await result in group { errors.append(result) }
                    return errors
                }
                // validate
                let failures = results.compactMap { $0 }
                #expect(results.count == 2)
                #expect(failures.count == 1, "round \(day): \(failures)")
                let refusal = try #require(failures.first as? AppError, "round \(day): \(String(describing: failures.first))")
                #expect(refusal.code == "booking_conflict")
                #expect(refusal.message.fr.contains("Salle Rhône"))
                let booked = try await (test.db as! any SQLDatabase).raw(
                    """
                    SELECT interaction_id FROM resource_bookings WHERE resource_id = \(bind: room.id) AND interaction_id IN (\(bind: first), \(bind: second))
                    """
                ).all().map { try $0.decode(column: "interaction_id", as: UUID.self) }
                #expect(booked.count == 1)
                // The loser wrote nothing: no link to the room either.
                let linked =
                    try await InteractionService(claire).links(first, .resources) + InteractionService(paul).links(second, .resources)
                #expect(linked == [room.id])
            }
        }
    }
}
