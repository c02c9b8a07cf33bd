import ComptoirCore
import ComptoirStore
import Foundation

/// The record a document template is merged with. (No KYC record exists yet: it will add its case when Advisory lands.)
public enum TemplateTarget: String, Sendable, CaseIterable, Hashable {
    case company, contact, project, interaction, quote, order, invoice

    public var label: Localized {
        switch self {
        case .company: L("Société", "Company")
        case .contact: L("Contact", "Contact")
        case .project: L("Projet", "Project")
        case .interaction: L("Interaction", "Interaction")
        case .quote: L("Devis", "Quote")
        case .order: L("Bon de commande", "Order")
        case .invoice: L("Facture", "Invoice")
        }
    }

    /// The module whose read right the record needs.
    public var module: PermissionModule {
        switch self {
        case .company, .contact: .directory
        case .project: .projects
        case .interaction: .activities
        case .quote, .order, .invoice: .sales
        }
    }

    /// The generic entity of the record, for the four master-data targets.
    public var definition: EntityDefinition? {
        switch self {
        case .company: CompaniesEntity.definition
        case .contact: ContactsEntity.definition
        case .project: ProjectsEntity.definition
        case .interaction: InteractionsEntity.definition
        case .quote, .order, .invoice: nil
        }
    }

    /// The sales document kind, for the three sales targets.
    public var salesKind: SalesDocument.Kind? {
        switch self {
        case .quote: .quote
        case .order: .order
        case .invoice: .invoice
        default: nil
        }
    }

    /// The attachments' owner kind a generated document is filed under (`AttachmentStore`).
    public var ownerKind: String {
        switch self {
        case .company: "companies"
        case .contact: "contacts"
        case .project: "projects"
        case .interaction: "interactions"
        case .quote, .order, .invoice: "sales-documents"
        }
    }

    /// The tag prefix of the record's own fields (`company.name`, `document.reference`).
    public var prefix: String {
        salesKind == nil ? rawValue : "document"
    }

    /// A legal invoice comes from the native PDF writer: no PDF copy of a merged invoice.
    public var allowsPDFCopy: Bool { self != .invoice }

    /// The target of a page path's entity name (`companies` → company).
    public init?(ownerKind: String) {
        guard let target = TemplateTarget.allCases.first(where: { $0.ownerKind == ownerKind && $0.salesKind == nil }) else { return nil }
        self = target
    }
}
