import ComptoirStore
import FluentKit
import Foundation

/// Lookup fields (a company, a contact among thousands): the typed text is resolved to one record
/// when saved, and lists and pages show the record's name with a link.
public enum LookupSupport {
    /// What a typed reference resolves to.
    public typealias Resolution = LookupResolution

    /// Where each lookup kind's records live and which column names them.
    public static let targets: [String: (table: String, title: String, path: String)] = [
        "companies": ("companies", "name", "/companies"),
        "contacts": ("contacts", "display_name", "/contacts"),
        "projects": ("projects", "title", "/projects"),
    ]

    public static func titleKey(_ column: String) -> String { column + "#title" }

    /// Replaces typed text by the record's id; an unknown or ambiguous text is a field error.
    public static func resolve(
        _ values: inout [String: FieldValue], _ raw: [String: String], _ definition: EntityDefinition, _ context: ServiceContext
    ) async throws -> [String: [Localized]] {
        var errors: [String: [Localized]] = [:]
        for field in definition.fields {
            guard case .lookup(let kind) = field.kind, let value = values[field.column], let target = targets[kind] else { continue }
            switch value {
            case .uuid(let id):
                var exists = try await TableStore.exists(target.table, id: id, on: context.db)
                if exists, kind == "projects", !context.seesEverything {
                    exists = try await ProjectLookup.canSee(id, context)
                }
                if !exists { errors[field.key] = [L("Cette fiche n'existe pas.", "This record does not exist.")] }
            case .text(let text):
                // The form re-sends the current record's name with its id: keep it without searching.
                if text == raw[field.key + "__title"], let id = raw[field.key + "__id"].flatMap(UUID.init(uuidString:)) {
                    values[field.column] = .uuid(id)
                    continue
                }
                let resolution: LookupResolution
                if let directory = DirectoryKind(rawValue: kind) {
                    resolution = try await DirectoryLookup.resolve(text, directory, context)
                } else {
                    let found = try await ProjectLookup.resolve(text, context)
                    resolution =
                        found.count == 1
                        ? .one(found[0].0)
                        : (found.isEmpty ? .none : .many(found.map { SearchResult(recordID: $0.0, kind: kind, title: $0.1, subtitle: "") }))
                }
                switch resolution {
                case .one(let id): values[field.column] = .uuid(id)
                case .none: errors[field.key] = [L("Aucune fiche ne correspond à « \(text) ».", "No record matches \"\(text)\".")]
                case .many(let found):
                    let names = found.prefix(3).map(\.title).joined(separator: ", ")
                    errors[field.key] = [
                        L(
                            "Plusieurs fiches correspondent (\(names)…) : précisez, par exemple avec le SIRET ou l'e-mail.",
                            "Several records match (\(names)…): be more precise, e.g. with the SIRET or e-mail.")
                    ]
                }
            default:
                continue
            }
        }
        return errors
    }

    /// Adds each lookup's record name to the rows (`<column>#title`).
    public static func attachTitles(_ rows: [TableRow], _ definition: EntityDefinition, _ db: any Database) async throws -> [TableRow] {
        var rows = rows
        for field in definition.fields {
            guard case .lookup(let kind) = field.kind, let target = targets[kind] else { continue }
            let ids = Array(Set(rows.compactMap { $0[field.column].uuidValue }))
            guard !ids.isEmpty else { continue }
            let titles = try await TableStore.titles(target.table, column: target.title, ids: ids, on: db)
            for index in rows.indices {
                if let id = rows[index][field.column].uuidValue, let title = titles[id] {
                    rows[index].values[titleKey(field.column)] = .text(title)
                }
            }
        }
        return rows
    }

    /// For a new record's form opened with a lookup's id in the query (`/interactions/new?companyId=…`): each such
    /// field's record name, keyed by field, so the form shows the name (with the id alongside), not the raw id.
    /// `ids` holds the ids given by field key. Records the actor may not see give nothing.
    public static func prefilledTitles(
        _ definition: EntityDefinition, ids: [String: UUID], _ context: ServiceContext
    ) async throws -> [String: (id: UUID, title: String)] {
        var result: [String: (id: UUID, title: String)] = [:]
        for field in definition.fields {
            guard case .lookup(let kind) = field.kind, let target = targets[kind], let id = ids[field.key] else { continue }
            if kind == "projects", !context.seesEverything, !(try await ProjectLookup.canSee(id, context, asGuest: true)) {
                continue
            }
            if let title = try await TableStore.titles(target.table, column: target.title, ids: [id], on: context.db)[id] {
                result[field.key] = (id, title)
            }
        }
        return result
    }
}
