import ComptoirCore
import ComptoirDocuments
import Foundation

/// Quotes, orders, delivery notes and stock movements with the invoices' parties and amounts worked out by hand.
enum DocumentFixtures {
    typealias F = InvoiceFixtures
    static let site = InvoiceParty.Address(lines: ["Chantier « Les Œillets »", "7 allée des Tilleuls"], postcode: "69300", city: "Caluire")

    static func line(_ name: String, quantity: Int, unit: String, price cents: Int64, discount: Int64 = 0, rate: Int)
        -> CommercialDocument.Line
    {
        let gross = cents * Int64(quantity)
        return CommercialDocument.Line(
            name: name, quantity: Quantity(units: quantity), unit: unit, unitPrice: F.euros(cents),
            discount: Discount(basisPoints: discount)!, vatRate: rate, netAmount: F.euros(gross - gross * discount / 10_000))
    }

    /// 20 %: 1 234,50 + 3 × 45,00 less 10 % (121,50) = 1 356,00 → VAT 271,20; 5,5 %: 4 × 25,00 = 100,00 → VAT 5,50;
    /// 1 456,00 HT, 276,70 VAT, 1 732,70 TTC.
    static func quote() -> CommercialDocument {
        CommercialDocument(
            kind: .quote, number: "DE2026-00012", issueDate: F.day(2026, 11, 2), validUntil: F.day(2026, 12, 2),
            deliveryDate: F.day(2026, 12, 20), organisation: F.seller, partner: F.buyer, deliveryAddress: site,
            partnerReference: "ACHAT-778",
            lines: [
                line("Restauration d'une œuvre « Le Cœur »", quantity: 1, unit: "forfait", price: 123450, rate: 2000),
                line("Main-d'œuvre sur site", quantity: 3, unit: "h", price: 4500, discount: 1000, rate: 2000),
                line("Livre « L'Œuvre de Zola »", quantity: 4, unit: "pce", price: 2500, rate: 550),
            ],
            vatBreakdown: [
                .init(rate: 2000, taxableAmount: F.euros(135600), taxAmount: F.euros(27120)),
                .init(rate: 550, taxableAmount: F.euros(10000), taxAmount: F.euros(550)),
            ],
            totals: .init(taxBasis: F.euros(145600), taxTotal: F.euros(27670), grandTotal: F.euros(173270)),
            paymentTerms: "30 % à la commande, le solde à 30 jours", notes: ["Devis gratuit. Prix fermes pendant sa validité."],
            legalMentions: F.mentions)
    }

    /// The order that followed the quote.
    static func order() -> CommercialDocument {
        var order = quote()
        order.kind = .order
        order.title = CommercialDocument.Kind.order.title
        order.number = "CO2026-00015"
        order.issueDate = F.day(2026, 11, 5)
        order.validUntil = nil
        order.quote = .init(number: "DE2026-00012", issueDate: F.day(2026, 11, 2))
        return order
    }

    /// `count` lines of 10,00 € at 20 %, long names wrapping.
    static func longQuote(lines count: Int) -> CommercialDocument {
        var quote = quote()
        quote.lines = (1...count).map {
            line(
                "Article n° \($0) — fourniture décrite longuement pour que la désignation passe à la ligne", quantity: 1, unit: "pce",
                price: 1000, rate: 2000)
        }
        let net = Int64(count) * 1000
        quote.vatBreakdown = [.init(rate: 2000, taxableAmount: F.euros(net), taxAmount: F.euros(net / 5))]
        quote.totals = .init(taxBasis: F.euros(net), taxTotal: F.euros(net / 5), grandTotal: F.euros(net * 6 / 5))
        return quote
    }

    static func deliveryNote(lines count: Int = 0) -> DeliveryNoteDocument {
        var lines = [
            DeliveryNoteDocument.Line(
                reference: "ÉCR-27", name: "Écran 27\u{00A0}pouces « Cœur »", quantityOrdered: Quantity(units: 30),
                quantityDelivered: Quantity(units: 24), unit: "pce", serials: (1...24).map { String(format: "SN-ÉCR-2026-%05d", $0) }),
            DeliveryNoteDocument.Line(
                reference: "CAB-HDMI", name: "Câble HDMI 2 m", description: "Gaine tressée", quantityOrdered: Quantity(units: 30),
                quantityDelivered: Quantity(units: 30), unit: "pce"),
            DeliveryNoteDocument.Line(
                reference: "VIS-M4", name: "Vis M4 inox", quantityOrdered: Quantity(milli: 2500), quantityDelivered: Quantity(milli: 1250),
                unit: "kg"),
        ]
        if count > 0 {
            lines = (1...count).map {
                DeliveryNoteDocument.Line(
                    reference: "ART-\($0)", name: "Article n° \($0) — œillet", quantityOrdered: Quantity(units: 2),
                    quantityDelivered: Quantity(units: 2), unit: "pce", serials: ["SN-\($0)-A", "SN-\($0)-B"])
            }
        }
        return DeliveryNoteDocument(
            number: "BL2026-00031", date: F.day(2026, 12, 4), orderReference: "CO2026-00015", customerReference: "ACHAT-778",
            organisation: F.seller, customer: F.buyer, deliveryAddress: site, carrier: "Transports Lœb — suivi 8R123456789",
            lines: lines, notes: ["Livraison partielle : le reliquat suivra."], legalMentions: F.mentions)
    }

    static func stockMovement() -> StockMovementDocument {
        StockMovementDocument(
            kind: .transfer, number: "MS2026-00107", date: F.day(2026, 12, 5), reason: "Réassort du magasin de Lyon",
            from: "Entrepôt Paris — A-01", to: "Magasin Lyon — Réserve", sourceReference: "CO2026-00015", organisation: F.seller,
            lines: [
                .init(
                    reference: "ÉCR-27", name: "Écran 27\u{00A0}pouces « Cœur »", quantity: Quantity(units: 3), unit: "pce",
                    serials: ["SN-ÉCR-2026-00025", "SN-ÉCR-2026-00026", "SN-ÉCR-2026-00027"], location: "A-01-03 → R-02"),
                .init(reference: "VIS-M4", name: "Vis M4 inox", quantity: Quantity(milli: 1500), unit: "kg"),
            ],
            validatedBy: "Zoé Lefèvre", validatedAt: "05/12/2026 14:32", legalMentions: F.mentions)
    }

    /// The balance of CO2026-0015 with its deposit listed with its amount, two payments received, and what remains.
    static func balanceWithPayments() -> InvoiceDocument {
        var invoice = F.balance()
        invoice.precedingInvoices = [.init(number: "FA2026-00043", issueDate: F.day(2026, 11, 30), amount: F.euros(36000))]
        invoice.paymentsReceived = [
            .init(date: F.day(2026, 12, 16), label: "Virement « Cœur d'Éléphant »", amount: F.euros(50000)),
            .init(date: F.day(2026, 12, 20), label: "Chèque n° 1234567", amount: F.euros(12345)),
        ]
        invoice.remainingToPay = F.euros(21655)
        invoice.remainingToInvoice = F.euros(0)
        invoice.deliveryAddress = site
        return invoice
    }

    /// The deposit invoice, with what remains to invoice on its order (1 200,00 − 360,00 = 840,00 TTC).
    static func depositWithRemaining() -> InvoiceDocument {
        var invoice = F.deposit()
        invoice.remainingToInvoice = F.euros(84000)
        return invoice
    }
}
