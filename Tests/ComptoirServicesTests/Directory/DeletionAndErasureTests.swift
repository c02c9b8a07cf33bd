import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import SQLKit
import Testing

@Suite("Deletion, erasure and export of personal data, without HTTP")
struct DeletionAndErasureTests {
    static let sale = ActivityDefaults.saleTypeID.uuidString.lowercased()

    static func create(_ definition: EntityDefinition, _ context: ServiceContext, _ values: [String: String]) async throws -> UUID {
        let service = EntityService(try await definition.resolved(for: context), context)
        return try await service.create(EntityInput(values: values, isPartial: false, omittedMeansDefault: true)).id
    }

    static func service(_ definition: EntityDefinition, _ context: ServiceContext) async throws -> EntityService {
        EntityService(try await definition.resolved(for: context), context)
    }

    /// A file attached to a record, stored in `files` as an upload would be.
    static func attach(_ data: String, to kind: String, _ id: UUID, _ files: BlobStore, _ test: ServiceTestDatabase) async throws -> String
    {
        let bytes = Data(data.utf8)
        let sha = BlobStore.sha256(bytes)
        try files.store(bytes, sha: sha)
        try await AttachmentStore.attach(
            id: UUID(), ownerKind: kind, ownerID: id, sha: sha, name: "\(data).txt", contentType: "text/plain", size: Int64(bytes.count),
            by: nil, at: test.clock.now(), on: test.db)
        return sha
    }

    static func files() -> BlobStore {
        BlobStore(dataDirectory: FileManager.default.temporaryDirectory.appendingPathComponent("comptoir-files-\(UUID().uuidString)").path)
    }

    static func searchTitles(_ text: String, _ context: ServiceContext) async throws -> [String] {
        try await SearchService(context).search(text, limit: 20).flatMap(\.hits).map(\.title)
    }

    @Test func aCompanyGoesWithItsLinksTagsAndFilesAndLeavesItsInteractions() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            var claire = try await test.user("claire@example.fr")
            let files = Self.files()
            claire.files = files
            let company = try await Self.create(CompaniesEntity.definition, claire, ["name": "Boulangerie Ferrand"])
            let contact = try await Self.create(ContactsEntity.definition, claire, ["firstName": "Léa", "lastName": "Ferrand"])
            try await DirectoryService(claire).link(contact: contact, company: company, role: "Gérante")
            let tag = try await Self.create(TagsEntity.definition, claire, ["name": "Artisans"])
            try await DirectoryService(claire).setTags([tag], on: company, .companies)
            let meeting = try await Self.create(
                InteractionsEntity.definition, claire, ["typeId": Self.sale, "subject": "Devis four", "companyId": company.uuidString])
            let sha = try await Self.attach("kbis-ferrand", to: "companies", company, files, test)
            #expect(FileManager.default.fileExists(atPath: files.path(sha)))
            #expect(try await Self.searchTitles("boulangerie", claire).contains("Boulangerie Ferrand"))
            let companies = try await Self.service(CompaniesEntity.definition, claire)
            let plan = try await companies.deletionPlan(company)
            #expect(plan.isAllowed)
            #expect(plan.removed.map(\.fr).contains { $0.contains("1 lien(s) avec des contacts") })
            #expect(plan.removed.map(\.fr).contains { $0.contains("1 pièce(s) jointe(s)") })
            #expect(plan.kept.map(\.fr).contains { $0.contains("1 interaction(s) restent, sans société") })

            // act
            try await companies.delete(company)

            // validate
            #expect(try await TableStore.get(CompaniesEntity.definition.tableSpec, id: company, on: test.db) == nil)
            #expect(try await test.count("contact_companies") == 0)
            #expect(try await test.count("company_tags") == 0)
            #expect(try await test.count("attachments") == 0)
            #expect(try await test.count("blobs") == 0)
            #expect(!FileManager.default.fileExists(atPath: files.path(sha)))
            let kept = try #require(try await TableStore.get(InteractionsEntity.definition.tableSpec, id: meeting, on: test.db))
            #expect(kept["company_id"] == .null)
            #expect(try await test.count("contacts") == 1)
            #expect(try await Self.searchTitles("boulangerie", claire).isEmpty)
            // The contact's search row no longer names the company.
            let contactHit = try await SearchService(claire).search("ferrand", limit: 20).flatMap(\.hits)
            #expect(contactHit.map(\.title) == ["Léa Ferrand"])
            #expect(contactHit.first?.subtitle.contains("Boulangerie") == false)
            let audit = try #require(
                try await AuditEntry.query(on: test.db).filter(\.$action == "delete").filter(\.$entity == "companies").first())
            #expect(audit.summary == "Boulangerie Ferrand")
            #expect(audit.actorLabel == "claire@example.fr")
            await #expect(throws: AppError.self) { _ = try await companies.get(company) }
        }
    }

    @Test func whatRefusesADeletionIsSaidAndNothingChanges() async throws {
        try await ServiceTestDatabase.run { test in
            let claire = try await test.user("claire@example.fr")
            let reader = try await test.user("lecture@example.fr", readOnly: true)
            let supplier = try await Self.create(CompaniesEntity.definition, claire, ["name": "Grossiste Martin"])
            _ = try await Self.create(
                ProductsEntity.definition, claire, ["reference": "FAR-01", "name": "Farine T65", "supplierId": supplier.uuidString])
            let companies = try await Self.service(CompaniesEntity.definition, claire)
            let refused = try await #require(throws: AppError.self) { try await companies.delete(supplier) }
            #expect(refused.status == .conflict)
            #expect(refused.code == "deletion_blocked")
            #expect(refused.message.fr.contains("fournisseur par défaut de 1 produit(s)"))
            #expect(try await test.count("companies") == 1)
            #expect(try await test.count("audit_entries", where: "action = 'delete'") == 0)
            // Read-only users delete nothing, even what nothing blocks.
            let free = try await Self.create(CompaniesEntity.definition, claire, ["name": "Libre SARL"])
            let readOnly = try await #require(throws: AppError.self) {
                try await Self.service(CompaniesEntity.definition, reader).delete(free)
            }
            #expect(readOnly.code == "read_only")
            #expect(try await test.count("companies") == 2)

            // A contact who is a project member, or who signs in to the extranet, stays.
            let contact = try await Self.create(
                ContactsEntity.definition, claire, ["lastName": "Invitée", "email": "invitee@example.fr"])
            let project = try await Self.create(ProjectsEntity.definition, claire, ["title": "Succession"])
            _ = try await ProjectMembers.addToProject(project, kind: "contacts", target: .id(contact.uuidString), role: "Héritière", claire)
            _ = try await test.user("invitee@example.fr", role: .guest)
            let contacts = try await Self.service(ContactsEntity.definition, claire)
            let plan = try await contacts.deletionPlan(contact)
            #expect(plan.blockers.count == 2, "\(plan.blockers.map(\.fr))")
            let blocked = try await #require(throws: AppError.self) { try await contacts.delete(contact) }
            #expect(blocked.code == "deletion_blocked")
            #expect(try await test.count("project_contacts") == 1)

            // A project with interactions: they are moved or deleted first (a private project's would become visible).
            let meeting = try await Self.create(
                InteractionsEntity.definition, claire, ["typeId": Self.sale, "subject": "Inventaire", "projectId": project.uuidString])
            let projects = try await Self.service(ProjectsEntity.definition, claire)
            let projectRefusal = try await #require(throws: AppError.self) { try await projects.delete(project) }
            #expect(projectRefusal.message.fr.contains("1 interaction(s) y sont rattachées"))
            try await Self.service(InteractionsEntity.definition, claire).delete(meeting)
            try await projects.delete(project)
            #expect(try await test.count("projects") == 0)
            #expect(try await test.count("project_contacts") == 0)
            #expect(try await test.count("project_users") == 0)
            #expect(try await test.count("contacts") == 1)
        }
    }

    @Test func tagsAndResourcesAreRefusedWhileUsedThenDeleted() async throws {
        try await ServiceTestDatabase.run { test in
            let admin = try await test.user("admin@example.fr", role: .admin)
            let parent = try await Self.create(TagsEntity.definition, admin, ["name": "Assurance"])
            let child = try await Self.create(TagsEntity.definition, admin, ["name": "Auto", "parentId": parent.uuidString])
            let contact = try await Self.create(ContactsEntity.definition, admin, ["lastName": "Roux"])
            try await DirectoryService(admin).setTags([child], on: contact, .contacts)
            _ = try await Self.create(
                SegmentsEntity.definition, admin, ["name": "Assurés auto", "entity": "contacts", "query": "tags=\(child.uuidString)"])
            let tags = try await Self.service(TagsEntity.definition, admin)
            #expect(try await tags.deletionPlan(parent).blockers.map(\.fr) == ["1 centre(s) d'intérêt sont rangés dessous"])
            let bySegment = try await #require(throws: AppError.self) { try await tags.delete(child) }
            #expect(bySegment.message.fr.contains("« Assurés auto »"))
            try await test.sql.raw("DELETE FROM segments").run()
            try await tags.delete(child)
            #expect(try await test.count("contact_tags") == 0)
            try await tags.delete(parent)
            #expect(try await test.count("tags") == 0)

            // A booked resource stays until its interactions let it go.
            let room = try await Self.create(ResourcesEntity.definition, admin, ["name": "Salle Vauban", "kind": "room"])
            let meeting = try await Self.create(
                InteractionsEntity.definition, admin,
                ["typeId": Self.sale, "subject": "Signature", "startsAt": "2026-11-20T09:00:00Z", "endsAt": "2026-11-20T10:00:00Z"])
            try await InteractionService(admin).addLink(meeting, .resources, room)
            try await InteractionService(admin).addLink(meeting, .contacts, contact)
            let followUp = try await InteractionService(admin).followUp(
                meeting, at: test.clock.now().addingTimeInterval(86_400), subject: nil)
            #expect(try await test.count("resource_bookings") == 1)
            let resources = try await Self.service(ResourcesEntity.definition, admin)
            #expect(try await SearchService(admin).search("signature", limit: 20).flatMap(\.hits).map(\.id).contains(meeting))
            let booked = try await #require(throws: AppError.self) { try await resources.delete(room) }
            #expect(booked.code == "deletion_blocked")
            // The interaction goes with its bookings and links; its follow-up stays, unlinked.
            try await Self.service(InteractionsEntity.definition, admin).delete(meeting)
            #expect(try await test.count("resource_bookings") == 0)
            // Its search row went with it; the follow-up's stays.
            let hits = try await SearchService(admin).search("signature", limit: 20).flatMap(\.hits).map(\.id)
            #expect(!hits.contains(meeting) && hits.contains(followUp))
            // The follow-up took the meeting's contacts: only its own link remains.
            #expect(try await test.count("interaction_contacts") == 1)
            #expect(try await InteractionStore.linked(meeting, .contacts, on: test.db).isEmpty)
            let kept = try #require(try await TableStore.get(InteractionsEntity.definition.tableSpec, id: followUp, on: test.db))
            #expect(kept["follow_up_of"] == .null)
            try await resources.delete(room)
            #expect(try await test.count("resources") == 0)
            #expect(try await test.count("audit_entries", where: "action = 'delete'") == 4)
        }
    }

    @Test func erasureReplacesThePersonEverywhereAndKeepsTheLinks() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            var claire = try await test.user("claire@example.fr")
            let files = Self.files()
            claire.files = files
            let company = try await Self.create(CompaniesEntity.definition, claire, ["name": "Cabinet Lenoir"])
            let person = try await Self.create(
                ContactsEntity.definition, claire,
                [
                    "firstName": "Jeanne", "lastName": "Dupuis-Arnaud", "email": "jeanne.dupuis@example.fr", "mobile": "06 12 34 56 78",
                    "addressCity": "Lyon", "birthDate": "12/03/1971", "notes": "Préfère être appelée le matin",
                ])
            let contacts = try await Self.service(ContactsEntity.definition, claire)
            _ = try await contacts.update(person, EntityInput(values: ["jobTitle": "Notaire"], isPartial: true))
            let duplicate = try await Self.create(
                ContactsEntity.definition, claire, ["firstName": "J.", "lastName": "Dupuis-Arnaud", "email": "jdupuis@example.fr"])
            try await DirectoryService(claire).merge(duplicate, into: person, .contacts)
            try await DirectoryService(claire).link(contact: person, company: company, role: "Associée")
            let tag = try await Self.create(TagsEntity.definition, claire, ["name": "Patrimoine"])
            try await DirectoryService(claire).setTags([tag], on: person, .contacts)
            let call = try await Self.create(
                InteractionsEntity.definition, claire,
                [
                    "typeId": Self.sale, "subject": "Rappeler Jeanne Dupuis-Arnaud au 0612345678",
                    "description": "Écrire à jeanne.dupuis@example.fr",
                ])
            try await InteractionService(claire).addLink(call, .contacts, person)
            let sha = try await Self.attach("piece-identite", to: "contacts", person, files, test)
            let other = try await Self.create(ContactsEntity.definition, claire, ["firstName": "Marc", "lastName": "Dupuis"])
            #expect(try await Self.searchTitles("dupuis-arnaud", claire).contains("Jeanne Dupuis-Arnaud"))

            // act
            let report = try await PersonalDataService(claire).erase(person)

            // validate: the records.
            #expect(report.contacts == 2)
            #expect(report.interactions == 1)
            #expect(report.attachments == 1)
            let erased = try #require(try await TableStore.get(ContactsEntity.definition.tableSpec, id: person, on: test.db))
            #expect(erased["display_name"] == .text(PersonalDataService.placeholder))
            #expect(erased["first_name"] == .null)
            #expect(erased["email"] == .null)
            #expect(erased["mobile"] == .null)
            #expect(erased["birth_date"] == .null)
            #expect(erased["notes"] == .null)
            #expect(erased["job_title"] == .null)
            #expect(erased["erased_at"] != .null)
            let absorbed = try #require(try await TableStore.get(ContactsEntity.definition.tableSpec, id: duplicate, on: test.db))
            #expect(absorbed["email"] == .null)
            #expect(absorbed["display_name"] == .text(PersonalDataService.placeholder))
            // Links stay, to the anonymous record; tags, files and their blobs go.
            #expect(try await test.count("contact_companies") == 1)
            #expect(try await test.count("interaction_contacts") == 1)
            #expect(try await test.count("contact_tags") == 0)
            #expect(try await test.count("attachments") == 0)
            #expect(!FileManager.default.fileExists(atPath: files.path(sha)))
            let callRow = try #require(try await TableStore.get(InteractionsEntity.definition.tableSpec, id: call, on: test.db))
            #expect(callRow["subject"] == .text("Rappeler \(PersonalDataService.redaction) au \(PersonalDataService.redaction)"))
            #expect(callRow["description"] == .text("Écrire à \(PersonalDataService.redaction)"))
            // Search: the person is not found, the placeholder is; another Dupuis is untouched.
            #expect(try await Self.searchTitles("jeanne", claire).isEmpty)
            #expect(try await Self.searchTitles("dupuis", claire) == ["Marc Dupuis"])
            #expect(try await Self.searchTitles("contact efface", claire).count == 1)
            let untouched = try #require(try await TableStore.get(ContactsEntity.definition.tableSpec, id: other, on: test.db))
            #expect(untouched["display_name"] == .text("Marc Dupuis"))
            // The audit log: no trace of the person's data, the erasure recorded as such.
            for term in ["Jeanne", "jeanne.dupuis", "Dupuis-Arnaud", "jdupuis", "0612345678", "+33612345678", "Lyon", "matin", "Notaire"] {
                let left = try await test.count("audit_entries", where: "summary LIKE '%\(term)%' OR changes LIKE '%\(term)%'")
                #expect(left == 0, "the audit log still holds «\(term)»")
            }
            let erasure = try #require(try await AuditEntry.query(on: test.db).filter(\.$action == "erase").first())
            #expect(erasure.entityID == person.uuidString.lowercased())
            #expect(erasure.summary == PersonalDataService.placeholder)
            #expect(erasure.changes.contains("\"email\":[\"•••\",null]"))
            #expect(try await test.count("audit_entries", where: "action = 'update' AND entity = 'contacts'") >= 1)
            // Done once: a second erasure is refused.
            let again = try await #require(throws: AppError.self) { try await PersonalDataService(claire).erase(person) }
            #expect(again.code == "already_erased")
            // The anonymous record can still be deleted.
            try await contacts.delete(person)
            #expect(try await test.count("contact_companies") == 0)
        }
    }

    @Test func theExportHoldsEveryRecordAboutThePersonThatTheUserMaySee() async throws {
        try await ServiceTestDatabase.run { test in
            let claire = try await test.user("claire@example.fr")
            let bob = try await test.user("bob@example.fr")
            let reader = try await test.user("lecture@example.fr", readOnly: true)
            let guest = try await test.user("invite@example.fr", role: .guest)
            let company = try await Self.create(CompaniesEntity.definition, claire, ["name": "Cabinet Lenoir"])
            let person = try await Self.create(
                ContactsEntity.definition, claire, ["firstName": "Paul", "lastName": "Morel", "email": "paul.morel@example.fr"])
            try await DirectoryService(claire).link(contact: person, company: company, role: "Client")
            let open = try await Self.create(InteractionsEntity.definition, claire, ["typeId": Self.sale, "subject": "Bilan annuel"])
            try await InteractionService(claire).addLink(open, .contacts, person)
            let secret = try await Self.create(ProjectsEntity.definition, claire, ["title": "Divorce Morel", "visibility": "private"])
            _ = try await ProjectMembers.addToProject(secret, kind: "contacts", target: .id(person.uuidString), role: "Client", claire)
            let hidden = try await Self.create(
                InteractionsEntity.definition, claire, ["typeId": Self.sale, "subject": "Audience", "projectId": secret.uuidString])
            try await InteractionService(claire).addLink(hidden, .contacts, person)
            try await AttachmentStore.attach(
                id: UUID(), ownerKind: "contacts", ownerID: person, sha: BlobStore.sha256(Data("x".utf8)), name: "mandat.pdf",
                contentType: "application/pdf", size: 1, by: nil, at: test.clock.now(), on: test.db)

            // act
            let mine = try await PersonalDataService(claire).export(person)
            let theirs = try await PersonalDataService(reader).export(person)

            // validate
            #expect(mine["contact"]?["email"] == "paul.morel@example.fr")
            #expect(mine["contact"]?["lastName"] == "Morel")
            #expect(mine["companies"] == [["id": .string(company.uuidString.lowercased()), "name": "Cabinet Lenoir", "role": "Client"]])
            #expect(mine["interactions"]?.arrayValue?.compactMap { $0["subject"]?.stringValue }.sorted() == ["Audience", "Bilan annuel"])
            #expect(mine["projects"]?.arrayValue?.first?["title"] == "Divorce Morel")
            #expect(mine["files"]?.arrayValue?.first?["name"] == "mandat.pdf")
            #expect(mine["consents"] == [])
            #expect(mine["history"]?.arrayValue?.first?["action"] == "create")
            // A user outside the private project sees neither it nor its interaction.
            #expect(theirs["interactions"]?.arrayValue?.compactMap { $0["subject"]?.stringValue } == ["Bilan annuel"])
            #expect(theirs["projects"] == [])
            #expect(try await test.count("audit_entries", where: "action = 'export'") == 2)
            // Guests reach no contact.
            await #expect(throws: AppError.self) { _ = try await PersonalDataService(guest).export(person) }
            _ = bob
        }
    }
}

extension JSONValue {
    var arrayValue: [JSONValue]? { if case .array(let items) = self { items } else { nil } }
    var stringValue: String? { if case .string(let text) = self { text } else { nil } }
}
