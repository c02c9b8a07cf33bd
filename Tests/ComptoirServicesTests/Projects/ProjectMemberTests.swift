import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import SQLKit
import Testing

@Suite("Project members and templates, without HTTP")
struct ProjectMemberTests {
    static func project(_ context: ServiceContext, _ values: [String: String]) async throws -> TableRow {
        let projects = EntityService(try await ProjectsEntity.definition.resolved(for: context), context)
        return try await projects.create(EntityInput(values: values, isPartial: false, omittedMeansDefault: true))
    }

    static func contact(_ context: ServiceContext, _ lastName: String) async throws -> UUID {
        let contacts = EntityService(try await ContactsEntity.definition.resolved(for: context), context)
        return try await contacts.create(EntityInput(values: ["lastName": lastName], isPartial: false)).id
    }

    static func links(_ table: String, _ project: UUID, _ test: ServiceTestDatabase) async throws -> Int {
        try await (test.db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM \(ident: table) WHERE project_id = \(bind: project)")
            .first()!
            .decode(column: "n", as: Int.self)
    }

    @Test func concurrentAdditionsOfOneMemberLetExactlyOneWin() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let claire = try await test.user("claire@example.fr")
            let project = try await Self.project(claire, ["title": "Succession Martin", "visibility": "private"])
            for round in 0..<UserWriteTests.rounds {
                let contact = try await Self.contact(claire, "Héritier \(round)")
                let auditBefore = try await test.count("audit_entries")
                // act
                let results = await test.race(claire, writers: UserWriteTests.writers) { context in
                    try await ProjectMembers.addToProject(
                        project.id, kind: "contacts", target: .id(contact.uuidString), role: "Héritier", context)
                }
                // validate
                #expect(results.filter(\.succeeded).count == 1, "round \(round): \(results)")
                for error in results.compactMap(\.error) {
                    let refused = try #require(error as? AppError, "round \(round): \(error)")
                    #expect(refused.code == "already_member")
                }
                #expect(try await Self.links("project_contacts", project.id, test) == round + 1)
                #expect(try await test.count("audit_entries") == auditBefore + 1)
            }
        }
    }

    @Test func addingRemovingAndWhoMay() async throws {
        try await ServiceTestDatabase.run { test in
            let claire = try await test.user("claire@example.fr")
            let bob = try await test.user("bob@example.fr")
            let reader = try await test.user("lecture@example.fr", readOnly: true)
            let secret = try await Self.project(claire, ["title": "Succession Martin", "visibility": "private"])
            let open = try await Self.project(claire, ["title": "Salon des métiers", "visibility": "public"])
            // The creator is the first member of both.
            #expect(try await ProjectMembers.list(of: secret.id, claire).map(\.name) == ["claire"])
            // A private project does not exist for a non-member; a read-only user changes nothing.
            let hidden = try await #require(throws: AppError.self) {
                try await ProjectMembers.addToProject(secret.id, kind: "users", target: .typed("bob@example.fr"), role: "", bob)
            }
            #expect(hidden.status == .notFound)
            let refused = try await #require(throws: AppError.self) {
                try await ProjectMembers.addToProject(open.id, kind: "users", target: .typed("lecture@example.fr"), role: "", reader)
            }
            #expect(refused.code == "read_only")
            // Typed names resolve; an unknown one is told, nothing written.
            let missing = try await #require(throws: AppError.self) {
                try await ProjectMembers.addToProject(secret.id, kind: "users", target: .typed("personne@example.fr"), role: "", claire)
            }
            #expect(missing.code == "member_not_found")
            let bobID = try await ProjectMembers.addToProject(
                secret.id, kind: "users", target: .typed("bob@example.fr"), role: "Clerc", claire)
            #expect(try await ProjectMembers.list(of: secret.id, bob).contains { $0.id == bobID && $0.role == "Clerc" })
            // Removed, the project is gone for him again.
            try await ProjectMembers.removeFromProject(secret.id, kind: "users", member: bobID.uuidString, claire)
            #expect(try await Self.links("project_users", secret.id, test) == 1)
            let gone = try await #require(throws: AppError.self) { try await ProjectMembers.list(of: secret.id, bob) }
            #expect(gone.status == .notFound)
            // A company or contact joins a project named by a few letters.
            let contact = try await Self.contact(claire, "Sapin")
            let joined = try await ProjectMembers.addToProject(named: "salon", .contacts, contact, role: "Exposant", claire)
            #expect(joined.0 == open.id)
            #expect(try await ProjectMembers.projects(of: .contacts, contact, claire).map(\.1) == ["Salon des métiers"])
        }
    }

    @Test func aTemplateGivesAProjectWithItsMembersInOneWrite() async throws {
        try await ServiceTestDatabase.run { test in
            let trainer = try await test.user("formateur@example.fr")
            let template = try await Self.project(trainer, ["title": "Modèle — session", "isTemplate": "true", "startsOn": "01/06/2026"])
            let contact = try await Self.contact(trainer, "Formatrice")
            try await ProjectMembers.addToProject(
                template.id, kind: "contacts", target: .id(contact.uuidString), role: "Intervenante", trainer)
            let ordinary = try await Self.project(trainer, ["title": "Pas un modèle"])
            let september7 = try #require(CalendarDay(year: 2026, month: 9, day: 7))
            let projectsBefore = try await test.count("projects")
            let auditBefore = try await test.count("audit_entries")
            // Not a template: refused, nothing written.
            let refused = try await #require(throws: AppError.self) {
                try await ProjectTemplates.instantiate(ordinary.id, title: "Copie", start: september7, trainer)
            }
            #expect(refused.fields["template"] != nil)
            #expect(try await test.count("projects") == projectsBefore)
            #expect(try await test.count("audit_entries") == auditBefore)
            // From the template: its members and the creator, one audit entry naming the template.
            let created = try await ProjectTemplates.instantiate(template.id, title: "Session de septembre", start: september7, trainer)
            let members = try await ProjectMembers.list(of: created, trainer)
            #expect(members.contains { $0.kind == .contacts && $0.role == "Intervenante" })
            #expect(members.filter { $0.kind == .users }.count == 1)
            let copy = try await EntityService(ProjectsEntity.definition, trainer).get(created)
            #expect(copy["starts_on"].textValue == "2026-09-07")
            #expect(copy["is_template"] == .bool(false))
            let entry = try #require(try await AuditEntry.query(on: test.db).filter(\.$entityID == created.uuidString.lowercased()).first())
            #expect(entry.changes.contains(template.id.uuidString.lowercased()))
        }
    }
}
