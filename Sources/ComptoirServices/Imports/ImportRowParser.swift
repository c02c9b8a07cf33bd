import ComptoirCore
import ComptoirDocuments
import ComptoirStore
import Foundation

/// The values one side (the company or the contact) of a row brings.
struct RecordPart: Sendable {
    /// Column → value, only for non-empty cells.
    var values: [String: FieldValue] = [:]
    /// Custom field id → canonical text.
    var custom: [UUID: String] = [:]
    /// Tag paths, in the « A › B » form.
    var tags: [String] = []

    var isEmpty: Bool { values.isEmpty && custom.isEmpty && tags.isEmpty }
}

/// One row, read and checked; nothing about the database yet.
struct ParsedRow: Sendable {
    var number: Int
    var fields: [String]
    var company: RecordPart?
    var contact: RecordPart?
    var role: String?
    /// Problems that refuse the whole row.
    var problems: [ImportRowError.Problem] = []
    /// « Créer ce qui est valide »: the contact's problems when only the contact was invalid; the contact (and the
    /// row's link) were dropped and the row goes on as its company alone.
    var refusedContact: [ImportRowError.Problem] = []
    var isBlank = false
    /// Matching keys, computed with the row (on the reading task, not the writing one).
    var companyKeys: ImportState.CompanyKeys?
    var contactKeys: ImportState.ContactKeys?
}

/// Turns the cells of a row into typed values with the same parsing and checks as the forms
/// (`FieldParsing`, the entities' `normalize`), so an import accepts exactly what a person could type.
struct ImportRowParser: @unchecked Sendable {
    struct Column: Sendable {
        var index: Int
        var header: String
        var target: ImportTarget
    }

    let columns: [Column]
    let today: CalendarDay
    /// « Ligne partiellement valide : créer ce qui est valide »: a row whose company is valid and whose contact is not
    /// keeps its company (`ImportSettings.PartialRows.createValid`); otherwise any problem refuses the row.
    let keepsValidPart: Bool
    /// The last company name folded for matching: consecutive rows usually repeat it. Only the reading task uses it.
    private let foldedNames = FoldedNameCache()

    final class FoldedNameCache {
        var name = ""
        var folded = ""
    }

    /// Tag cells already split into paths: files repeat a few tag texts on many rows. Only the reading task uses it.
    private let tagCells = TagPathCache()

    final class TagPathCache {
        var paths: [String: [String]] = [:]

        func paths(of cell: String) -> [String] {
            if let known = paths[cell] { return known }
            if paths.count >= 4_096 { paths.removeAll(keepingCapacity: true) }
            let split = ImportRowParser.tagPaths(cell)
            paths[cell] = split
            return split
        }
    }
    /// Column headers by field key, to name the column of a problem found on a whole record.
    private let headerByKey: [String: String]

    init(columns: [Column], today: CalendarDay, keepsValidPart: Bool = true) {
        self.columns = columns
        self.today = today
        self.keepsValidPart = keepsValidPart
        var headers: [String: String] = [:]
        for column in columns { headers[column.target.key] = column.header }
        headerByKey = headers
    }

    /// Builds the parser for `settings`, refusing a mapping that sends two columns to one field.
    static func make(settings: ImportSettings, headers: [String], targets: [ImportTarget], today: CalendarDay) throws -> ImportRowParser {
        let byKey = Dictionary(targets.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var columns: [Column] = []
        var used: [String: String] = [:]
        var problems: [Localized] = []
        for mapping in settings.columns where !mapping.target.isEmpty {
            guard let target = byKey[mapping.target] else {
                problems.append(
                    L(
                        "La colonne « \(mapping.header) » vise un champ qui n'existe plus (\(mapping.target)).",
                        "Column \"\(mapping.header)\" targets a field that no longer exists (\(mapping.target))."))
                continue
            }
            if let other = used[mapping.target], !target.allowsSeveralColumns {
                problems.append(
                    L(
                        "Les colonnes « \(other) » et « \(mapping.header) » sont toutes deux associées à « \(target.label.fr) ».",
                        "Columns \"\(other)\" and \"\(mapping.header)\" are both mapped to \"\(target.label.en)\"."))
                continue
            }
            used[mapping.target] = mapping.header
            columns.append(
                Column(
                    index: mapping.index, header: mapping.index < headers.count ? headers[mapping.index] : mapping.header, target: target))
        }
        if columns.isEmpty {
            problems.append(L("Aucune colonne n'est associée à un champ.", "No column is mapped to a field."))
        } else if !columns.contains(where: { $0.target.side == .company }) && !columns.contains(where: { $0.target.side == .contact }) {
            problems.append(
                L(
                    "Associez au moins une colonne à un champ de société ou de contact.",
                    "Map at least one column to a company or contact field."))
        }
        if used["company.name"] == nil && columns.contains(where: { $0.target.side == .company }) {
            problems.append(
                L(
                    "Les colonnes de société demandent une colonne « Raison sociale ».",
                    "Company columns need a « Raison sociale » (name) column."))
        }
        if used["contact.lastName"] == nil && columns.contains(where: { $0.target.side == .contact }) {
            problems.append(L("Les colonnes de contact demandent une colonne « Nom ».", "Contact columns need a last name column."))
        }
        if !problems.isEmpty { throw MappingError(problems: problems) }
        return ImportRowParser(columns: columns, today: today, keepsValidPart: settings.partialRows == .createValid)
    }

    struct MappingError: Error, Sendable {
        var problems: [Localized]
    }

    func parse(_ row: SourceRow) -> ParsedRow {
        var parsed = ParsedRow(number: row.number, fields: row.fields)
        if let problem = row.problem {
            parsed.problems.append(Self.rowProblem(problem))
            return parsed
        }
        if row.fields.allSatisfy(Self.isBlank) {
            parsed.isBlank = true
            return parsed
        }
        var company = RecordPart(), contact = RecordPart()
        // Each problem with the side it belongs to: the company's, or the contact's (its link and role included).
        var problems: [(company: Bool, problem: ImportRowError.Problem)] = []
        for column in columns {
            guard column.index < row.fields.count else { continue }
            let text = Self.clean(row.fields[column.index])
            guard !text.isEmpty else { continue }
            func problem(_ message: Localized) {
                problems.append((column.target.side == .company, .init(column: column.header, value: text, fr: message.fr, en: message.en)))
            }
            switch column.target.meaning {
            case .role:
                if text.count > 100 { problem(L("100 caractères au plus.", "At most 100 characters.")) } else { parsed.role = text }
            case .tags:
                let paths = tagCells.paths(of: text)
                if paths.contains(where: { $0.count > 200 }) { problem(L("Chemin de centre d'intérêt trop long.", "Tag path too long.")) }
                if column.target.side == .company { company.tags += paths } else { contact.tags += paths }
            case .field(let field):
                var optional = field
                optional.required = false
                switch FieldParsing.parse(optional, Self.normalizeForKind(text, field.kind)) {
                case .failure(let message):
                    problem(message)
                case .success(let value):
                    guard value != .null else { continue }
                    if let customID = field.customFieldID {
                        let canonical = CustomFieldsSupport.text(value)
                        if column.target.side == .company {
                            company.custom[customID] = canonical
                        } else {
                            contact.custom[customID] = canonical
                        }
                    } else if column.target.side == .company {
                        company.values[field.column] = value
                    } else {
                        contact.values[field.column] = value
                    }
                }
            }
        }
        // A row without a company name nor identifier is a private client's: its address goes to the contact.
        if !company.isEmpty, company.values["name"] == nil, company.values["siret"] == nil, company.values["siren"] == nil,
            company.values["external_id"] == nil, !contact.isEmpty
        {
            for (from, to) in Self.addressColumns where contact.values[to] == nil {
                if let value = company.values[from] { contact.values[to] = value }
            }
            company = RecordPart()
        }
        if !company.isEmpty {
            if company.values["name"] == nil {
                problems.append(
                    (
                        true,
                        .init(
                            column: headerByKey["company.name"] ?? "", value: "",
                            fr: "Raison sociale manquante alors que la ligne a des données de société.",
                            en: "Company name missing while the row has company data.")
                    ))
            }
            if let name = company.values["name"]?.textValue {
                if name != foldedNames.name {
                    foldedNames.name = name
                    foldedNames.folded = DuplicateFinder.normalizedCompanyName(name)
                }
                company.values["name_folded"] = .text(foldedNames.folded)
            }
            for (key, messages) in CompaniesEntity.normalize(&company.values, existing: nil) {
                for message in messages {
                    problems.append((true, .init(column: headerByKey["company.\(key)"] ?? key, value: "", fr: message.fr, en: message.en)))
                }
            }
            parsed.company = company
        }
        if !contact.isEmpty {
            if contact.values["last_name"] == nil {
                problems.append(
                    (
                        false,
                        .init(
                            column: headerByKey["contact.lastName"] ?? "", value: "",
                            fr: "Nom du contact manquant alors que la ligne a des données de contact.",
                            en: "Contact last name missing while the row has contact data.")
                    ))
            }
            for (key, messages) in ContactsEntity.normalize(&contact.values, existing: nil, today: today) {
                for message in messages {
                    problems.append((false, .init(column: headerByKey["contact.\(key)"] ?? key, value: "", fr: message.fr, en: message.en)))
                }
            }
            parsed.contact = contact
        }
        if Self.keepsCompany(
            companyValid: !problems.contains { $0.company }, contactValid: !problems.contains { !$0.company },
            hasCompany: parsed.company != nil,
            keepsValidPart: keepsValidPart)
        {
            parsed.refusedContact = problems.map(\.problem)
            parsed.contact = nil
            parsed.role = nil
        } else {
            parsed.problems = problems.map(\.problem)
        }
        parsed.companyKeys = parsed.company.map(ImportState.companyKeys)
        parsed.contactKeys = parsed.contact.map(ImportState.contactKeys)
        return parsed
    }

    /// Whether a row whose contact is invalid goes on as its company alone: only with « créer ce qui est valide », a
    /// company part (a private client's row has nothing else to keep) and no problem on the company's side. A row whose
    /// company is invalid is refused whole, even with a valid contact: the contact would lose its company and its role,
    /// and the fixed row, imported again, would not find it by name within that company.
    static func keepsCompany(companyValid: Bool, contactValid: Bool, hasCompany: Bool, keepsValidPart: Bool) -> Bool {
        keepsValidPart && hasCompany && companyValid && !contactValid
    }

    static let addressColumns = [
        ("billing_line1", "address_line1"), ("billing_line2", "address_line2"), ("billing_postcode", "address_postcode"),
        ("billing_city", "address_city"), ("billing_country", "address_country"),
    ]

    /// Whether a cell holds only spaces (or nothing).
    static func isBlank(_ cell: String) -> Bool {
        for byte in cell.utf8 {
            if byte >= 0x80 { return cell.trimmingCharacters(in: .whitespaces).isEmpty }
            if byte != 0x20 && byte != 0x09 { return false }
        }
        return true
    }

    /// Trims the cell and removes the apostrophe that spreadsheets and our own CSV exports put before
    /// values that would otherwise be read as formulas (`'+33 6…`), so an error file re-imports as it is.
    static func clean(_ cell: String) -> String {
        let text = cell.fastTrimmed
        if text.hasPrefix("'"), let next = text.dropFirst().first, "=+-@".contains(next) { return String(text.dropFirst()) }
        return text
    }

    /// What spreadsheets write that the form parsers do not take as is: XLSX date-times at midnight,
    /// « X » / « Vrai » / « Faux » for yes/no.
    static func normalizeForKind(_ text: String, _ kind: FieldKind) -> String {
        switch kind {
        case .date:
            if text.count == 19, text.hasSuffix("T00:00:00") { return String(text.prefix(10)) }
            return text
        case .bool:
            switch text.lowercased() {
            case "x", "vrai", "o": return "true"
            case "faux", "n", "-": return "false"
            default: return text
            }
        default:
            return text
        }
    }

    /// « Assurance > Auto ; Prospect » → ["Assurance › Auto", "Prospect"].
    static func tagPaths(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == ";" || $0 == "\n" }).compactMap { path in
            let parts = path.split(whereSeparator: { $0 == "›" || $0 == ">" || $0 == "/" })
                .map { String($0).fastTrimmed }.filter { !$0.isEmpty }
            return parts.isEmpty ? nil : parts.joined(separator: TagStore.separator)
        }
    }

    static func rowProblem(_ problem: CSVRecordProblem) -> ImportRowError.Problem {
        let message: Localized
        switch problem {
        case .unterminatedQuote:
            message = L(
                "Guillemet ouvert jamais fermé : la fin du fichier a été lue comme une seule valeur.",
                "Quote opened and never closed: the rest of the file was read as one value.")
        case .characterAfterQuote:
            message = L("Guillemet mal placé (du texte suit un guillemet fermant).", "Misplaced quote (text follows a closing quote).")
        case .tooLong(let bytes):
            message = L(
                "Ligne trop longue (\(bytes / 1024) Kio lus, 1 Mio au plus).", "Line too long (\(bytes / 1024) KiB read, 1 MiB at most).")
        case .invalidEncoding:
            message = L(
                "Caractères illisibles : cette ligne n'est pas dans l'encodage du fichier.",
                "Unreadable characters: this line is not in the file's encoding.")
        }
        return .init(column: "", value: "", fr: message.fr, en: message.en)
    }
}
