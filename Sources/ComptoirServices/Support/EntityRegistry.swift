import ComptoirStore

/// Every record type served by the generic entity component, in one list: the web layer registers their pages from it,
/// and the audit's reader finds their fields' labels and choices with it.
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
}
