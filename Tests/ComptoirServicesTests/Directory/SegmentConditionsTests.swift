import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import SQLKit
import Testing

/// Segments as conditions (issue #14): every operator against real rows, « toutes / au moins une », the rows at fault
/// named, and list queries read as the conditions that select the same records — on SQLite and PostgreSQL.
@Suite("Segment conditions, without HTTP")
struct SegmentConditionsTests {
    /// Six companies and a custom number field « Nombre de salariés ».
    static func setup(_ context: ServiceContext) async throws -> [String: UUID] {
        _ = try await EntityService(CustomFieldsEntity.definition, context).create(
            EntityInput(
                values: [
                    "entity": "companies", "key": "salaries", "label": "Nombre de salariés", "kind": "number", "options": "",
                    "required": "false", "showInList": "true", "position": "10", "active": "true",
                ], isPartial: false))
        let companies = EntityService(try await CompaniesEntity.definition.resolved(for: context), context)
        var ids: [String: UUID] = [:]
        for (name, city, client, staff, country) in [
            ("Boulangerie Lyonnaise", "Lyon", "true", "12", "FR"), ("Garage du Rhône", "Lyon", "false", "3", "FR"),
            ("Lycée Ampère", "Lyon 2e", "true", "", "FR"), ("Chocolaterie de Bruges", "Bruges", "true", "40", "BE"),
            ("Atelier sans ville", "", "false", "250", "FR"), ("Fromagerie de Genève", "Genève", "false", "7", "CH"),
        ] {
            var values = ["name": name, "billingCity": city, "isClient": client, "billingCountry": country]
            if !staff.isEmpty { values["cf_salaries"] = staff }
            ids[name] = try await companies.create(EntityInput(values: values, isPartial: false, omittedMeansDefault: true)).id
        }
        return ids
    }

    static func members(_ criteria: SegmentCriteria, _ context: ServiceContext) async throws -> Set<String> {
        let segments = EntityService(try await SegmentsEntity.definition.resolved(for: context), context)
        let segment = try await segments.create(
            EntityInput(
                values: ["name": "Essai", "entity": "companies", "criteria": criteria.json], isPartial: false, omittedMeansDefault: true))
        let (definition, parameters) = try await SegmentsEntity.evaluate(segment, context)
        var page = parameters
        page.limit = 500
        return Set(try await EntityService(definition, context).list(page).rows.compactMap { $0["name"].textValue })
    }

    @Test func everyOperatorSelectsWhatItSays() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let context = test.system()
            _ = try await Self.setup(context)
            func names(_ conditions: [SegmentCondition], _ match: SegmentCriteria.Match = .all) async throws -> Set<String> {
                try await Self.members(SegmentCriteria(match: match, conditions: conditions), context)
            }

            // act + validate: text (case ignored), choices by label or code, yes/no, empty, custom numbers
            #expect(try await names([SegmentCondition("billingCity", .equals, "lyon")]) == ["Boulangerie Lyonnaise", "Garage du Rhône"])
            #expect(try await names([SegmentCondition("billingCity", .startsWith, "Ly")]).count == 3)
            #expect(try await names([SegmentCondition("billingCity", .contains, "ève")]) == ["Fromagerie de Genève"])
            #expect(
                try await names([SegmentCondition("billingCity", .notEquals, "Lyon")])
                    == ["Lycée Ampère", "Chocolaterie de Bruges", "Atelier sans ville", "Fromagerie de Genève"])
            #expect(try await names([SegmentCondition("billingCity", .empty)]) == ["Atelier sans ville"])
            #expect(try await names([SegmentCondition("billingCountry", .equals, "Belgique")]) == ["Chocolaterie de Bruges"])
            #expect(
                try await names([SegmentCondition("billingCountry", .notEquals, "FR")]) == [
                    "Chocolaterie de Bruges", "Fromagerie de Genève",
                ])
            #expect(
                try await names([SegmentCondition("isClient", .equals, "oui")])
                    == ["Boulangerie Lyonnaise", "Lycée Ampère", "Chocolaterie de Bruges"])
            #expect(try await names([SegmentCondition("cf_salaries", .greater, "12")]) == ["Chocolaterie de Bruges", "Atelier sans ville"])
            #expect(try await names([SegmentCondition("cf_salaries", .less, "10")]) == ["Garage du Rhône", "Fromagerie de Genève"])
            #expect(
                try await names([SegmentCondition("cf_salaries", .between, "7", "40")])
                    == ["Boulangerie Lyonnaise", "Chocolaterie de Bruges", "Fromagerie de Genève"])
            #expect(try await names([SegmentCondition("cf_salaries", .empty)]) == ["Lycée Ampère"])
            #expect(try await names([SegmentCondition("q", .contains, "garage")]) == ["Garage du Rhône"])
            // All of them, or at least one.
            let both = [SegmentCondition("billingCity", .equals, "Lyon"), SegmentCondition("isClient", .equals, "oui")]
            #expect(try await names(both) == ["Boulangerie Lyonnaise"])
            #expect(
                try await names(both, .any) == ["Boulangerie Lyonnaise", "Garage du Rhône", "Lycée Ampère", "Chocolaterie de Bruges"])
            // A search inside « au moins une ».
            #expect(
                try await names([SegmentCondition("q", .contains, "fromagerie"), SegmentCondition("billingCountry", .equals, "BE")], .any)
                    == ["Fromagerie de Genève", "Chocolaterie de Bruges"])
        }
    }

    @Test func rowsAtFaultAreNamedAndNothingIsWritten() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let context = test.system()
            _ = try await Self.setup(context)
            let segments = EntityService(try await SegmentsEntity.definition.resolved(for: context), context)
            let criteria = SegmentCriteria(conditions: [
                SegmentCondition("billingCity", .equals, "Lyon"),
                SegmentCondition("couleur", .equals, "bleu"),
                SegmentCondition("billingCity", .greater, "Lyon"),
                SegmentCondition("cf_salaries", .greater, "beaucoup"),
                SegmentCondition("name", op: "ressemble", "x"),
            ])

            // act
            let error = await #expect(throws: AppError.self) {
                try await segments.create(
                    EntityInput(values: ["name": "Cassé", "entity": "companies", "criteria": criteria.json], isPartial: false))
            }

            // validate: each row at fault named, the good one not
            let fields = try #require(error?.fields)
            #expect(fields["conditions.0"] == nil)
            #expect(fields["conditions.1"]?.first?.fr.contains("champ inconnu") == true)
            #expect(fields["conditions.2"]?.first?.fr.contains("ne s'applique pas") == true)
            #expect(fields["conditions.3"]?.first?.fr.contains("nombre attendu") == true)
            #expect(fields["conditions.4"]?.first?.fr.contains("opérateur inconnu") == true)
            #expect(fields["criteria"]?.map(\.fr).first == "Condition 2 (couleur) : champ inconnu « couleur ».")
            #expect(fields["criteria"]?.count == 4)
            #expect(try await test.count("segments") == 0)
        }
    }

    @Test func listQueriesSelectTheSameRecordsAsTheirConditions() async throws {
        try await ServiceTestDatabase.run { test in
            // setup: the rows above, an interest tag with one under it on two companies, and the list queries a person
            // may have saved (« Enregistrer comme segment ») — the demo's among them
            let context = test.system()
            let ids = try await Self.setup(context)
            let parent = UUID()
            let child = UUID()
            let sql = test.db as! any SQLDatabase
            try await sql.raw("INSERT INTO tags (id, name, path) VALUES (\(bind: parent), 'Assurance', 'Assurance')").run()
            try await sql.raw(
                "INSERT INTO tags (id, name, parent_id, path) VALUES (\(bind: child), 'Auto', \(bind: parent), 'Assurance › Auto')"
            ).run()
            try await TagStore.add(child, to: [ids["Garage du Rhône"]!], .companies, ids: { UUID() }, on: test.db)
            try await TagStore.add(parent, to: [ids["Lycée Ampère"]!], .companies, ids: { UUID() }, on: test.db)
            let tag = parent.uuidString.lowercased()
            let definition = try await CompaniesEntity.definition.resolved(for: context)
            let service = EntityService(definition, context)
            for query in [
                "isClient=true&billingCity=Lyon", "tags=\(tag)", "tags=\(tag)&tagMode=none",
                "tags=\(tag),\(child.uuidString.lowercased())&tagMode=all",
                "cf_salaries=12", "q=garage", "billingCity=ly&isClient=false", "createdAtFrom=01/01/2000&createdAtTo=31/12/2099",
                "isClient=true&sort=-name",
            ] {
                // act
                let criteria = try #require(SegmentConditions.translate(query: query, definition), "\(query)")
                var legacy = EntityService.parameters(query: query, definition)
                legacy.limit = 500
                legacy.sort = nil
                let before = Set(try await service.list(legacy).rows.map(\.id))
                let segment = try await EntityService(try await SegmentsEntity.definition.resolved(for: context), context).create(
                    EntityInput(
                        values: ["name": query, "entity": "companies", "query": query], isPartial: false, omittedMeansDefault: true))

                // validate: stored as conditions, and the same records
                #expect(segment["criteria"].textValue == criteria.json, "\(query)")
                #expect(segment["query"].textValue == "", "\(query)")
                let (_, parameters) = try await SegmentsEntity.evaluate(segment, context)
                var page = parameters
                page.limit = 500
                #expect(Set(try await service.list(page).rows.map(\.id)) == before, "\(query)")
                #expect(try await service.count(parameters) == before.count, "\(query)")
            }
            // A segment stored before conditions existed (its query alone) is read as its conditions.
            let old = UUID()
            try await sql.raw(
                "INSERT INTO segments (id, name, entity, query) VALUES (\(bind: old), 'Ancien', 'companies', 'isClient=true&billingCity=Lyon')"
            ).run()
            let stored = try await EntityService(try await SegmentsEntity.definition.resolved(for: context), context).get(old)
            #expect(SegmentsEntity.criteria(stored, definition)?.conditions.count == 2)
            let (_, oldParameters) = try await SegmentsEntity.evaluate(stored, context)
            let oldNames = Set(try await service.list(oldParameters).rows.compactMap { $0["name"].textValue })
            #expect(oldNames == ["Boulangerie Lyonnaise", "Lycée Ampère"])
            // A query conditions cannot say (« archived= »: archived ones too) stays a query, evaluated as before.
            #expect(SegmentConditions.translate(query: "archived=&billingCity=Lyon", definition) == nil)
            let kept = try await EntityService(try await SegmentsEntity.definition.resolved(for: context), context).create(
                EntityInput(
                    values: ["name": "Tout Lyon", "entity": "companies", "query": "archived=&billingCity=Lyon"], isPartial: false,
                    omittedMeansDefault: true))
            #expect(kept["query"].textValue == "archived=&billingCity=Lyon")
            #expect(kept["criteria"] == .null)
            // A deleted tag's segment blocks the deletion, as with queries.
            #expect(try await RecordReferences.segments(naming: parent, on: test.db).count >= 3)
        }
    }

    @Test func theFieldsOfferedFitEachKind() async throws {
        try await ServiceTestDatabase.run { test in
            let context = test.system()
            _ = try await Self.setup(context)
            let fields = SegmentConditions.fields(try await CompaniesEntity.definition.resolved(for: context))
            let byKey = Dictionary(fields.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
            #expect(byKey["name"]?.operators == [.equals, .notEquals, .contains, .startsWith, .empty, .notEmpty])
            #expect(byKey["cf_salaries"]?.operators.contains(.between) == true)
            #expect(byKey["isClient"]?.operators == [.equals])
            #expect(byKey["tags"]?.operators == [.inList, .notInList])
            #expect(byKey["createdAt"]?.label(of: .greater).fr == "après le")
            // The two address blocks' cities are told apart.
            #expect(byKey["billingCity"]?.label.fr == "Ville — Adresse de facturation")
            #expect(Set(fields.map(\.label.fr)).count == fields.count)
        }
    }
}
