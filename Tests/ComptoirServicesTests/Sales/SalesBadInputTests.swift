import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import SQLKit
import Testing

/// The issue's bad inputs: each refused with a clear message naming the field, and nothing changed.
@Suite struct SalesBadInputTests {
    @Test func aValidatedDocumentIsNeitherEditedNorDeleted() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let fixture = try await SalesFixture.make(test)
            let id = try await fixture.invoice()
            let before = try #require(try await SalesDocumentStore.find(id, on: test.db))
            // act, validate
            do {
                try await fixture.documents.updateDraft(id, fixture.input("invoice"))
                Issue.record("edited")
            } catch let error as AppError {
                #expect(error.code == "document_validated")
                #expect(error.message.fr.contains("FA2026-00001 est validé"))
                #expect(error.message.fr.contains("avoir"))
            }
            #expect(await refusalCode { try await fixture.documents.deleteDraft(id) } == "document_validated")
            #expect(await refusalCode { _ = try await fixture.documents.validate(id) } == "already_validated")
            #expect(try await SalesDocumentStore.find(id, on: test.db) == before)
            #expect(try await test.count("sales_document_lines", where: "document_id IS NOT NULL") == 3)
        }
    }

    @Test func aDraftIsEditedAndDeleted() async throws {
        try await ServiceTestDatabase.run { test in
            let fixture = try await SalesFixture.make(test)
            let id = try await fixture.documents.createDraft(fixture.input("quote"))
            try await fixture.documents.updateDraft(
                id, fixture.input("quote", lines: [.init(description: "Étude", quantity: "1", unitPrice: "100", vatRate: "20")]))
            let edited = try #require(try await fixture.documents.find(id))
            #expect(edited.totals.gross == 12_000)
            #expect(edited.lines.count == 1)
            try await fixture.documents.deleteDraft(id)
            #expect(try await fixture.documents.find(id) == nil)
            #expect(try await test.count("sales_document_lines") == 0)
        }
    }

    @Test func aMissingMentionIsNamedAndNothingIsNumbered() async throws {
        try await ServiceTestDatabase.run { test in
            // setup: the organisation has no VAT number, the invoice no nature nor due date
            let fixture = try await SalesFixture.make(test)
            let profile = try await OrganizationProfile.current(on: test.db)
            profile.vatNumber = nil
            try await profile.update(on: test.db)
            var input = fixture.input("invoice")
            input.nature = ""
            input.dueDate = ""
            let id = try await fixture.documents.createDraft(input)
            // act
            let errors = await validationErrors { _ = try await fixture.documents.validate(id) }
            // validate
            let message = try #require(errors["mentions"]?.first)
            #expect(message.contains("numéro de TVA intracommunautaire du vendeur"))
            #expect(message.contains("nature de l'opération"))
            #expect(message.contains("date d'échéance"))
            #expect(errors["mentions.dueDate"] != nil)
            #expect(try await fixture.documents.find(id)?.isDraft == true)
            #expect(try await DocumentNumbers.last(series: "sales:invoice", year: 2026, on: test.db) == 0)
            #expect(try await test.count("sales_chain") == 0)
        }
    }

    @Test func aBusinessCustomerWithoutSIRENIsRefusedAPrivateOneIsNot() async throws {
        try await ServiceTestDatabase.run { test in
            let fixture = try await SalesFixture.make(test)
            let company = try await EntityService(CompaniesEntity.definition, fixture.context).create(
                EntityInput(
                    values: ["name": "Sans Siren", "billingLine1": "1 rue A", "billingPostcode": "75001", "billingCity": "Paris"],
                    isPartial: false,
                    omittedMeansDefault: true)
            ).id
            let id = try await fixture.documents.createDraft(fixture.input("invoice", company: company))
            let errors = await validationErrors { _ = try await fixture.documents.validate(id) }
            #expect(errors["mentions"]?.first?.contains("SIREN du client professionnel") == true)
            var input = fixture.input("invoice")
            input.company = ""
            input.contact = fixture.person.uuidString
            let privateInvoice = try await fixture.documents.createDraft(input)
            #expect(try await fixture.documents.validate(privateInvoice) == "FA2026-00001")
            #expect(try await fixture.documents.find(privateInvoice)?.billingAddress == "8 rue Neuve\n33000 Bordeaux")
        }
    }

    @Test func anInvoiceDatedBeforeTheLastValidatedOneIsRefused() async throws {
        try await ServiceTestDatabase.run { test in
            let fixture = try await SalesFixture.make(test)
            _ = try await fixture.invoice(date: "18/11/2026")
            let id = try await fixture.documents.createDraft(fixture.input("invoice", date: "17/11/2026"))
            let errors = await validationErrors { _ = try await fixture.documents.validate(id) }
            #expect(errors["issueDate"]?.first?.contains("18/11/2026") == true)
            #expect(try await fixture.documents.find(id)?.isDraft == true)
            #expect(try await DocumentNumbers.last(series: "sales:invoice", year: 2026, on: test.db) == 1)
            // the same day is allowed
            _ = try await fixture.invoice(date: "18/11/2026")
        }
    }

    @Test func negativeQuantitiesAndRatesNotAllowedAreRefusedOnTheLine() async throws {
        try await ServiceTestDatabase.run { test in
            let fixture = try await SalesFixture.make(test)
            let errors = await validationErrors {
                _ = try await fixture.documents.createDraft(
                    fixture.input(
                        "invoice",
                        lines: [
                            .init(description: "Retour", quantity: "-1", unitPrice: "10", vatRate: "20"),
                            .init(description: "Vieux taux", quantity: "1", unitPrice: "10", vatRate: "19,6"),
                            .init(description: "Remise", quantity: "1", unitPrice: "10", discount: "120", vatRate: "20"),
                            .init(description: "", quantity: "1", unitPrice: "abc", vatRate: ""),
                            .init(product: "INCONNU", quantity: "1"),
                            .init(description: "Énorme", quantity: "999999999", unitPrice: "999999999", vatRate: "20"),
                        ]))
            }
            #expect(errors["lines[0].quantity"]?.first?.contains("avoir") == true)
            #expect(errors["lines[1].vatRate"]?.first?.contains("non autorisé") == true)
            #expect(errors["lines[2].discount"] != nil)
            #expect(errors["lines[3].description"] != nil)
            #expect(errors["lines[3].unitPrice"] != nil)
            #expect(errors["lines[3].vatRate"] != nil)
            #expect(errors["lines[4].product"] != nil)
            #expect(errors["lines[5].quantity"]?.first?.contains("100 milliards") == true)
            #expect(try await test.count("sales_documents") == 0)
            let noParty = await validationErrors {
                _ = try await fixture.documents.createDraft(SalesDocumentInput(kind: "invoice", issueDate: "32/13/2026", lines: []))
            }
            #expect(noParty["company"] != nil)
            #expect(noParty["issueDate"] != nil)
            let empty = try await fixture.documents.createDraft(fixture.input("invoice", lines: []))
            #expect(await validationErrors { _ = try await fixture.documents.validate(empty) }["lines"] != nil)
        }
    }

    @Test func paymentsBeyondWhatIsDueOrToDraftsAreRefused() async throws {
        try await ServiceTestDatabase.run { test in
            let fixture = try await SalesFixture.make(test)
            let invoice = try await fixture.invoice()
            let draft = try await fixture.documents.createDraft(fixture.input("invoice"))
            let errors = await validationErrors {
                _ = try await fixture.payments.record(
                    SalesPaymentInput(
                        wording: "", amount: "-5", method: "bitcoin",
                        allocations: [.init(document: invoice.uuidString, amount: "500"), .init(document: draft.uuidString)]))
            }
            #expect(errors["wording"] != nil)
            #expect(errors["amount"] != nil)
            #expect(errors["method"] != nil)
            #expect(errors["allocations[0].amount"]?.first?.contains("reste dû") == true)
            #expect(errors["allocations[1].document"] != nil)
            #expect(try await test.count("sales_payments") == 0)
            #expect(try await test.count("sales_payment_allocations") == 0)
        }
    }

    @Test func aCompanyNamedByAnInvoiceCannotBeDeleted() async throws {
        try await ServiceTestDatabase.run { test in
            let fixture = try await SalesFixture.make(test)
            _ = try await fixture.invoice()
            let code = await refusalCode { try await EntityService(CompaniesEntity.definition, fixture.context).delete(fixture.customer) }
            #expect(code != nil)
            #expect(try await test.count("companies", where: "name = 'Garage Martin'") == 1)
        }
    }

    @Test func readOnlyUsersAndGuestsCannotWrite() async throws {
        try await ServiceTestDatabase.run { test in
            let fixture = try await SalesFixture.make(test)
            let reader = try await test.user("lecture@example.fr", readOnly: true)
            let guest = try await test.user("invite@example.fr", role: .guest)
            #expect(await refusalCode { _ = try await SalesDocumentService(reader).createDraft(fixture.input("quote")) } == "read_only")
            #expect(
                await refusalCode { _ = try await SalesDocumentService(guest).list(SalesDocumentFilter(kinds: ["invoice"])) } == "not_found"
            )
            #expect(try await SalesDocumentService(reader).list(SalesDocumentFilter(kinds: ["invoice"])).isEmpty)
        }
    }
}
