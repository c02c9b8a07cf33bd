import ComptoirCore
import ComptoirStore
import Foundation

/// Products (« Produits »): master data on the generic component. Stock is managed only when « Activer la gestion de
/// stock » is ticked; serial numbers only on top of it. The stock columns (`on_hand_milli`, `average_cost`) are derived:
/// only validated stock movements change them.
public enum ProductsEntity {
    public static let units = [
        FieldChoice("unit", L("Pièce", "Piece")), FieldChoice("kg", L("Kilogramme", "Kilogram")), FieldChoice("l", L("Litre", "Litre")),
        FieldChoice("m", L("Mètre", "Metre")), FieldChoice("m2", L("Mètre carré", "Square metre")), FieldChoice("h", L("Heure", "Hour")),
        FieldChoice("day", L("Jour", "Day")), FieldChoice("box", L("Carton", "Box")),
    ]

    /// French VAT rates (métropole, Corse and DOM rates are among them): Sales' `VATRate.allowed`, one list for both.
    public static let vatRates = VATRate.allowed.map { rate in
        FieldChoice(rate.decimalString, L(rate.decimalString.replacingOccurrences(of: ".", with: ",") + " %", rate.decimalString + "%"))
    }

    public static let definition: EntityDefinition = {
        var definition = EntityDefinition(
            name: "products", table: "products", singular: L("Produit", "Product"), plural: L("Produits", "Products"), module: .catalog,
            fields: [
                FieldDefinition(
                    "reference", L("Référence", "Reference"), .text(maxLength: 40), required: true,
                    uses: [.standard, .list, .sort, .search]),
                FieldDefinition(
                    "name", L("Libellé", "Name"), .text(maxLength: 200), required: true, uses: [.standard, .list, .sort, .search]),
                FieldDefinition("description", L("Description", "Description"), .longText),
                FieldDefinition("category", L("Catégorie", "Category"), .text(maxLength: 80), uses: [.standard, .list, .filter, .sort]),
                FieldDefinition("unit", L("Unité", "Unit"), .choice(units), required: true),
                FieldDefinition("salePrice", L("Prix de vente HT", "Sale price excl. VAT"), .money, uses: [.standard, .list, .sort]),
                FieldDefinition("purchasePrice", L("Prix d'achat HT", "Purchase price excl. VAT"), .money),
                FieldDefinition("vatRate", L("Taux de TVA", "VAT rate"), .choice(vatRates), required: true, uses: [.standard, .filter]),
                FieldDefinition(
                    "stockManaged", L("Activer la gestion de stock", "Manage stock"), .bool, uses: [.standard, .filter],
                    help: L(
                        "Le stock ne change que par des mouvements de stock validés.",
                        "Stock changes only through validated stock movements.")),
                FieldDefinition(
                    "serialTracked", L("Numéros de série", "Serial numbers"), .bool, uses: [.standard, .filter],
                    help: L(
                        "Chaque unité reçoit un numéro de série, saisi à la réception et choisi à la livraison (avec la gestion de stock).",
                        "Each unit gets a serial number, entered when received and picked when delivered (needs stock management).")),
                FieldDefinition("onHand", column: "on_hand_milli", L("Stock réel", "On hand"), .quantity, uses: [.detail, .list, .sort]),
                FieldDefinition("alertThreshold", L("Seuil d'alerte", "Alert threshold"), .quantity),
                FieldDefinition("desiredStock", L("Stock désiré", "Desired stock"), .quantity),
                FieldDefinition("averageCost", L("Coût moyen pondéré", "Weighted average cost"), .money, uses: [.detail]),
                FieldDefinition("ean13", L("Code-barres EAN-13", "EAN-13 barcode"), .identifier(.ean13), uses: [.standard, .search]),
                FieldDefinition(
                    "supplierId", L("Fournisseur par défaut", "Default supplier"), .lookup("companies"), uses: [.standard, .filter]),
                FieldDefinition("active", L("Actif", "Active"), .bool, uses: [.standard, .list, .filter]),
            ],
            htmlPath: "/products", defaultSort: "reference", titleColumn: "name",
            rules: EntityRules(prepare: prepare, afterWrite: afterWrite))
        definition.defaults = [
            "unit": .text("unit"), "vat_rate": .text("20"), "stock_managed": .bool(false), "serial_tracked": .bool(false),
            "active": .bool(true),
        ]
        definition.defaultFilters = ["active": "true"]
        definition.exportable = true
        definition.customFieldsEntity = "products"
        return definition
    }()

    /// A unique reference (ignoring case), serial numbers only with stock, and no change of either once stock moved.
    static func prepare(
        _ values: inout [String: FieldValue], _ raw: [String: String], _ existing: TableRow?, _ context: ServiceContext
    ) async throws -> [String: [Localized]] {
        var errors: [String: [Localized]] = [:]
        let merged = existing.map { $0.values.merging(values) { _, new in new } } ?? values
        if let reference = values["reference"]?.textValue,
            try await ProductStore.referenceTaken(reference, except: existing?.id, on: context.db)
        {
            errors["reference"] = [L("Un autre produit porte déjà cette référence.", "Another product already has this reference.")]
        }
        let stock = merged["stock_managed"]?.boolValue ?? false
        let serials = merged["serial_tracked"]?.boolValue ?? false
        if serials && !stock {
            errors["serialTracked", default: []].append(
                L(
                    "Les numéros de série demandent la gestion de stock : cochez « Activer la gestion de stock ».",
                    "Serial numbers need stock management: tick « Manage stock »."))
        }
        if let existing {
            let wasStock = existing["stock_managed"].boolValue ?? false
            let wasSerials = existing["serial_tracked"].boolValue ?? false
            if wasStock != stock || wasSerials != serials, try await StockMovementStore.hasLines(product: existing.id, on: context.db) {
                let message = L(
                    "Des mouvements de stock existent pour ce produit : la gestion de stock et les numéros de série ne peuvent plus changer.",
                    "Stock movements exist for this product: stock management and serial numbers can no longer change.")
                errors[wasStock != stock ? "stockManaged" : "serialTracked", default: []].append(message)
            }
        }
        return errors
    }

    /// The global search finds a product by reference, name and barcode; the levels carry the alert threshold (derived state of the stock views).
    static func afterWrite(_ row: TableRow, _ previous: TableRow?, _ context: ServiceContext) async throws {
        try await SearchIndex.upsert(document(row), on: context.db)
        if let previous, previous["alert_threshold"] != row["alert_threshold"] {
            try await StockLedgerStore.copyThreshold(of: row.id, on: context.db)
        }
    }

    public static func document(_ row: TableRow) -> SearchDocument {
        let reference = row["reference"].textValue ?? ""
        let name = row["name"].textValue ?? ""
        return SearchDocument(
            recordID: row.id, kind: "products", title: "\(reference) — \(name)", subtitle: row["category"].textValue ?? "",
            body: [reference, row["ean13"].textValue ?? "", row["category"].textValue ?? ""].joined(separator: " "),
            archived: !(row["active"].boolValue ?? true))
    }
}
