import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation

/// « Nouvelle interaction » with its contacts (issue #14), and the contacts the interactions list shows.
extension InteractionService {
    /// The field key of the contacts chosen on the create form (`contactIds[]`): ids picked with the typeahead, or
    /// names / e-mails typed without it.
    public static let contactsKey = "contactIds"
    public static let contactsLabel = L("Contacts", "Contacts")

    /// Creates the interaction and links its contacts in one write: the interactions' lock, the contacts checked
    /// (each must name one contact the actor may read), the generic create (its own checks, row, derived state and
    /// audit), the links and their audit entry. A refused contact refuses the whole write, with every field at fault
    /// (the form's and « Contacts »), and nothing is written.
    /// `definition` is the interactions' definition resolved for the actor.
    public func create(_ definition: EntityDefinition, _ input: EntityInput, contacts: [String]) async throws -> TableRow {
        try context.authorize(.write, .activities)
        return try await context.transaction { context in
            try await WriteLock.acquire(InteractionsEntity.definition.table, on: context.db)
            let (ids, contactErrors) = try await Self.resolveContacts(contacts, context)
            let row: TableRow
            do {
                row = try await EntityService(definition, context).create(input)
            } catch let error as AppError where error.code == "validation_failed" && !contactErrors.isEmpty {
                throw AppError.validation(error.fields.merging(contactErrors) { $0 + $1 })
            }
            if !contactErrors.isEmpty { throw AppError.validation(contactErrors) }
            guard !ids.isEmpty else { return row }
            try await InteractionStore.link(row.id, .contacts, ids.map { (context.newID(), $0) }, on: context.db)
            try await AuditLog.record(
                .update, entity: "interactions", id: row.id.uuidString.lowercased(), summary: row["subject"].textValue ?? "",
                changes: ["contact_id": (.null, .text(ids.map { $0.uuidString.lowercased() }.sorted().joined(separator: ",")))],
                by: context.auditActor, at: context.now, on: context.db)
            return row
        }
    }

    /// Each submitted value as one contact the actor may read: an id, or a name / e-mail naming exactly one contact.
    /// Blank values are skipped, repeats linked once. Errors are under `contactsKey`.
    static func resolveContacts(_ raws: [String], _ context: ServiceContext) async throws -> ([UUID], [String: [Localized]]) {
        var ids: [UUID] = []
        var problems: [Localized] = []
        let values = raws.map(\.fastTrimmed).filter { !$0.isEmpty }
        guard !values.isEmpty else { return ([], [:]) }
        // Contacts are read through the directory's permission: who may not read it may link none.
        guard context.allows(.read, .directory) else {
            return ([], [contactsKey: [L("Vous ne pouvez pas choisir de contact.", "You may not choose contacts.")]])
        }
        for value in values {
            switch try await DirectoryLookup.resolve(value, .contacts, context) {
            case .one(let id):
                if !ids.contains(id) { ids.append(id) }
            case .none:
                problems.append(
                    UUID(uuidString: value) != nil
                        ? L("Un des contacts choisis n'existe pas.", "One of the chosen contacts does not exist.")
                        : L("Aucun contact ne correspond à « \(value) ».", "No contact matches \"\(value)\"."))
            case .many(let found):
                let names = found.prefix(3).map(\.title).joined(separator: ", ")
                problems.append(
                    L(
                        "Plusieurs contacts correspondent à « \(value) » (\(names)…) : précisez, par exemple avec l'e-mail.",
                        "Several contacts match \"\(value)\" (\(names)…): be more precise, e.g. with the e-mail."))
            }
        }
        return (ids, problems.isEmpty ? [:] : [contactsKey: problems])
    }

    /// The names of these contacts the actor may read (the create form shows the chosen ones by name).
    public func contactNames(_ ids: [UUID]) async throws -> [UUID: String] {
        guard !ids.isEmpty, context.allows(.read, .directory) else { return [:] }
        return try await TableStore.titles("contacts", column: "display_name", ids: ids, on: context.db)
    }

    /// The contacts of a list page's interactions: the first `shown` of each by last name, and their number. Empty for
    /// an actor who may not read the directory.
    public func contactSummaries(of interactions: [UUID], shown: Int = 3) async throws -> [UUID: (
        contacts: [(id: UUID, name: String)], total: Int
    )] {
        try context.authorize(.read, .activities)
        guard !interactions.isEmpty, context.allows(.read, .directory) else { return [:] }
        return try await InteractionStore.contactSummaries(of: interactions, shown: shown, on: context.db)
    }
}
