import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation

/// The Projects demo: the seed's examples (a training session « Formation HTML », « Extranet client /
/// Mes Beaux Sapins », a private lawyer's file), a template, and won sales and purchases for margins.
enum ProjectsDemo {
    @Sendable static func load(_ context: ServiceContext) async throws -> [String] {
        guard try await EntityService(ProjectsEntity.definition, context).count(.init()) == 0 else { return [] }
        guard let lead = try await DemoData.staff(context).first else { return [] }
        return try await context.transaction { context in try await create(context, lead: lead) }
    }

    private static func create(_ context: ServiceContext, lead: User) async throws -> [String] {
        let leadID = try lead.requireID()
        let today = CalendarDay(context.now)
        // The projects are the lead's: created by them (so they are the first member of each, private ones included).
        let writer = try context.writing(as: lead, .projects)
        let projects = try await ProjectsEntity.definition.resolved(for: writer)
        func project(_ title: String, code: String, visibility: String, template: Bool = false, starts: CalendarDay, ends: CalendarDay?)
            async throws -> UUID
        {
            let id = try await EntityService(projects, writer).create(
                EntityInput(
                    values: [
                        "title": title, "code": code, "status": "open", "visibility": visibility, "isTemplate": FormText.bool(template),
                        "startsOn": starts.isoString, "endsOn": ends?.isoString ?? "", "ownerId": FormText.id(leadID),
                    ], isPartial: false)
            ).id
            if writer.actor == nil {
                try await ProjectMembers.add(.users, leadID, role: L("Responsable", "Owner").fr, to: id, writer)
            }
            return id
        }
        let training = try await project(
            "Formation HTML", code: "FORM-HTML", visibility: "public", starts: today, ends: today.adding(days: 240))
        let sapins = try await project(
            "Extranet client / Mes Beaux Sapins", code: "EXT-SAPINS", visibility: "public", starts: today.adding(days: -60),
            ends: today.adding(days: 300))
        let lawyer = try await project(
            "Dossier Succession Bernard (confidentiel)", code: "AV-2026-014", visibility: "private", starts: today.adding(days: -20),
            ends: nil)
        _ = try await project(
            "Modèle — session de formation", code: "MODELE-FORM", visibility: "public", template: true, starts: today,
            ends: today.adding(days: 30))

        // Interactions filed in the projects: the training's sessions, won deals (one project at a loss) and purchases.
        // Each write refreshes the project's margins, as the form does.
        let interactions = try await InteractionsEntity.definition.resolved(for: writer)
        let service = EntityService(interactions, writer)
        func file(_ interaction: UUID, in project: UUID) async throws {
            _ = try await service.update(interaction, EntityInput(values: ["projectId": FormText.id(project)], isPartial: true))
        }
        for session in try await all(service, .init(q: "Formation HTML")) where session["subject"].textValue == "Formation HTML" {
            try await file(session.id, in: training)
        }
        let catalog = try await ActivityCatalog.load(context.db)
        var won: [TableRow] = []
        for stage in catalog.stages where stage.outcome == "won" {
            won += try await all(service, .init(filters: ["stageId": FormText.id(stage.id)]))
        }
        for (index, deal) in won.sorted(by: { $0.id.uuidString < $1.id.uuidString }).prefix(4).enumerated() {
            try await file(deal.id, in: [sapins, training, lawyer, sapins][index])
        }
        let purchaseWon = catalog.stages(of: ActivityDefaults.purchaseTypeID).first { $0.outcome == "won" }
        for (project, amount, subject) in [
            (sapins, Int64(420_000), "Impression des affiches"), (training, Int64(5_200_000), "Location de salle et traiteur"),
        ] {
            _ = try await service.create(
                EntityInput(
                    values: [
                        "typeId": FormText.id(ActivityDefaults.purchaseTypeID), "subject": subject,
                        "stageId": purchaseWon.map { FormText.id($0.id) } ?? "",
                        "amount": Money(minorUnits: amount).decimalString, "projectId": FormText.id(project),
                        "ownerId": FormText.id(leadID), "done": "true",
                    ], isPartial: false))
        }
        if let company = try await EntityService(CompaniesEntity.definition, context).list(.init(sort: "name", limit: 1)).rows.first {
            try await ProjectMembers.add(.companies, company.id, role: "Client", to: sapins, writer)
        }

        // The agency's client, a read-only guest of its extranet, seeing meetings, e-mails and notes only.
        let email = "client@mesbeauxsapins.fr"
        if try await User.find(email: email, on: context.db) == nil {
            let guest = try await DemoData.accountService(context).createUser(
                email: email, name: "Mes Beaux Sapins (client)", password: DemoData.demoPassword, role: .guest, readOnly: true,
                by: context.auditActor)
            let guestID = try guest.requireID()
            try await ProjectMembers.add(.users, guestID, role: "Client (extranet)", to: sapins, context)
            let allowed = ActivityDefaults.types.filter { ["Rendez-vous", "E-mail", "Note"].contains($0.1) }.map {
                FormText.id(ActivityDefaults.id($0.0))
            }
            let accounts = try await UsersEntity.definition.resolved(for: context)
            _ = try await EntityService(accounts, context).update(
                guestID,
                EntityInput(
                    values: [
                        "defaultProjectId": FormText.id(sapins), "allowedTypeIds": allowed.joined(separator: "\n"), "sessionHours": "8",
                    ], isPartial: true))
        }
        return [
            "  Projets : « Formation HTML », « Extranet client / Mes Beaux Sapins », un dossier privé, un modèle.",
            "  Extranet : \(email) (invité en lecture seule, mot de passe : \(DemoData.demoPassword)).",
        ]
    }

    /// Every row of a list, page after page.
    private static func all(_ service: EntityService, _ first: EntityService.ListParameters) async throws -> [TableRow] {
        var parameters = first
        parameters.limit = 500
        var rows: [TableRow] = []
        repeat {
            let page = try await service.list(parameters)
            rows += page.rows
            parameters.cursor = page.nextCursor
        } while parameters.cursor != nil
        return rows
    }
}
