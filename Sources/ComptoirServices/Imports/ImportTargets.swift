import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation

/// Something a column can be imported into: a company or contact field (custom fields included),
/// interest tags, or the contact's role in the company.
public struct ImportTarget: Sendable {
    public enum Side: String, Sendable { case company, contact, link }
    public enum Meaning: Sendable {
        case field(FieldDefinition)
        /// `;`-separated tag paths (« Assurance › Auto ; Prospect »), created when missing.
        case tags(TagTarget)
        case role
    }

    public var key: String
    public var side: Side
    public var label: Localized
    public var meaning: Meaning

    public var field: FieldDefinition? {
        if case .field(let field) = meaning { return field }
        return nil
    }

    /// Several columns may feed the tags; any other target takes one column.
    public var allowsSeveralColumns: Bool {
        if case .tags = meaning { return true }
        return false
    }
}

/// The targets offered by the mapping step, and the suggestions made from column titles.
public enum ImportTargets {
    static let ignore = ""

    /// Every target, custom fields included (read from the database: an administrator may add some at any time).
    public static func all(on db: any Database) async throws -> [ImportTarget] {
        let company = try await CustomFieldsSupport.resolve(CompaniesEntity.definition, db)
        let contact = try await CustomFieldsSupport.resolve(ContactsEntity.definition, db)
        var targets: [ImportTarget] = []
        for (side, definition) in [(ImportTarget.Side.company, company), (.contact, contact)] {
            for field in definition.fields where importable(field) {
                let key = field.customKey.map { "\(side.rawValue).cf.\($0)" } ?? "\(side.rawValue).\(field.key)"
                targets.append(ImportTarget(key: key, side: side, label: field.label, meaning: .field(field)))
            }
            targets.append(
                ImportTarget(
                    key: "\(side.rawValue).tags", side: side, label: L("Centres d'intérêt", "Interest tags"),
                    meaning: .tags(side == .company ? .companies : .contacts)))
        }
        targets.append(
            ImportTarget(
                key: "link.role", side: .link, label: L("Rôle du contact dans la société", "Contact's role in the company"), meaning: .role)
        )
        return targets
    }

    /// Fields a person types in a form; owner, archived flag and computed fields are not imported.
    static func importable(_ field: FieldDefinition) -> Bool {
        guard field.uses.contains(.create), field.key != "ownerId", field.key != "archived" else { return false }
        switch field.kind {
        case .reference, .lookup, .password, .dateTime: return false
        default: return true
        }
    }

    /// A suggested target per column title ("" when nothing fits); each target is suggested once.
    static func suggest(headers: [String], targets: [ImportTarget]) -> [String] {
        let known = Set(targets.map(\.key))
        var taken: Set<String> = []
        return headers.map { header in
            let folded = fold(header)
            guard !folded.isEmpty else { return ignore }
            var candidates: [String] = []
            if let key = synonyms[folded] { candidates.append(key) }
            // Custom fields by label or key, contact side first for personal data, company side otherwise.
            for target in targets {
                guard let field = target.field, field.customKey != nil else { continue }
                if fold(field.label.fr) == folded || fold(field.label.en) == folded || fold(field.customKey ?? "") == folded {
                    candidates.append(target.key)
                }
            }
            // Standard field labels in both languages, e.g. « Code NAF / APE ».
            for target in targets where target.field?.customKey == nil {
                if fold(target.label.fr) == folded || fold(target.label.en) == folded { candidates.append(target.key) }
            }
            for candidate in candidates where known.contains(candidate) {
                let many = targets.first { $0.key == candidate }?.allowsSeveralColumns ?? false
                if many || !taken.contains(candidate) {
                    taken.insert(candidate)
                    return candidate
                }
            }
            return ignore
        }
    }

    /// Lower case, no accents, only letters and digits separated by single spaces: « N° SIRET » → "n siret".
    public static func fold(_ text: String) -> String {
        foldForSearch(text).split(whereSeparator: { !($0.isLetter || $0.isNumber) }).joined(separator: " ")
    }

    /// Column titles seen in French and English files, folded.
    static let synonyms: [String: String] = {
        let table: [(String, [String])] = [
            (
                "company.name",
                [
                    "raison sociale", "societe", "entreprise", "nom societe", "nom de la societe", "nom entreprise",
                    "denomination", "denomination sociale", "organisation", "organization", "company", "company name",
                    "account", "account name", "client societe", "etablissement",
                ]
            ),
            ("company.legalForm", ["forme juridique", "statut juridique", "legal form"]),
            ("company.siren", ["siren", "n siren", "numero siren"]),
            ("company.siret", ["siret", "n siret", "numero siret", "no siret"]),
            (
                "company.vatNumber",
                ["tva", "tva intracommunautaire", "n tva", "numero de tva", "numero tva", "tva intra", "vat", "vat number", "vat id"]
            ),
            ("company.nafCode", ["naf", "ape", "code naf", "code ape", "naf ape", "code naf ape"]),
            (
                "company.billingLine1",
                ["adresse", "adresse 1", "adresse ligne 1", "rue", "voie", "address", "address 1", "street", "billing street"]
            ),
            ("company.billingLine2", ["adresse 2", "adresse ligne 2", "complement", "complement d adresse", "address 2"]),
            ("company.billingPostcode", ["code postal", "cp", "c p", "postcode", "postal code", "zip", "zip code", "billing postal code"]),
            ("company.billingCity", ["ville", "commune", "localite", "city", "town", "billing city"]),
            ("company.billingCountry", ["pays", "country", "code pays"]),
            (
                "company.phone",
                ["telephone", "tel", "telephone societe", "tel societe", "standard", "telephone standard", "phone", "company phone"]
            ),
            ("company.email", ["email societe", "e mail societe", "mail societe", "company email", "email entreprise"]),
            ("company.website", ["site", "site web", "site internet", "web", "website", "url"]),
            (
                "company.externalId",
                [
                    "reference", "ref", "id", "identifiant", "code client", "n client", "numero client",
                    "reference externe", "external id", "id societe", "company id", "account id",
                ]
            ),
            ("company.isClient", ["client", "est client"]),
            ("company.isProspect", ["prospect", "est prospect"]),
            ("company.isSupplier", ["fournisseur", "est fournisseur", "supplier"]),
            ("company.notes", ["notes societe", "commentaire societe"]),
            ("contact.civility", ["civilite", "civ", "titre", "salutation", "title"]),
            ("contact.firstName", ["prenom", "first name", "firstname", "given name"]),
            (
                "contact.lastName",
                ["nom", "nom de famille", "nom contact", "nom du contact", "last name", "lastname", "surname", "family name", "name"]
            ),
            ("contact.jobTitle", ["fonction", "poste", "job title", "job", "position"]),
            (
                "contact.email",
                [
                    "email", "e mail", "mail", "courriel", "adresse email", "adresse e mail", "adresse mail", "email address",
                    "e mail address",
                ]
            ),
            ("contact.emailSecondary", ["email 2", "autre email", "autre e mail", "email secondaire"]),
            (
                "contact.mobile",
                [
                    "mobile", "portable", "tel portable", "telephone portable", "tel mobile", "telephone mobile", "gsm", "cell",
                    "mobile phone",
                ]
            ),
            (
                "contact.phone",
                ["telephone bureau", "tel bureau", "tel direct", "ligne directe", "telephone direct", "office phone", "work phone"]
            ),
            ("contact.birthDate", ["date de naissance", "naissance", "ne le", "nee le", "birth date", "birthdate", "date of birth"]),
            ("contact.notes", ["notes", "note", "commentaire", "commentaires", "remarques", "observations", "comments"]),
            ("contact.externalId", ["id contact", "reference contact", "ref contact", "contact id"]),
            ("contact.addressLine1", ["adresse contact", "adresse personnelle"]),
            ("contact.addressPostcode", ["code postal contact"]),
            ("contact.addressCity", ["ville contact"]),
            (
                "contact.tags",
                ["centres d interet", "centre d interet", "tags", "interets", "interests", "categories", "categorie", "segments"]
            ),
            ("company.tags", ["centres d interet societe", "tags societe", "categorie societe"]),
            ("link.role", ["role", "qualite", "role dans la societe", "role in company", "relation"]),
        ]
        var result: [String: String] = [:]
        for (key, words) in table {
            for word in words { result[word] = key }
        }
        return result
    }()
}
