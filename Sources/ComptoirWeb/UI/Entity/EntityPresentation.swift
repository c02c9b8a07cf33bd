import ComptoirServices
import ComptoirStore
import Foundation

/// The web hooks of each entity, by entity name: panels, list controls, bulk actions. The definitions and their
/// rules live in the services; what only pages need is here.
enum EntityPresentation {
    static let hooks: [String: EntityHooks] = [
        "audit-entries": EntityHooks(
            detailPanels: AuditEntity.changesPanel,
            apiExtras: { row in
                var changes: [String: JSONValue] = [:]
                for change in AuditLog.decodeChanges(row["changes"].textValue ?? "{}") {
                    changes[change.field] = [.string(change.before), .string(change.after)]
                }
                return [
                    "changes": .object(changes), "actorId": row["actor_id"].uuidValue.map { .string($0.uuidString.lowercased()) } ?? .null,
                ]
            }),
        "companies": EntityHooks(
            detailPanels: { row, request in
                try await DirectoryPanels.companyPanels(row, request) + GeneratePages.panel(.company, row.id, request)
            }, listControls: DirectoryTagging.controls,
            bulkActions: { request in
                try await DirectoryFields.tagBulkActions(request) + GeneratePages.bulkControls(.company, request)
            }, listFooter: SegmentsEntity.saveControl(.companies)),
        "contacts": EntityHooks(
            detailPanels: { row, request in
                try await DirectoryPanels.contactPanels(row, request) + PersonalDataPages.panel(row, request)
                    + GeneratePages.panel(.contact, row.id, request)
            }, listControls: DirectoryTagging.controls,
            bulkActions: { request in
                try await DirectoryFields.contactBulkActions(request) + GeneratePages.bulkControls(.contact, request)
            }, listFooter: SegmentsEntity.saveControl(.contacts)),
        "interactions": {
            var hooks = EntityHooks(detailPanels: { row, request in
                try await InteractionPanels.panels(row, request) + GeneratePages.panel(.interaction, row.id, request)
            })
            hooks.listColumns = [InteractionContactsField.listColumn]
            hooks.createExtension = InteractionContactsField.createExtension
            hooks.listCellText = InteractionContactsField.dateText
            return hooks
        }(),
        "organization": EntityHooks(detailPanels: OrganizationLogo.panel),
        "products": EntityHooks(detailPanels: ProductPanels.panels),
        "projects": EntityHooks(
            detailPanels: { row, request in
                try await ProjectPanels.panels(row, request) + GeneratePages.panel(.project, row.id, request)
            }, listControls: SalesMarginPanel.listControls),
        "prospecting-campaigns": EntityHooks(detailPanels: CampaignPages.panel),
        "resources": EntityHooks(detailPanels: ResourcePages.panel),
        "segments": EntityHooks(detailPanels: SegmentsEntity.panel, apiExtras: SegmentsEntity.apiCriteria, customForm: true),
        "users": EntityHooks(detailPanels: UsersEntity.panels),
        "warehouses": EntityHooks(detailPanels: WarehouseLocationPages.panel),
    ]

    /// Entities whose French name is feminine: « Nouvelle société », « Nouvelle interaction ».
    static let feminine: Set<String> = ["companies", "interactions", "resources", "prospecting-campaigns", "pipeline-stages"]

    /// « Nouvelle société », « Nouveau contact »: the title of a creation form and the list's button.
    static func newTitle(_ definition: EntityDefinition) -> Localized {
        let fr = definition.singular.fr
        // The label's first letter is lowercased, not the rest: « Nouveau type d'interaction », « Nouveau SIRET ».
        let lowered = fr.prefix(1).lowercased() + fr.dropFirst()
        // Before a vowel or a mute h the masculine is « Nouvel » (« Nouvel entrepôt », « Nouvel utilisateur »).
        let vowel = lowered.first.map { "aeiouyhéèêàâîôû".contains($0) } ?? false
        let adjective = feminine.contains(definition.name) ? "Nouvelle " : (vowel ? "Nouvel " : "Nouveau ")
        return L(adjective + lowered, "New " + definition.singular.en.lowercased())
    }
}
