import ComptoirStore

/// Every record type served by the generic entity component, in one list: the web layer registers their pages from it,
/// and the audit log names their tables and fields with it.
public enum EntityRegistry {
    public static let all: [EntityDefinition] = [
        UsersEntity.definition, OrganizationEntity.definition, AuditEntity.definition,
        CompaniesEntity.definition, ContactsEntity.definition, TagsEntity.definition, CustomFieldsEntity.definition,
        SegmentsEntity.definition, InteractionTypesEntity.definition, PipelineStagesEntity.definition, ResourcesEntity.definition,
        InteractionsEntity.definition, CampaignsEntity.definition, ProjectsEntity.definition, ProductsEntity.definition,
        WarehousesEntity.definition,
    ]

    public static func definition(table: String) -> EntityDefinition? {
        all.first { $0.table == table }
    }

    /// What the audit log calls the record types it records (a constant list: the audit's own definition uses it, so it
    /// may not read `all`).
    public static let recordTypes: [(entity: String, label: Localized)] = [
        ("companies", L("Société", "Company")), ("contacts", L("Contact", "Contact")),
        ("contact_companies", L("Lien contact – société", "Contact–company link")),
        ("tags", L("Centre d'intérêt", "Interest tag")), ("segments", L("Segment", "Segment")),
        ("custom_fields", L("Champ spécifique", "Custom field")), ("interactions", L("Interaction", "Interaction")),
        ("interaction_types", L("Type d'interaction", "Interaction type")), ("pipeline_stages", L("Étape des affaires", "Deal stage")),
        ("resources", L("Ressource", "Resource")), ("prospecting_campaigns", L("Campagne de prospection", "Prospecting campaign")),
        ("attachments", L("Pièce jointe", "Attachment")), ("calendar_feeds", L("Abonnement ICS", "ICS subscription")),
        ("projects", L("Projet", "Project")), ("products", L("Produit", "Product")), ("warehouses", L("Entrepôt", "Warehouse")),
        ("stock-movements", L("Mouvement de stock", "Stock movement")), ("delivery-notes", L("Bon de livraison", "Delivery note")),
        ("imports", L("Import", "Import")), ("import_profiles", L("Configuration d'import", "Import profile")),
        ("users", L("Utilisateur", "User")), ("api_tokens", L("Jeton d'API", "API token")),
        ("organization_profile", L("Coordonnées de l'organisation", "Organisation profile")), ("settings", L("Paramètres", "Settings")),
    ]

    public static func recordTypeLabel(_ entity: String) -> Localized {
        recordTypes.first { $0.entity == entity }?.label ?? .same(entity)
    }

    /// The record types as filter choices of the audit log.
    public static var recordTypeChoices: [FieldChoice] { recordTypes.map { FieldChoice($0.entity, $0.label) } }
}
