import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import Logging
import NIOPosix
import SQLKit
import Testing

/// The import creates companies with the form's rules and derived state: the same normalised values, the same search
/// row and the same creation audit entry as `EntityService.create` gives the same input.
@Suite("The import creates records as the form does, without HTTP")
struct ImportCreatesLikeTheFormTests {
    @Test func anImportedCompanyHasTheFormsValuesSearchRowAndAuditEntry() async throws {
        try await ServiceTestDatabase.run { test in
            // setup: an administrator, a data directory, reads and writes on two connections as a job runs
            let admin = try await test.user("admin@example.fr", role: .admin)
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("comptoir-import-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let group = MultiThreadedEventLoopGroup.singleton
            let logger = Logger(label: "comptoir.services.tests")
            let reader = try #require(test.databases.database(logger: logger, on: group.next()))
            let writer = try #require(test.databases.database(logger: logger, on: group.next()))
            let runtime = ImportRuntime(dataDirectory: directory, tuning: .standard, jobs: ImportJobs(), connections: { (reader, writer) })
            let service = ImportService(admin, runtime: runtime)
            let file = directory.appendingPathComponent("upload.csv")
            let csv = """
                Raison sociale;SIRET;Code NAF;Code postal;Ville;Téléphone;E-mail société\r
                Boulangerie d'Arc;732 829 320 00074;10.71c;45000;Orléans;02 38 12 34 56;Contact@Boulangerie-Arc.fr\r

                """
            try Data(csv.utf8).write(to: file)
            let batch = try await service.upload(fileName: "societes.csv", from: file)
            let settings = try ImportJSON.decode(ImportSettings.self, batch.settings)
            try #require(
                settings.columns.map(\.target) == [
                    "company.name", "company.siret", "company.nafCode", "company.billingPostcode", "company.billingCity", "company.phone",
                    "company.email",
                ])

            // act: the import (as a background job), then the form with the same values (the duplicate confirmed)
            try await service.start(batch, simulate: false)
            await runtime.jobs.wait(batch.id)
            #expect(try await service.batch(batch.id).status == .done)
            let sql = try #require(test.db as? any SQLDatabase)
            let importedID = try #require(
                try await sql.raw("SELECT id FROM companies WHERE import_batch_id = \(bind: batch.id)").first()?
                    .decode(column: "id", as: UUID.self))
            let companies = EntityService(try await CompaniesEntity.definition.resolved(for: admin), admin)
            // (The form shows the country filled in with its default, France, and sends it.)
            let formRow = try await companies.create(
                EntityInput(
                    values: [
                        "name": "Boulangerie d'Arc", "siret": "732 829 320 00074", "nafCode": "10.71c", "billingPostcode": "45000",
                        "billingCity": "Orléans",
                        "billingCountry": "FR", "phone": "02 38 12 34 56", "email": "Contact@Boulangerie-Arc.fr",
                        "confirmDuplicate": "true",
                    ], isPartial: false))

            // validate: the values, normalised alike
            let spec = CompaniesEntity.definition.tableSpec
            let imported = try #require(try await TableStore.get(spec, id: importedID, on: test.db))
            let formed = try #require(try await TableStore.get(spec, id: formRow.id, on: test.db))
            #expect(imported["naf_code"] == .text("1071C"))
            #expect(imported["siren"] == .text("732829320"))
            #expect(imported["siret"] == .text("73282932000074"))
            #expect(imported["is_prospect"] == .bool(true))
            #expect(imported["owner_id"] == .uuid(try #require(admin.actor?.userID)))
            let ownBookkeeping: Set<String> = ["id", "created_at", "updated_at", "owner_id"]
            #expect(
                imported.values.filter { !ownBookkeeping.contains($0.key) } == formed.values.filter { !ownBookkeeping.contains($0.key) })

            // the search rows
            func searchRow(_ id: UUID) async throws -> [String] {
                let row = try #require(
                    try await sql.raw(
                        """
                        SELECT kind, title, subtitle, title_folded, body_folded, archived FROM search_documents WHERE record_id = \(bind: id)
                        """
                    ).first())
                return [
                    try row.decode(column: "kind", as: String.self), try row.decode(column: "title", as: String.self),
                    try row.decode(column: "subtitle", as: String.self), try row.decode(column: "title_folded", as: String.self),
                    try row.decode(column: "body_folded", as: String.self), String(try row.decode(column: "archived", as: Bool.self)),
                ]
            }
            #expect(try await searchRow(importedID) == (try await searchRow(formRow.id)))
            let found = try await SearchIndex.search("0238123456", kinds: ["companies"], limit: 5, on: test.db).map(\.recordID)
            #expect(Set(found) == [importedID, formRow.id])

            // the creation audit entries: one each, naming the user, with the same changes (the import's own column aside)
            func creation(_ id: UUID) async throws -> (summary: String, actor: String, changes: [String: [String]]) {
                let rows = try await sql.raw(
                    """
                    SELECT summary, actor_label, changes FROM audit_entries WHERE entity = 'companies' AND entity_id = \(bind: id.uuidString.lowercased())
                    AND action = 'create'
                    """
                ).all()
                try #require(rows.count == 1)
                let changes = AuditLog.decodeChanges(try rows[0].decode(column: "changes", as: String.self))
                return (
                    try rows[0].decode(column: "summary", as: String.self), try rows[0].decode(column: "actor_label", as: String.self),
                    Dictionary(uniqueKeysWithValues: changes.map { ($0.field, [$0.before, $0.after]) })
                )
            }
            let importedEntry = try await creation(importedID)
            let formEntry = try await creation(formRow.id)
            #expect(importedEntry.summary == "Boulangerie d'Arc")
            #expect(importedEntry.summary == formEntry.summary)
            #expect(importedEntry.actor == "admin@example.fr")
            #expect(importedEntry.actor == formEntry.actor)
            #expect(importedEntry.changes["import_batch_id"]?.last == batch.id.uuidString.lowercased())
            let importOnly: Set<String> = ["import_batch_id", "owner_id"]
            #expect(
                importedEntry.changes.filter { !importOnly.contains($0.key) } == formEntry.changes.filter { !importOnly.contains($0.key) })
            #expect(formEntry.changes["naf_code"] == ["—", "1071C"])
        }
    }
}
