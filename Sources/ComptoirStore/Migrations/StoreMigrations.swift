import FluentKit

/// The one ordered list of migrations, the same on SQLite and PostgreSQL.
/// Append new migrations at the end; never edit one that has landed.
public enum StoreMigrations {
    public static var all: [any Migration] {
        [
            CreateAccounts(),
            CreateAudit(),
            CreateSettings(),
            CreateOrganizationProfile(),
            CreateDirectory(),
            CreateCustomFields(),
            CreateSegments(),
            CreateActivities(),
            CreateProspectingCampaigns(),
            CreateProjects(),
            CreateGuestAccess(),
            CreateSecondFactor(),
            CreateImports(),
            AddAgendaIndexes(),
            AddDirectoryIndexes(),
            KeySearchByDocument(),
            DropTagOnlyIndexes(),
            CreateCatalog(),
            AddSortKeys(),
            IndexInteractions(),
            AddContactErasure(),
            AddStockViewIndexes(),
            AddWarehouseLocations(),
            AddInteractionListDate(),
            AddSegmentCriteria(),
            CreateSales(),
            AddSalesDocumentFiles(),
            CreateDocumentTemplates(),
            AddSalesStockLinks(),
            AddSalesListIndexes(),
        ]
    }
}
