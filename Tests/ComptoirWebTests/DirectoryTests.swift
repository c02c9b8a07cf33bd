import ComptoirCore
import ComptoirDocuments
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import SQLKit
import Testing
import Vapor

@testable import ComptoirWeb

@Suite("Directory: companies, contacts, links, tags, search, duplicates, merge, exports")
struct DirectoryTests {
    static let company = [
        "name": "Société Générale de Négoce", "legalForm": "SAS", "siret": "843 217 654 00014", "vatNumber": "FR62843217654",
        "nafCode": "46.90Z", "isClient": "true", "billingLine1": "12 rue de la République", "billingPostcode": "69002",
        "billingCity": "Lyon", "billingCountry": "FR", "phone": "04 78 12 34 56", "email": "contact@sgn.fr",
    ]

    /// Creates a company through the form and returns its id.
    static func createCompany(_ browser: inout Browser, _ fields: [String: String]) async throws -> UUID {
        try await browser.open("/companies/new")
        let response = try await browser.post("/companies", fields)
        #expect(response.status == .seeOther, "create company: \(response.status) \(response.body.prefix(300))")
        return try #require(response.location.flatMap { UUID(uuidString: String($0.split(separator: "/").last ?? "")) })
    }

    static func createContact(_ browser: inout Browser, _ fields: [String: String]) async throws -> UUID {
        try await browser.open("/contacts/new")
        let response = try await browser.post("/contacts", fields)
        #expect(response.status == .seeOther, "create contact: \(response.status) \(response.body.prefix(300))")
        return try #require(response.location.flatMap { UUID(uuidString: String($0.split(separator: "/").last ?? "")) })
    }

    @Test func contactDetailsAreLinksAPhoneOrMailProgramOpens() async throws {
        try await TestApp.run { t in
            // setup
            var (browser, _) = try await t.signedIn(role: .user)
            let contact = try await Self.createContact(
                &browser, ["lastName": "Martin", "email": "anne.martin@example.fr", "mobile": "06 12 34 56 78"])
            let company = try await Self.createCompany(
                &browser, ["name": "Durand SA", "billingPostcode": "69002", "website": "https://www.durand.fr"])
            // act
            let person = try await browser.get("/contacts/\(contact.uuidString.lowercased())")
            let firm = try await browser.get("/companies/\(company.uuidString.lowercased())")
            // validate
            #expect(person.body.contains("href=\"mailto:anne.martin@example.fr\""))
            #expect(
                person.body.contains("href=\"tel:+33612345678\""),
                "\(person.body.range(of: "06").map { String(person.body[$0.lowerBound...].prefix(120)) } ?? "")")
            #expect(firm.body.contains("href=\"https://www.durand.fr\" rel=\"noopener noreferrer\""))
        }
    }

    @Test func companyIsCreatedNormalisedIndexedAndAudited() async throws {
        try await TestApp.run { t in
            var (browser, _) = try await t.signedIn(role: .user)
            let id = try await Self.createCompany(&browser, Self.company)
            let row = try #require(try await TableStore.get(CompaniesEntity.definition.tableSpec, id: id, on: t.db))
            #expect(row["siret"] == .text("84321765400014"))
            #expect(row["siren"] == .text("843217654"))
            #expect(row["naf_code"] == .text("4690Z"))
            #expect(row["phone"] == .text("+33478123456"))
            #expect(row["is_client"] == .bool(true))
            #expect(row["name_folded"] == .text("generale de negoce"))
            let page = try await browser.get("/companies/\(id.uuidString.lowercased())")
            #expect(page.body.contains("Société Générale de Négoce"))
            #expect(page.body.contains("04 78 12 34 56"))
            #expect(try await t.auditEntries(entity: "companies").count == 1)
            let hits = try await SearchIndex.search("societe gen", kinds: ["companies"], limit: 5, on: t.db)
            #expect(hits.map(\.recordID) == [id])
        }
    }

    @Test(arguments: [
        ("siret", "843 217 654 00015", "SIRET"),
        ("vatNumber", "FR00843217654", "TVA"),
        ("email", "contact@sgn", "e-mail"),
        ("phone", "01 23", "téléphone"),
        ("billingPostcode", "6900", "code postal"),
        ("nafCode", "ABCDE", "NAF"),
    ])
    func invalidCompanyInputComesBackWithTheFieldNamed(field: String, value: String, word: String) async throws {
        try await TestApp.run { t in
            var (browser, _) = try await t.signedIn(role: .user)
            try await browser.open("/companies/new")
            var form = Self.company
            form[field] = value
            let response = try await browser.post("/companies", form)
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.contains("id=\"f-\(field)-error\""))
            #expect(response.body.localizedCaseInsensitiveContains(word))
            #expect(response.body.contains("value=\"\(H.escapeAttribute(value))\""))
            #expect(response.body.contains("value=\"Société Générale de Négoce\""))
            #expect(try await TableStore.count(CompaniesEntity.definition.tableSpec, filters: [], on: t.db) == 0)
            let index = try await (t.db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM search_documents").first()
            #expect(try index?.decode(column: "n", as: Int.self) == 0)
        }
    }

    @Test func duplicateCompanyWarnsAndLinksToTheExistingOne() async throws {
        try await TestApp.run { t in
            var (browser, _) = try await t.signedIn(role: .user)
            let first = try await Self.createCompany(&browser, Self.company)
            // Same SIREN.
            try await browser.open("/companies/new")
            var again = Self.company
            again["name"] = "SGN Lyon"
            again["siret"] = "84321765400014"
            let warned = try await browser.post("/companies", again)
            #expect(warned.status == .conflict)
            #expect(warned.body.contains("Une société semblable existe déjà"))
            #expect(warned.body.contains("href=\"/companies/\(first.uuidString.lowercased())\""))
            #expect(warned.body.contains("name=\"confirmDuplicate\""))
            #expect(warned.body.contains("value=\"SGN Lyon\""))
            // Same name (other legal form and accents) and postcode, no SIREN.
            let byName = try await browser.post(
                "/companies", ["name": "SARL societe generale de negoce", "billingPostcode": "69002", "billingCountry": "FR"])
            #expect(byName.status == .conflict)
            // Confirmed: created.
            again["confirmDuplicate"] = "true"
            #expect(try await browser.post("/companies", again).status == .seeOther)
            #expect(try await TableStore.count(CompaniesEntity.definition.tableSpec, filters: [], on: t.db) == 2)
            // The API says 409 with the related record.
            let user = try #require(try await User.find(email: "alice@example.fr", on: t.db))
            let api = APIClient(app: t.app, token: try await t.token(for: user))
            let conflict = try await api.send(.POST, "/api/v1/companies", json: #"{"name":"Autre","siret":"84321765400014"}"#)
            #expect(conflict.status == .conflict)
            #expect(conflict.json?["error"]?["code"] == "duplicate_suspected")
            #expect(conflict.body.contains(first.uuidString.lowercased()))
        }
    }

    @Test func contactWithTwoCompaniesAndRolesAppearsOnEachPage() async throws {
        try await TestApp.run { t in
            var (browser, _) = try await t.signedIn(role: .user)
            let sgn = try await Self.createCompany(&browser, Self.company)
            let bakery = try await Self.createCompany(
                &browser, ["name": "Boulangerie Lefèvre", "billingPostcode": "75011", "billingCity": "Paris"])
            let jeanne = try await Self.createContact(
                &browser,
                [
                    "civility": "Mme", "firstName": "Jeanne", "lastName": "d'Arc", "email": "jeanne.darc@example.fr",
                    "mobile": "06 12 34 56 78",
                    "birthDate": "06/01/1980",
                ])
            let contactPath = "/contacts/\(jeanne.uuidString.lowercased())"
            try await browser.open(contactPath)
            #expect(
                try await browser.post("\(contactPath)/companies", ["target": "843 217 654 00014", "role": "Gérante"]).status == .seeOther)
            #expect(
                try await browser.post("\(contactPath)/companies", ["target": "boulangerie lefevre", "role": "Comptable"]).status
                    == .seeOther)
            // From the company side, by e-mail.
            try await browser.open("/companies/\(bakery.uuidString.lowercased())")
            #expect(
                try await browser.post(
                    "/companies/\(bakery.uuidString.lowercased())/contacts", ["target": "jeanne.darc@example.fr", "role": "Associée"]
                ).status == .seeOther)

            let contactPage = try await browser.get(contactPath)
            #expect(contactPage.body.contains("Société Générale de Négoce"))
            #expect(contactPage.body.contains("Gérante"))
            #expect(contactPage.body.contains("Associée"))
            #expect(!contactPage.body.contains("— Comptable"))
            #expect(contactPage.body.contains("06/01/1980"))
            let companyPage = try await browser.get("/companies/\(sgn.uuidString.lowercased())")
            #expect(companyPage.body.contains("Jeanne d&#39;Arc") || companyPage.body.contains("Jeanne d'Arc"))
            #expect(companyPage.body.contains("Gérante"))
            let links = try await DirectoryLinks.companies(ofContact: jeanne, on: t.db)
            #expect(links.map(\.role).sorted() == ["Associée", "Gérante"])
            // The contact is found by its company's name.
            let hits = try await SearchIndex.search("negoce", kinds: ["contacts"], limit: 5, on: t.db)
            #expect(hits.map(\.recordID) == [jeanne])
            // A contact without company is a private client.
            let solo = try await Self.createContact(&browser, ["lastName": "Martin"])
            #expect(try await browser.get("/contacts/\(solo.uuidString.lowercased())").body.contains("Particulier"))
            // Unlink.
            try await browser.open(contactPath)
            let removed = try await browser.post(
                "\(contactPath)/companies/\(bakery.uuidString.lowercased())/removal", ["back": contactPath])
            #expect(removed.status == .seeOther)
            #expect(try await DirectoryLinks.companies(ofContact: jeanne, on: t.db).count == 1)
        }
    }

    @Test func searchIsAccentAndCaseInsensitiveByPrefixRankedAndGrouped() async throws {
        try await TestApp.run { t in
            var (browser, user) = try await t.signedIn(role: .user)
            let sg = try await Self.createCompany(
                &browser, ["name": "Société Générale", "billingPostcode": "75009", "billingCity": "Paris"])
            let other = try await Self.createCompany(
                &browser, ["name": "Garage Général", "billingCity": "Société-sur-Mer", "billingPostcode": "13000"])
            let archived = try await Self.createCompany(&browser, ["name": "Société Archivée", "billingPostcode": "33000"])
            try await browser.open("/companies/\(archived.uuidString.lowercased())/edit")
            #expect(
                try await browser.post(
                    "/companies/\(archived.uuidString.lowercased())",
                    ["name": "Société Archivée", "billingPostcode": "33000", "archived": "true", "isProspect": "true"]
                ).status == .seeOther)
            _ = try await Self.createContact(&browser, ["firstName": "Zoé", "lastName": "Lefèvre-Müller", "email": "zoe@example.fr"])

            for query in ["societe gen", "SOCIÉTÉ GÉN", "Societe", "soc gén"] {
                let hits = try await SearchIndex.search(query, kinds: ["companies"], limit: 10, on: t.db)
                #expect(hits.first?.recordID == sg, "\(query) → \(hits.map(\.title))")
                #expect(!hits.contains { $0.recordID == archived })
            }
            // "gen" matches both; the one whose name starts with the query ranks first.
            let general = try await SearchIndex.search("garage gen", kinds: ["companies"], limit: 10, on: t.db)
            #expect(general.first?.recordID == other)
            #expect(try await SearchIndex.search("lefevre muller", kinds: ["contacts"], limit: 5, on: t.db).count == 1)
            #expect(try await SearchIndex.search("zoe", kinds: ["contacts"], limit: 5, on: t.db).first?.title == "Zoé Lefèvre-Müller")
            // Query syntax never reaches the engine.
            #expect(try await SearchIndex.search("\"*) OR ( ':", kinds: ["companies"], limit: 5, on: t.db).isEmpty)

            let api = APIClient(app: t.app, token: try await t.token(for: user))
            let typeahead = try await api.send(.GET, "/api/v1/search?q=soc%20g&kinds=companies")
            #expect(typeahead.status == .ok)
            guard case .array(let items)? = typeahead.json?["items"] else { Issue.record("no items"); return }
            #expect(items.first?["title"] == "Société Générale")
            #expect(items.allSatisfy { $0["kind"] == "companies" })
            // The list's own search uses the same index.
            let listed = try await browser.get("/companies?q=soc%20gen%20paris")
            #expect(listed.body.contains("Société Générale"))
            #expect(!listed.body.contains("Garage Général"))
            let page = try await browser.get("/search?q=soci%C3%A9t%C3%A9")
            #expect(page.body.contains("<h2>Sociétés</h2>"))
            #expect(try await APIClient(app: t.app, token: nil).send(.GET, "/api/v1/search?q=soc").status == .unauthorized)
            // Only what the user may see: users are searchable by administrators only.
            try await t.createUser("societe.admin@example.fr", role: .admin, name: "Société Admin")
            let asUser = try await api.send(.GET, "/api/v1/search?q=societe")
            #expect(!asUser.body.contains("\"kind\":\"users\""))
            let admin = try #require(try await User.find(email: "societe.admin@example.fr", on: t.db))
            let asAdmin = try await APIClient(app: t.app, token: try await t.token(for: admin)).send(.GET, "/api/v1/search?q=societe")
            #expect(asAdmin.body.contains("\"kind\":\"users\""))
        }
    }

    @Test func searchTakesTitlePrefixesThenTitleWordsThenOtherMatches() async throws {
        try await TestApp.run { t in
            var (browser, _) = try await t.signedIn(role: .user)
            let bakery = try await Self.createCompany(
                &browser, ["name": "Boulangerie du Centre", "billingCity": "Saint-Martin-d'Hères", "billingPostcode": "38400"])
            let garage = try await Self.createCompany(&browser, ["name": "Garage Martin", "billingPostcode": "69003"])
            let martinez = try await Self.createCompany(&browser, ["name": "Martinez Conseil", "billingPostcode": "33000"])
            let brothers = try await Self.createCompany(&browser, ["name": "Martin Frères", "billingPostcode": "75011"])
            // Titles starting with the query (in title order), then titles holding the word, then the rest.
            let hits = try await SearchIndex.search("martin", kinds: ["companies"], limit: 10, on: t.db)
            #expect(hits.map(\.recordID) == [brothers, martinez, garage, bakery], "\(hits.map(\.title))")
            #expect(
                try await SearchIndex.search("martin", kinds: ["companies"], limit: 3, on: t.db).map(\.recordID) == [
                    brothers, martinez, garage,
                ])
            // A one-letter word is checked on the candidates of the longer ones.
            let jeanne = try await Self.createContact(&browser, ["firstName": "Jeanne", "lastName": "d'Arc", "email": "jeanne@example.fr"])
            _ = try await Self.createContact(&browser, ["firstName": "Arcadius", "lastName": "Bernard", "email": "arcadius@example.fr"])
            #expect(try await SearchIndex.search("d'arc", kinds: ["contacts"], limit: 10, on: t.db).map(\.recordID) == [jeanne])
            #expect(try await SearchIndex.search("arc", kinds: ["contacts"], limit: 10, on: t.db).count == 2)
            #expect(try await SearchIndex.search("marti d", kinds: ["companies"], limit: 10, on: t.db).map(\.recordID) == [bakery])
        }
    }

    @Test func tagsAreHierarchicalRefuseCyclesAndFilterWithDescendants() async throws {
        try await TestApp.run { t in
            var (browser, _) = try await t.signedIn(role: .user)
            func tag(_ name: String, parent: UUID?) async throws -> UUID {
                try await browser.open("/tags/new")
                let response = try await browser.post("/tags", ["name": name, "parentId": parent?.uuidString.lowercased() ?? ""])
                #expect(response.status == .seeOther, "\(name): \(response.status)")
                return try #require(response.location.flatMap { UUID(uuidString: String($0.split(separator: "/").last ?? "")) })
            }
            let assurance = try await tag("Assurance", parent: nil)
            let auto = try await tag("Auto", parent: assurance)
            let prospect = try await tag("Prospect", parent: auto)
            let particulier = try await tag("Particulier", parent: nil)
            #expect(try await TagStore.all(on: t.db).map(\.path).contains("Assurance › Auto › Prospect"))
            // A cycle is refused.
            try await browser.open("/tags/\(assurance.uuidString.lowercased())/edit")
            let cycle = try await browser.post(
                "/tags/\(assurance.uuidString.lowercased())", ["name": "Assurance", "parentId": prospect.uuidString.lowercased()])
            #expect(cycle.status == .unprocessableEntity)
            #expect(cycle.body.contains("descendants"))
            // Renaming moves the paths of the descendants.
            #expect(
                try await browser.post("/tags/\(assurance.uuidString.lowercased())", ["name": "Assurances", "parentId": ""]).status
                    == .seeOther)
            #expect(try await TagStore.all(on: t.db).map(\.path).contains("Assurances › Auto › Prospect"))

            let a = try await Self.createCompany(&browser, ["name": "Alpha", "billingPostcode": "75001"])
            let b = try await Self.createCompany(&browser, ["name": "Bravo", "billingPostcode": "75002"])
            let c = try await Self.createCompany(&browser, ["name": "Charlie", "billingPostcode": "75003"])
            try await browser.open("/companies")
            // Bulk: tag A and B « Prospect », then C « Particulier » via its page.
            let bulk = try await browser.post(
                "/companies/selection", ["ids[]": a.uuidString.lowercased(), "tagId": prospect.uuidString.lowercased(), "action": "tag"])
            #expect(bulk.status == .seeOther)
            _ = try await browser.post(
                "/companies/selection", ["ids[]": b.uuidString.lowercased(), "tagId": auto.uuidString.lowercased(), "action": "tag"])
            try await browser.open("/companies/\(c.uuidString.lowercased())")
            _ = try await browser.post("/companies/\(c.uuidString.lowercased())/tags", ["tags[]": particulier.uuidString.lowercased()])

            func names(_ query: String) async throws -> [String] {
                let user = try #require(try await User.find(email: "alice@example.fr", on: t.db))
                let api = APIClient(app: t.app, token: try await t.token(for: user))
                let response = try await api.send(.GET, "/api/v1/companies?sort=name&\(query)")
                guard case .array(let items)? = response.json?["items"] else { return [] }
                return items.compactMap { if case .string(let s)? = $0["name"] { s } else { nil } }
            }
            // Filtering on the parent finds the children's records.
            #expect(try await names("tags=\(assurance.uuidString)") == ["Alpha", "Bravo"])
            #expect(try await names("tags=\(prospect.uuidString)") == ["Alpha"])
            #expect(try await names("tags=\(assurance.uuidString),\(particulier.uuidString)&tagMode=any") == ["Alpha", "Bravo", "Charlie"])
            #expect(try await names("tags=\(auto.uuidString),\(prospect.uuidString)&tagMode=all") == ["Alpha"])
            #expect(try await names("tags=\(assurance.uuidString)&tagMode=none") == ["Charlie"])
            let page = try await browser.get(
                "/companies?tags=\(auto.uuidString.lowercased())&tags=\(particulier.uuidString.lowercased())&tagMode=any")
            #expect(page.body.contains("Alpha") && page.body.contains("Bravo") && page.body.contains("Charlie"))
        }
    }

    @Test func mergeMovesLinksAndTagsAndIsAudited() async throws {
        try await TestApp.run { t in
            var (browser, _) = try await t.signedIn(role: .user)
            let keep = try await Self.createCompany(&browser, ["name": "Dupont & Fils", "billingPostcode": "44000"])
            let dup = try await Self.createCompany(&browser, ["name": "Dupont et Fils SARL", "billingPostcode": "44100"])
            let paul = try await Self.createContact(&browser, ["firstName": "Paul", "lastName": "Dupont"])
            let anne = try await Self.createContact(&browser, ["firstName": "Anne", "lastName": "Dupont"])
            let tagID = UUID()
            try await (t.db as! any SQLDatabase).raw("INSERT INTO tags (id, name, path) VALUES (\(bind: tagID), 'Client', 'Client')").run()
            try await DirectoryLinks.link(contact: paul, company: dup, role: "Gérant", at: Date(), id: UUID(), on: t.db)
            try await DirectoryLinks.link(contact: anne, company: dup, role: "Comptable", at: Date(), id: UUID(), on: t.db)
            try await DirectoryLinks.link(contact: anne, company: keep, role: "Comptable", at: Date(), id: UUID(), on: t.db)
            try await TagStore.add(tagID, to: [dup], .companies, ids: { UUID() }, on: t.db)

            let base = "/companies/\(keep.uuidString.lowercased())"
            try await browser.open(base)
            let itself = try await browser.post("\(base)/merge", ["target": keep.uuidString.lowercased()])
            #expect(itself.status == .unprocessableEntity)
            let merged = try await browser.post("\(base)/merge", ["target": dup.uuidString.lowercased()])
            #expect(merged.status == .seeOther)

            let contacts = try await DirectoryLinks.contacts(ofCompany: keep, on: t.db)
            #expect(Set(contacts.map(\.contactID)) == [paul, anne])
            #expect(try await DirectoryLinks.contacts(ofCompany: dup, on: t.db).isEmpty)
            #expect(try await TagStore.tags(of: keep, .companies, on: t.db) == [tagID])
            let loser = try #require(try await TableStore.get(CompaniesEntity.definition.tableSpec, id: dup, on: t.db))
            #expect(loser["archived"] == .bool(true))
            #expect(loser["merged_into"] == .uuid(keep))
            let audit = try await t.auditEntries(entity: "companies").filter { $0.summary == "merge" || $0.summary == "merged" }
            #expect(audit.count == 2)
            #expect(try await SearchIndex.search("dupont", kinds: ["companies"], limit: 5, on: t.db).map(\.recordID) == [keep])
            // Merging it again is refused.
            let again = try await browser.post("\(base)/merge", ["target": dup.uuidString.lowercased()])
            #expect(again.status == .unprocessableEntity)
        }
    }

    @Test func vCardAndCSVExportsAreReadBack() async throws {
        try await TestApp.run { t in
            var (browser, _) = try await t.signedIn(role: .user)
            let company = try await Self.createCompany(&browser, Self.company)
            let jeanne = try await Self.createContact(
                &browser,
                [
                    "civility": "Mme", "firstName": "Jeanne", "lastName": "d'Arc", "email": "jeanne.darc@example.fr",
                    "mobile": "06 12 34 56 78",
                    "addressLine1": "3 place du Martroi", "addressPostcode": "45000", "addressCity": "Orléans", "birthDate": "06/01/1980",
                    "notes": "Rappeler; avant midi, merci",
                ])
            try await DirectoryLinks.link(contact: jeanne, company: company, role: "Gérante", at: Date(), id: UUID(), on: t.db)
            let vcf = try await browser.get("/contacts/\(jeanne.uuidString.lowercased())/vcard")
            #expect(vcf.status == .ok)
            #expect(vcf.headers.contentType?.description.hasPrefix("text/vcard") == true)
            #expect(vcf.headers.first(name: .contentDisposition)?.contains("attachment") == true)
            let cards = try VCardReader.read(vcf.body)
            #expect(cards.count == 1)
            #expect(cards[0].familyName == "d'Arc")
            #expect(cards[0].organization == ["Société Générale de Négoce"])
            #expect(cards[0].birthday == CalendarDay(year: 1980, month: 1, day: 6))
            #expect(cards[0].note == "Rappeler; avant midi, merci")

            if PythonChecker.available("vobject") {
                let script = """
                    import sys, vobject
                    card = vobject.readOne(sys.stdin.read())
                    print(card.fn.value); print(card.n.value.family); print(card.email.value); print(card.org.value[0]); print(card.adr.value.city)
                    """
                let lines = try PythonChecker.run(script, input: Data(vcf.body.utf8)).split(separator: "\n").map(String.init)
                #expect(lines == ["Jeanne d'Arc", "d'Arc", "jeanne.darc@example.fr", "Société Générale de Négoce", "Orléans"])
            }

            let csv = try await browser.get("/contacts/export.csv")
            #expect(csv.status == .ok)
            #expect(csv.headers.contentType?.description.hasPrefix("text/csv") == true)
            #expect(csv.body.hasPrefix("\u{FEFF}"))
            // Read back by Python's csv module with the French separator.
            let script = """
                import sys, csv, io
                text = sys.stdin.buffer.read().decode('utf-8-sig')
                rows = list(csv.reader(io.StringIO(text, newline=''), delimiter=';'))
                header = rows[0]; row = dict(zip(header, rows[1]))
                print(len(rows)); print(row['Nom']); print(row['Date de naissance']); print(row['Notes']); print(row['Mobile'])
                """
            let lines = try PythonChecker.run(script, input: Data(csv.body.utf8)).split(separator: "\n").map(String.init)
            #expect(lines == ["2", "d'Arc", "06/01/1980", "Rappeler; avant midi, merci", "06 12 34 56 78"])
        }
    }

    @Test func companiesAPIValidatesAndReadOnlyUsersCannotWrite() async throws {
        try await TestApp.run { t in
            let user = try await t.createUser("user@example.fr")
            let api = APIClient(app: t.app, token: try await t.token(for: user))
            let invalid = try await api.send(.POST, "/api/v1/companies", json: #"{"name":"X","siret":"123","email":"nope"}"#)
            #expect(invalid.status == .unprocessableEntity)
            #expect(invalid.json?["error"]?["fields"]?["siret"] != nil)
            #expect(invalid.json?["error"]?["fields"]?["email"] != nil)
            let created = try await api.send(
                .POST, "/api/v1/companies", json: #"{"name":"Les Jardins d'Arcachon","billingPostcode":"33120","isClient":true}"#)
            #expect(created.status == .created)
            #expect(created.json?["isClient"] == true)
            #expect(created.json?["isProspect"] == false)
            guard case .string(let id)? = created.json?["id"] else { Issue.record("no id"); return }
            let contact = try await api.send(
                .POST, "/api/v1/contacts", json: #"{"firstName":"Loïc","lastName":"Le Goff","email":"loic@example.fr"}"#)
            guard case .string(let contactID)? = contact.json?["id"] else { Issue.record("no contact"); return }
            let link = try await api.send(
                .POST, "/api/v1/contacts/\(contactID)/companies", json: "{\"companyId\":\"\(id)\",\"role\":\"DRH\"}")
            #expect(link.status == .created)
            let links = try await api.send(.GET, "/api/v1/companies/\(id)/contacts")
            #expect(links.body.contains("Loïc Le Goff"))
            #expect(links.body.contains("DRH"))

            let reader = try await t.createUser("reader@example.fr", readOnly: true)
            let readOnly = APIClient(app: t.app, token: try await t.token(for: reader))
            #expect(try await readOnly.send(.GET, "/api/v1/companies").status == .ok)
            let refused = try await readOnly.send(.PATCH, "/api/v1/companies/\(id)", json: #"{"name":"Pirate"}"#)
            #expect(refused.status == .forbidden)
            let linkRefused = try await readOnly.send(.DELETE, "/api/v1/contacts/\(contactID)/companies/\(id)")
            #expect(linkRefused.status == .forbidden)
            #expect(try await DirectoryLinks.contacts(ofCompany: UUID(uuidString: id)!, on: t.db).count == 1)
        }
    }
}
