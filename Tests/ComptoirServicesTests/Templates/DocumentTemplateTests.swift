import ComptoirCore
import ComptoirDemo
import ComptoirDocuments
import ComptoirServices
import ComptoirStore
import Foundation
import Testing
import ZIPFoundation

@Suite("Document templates: upload, versions, lint, catalogue, generation — on SQLite and PostgreSQL")
struct DocumentTemplateTests {
    static func upload(
        _ context: ServiceContext, _ data: Data, name: String = "Contrat", target: String = "project", file: String = "contrat.docx"
    ) async throws -> UUID {
        try await DocumentTemplateService(context).create(
            DocumentTemplateInput(name: name, description: "", target: target, category: "Contrats", fileName: file, data: data))
    }

    @Test func uploadKeepsTheFileAndANewVersionKeepsTheOldOne() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let files = TemplateWorld.files()
            let admin = TemplateWorld.withFiles(try await test.user("admin@example.fr", role: .admin), files)
            let contract = try TemplatesDemo.contract()
            // act
            let id = try await Self.upload(admin, contract)
            // validate
            let template = try await DocumentTemplateService(admin).get(id)
            #expect(template.record.currentVersion == 1)
            #expect(template.record.target == "project")
            #expect(template.versions.count == 1)
            #expect(template.current?.format == "docx")
            #expect(template.current?.lintCount == 0, "\(DocumentTemplateService.issues(of: template.current!))")
            #expect(try files.read(template.current!.sha256) == contract)
            #expect(try await test.count("audit_entries", where: "entity = 'document-templates'") == 1)

            // A new version becomes current; the first stays, byte for byte.
            let second = try TemplatesDemo.missionOrder()
            let number = try await DocumentTemplateService(admin).addVersion(id, fileName: "ordre.docx", data: second)
            #expect(number == 2)
            let after = try await DocumentTemplateService(admin).get(id)
            #expect(after.record.currentVersion == 2)
            #expect(after.versions.map(\.version) == [2, 1])
            #expect(try await DocumentTemplateService(admin).file(id, version: 1).data == contract)
            #expect(try await DocumentTemplateService(admin).file(id).data == second)

            // Rename, archive: audited; an archived template generates nothing.
            try await DocumentTemplateService(admin).update(id, name: "Contrat cadre", description: "Type", category: "")
            try await DocumentTemplateService(admin).setArchived(id, true)
            let archived = try await DocumentTemplateService(admin).get(id)
            #expect(archived.record.name == "Contrat cadre" && archived.record.archived && archived.record.category == nil)
            #expect(try await DocumentTemplateService(admin).list().isEmpty)
            #expect(try await DocumentTemplateService(admin).list(includeArchived: true).count == 1)
            #expect(try await test.count("audit_entries", where: "entity = 'document-templates'") == 4)
        }
    }

    @Test func concurrentNewVersionsEachGetTheirOwnNumber() async throws {
        try await ServiceTestDatabase.runOnOwnPool { test in
            // setup
            let admin = TemplateWorld.withFiles(try await test.user("admin@example.fr", role: .admin), TemplateWorld.files())
            let id = try await Self.upload(admin, try TemplatesDemo.contract())
            let files = try (0..<4).map { try TemplateWorld.docx(["Version \($0) : {{project.title}}"]) }
            // act: four replacements at once
            let results = await withTaskGroup(of: Result<Int, any Error>.self) { group in
                for data in files {
                    group.addTask {
                        do {
                            return .success(try await DocumentTemplateService(admin).addVersion(id, fileName: "v.docx", data: data))
                        } catch {
                            return .failure(error)
                        }
                    }
                }
                var all: [Result<Int, any Error>] = []
                for await result in group { all.append(result) }
                return all
            }
            // validate: the write lock serialises them — versions 2 to 5, none lost, the last one current.
            #expect(results.filter(\.succeeded).count == 4, "\(results)")
            let template = try await DocumentTemplateService(admin).get(id)
            #expect(template.versions.map(\.version) == [5, 4, 3, 2, 1])
            #expect(template.record.currentVersion == 5)
        }
    }

    @Test func theDemoTemplatesPassTheLinter() async throws {
        try await ServiceTestDatabase.run { test in
            let admin = TemplateWorld.withFiles(try await test.user("admin@example.fr", role: .admin), TemplateWorld.files())
            for (data, target, file) in [
                (try TemplatesDemo.certificate(), "contact", "attestation.odt"),
                (try TemplatesDemo.missionOrder(), "project", "ordre.docx"),
                (try TemplatesDemo.contract(), "project", "contrat.docx"),
            ] {
                let id = try await Self.upload(admin, data, target: target, file: file)
                let check = try await DocumentTemplateService(admin).verify(id)
                #expect(check.issues.isEmpty, "\(file): \(check.issues)")
                #expect(check.mergeError == nil)
                #expect(try await DocumentTemplateService(admin).get(id).current?.format == (file.hasSuffix("odt") ? "odt" : "docx"))
            }
        }
    }

    @Test func badFilesAreRefusedAndNothingIsSaved() async throws {
        try await ServiceTestDatabase.run { test in
            let admin = TemplateWorld.withFiles(try await test.user("admin@example.fr", role: .admin), TemplateWorld.files())
            let good = try TemplatesDemo.contract()
            let macro = try TemplateWorld.zip([
                (
                    "[Content_Types].xml",
                    Data(
                        #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>"#
                            .utf8)
                ),
                (
                    "word/document.xml",
                    Data("<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body/></w:document>".utf8)
                ),
                ("word/vbaProject.bin", Data([1, 2, 3])),
            ])
            let workbook = try TemplateWorld.zip([
                ("[Content_Types].xml", Data("<Types/>".utf8)), ("xl/workbook.xml", Data("<workbook/>".utf8)),
            ])
            let bomb = try TemplateWorld.zip([
                (
                    "[Content_Types].xml",
                    Data(
                        #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#
                            .utf8)
                ),
                ("word/document.xml", Data(count: 101 << 20)),
            ])
            let cases: [(String, Data, String, String)] = [
                ("texte", Data("Bonjour {{company.name}}".utf8), "notes.docx", "not_a_template"),
                ("zip tronqué", good.prefix(good.count / 2), "contrat.docx", "corrupt_archive"),
                ("macros", macro, "contrat.docm", "macro_enabled"),
                ("classeur", workbook, "classeur.docx", "not_a_template"),
                ("bombe", bomb, "bombe.docx", "template_too_large"),
                ("vide", Data(), "vide.docx", "validation_failed"),
            ]
            for (label, data, file, code) in cases {
                let error = try await #require(throws: AppError.self, "\(label)") {
                    try await Self.upload(admin, data, file: file)
                }
                #expect(error.code == code, "\(label): \(error.code)")
                #expect(error.status.code != 500)
                #expect(!(error.fields["file"] ?? [error.message]).isEmpty)
            }
            // Fields are checked before the file: a missing name and an unknown target are named.
            let fields = try await #require(throws: AppError.self) {
                try await DocumentTemplateService(admin).create(
                    DocumentTemplateInput(name: " ", target: "kyc", fileName: "contrat.docx", data: good))
            }
            #expect(Set(fields.fields.keys) == ["name", "target"])
            let counts = try await DocumentTemplateStore.count(on: test.db)
            #expect(counts.templates == 0 && counts.versions == 0)
        }
    }

    @Test func unknownTagsAreKeptAndLinted() async throws {
        try await ServiceTestDatabase.run { test in
            let admin = TemplateWorld.withFiles(try await test.user("admin@example.fr", role: .admin), TemplateWorld.files())
            let data = try TemplateWorld.docx(["Société : {{company.name}}", "Inconnue : {{company.chiffre_affaires}}"])
            let id = try await Self.upload(admin, data, target: "company", file: "fiche.docx")
            let template = try await DocumentTemplateService(admin).get(id)
            let issues = DocumentTemplateService.issues(of: template.current!)
            #expect(template.current?.lintCount == 1)
            #expect(issues.map(\.tag) == ["company.chiffre_affaires"])
            #expect(issues.first?.kind == "unknownTag")
            // The same tag on a contact template is unknown too: the catalogue is per target.
            let check = try await DocumentTemplateService(admin).verify(id)
            #expect(check.issues.count == 1)
            #expect(check.sampleRecordID == nil)
        }
    }

    @Test func onlyAdministratorsManageTemplates() async throws {
        try await ServiceTestDatabase.run { test in
            let files = TemplateWorld.files()
            let user = TemplateWorld.withFiles(try await test.user("claire@example.fr"), files)
            let reader = TemplateWorld.withFiles(try await test.user("lecture@example.fr", readOnly: true), files)
            let refused = try await #require(throws: AppError.self) { try await Self.upload(user, try TemplatesDemo.contract()) }
            #expect(refused.status == .forbidden)
            let readOnly = try await #require(throws: AppError.self) { try await Self.upload(reader, try TemplatesDemo.contract()) }
            #expect(readOnly.code == "read_only")
            #expect(try await DocumentTemplateStore.count(on: test.db).templates == 0)
            // Every internal user lists them.
            #expect(try await DocumentTemplateService(reader).list().isEmpty)
        }
    }

    @Test func theCatalogueGivesARecordsValuesInFrench() async throws {
        try await ServiceTestDatabase.run { test in
            let admin = TemplateWorld.withFiles(try await test.user("admin@example.fr", role: .admin), TemplateWorld.files())
            let world = try await TemplateWorld.make(admin)
            // act
            let data = try await MergeTagCatalog.data(for: .contact, recordID: world.contact, admin)
            // validate
            #expect(data["contact.first_name"] == .text("Hélène"))
            #expect(data["contact.civility"] == .text("Mme"))
            #expect(data["contact.role"] == .text("Gérante"))
            #expect(data["company.name"] == .text("Boulangerie <Dupont> & Fils"))
            #expect(data["company.custom.segment"] == .text("Artisans"))
            #expect(data["company.address"] == .text("3 place Bellecour\n69002 Lyon"))
            #expect(data["organization.name"] == .text("Conseil & Associés"))
            #expect(data["organization.address"] == .text("12 rue de la Paix\n75002 Paris"))
            #expect(data["organization.address_inline"] == .text("12 rue de la Paix, 75002 Paris"))
            #expect(data["organization.capital"] == .text("10\u{00A0}000,00\u{00A0}€"))
            #expect(data["organization.rcs"] == .text("RCS  552100554") || data["organization.rcs"] == nil)
            #expect(data["today"] == .text("18/11/2026"))
            #expect(data["today_long"] == .text("18 novembre 2026"))
            #expect(data["user.email"] == .text("admin@example.fr"))
            #expect(data["contact.job_title"] == nil, "an empty value is left out, so the merge lists it")
            // The schema the linter uses has the same tags, custom field included; lists with their fields.
            let schema = try await MergeTagCatalog.schema(for: .project, admin)
            #expect(schema.scalars.contains("project.title") && schema.scalars.contains("company.custom.segment"))
            #expect(schema.scalars.contains("project.starts_on_long"))
            #expect(schema.lists["participants"] == ["name", "role", "kind"])
            let invoice = try await MergeTagCatalog.schema(for: .invoice, admin)
            #expect(invoice.lists["lines"] == ["description", "quantity", "unit", "unit_price", "discount", "vat_rate", "net"])
            #expect(invoice.scalars.contains("document.total_gross") && invoice.scalars.contains("customer.name"))
            let project = try await MergeTagCatalog.data(for: .project, recordID: world.project, admin)
            #expect(project["project.starts_on_long"] == .text("4 décembre 2026"))
            #expect(project["project.starts_on"] == .text("04/12/2026"))
            guard case .list(let members)? = project["participants"] else { Issue.record("no participants"); return }
            #expect(members.map { $0["name"] } == [.text("admin"), .text("Hélène Garcia"), .text("Boulangerie <Dupont> & Fils")])
            #expect(members.map { $0["role"] }.contains(.text("Stagiaire")))
        }
    }

    @Test func generatingFilesTheDocumentAndListsTheMissingTags() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let files = TemplateWorld.files()
            let admin = TemplateWorld.withFiles(try await test.user("admin@example.fr", role: .admin), files)
            let world = try await TemplateWorld.make(admin)
            let certificate = try await Self.upload(
                admin, try TemplatesDemo.certificate(), name: "Attestation", target: "contact", file: "a.odt")
            let user = TemplateWorld.withFiles(try await test.user("claire@example.fr"), files)
            // act
            let document = try await TemplateGeneration(user).generate(certificate, recordID: world.contact)
            // validate
            let text = try TemplateWorld.text(document.data)
            #expect(text.contains("Hélène"))
            #expect(text.contains("Boulangerie &lt;Dupont&gt; &amp; Fils"), "values are XML-escaped")
            #expect(text.contains("18 novembre 2026"))
            #expect(!text.contains("{{"))
            #expect(document.missingTags.contains("contact.job_title"))
            #expect(document.fileName == "Attestation - Hélène Garcia - 18-11-2026.odt")
            #expect(document.attachmentIDs.count == 1)
            let attached = try await AttachmentStore.list(ownerKind: "contacts", ownerID: world.contact, on: test.db)
            #expect(attached.map(\.originalName) == [document.fileName])
            #expect(try files.read(attached[0].sha256) == document.data)

            // A read-only user gets the file; nothing is filed.
            let reader = TemplateWorld.withFiles(try await test.user("lecture@example.fr", readOnly: true), files)
            let read = try await TemplateGeneration(reader).generate(certificate, recordID: world.contact)
            #expect(read.attachmentIDs.isEmpty)
            #expect(try await AttachmentStore.count(ownerKind: "contacts", ownerID: world.contact, on: test.db) == 1)

            // A record of another entity, or none, is not found; nothing filed.
            let wrong = try await #require(throws: AppError.self) {
                try await TemplateGeneration(user).generate(certificate, recordID: world.company)
            }
            #expect(wrong.status == .notFound)
        }
    }

    /// The PDF copy through LibreOffice (installed by `.ci/run`): a PDF filed beside the record; never for an invoice.
    @Test(.enabled(if: PDFConversion.isAvailable || ProcessInfo.processInfo.environment["CI"] != nil))
    func aPDFCopyComesFromLibreOffice() async throws {
        try await ServiceTestDatabase.run { test in
            let files = TemplateWorld.files()
            let admin = TemplateWorld.withFiles(try await test.user("admin@example.fr", role: .admin), files)
            let world = try await TemplateWorld.make(admin)
            let certificate = try await Self.upload(
                admin, try TemplatesDemo.certificate(), name: "Attestation", target: "contact", file: "a.odt")
            // act
            let document = try await TemplateGeneration(admin).generate(certificate, recordID: world.contact, pdf: true)
            // validate
            #expect(document.data.starts(with: Array("%PDF".utf8)))
            #expect(document.contentType == "application/pdf")
            #expect(document.fileName.hasSuffix(".pdf"))
            let attached = try await AttachmentStore.list(ownerKind: "contacts", ownerID: world.contact, on: test.db)
            #expect(attached.map(\.contentType) == ["application/pdf"])
        }
    }

    @Test func aPrivateProjectsRecordsAreNotGeneratedForOthers() async throws {
        try await ServiceTestDatabase.run { test in
            let files = TemplateWorld.files()
            let admin = TemplateWorld.withFiles(try await test.user("admin@example.fr", role: .admin), files)
            let claire = TemplateWorld.withFiles(try await test.user("claire@example.fr"), files)
            let bob = TemplateWorld.withFiles(try await test.user("bob@example.fr"), files)
            let projects = EntityService(try await ProjectsEntity.definition.resolved(for: claire), claire)
            let secret = try await projects.create(
                EntityInput(
                    values: ["title": "Succession Martin", "visibility": "private", "status": "open"], isPartial: false,
                    omittedMeansDefault: true))
            let order = try await Self.upload(admin, try TemplatesDemo.missionOrder(), name: "Ordre", file: "o.docx")
            // A non-member: the project does not exist, no file, nothing filed.
            let hidden = try await #require(throws: AppError.self) {
                try await TemplateGeneration(bob).generate(order, recordID: secret.id)
            }
            #expect(hidden.status == .notFound)
            let hiddenTags = try await #require(throws: AppError.self) {
                try await MergeTagCatalog.groups(for: .project, recordID: secret.id, bob)
            }
            #expect(hiddenTags.status == .notFound)
            #expect(try await AttachmentStore.count(ownerKind: "projects", ownerID: secret.id, on: test.db) == 0)
            // The member generates it, with her own name in the participants' rows.
            let document = try await TemplateGeneration(claire).generate(order, recordID: secret.id)
            #expect(try TemplateWorld.text(document.data).contains("claire"))
            #expect(try await AttachmentStore.count(ownerKind: "projects", ownerID: secret.id, on: test.db) == 1)
        }
    }

    @Test func anInteractionsDocumentIsFiledOnItAndOnItsProject() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let files = TemplateWorld.files()
            let admin = TemplateWorld.withFiles(try await test.user("admin@example.fr", role: .admin), files)
            let world = try await TemplateWorld.make(admin)
            let definition = try await InteractionsEntity.definition.resolved(for: admin)
            let meeting = try await InteractionService(admin).create(
                definition,
                EntityInput(
                    values: [
                        "typeId": InteractionCreationTests.call, "subject": "Audit hygiène", "companyId": world.company.uuidString,
                        "projectId": world.project.uuidString,
                    ], isPartial: false),
                contacts: [world.contact.uuidString])
            let report = try await Self.upload(
                admin, try TemplateWorld.docx(["{{interaction.subject}} — {{company.name}} — {{contact.last_name}} — {{project.code}}"]),
                name: "Compte rendu", target: "interaction", file: "cr.docx")
            // act
            let document = try await TemplateGeneration(admin).generate(report, recordID: meeting.id)
            // validate
            #expect(
                try TemplateWorld.text(document.data).contains("Audit hygiène — Boulangerie &lt;Dupont&gt; &amp; Fils — Garcia — FH-01"))
            #expect(document.attachmentIDs.count == 2)
            #expect(try await AttachmentStore.count(ownerKind: "interactions", ownerID: meeting.id, on: test.db) == 1)
            #expect(try await AttachmentStore.count(ownerKind: "projects", ownerID: world.project, on: test.db) == 1)
            #expect(try await test.count("blobs", where: "sha256 = '\(BlobStore.sha256(document.data))'") == 1)
        }
    }

    @Test func bulkGenerationZipsOneFilePerRecordWithinTheCap() async throws {
        try await ServiceTestDatabase.run { test in
            let files = TemplateWorld.files()
            let admin = TemplateWorld.withFiles(try await test.user("admin@example.fr", role: .admin), files)
            let world = try await TemplateWorld.make(admin)
            let companies = EntityService(try await CompaniesEntity.definition.resolved(for: admin), admin)
            let other = try await companies.create(
                EntityInput(values: ["name": "Garage du Rhône"], isPartial: false, omittedMeansDefault: true))
            let letter = try await Self.upload(
                admin, try TemplateWorld.docx(["Madame, Monsieur, {{company.name}}"]), name: "Courrier", target: "company", file: "c.docx")
            // act
            let bundle = try await TemplateGeneration(admin).generateBulk(letter, recordIDs: [world.company, other.id, UUID()])
            // validate
            #expect(bundle.count == 2 && bundle.skipped == 1)
            let archive = try Archive(data: bundle.zip, accessMode: .read)
            let names = archive.map(\.path).sorted()
            #expect(names == ["Courrier - Boulangerie _Dupont_ & Fils.docx", "Courrier - Garage du Rhône.docx"])
            #expect(try await test.count("attachments") == 0, "bulk files are not filed")
            let tooMany = try await #require(throws: AppError.self) {
                try await TemplateGeneration(admin).generateBulk(letter, recordIDs: (0...TemplateGeneration.bulkCap).map { _ in UUID() })
            }
            #expect(tooMany.code == "too_many_records")
            #expect(tooMany.message.fr.contains("1000") || tooMany.message.fr.contains("1 000") || tooMany.message.fr.contains("1001"))
        }
    }

    @Test func salesDocumentsGiveLinesAndTotals() async throws {
        try await ServiceTestDatabase.run { test in
            let files = TemplateWorld.files()
            let admin = TemplateWorld.withFiles(try await test.user("admin@example.fr", role: .admin), files)
            let world = try await TemplateWorld.make(admin)
            var input = SalesDocumentInput(kind: "quote", lines: [])
            input.company = world.company.uuidString
            input.issueDate = "2026-11-18"
            input.lines = [
                .init(description: "Formation HACCP", quantity: "2", unitPrice: "617,25", vatRate: "20"),
                .init(description: "Support & <classeur>", quantity: "1", unitPrice: "10", vatRate: "5,5"),
            ]
            let quote = try await SalesDocumentService(admin).createDraft(input)
            let data = try await MergeTagCatalog.data(for: .quote, recordID: quote, admin)
            #expect(data["document.total_net"] == .text("1\u{00A0}244,50\u{00A0}€"))
            #expect(data["company.name"] == .text("Boulangerie <Dupont> & Fils"))
            guard case .list(let lines)? = data["lines"] else { Issue.record("no lines"); return }
            #expect(lines.count == 2)
            #expect(lines[0]["net"] == .text("1\u{00A0}234,50\u{00A0}€"))
            #expect(lines[0]["vat_rate"] == .text("20\u{00A0}%"))
            // Generated on the draft quote, the document is filed there and goes with the draft.
            let template = try await Self.upload(
                admin, try TemplateWorld.docx(["Devis pour {{company.name}} : {{document.total_gross}}"]), name: "Devis",
                target: "quote", file: "d.docx")
            let generated = try await TemplateGeneration(admin).generate(template, recordID: quote)
            #expect(try TemplateWorld.text(generated.data).contains("1\u{00A0}491,95\u{00A0}€"))
            #expect(try await AttachmentStore.count(ownerKind: "sales-documents", ownerID: quote, on: test.db) == 1)
            try await SalesDocumentService(admin).deleteDraft(quote)
            #expect(try await AttachmentStore.count(ownerKind: "sales-documents", ownerID: quote, on: test.db) == 0)
            // The template's own file stays (a version uses it), whatever attachments go.
            #expect(try files.read(try await DocumentTemplateService(admin).get(template).current!.sha256).count > 0)
            // The quote is not an invoice: another kind's id is not found.
            let wrong = try await #require(throws: AppError.self) { try await MergeTagCatalog.data(for: .invoice, recordID: quote, admin) }
            #expect(wrong.status == .notFound)
        }
    }
}
