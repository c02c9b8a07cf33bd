import ComptoirCore
import ComptoirDocuments
import Foundation

/// Invoices of every kind Sales issues, with amounts worked out by hand (VAT per rate on the sum of the lines).
enum InvoiceFixtures {
    static let clock = Date(timeIntervalSince1970: 1_796_000_000)  // 30/11/2026 UTC, the injected clock
    static func day(_ year: Int, _ month: Int, _ day: Int) -> CalendarDay { CalendarDay(year: year, month: month, day: day)! }
    static func euros(_ cents: Int64) -> Money { Money(minorUnits: cents) }

    static let seller = InvoiceParty(
        name: "Atelier Lœwy & Fils « Œuvres » SAS", siren: "123456782", siret: "12345678200017", vatNumber: "FR32123456782",
        legalInformation: "SAS au capital de 10 000 € — RCS Paris 123 456 782",
        address: .init(lines: ["12 rue de l'Église", "Bâtiment B"], postcode: "75011", city: "Paris"),
        electronicAddress: .init(scheme: "0225", value: "123456782"), email: "compta@atelier-loewy.fr")
    static let buyer = InvoiceParty(
        name: "Société Cœur d'Éléphant SARL", siren: "987654321", siret: "98765432100015", vatNumber: "FR12987654321",
        address: .init(lines: ["3 place de la Gare"], postcode: "69002", city: "Lyon"),
        electronicAddress: .init(scheme: "0225", value: "987654321"))
    static let notes = [
        InvoiceDocument.Note(subject: "PMT", "Indemnité forfaitaire pour frais de recouvrement en cas de retard de paiement : 40 €."),
        InvoiceDocument.Note(subject: "PMD", "Pénalités de retard : trois fois le taux d'intérêt légal."),
        InvoiceDocument.Note(subject: "AAB", "Pas d'escompte pour paiement anticipé."),
        InvoiceDocument.Note(subject: "BAR", "B2B"),
    ]
    static let mentions = [
        "Atelier Lœwy & Fils « Œuvres » SAS au capital de 10 000 € — RCS Paris 123 456 782 — SIRET 123 456 782 00017 — TVA FR32123456782",
        "12 rue de l'Église, 75011 Paris — compta@atelier-loewy.fr",
    ]

    static func line(_ id: Int, _ name: String, quantity: Int, unit cents: Int64, rate: Int, description: String? = nil)
        -> InvoiceDocument.Line
    {
        InvoiceDocument.Line(
            id: String(id), name: name, description: description, quantity: Quantity(units: quantity), netUnitPrice: euros(cents),
            netAmount: euros(cents * Int64(quantity)), vatRate: rate)
    }

    /// Two VAT rates, so that the totals block shows one line per rate. 20 %: 1 234,50 + 29,17 = 1 263,67 → VAT
    /// 252,73; 5,5 %: 4 × 25,00 = 100,00 → VAT 5,50; 1 363,67 HT, 258,23 VAT, 1 621,90 TTC.
    static func standard() -> InvoiceDocument {
        let lines = [
            line(
                1, "Restauration d'une œuvre « Le Cœur »", quantity: 1, unit: 123450, rate: 2000,
                description: "Nettoyage, consolidation et vernis"),
            line(2, "Cadre chêne massif", quantity: 1, unit: 2917, rate: 2000),
            line(3, "Livre « L'Œuvre de Zola »", quantity: 4, unit: 2500, rate: 550),
        ]
        return InvoiceDocument(
            number: "FA2026-00042", typeCode: .invoice, title: "Facture", issueDate: day(2026, 11, 30), dueDate: day(2026, 12, 30),
            deliveryDate: day(2026, 11, 28),
            seller: seller, buyer: buyer, buyerReference: "ACHAT-778", orderReference: "CO2026-0012", lines: lines,
            vatBreakdown: [
                .init(rate: 2000, taxableAmount: euros(126367), taxAmount: euros(25273)),
                .init(rate: 550, taxableAmount: euros(10000), taxAmount: euros(550)),
            ],
            totals: .init(
                lineTotal: euros(136367), taxBasis: euros(136367), taxTotal: euros(25823), grandTotal: euros(162190), prepaid: euros(0),
                duePayable: euros(162190)),
            notes: notes, paymentTerms: "30 jours date de facture", payment: .init(iban: "FR7630006000011234567890189", bic: "AGRIFRPP"),
            legalMentions: mentions)
    }

    /// A credit note cancelling part of FA2026-00042: 1 × 450,00 at 20 %.
    static func creditNote() -> InvoiceDocument {
        InvoiceDocument(
            number: "AV2026-00007", typeCode: .creditNote, title: "Avoir", issueDate: day(2026, 12, 2), deliveryDate: day(2026, 11, 28),
            seller: seller, buyer: buyer,
            lines: [line(1, "Restauration d'une œuvre « Le Cœur » (annulation partielle)", quantity: 1, unit: 45000, rate: 2000)],
            vatBreakdown: [.init(rate: 2000, taxableAmount: euros(45000), taxAmount: euros(9000))],
            totals: .init(
                lineTotal: euros(45000), taxBasis: euros(45000), taxTotal: euros(9000), grandTotal: euros(54000), prepaid: euros(0),
                duePayable: euros(54000)),
            precedingInvoices: [.init(number: "FA2026-00042", issueDate: day(2026, 11, 30))], notes: notes, legalMentions: mentions)
    }

    /// A deposit invoice: 30 % of order CO2026-0015 (1 000,00 HT at 20 %) → 300,00 HT, 60,00 VAT, 360,00 TTC.
    static func deposit() -> InvoiceDocument {
        InvoiceDocument(
            number: "FA2026-00043", typeCode: .deposit, title: "Facture d'acompte", issueDate: day(2026, 11, 30),
            dueDate: day(2026, 11, 30), deliveryDate: day(2026, 11, 30),
            seller: seller, buyer: buyer, orderReference: "CO2026-0015",
            lines: [line(1, "Acompte de 30 % sur la commande CO2026-0015", quantity: 1, unit: 30000, rate: 2000)],
            vatBreakdown: [.init(rate: 2000, taxableAmount: euros(30000), taxAmount: euros(6000))],
            totals: .init(
                lineTotal: euros(30000), taxBasis: euros(30000), taxTotal: euros(6000), grandTotal: euros(36000), prepaid: euros(0),
                duePayable: euros(36000)),
            notes: notes, paymentTerms: "À réception",
            remarks: ["Facturation partielle : acompte de 30 % de la commande CO2026-0015 (1 200,00 € TTC)."],
            legalMentions: mentions)
    }

    /// The balance of CO2026-0015 after the deposit FA2026-00043: the whole order (1 000,00 HT, 200,00 VAT,
    /// 1 200,00 TTC), 360,00 already paid, 840,00 to pay.
    static func balance() -> InvoiceDocument {
        InvoiceDocument(
            number: "FA2026-00051", typeCode: .invoice, title: "Facture de solde", issueDate: day(2026, 12, 15), dueDate: day(2027, 1, 14),
            deliveryDate: day(2026, 12, 12),
            businessProcess: "B4", seller: seller, buyer: buyer, orderReference: "CO2026-0015",
            lines: [
                line(1, "Bibliothèque en chêne sur mesure", quantity: 1, unit: 80000, rate: 2000),
                line(2, "Pose", quantity: 4, unit: 5000, rate: 2000),
            ],
            vatBreakdown: [.init(rate: 2000, taxableAmount: euros(100000), taxAmount: euros(20000))],
            totals: .init(
                lineTotal: euros(100000), taxBasis: euros(100000), taxTotal: euros(20000), grandTotal: euros(120000), prepaid: euros(36000),
                duePayable: euros(84000)),
            precedingInvoices: [.init(number: "FA2026-00043", issueDate: day(2026, 11, 30))], notes: notes,
            paymentTerms: "30 jours date de facture",
            payment: .init(iban: "FR7630006000011234567890189"),
            remarks: ["Facturation partielle : commande CO2026-0015 de 1 200,00 € TTC, acompte FA2026-00043 de 360,00 € déjà versé."],
            legalMentions: mentions)
    }

    /// `count` lines of 10,00 € at 20 %, long names wrapping: enough to run over several pages.
    static func long(lines count: Int) -> InvoiceDocument {
        let lines = (1...count).map {
            line(
                $0, "Article n° \($0) — prestation décrite longuement pour que la désignation s'étende sur plusieurs lignes du tableau",
                quantity: 1, unit: 1000, rate: 2000)
        }
        let net = Int64(count) * 1000
        var invoice = standard()
        invoice.number = "FA2026-00099"
        invoice.lines = lines
        invoice.vatBreakdown = [.init(rate: 2000, taxableAmount: euros(net), taxAmount: euros(net / 5))]
        invoice.totals = .init(
            lineTotal: euros(net), taxBasis: euros(net), taxTotal: euros(net / 5), grandTotal: euros(net * 6 / 5), prepaid: euros(0),
            duePayable: euros(net * 6 / 5))
        return invoice
    }
}
