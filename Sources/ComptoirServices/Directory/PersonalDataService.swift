import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation

/// A person's rights over their data (GDPR): « Exporter ses données » (access and portability) and « Effacer les données
/// personnelles » (erasure). See docs/DECISIONS.md, « Deletion and personal data ».
public struct PersonalDataService: Sendable {
    public let context: ServiceContext

    public init(_ context: ServiceContext) { self.context = context }

    /// What an erased contact is called everywhere it appears.
    public static let placeholder = "Contact effacé"
    /// What replaces the person's name, e-mail or phone inside other texts (an interaction's subject, the audit log).
    public static let redaction = "[données effacées]"

    /// What an erasure did, for the page and the API.
    public struct ErasureReport: Sendable, Hashable {
        public var contacts: Int
        public var interactions: Int
        public var attachments: Int
        public var auditEntries: Int
    }

    /// Replaces the contact's personal data with the placeholder everywhere it appears: the record (and the records merged
    /// into it), its custom values, interest tags and attached files, its search row, the texts of the interactions it
    /// takes part in, and the audit log. Links (companies, interactions, projects) stay, to the anonymous record. Recorded
    /// as an erasure whose values hold nothing personal. Files no record uses any more are removed after the commit.
    public func erase(_ id: UUID) async throws -> ErasureReport {
        try context.authorizeDeletion(.directory)
        let (report, orphans) = try await context.transaction { context in
            for scope in ["contacts", "contact_tags", "interactions", "contact_companies"] {
                try await WriteLock.acquire(scope, on: context.db)
            }
            let row = try await EntityService(ContactsEntity.definition, context).get(id)
            if try await PersonalDataStore.erasedAt(id, on: context.db) != nil {
                throw AppError.conflict(
                    L("Les données personnelles de ce contact sont déjà effacées.", "This contact's personal data was already erased."),
                    code: "already_erased")
            }
            let ids = [id] + (try await RecordReferences.absorbedContacts(into: id, on: context.db))
            let rows = try await TableStore.getMany(ContactsEntity.definition.tableSpec, ids: ids, on: context.db)
            let terms = Self.terms(Array(rows.values))
            // Files they are the subject of, and the audit entries of those uploads (their names may be personal).
            var attachmentIDs: [UUID] = []
            for contact in ids {
                attachmentIDs += try await AttachmentStore.list(ownerKind: "contacts", ownerID: contact, on: context.db).map(\.id)
            }
            let orphans = try await AttachmentStore.deleteAll(ownerKind: "contacts", ownerIDs: ids, on: context.db)
            for contact in ids {
                try await PersonalDataStore.erase(contact, placeholder: Self.placeholder, at: context.now, on: context.db)
                try await RecordReferences.deleteCustomValues(of: contact, on: context.db)
                try await RecordReferences.delete(RecordReference("contact_tags", "contact_id"), contact, on: context.db)
                try await RecordReferences.deleteImportJournal(of: contact, on: context.db)
                try await DirectoryIndexing.reindexContact(contact, on: context.db)
            }
            // Their name, e-mail and phones inside the texts of the interactions they take part in.
            var interactions = 0
            for text in try await PersonalDataStore.interactionTexts(ofContacts: ids, on: context.db) {
                let subject = Self.scrub(text.subject, terms)
                let description = text.description.map { Self.scrub($0, terms) }
                let location = text.location.map { Self.scrub($0, terms) }
                guard subject != text.subject || description != text.description || location != text.location else { continue }
                // Through the generic writer, so the subject's sort key follows; then the search document.
                try await TableStore.update(
                    InteractionsEntity.definition.tableSpec, id: text.id,
                    values: [
                        "subject": .text(subject), "description": description.map(FieldValue.text) ?? .null,
                        "location": location.map(FieldValue.text) ?? .null, "updated_at": .date(context.now),
                    ], on: context.db)
                try await InteractionSearch.index(text.id, on: context.db)
                interactions += 1
            }
            // The audit log: the contacts' own entries keep who did what and when, and which fields, without values;
            // elsewhere (links, interactions, files) the terms are replaced where they appear.
            var audited = try await AuditLog.redact(entity: "contacts", ids: ids, summary: Self.placeholder, on: context.db)
            audited += try await AuditLog.redact(entity: "attachments", ids: attachmentIDs, summary: Self.redaction, on: context.db)
            for entry in try await PersonalDataStore.auditEntries(mentioning: terms, on: context.db) {
                let summary = Self.scrub(entry.summary, terms)
                let changes = Self.scrub(entry.changes, terms)
                guard summary != entry.summary || changes != entry.changes else { continue }
                try await PersonalDataStore.updateAuditEntry(entry.id, summary: summary, changes: changes, on: context.db)
                audited += 1
            }
            let report = ErasureReport(
                contacts: ids.count, interactions: interactions, attachments: attachmentIDs.count, auditEntries: audited)
            var changes: [String: (before: FieldValue, after: FieldValue)] = [:]
            for column in PersonalDataStore.erasedColumns + ["last_name", "display_name"] where row[column] != .null {
                changes[column] = (.text(AuditLog.erasedValue), column.hasSuffix("name") ? .text(Self.placeholder) : .null)
            }
            changes["erased"] = (
                .null,
                .text(
                    "\(report.contacts) fiche(s), \(report.interactions) interaction(s), \(report.attachments) pièce(s) jointe(s), \(report.auditEntries) entrée(s) du journal"
                )
            )
            try await AuditLog.record(
                .erase, entity: "contacts", id: id.uuidString.lowercased(), summary: Self.placeholder, changes: changes,
                by: context.auditActor, at: context.now, on: context.db)
            return (report, orphans)
        }
        await EntityService.removeFiles(orphans, context)
        return report
    }

    /// The person's identifying texts that other records may hold: full names, e-mail addresses, phone numbers (as stored
    /// and as dialled in France). Last names alone are not looked for: they are shared by other people.
    static func terms(_ rows: [TableRow]) -> [String] {
        var terms: [String] = []
        for row in rows {
            let first = row["first_name"].textValue ?? ""
            let last = row["last_name"].textValue ?? ""
            var candidates = [row["display_name"].textValue, row["email"].textValue, row["email_secondary"].textValue]
            if !first.isEmpty && !last.isEmpty { candidates += ["\(first) \(last)", "\(last) \(first)"] }
            for phone in [row["mobile"].textValue, row["phone"].textValue].compactMap({ $0 }) {
                candidates.append(phone)
                candidates += DirectoryIndexing.phoneWords(phone)
                candidates.append(PhoneDisplay.format(phone))
            }
            for case let term? in candidates {
                let trimmed = term.trimmingCharacters(in: .whitespaces)
                if trimmed.count >= 3, trimmed != placeholder, !terms.contains(trimmed) { terms.append(trimmed) }
            }
        }
        // Longest first, so « Jean Dupont » goes before a shorter term inside it.
        return terms.sorted { $0.count > $1.count }
    }

    /// `text` with every term replaced by the redaction mark, ignoring case and accents' letter case.
    static func scrub(_ text: String, _ terms: [String]) -> String {
        var result = text
        for term in terms {
            while let range = result.range(of: term, options: [.caseInsensitive]) {
                result.replaceSubrange(range, with: redaction)
            }
        }
        return result
    }

    // MARK: - Export

    /// Every record about the contact, as one JSON document (access and portability): the fields and custom fields, the
    /// companies with roles, interest tags, interactions, projects with roles, consents, files, the records merged into it
    /// and its history. What the user may not see (interactions of private projects) is left out. The export is audited.
    public func export(_ id: UUID) async throws -> JSONValue {
        try await exportRecords(id).document
    }

    /// The export and what a readable version needs besides: the contact's fields as defined (labels, choices, custom
    /// fields) and its rows, so values are shown as on the contact's page.
    public struct Export: Sendable {
        public var document: JSONValue
        public var definition: EntityDefinition
        public var contact: TableRow
        public var merged: [TableRow]
    }

    /// `export`, with the definition and rows it was made from. Audited once, as an export.
    public func exportRecords(_ id: UUID) async throws -> Export {
        try context.authorize(.read, .directory)
        let definition = try await ContactsEntity.definition.resolved(for: context)
        let service = EntityService(definition, context)
        let row = try await service.get(id)
        func record(_ row: TableRow) -> JSONValue {
            var object: [String: JSONValue] = ["id": .string(row.id.uuidString.lowercased())]
            var custom: [String: JSONValue] = [:]
            for field in definition.fields where !field.isPassword && (field.uses.contains(.detail) || field.uses.contains(.list)) {
                if let key = field.customKey {
                    custom[key] = FieldParsing.json(field, row[field.column])
                } else {
                    object[field.key] = FieldParsing.json(field, row[field.column])
                }
            }
            object["customFields"] = .object(custom)
            object["createdAt"] = row["created_at"].dateValue.map { .string(ISO8601.string($0)) } ?? .null
            object["updatedAt"] = row["updated_at"].dateValue.map { .string(ISO8601.string($0)) } ?? .null
            return .object(object)
        }
        let companies = try await DirectoryLinks.companies(ofContact: id, on: context.db).map { link -> JSONValue in
            [
                "id": .string(link.companyID.uuidString.lowercased()), "name": .string(link.otherName),
                "role": link.role.isEmpty ? .null : .string(link.role),
            ]
        }
        let tree = try await TagStore.all(on: context.db)
        let tagIDs = Set(try await TagStore.tags(of: id, .contacts, on: context.db))
        let tags: [JSONValue] = tree.filter { tagIDs.contains($0.id) }.map { .string($0.path) }
        let viewer = InteractionService.viewer(context)
        let interactions = try await PersonalDataStore.interactions(ofContact: id, viewer: viewer, on: context.db).map {
            item -> JSONValue in
            func date(_ value: Date?) -> JSONValue { value.map { .string(ISO8601.string($0)) } ?? .null }
            func text(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }
            return [
                "id": .string(item.id.uuidString.lowercased()), "type": .string(item.type), "subject": .string(item.subject),
                "description": text(item.description), "location": text(item.location), "startsAt": date(item.startsAt),
                "endsAt": date(item.endsAt), "dueDate": text(item.dueDate), "done": .bool(item.done), "stage": text(item.stage),
                "project": text(item.project), "company": text(item.company), "createdAt": date(item.createdAt),
            ]
        }
        let user = context.seesEverything ? nil : context.actor?.userID
        let projects = try await ProjectMemberStore.projects(of: .contacts, id, visibleTo: user, on: context.db).map {
            project -> JSONValue in
            [
                "id": .string(project.0.uuidString.lowercased()), "title": .string(project.1),
                "role": project.2.isEmpty ? .null : .string(project.2),
            ]
        }
        let files = try await AttachmentStore.list(ownerKind: "contacts", ownerID: id, on: context.db).map { file -> JSONValue in
            [
                "id": .string(file.id.uuidString.lowercased()), "name": .string(file.originalName),
                "contentType": .string(file.contentType),
                "size": .int(file.size), "createdAt": .string(ISO8601.string(file.createdAt)),
            ]
        }
        let absorbed = try await RecordReferences.absorbedContacts(into: id, on: context.db)
        let mergedRows = try await CustomFieldsSupport.attach(
            TableStore.getMany(definition.tableSpec, ids: absorbed, on: context.db).values.sorted { $0.id.uuidString < $1.id.uuidString },
            definition, context.db)
        let merged = mergedRows.map(record)
        let history = try await AuditLog.entries(entity: "contacts", id: id, on: context.db).map { entry -> JSONValue in
            [
                "at": .string(ISO8601.string(entry.at)), "action": .string(entry.action), "by": .string(entry.actorLabel),
                "fields": .array(AuditLog.decodeChanges(entry.changes).map { .string($0.field) }),
            ]
        }
        let erasedAt = try await PersonalDataStore.erasedAt(id, on: context.db)
        let document: JSONValue = [
            "format": "comptoir.personal-data/1",
            "exportedAt": .string(ISO8601.string(context.now)),
            "contact": record(row),
            "erasedAt": erasedAt.map { .string(ISO8601.string($0)) } ?? .null,
            "companies": .array(companies),
            "interestTags": .array(tags),
            "interactions": .array(interactions),
            "projects": .array(projects),
            // The consent ledger arrives with the Mailing module; until then no consent is recorded anywhere.
            "consents": .array([]),
            "files": .array(files),
            "mergedRecords": .array(merged),
            "history": .array(history),
        ]
        try await context.transaction { context in
            try await AuditLog.record(
                .export, entity: "contacts", id: id.uuidString.lowercased(), summary: "Export des données personnelles",
                by: context.auditActor, at: context.now, on: context.db)
        }
        return Export(document: document, definition: definition, contact: row, merged: mergedRows)
    }
}
