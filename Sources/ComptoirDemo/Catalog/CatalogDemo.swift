import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation

/// The catalogue demo: about 50 products of an IT and office supplier (laptops and printers tracked by serial number),
/// two warehouses, receptions validated with their serials, a transfer, deliveries made from delivery notes (one still
/// to ship), a return, and products below their threshold or out of stock so every stock view shows something.
/// Everything goes through the services the pages call, as one of the demo's users.
enum CatalogDemo {
    /// Reference, name, category, unit, sale and purchase price (cents), serial-tracked, threshold, desired.
    typealias Item = (String, String, String, String, Int64, Int64, Bool, Int?, Int?)

    static let items: [Item] = [
        ("PC-PRO14", "Ordinateur portable Pro 14\"", "Informatique", "unit", 129_000, 89_000, true, 3, 10),
        ("PC-AIR13", "Ordinateur portable Air 13\"", "Informatique", "unit", 99_000, 69_000, true, 2, 8),
        ("PC-FIXE-I5", "Ordinateur de bureau i5", "Informatique", "unit", 79_000, 52_000, true, 2, 6),
        ("ECR-24", "Écran 24\" Full HD", "Informatique", "unit", 17_900, 10_500, false, 5, 20),
        ("ECR-27-4K", "Écran 27\" 4K", "Informatique", "unit", 39_900, 26_000, false, 3, 10),
        ("IMP-LASER-N", "Imprimante laser noir et blanc", "Impression", "unit", 24_900, 15_500, true, 2, 6),
        ("IMP-LASER-C", "Imprimante laser couleur", "Impression", "unit", 44_900, 29_000, true, 1, 4),
        ("IMP-MULTI", "Multifonction jet d'encre", "Impression", "unit", 18_900, 11_000, true, 2, 5),
        ("TON-N-2K", "Toner noir 2 000 pages", "Consommables", "unit", 6_900, 3_200, false, 10, 40),
        ("TON-C-CYAN", "Toner cyan", "Consommables", "unit", 8_900, 4_100, false, 4, 15),
        ("TON-C-MAG", "Toner magenta", "Consommables", "unit", 8_900, 4_100, false, 4, 15),
        ("TON-C-JAU", "Toner jaune", "Consommables", "unit", 8_900, 4_100, false, 4, 15),
        ("PAP-A4-80", "Ramette papier A4 80 g", "Consommables", "box", 2_900, 1_650, false, 20, 100),
        ("PAP-A3-80", "Ramette papier A3 80 g", "Consommables", "box", 5_900, 3_400, false, 5, 20),
        ("CAB-HDMI-2", "Câble HDMI 2 m", "Connectique", "unit", 1_490, 380, false, 15, 60),
        ("CAB-USBC-1", "Câble USB-C 1 m", "Connectique", "unit", 1_290, 310, false, 15, 60),
        ("CAB-RJ45-5", "Câble réseau RJ45 5 m", "Connectique", "unit", 990, 220, false, 20, 80),
        ("CAB-RJ45-BOB", "Câble réseau RJ45 en bobine", "Connectique", "m", 120, 35, false, 50, 305),
        ("HUB-USBC", "Station d'accueil USB-C", "Connectique", "unit", 14_900, 8_200, false, 3, 12),
        ("SOU-SANSFIL", "Souris sans fil", "Périphériques", "unit", 2_990, 1_150, false, 10, 40),
        ("CLA-AZERTY", "Clavier AZERTY", "Périphériques", "unit", 3_490, 1_450, false, 8, 30),
        ("CAS-AUDIO", "Casque audio avec micro", "Périphériques", "unit", 5_990, 2_700, false, 5, 20),
        ("WEBCAM-HD", "Webcam HD", "Périphériques", "unit", 6_990, 3_100, false, 4, 15),
        ("ROUT-WIFI6", "Routeur Wi-Fi 6", "Réseau", "unit", 18_900, 11_200, true, 2, 6),
        ("SWITCH-24", "Commutateur 24 ports", "Réseau", "unit", 32_900, 21_000, true, 1, 3),
        ("NAS-4B", "Serveur de stockage NAS 4 baies", "Réseau", "unit", 59_900, 41_000, true, 1, 3),
        ("DD-EXT-2T", "Disque dur externe 2 To", "Stockage", "unit", 8_990, 5_100, false, 5, 20),
        ("SSD-1T", "SSD 1 To", "Stockage", "unit", 10_990, 6_400, false, 5, 20),
        ("CLE-USB-64", "Clé USB 64 Go", "Stockage", "unit", 1_490, 520, false, 20, 80),
        ("ONDUL-1500", "Onduleur 1 500 VA", "Énergie", "unit", 22_900, 14_500, true, 1, 4),
        ("MULTIPRISE", "Multiprise parafoudre 6 prises", "Énergie", "unit", 2_490, 980, false, 10, 30),
        ("TEL-IP", "Téléphone IP de bureau", "Téléphonie", "unit", 12_900, 7_800, true, 2, 8),
        ("SMART-A54", "Smartphone professionnel", "Téléphonie", "unit", 44_900, 33_000, true, 2, 6),
        ("COQUE-A54", "Coque de protection smartphone", "Téléphonie", "unit", 1_990, 450, false, 5, 20),
        ("LIC-OFFICE", "Licence bureautique (1 an)", "Logiciels", "unit", 12_900, 9_900, false, nil, nil),
        ("LIC-ANTIVIR", "Licence antivirus (1 an)", "Logiciels", "unit", 4_900, 2_900, false, nil, nil),
        ("CHAISE-ERGO", "Fauteuil de bureau ergonomique", "Mobilier", "unit", 34_900, 19_500, false, 2, 8),
        ("BUREAU-160", "Bureau 160 × 80 cm", "Mobilier", "unit", 42_900, 24_000, false, 1, 5),
        ("CAISSON-3T", "Caisson 3 tiroirs", "Mobilier", "unit", 15_900, 8_900, false, 2, 8),
        ("LAMPE-LED", "Lampe de bureau LED", "Mobilier", "unit", 4_990, 2_100, false, 5, 15),
        ("STYLO-BLEU", "Stylos bille bleus (boîte de 50)", "Fournitures", "box", 1_290, 480, false, 10, 40),
        ("CLASSEUR-A4", "Classeurs A4 dos 8 cm (lot de 10)", "Fournitures", "box", 2_490, 1_100, false, 5, 25),
        ("POST-IT", "Notes repositionnables (lot de 12)", "Fournitures", "box", 1_590, 620, false, 10, 40),
        ("AGRAF-24", "Agrafes 24/6 (boîte de 1 000)", "Fournitures", "box", 290, 90, false, 20, 60),
        ("CAFE-GRAIN", "Café en grains", "Fournitures", "kg", 2_490, 1_450, false, 5, 20),
        ("NETT-ECRAN", "Lingettes nettoyantes écran", "Fournitures", "box", 690, 240, false, 10, 30),
        ("SAC-PC-15", "Sacoche pour ordinateur 15\"", "Accessoires", "unit", 4_490, 1_800, false, 5, 20),
        ("ADAPT-HDMI", "Adaptateur USB-C vers HDMI", "Accessoires", "unit", 2_490, 820, false, 10, 30),
        ("SUPPORT-ECR", "Bras support écran", "Accessoires", "unit", 8_990, 4_300, false, 3, 10),
        ("INSTALL-H", "Installation sur site", "Services", "h", 8_500, 0, false, nil, nil),
    ]

    @Sendable static func load(_ context: ServiceContext) async throws -> [String] {
        guard try await EntityService(ProductsEntity.definition, context).count(.init()) == 0 else { return [] }
        guard let user = try await DemoData.staff(context).first(where: { !$0.readOnly }) else { return [] }
        let writer = try context.writing(as: user, .catalog)
        return try await writer.transaction { context in try await create(context) }
    }

    private static func create(_ context: ServiceContext) async throws -> [String] {
        let today = CalendarDay(context.now)
        let warehouses = EntityService(WarehousesEntity.definition, context)
        let lyon = try await warehouses.create(
            EntityInput(
                values: ["name": "Lyon — Gerland", "code": "LYO", "address": "45 rue de Gerland\n69007 Lyon", "isDefault": "true"],
                isPartial: false, omittedMeansDefault: true)
        ).id
        let villeurbanne = try await warehouses.create(
            EntityInput(
                values: ["name": "Villeurbanne — Dépôt", "code": "VIL", "address": "8 avenue Roger-Salengro\n69100 Villeurbanne"],
                isPartial: false, omittedMeansDefault: true)
        ).id
        let companies = try await EntityService(CompaniesEntity.definition, context).list(.init(sort: "name", limit: 12)).rows.map(\.id)
        let supplier = companies.first

        let products = EntityService(ProductsEntity.definition, context)
        for (index, item) in items.enumerated() {
            let (reference, name, category, unit, sale, purchase, serials, threshold, desired) = item
            let managed = category != "Logiciels" && category != "Services"
            var values = [
                "reference": reference, "name": name, "category": category, "unit": unit,
                "salePrice": Money(minorUnits: sale).decimalString,
                "purchasePrice": purchase > 0 ? Money(minorUnits: purchase).decimalString : "",
                "vatRate": category == "Fournitures" && reference == "CAFE-GRAIN" ? "5.5" : "20",
                "stockManaged": managed ? "true" : "false",
                "serialTracked": serials ? "true" : "false", "alertThreshold": threshold.map(String.init) ?? "",
                "desiredStock": desired.map(String.init) ?? "", "ean13": EAN13.complete("376000\(String(format: "%06d", 100 + index))"),
            ]
            if let supplier, index % 3 == 0 { values["supplierId"] = supplier.uuidString.lowercased() }
            _ = try await products.create(EntityInput(values: values, isPartial: false, omittedMeansDefault: true))
        }

        // Receptions: most products well stocked, a few short, two never received (out of stock).
        let movements = StockMovementService(context)
        var lines: [StockMovementInput.Line] = []
        var serialCount = 0
        for (index, item) in items.enumerated() where item.2 != "Logiciels" && item.2 != "Services" {
            let (reference, _, _, _, _, purchase, serials, threshold, desired) = item
            if reference == "WEBCAM-HD" || reference == "TON-C-JAU" { continue }  // hors stock
            var quantity = desired ?? 10
            if [4, 9, 19, 26].contains(index) { quantity = max((threshold ?? 2) - 1, 1) }  // bientôt hors stock
            if serials { quantity = min(quantity, 6) }
            let serialList = serials ? StockMovement.serialRange(prefix: "\(reference)-26-", start: 1, count: quantity, width: 4) : []
            serialCount += serialList.count
            lines.append(
                .init(
                    product: reference, quantity: String(quantity), unitCost: Money(minorUnits: purchase).decimalString,
                    serials: serialList.joined(separator: "\n")))
        }
        let reception = try await movements.createDraft(
            StockMovementInput(
                kind: "incoming", label: "Réception fournisseur — commande de rentrée", date: today.adding(days: -30).isoString,
                warehouse: lyon.uuidString, company: supplier?.uuidString ?? "", lines: lines))
        try await movements.validate(reception)
        // A second reception at another cost (the weighted average moves).
        let restock = try await movements.createDraft(
            StockMovementInput(
                kind: "incoming", label: "Réassort écrans", date: today.adding(days: -12).isoString, warehouse: lyon.uuidString,
                lines: [
                    .init(product: "ECR-24", quantity: "10", unitCost: "98,00"),
                    .init(product: "PAP-A4-80", quantity: "40", unitCost: "15,90"),
                ]))
        try await movements.validate(restock)
        // The second warehouse is organised in locations (« Emplacements »); the first is not.
        let locations = WarehouseLocationService(context)
        for (code, name) in [("A-01", "Allée A — étagère 1"), ("A-02", "Allée A — étagère 2"), ("B-01", "Zone de réception")] {
            _ = try await locations.create(warehouse: villeurbanne, .init(code: code, name: name))
        }
        // Stock moved to the second warehouse, put away at its locations.
        let transfer = try await movements.createDraft(
            StockMovementInput(
                kind: "transfer", label: "Dotation du dépôt de Villeurbanne", date: today.adding(days: -10).isoString,
                warehouse: lyon.uuidString,
                targetWarehouse: villeurbanne.uuidString,
                lines: [
                    .init(product: "PAP-A4-80", quantity: "30", targetLocation: "A-01"),
                    .init(product: "CAB-HDMI-2", quantity: "20", targetLocation: "A-02"),
                    .init(product: "PC-PRO14", quantity: "2", serials: "PC-PRO14-26-0005\nPC-PRO14-26-0006", targetLocation: "B-01"),
                ]))
        try await movements.validate(transfer)
        // A laptop dropped in the depot: « Mise au rebut » of its serial number.
        if let broken = try await StockStateService(context).searchSerials("PC-PRO14-26-0006").first {
            let scrap = try await movements.draftScrap(serial: broken.serial.id)
            try await movements.validate(scrap)
        }

        // Deliveries from delivery notes, one still to ship, one returned.
        let notes = DeliveryNoteService(context)
        var delivered = 0
        let orders: [[DeliveryNoteInput.Line]] = [
            [
                .init(product: "PC-PRO14", quantity: "2", serials: "PC-PRO14-26-0001\nPC-PRO14-26-0002"),
                .init(product: "SAC-PC-15", quantity: "2"), .init(product: "SOU-SANSFIL", quantity: "2"),
            ],
            [.init(product: "IMP-LASER-C", quantity: "1", serials: "IMP-LASER-C-26-0001"), .init(product: "TON-C-CYAN", quantity: "2")],
            [
                .init(product: "ECR-27-4K", quantity: "2"), .init(product: "HUB-USBC", quantity: "2"),
                .init(product: "CAB-USBC-1", quantity: "4"),
            ],
            [.init(product: "ROUT-WIFI6", quantity: "1", serials: "ROUT-WIFI6-26-0001"), .init(product: "CAB-RJ45-5", quantity: "6")],
        ]
        var lastNote: UUID?
        for (index, order) in orders.enumerated() where index < companies.count {
            let note = try await notes.create(
                DeliveryNoteInput(
                    company: companies[(index + 1) % companies.count].uuidString, warehouse: lyon.uuidString,
                    date: today.adding(days: -8 + index * 2).isoString, lines: order))
            lastNote = note
            let movement = try await notes.transform(note)
            if index < 3 {
                try await movements.validate(movement)
                delivered += 1
            }
        }
        // A return of the first delivery's printer line is recorded on the second note.
        if companies.count > 2 {
            let first = try await notes.list(state: "delivered", limit: 10).first { $0.lineCount == 2 }
            if let note = first?.record.id {
                let back = try await notes.createReturn(note)
                try await movements.updateDraft(
                    back,
                    StockMovementInput(
                        kind: "incoming", label: "Retour client — toner non compatible", date: today.isoString, warehouse: lyon.uuidString,
                        lines: [.init(product: "TON-C-CYAN", quantity: "1")]))
                try await movements.validate(back)
            }
        }
        // A draft inventory waiting to be validated.
        _ = try await movements.createDraft(
            StockMovementInput(
                kind: "inventory", label: "Inventaire tournant — consommables", warehouse: lyon.uuidString,
                lines: [.init(product: "PAP-A3-80", quantity: "18"), .init(product: "AGRAF-24", quantity: "55")]))
        _ = lastNote
        return [
            "  Catalogue : \(items.count) produits, 2 entrepôts, \(serialCount) numéros de série, \(delivered) livraisons (un bon de livraison à expédier)."
        ]
    }
}
