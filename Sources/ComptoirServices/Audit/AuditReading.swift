import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation

/// One changed field of an audit entry, as a user reads it: « Étape : Proposition → Négociation ».
public struct ReadableChange: Sendable, Hashable {
    public var label: String
    public var before: String
    public var after: String
}

/// One entry of a record's history, readable.
public struct ReadableEntry: Sendable {
    public var at: Date
    public var actor: String
    public var action: String
    public var changes: [ReadableChange]
}

/// Reads audit entries in the users' words: field labels instead of column names, choices and linked records by their
/// names, yes/no, amounts, quantities and dates formatted; derived columns (sort keys, folded names) left out.
public struct AuditReading: Sendable {
    public let context: ServiceContext

    public init(_ context: ServiceContext) { self.context = context }

    /// The last `limit` entries about one record, newest first, for its « Historique » panel. The caller has read the
    /// record through its own permission check.
    public func history(table: String, id: UUID, limit: Int = 20) async throws -> [ReadableEntry] {
        let entries = try await AuditLog.entries(entity: table, id: id.uuidString.lowercased(), limit: limit, on: context.db)
        var result: [ReadableEntry] = []
        for entry in entries {
            result.append(
                ReadableEntry(
                    at: entry.at, actor: entry.actorLabel, action: entry.action,
                    changes: try await changes(entity: table, json: entry.changes)))
        }
        return result
    }

    /// The changes of one entry about a record of `entity`.
    public func changes(entity: String, json: String) async throws -> [ReadableChange] {
        let raw = AuditLog.decodeChanges(json)
        guard !raw.isEmpty else { return [] }
        let locale = context.locale
        guard let base = EntityRegistry.definition(table: entity) else {
            return raw.filter { !Self.isDerived($0.field) }.map { ReadableChange(label: $0.field, before: $0.before, after: $0.after) }
        }
        let definition = try await base.resolved(for: context)
        let fields = Dictionary(definition.fields.map { ($0.column, $0) }, uniquingKeysWith: { first, _ in first })
        let order = Dictionary(definition.fields.enumerated().map { ($1.column, $0) }, uniquingKeysWith: { first, _ in first })
        // Linked records by name, one query per kind of record; private projects only for those who may see them.
        var titles: [UUID: String] = [:]
        for (kind, target) in LookupSupport.targets {
            let ids = raw.flatMap { change -> [UUID] in
                guard case .lookup(kind)? = fields[change.field]?.kind else { return [] }
                return [change.before, change.after].compactMap(UUID.init(uuidString:))
            }
            guard !ids.isEmpty else { continue }
            for (id, title) in try await TableStore.titles(target.table, column: target.title, ids: ids, on: context.db) {
                if kind == "projects", !context.seesEverything, !(try await ProjectLookup.canSee(id, context, asGuest: true)) {
                    continue
                }
                titles[id] = title
            }
        }
        return
            raw
            .filter { fields[$0.field] != nil || !Self.isDerived($0.field) }
            .sorted { (order[$0.field] ?? Int.max, $0.field) < (order[$1.field] ?? Int.max, $1.field) }
            .map { change in
                let field = fields[change.field]
                return ReadableChange(
                    label: field?.label(locale) ?? change.field, before: Self.display(change.before, field, titles, locale),
                    after: Self.display(change.after, field, titles, locale))
            }
    }

    /// Columns the program derives from others (search and sort keys, the time a stage changed): not something a user changed.
    static func isDerived(_ column: String) -> Bool {
        column.hasSuffix("_folded") || column.hasSuffix("_sort") || column.hasSuffix("_sort_key") || column.hasSuffix("_key")
            || column.hasSuffix("_changed_at")
            || column == "search_text" || column == "updated_at" || column == "created_at"
    }

    static func display(_ value: String, _ field: FieldDefinition?, _ titles: [UUID: String], _ locale: DisplayLocale) -> String {
        guard value != "—", value != "•••", let field else { return value }
        switch field.kind {
        case .bool:
            return ["1", "true"].contains(value) ? L("Oui", "Yes")(locale) : L("Non", "No")(locale)
        case .choice(let choices), .reference(let choices):
            return choices.first { $0.value.lowercased() == value.lowercased() }.map { $0.label(locale) } ?? value
        case .multiChoice(let choices):
            return value.split(separator: ",").map { part in
                let key = part.trimmingCharacters(in: .whitespaces)
                return choices.first { $0.value == key }.map { $0.label(locale) } ?? key
            }.joined(separator: ", ")
        case .lookup:
            return UUID(uuidString: value).flatMap { titles[$0] }
                ?? L("(fiche supprimée ou non visible)", "(deleted or hidden record)")(locale)
        case .money:
            return Int64(value).map { Money(minorUnits: $0).formatted(locale: locale) } ?? value
        case .quantity:
            return Int64(value).map { Quantity(milli: $0).formatted(locale: locale) } ?? value
        case .dateTime:
            return (try? Date(value, strategy: .iso8601)).map { DateDisplay.dateTime($0, locale: locale) } ?? value
        case .date:
            return CalendarDay(parsing: value)?.formatted(locale: locale) ?? value
        case .password:
            return "•••"
        default:
            return value
        }
    }
}
