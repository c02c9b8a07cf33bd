import ComptoirStore
import FluentKit
import Foundation
import SQLKit
import Vapor

/// Lookup fields (a company, a contact among thousands): the typed text is resolved to one record
/// when saved, and lists and pages show the record's name with a link.
enum LookupSupport {
    /// Where each lookup kind's records live and which column names them.
    static let targets: [String: (table: String, title: String, path: String)] = [
        "companies": ("companies", "name", "/companies"),
        "contacts": ("contacts", "display_name", "/contacts"),
        "projects": ("projects", "title", "/projects"),
    ]

    static func titleKey(_ column: String) -> String { column + "#title" }

    /// Replaces typed text by the record's id; an unknown or ambiguous text is a field error.
    static func resolve(
        _ values: inout [String: FieldValue], _ raw: [String: String], _ definition: EntityDefinition, _ request: Request
    ) async throws -> [String: [Localized]] {
        var errors: [String: [Localized]] = [:]
        for field in definition.fields {
            guard case .lookup(let kind) = field.kind, let value = values[field.column], let target = targets[kind] else { continue }
            switch value {
            case .uuid(let id):
                var exists = try await TableStore.sqlDatabase(request.db)
                    .raw("SELECT id FROM \(ident: target.table) WHERE id = \(bind: id)").first() != nil
                if exists, kind == "projects", let actor = request.actor, !actor.isAdmin {
                    exists = try await ProjectAccess.canSee(id, user: actor.userID, on: request.db)
                }
                if !exists { errors[field.key] = [L("Cette fiche n'existe pas.", "This record does not exist.")] }
            case .text(let text):
                // The form re-sends the current record's name with its id: keep it without searching.
                if text == raw[field.key + "__title"], let id = raw[field.key + "__id"].flatMap(UUID.init(uuidString:)) {
                    values[field.column] = .uuid(id)
                    continue
                }
                let resolution: DirectoryService.Resolution
                if let directory = DirectoryKind(rawValue: kind) {
                    resolution = try await DirectoryService(request).resolve(text, directory)
                } else {
                    let found = try await ProjectRoutes.resolve(text, request)
                    resolution = found.count == 1 ? .one(found[0].0)
                        : (found.isEmpty ? .none : .many(found.map { SearchResult(recordID: $0.0, kind: kind, title: $0.1, subtitle: "") }))
                }
                switch resolution {
                case .one(let id): values[field.column] = .uuid(id)
                case .none: errors[field.key] = [L("Aucune fiche ne correspond à « \(text) ».", "No record matches \"\(text)\".")]
                case .many(let found):
                    let names = found.prefix(3).map(\.title).joined(separator: ", ")
                    errors[field.key] = [L("Plusieurs fiches correspondent (\(names)…) : précisez, par exemple avec le SIRET ou l'e-mail.",
                                           "Several records match (\(names)…): be more precise, e.g. with the SIRET or e-mail.")]
                }
            default:
                continue
            }
        }
        return errors
    }

    /// Adds each lookup's record name to the rows (`<column>#title`).
    static func attachTitles(_ rows: [TableRow], _ definition: EntityDefinition, _ db: any Database) async throws -> [TableRow] {
        var rows = rows
        for field in definition.fields {
            guard case .lookup(let kind) = field.kind, let target = targets[kind] else { continue }
            let ids = Array(Set(rows.compactMap { $0[field.column].uuidValue }))
            guard !ids.isEmpty else { continue }
            let binds: [any Encodable & Sendable] = ids
            var titles: [UUID: String] = [:]
            for row in try await TableStore.sqlDatabase(db)
                .raw("SELECT id, \(ident: target.title) AS title FROM \(ident: target.table) WHERE id IN (\(binds: binds))").all()
            {
                titles[try row.decode(column: "id", as: UUID.self)] = try row.decode(column: "title", as: String.self)
            }
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
    /// Records the user may not see give nothing.
    static func prefilledTitles(_ definition: EntityDefinition, _ request: Request) async throws -> [String: (id: UUID, title: String)] {
        var result: [String: (id: UUID, title: String)] = [:]
        for field in definition.fields {
            guard case .lookup(let kind) = field.kind, let target = targets[kind],
                let id = request.query[String.self, at: field.key].flatMap(UUID.init(uuidString:))
            else { continue }
            if kind == "projects", let actor = request.actor, !actor.isAdmin,
                !(try await ProjectAccess.canSee(id, user: actor.userID, guest: actor.isGuest, on: request.db))
            {
                continue
            }
            if let row = try await TableStore.sqlDatabase(request.db)
                .raw("SELECT \(ident: target.title) AS title FROM \(ident: target.table) WHERE id = \(bind: id)").first()
            {
                result[field.key] = (id, try row.decode(column: "title", as: String.self))
            }
        }
        return result
    }

    /// The link shown for a lookup value in lists and pages.
    static func link(_ field: FieldDefinition, _ row: TableRow) -> HTMLNode? {
        guard case .lookup(let kind) = field.kind, let id = row[field.column].uuidValue, let target = targets[kind] else { return nil }
        let title = row[titleKey(field.column)].textValue ?? "—"
        return H.link("\(target.path)/\(id.uuidString.lowercased())", title)
    }
}
