import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation

/// The Activities demo: deals over every stage of « Vente », follow-ups due this week, three
/// resources, the seed's recurring « Formation HTML » in « Local 321 », and a campaign under way.
enum ActivitiesDemo {
    @Sendable static func load(_ context: ServiceContext) async throws -> [String] {
        guard try await EntityService(InteractionsEntity.definition, context).count(.init()) == 0 else { return [] }
        let staff = try await DemoData.staff(context)
        guard !staff.isEmpty else { return [] }
        return try await context.transaction { context in try await create(context, staff: staff) }
    }

    private static func create(_ context: ServiceContext, staff: [User]) async throws -> [String] {
        let now = context.now
        let today = CalendarDay(now)
        let users = staff.compactMap(\.id)
        let companies = try await EntityService(CompaniesEntity.definition, context).list(.init(sort: "name", limit: 120)).rows
            .map { (id: $0.id, name: $0["name"].textValue ?? "") }
        let contacts = try await EntityService(ContactsEntity.definition, context).list(.init(sort: "lastName", limit: 200)).rows.map(\.id)
        let catalog = try await ActivityCatalog.load(context.db)
        let saleStages = catalog.stages(of: ActivityDefaults.saleTypeID)
        let typeIDs = Dictionary(catalog.types.map { ($0.name, $0.id) }, uniquingKeysWith: { a, _ in a })
        func typeID(_ name: String) -> String { FormText.id(typeIDs[name] ?? ActivityDefaults.saleTypeID) }
        let interactions = try await InteractionsEntity.definition.resolved(for: context)
        /// Creates an interaction as `writer` would from the form.
        func create(_ values: [String: String], _ writer: ServiceContext) async throws -> UUID {
            try await EntityService(interactions, writer).create(EntityInput(values: values, isPartial: false)).id
        }

        // Resources.
        let resourceDefinition = try await ResourcesEntity.definition.resolved(for: context)
        var resources: [String: UUID] = [:]
        for (name, kind, capacity, location) in [
            ("Local 321", "room", "12", "3e étage"), ("Peugeot Partner AB-123-CD", "vehicle", "2", "Parking"),
            ("Vidéoprojecteur Epson", "equipment", "", "Armoire de la salle 321"),
        ] {
            resources[name] = try await EntityService(resourceDefinition, context).create(
                EntityInput(
                    values: [
                        "name": name, "kind": kind, "capacity": capacity, "location": location, "active": "true",
                    ], isPartial: false)
            ).id
        }

        // Deals over every stage, each entered by its owner on its day in the past.
        let subjects = [
            "Contrat multirisque professionnelle", "Renouvellement flotte automobile", "Audit des contrats santé", "Refonte du site web",
            "Formation bureautique", "Maintenance annuelle", "Assurance habitation", "Placement assurance-vie",
        ]
        for (index, company) in companies.prefix(42).enumerated() {
            let stage = saleStages[index % saleStages.count]
            let owner = staff[index % staff.count]
            let writer = try context.writing(as: owner, .activities).at(now.addingTimeInterval(-Double(index) * 86_400 * 2))
            let deal = try await create(
                [
                    "typeId": FormText.id(ActivityDefaults.saleTypeID), "subject": "\(subjects[index % subjects.count]) — \(company.name)",
                    "companyId": FormText.id(company.id), "stageId": FormText.id(stage.id),
                    "amount": Money(minorUnits: Int64(1_500 + (index * 7_919) % 48_000) * 100).decimalString,
                    "ownerId": FormText.id(users[index % users.count]),
                    "dueDate": today.adding(days: 5 + index % 40).isoString, "done": FormText.bool(stage.outcome != "open"),
                ], writer)
            if let contact = contacts.dropFirst(index).first {
                try await InteractionService(writer).setLinks(deal, "interaction_contacts", "contact_id", to: [contact])
            }
        }

        // Follow-ups due this week, and a few overdue.
        for (index, company) in companies.dropFirst(50).prefix(10).enumerated() {
            let day = today.adding(days: index - 3)
            let start = day.startDate().addingTimeInterval(Double(9 + index % 8) * 3600)
            _ = try await create(
                [
                    "typeId": typeID(index % 2 == 0 ? "Appel" : "Rendez-vous"), "subject": "Rappeler \(company.name)",
                    "companyId": FormText.id(company.id), "startsAt": ISO8601.string(start),
                    "endsAt": ISO8601.string(start.addingTimeInterval(1800)),
                    "dueDate": day.isoString, "ownerId": FormText.id(users[index % users.count]),
                ], try context.writing(as: staff[index % staff.count], .activities))
        }

        // The seed's « Formation HTML »: every Monday and Wednesday from 1 to 30 June, 9:00–12:00, in « Local 321 »,
        // which books the room for each session.
        let year = today.month <= 6 ? today.year : today.year + 1
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .paris
        let start = calendar.date(from: DateComponents(year: year, month: 6, day: 1, hour: 9))!
        let firstSession =
            (0..<7).map { start.addingTimeInterval(Double($0) * 86_400) }.first {
                let weekday = CalendarDay($0).weekday
                return weekday == 1 || weekday == 3
            } ?? start
        let until = calendar.date(from: DateComponents(year: year, month: 6, day: 30, hour: 23, minute: 59, second: 59))!
        let rule = try RecurrenceRule(frequency: .weekly, byDay: [.init(.monday), .init(.wednesday)], until: until)
        let trainer = try context.writing(as: staff[0], .activities)
        let training = try await create(
            [
                "typeId": typeID("Formation"), "subject": "Formation HTML", "location": "Local 321",
                "startsAt": ISO8601.string(firstSession), "endsAt": ISO8601.string(firstSession.addingTimeInterval(3 * 3600)),
                "rrule": rule.rruleString, "ownerId": FormText.id(users[0]),
            ], trainer)
        let sessions = InteractionService(trainer)
        try await sessions.setLinks(training, "interaction_resources", "resource_id", to: [resources["Local 321"]!])
        try await sessions.setLinks(training, "interaction_participants", "user_id", to: Set(users.prefix(3)))
        var lines = ["  Activités : 42 affaires, 10 suivis, 3 ressources, « Formation HTML » (juin \(year), Local 321)."]

        // A prospecting campaign under way, on the demo segment « Prospects habitation », run by an administrator;
        // each assignee has made a third of their calls.
        let segment = try await EntityService(SegmentsEntity.definition, context).list(.init(q: "Prospects habitation")).rows
            .first { $0["name"].textValue == "Prospects habitation" }
        if let segment {
            let campaigns = try await CampaignsEntity.definition.resolved(for: context)
            let campaign = try await EntityService(campaigns, context).create(
                EntityInput(
                    values: [
                        "name": "Relance assurance habitation", "segmentId": FormText.id(segment.id), "typeId": typeID("Appel"),
                        "subject": "Proposer un devis habitation", "assignment": "roundRobin",
                        "roundRobin": users.prefix(3).map(FormText.id).joined(separator: "\n"),
                    ], isPartial: false)
            ).id
            if let admin = try await User.query(on: context.db).filter(\.$role == User.Role.admin.rawValue).filter(\.$active == true)
                .first()
            {
                let created = try await CampaignRunner(context: try context.writing(as: admin, .activities)).run(campaign)
                var calls: [TableRow] = []
                var parameters = EntityService.ListParameters(limit: 500, filters: ["campaignId": FormText.id(campaign)])
                repeat {
                    let page = try await EntityService(interactions, context).list(parameters)
                    calls += page.rows
                    parameters.cursor = page.nextCursor
                } while parameters.cursor != nil
                let byID = Dictionary(staff.compactMap { user in user.id.map { ($0, user) } }, uniquingKeysWith: { first, _ in first })
                for call in calls.sorted(by: { $0.id.uuidString < $1.id.uuidString }).prefix(created / 3) {
                    let writer =
                        try call["owner_id"].uuidValue.flatMap { byID[$0] }.map { try context.writing(as: $0, .activities) } ?? context
                    try await InteractionService(writer).markDone(call.id, true)
                }
                lines.append("  Campagne « Relance assurance habitation » : \(created) appels, un tiers faits.")
            }
        }
        return lines
    }
}
