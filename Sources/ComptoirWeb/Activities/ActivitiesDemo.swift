import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import SQLKit
import Vapor

/// The Activities demo: deals over every stage of « Vente », follow-ups due this week, three
/// resources, the seed's recurring « Formation HTML » in « Local 321 », and a campaign under way.
enum ActivitiesDemo {
    @Sendable static func load(_ app: Application) async throws -> [String] {
        let sql = try TableStore.sqlDatabase(app.db)
        guard try await sql.raw("SELECT COUNT(*) AS n FROM interactions").first()?.decode(column: "n", as: Int.self) == 0 else { return [] }
        let now = app.comptoir.clock.now()
        let ids = app.comptoir.ids
        let today = CalendarDay(now)
        let users = try await User.query(on: app.db).filter(\.$active == true).sort(\.$email).all().compactMap(\.id)
        guard !users.isEmpty else { return [] }
        let companies = try await sql.raw("SELECT id, name, owner_id FROM companies ORDER BY name LIMIT 120").all()
            .map { (try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "name", as: String.self)) }
        let contacts = try await sql.raw("SELECT id FROM contacts ORDER BY last_name LIMIT 200").all().map { try $0.decode(column: "id", as: UUID.self) }
        let catalog = try await ActivityCatalog.load(app.db)
        let saleStages = catalog.stages(of: ActivityDefaults.saleTypeID)
        let typeIDs = Dictionary(catalog.types.map { ($0.name, $0.id) }, uniquingKeysWith: { a, _ in a })
        @Sendable func typeID(_ name: String) -> UUID { typeIDs[name] ?? ActivityDefaults.saleTypeID }
        let spec = InteractionsEntity.definition.tableSpec
        var lines: [String] = try await app.db.transaction { db -> [String] in
            let sql = try TableStore.sqlDatabase(db)
            // Resources.
            var resources: [String: UUID] = [:]
            for (name, kind, capacity, location) in [
                ("Local 321", "room", Int64(12), "3e étage"), ("Peugeot Partner AB-123-CD", "vehicle", Int64(2), "Parking"),
                ("Vidéoprojecteur Epson", "equipment", nil, "Armoire de la salle 321"),
            ] as [(String, String, Int64?, String)] {
                let id = ids.next()
                resources[name] = id
                try await TableStore.insert(ResourcesEntity.definition.tableSpec, id: id, values: [
                    "name": .text(name), "kind": .text(kind), "capacity": capacity.map { .int($0) } ?? .null, "location": .text(location),
                    "active": .bool(true), "created_at": .date(now), "updated_at": .date(now),
                ], on: db)
            }
            func insert(_ values: [String: FieldValue]) async throws -> UUID {
                let id = ids.next()
                var row = values
                for (key, value) in ["all_day": FieldValue.bool(false), "done": .bool(false), "archived": .bool(false), "created_at": .date(now), "updated_at": .date(now)]
                    where row[key] == nil { row[key] = value }
                try await TableStore.insert(spec, id: id, values: row, on: db)
                try await AgendaBounds.refresh([id], on: db)
                return id
            }
            // Deals over every stage.
            let subjects = ["Contrat multirisque professionnelle", "Renouvellement flotte automobile", "Audit des contrats santé", "Refonte du site web",
                            "Formation bureautique", "Maintenance annuelle", "Assurance habitation", "Placement assurance-vie"]
            for (index, company) in companies.prefix(42).enumerated() {
                let stage = saleStages[index % saleStages.count]
                let created = now.addingTimeInterval(-Double(index) * 86_400 * 2)
                let id = try await insert([
                    "type_id": .uuid(ActivityDefaults.saleTypeID), "subject": .text("\(subjects[index % subjects.count]) — \(company.1)"),
                    "company_id": .uuid(company.0), "stage_id": .uuid(stage.id), "stage_changed_at": .date(created),
                    "amount": .int(Int64(1_500 + (index * 7_919) % 48_000) * 100), "owner_id": .uuid(users[index % users.count]),
                    "due_date": .text(today.adding(days: 5 + index % 40).isoString), "done": .bool(stage.outcome != "open"),
                    "created_at": .date(created),
                ])
                try await InteractionService.recordStage(id, stage.id, at: created, by: users[index % users.count], on: db)
                if let contact = contacts.dropFirst(index).first {
                    try await sql.raw("INSERT INTO interaction_contacts (id, interaction_id, contact_id) VALUES (\(bind: ids.next()), \(bind: id), \(bind: contact))").run()
                }
            }
            // Follow-ups due this week, and a few overdue.
            for (index, company) in companies.dropFirst(50).prefix(10).enumerated() {
                let day = today.adding(days: index - 3)
                let start = day.startDate().addingTimeInterval(Double(9 + index % 8) * 3600)
                _ = try await insert([
                    "type_id": .uuid(typeID(index % 2 == 0 ? "Appel" : "Rendez-vous")), "subject": .text("Rappeler \(company.1)"),
                    "company_id": .uuid(company.0), "starts_at": .date(start), "ends_at": .date(start.addingTimeInterval(1800)),
                    "due_date": .text(day.isoString), "owner_id": .uuid(users[index % users.count]),
                ])
            }
            // The seed's « Formation HTML »: every Monday and Wednesday from 1 to 30 June, 9:00–12:00, in « Local 321 ».
            let year = today.month <= 6 ? today.year : today.year + 1
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = .paris
            let start = calendar.date(from: DateComponents(year: year, month: 6, day: 1, hour: 9))!
            let firstSession = (0..<7).map { start.addingTimeInterval(Double($0) * 86_400) }.first {
                let weekday = CalendarDay($0).weekday
                return weekday == 1 || weekday == 3
            } ?? start
            let until = calendar.date(from: DateComponents(year: year, month: 6, day: 30, hour: 23, minute: 59, second: 59))!
            let rule = try RecurrenceRule(parsing: "FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=" + RecurrenceUntil.string(until))
            let training = try await insert([
                "type_id": .uuid(typeID("Formation")), "subject": .text("Formation HTML"), "location": .text("Local 321"),
                "starts_at": .date(firstSession), "ends_at": .date(firstSession.addingTimeInterval(3 * 3600)), "rrule": .text(rule.rruleString),
                "owner_id": .uuid(users[0]),
            ])
            let room = resources["Local 321"]!
            try await sql.raw("INSERT INTO interaction_resources (id, interaction_id, resource_id) VALUES (\(bind: ids.next()), \(bind: training), \(bind: room))").run()
            for occurrence in RecurrenceSeries(start: firstSession, duration: 3 * 3600, rule: rule).occurrences(from: firstSession, to: until) {
                try await sql.raw("""
                    INSERT INTO resource_bookings (id, resource_id, interaction_id, starts_at, ends_at)
                    VALUES (\(bind: ids.next()), \(bind: room), \(bind: training), \(bind: occurrence.start), \(bind: occurrence.end))
                    """).run()
            }
            for user in users.prefix(3) {
                try await sql.raw("INSERT INTO interaction_participants (id, interaction_id, user_id) VALUES (\(bind: ids.next()), \(bind: training), \(bind: user))").run()
            }
            return ["  Activités : 42 affaires, 10 suivis, 3 ressources, « Formation HTML » (juin \(year), Local 321)."]
        }
        // A prospecting campaign under way, on the demo segment « Prospects habitation ».
        if let segment = try await sql.raw("SELECT id FROM segments WHERE name = 'Prospects habitation'").first()?.decode(column: "id", as: UUID.self) {
            let id = ids.next()
            try await TableStore.insert(CampaignsEntity.definition.tableSpec, id: id, values: [
                "name": .text("Relance assurance habitation"), "segment_id": .uuid(segment), "type_id": .uuid(typeID("Appel")), "stage_id": .null,
                "subject": .text("Proposer un devis habitation"), "assignment": .text("roundRobin"),
                "round_robin": .text(users.prefix(3).map { $0.uuidString.lowercased() }.joined(separator: "\n")),
                "created_at": .date(now), "updated_at": .date(now),
            ], on: app.db)
            if let admin = try await User.query(on: app.db).filter(\.$role == "admin").filter(\.$active == true).first() {
                let context = app.systemContext("demo").acting(as: try Actor(user: admin, channel: .token(id: UUID())))
                let created = try await CampaignRunner(context: context).run(id)
                try await sql.raw("""
                    UPDATE interactions SET done = \(bind: true), done_at = \(bind: now)
                    WHERE id IN (SELECT id FROM interactions WHERE campaign_id = \(bind: id) ORDER BY id LIMIT \(bind: created / 3))
                    """).run()
                lines.append("  Campagne « Relance assurance habitation » : \(created) appels, un tiers faits.")
            }
        }
        return lines
    }
}
