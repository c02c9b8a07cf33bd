import Vapor

/// The catalogue's pages (products and warehouses are generic entities, registered with the others).
enum CatalogRoutes {
    static func register(_ app: Application) {
        StockPage.register(app)
        StockMovementPages.register(app)
        DeliveryNotePages.register(app)
        CatalogFilePages.register(app)
        SerialPages.register(app)
        WarehouseLocationPages.register(app)
    }
}
