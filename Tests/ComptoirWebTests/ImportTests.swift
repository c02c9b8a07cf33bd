import ComptoirCore
import ComptoirDocuments
import ComptoirStore
import FluentKit
import Foundation
import NIOCore
import SQLKit
import Testing
import Vapor

@testable import ComptoirServices
@testable import ComptoirWeb

/// Assisted import: encodings and separators, suggestions, companies with their contacts, simulation
/// equal to the run, error report, update-existing idempotence, configurations, undo, cancellation.
@Suite(.serialized) struct ImportTests {
    static let header = "Raison sociale;SIRET;Nom;Prénom;E-mail;Rôle;Ville;Centres d'intérêt"
    static let rows = [
        "Société Générale Démo;73282932000074;Lefèvre;Zoé;zoe.lefevre@example.fr;Gérante;Lyon;Assurance > Auto",
        "Société Générale Démo;73282932000074;Müller;Gaëlle;gaelle.muller@example.fr;Comptable;Lyon;Assurance > Auto| Prospect",
        "Boulangerie d'Arc;;d'Arc;Jeanne;jeanne@example.fr;Gérante;Orléans;",
        ";;Nguyen;Loïc;loic@example.fr;;Paris;Particulier",
    ]

    static func csv(_ lines: [String], separator: String = ";") -> String {
        ([header] + lines).map { line in
            // « | » inside a line separates tag paths within one cell: that cell is quoted.
            line.split(separator: ";", omittingEmptySubsequences: false).map { cell in
                cell.contains("|") ? "\"" + cell.replacingOccurrences(of: "|", with: ";") + "\"" : String(cell)
            }.joined(separator: separator)
        }.joined(separator: "\r\n") + "\r\n"
    }

    struct Context {
        var test: TestApp
        var service: ImportService

        func upload(_ name: String, _ bytes: [UInt8]) async throws -> ImportBatchRecord {
            let url = URL(fileURLWithPath: test.dataDirectory).appendingPathComponent("upload-\(UUID().uuidString)")
            try FileManager.default.createDirectory(atPath: test.dataDirectory, withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
            return try await service.upload(fileName: name, from: url)
        }

        func run(_ batch: ImportBatchRecord, simulate: Bool) async throws -> (ImportBatchRecord, ImportReport) {
            try await service.start(batch, simulate: simulate)
            await test.app.importJobs.wait(batch.id)
            let done = try await service.batch(batch.id)
            let text = simulate ? done.simulationReport : done.report
            return (done, try ImportJSON.decode(ImportReport.self, try #require(text)))
        }

        /// Uploads `rows` rows of one company and one contact each, starts the job and asks it to stop at once.
        func startAndStop(rows: Int, simulate: Bool) async throws -> ImportBatchRecord {
            let lines = (0..<rows).map { "Société \($0);;Nom\($0);Prénom;p\($0)@example.fr;;Lyon;" }
            let batch = try await upload("gros.csv", Array(ImportTests.csv(lines).utf8))
            try await service.start(batch, simulate: simulate)
            try await service.cancel(try await service.batch(batch.id))
            await test.app.importJobs.wait(batch.id)
            return try await service.batch(batch.id)
        }

        func count(_ table: String) async throws -> Int {
            try await (test.db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()!.decode(
                column: "n", as: Int.self)
        }
    }

    static func withContext(_ body: (Context) async throws -> Void) async throws {
        try await TestApp.run { test in
            let admin = try await test.createUser("admin@example.fr", role: .admin)
            let context = test.app.systemContext("test").acting(as: try Actor(user: admin, channel: .token(id: UUID())))
            let service = ImportService(app: test.app, context: context)
            try await body(Context(test: test, service: service))
        }
    }

    // MARK: Reading files

    /// The fixtures are written by Python's own codecs (`Tests/Fixtures/imports/make_fixtures.py`).
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/imports")

    @Test(arguments: [
        ("utf8-bom-semicolon.csv", TextEncoding.utf8, ";"), ("windows1252-semicolon.csv", .windows1252, ";"),
        ("utf8-comma.csv", .utf8, ","),
        ("utf16le-tab.txt", .utf16LE, "\t"), ("utf8-pipe.csv", .utf8, "|"),
    ])
    func detectsEncodingAndSeparator(_ fixture: String, _ encoding: TextEncoding, _ separator: String) async throws {
        try await Self.withContext { context in
            // setup
            let bytes = [UInt8](try Data(contentsOf: Self.fixtures.appendingPathComponent(fixture)))
            // act
            let batch = try await context.upload(fixture, bytes)
            let analysis = try ImportJSON.decode(ImportAnalysis.self, batch.analysis)
            let settings = try ImportJSON.decode(ImportSettings.self, batch.settings)
            // validate
            #expect(analysis.detectedEncoding == encoding)
            #expect(analysis.detectedSeparator == separator)
            #expect(analysis.detectedHeader)
            #expect(analysis.headers == ["Raison sociale", "SIRET", "Nom", "Prénom", "E-mail", "Rôle", "Ville", "Centres d'intérêt"])
            #expect(analysis.preview.first?.first == "Société Générale Démo")
            #expect(analysis.preview[1][3] == "Gaëlle")
            #expect(
                settings.columns.map(\.target) == [
                    "company.name", "company.siret", "contact.lastName", "contact.firstName", "contact.email", "link.role",
                    "company.billingCity", "contact.tags",
                ])
            let (_, report) = try await context.run(batch, simulate: false)
            #expect(report.rowsImported == 4)
            let names = try await (context.test.db as! any SQLDatabase).raw("SELECT name FROM companies ORDER BY name").all().map {
                try $0.decode(column: "name", as: String.self)
            }
            #expect(names == ["Boulangerie d'Arc", "Société Générale Démo"])
        }
    }

    /// Issue #14, « Imports and other users »: on SQLite each event loop has one connection for the pages; an import's
    /// transaction used to hold the one of its writing loop, and the pages served by that loop waited for its commit.
    @Test func anImportsOpenTransactionLeavesThePagesConnectionOfItsEventLoopFree() async throws {
        try await TestApp.run { test in
            // setup: the import's writing connection, in a transaction that holds the write lock until released
            let (_, writer) = test.app.importRuntime.connections()
            let pages = try #require(test.app.databases.database(logger: test.app.logger, on: writer.eventLoop))
            let users = try await User.query(on: test.db).count()
            let (opened, openedSignal) = AsyncStream.makeStream(of: Void.self)
            let (release, releaseSignal) = AsyncStream.makeStream(of: Void.self)
            let transaction = Task {
                try await writer.transaction { transaction in
                    try await (transaction as! any SQLDatabase).raw("UPDATE users SET updated_at = updated_at").run()
                    openedSignal.yield()
                    for await _ in release { break }
                }
            }
            for await _ in opened { break }
            // act: a page's read on the same event loop while that transaction is open (before the fix it waited for
            // the connection, and failed after the pool's 10 s timeout)
            let seen = try await (pages as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM users").first()?.decode(
                column: "n", as: Int.self)
            releaseSignal.yield()
            releaseSignal.finish()
            try await transaction.value
            // validate
            #expect(seen == users)
        }
    }

    @Test func refusesFilesThatAreNotTables() async throws {
        try await Self.withContext { context in
            for (name, bytes, code) in [
                ("vide.csv", [UInt8](), "bad_upload"),
                ("image.csv", [0x89, 0x50, 0x4E, 0x47, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x1A, 0x0A], "unreadable_file"),
                ("ancien.xls", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0], "unreadable_file"),
                ("faux.xlsx", Array("PK\u{03}\u{04}garbage".utf8), "unreadable_file"),
            ] {
                do {
                    _ = try await context.upload(name, bytes)
                    Issue.record("\(name) was accepted")
                } catch let error as AppError {
                    #expect(error.status == .unprocessableEntity, "\(name)")
                    #expect(error.code == code || code == "bad_upload", "\(name): \(error.code)")
                }
            }
            #expect(try await context.count("import_batches") == 0)
        }
    }

    @Test func mixedEncodingsAHugeLineAndDuplicateTitlesAreReportedAndTheRestImported() async throws {
        try await Self.withContext { context in
            // setup: UTF-8 with one line saved as Windows-1252, one 2 MB line, and two « Nom » columns.
            var bytes = Array("Raison sociale;Nom;Prénom;Nom\nÉtoile SARL;Dupré;Zoé;Dupré\n".utf8)
            bytes += TextDecoding.windows1252Bytes("Château SAS;Lefèvre;Gaël;Lefèvre\n")
            bytes += Array("Gros;".utf8) + Array(repeating: UInt8(ascii: "x"), count: 2 << 20) + Array(";Long;Line\n".utf8)
            bytes += Array("Forêt SA;Müller;Anaïs;Müller\n".utf8)
            // act
            let batch = try await context.upload("melange.csv", bytes)
            let analysis = try ImportJSON.decode(ImportAnalysis.self, batch.analysis)
            // validate
            #expect(analysis.mixedEncoding)
            #expect(analysis.detectedEncoding == .utf8)
            #expect(analysis.headers == ["Raison sociale", "Nom", "Prénom", "Nom (2)"])
            #expect(analysis.warnings.contains { $0.fr.contains("mélange deux encodages") })
            #expect(analysis.warnings.contains { $0.fr.contains("Titres de colonnes en double") })
            let settings = try ImportJSON.decode(ImportSettings.self, batch.settings)
            #expect(settings.columns.map(\.target) == ["company.name", "contact.lastName", "contact.firstName", ""])
            let (_, report) = try await context.run(batch, simulate: false)
            #expect(report.rowsImported == 2)
            #expect(report.rowsRejected == 2)
            let problems = Dictionary(report.errors.map { ($0.row, $0.problems.first?.fr ?? "") }, uniquingKeysWith: { first, _ in first })
            #expect(problems[3]?.contains("encodage") == true)
            #expect(problems[4]?.contains("trop longue") == true)
            let names = try await (context.test.db as! any SQLDatabase).raw("SELECT name FROM companies ORDER BY name").all().map {
                try $0.decode(column: "name", as: String.self)
            }
            #expect(Set(names) == ["Étoile SARL", "Forêt SA"])
        }
    }

    // MARK: Companies and contacts

    @Test func oneFileMakesCompaniesWithTheirContactsLinkedWithRoles() async throws {
        try await Self.withContext { context in
            let batch = try await context.upload("clients.csv", Array(Self.csv(Self.rows).utf8))
            let (done, report) = try await context.run(batch, simulate: false)
            #expect(done.status == .done)
            #expect(report.companiesCreated == 2)
            #expect(report.contactsCreated == 4)
            #expect(report.linksCreated == 3)
            #expect(report.tagsCreated == 4)  // Assurance, Assurance › Auto, Prospect, Particulier
            let sql = context.test.db as! any SQLDatabase
            let links = try await sql.raw(
                """
                SELECT c.display_name, l.role, co.name FROM contact_companies l JOIN contacts c ON c.id = l.contact_id JOIN companies co ON co.id = l.company_id
                ORDER BY c.display_name
                """
            ).all().map {
                "\(try $0.decode(column: "display_name", as: String.self))|\(try $0.decode(column: "role", as: String.self))|\(try $0.decode(column: "name", as: String.self))"
            }
            #expect(
                links == [
                    "Gaëlle Müller|Comptable|Société Générale Démo", "Jeanne d'Arc|Gérante|Boulangerie d'Arc",
                    "Zoé Lefèvre|Gérante|Société Générale Démo",
                ])
            // The private client has no company; everyone is found by the search, accents folded.
            let withoutCompany = try await sql.raw(
                "SELECT COUNT(*) AS n FROM contacts c WHERE NOT EXISTS (SELECT 1 FROM contact_companies l WHERE l.contact_id = c.id)"
            ).first()!.decode(column: "n", as: Int.self)
            #expect(withoutCompany == 1)
            let found = try await SearchIndex.search("societe gen", kinds: ["companies", "contacts"], limit: 10, on: context.test.db)
            #expect(found.first?.title == "Société Générale Démo")
            #expect(
                try await SearchIndex.search("gaelle", kinds: ["contacts"], limit: 10, on: context.test.db).first?.subtitle
                    == "Société Générale Démo (Comptable)")
            let tagged = try await sql.raw(
                "SELECT COUNT(*) AS n FROM contact_tags t JOIN tags g ON g.id = t.tag_id WHERE g.path = \(bind: "Assurance › Auto")"
            ).first()!.decode(column: "n", as: Int.self)
            #expect(tagged == 2)
            // Owner is the importing user; the batch is audited.
            #expect(
                try await sql.raw("SELECT COUNT(*) AS n FROM companies WHERE owner_id IS NULL").first()!.decode(column: "n", as: Int.self)
                    == 0)
            #expect(try await context.test.auditEntries(entity: "imports").count == 1)
        }
    }

    @Test func simulationCountsEqualTheRunsAndBadRowsAreReportedWithoutHalfWritesWhenWholeRowsAreRefused() async throws {
        try await Self.withContext { context in
            // setup: « refuser la ligne entière »; an invalid SIRET, an invalid e-mail, an impossible birth date column, a
            // broken quote at the end.
            let lines = [
                "Raison sociale;SIRET;Nom;Prénom;E-mail;Date de naissance",
                "Alpha Conseil;73282932000074;Martin;Paul;paul@example.fr;12/03/1980",
                "Bêta SARL;12345678901234;Durand;Anne;anne@example.fr;1980-03-12",
                "Gamma;;Petit;Luc;pas-un-email;",
                "Delta;;Roux;Léa;lea@example.fr;31/02/1990",
                "Alpha Conseil;73282932000074;Moreau;Jean;jean@example.fr;",
                "",
                "Epsilon;;\"Blanc;Marc;marc@example.fr;",
            ]
            var batch = try await context.upload("erreurs.csv", Array((lines.joined(separator: "\n") + "\n").utf8))
            var settings = try ImportJSON.decode(ImportSettings.self, batch.settings)
            #expect(settings.partialRows == .createValid)
            settings.partialRows = .rejectRow
            batch = try await context.service.update(batch, settings: settings)
            // act
            let (simulated, simulation) = try await context.run(batch, simulate: true)
            #expect(simulated.status == .simulated)
            #expect(try await context.count("companies") == 0)
            #expect(try await context.count("contacts") == 0)
            let (_, report) = try await context.run(simulated, simulate: false)
            // validate
            #expect(simulation.counts == report.counts)
            #expect(report.rowsImported == 2)
            #expect(report.rowsRejected == 4)
            #expect(report.rowsPartial == 0)
            #expect(report.rowsBlank == 1)
            #expect(report.companiesCreated == 1)
            #expect(report.contactsCreated == 2)
            let byRow = Dictionary(report.errors.map { ($0.row, $0.problems) }, uniquingKeysWith: { first, _ in first })
            #expect(byRow[3]?.first?.column == "SIRET")
            #expect(byRow[3]?.first?.value == "12345678901234")
            #expect(byRow[4]?.first?.column == "E-mail")
            #expect(byRow[5]?.first?.column == "Date de naissance")
            #expect(byRow[8]?.first?.fr.contains("Guillemet") == true)
            // Nothing of a rejected row was written: no « Bêta SARL », no « Gamma ».
            let names = try await (context.test.db as! any SQLDatabase).raw("SELECT name FROM companies").all().map {
                try $0.decode(column: "name", as: String.self)
            }
            #expect(names == ["Alpha Conseil"])
            // The error file is the rejected rows with their line and reasons, `;`, UTF-8 with BOM.
            let errors = try String(contentsOf: context.service.errorFileURL(batch, simulation: false), encoding: .utf8)
            let records = try CSVReader().rows(errors)
            #expect(records.first == ["Raison sociale", "SIRET", "Nom", "Prénom", "E-mail", "Date de naissance", "Ligne", "Erreurs"])
            #expect(records.count == 5)
            #expect(records[1][0] == "Bêta SARL")
            #expect(records[1][6] == "3")
            #expect(records[1][7].contains("SIRET"))
        }
    }

    // MARK: Partly valid rows and row numbers

    /// The file of `partlyValidRowsCreateTheirCompanyAndTheErrorFileImportsTheContactsWithoutDuplicates`: row 2 has a
    /// role on two lines (one row in Excel, two lines in the file), rows 3, 4 and 6 a valid company and an invalid contact,
    /// row 5 an invalid company (SIRET) with a valid contact, row 7 a private client with an invalid e-mail.
    static let partialHeader = "Raison sociale;SIRET;Nom;Prénom;E-mail;Date de naissance;Rôle;Centres d'intérêt société"
    static let partialLines = [
        "Alpha Conseil;73282932000074;Martin;Paul;paul@example.fr;12/03/1980;\"Gérant\nassocié\";Client",
        "Gamma;;Petit;Luc;pas-un-email;;Comptable;Prospect > Chaud",
        "Delta;;Roux;Léa;lea@example.fr;31/02/1990;;",
        "Bêta SARL;12345678901234;Durand;Anne;anne@example.fr;;;",
        "Epsilon;;;;eps@example.fr;;;",
        ";;Nguyen;Loïc;loic@;;;",
    ]
    static let partialTargets = [
        "company.name", "company.siret", "contact.lastName", "contact.firstName", "contact.email", "contact.birthDate", "link.role",
        "company.tags",
    ]

    /// Maps the file's columns to `targets` (by position; the others ignored).
    static func mapped(_ context: Context, _ batch: ImportBatchRecord, _ targets: [String]) async throws -> ImportBatchRecord {
        var settings = try ImportJSON.decode(ImportSettings.self, batch.settings)
        for index in settings.columns.indices { settings.columns[index].target = index < targets.count ? targets[index] : "" }
        return try await context.service.update(batch, settings: settings)
    }

    @Test func partlyValidRowsCreateTheirCompanyAndTheErrorFileImportsTheContactsWithoutDuplicates() async throws {
        try await Self.withContext { context in
            // setup
            let text = ([Self.partialHeader] + Self.partialLines).joined(separator: "\n") + "\n"
            let batch = try await Self.mapped(context, try await context.upload("partiel.csv", Array(text.utf8)), Self.partialTargets)
            #expect(try ImportJSON.decode(ImportSettings.self, batch.settings).partialRows == .createValid)
            // act: the simulation, then the run (default: « créer ce qui est valide »)
            let (simulated, simulation) = try await context.run(batch, simulate: true)
            #expect(try await context.count("companies") == 0)
            let (done, report) = try await context.run(simulated, simulate: false)
            // validate: counts
            #expect(simulation.counts == report.counts)
            #expect(report.rowsRead == 6)
            #expect(report.rowsImported == 1)
            #expect(report.rowsPartial == 3)
            #expect(report.rowsRejected == 2)
            #expect(report.companiesCreated == 4)
            #expect(report.contactsCreated == 1)
            #expect(report.linksCreated == 1)
            #expect(report.tagsCreated == 3)  // Client, Prospect, Prospect › Chaud
            // Row numbers as Excel shows them: the header is row 1, the two-line cell of row 2 does not shift the others.
            #expect(report.errors.map(\.row) == [3, 4, 5, 6, 7])
            #expect(report.errors.map(\.companyImported) == [true, true, false, true, false])
            #expect(report.errors[0].problems.map(\.column) == ["E-mail"])
            #expect(report.errors[0].problems.first?.value == "pas-un-email")
            #expect(report.errors[1].problems.map(\.column) == ["Date de naissance"])
            #expect(report.errors[2].problems.first?.column == "SIRET")
            #expect(report.errors[3].problems.first?.column == "Nom")
            #expect(report.errors[3].problems.first?.fr.contains("Nom du contact manquant") == true)
            // The valid companies are written, with their tags; the invalid contacts, and Bêta's valid one, are not.
            let sql = context.test.db as! any SQLDatabase
            let names = try await sql.raw("SELECT name FROM companies ORDER BY name").all().map {
                try $0.decode(column: "name", as: String.self)
            }
            #expect(names == ["Alpha Conseil", "Delta", "Epsilon", "Gamma"])
            let contacts = try await sql.raw("SELECT display_name FROM contacts").all().map {
                try $0.decode(column: "display_name", as: String.self)
            }
            #expect(contacts == ["Paul Martin"])
            #expect(try await context.count("contact_companies") == 1)
            #expect(try await context.count("company_tags") == 2)
            try await SearchIndexTests.expectIndexInStep(context.test)
            #expect(try await context.test.auditEntries(entity: "imports").first?.summary.contains("3 importées en partie") == true)

            // The error file: every row in error, whole, with its Excel row number and what happened.
            let errorText = try String(contentsOf: context.service.errorFileURL(done, simulation: false), encoding: .utf8)
            let records = try CSVReader().rows(errorText)
            #expect(
                records.first == [
                    "Raison sociale", "SIRET", "Nom", "Prénom", "E-mail", "Date de naissance", "Rôle", "Centres d'intérêt société", "Ligne",
                    "Erreurs",
                ])
            #expect(records.count == 6)
            #expect(records.dropFirst().map { $0[8] } == ["3", "4", "5", "6", "7"])
            #expect(Array(records[1].prefix(8)) == ["Gamma", "", "Petit", "Luc", "pas-un-email", "", "Comptable", "Prospect > Chaud"])
            #expect(records[1][9].hasPrefix("Société importée, contact refusé : E-mail : "))
            #expect(records[1][9].hasSuffix("(« pas-un-email »)"))
            #expect(records[3][0] == "Bêta SARL")
            #expect(records[3][9].hasPrefix("SIRET"))

            // Fixed in the spreadsheet and imported again: the companies are found, the contacts created and linked.
            var fixed = records
            fixed[1][4] = "luc@example.fr"
            fixed[2][5] = "28/02/1990"
            fixed[4][2] = "Blanc"
            let fixedText = fixed.map { $0.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ";") }
                .joined(separator: "\r\n")
            context.test.clock.advance(by: 60)
            let again = try await Self.mapped(
                context, try await context.upload("partiel-erreurs.csv", [0xEF, 0xBB, 0xBF] + Array(fixedText.utf8)), Self.partialTargets)
            let (secondDone, second) = try await context.run(again, simulate: false)
            #expect(second.rowsImported == 3)
            #expect(second.rowsPartial == 0)
            #expect(second.rowsRejected == 2)
            #expect(second.errors.map(\.row) == [4, 6])  // rows of the error file: Bêta SARL, Nguyen
            #expect(second.companiesCreated == 0)
            #expect(second.companiesUnchanged == 3)
            #expect(second.contactsCreated == 3)
            #expect(second.linksCreated == 3)
            #expect(try await context.count("companies") == 4)
            let links = try await sql.raw(
                """
                SELECT c.display_name, l.role, co.name FROM contact_companies l JOIN contacts c ON c.id = l.contact_id
                JOIN companies co ON co.id = l.company_id ORDER BY co.name
                """
            ).all().map {
                "\(try $0.decode(column: "display_name", as: String.self))|\(try $0.decode(column: "role", as: String.self))|\(try $0.decode(column: "name", as: String.self))"
            }
            #expect(
                links == ["Paul Martin|Gérant\nassocié|Alpha Conseil", "Léa Roux||Delta", "Blanc||Epsilon", "Luc Petit|Comptable|Gamma"])

            // Undo: the first import is blocked by the second's links; undoing the second, then the first, removes everything.
            #expect(!(try await context.service.rollback(done)).blockers.isEmpty)
            let undoneSecond = try await context.service.rollback(secondDone)
            #expect(undoneSecond.blockers.isEmpty)
            #expect(undoneSecond.contactsRemoved == 3)
            #expect(undoneSecond.companiesRemoved == 0)
            let undoneFirst = try await context.service.rollback(try await context.service.batch(done.id))
            #expect(undoneFirst.blockers.isEmpty)
            #expect(undoneFirst.companiesRemoved == 4)
            #expect(undoneFirst.contactsRemoved == 1)
            for table in ["companies", "contacts", "contact_companies", "company_tags", "contact_tags", "tags", "search_documents"] {
                #expect(try await context.count(table) == 0, "\(table)")
            }
            try await SearchIndexTests.expectIndexInStep(context.test)
        }
    }

    @Test func anXLSXSheetNumbersItsRowsAsExcelDoes() async throws {
        try await Self.withContext { context in
            // setup: a sheet whose row 2 has a comment on two lines and whose row 4 has an invalid e-mail.
            var workbook = XLSXWriter()
            let rows: [[String]] = [
                ["Raison sociale", "Commentaire", "Nom", "E-mail"],
                ["Alpha Conseil", "Rappeler lundi\npuis mardi", "Martin", "paul@example.fr"],
                ["", "", "", ""],
                ["Gamma", "", "Petit", "pas-un-email"],
            ]
            workbook.addSheet(name: "Clients", rows: rows.map { $0.map { $0.isEmpty ? XLSXCell.empty : XLSXCell.text($0) } }, header: true)
            let batch = try await Self.mapped(
                context, try await context.upload("clients.xlsx", [UInt8](try workbook.data())),
                ["company.name", "", "contact.lastName", "contact.email"])
            // act
            let (done, report) = try await context.run(batch, simulate: false)
            // validate
            #expect(report.rowsBlank == 1)
            #expect(report.rowsImported == 1)
            #expect(report.rowsPartial == 1)
            #expect(report.errors.map(\.row) == [4])
            #expect(report.errors.first?.companyImported == true)
            let records = try CSVReader().rows(
                try String(contentsOf: context.service.errorFileURL(done, simulation: false), encoding: .utf8))
            #expect(records.count == 2)
            #expect(records[1][4] == "4")
            #expect(try await context.count("companies") == 2)
            #expect(try await context.count("contacts") == 1)
        }
    }

    @Test func mappingTwoColumnsToOneFieldIsRefused() async throws {
        try await Self.withContext { context in
            let batch = try await context.upload("doublon.csv", Array(Self.csv(Self.rows).utf8))
            var settings = try ImportJSON.decode(ImportSettings.self, batch.settings)
            settings.columns[6].target = "company.name"
            do {
                _ = try await context.service.update(batch, settings: settings)
                Issue.record("accepted")
            } catch let error as AppError {
                #expect(error.status == .unprocessableEntity)
                #expect(error.fields["mapping"]?.first?.fr.contains("« Raison sociale » et « Ville »") == true)
            }
            // Nothing saved.
            #expect(
                try ImportJSON.decode(ImportSettings.self, try await context.service.batch(batch.id).settings).columns[6].target
                    == "company.billingCity")
        }
    }

    // MARK: Existing records

    @Test func updateExistingIsIdempotentAndUndoRestores() async throws {
        try await Self.withContext { context in
            let first = try await context.upload("clients.csv", Array(Self.csv(Self.rows).utf8))
            _ = try await context.run(first, simulate: false)
            // The same file again, updating: nothing new.
            var again = try await context.upload("clients.csv", Array(Self.csv(Self.rows).utf8))
            var settings = try ImportJSON.decode(ImportSettings.self, again.settings)
            settings.updateExisting = true
            again = try await context.service.update(again, settings: settings)
            let (_, second) = try await context.run(again, simulate: false)
            #expect(second.companiesCreated == 0)
            #expect(second.contactsCreated == 0)
            #expect(second.linksCreated == 0)
            #expect(second.companiesUnchanged == 2)
            #expect(second.contactsUnchanged == 4)
            #expect(try await context.count("companies") == 2)
            #expect(try await context.count("contacts") == 4)
            #expect(try await context.count("contact_companies") == 3)
            // A changed city updates the company; undoing that import puts Lyon back.
            var changed = Self.rows
            changed[0] = changed[0].replacingOccurrences(of: ";Lyon;", with: ";Villeurbanne;")
            var third = try await context.upload("clients-2.csv", Array(Self.csv(changed).utf8))
            third = try await context.service.update(third, settings: settings)
            context.test.clock.advance(by: 60)
            let (thirdDone, update) = try await context.run(third, simulate: false)
            #expect(update.companiesUpdated == 1)
            let sql = context.test.db as! any SQLDatabase
            let city = {
                try await sql.raw("SELECT billing_city FROM companies WHERE siret = '73282932000074'").first()!.decode(
                    column: "billing_city", as: String.self)
            }
            #expect(try await city() == "Villeurbanne")
            let undone = try await context.service.rollback(thirdDone)
            #expect(undone.blockers.isEmpty)
            #expect(undone.recordsRestored == 1)
            #expect(try await city() == "Lyon")
            #expect(try await context.service.batch(third.id).status == .rolledBack)
            try await SearchIndexTests.expectIndexInStep(context.test)
        }
    }

    @Test func undoRemovesTheBatchOrNamesWhatBlocksIt() async throws {
        try await Self.withContext { context in
            let batch = try await context.upload("clients.csv", Array(Self.csv(Self.rows).utf8))
            let (done, _) = try await context.run(batch, simulate: false)
            // The imported records are found by the search, each with its full-text row.
            #expect(
                try await SearchIndex.search("boulangerie d'arc", kinds: ["companies"], limit: 5, on: context.test.db).map(\.title) == [
                    "Boulangerie d'Arc"
                ])
            try await SearchIndexTests.expectIndexInStep(context.test)
            // Someone edits a created company: the undo is refused and names it.
            let sql = context.test.db as! any SQLDatabase
            context.test.clock.advance(by: 120)
            try await sql.raw(
                "UPDATE companies SET notes = 'vu', updated_at = \(bind: context.test.clock.now()) WHERE name = 'Boulangerie d''Arc'"
            ).run()
            let refused = try await context.service.rollback(done)
            #expect(refused.blockers.map(\.title) == ["Boulangerie d'Arc"])
            #expect(try await context.count("companies") == 2)
            // Put back as imported: the undo removes everything the batch created.
            try await sql.raw("UPDATE companies SET updated_at = \(bind: done.stamp!) WHERE name = 'Boulangerie d''Arc'").run()
            let result = try await context.service.rollback(done)
            #expect(result.companiesRemoved == 2)
            #expect(result.contactsRemoved == 4)
            for table in ["companies", "contacts", "contact_companies", "contact_tags", "search_documents", "tags"] {
                #expect(try await context.count(table) == 0, "\(table)")
            }
            try await SearchIndexTests.expectIndexInStep(context.test)
            #expect(try await SearchIndex.search("boulangerie", kinds: ["companies"], limit: 5, on: context.test.db).isEmpty)
        }
    }

    // MARK: Configurations

    @Test func configurationsAreSavedOverwrittenAndLoadedByColumnTitle() async throws {
        try await Self.withContext { context in
            let batch = try await context.upload("clients.csv", Array(Self.csv(Self.rows).utf8))
            var settings = try ImportJSON.decode(ImportSettings.self, batch.settings)
            settings.columns[7].target = ""  // no tags
            let edited = try await context.service.update(batch, settings: settings)
            let profile = try await context.service.saveProfile(edited, name: "Clients Excel", overwrite: false)
            do {
                _ = try await context.service.saveProfile(edited, name: "Clients Excel", overwrite: false)
                Issue.record("overwrote without confirmation")
            } catch let error as AppError {
                #expect(error.status == .conflict)
                #expect(error.code == "profile_exists")
            }
            let replaced = try await context.service.saveProfile(edited, name: "Clients Excel", overwrite: true)
            #expect(replaced.id == profile.id)
            #expect(try await ImportProfileStore.all(on: context.test.db).count == 1)
            // A new file: other column order, comma-separated, without « Ville ».
            let other =
                "E-mail,Nom,Raison sociale,SIRET,Prénom,Rôle\r\nzoe@example.fr,Lefèvre,Société Générale Démo,73282932000074,Zoé,Gérante\r\n"
            let second = try await context.upload("export.csv", Array(other.utf8))
            let (loaded, missing) = try await context.service.loadProfile(second, profileID: profile.id)
            #expect(missing == ["Ville"])
            let mapped = try ImportJSON.decode(ImportSettings.self, loaded.settings)
            #expect(
                mapped.columns.map(\.target) == [
                    "contact.email", "contact.lastName", "company.name", "company.siret", "contact.firstName", "link.role",
                ])
            #expect(mapped.separator == ",")
            #expect(loaded.profileID == profile.id)
            // Managed from the admin: rename (a taken name is refused), delete.
            let spare = try await context.service.saveProfile(edited, name: "Autre", overwrite: false)
            do {
                _ = try await context.service.renameProfile(spare.id, to: "Clients Excel")
                Issue.record("renamed onto a taken name")
            } catch let error as AppError {
                #expect(error.status == .conflict)
            }
            #expect(try await context.service.renameProfile(spare.id, to: " Fournisseurs ").name == "Fournisseurs")
            try await context.service.deleteProfile(spare.id)
            #expect(try await ImportProfileStore.all(on: context.test.db).map(\.name) == ["Clients Excel"])
        }
    }

    // MARK: Cancellation

    @Test func cancellationStopsBetweenChunksAndLeavesWholeRows() async throws {
        try await Self.withContext { context in
            let chunk = context.test.app.comptoir.importTuning.chunkSize
            let done = try await context.startAndStop(rows: 3 * chunk, simulate: false)
            let report = try ImportJSON.decode(ImportReport.self, try #require(done.report))
            #expect(done.status == .cancelled)
            #expect(report.cancelled)
            #expect(report.rowsRead < 3 * chunk)
            #expect(report.rowsRead % chunk == 0)
            // Every row read is whole: its company, its contact, their link and search entries.
            #expect(try await context.count("companies") == report.rowsRead)
            #expect(try await context.count("contacts") == report.rowsRead)
            #expect(try await context.count("contact_companies") == report.rowsRead)
            #expect(try await context.count("search_documents") == 2 * report.rowsRead)
            let result = try await context.service.rollback(done)
            #expect(result.contactsRemoved == report.rowsRead)
            #expect(try await context.count("contacts") == 0)
        }
    }

    @Test func aStoppedSimulationDoesNotStopTheNextRun() async throws {
        try await Self.withContext { context in
            let chunk = context.test.app.comptoir.importTuning.chunkSize
            let stopped = try await context.startAndStop(rows: 2 * chunk, simulate: true)
            #expect(stopped.status == .analysed)
            let (done, report) = try await context.run(stopped, simulate: false)
            #expect(done.status == .done)
            #expect(!report.cancelled)
            #expect(report.rowsImported == 2 * chunk)
            #expect(try await context.count("contacts") == 2 * chunk)
        }
    }

    @Test func smallChunksAreWrittenInGroupedTransactionsWithTheirProgress() async throws {
        try await Self.withContext { context in
            let lines = (0..<23).map { "Société \($0);;Nom\($0);Prénom;g\($0)@example.fr;Gérant;Lyon;Épargne" }
            let batch = try await context.upload("groupes.csv", Array(Self.csv(lines).utf8))
            let app = context.test.app
            let settings = try ImportJSON.decode(ImportSettings.self, batch.settings)
            let analysis = try ImportJSON.decode(ImportAnalysis.self, batch.analysis)
            let engine = ImportEngine(
                fileURL: context.service.fileURL(batch), kind: analysis.kind, settings: settings, headers: analysis.headers,
                batchID: batch.id,
                userID: nil, auditActor: .system, simulate: false, errorFile: nil, ids: AscendingIDGenerator(base: app.comptoir.ids),
                stamp: context.service.now, tuning: ImportTuning(chunkSize: 3, transactionRows: 7))
            // Reads and writes on two connections, as a job runs.
            let loops = app.eventLoopGroup.makeIterator().map { $0 }
            let reader = app.databases.database(logger: app.logger, on: loops[0])!
            let writer = app.databases.database(logger: app.logger, on: loops[loops.count > 1 ? 1 : 0])!
            let report = try await engine.run(on: reader, writer: writer) { _ in true }
            #expect(report.rowsImported == 23)
            #expect(try await context.count("companies") == 23)
            #expect(try await context.count("contacts") == 23)
            #expect(try await context.count("contact_companies") == 23)
            #expect(try await context.count("contact_tags") == 23)
            #expect(try await context.count("search_documents") == 46)
            // The last transaction recorded the progress of its last chunk: the whole file.
            let saved = try #require(try await ImportBatchStore.get(batch.id, on: context.test.db))
            #expect(saved.rowsDone == 23)
            #expect(try ImportJSON.decode(ImportReport.self, try #require(saved.report)).contactsCreated == 23)
        }
    }

    // MARK: Demo and command line

    @Test func theDemoFilesImportWithTheDemoConfigurationFromTheCommandLine() async throws {
        try await Self.withContext { context in
            _ = try await ImportsDemo.load(context.test.app)
            let folder = URL(fileURLWithPath: context.test.dataDirectory).appendingPathComponent("exemples")
            // The simulation writes nothing; the run imports the good rows and refuses the last one (SIRET, e-mail).
            let simulated = try await ImportCommandSupport.run(
                context.test.app, context: context.test.app.systemContext("comptoir import"),
                file: folder.appendingPathComponent("clients-excel.csv").path, configuration: "Clients (export Excel)",
                dryRun: true, updateExisting: false, userEmail: nil, progress: { _ in })
            #expect(simulated.contains("Lignes : 5 lues, 4 importées, 0 en partie (société sans son contact), 1 refusées, 0 vides"))
            #expect(try await context.count("contacts") == 0)
            let lines = try await ImportCommandSupport.run(
                context.test.app, context: context.test.app.systemContext("comptoir import"),
                file: folder.appendingPathComponent("clients-excel.csv").path, configuration: "Clients (export Excel)",
                dryRun: false, updateExisting: false, userEmail: nil, progress: { _ in })
            #expect(lines.contains("Sociétés : 2 créées, 0 mises à jour, 0 inchangées"))
            #expect(lines.contains("Contacts : 4 créés, 0 mis à jour, 0 inchangés"))
            #expect(lines.contains { $0.contains("ligne 6") && $0.contains("SIRET") })
            // The XLSX sample reads the same rows: a second import with updates creates nothing new.
            let again = try await ImportCommandSupport.run(
                context.test.app, context: context.test.app.systemContext("comptoir import"),
                file: folder.appendingPathComponent("contacts.xlsx").path, configuration: "Clients (export Excel)",
                dryRun: false, updateExisting: true, userEmail: nil, progress: { _ in })
            #expect(again.contains("Contacts : 0 créés, 0 mis à jour, 4 inchangés"))
            do {
                _ = try await ImportCommandSupport.run(
                    context.test.app, context: context.test.app.systemContext("comptoir import"), file: "/nonexistent.csv",
                    configuration: "x", dryRun: true, updateExisting: false, userEmail: nil, progress: { _ in })
                Issue.record("accepted a missing file")
            } catch let failure as ImportCommandSupport.Failure {
                #expect(failure.description.contains("cannot read"))
            }
        }
    }

    // MARK: Pages and API

    @Test func theWholeFlowThroughThePagesAndTheAPI() async throws {
        try await TestApp.run { test in
            var (browser, _) = try await test.signedIn()
            let page = try await browser.open("/admin/imports")
            #expect(page.body.contains("Lancer l&#39;analyse du fichier") || page.body.contains("Lancer l'analyse du fichier"))
            let current = browser.currentCSRF()
            let csrf = try #require(current)
            // Upload through the form: multipart, the token in the action URL.
            let boundary = "----comptoir"
            var body = ByteBuffer()
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf)\r\n")
            body.writeString(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"clients.csv\"\r\nContent-Type: text/csv\r\n\r\n"
            )
            body.writeBytes(TextDecoding.windows1252Bytes(Self.csv(Self.rows)))
            body.writeString("\r\n--\(boundary)--\r\n")
            let uploaded = try await browser.send(
                .POST, "/admin/imports?_csrf=\(csrf)", headers: ["Content-Type": "multipart/form-data; boundary=\(boundary)"], body: body)
            #expect(uploaded.status == .seeOther)
            let path = try #require(uploaded.location)
            let detail = try await browser.open(path)
            #expect(detail.body.contains("Société Générale Démo"))
            #expect(detail.body.contains("Correspondance des colonnes"))
            // Simulate from the mapping form, then read the counts.
            var fields = ["readSettings": "true", "hasHeader": "true", "encoding": "windows1252", "separator": ";", "next": "simulate"]
            for (index, target) in [
                "company.name", "company.siret", "contact.lastName", "contact.firstName", "contact.email", "link.role",
                "company.billingCity", "",
            ].enumerated() {
                fields["col_\(index)"] = target
            }
            let simulated = try await browser.post(path + "/settings", fields)
            #expect(simulated.status == .seeOther)
            let id = try #require(UUID(uuidString: String(path.split(separator: "/").last!)))
            await test.app.importJobs.wait(id)
            let result = try await browser.open(path)
            #expect(result.body.contains("Résultat de la simulation"))
            let progress = try await browser.get(path + "/progress")
            #expect(progress.json?["status"] == .string("simulated"))
            #expect(progress.json?["rowsDone"] == .int(4))
            #expect(result.body.contains("data-count=\"4\""))
            #expect(
                try await (test.db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM contacts").first()!.decode(column: "n", as: Int.self)
                    == 0)

            // The API: raw upload, status, run, and a plain user is refused.
            let admin = try await test.createUser("api@example.fr", role: .admin)
            let token = try await test.token(for: admin)
            var api = Browser(app: test.app)
            var raw = ByteBuffer()
            raw.writeString(Self.csv(Self.rows))
            let created = try await api.send(
                .POST, "/api/v1/imports?fileName=clients.csv", headers: ["Authorization": "Bearer \(token)", "Content-Type": "text/csv"],
                body: raw)
            #expect(created.status == .created)
            let importID = try #require(created.json?["id"].flatMap { if case .string(let s) = $0 { return s } else { return nil } })
            let started = try await api.send(.POST, "/api/v1/imports/\(importID)/run", headers: ["Authorization": "Bearer \(token)"])
            #expect(started.status == .accepted)
            await test.app.importJobs.wait(UUID(uuidString: importID)!)
            let status = try await api.send(.GET, "/api/v1/imports/\(importID)", headers: ["Authorization": "Bearer \(token)"])
            #expect(status.json?["status"] == .string("done"))
            let plain = try await test.createUser("bob@example.fr", role: .user)
            let plainToken = try await test.token(for: plain)
            let refused = try await api.send(.GET, "/api/v1/imports", headers: ["Authorization": "Bearer \(plainToken)"])
            #expect(refused.status == .forbidden)
        }
    }

    @Test func thePagesAndTheAPIOfferTheChoiceAndShowExcelRowNumbers() async throws {
        try await TestApp.run { test in
            // setup: an API client and a signed-in administrator.
            let admin = try await test.createUser("api@example.fr", role: .admin)
            let api = APIClient(app: test.app, token: try await test.token(for: admin))
            var (browser, _) = try await test.signedIn()
            var raw = ByteBuffer()
            raw.writeString(([Self.partialHeader] + Self.partialLines.prefix(2)).joined(separator: "\r\n") + "\r\n")
            var upload = Browser(app: test.app)
            let created = try await upload.send(
                .POST, "/api/v1/imports?fileName=partiel.csv",
                headers: ["Authorization": "Bearer \(api.token!)", "Content-Type": "text/csv"], body: raw)
            #expect(created.status == .created)
            let id = try #require(created.json?["id"]?.string)
            #expect(created.json?["settings"]?["partialRows"] == .string("createValid"))

            // The mapping page: one row per column of the file, its title, samples and target select; the choice.
            let page = try await browser.open("/admin/imports/\(id)")
            let start = try #require(page.body.range(of: "<table class=\"import-mapping\">"))
            let rest = page.body[start.lowerBound...]
            let end = try #require(rest.range(of: "</table>"))
            let table = String(rest[..<end.upperBound])
            #expect(table.components(separatedBy: "<tr>").count - 1 == 1 + 8)  // the titles' row, then one per column
            #expect(table.contains("<th scope=\"row\" data-label=\"Colonne du fichier\"><label for=\"col-0\">Raison sociale</label></th>"))
            #expect(table.contains("<li title=\"Alpha Conseil\">Alpha Conseil</li><li title=\"Gamma\">Gamma</li>"))
            #expect(table.contains("<select id=\"col-7\" name=\"col_7\">"))
            #expect(page.body.contains("name=\"partialRows\" value=\"createValid\" checked=\"checked\""))
            #expect(page.body.contains("Ligne partiellement valide"))

            // The API: a bad choice is a 422 naming the field; « rejectRow » is kept; the form sets it back.
            let bad = try await api.send(.PUT, "/api/v1/imports/\(id)/settings", json: #"{"partialRows": "maybe"}"#)
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.json?["error"]?["fields"]?["partialRows"] != nil)
            let rejecting = try await api.send(.PUT, "/api/v1/imports/\(id)/settings", json: #"{"partialRows": "rejectRow"}"#)
            #expect(rejecting.status == .ok)
            #expect(rejecting.json?["settings"]?["partialRows"] == .string("rejectRow"))
            var fields = ["readSettings": "true", "hasHeader": "true", "encoding": "utf8", "separator": ";", "partialRows": "createValid"]
            for (index, target) in Self.partialTargets.enumerated() { fields["col_\(index)"] = target }
            let saved = try await browser.post("/admin/imports/\(id)/settings", fields)
            #expect(saved.status == .seeOther)
            let status = try await api.send(.GET, "/api/v1/imports/\(id)")
            #expect(status.json?["settings"]?["partialRows"] == .string("createValid"))

            // Run: the report, the page and the error file give Gamma's row its Excel number, 3.
            #expect(try await api.send(.POST, "/api/v1/imports/\(id)/run").status == .accepted)
            await test.app.importJobs.wait(try #require(UUID(uuidString: id)))
            let done = try await api.send(.GET, "/api/v1/imports/\(id)")
            #expect(done.json?["report"]?["rowsPartial"] == .int(1))
            #expect(done.json?["report"]?["rowsImported"] == .int(1))
            guard case .array(let errors)? = done.json?["report"]?["errors"] else {
                Issue.record("no errors in the report")
                return
            }
            #expect(errors.count == 1)
            #expect(errors.first?["row"] == .int(3))
            #expect(errors.first?["companyImported"] == .bool(true))
            let report = try await browser.open("/admin/imports/\(id)")
            #expect(report.body.contains("<td class=\"number\" data-label=\"Ligne (Excel)\">3</td>"))
            #expect(report.body.contains("Société importée, contact refusé : "))
            #expect(report.body.contains("data-count=\"1\""))
            let file = try await api.send(.GET, "/api/v1/imports/\(id)/errors")
            #expect(file.status == .ok)
            let lines = file.body.components(separatedBy: "\r\n")
            #expect(lines.count >= 2 && lines[1].hasPrefix("Gamma;;Petit;Luc;pas-un-email;;Comptable;Prospect > Chaud;3;"))
            #expect(lines.count >= 2 && lines[1].contains("Société importée, contact refusé : E-mail"))
        }
    }
}
