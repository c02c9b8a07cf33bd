import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import SQLKit
import Vapor

/// The Projects demo: the seed's examples (a training session « Formation HTML », « Extranet client /
/// Mes Beaux Sapins », a private lawyer's file), a template, and won sales and purchases for margins.
enum ProjectsDemo {
    @Sendable static func load(_ app: Application) async throws -> [String] {
        let sql = try TableStore.sqlDatabase(app.db)
        guard try await sql.raw("SELECT COUNT(*) AS n FROM projects").first()?.decode(column: "n", as: Int.self) == 0 else { return [] }
        let now = app.comptoir.clock.now()
        let ids = app.comptoir.ids
        let users = try await User.query(on: app.db).filter(\.$active == true).sort(\.$email).all().compactMap(\.id)
        guard let lead = users.first else { return [] }
        let today = CalendarDay(now)
        let spec = ProjectsEntity.definition.tableSpec
        let sapinsID = try await app.db.transaction { db -> UUID in
            let sql = try TableStore.sqlDatabase(db)
            func project(_ title: String, code: String, visibility: String, template: Bool = false, starts: CalendarDay, ends: CalendarDay?) async throws -> UUID {
                let id = ids.next()
                try await TableStore.insert(spec, id: id, values: [
                    "title": .text(title), "code": .text(code), "status": .text("open"), "visibility": .text(visibility), "is_template": .bool(template),
                    "starts_on": .text(starts.isoString), "ends_on": ends.map { .text($0.isoString) } ?? .null, "owner_id": .uuid(lead),
                    "sales_total": .int(0), "purchases_total": .int(0), "margin": .int(0), "archived": .bool(false),
                    "created_at": .date(now), "updated_at": .date(now),
                ], on: db)
                try await sql.raw("INSERT INTO project_users (id, project_id, user_id, role, created_at) VALUES (\(bind: ids.next()), \(bind: id), \(bind: lead), 'Responsable', \(bind: now))").run()
                return id
            }
            let training = try await project("Formation HTML", code: "FORM-HTML", visibility: "public", starts: today, ends: today.adding(days: 240))
            let sapins = try await project("Extranet client / Mes Beaux Sapins", code: "EXT-SAPINS", visibility: "public", starts: today.adding(days: -60), ends: today.adding(days: 300))
            let lawyer = try await project("Dossier Succession Bernard (confidentiel)", code: "AV-2026-014", visibility: "private", starts: today.adding(days: -20), ends: nil)
            _ = try await project("Modèle — session de formation", code: "MODELE-FORM", visibility: "public", template: true, starts: today, ends: today.adding(days: 30))
            try await sql.raw("UPDATE interactions SET project_id = \(bind: training) WHERE subject = 'Formation HTML'").run()
            // Won sales and purchases on a few projects, one of them at a loss.
            let deals = try await sql.raw("SELECT i.id FROM interactions i JOIN pipeline_stages s ON s.id = i.stage_id WHERE s.outcome = 'won' ORDER BY i.id LIMIT 4").all()
                .map { try $0.decode(column: "id", as: UUID.self) }
            for (index, deal) in deals.enumerated() {
                try await sql.raw("UPDATE interactions SET project_id = \(bind: [sapins, training, lawyer, sapins][index]) WHERE id = \(bind: deal)").run()
            }
            let purchaseWon = try await sql.raw("SELECT id FROM pipeline_stages WHERE type_id = \(bind: ActivityDefaults.purchaseTypeID) AND outcome = 'won'").first()?.decode(column: "id", as: UUID.self)
            for (project, amount, subject) in [(sapins, Int64(420_000), "Impression des affiches"), (training, Int64(5_200_000), "Location de salle et traiteur")] {
                try await TableStore.insert(InteractionsEntity.definition.tableSpec, id: ids.next(), values: [
                    "type_id": .uuid(ActivityDefaults.purchaseTypeID), "subject": .text(subject), "stage_id": purchaseWon.map { .uuid($0) } ?? .null,
                    "amount": .int(amount), "project_id": .uuid(project), "owner_id": .uuid(lead), "all_day": .bool(false), "done": .bool(true),
                    "archived": .bool(false), "created_at": .date(now), "updated_at": .date(now),
                ], on: db)
            }
            if let company = try await sql.raw("SELECT id FROM companies ORDER BY name LIMIT 1").first()?.decode(column: "id", as: UUID.self) {
                try await sql.raw("INSERT INTO project_companies (id, project_id, company_id, role, created_at) VALUES (\(bind: ids.next()), \(bind: sapins), \(bind: company), 'Client', \(bind: now))").run()
            }
            for id in [training, sapins, lawyer] { try await ProjectAnalytics.refresh(id, on: db) }
            return sapins
        }
        // The agency's client, a read-only guest of its extranet, seeing meetings, e-mails and notes only.
        let service = AccountService(db: app.db, clock: app.comptoir.clock, bcryptCost: app.comptoir.bcryptCost)
        let email = "client@mesbeauxsapins.fr"
        if try await User.find(email: email, on: app.db) == nil {
            let guest = try await service.createUser(
                email: email, name: "Mes Beaux Sapins (client)", password: DemoData.demoPassword, role: .guest, readOnly: true, by: .system)
            guest.defaultProjectID = sapinsID
            guest.allowedTypeIDs = ["Rendez-vous", "E-mail", "Note"].compactMap { name in
                try? ActivityDefaults.types.first { $0.1 == name }.map { ActivityDefaults.id($0.0).uuidString.lowercased() }
            }.joined(separator: "\n")
            guest.sessionHours = 8
            try await guest.update(on: app.db)
            try await sql.raw("INSERT INTO project_users (id, project_id, user_id, role, created_at) VALUES (\(bind: ids.next()), \(bind: sapinsID), \(bind: guest.requireID()), 'Client (extranet)', \(bind: now))").run()
        }
        return [
            "  Projets : « Formation HTML », « Extranet client / Mes Beaux Sapins », un dossier privé, un modèle.",
            "  Extranet : \(email) (invité en lecture seule, mot de passe : \(DemoData.demoPassword)).",
        ]
    }
}
