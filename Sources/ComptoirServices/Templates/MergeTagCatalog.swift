import ComptoirCore
import ComptoirDocuments
import ComptoirStore
import Foundation

/// One merge tag as the catalogue shows it; `value` is set when the catalogue is read for a record.
public struct MergeTagEntry: Sendable, Equatable {
    /// The full tag name (`company.name`), or a list's name (`lines`).
    public var name: String
    public var label: String
    /// For a list: its items' fields (name, label).
    public var itemFields: [MergeTagField]
    public var value: MergeValue?

    public var isList: Bool { !itemFields.isEmpty }

    public init(name: String, label: String, itemFields: [MergeTagField] = [], value: MergeValue? = nil) {
        self.name = name
        self.label = label
        self.itemFields = itemFields
        self.value = value
    }
}

public struct MergeTagField: Sendable, Hashable {
    public var name: String
    public var label: String
}

/// Tags of one origin (the record, its company, the organisation…), in the catalogue's order.
public struct MergeTagGroup: Sendable, Equatable {
    public var title: String
    public var tags: [MergeTagEntry]
}

/// The merge tags (« Balises de fusion ») offered for each target, built from the model: the entity definitions' fields
/// (custom fields as `<prefix>.custom.<key>`), the organisation profile (« Coordonnées fusion »), `today`, `user.*` and
/// the related records. The same description gives the linter's schema, the catalogue page and the merge data, so a tag
/// the page lists is a tag the linter accepts and the merge fills.
///
/// Values are French text as printed on a document: dates dd/mm/yyyy (and `<tag>_long`, « 4 décembre 2026 », for
/// calendar days and `today_long`), amounts `1 234,50 €`, choices by their label, yes/no as « Oui »/« Non ». A related
/// record the reader may not read (a private project, a module they lack) gives its tags no value: they are merged empty
/// and listed as missing, never filled from data the reader cannot see.
public enum MergeTagCatalog {
    /// The catalogue for a target; with `recordID`, each tag carries the record's value (read with the actor's rights:
    /// a record they may not read throws 404/403 like its page).
    public static func groups(for target: TemplateTarget, recordID: UUID? = nil, _ context: ServiceContext) async throws
        -> [MergeTagGroup]
    {
        try context.authorize(.read, .templates)
        var builder = Builder(context: context, withValues: recordID != nil)
        try await builder.build(target, recordID)
        return builder.groups
    }

    /// The linter's schema for a target.
    public static func schema(for target: TemplateTarget, _ context: ServiceContext) async throws -> TagSchema {
        schema(of: try await groups(for: target, context))
    }

    public static func schema(of groups: [MergeTagGroup]) -> TagSchema {
        var scalars: Set<String> = []
        var lists: [String: Set<String>] = [:]
        for tag in groups.flatMap(\.tags) {
            if tag.isList { lists[tag.name] = Set(tag.itemFields.map(\.name)) } else { scalars.insert(tag.name) }
        }
        return TagSchema(scalars: scalars, lists: lists)
    }

    /// The merge data of one record: every tag with a value (empty values left out, so the merge lists them as missing).
    public static func data(for target: TemplateTarget, recordID: UUID, _ context: ServiceContext) async throws -> MergeData {
        data(of: try await groups(for: target, recordID: recordID, context))
    }

    public static func data(of groups: [MergeTagGroup]) -> MergeData {
        var data: MergeData = [:]
        for tag in groups.flatMap(\.tags) {
            guard let value = tag.value else { continue }
            if case .text(let text) = value, text.isEmpty { continue }
            data[tag.name] = value
        }
        return data
    }

    /// A recent record of the target the actor may read, for « Vérifier le modèle »'s test merge; nil when there is none.
    public static func sampleRecord(for target: TemplateTarget, _ context: ServiceContext) async throws -> UUID? {
        guard context.allows(.read, target.module) else { return nil }
        if let kind = target.salesKind {
            return try await SalesDocumentService(context).list(SalesDocumentFilter(kinds: [kind.rawValue]), limit: 1).first?.id
        }
        guard let definition = target.definition else { return nil }
        var parameters = EntityService.ListParameters(limit: 1)
        if definition.defaultFilters["archived"] != nil { parameters.filters["archived"] = "false" }
        return try await EntityService(definition, context).list(parameters).rows.first?.id
    }

    // MARK: - Formatting

    /// « 4 décembre 2026 » (« 1er » on the first of a month).
    public static func longDate(_ day: CalendarDay) -> String {
        "\(day.day == 1 ? "1er" : String(day.day)) \(DateDisplay.monthName(day.month, locale: .fr)) \(day.year)"
    }

    /// A field's value as a document prints it (French); "" for no value.
    static func text(_ field: FieldDefinition, _ row: TableRow) -> String {
        let value = row[field.column]
        switch (field.kind, value) {
        case (_, .null): return ""
        case (.lookup, _): return row.values[LookupSupport.titleKey(field.column)]?.textValue ?? ""
        case (.reference(let choices), .uuid(let id)):
            return choices.first { $0.value == id.uuidString.lowercased() }?.label(.fr) ?? ""
        case (.date, .text(let iso)): return CalendarDay(parsing: iso)?.formatted(locale: .fr) ?? iso
        case (.dateTime, .date(let date)): return DateDisplay.dateTime(date, locale: .fr)
        case (.choice, .text(let raw)) where raw.isEmpty: return ""
        case (.identifier(.iban), .text(let raw)): return IBAN.formatted(raw)
        default:
            let shown = FieldParsing.display(field, value, .fr)
            return shown == "—" ? "" : shown
        }
    }

    /// The tag key of a field: its column (`first_name`), a link without its `_id` (`owner`), a custom field under `custom.`.
    static func tagKey(_ field: FieldDefinition) -> String {
        if let key = field.customKey { return "custom." + key }
        if field.column.hasSuffix("_id") { return String(field.column.dropLast(3)) }
        return field.column
    }

    /// Fields worth a tag: everything a user sees but passwords and the flags that only steer the app.
    static func printable(_ field: FieldDefinition) -> Bool {
        !field.isPassword && !["is_template", "visibility", "archived", "sort_key"].contains(field.column)
    }

    // MARK: - Building

    struct Builder {
        let context: ServiceContext
        let withValues: Bool
        var groups: [MergeTagGroup] = []
        var locale: DisplayLocale { context.locale }

        init(context: ServiceContext, withValues: Bool) {
            self.context = context
            self.withValues = withValues
        }

        mutating func build(_ target: TemplateTarget, _ recordID: UUID?) async throws {
            if let kind = target.salesKind {
                try await buildSales(target, kind, recordID)
            } else if let definition = target.definition {
                let resolved = try await definition.resolved(for: context)
                let row = try await recordID.asyncMap { try await EntityService(resolved, context).get($0) }
                try await addEntity(definition, prefix: target.prefix, title: target.label(locale), row: row)
                switch target {
                case .company:
                    try await addCompanyContacts(row?.id)
                case .contact:
                    let link = try await row.asyncMap { try await DirectoryLinks.companies(ofContact: $0.id, on: context.db).first }
                    addTags(
                        L("Rôle dans la société", "Role at the company")(locale),
                        [MergeTagEntry(name: "contact.role", label: L("Rôle", "Role")(locale), value: text(link??.role))])
                    try await addRelated(.company, id: link??.companyID)
                case .project:
                    let members = try await row.asyncMap { try await ProjectMemberStore.list($0.id, on: context.db) } ?? []
                    try await addRelated(.company, id: members.first { $0.kind == .companies }?.id)
                    try await addRelated(.contact, id: members.first { $0.kind == .contacts }?.id)
                    addParticipants(members)
                case .interaction:
                    try await addRelated(.company, id: row?["company_id"].uuidValue)
                    let contact = try await row.asyncMap { try await InteractionStore.contacts(of: $0.id, on: context.db).first?.id }
                    try await addRelated(.contact, id: contact ?? nil)
                    try await addRelated(.project, id: row?["project_id"].uuidValue)
                default: break
                }
            }
            try await addOrganization()
            addCommon()
        }

        func text(_ value: String?) -> MergeValue? {
            withValues ? .text(value ?? "") : nil
        }

        mutating func addTags(_ title: String, _ tags: [MergeTagEntry]) {
            if let index = groups.firstIndex(where: { $0.title == title }) {
                groups[index].tags += tags
            } else {
                groups.append(MergeTagGroup(title: title, tags: tags))
            }
        }

        /// The fields of an entity under `prefix`, valued from `row` when reading a record.
        mutating func addEntity(_ definition: EntityDefinition, prefix: String, title: String, row: TableRow?) async throws {
            let resolved = try await definition.resolved(for: context)
            var tags: [MergeTagEntry] = []
            for field in resolved.fields where printable(field) {
                let name = "\(prefix).\(tagKey(field))"
                let value = row.map { MergeTagCatalog.text(field, $0) }
                tags.append(MergeTagEntry(name: name, label: field.label(locale), value: text(value)))
                if case .date = field.kind {
                    let long = row.flatMap { $0[field.column].textValue }.flatMap(CalendarDay.init(parsing:)).map(longDate)
                    tags.append(
                        MergeTagEntry(
                            name: name + "_long", label: field.label(locale) + L(" (en toutes lettres)", " (long form)")(locale),
                            value: text(long)))
                }
            }
            if definition.table == "companies" {
                let billing = row.map { Self.address($0, line: "billing_line", place: "billing_") }
                let delivery = row.map { Self.address($0, line: "delivery_line", place: "delivery_") }
                tags.append(
                    MergeTagEntry(
                        name: "company.address", label: L("Adresse de facturation complète", "Full billing address")(locale),
                        value: text(billing)))
                tags.append(
                    MergeTagEntry(
                        name: "company.address_inline",
                        label: L("Adresse de facturation sur une ligne", "Billing address on one line")(locale),
                        value: text(billing.map(Self.inline))))
                tags.append(
                    MergeTagEntry(
                        name: "company.delivery_address", label: L("Adresse de livraison complète", "Full delivery address")(locale),
                        value: text(delivery)))
            } else if definition.table == "contacts" {
                let address = row.map { Self.address($0, line: "address_line", place: "address_") }
                tags.append(
                    MergeTagEntry(name: "contact.address", label: L("Adresse complète", "Full address")(locale), value: text(address)))
                tags.append(
                    MergeTagEntry(
                        name: "contact.address_inline", label: L("Adresse sur une ligne", "Address on one line")(locale),
                        value: text(address.map(Self.inline))))
            }
            addTags(title, tags)
        }

        /// A related record's tags: valued only when the actor may read it (otherwise merged empty, listed as missing).
        mutating func addRelated(_ target: TemplateTarget, id: UUID?) async throws {
            guard let definition = target.definition else { return }
            var row: TableRow?
            if withValues, let id, context.allows(.read, target.module) {
                do {
                    row = try await EntityService(try await definition.resolved(for: context), context).get(id)
                } catch let error as AppError where error.status == .notFound || error.status == .forbidden {
                    row = nil
                }
            }
            let title = target.label(locale)
            guard !groups.contains(where: { $0.title == title }) else { return }
            try await addEntity(definition, prefix: target.prefix, title: title, row: row)
            // Without a row the tags are listed with empty values when reading a record.
            if withValues && row == nil, let index = groups.firstIndex(where: { $0.title == title }) {
                for tagIndex in groups[index].tags.indices { groups[index].tags[tagIndex].value = .text("") }
            }
        }

        mutating func addCompanyContacts(_ companyID: UUID?) async throws {
            let links = try await companyID.asyncMap { try await DirectoryLinks.contacts(ofCompany: $0, on: context.db) } ?? []
            addTags(
                L("Contacts de la société", "Company contacts")(locale),
                [
                    MergeTagEntry(
                        name: "contacts", label: L("Contacts (liste)", "Contacts (list)")(locale),
                        itemFields: [
                            MergeTagField(name: "name", label: L("Nom", "Name")(locale)),
                            MergeTagField(name: "role", label: L("Rôle", "Role")(locale)),
                        ],
                        value: withValues ? .list(links.map { ["name": .text($0.otherName), "role": .text($0.role)] }) : nil)
                ])
        }

        mutating func addParticipants(_ members: [ProjectMemberRow]) {
            func kind(_ member: ProjectMemberRow) -> String {
                switch member.kind {
                case .users: L("Utilisateur", "User")(.fr)
                case .contacts: L("Contact", "Contact")(.fr)
                case .companies: L("Société", "Company")(.fr)
                }
            }
            addTags(
                L("Participants du projet", "Project participants")(locale),
                [
                    MergeTagEntry(
                        name: "participants", label: L("Participants (liste)", "Participants (list)")(locale),
                        itemFields: [
                            MergeTagField(name: "name", label: L("Nom", "Name")(locale)),
                            MergeTagField(name: "role", label: L("Rôle", "Role")(locale)),
                            MergeTagField(name: "kind", label: L("Nature", "Kind")(locale)),
                        ],
                        value: withValues
                            ? .list(members.map { ["name": .text($0.name), "role": .text($0.role), "kind": .text(kind($0))] }) : nil)
                ])
        }

        mutating func addOrganization() async throws {
            let profile = try await EntityService(OrganizationEntity.definition, context).get(
                OrganizationProfile.singletonID)
            let row: TableRow? = withValues ? profile : nil
            try await addEntity(
                OrganizationEntity.definition, prefix: "organization", title: L("Coordonnées fusion", "Organisation profile")(locale),
                row: row)
            let name = row.map { $0["legal_name"].textValue ?? "" }
            let address = row.map { Self.address($0, line: "address_line", place: "") }
            let capital = row.flatMap { $0["share_capital"].intValue }.map { Money(minorUnits: $0).formatted(locale: .fr) }
            let rcs = row.flatMap { profile -> String? in
                guard let city = profile["rcs_city"].textValue, !city.isEmpty, let siren = profile["siren"].textValue, !siren.isEmpty else {
                    return nil
                }
                return "RCS \(city) \(siren)"
            }
            addTags(
                L("Coordonnées fusion", "Organisation profile")(locale),
                [
                    MergeTagEntry(
                        name: "organization.name", label: L("Nom (raison sociale)", "Name (legal name)")(locale), value: text(name)),
                    MergeTagEntry(name: "organization.address", label: L("Adresse complète", "Full address")(locale), value: text(address)),
                    MergeTagEntry(
                        name: "organization.address_inline", label: L("Adresse sur une ligne", "Address on one line")(locale),
                        value: text(address.map(Self.inline))),
                    MergeTagEntry(name: "organization.capital", label: L("Capital social", "Share capital")(locale), value: text(capital)),
                    MergeTagEntry(name: "organization.rcs", label: L("Immatriculation RCS", "RCS registration")(locale), value: text(rcs)),
                ])
        }

        mutating func addCommon() {
            let today = CalendarDay(context.now)
            addTags(
                L("Date et utilisateur", "Date and user")(locale),
                [
                    MergeTagEntry(
                        name: "today", label: L("Date du jour", "Today's date")(locale), value: text(today.formatted(locale: .fr))),
                    MergeTagEntry(
                        name: "today_long", label: L("Date du jour (en toutes lettres)", "Today's date (long form)")(locale),
                        value: text(longDate(today))),
                    MergeTagEntry(
                        name: "user.name", label: L("Nom de l'utilisateur qui génère", "Name of the generating user")(locale),
                        value: text(context.actor?.name)),
                    MergeTagEntry(
                        name: "user.email", label: L("E-mail de l'utilisateur qui génère", "E-mail of the generating user")(locale),
                        value: text(context.actor?.email)),
                ])
        }

        /// An address on one line: « 12 rue de la Paix, 75002 Paris ».
        static func inline(_ address: String) -> String {
            address.split(separator: "\n").joined(separator: ", ")
        }

        /// « 12 rue de la Paix\n75002 Paris » from the address columns: `<line>1`, `<line>2`, `<place>postcode`, `<place>city`,
        /// `<place>country` (the country printed only outside France).
        static func address(_ row: TableRow, line: String, place: String) -> String {
            func value(_ column: String) -> String { row[column].textValue?.trimmingCharacters(in: .whitespaces) ?? "" }
            let city = [value(place + "postcode"), value(place + "city")].filter { !$0.isEmpty }.joined(separator: " ")
            var lines = [value(line + "1"), value(line + "2"), city].filter { !$0.isEmpty }
            let country = value(place + "country")
            if !country.isEmpty && country != "FR" { lines.append(Country.displayName(country, .fr)) }
            return lines.joined(separator: "\n")
        }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
