import ComptoirCore
import ComptoirStore
import Foundation

/// A field a segment's condition may name, with the operators that fit its kind.
public struct SegmentField: Sendable {
    public enum Kind: Sendable {
        case text, number, date, dateTime, bool, tags, search
        case choice([FieldChoice])
        case multiChoice([FieldChoice])
    }

    public var key: String
    public var label: Localized
    public var kind: Kind
    public var definition: FieldDefinition?

    public var operators: [SegmentOperator] {
        switch kind {
        case .text: [.equals, .notEquals, .contains, .startsWith, .empty, .notEmpty]
        case .number: [.equals, .notEquals, .greater, .less, .between, .empty, .notEmpty]
        case .date, .dateTime: [.equals, .greater, .less, .between, .empty, .notEmpty]
        case .bool: [.equals]
        case .choice: [.equals, .notEquals, .empty, .notEmpty]
        case .multiChoice: [.contains, .empty, .notEmpty]
        case .tags: [.inList, .notInList]
        case .search: [.contains]
        }
    }

    /// The operator's words for this field: dates are « après le », « avant le ».
    public func label(of op: SegmentOperator) -> Localized {
        switch (kind, op) {
        case (.date, .greater), (.dateTime, .greater): L("après le", "after")
        case (.date, .less), (.dateTime, .less): L("avant le", "before")
        case (.date, .equals), (.dateTime, .equals): L("le", "on")
        case (.search, .contains): L("contient les mots", "contains the words")
        default: op.label
        }
    }

    /// Suggested values (choices' labels, tags' paths, oui/non) for the value box.
    public var suggestions: [String] {
        switch kind {
        case .choice(let choices), .multiChoice(let choices): choices.map(\.label.fr)
        case .bool: ["oui", "non"]
        default: []
        }
    }
}

/// The conditions of segments: which fields they may name, how a row is checked, and the filter it becomes.
public enum SegmentConditions {
    /// The fields of a segment over `kind`'s records: the definition's own (every stored column but passwords and
    /// links typed by name), its custom fields, the interest tags and the free-text search.
    public static func fields(_ definition: EntityDefinition) -> [SegmentField] {
        var fields: [SegmentField] = []
        let spec = definition.tableSpec
        for field in definition.fields where !field.isPassword {
            guard field.customFieldID != nil || spec.column(field.column) != nil else { continue }
            let kind: SegmentField.Kind
            switch field.kind {
            case .text, .longText, .email, .phone, .url, .identifier: kind = .text
            case .integer, .money, .quantity: kind = .number
            case .date: kind = .date
            case .dateTime: kind = .dateTime
            case .bool: kind = .bool
            case .choice(let choices): kind = .choice(choices)
            case .reference(let choices) where !choices.isEmpty: kind = .choice(choices)
            case .multiChoice(let choices) where field.customFieldID != nil: kind = .multiChoice(choices)
            default: continue
            }
            fields.append(SegmentField(key: field.key, label: field.label, kind: kind, definition: field))
        }
        // Labels shared by two address blocks (« Ville ») are told apart by their block (« Ville — Adresse de livraison »).
        var counts: [String: Int] = [:]
        for field in fields { counts[field.label.fr, default: 0] += 1 }
        for index in fields.indices where counts[fields[index].label.fr, default: 0] > 1 {
            let key = fields[index].key
            guard let suffix = ["Postcode", "City", "Country"].first(where: { key.hasSuffix($0) }),
                let street = definition.field(key: String(key.dropLast(suffix.count)) + "Line1")
            else { continue }
            let block = L(
                String(street.label.fr.split(separator: " — ").first ?? ""), String(street.label.en.split(separator: " — ").first ?? ""))
            fields[index].label = L("\(fields[index].label.fr) — \(block.fr)", "\(fields[index].label.en) — \(block.en)")
        }
        if definition.extraParameters.contains("tags") {
            fields.append(SegmentField(key: "tags", label: L("Centres d'intérêt", "Interest tags"), kind: .tags))
        }
        fields.append(SegmentField(key: "q", label: L("Recherche (tous les champs)", "Search (every field)"), kind: .search))
        return fields
    }

    /// The filter of the criteria, or the problem of each row at fault (by index). Rows whose field is empty are left out
    /// (the form's extra empty row).
    public static func compile(
        _ criteria: SegmentCriteria, _ definition: EntityDefinition, tagTarget: TagTarget?, _ context: ServiceContext
    ) async throws -> (filter: ColumnFilter, problems: [Int: Localized], normalised: SegmentCriteria) {
        let fields = Self.fields(definition)
        var filters: [ColumnFilter] = []
        var problems: [Int: Localized] = [:]
        var normalised = criteria
        for (index, condition) in criteria.conditions.enumerated() where !condition.field.isEmpty {
            guard let field = fields.first(where: { $0.key == condition.field }) else {
                problems[index] = L("champ inconnu « \(condition.field) ».", "unknown field \"\(condition.field)\".")
                continue
            }
            guard let op = condition.operation else {
                problems[index] = L("opérateur inconnu « \(condition.op) ».", "unknown operator \"\(condition.op)\".")
                continue
            }
            guard field.operators.contains(op) else {
                problems[index] = L(
                    "« \(field.label(of: op).fr) » ne s'applique pas à ce champ.",
                    "\"\(field.label(of: op).en)\" does not apply to this field.")
                continue
            }
            switch try await filter(condition, op, field, definition, tagTarget: tagTarget, context) {
            case .success(let filter):
                filters.append(filter)
                // Tags are kept by id, so renaming one does not change the segment.
                if case .tags = field.kind, case .group(let members, _) = filter, case .linked(_, _, _, _, _)? = members.first {
                    normalised.conditions[index].value = try await tagIDs(condition.value, context).map { $0.uuidString.lowercased() }
                        .joined(separator: ",")
                }
            case .failure(let message): problems[index] = message
            }
        }
        return (.group(filters, all: criteria.match == .all), problems, normalised)
    }

    /// A row's message for a page or the API: « Condition 2 (Ville) : … ».
    public static func message(_ index: Int, _ condition: SegmentCondition, _ problem: Localized, _ definition: EntityDefinition)
        -> Localized
    {
        let label = fields(definition).first { $0.key == condition.field }?.label ?? .same(condition.field)
        return L(
            "Condition \(index + 1) (\(label.fr)) : \(problem.fr)", "Condition \(index + 1) (\(label.en)): \(problem.en)")
    }

    private static func filter(
        _ condition: SegmentCondition, _ op: SegmentOperator, _ field: SegmentField, _ entity: EntityDefinition, tagTarget: TagTarget?,
        _ context: ServiceContext
    ) async throws -> Result<ColumnFilter, Localized> {
        let value = condition.value.trimmingCharacters(in: .whitespaces)
        let value2 = (condition.value2 ?? "").trimmingCharacters(in: .whitespaces)
        if op.takesValue, value.isEmpty, op != .between {
            return .failure(L("valeur manquante.", "a value is missing."))
        }
        if op == .between, value.isEmpty, value2.isEmpty {
            return .failure(L("indiquez au moins une borne.", "give at least one bound."))
        }
        switch field.kind {
        case .search:
            // As the list's own search box does.
            return .success(entity.searchIndexed ? .searchMatch(value) : .anyContains(entity.fields(.search).map(\.column), value))
        case .tags:
            guard let tagTarget else { return .failure(L("champ inconnu.", "unknown field.")) }
            let tree = try await TagStore.all(on: context.db)
            var ids: [UUID] = []
            for text in tagTerms(value) {
                guard let tag = tag(text, in: tree) else {
                    return .failure(L("centre d'intérêt inconnu « \(text) ».", "unknown interest tag \"\(text)\"."))
                }
                ids.append(tag.id)
            }
            guard !ids.isEmpty else { return .failure(L("valeur manquante.", "a value is missing.")) }
            let joined = ids.map { $0.uuidString.lowercased() }.joined(separator: ",")
            let filters = try await DirectoryTagging.columnFilters(
                tagTarget, tags: joined, mode: op == .inList ? "any" : "none", on: context.db)
            return .success(.group(filters, all: true))
        default:
            break
        }
        guard let definition = field.definition else { return .failure(L("champ inconnu.", "unknown field.")) }
        if let custom = definition.customFieldID {
            return customFilter(op, definition, custom, field.kind, value, value2)
        }
        let column = definition.column
        switch op {
        case .empty: return .success(.isEmpty(column))
        case .notEmpty: return .success(.not(.isEmpty(column)))
        case .contains: return .success(.contains(column, value))
        case .startsWith: return .success(.startsWith(column, value))
        default: break
        }
        if case .text = field.kind {
            let equal = ColumnFilter.equalsIgnoringCase(column, value)
            return .success(op == .notEquals ? .not(equal) : equal)
        }
        if case .dateTime = field.kind {
            return dayRange(op, column, value, value2)
        }
        if case .bool = field.kind {
            switch FieldParsing.parse(definition, value) {
            case .success(.bool(true)): return .success(.equals(column, .bool(true)))
            case .success: return .success(.not(.equals(column, .bool(true))))
            case .failure(let message): return .failure(message)
            }
        }
        // Numbers, days (ISO text) and choices: the value parsed as the field's form parses it.
        func parsed(_ text: String) -> Result<FieldValue, Localized> {
            var optional = definition
            optional.required = false
            switch FieldParsing.parse(optional, text) {
            case .success(.null): return .failure(L("valeur manquante.", "a value is missing."))
            case .success(let value): return .success(value)
            case .failure(let message):
                if case .number = field.kind { return .failure(L("nombre attendu (« \(text) »).", "a number is expected (\"\(text)\").")) }
                return .failure(message)
            }
        }
        switch op {
        case .equals, .notEquals:
            switch parsed(value) {
            case .success(let parsed):
                return .success(op == .equals ? .equals(column, parsed) : .not(.equals(column, parsed)))
            case .failure(let message): return .failure(message)
            }
        case .greater, .less:
            switch parsed(value) {
            case .success(let parsed): return .success(op == .greater ? .after(column, parsed) : .before(column, parsed))
            case .failure(let message): return .failure(message)
            }
        case .between:
            var bounds: [ColumnFilter] = []
            if !value.isEmpty {
                switch parsed(value) {
                case .success(let parsed): bounds.append(.atLeast(column, parsed))
                case .failure(let message): return .failure(message)
                }
            }
            if !value2.isEmpty {
                switch parsed(value2) {
                case .success(let parsed): bounds.append(.atMost(column, parsed))
                case .failure(let message): return .failure(message)
                }
            }
            return .success(.group(bounds, all: true))
        default:
            return .failure(L("opérateur non permis.", "operator not allowed."))
        }
    }

    /// The tags a value names (ids, paths « Assurance › Auto » or names, separated by commas or semicolons).
    static func tagTerms(_ value: String) -> [String] {
        value.split(whereSeparator: { $0 == "," || $0 == ";" }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func tag(_ text: String, in tree: [TagNode]) -> TagNode? {
        let key = frenchSortKeyPrefix(text)
        return tree.first(where: { $0.id.uuidString.lowercased() == text.lowercased() })
            ?? tree.first(where: { frenchSortKeyPrefix($0.path) == key }) ?? tree.first(where: { frenchSortKeyPrefix($0.name) == key })
    }

    private static func tagIDs(_ value: String, _ context: ServiceContext) async throws -> [UUID] {
        let tree = try await TagStore.all(on: context.db)
        return tagTerms(value).compactMap { tag($0, in: tree)?.id }
    }

    /// The value of a tags condition as people read it: the tags' paths (ids of deleted tags stay as they are).
    public static func tagPaths(_ value: String, in tree: [TagNode]) -> String {
        tagTerms(value).map { text in tag(text, in: tree)?.path ?? text }.joined(separator: ", ")
    }

    /// A day typed dd/mm/yyyy against a point in time: « le » is the whole day (Europe/Paris), « après le » from the next
    /// day, « avant le » before the day, « entre » both days included.
    private static func dayRange(_ op: SegmentOperator, _ column: String, _ value: String, _ value2: String) -> Result<
        ColumnFilter, Localized
    > {
        func day(_ text: String) -> CalendarDay? { DateDisplay.parseDay(text) }
        let invalid = L("date attendue (jj/mm/aaaa).", "a date is expected (dd/mm/yyyy).")
        switch op {
        case .equals:
            guard let day = day(value) else { return .failure(invalid) }
            return .success(
                .group([.atLeast(column, .date(day.startDate())), .before(column, .date(day.adding(days: 1).startDate()))], all: true))
        case .greater:
            guard let day = day(value) else { return .failure(invalid) }
            return .success(.atLeast(column, .date(day.adding(days: 1).startDate())))
        case .less:
            guard let day = day(value) else { return .failure(invalid) }
            return .success(.before(column, .date(day.startDate())))
        case .between:
            var bounds: [ColumnFilter] = []
            if !value.isEmpty {
                guard let from = day(value) else { return .failure(invalid) }
                bounds.append(.atLeast(column, .date(from.startDate())))
            }
            if !value2.isEmpty {
                guard let to = day(value2) else { return .failure(invalid) }
                bounds.append(.before(column, .date(to.adding(days: 1).startDate())))
            }
            return .success(.group(bounds, all: true))
        default:
            return .failure(L("opérateur non permis.", "operator not allowed."))
        }
    }

    private static func customFilter(
        _ op: SegmentOperator, _ definition: FieldDefinition, _ id: UUID, _ kind: SegmentField.Kind, _ value: String, _ value2: String
    ) -> Result<ColumnFilter, Localized> {
        let present = ColumnFilter.customValue(field: id, value: "", match: .present)
        func canonical(_ text: String) -> Result<String, Localized> {
            var optional = definition
            optional.required = false
            switch FieldParsing.parse(optional, text) {
            case .success(let parsed):
                guard let canonical = CustomFieldsSupport.text(parsed) else {
                    return .failure(L("valeur manquante.", "a value is missing."))
                }
                return .success(canonical)
            case .failure(let message):
                if case .number = kind { return .failure(L("nombre attendu (« \(text) »).", "a number is expected (\"\(text)\").")) }
                return .failure(message)
            }
        }
        var numeric = false
        if case .number = kind { numeric = true }
        switch op {
        case .empty: return .success(.not(present))
        case .notEmpty: return .success(present)
        case .contains:
            if case .multiChoice = kind {
                return canonical(value).map { .customValue(field: id, value: $0, match: .line) }
            }
            return .success(.customValue(field: id, value: value, match: .contains))
        case .startsWith: return .success(.customValue(field: id, value: value, match: .startsWith))
        case .equals, .notEquals:
            let equal: Result<ColumnFilter, Localized>
            if case .text = kind {
                equal = .success(.customValue(field: id, value: value, match: .equals))
            } else {
                equal = canonical(value).map { .customValue(field: id, value: $0, match: .equals) }
            }
            return op == .equals ? equal : equal.map { .not($0) }
        case .greater, .less:
            return canonical(value).map {
                .customValue(field: id, value: $0, match: .compare(op == .greater ? .greater : .less, numeric: numeric))
            }
        case .between:
            var bounds: [ColumnFilter] = []
            for (text, comparison) in [(value, Comparison.atLeast), (value2, .atMost)] where !text.isEmpty {
                switch canonical(text) {
                case .success(let bound):
                    bounds.append(.customValue(field: id, value: bound, match: .compare(comparison, numeric: numeric)))
                case .failure(let message): return .failure(message)
                }
            }
            return .success(.group(bounds, all: true))
        case .inList, .notInList:
            return .failure(L("opérateur non permis.", "operator not allowed."))
        }
    }

    // MARK: - Segments saved as a list query

    /// The conditions a list query stands for (« Enregistrer comme segment » on a filtered list, and segments stored before
    /// conditions existed), or nil when the query holds something conditions cannot say (`archived=` for « all », an
    /// unknown parameter): such a segment keeps being evaluated as its query.
    public static func translate(query: String, _ definition: EntityDefinition) -> SegmentCriteria? {
        let values = QueryValues.parse(query)
        var conditions: [SegmentCondition] = []
        let fields = Self.fields(definition)
        let tagMode = values["tagMode"]?.first ?? "any"
        for (key, list) in values.sorted(by: { $0.key < $1.key }) {
            guard let raw = list.first else { continue }
            switch key {
            case "sort", "limit", "cursor", "tagMode": continue
            case "q":
                if !raw.trimmingCharacters(in: .whitespaces).isEmpty { conditions.append(SegmentCondition("q", .contains, raw)) }
                continue
            case "tags":
                let ids = list.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                guard !ids.isEmpty else { continue }
                switch tagMode {
                case "any": conditions.append(SegmentCondition("tags", .inList, ids.joined(separator: ",")))
                case "all": conditions += ids.map { SegmentCondition("tags", .inList, $0) }
                case "none": conditions.append(SegmentCondition("tags", .notInList, ids.joined(separator: ",")))
                default: return nil
                }
                continue
            default: break
            }
            // An empty value means « all » (it overrides a default filter): only conditions' absence says that.
            if raw.isEmpty { return nil }
            var fieldKey = key
            var suffix = ""
            for end in ["From", "To"] where key.hasSuffix(end) && fields.contains(where: { $0.key == String(key.dropLast(end.count)) }) {
                fieldKey = String(key.dropLast(end.count))
                suffix = end
            }
            guard let field = fields.first(where: { $0.key == fieldKey }), definition.field(key: fieldKey)?.uses.contains(.filter) == true
            else { return nil }
            switch (field.kind, suffix) {
            case (.dateTime, "From"): conditions.append(SegmentCondition(fieldKey, .between, raw, ""))
            case (.dateTime, "To"): conditions.append(SegmentCondition(fieldKey, .between, "", raw))
            case (.dateTime, _): return nil
            case (.multiChoice, _): conditions.append(SegmentCondition(fieldKey, .contains, raw))
            case (.bool, _):
                // Shown and typed as « oui » / « non », as the form's boxes say.
                guard let definition = field.definition, case .success(.bool(let flag)) = FieldParsing.parse(definition, raw) else {
                    return nil
                }
                conditions.append(SegmentCondition(fieldKey, .equals, flag ? "oui" : "non"))
            case (.text, _):
                // A list's text filter is « contains », and so is a custom text field's.
                conditions.append(SegmentCondition(fieldKey, .contains, raw))
            default: conditions.append(SegmentCondition(fieldKey, .equals, raw))
            }
        }
        return SegmentCriteria(match: .all, conditions: conditions)
    }
}
