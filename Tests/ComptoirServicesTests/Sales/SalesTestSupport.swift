import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import Testing

/// What the sales tests start from: the organisation's complete coordinates, the terms of « Paramètres ERP », a business
/// customer with its SIREN and address, a private customer, a product.
struct SalesFixture {
    let test: ServiceTestDatabase
    let context: ServiceContext
    var customer: UUID
    var person: UUID
    var product: UUID

    static func make(_ test: ServiceTestDatabase, context: ServiceContext? = nil) async throws -> SalesFixture {
        let context = context ?? test.system()
        let profile = try await OrganizationProfile.current(on: test.db)
        profile.legalName = "Atelier Dupont"
        profile.legalForm = "SARL"
        profile.shareCapital = 1_000_000
        profile.addressLine1 = "12 rue de la Paix"
        profile.postcode = "75002"
        profile.city = "Paris"
        profile.siren = "732829320"
        profile.vatNumber = "FR44732829320"
        try await profile.update(on: test.db)
        try await Settings.set(SalesDocumentService.paymentTermsSetting, "30 jours fin de mois", on: test.db)
        try await Settings.set(SalesDocumentService.latePenaltyRateSetting, "3 fois le taux d'intérêt légal", on: test.db)
        try await Settings.set(SalesDocumentService.earlyPaymentDiscountSetting, "Néant", on: test.db)
        let customer = try await EntityService(CompaniesEntity.definition, context).create(
            EntityInput(
                values: [
                    "name": "Garage Martin", "siren": "552100554", "billingLine1": "3 avenue Foch", "billingPostcode": "69006",
                    "billingCity": "Lyon",
                ], isPartial: false, omittedMeansDefault: true)
        ).id
        let person = try await EntityService(ContactsEntity.definition, context).create(
            EntityInput(
                values: [
                    "lastName": "Durand", "firstName": "Léa", "addressLine1": "8 rue Neuve", "addressPostcode": "33000",
                    "addressCity": "Bordeaux",
                ],
                isPartial: false, omittedMeansDefault: true)
        ).id
        let product = try await EntityService(ProductsEntity.definition, context).create(
            EntityInput(
                values: ["reference": "POSE", "name": "Pose de carrelage", "salePrice": "45,50", "vatRate": "10", "unit": "h"],
                isPartial: false,
                omittedMeansDefault: true)
        ).id
        return SalesFixture(test: test, context: context, customer: customer, person: person, product: product)
    }

    var documents: SalesDocumentService { SalesDocumentService(context) }
    var payments: SalesPaymentService { SalesPaymentService(context) }

    /// The usual lines: 3 h of the product at 45,50 € (10 %): 136,50 €; 1,5 × 0,33 € at 20 % = 0,495 → 0,50 €;
    /// 2,5 × 19,99 € −12,5 % at 5,5 % = 43,728125 → 43,73 €. VAT 13,65 + 0,10 + 2,41 (2,40515) = 16,16 €; 196,89 € incl.
    static let lines: [SalesDocumentInput.Line] = [
        .init(product: "POSE", quantity: "3"), .init(description: "Joints", quantity: "1,5", unitPrice: "0,33", vatRate: "20"),
        .init(description: "Colle", quantity: "2,5", unitPrice: "19,99", discount: "12,5", vatRate: "5,5"),
    ]

    func input(_ kind: String, date: String = "18/11/2026", lines: [SalesDocumentInput.Line] = SalesFixture.lines, company: UUID? = nil)
        -> SalesDocumentInput
    {
        SalesDocumentInput(
            kind: kind, company: (company ?? customer).uuidString, issueDate: date, dueDate: "18/12/2026", nature: "both", lines: lines)
    }

    /// A validated invoice; returns its id.
    func invoice(date: String = "18/11/2026", lines: [SalesDocumentInput.Line] = SalesFixture.lines) async throws -> UUID {
        let id = try await documents.createDraft(input("invoice", date: date, lines: lines))
        try await documents.validate(id)
        return id
    }
}
